"""The shortlist's steps before the rule: who may be picked, the scores the rules read, and the community-scoped
conversion picks of ``--rule global --scope community``. :func:`inroads.influencers.shortlist` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from inroads.audience import audience_mask
from inroads.communities import Communities
from inroads.errors import GraphError, OptionError
from inroads.graph import Graph
from inroads.influencers_rule import spread
from inroads.measures.closeness_sample import ClosenessSample, closeness_of_picks
from inroads.ranking import by_score, id_ranks

__all__ = [
    "Candidates", "candidates", "centrality_scores", "check_options", "closeness_by_sample", "community_conversion",
    "engine_scores", "picks_closeness",
]  # fmt: skip

#: ``niche`` (default): connectors and niche experts (:mod:`inroads.influencers_niche`); ``global``: plain top-k by
#: betweenness, then by closeness (:func:`inroads.influencers_rule.select`).
RULES = ("niche", "global")
SCOPES = ("network", "community")


def check_options(g: Graph, size: int, split: float, scope: str, rule: str) -> None:
    """One line for a size, split, scope or rule the shortlist cannot use on ``g``."""
    if rule not in RULES:
        raise OptionError(f"unknown rule {rule!r}", where="--rule", fix=f"use one of {', '.join(RULES)}")
    if g.n < 2:
        raise GraphError(f"the network has {g.n} people; a shortlist needs at least 2")
    if not 2 <= size <= g.n:
        raise OptionError(
            f"must be between 2 and {g.n} (the number of people), not {size}", where="--size",
            fix=f"give --size {min(max(2, size), g.n)} or another value in range",
        )  # fmt: skip
    if not 0 <= split <= 1:
        raise OptionError(f"must be between 0 and 1, not {split!r}", where="--split", fix="0.5 is an even split")
    if scope not in SCOPES:
        raise OptionError(f"unknown scope {scope!r}", where="--scope", fix=f"use one of {', '.join(SCOPES)}")


def _indices(g: Graph, ids: Iterable[str], option: str, *, strict: bool) -> tuple[np.ndarray, list[str]]:
    wanted = [str(x) for x in ids]
    position = pd.Index(g.ids).get_indexer(pd.Index(wanted, dtype=object)) if wanted else np.zeros(0, np.int64)
    unknown = [x for x, p in zip(wanted, position, strict=True) if p < 0]
    if unknown and strict:
        shown = ", ".join(repr(x) for x in unknown[:5])
        raise OptionError(f"{len(unknown)} ids are not in the network: {shown}", where=option, fix="check the ids")
    return np.unique(position[position >= 0]).astype(np.int64), unknown


@dataclass(frozen=True)
class Candidates:
    """Who may be picked: ``eligible`` (bool per node), ``forced`` (indices of ``--include``), the audience mask."""

    eligible: np.ndarray
    forced: np.ndarray
    excluded: int
    unknown_excluded: int
    me: int | None
    audience: np.ndarray | None


def candidates(
    g: Graph, *, audience: Sequence[str] | None, me: str | None, exclude: Iterable[str], include: Iterable[str]
) -> Candidates:
    """Resolve ``--audience``, ``--me``, ``--exclude`` and ``--include`` against the network's ids, once."""
    mask = audience_mask(g, audience) if audience else None
    me_index = None
    if me is not None:
        position = pd.Index(g.ids).get_indexer([str(me)])[0]
        if position < 0:
            raise OptionError(f"{me!r} is not in the network", where="--me", fix="give your own id as it appears")
        me_index = int(position)
    excluded, unknown_excluded = _indices(g, exclude, "--exclude", strict=False)
    forced, _ = _indices(g, include, "--include", strict=True)
    clash = np.intersect1d(excluded, forced)
    if clash.size:
        raise OptionError(f"{g.ids[clash[0]]!r} is both excluded and included", where="--include")
    eligible = np.ones(g.n, dtype=bool)
    eligible[excluded] = False
    if me_index is not None:
        eligible[me_index] = False  # the user is not an influencer to meet
        forced = forced[forced != me_index]
    return Candidates(eligible, forced, int(excluded.size), len(unknown_excluded), me_index, mask)


def engine_scores(
    kind: str, g: Graph, *, methods: list[str] | None = None, guarantees: list[str] | None = None, **options: Any
) -> np.ndarray:
    """The one door to the centrality engine: ``kind`` is ``betweenness`` or ``closeness``; float64 per node.

    The approximate engine (``method="auto"``) is wired here, so the shortlist follows it in one place; the method
    each call used is appended to ``methods`` (it becomes ``attrs["method"]``), the guarantee of a sampled run to
    ``guarantees`` (the footer's notes).
    """
    from inroads import measures

    scores = getattr(measures, kind)(g, **options)
    ran = scores.attrs.get("inroads", {})
    if methods is not None:
        methods.append(ran.get("method", "exact"))
    if guarantees is not None and ran.get("method") == "approx" and ran.get("guarantee"):
        guarantees.append(str(ran["guarantee"]))
    return np.asarray(scores, dtype=np.float64)


