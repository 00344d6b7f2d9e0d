"""The tie rules: from what the records say (who wrote to whom, who met whom, when) to a Graph with tie strengths.

Every records reader (mail, calendar, Slack, tables, bibliography) fills one :class:`Records`: *contacts*
(directed: ``who`` wrote to ``whom`` at ``when`` with a base ``weight``) and *groups* (people together in one
meeting, paper, channel, co-recipient list). :func:`build_graph` applies the rules, in this order:

1. **Aliases**: several addresses or names of one person become one node (``--aliases``).
2. **Window**: contacts and groups dated outside ``--since``/``--until`` are left out (undated ones are kept, and
   counted).
3. **Decay**: a contact ``age`` seconds older than the newest record weighs ``weight * 0.5 ** (age / half_life)``
   (``--half-life``); the newest record, not today, is the reference, so the same records give the same graph
   whenever they are read.
4. **Groups** too large to mean acquaintance (more than ``--max-group`` people) are left out; each pair of the rest
   gets Newman's collaboration weight ``weight / (size - 1)`` [1]_.
5. **Reciprocity**: a pair is kept only when contact went both ways — one-way mail is not a relationship [2]_ —
   unless ``one_way``; a pair linked by a group counts as both ways.
6. Strength of a pair = the sum of its contacts' and groups' weights, both directions together (an undirected
   graph); a directed graph (``directed=True``) keeps each direction's own sum, groups counting both ways.

References
----------
.. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted networks, and centrality",
   Phys. Rev. E 64, 016132 (2001). https://doi.org/10.1103/PhysRevE.64.016132
.. [2] D. Smilkov, D. Jagdish, C. Hidalgo, "Immersion: a people-centric view of your email life", MIT Media Lab
   (2013); the relationship-intelligence tools that count a contact only after a reply follow the same rule.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import InputError
from inroads.graph import Graph

__all__ = ["Records", "RuleOptions", "build_graph"]


@dataclass(frozen=True)
class RuleOptions:
    """How records become ties (see the module docstring for the rules).

    Attributes
    ----------
    one_way : bool
        Keep pairs whose contact went only one way.
    half_life : float or None
        Seconds after which a contact weighs half; None: no decay.
    since, until : float or None
        Epoch seconds bounding the window (inclusive); None: open.
    max_recipients : int
        Mail: messages to more people than this are broadcasts, left out and counted.
    co_recipients : bool
        Mail: also link the recipients of one message to each other (Newman weighting).
    max_group : int or None
        Groups with more members than this are left out and counted; None: no limit.
    aliases : mapping of str to str
        Normalised address or name → the person's id.
    alias_labels : mapping of str to str
        Person id → display name given in the aliases file.
    directed : bool
        Keep the direction of contacts (groups count both ways).
    """

    one_way: bool = False
    half_life: float | None = None
    since: float | None = None
    until: float | None = None
    max_recipients: int = 20
    co_recipients: bool = False
    max_group: int | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    alias_labels: Mapping[str, str] = field(default_factory=dict)
    directed: bool = False


class Records:
    """What a records reader found: people, directed contacts, groups, owners and the counts for ``info``.

    People are interned as they come (``person``), so a million messages hold small integer arrays, not strings.
    """

    def __init__(self, kind: str, source: str, *, events: str | None = None) -> None:
        self.kind = kind
        self.source = source
        #: The kind of interaction each contact and group is (``email``, ``meeting``) when they are events the plan
        #: can log (:mod:`~inroads.io.records.events`); None for records that only give ties.
        self.events = events
        # One title per contact and per group (a subject, a meeting's summary; None: not an event), kept only when
        # ``events`` is set, as the raw header bytes (decoded only for the few that reach a plan).
        self.titles: list[bytes | str | None] = []
        self.group_titles: list[bytes | str | None] = []
        self.ids: list[str] = []
        self._index: dict[str, int] = {}
        self._votes: dict[tuple[int, str], int] = {}
        self.who, self.whom = array("i"), array("i")
        self.when, self.weight = array("d"), array("d")
        self.groups: list[tuple[tuple[int, ...], float, float]] = []
        self.owners: list[str] = []
        self.counts: Counter[str] = Counter()
        self.read: Counter[str] = Counter()

    def person(self, key: str, label: str | None = None) -> int:
        """The index of person ``key`` (a normalised address or name), remembering ``label`` as a display name."""
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.ids)
            self.ids.append(key)
        if label and label != key:
            vote = (index, label)
            self._votes[vote] = self._votes.get(vote, 0) + 1
        return index

    def labels(self) -> list[tuple[tuple[int, str], int]]:
        """``((person, display name), times seen)`` of every name seen."""
        return list(self._votes.items())

    def contact(self, who: int, whom: int, when: float, weight: float = 1.0, title: bytes | str | None = None) -> None:
        """``who`` reached ``whom`` at ``when`` (epoch seconds, NaN when unknown) with base ``weight``; ``title``
        (a message's subject) is kept when the records are events."""
        self.who.append(who)
        self.whom.append(whom)
        self.when.append(when)
        self.weight.append(weight)
        if self.events is not None:
            self.titles.append(title)

    def group(self, members: Iterable[int], when: float, weight: float = 1.0, title: bytes | str | None = None) -> None:
        """People together once (a meeting, a paper, a message's recipients); ``title`` (a meeting's summary, ``""``
        when it has none) makes the group an event of the records; None (co-recipients) does not."""
        self.groups.append((tuple(members), when, weight))
        if self.events is not None:
            self.group_titles.append(title)

    def drop(self, reason: str, count: int = 1) -> None:
        """Count a record left out, and why (shown by ``inroads info``)."""
        self.counts[f"dropped: {reason}"] += count


def _aliased(records: Records, aliases: Mapping[str, str]) -> np.ndarray:
    """Index of each person after aliases: ``canonical[i]`` is the node of person ``i``."""
    canonical = np.arange(len(records.ids), dtype=np.int64)
    if not aliases:
        return canonical
    for i, key in enumerate(list(records.ids)):  # a copy: targets new to the records are appended below
        target = aliases.get(key)
        if target is not None and target != key:
            canonical[i] = records.person(target)
    if canonical.size < len(records.ids):  # targets new to the records were added
        canonical = np.concatenate([canonical, np.arange(canonical.size, len(records.ids), dtype=np.int64)])
    return canonical


def _in_window(when: np.ndarray, options: RuleOptions) -> np.ndarray:
    keep = np.ones(when.shape, dtype=bool)
    if options.since is not None:
        keep &= ~(when < options.since)  # NaN (undated) stays
    if options.until is not None:
        keep &= ~(when > options.until)
    return keep


def _decay(when: np.ndarray, reference: float, half_life: float | None) -> np.ndarray:
    """``0.5 ** (age / half_life)``; undated records keep their full weight."""
    if half_life is None or not np.isfinite(reference):
        return np.ones(when.shape)
    factor = np.power(0.5, (reference - when) / half_life)
    return np.where(np.isfinite(factor), factor, 1.0)


def _group_pairs(
    records: Records, canonical: np.ndarray, options: RuleOptions, reference: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of every group with Newman's weight ``weight / (size - 1)``, decayed; too-large groups counted."""
    sources: list[np.ndarray] = [np.zeros(0, np.int64)]
    targets: list[np.ndarray] = [np.zeros(0, np.int64)]
    weights: list[np.ndarray] = [np.zeros(0)]
    for members, when, weight in records.groups:
        if (options.since is not None and when < options.since) or (options.until is not None and when > options.until):
            records.drop("groups outside --since/--until")
            continue
        people = np.unique(canonical[np.asarray(members, dtype=np.int64)]) if members else np.zeros(0, np.int64)
        size = people.size
        if size < 2:
            records.drop("groups of one person")
            continue
        if options.max_group is not None and size > options.max_group:
            records.drop(f"groups larger than --max-group {options.max_group}")
            continue
        i, j = np.triu_indices(size, k=1)
        value = weight / (size - 1) * float(_decay(np.array([when]), reference, options.half_life)[0])
        sources.append(people[i])
        targets.append(people[j])
        weights.append(np.full(i.size, value))
    return np.concatenate(sources), np.concatenate(targets), np.concatenate(weights)


def _labels(records: Records, canonical: np.ndarray, options: RuleOptions, n: int) -> list[str]:
    """Each node's most frequent display name (ties: the first in sort order), else its id."""
    votes: dict[int, Counter[str]] = {}
    for (person, name), count in records.labels():
        votes.setdefault(int(canonical[person]), Counter())[name] += count
    labels = []
    for node in range(n):
        key = records.ids[node]
        if key in options.alias_labels:
            labels.append(options.alias_labels[key])
        elif node in votes:
            best = max(votes[node].values())
            labels.append(min(name for name, count in votes[node].items() if count == best))
        else:
            labels.append(key)
    return labels


def build_graph(records: Records, options: RuleOptions | None = None) -> Graph:
    """The Graph of ``records`` under the tie rules (module docstring); ``meta`` says what was read and dropped.

    Returns
    -------
    Graph
        Strength-weighted; ids are the normalised addresses or names, labels the display names; ``meta`` holds
        ``source``, ``format``, ``owners`` (ids), ``records_read`` and ``records_dropped`` (reason → count); mail
        and calendars add ``record_events`` (:class:`~inroads.io.records.events.RecordEvents`, the owners'
        interactions).

    Examples
    --------
    >>> r = Records("interactions", "example")
    >>> a, b, c = r.person("a"), r.person("b"), r.person("c")
    >>> r.contact(a, b, 0.0); r.contact(b, a, 0.0); r.contact(a, c, 0.0)
    >>> g = build_graph(r)
    >>> g, g.meta["records_dropped"]
    (<Graph undirected, strength-weighted: 2 nodes, 1 edges>, {'one-way pairs (--one-way keeps them)': 1})
    >>> g.edges()[2].tolist()
    [2.0]
    """
    options = options or RuleOptions()
    canonical = _aliased(records, options.aliases)
    who = canonical[np.frombuffer(records.who, dtype=np.int32)] if records.who else np.zeros(0, np.int64)
    whom = canonical[np.frombuffer(records.whom, dtype=np.int32)] if records.whom else np.zeros(0, np.int64)
    when = np.frombuffer(records.when, dtype=np.float64) if records.when else np.zeros(0)
    weight = np.frombuffer(records.weight, dtype=np.float64) if records.weight else np.zeros(0)
    group_when = np.array([g[1] for g in records.groups], dtype=np.float64)
    dated = np.concatenate([when, group_when])
    dated = dated[np.isfinite(dated)]
    reference = float(dated.max()) if dated.size else math.nan
    undated = int(np.count_nonzero(~np.isfinite(when))) + int(np.count_nonzero(~np.isfinite(group_when)))
    if undated and options.half_life is not None:
        records.counts["undated records (not decayed)"] += undated

    keep = _in_window(when, options)
    if (~keep).any():
        records.drop("contacts outside --since/--until", int(np.count_nonzero(~keep)))
    self_contact = who == whom
    if (self_contact & keep).any():
        records.drop("contacts with oneself", int(np.count_nonzero(self_contact & keep)))
    keep &= ~self_contact
    events = None
    if records.events is not None:
        from inroads.io.records.events import record_events

        events = record_events(records, canonical, who, whom, when, keep, options)
    who, whom = who[keep], whom[keep]
    weight = weight[keep] * _decay(when[keep], reference, options.half_life)

    g_src, g_dst, g_w = _group_pairs(records, canonical, options, reference)
    n = int(canonical.max()) + 1 if canonical.size else 0
    n = max(n, len(records.ids))
    frame = pd.DataFrame(
        {
            "a": np.concatenate([who, g_src]),
            "b": np.concatenate([whom, g_dst]),
            "w": np.concatenate([weight, g_w]),
            "group": np.concatenate([np.zeros(who.size, bool), np.ones(g_src.size, bool)]),
        }
    )
    frame = _reciprocal(frame, records, options)
    if options.directed:
        grouped = frame[frame["group"]]
        frame = pd.concat([frame, grouped.rename(columns={"a": "b", "b": "a"})], ignore_index=True)
    used = np.unique(np.concatenate([frame["a"].to_numpy(), frame["b"].to_numpy()]))
    if used.size == 0:
        raise InputError(
            "the records hold no ties after the rules",
            where=records.source,
            fix="check the file; --one-way keeps one-way contact, a larger --max-group/--max-recipients keeps more",
        )
    labels = _labels(records, canonical, options, n)
    owners = [records.ids[int(canonical[records.person(o)])] for o in records.owners]
    # Only people left with a tie are nodes: an address written to once and never heard from is not in the network.
    position = np.full(n, -1, dtype=np.int64)
    position[used] = np.arange(len(used))
    ids = np.asarray([records.ids[i] for i in used], dtype=object)
    meta: dict[str, Any] = {
        "source": records.source,
        "format": records.kind,
        "owners": [o for o in dict.fromkeys(owners) if position[records.person(o)] >= 0],
        "records_read": dict(records.read),
        "records_dropped": {
            k.removeprefix("dropped: "): v for k, v in records.counts.items() if k.startswith("dropped: ")
        },
        "records_notes": {k: v for k, v in records.counts.items() if not k.startswith("dropped: ")},
    }
    if events is not None:
        meta["record_events"] = events  # the owners' interactions, for a plan's refresh (inroads.plan.interactions)
    return Graph.from_edges(
        position[frame["a"].to_numpy()],
        position[frame["b"].to_numpy()],
        ids=ids,
        directed=options.directed,
        weights=frame["w"].to_numpy(dtype=np.float64),
        weight_kind="strength",
        labels=np.asarray([labels[i] for i in used], dtype=object),
        meta=meta,
    )


def _reciprocal(frame: pd.DataFrame, records: Records, options: RuleOptions) -> pd.DataFrame:
    """Keep contact pairs that went both ways (or any, with ``one_way``); group pairs always stay."""
    if options.one_way or frame.empty:
        return frame
    contact = frame[~frame["group"]]
    forward = pd.MultiIndex.from_arrays([contact["a"], contact["b"]])
    backward = pd.MultiIndex.from_arrays([contact["b"], contact["a"]])
    grouped = frame[frame["group"]]
    linked = pd.MultiIndex.from_arrays(
        [np.concatenate([grouped["a"], grouped["b"]]), np.concatenate([grouped["b"], grouped["a"]])]
    )
    answered = backward.isin(forward) | backward.isin(linked)
    pairs = pd.MultiIndex.from_arrays(
        [np.minimum(contact["a"], contact["b"]), np.maximum(contact["a"], contact["b"])]
    ).unique()
    kept = pd.MultiIndex.from_arrays(
        [np.minimum(contact["a"], contact["b"])[answered], np.maximum(contact["a"], contact["b"])[answered]]
    ).unique()
    if len(pairs) > len(kept):
        records.drop("one-way pairs (--one-way keeps them)", len(pairs) - len(kept))
    return pd.concat([contact[answered], grouped], ignore_index=True)