#: Seconds exact closeness of everyone may take when only the shortlist's two closeness columns need it
#: (``--budget`` overrides): above it the picks' closeness is exact and the percentile sampled
#: (:mod:`inroads.measures.closeness_sample`).
CLOSENESS_COLUMNS_BUDGET = 2.0


def closeness_by_sample(g: Graph, mask: np.ndarray | None, rule: str, options: dict[str, Any]) -> bool:
    """Whether the picks' closeness and its percentile are all the run needs of closeness, and exact closeness of
    everyone would cost more than they are worth: rule ``niche`` chooses by niche figures, not global closeness."""
    from inroads.measures.auto import decide_method

    if rule != "niche" or mask is not None or options.get("method", "auto") == "exact":
        return False
    if options.get("method") == "approx":
        return True
    budget = options.get("budget") or CLOSENESS_COLUMNS_BUDGET
    method, _ = decide_method(g, "closeness", "auto", budget, threads=options.get("threads"))
    return method == "approx"


def picks_closeness(
    g: Graph, chosen: np.ndarray, options: dict[str, Any], *, seed: int, methods: list[str], notes: list[str]
) -> tuple[np.ndarray, ClosenessSample]:
    """The closeness columns of :func:`closeness_by_sample`: exact for ``chosen`` (NaN for everyone else) and the
    sample behind ``closeness_pct``; the method and its bound go to ``methods`` and ``notes``."""
    picked, sample = closeness_of_picks(
        g, chosen, delta=options.get("delta", 0.1), seed=seed, threads=options.get("threads")
    )
    closeness = np.full(g.n, np.nan)
    closeness[chosen] = picked
    methods.append("sampled")
    notes.append(sample.describe())
    return closeness, sample


def centrality_scores(
    g: Graph,
    mask: np.ndarray | None,
    options: dict[str, Any],
    methods: list[str],
    *,
    closeness: bool = True,
    guarantees: list[str] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Everyone's betweenness and (unless ``closeness=False``) closeness; with an audience, paths between its members
    and closeness to them."""
    if mask is None:
        betweenness = engine_scores(
            "betweenness", g, normalized=True, methods=methods, guarantees=guarantees, **options
        )
        if not closeness:
            return betweenness, None
        everyone = engine_scores("closeness", g, wf_improved=True, methods=methods, guarantees=guarantees, **options)
        return betweenness, everyone
    members = np.flatnonzero(mask)
    betweenness = engine_scores(
        "betweenness", g, normalized=True, sources=members, targets=members, methods=methods, **options
    )
    to_audience = engine_scores("closeness", g, wf_improved=True, targets=members, methods=methods, **options)
    return betweenness, to_audience


def community_conversion(
    g: Graph,
    found: Communities,
    mask: np.ndarray | None,
    options: dict[str, Any],
    methods: list[str],
    within: dict[int, float],
) -> Callable[[np.ndarray, int], np.ndarray]:
    """The conversion picks of ``--scope community``: each community's closest people (closeness on its own
    subgraph), seats shared by size (audience members with an audience); ``within`` receives the scores."""
    weights = found.sizes if mask is None else np.bincount(found.membership[mask], minlength=found.count)

    def conversion(available: np.ndarray, k: int) -> np.ndarray:
        capacity = np.bincount(found.membership[available], minlength=found.count)
        quotas = spread(weights, capacity, k)
        picks = []
        for community in np.flatnonzero(quotas):
            members = np.flatnonzero(found.membership == community)
            local = g.subgraph(members)
            targets = None if mask is None else np.flatnonzero(mask[members])
            extra: dict[str, Any] = {} if targets is None or targets.size == 0 else {"targets": targets}
            scores = engine_scores("closeness", local, wf_improved=True, methods=methods, **extra, **options)
            within.update(zip(members.tolist(), scores.tolist(), strict=True))
            ranked = by_score(scores, id_ranks(local.ids), np.flatnonzero(available[members]))
            picks.append(members[ranked[: quotas[community]]])
        if not picks:
            return np.zeros(0, dtype=np.int64)
        picked = np.concatenate(picks)
        score_of = np.array([within[int(v)] for v in picked])
        return picked[by_score(score_of, id_ranks(g.ids)[picked], np.arange(picked.size))]

    return conversion
