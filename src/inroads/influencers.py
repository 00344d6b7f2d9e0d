"""The shortlist: the few people worth building relationships with, split into awareness and conversion influencers.

*Awareness* influencers are bridges (high betweenness): messages between groups pass through them. *Conversion*
influencers are close to everyone (high closeness): they may not sit between groups, but their word reaches people
in few steps. The public functions orchestrate; :func:`select` is the pure rule, over score arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from inroads.audience import audience_mask
from inroads.communities import (
    DEFAULT_RESOLUTION,
    DEFAULT_SEED,
    Communities,
    _undirected_pattern,
    communities_reached,
)
from inroads.communities import constraint as burt_constraint
from inroads.errors import GraphError, OptionError
from inroads.graph import Graph
from inroads.influencers_niche import NicheRoles, select_niche
from inroads.influencers_rule import percentile, select, spread
from inroads.influencers_why import WhyContext, niche_why_column, why_column
from inroads.intro import intro_paths
from inroads.niches import DEFAULT_NICHE_SIZE, check_niche_options, communities_and_niches
from inroads.owners import owner_rule
from inroads.ranking import by_score, id_ranks
from inroads.roles import ROLE_COLUMNS, niche_contacts, roles

__all__ = ["COLUMNS", "RULES", "SCOPES", "annotate", "percentile", "select", "shortlist", "spread"]

#: The shortlist's columns, in order; ``constraint`` and the optional columns come after them.
COLUMNS = [
    "rank", "id", "label", "type", "betweenness", "betweenness_pct", "closeness", "closeness_pct", "degree",
    "community", "communities_reached", "reach_1", "reach_2", "why",
]  # fmt: skip
SCOPES = ("network", "community")
#: ``niche`` (default): connectors and niche experts (:mod:`inroads.influencers_niche`); ``global``: plain top-k by
#: betweenness, then by closeness (:func:`select`), as before.
RULES = ("niche", "global")
#: The defaults of every shortlist setting, in one place (the CLI's options show the same).
DEFAULTS: dict[str, Any] = {
    "size": 50, "split": 0.5, "rule": "niche", "scope": "network", "audience": None, "me": None, "exclude": (),
    "include": (), "resolution": DEFAULT_RESOLUTION, "niche_size": DEFAULT_NICHE_SIZE, "seed": DEFAULT_SEED,
}  # fmt: skip
#: What the shortlist passes on to both centralities (:func:`inroads.betweenness` and :func:`inroads.closeness`).
CENTRALITY_OPTIONS = ("method", "epsilon", "delta", "budget", "threads", "progress")


def check_centrality_options(options: dict[str, Any]) -> None:
    """Refuse keywords the shortlist does not know, naming them, before any work is done.

    Examples
    --------
    >>> try:
    ...     check_centrality_options({"sise": 4})
    ... except OptionError as error:
    ...     print(error.what)
    unknown shortlist option 'sise'
    """
    unknown = sorted(set(options) - set(CENTRALITY_OPTIONS))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise OptionError(
            f"unknown shortlist option{'s' if len(unknown) > 1 else ''} {names}",
            fix=f"known: {', '.join([*DEFAULTS, *CENTRALITY_OPTIONS])}",
        )


# ------------------------------------------------------------------------------------------------- the engine
def _centrality(kind: str, g: Graph, *, methods: list[str] | None = None, **options: Any) -> np.ndarray:
    """The one door to the centrality engine: ``kind`` is ``betweenness`` or ``closeness``; float64 per node.

    The approximate engine (``method="auto"``) is wired here, so the shortlist follows it in one place; the method
    each call used is appended to ``methods`` (it becomes ``attrs["method"]``).
    """
    from inroads import measures

    scores = getattr(measures, kind)(g, **options)
    if methods is not None:
        methods.append(scores.attrs.get("inroads", {}).get("method", "exact"))
    return np.asarray(scores, dtype=np.float64)


def _degree(g: Graph) -> np.ndarray:
    """Distinct neighbours of each person, either direction of a tie."""
    return np.diff(_undirected_pattern(g, None).indptr).astype(np.int64)


def _reach(g: Graph, rows: np.ndarray, *, count: np.ndarray | None, same_group: np.ndarray | None) -> tuple:
    """People within 1 and 2 hops (out-direction, self excluded) of each row: sparse products over those rows only.

    ``count`` masks whom to count (the audience); ``same_group`` (a membership array) adds the 2-hop count inside
    each row's own group.
    """
    a = g.adjacency().astype(bool).astype(np.int8)
    first = a[rows].tocsr()
    second = (first.astype(np.int32) + first.astype(np.int32) @ a.astype(np.int32)).tocoo()
    weights = np.ones(g.n) if count is None else count.astype(np.float64)
    one_r = np.repeat(np.arange(rows.shape[0]), np.diff(first.indptr))
    reach_1 = np.bincount(one_r, weights=weights[first.indices], minlength=rows.shape[0])
    r, c = second.row, second.col
    keep = c != rows[r]
    r, c = r[keep], c[keep]
    reach_2 = np.bincount(r, weights=weights[c], minlength=rows.shape[0])
    inside = None
    if same_group is not None:
        same = (same_group[c] == same_group[rows[r]]).astype(np.float64)
        inside = np.bincount(r, weights=same, minlength=rows.shape[0]).astype(np.int64)
    return reach_1.astype(np.int64), reach_2.astype(np.int64), inside


@dataclass
class _Analysis:
    """Everything one run computed: per-node scores, the communities, the selection and the facts for attrs."""

    betweenness: np.ndarray
    closeness: np.ndarray
    found: Communities
    chosen: np.ndarray
    is_awareness: np.ndarray
    within: dict[int, float] = field(default_factory=dict)
    audience: np.ndarray | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    niches: Communities | None = None
    roles: pd.DataFrame | None = None
    rule: str = "niche"


def _check_options(g: Graph, size: int, split: float, scope: str, rule: str = "niche") -> None:
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


def _analyse(
    g: Graph,
    *,
    size: int,
    split: float,
    scope: str,
    audience: Sequence[str] | None,
    me: str | None,
    exclude: Iterable[str],
    include: Iterable[str],
    resolution: float,
    seed: int,
    centrality_options: dict[str, Any],
    rule: str = "niche",
    niche_size: int = DEFAULT_NICHE_SIZE,
) -> _Analysis:
    check_centrality_options(centrality_options)
    _check_options(g, size, split, scope, rule)
    check_niche_options(g, niche_size, resolution)
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

    methods: list[str] = []
    if mask is None:
        betweenness = _centrality("betweenness", g, normalized=True, methods=methods, **centrality_options)
        closeness = _centrality("closeness", g, wf_improved=True, methods=methods, **centrality_options)
    else:
        members = np.flatnonzero(mask)
        betweenness = _centrality(
            "betweenness", g, normalized=True, sources=members, targets=members, methods=methods, **centrality_options
        )
        closeness = _centrality(
            "closeness", g, wf_improved=True, targets=members, methods=methods, **centrality_options
        )
    found, niche_found = communities_and_niches(g, niche_size=niche_size, resolution=resolution, seed=seed)
    threads = {k: v for k, v in centrality_options.items() if k == "threads"}
    role_table = roles(g, niche_found.membership, **threads)

    within: dict[int, float] = {}
    conversion = None
    if scope == "community":
        weights = found.sizes if mask is None else np.bincount(found.membership[mask], minlength=found.count)

        def conversion(available: np.ndarray, k: int) -> np.ndarray:
            capacity = np.bincount(found.membership[available], minlength=found.count)
            quotas = spread(weights, capacity, k)
            picks = []
            for community in np.flatnonzero(quotas):
                members = np.flatnonzero(found.membership == community)
                local = g.subgraph(members)
                targets = None if mask is None else np.flatnonzero(mask[members])
                options = {} if targets is None or targets.size == 0 else {"targets": targets}
                scores = _centrality(
                    "closeness", local, wf_improved=True, methods=methods, **options, **centrality_options
                )
                within.update(zip(members.tolist(), scores.tolist(), strict=True))
                ranked = by_score(scores, id_ranks(local.ids), np.flatnonzero(available[members]))
                picks.append(members[ranked[: quotas[community]]])
            if not picks:
                return np.zeros(0, dtype=np.int64)
            picked = np.concatenate(picks)
            score_of = np.array([within[int(v)] for v in picked])
            return picked[by_score(score_of, id_ranks(g.ids)[picked], np.arange(picked.size))]

    notes = []
    if rule == "niche":
        if scope == "community":
            notes.append("--scope community applies to --rule global; the niche rule already picks within niches")
        ptr, reached, _ = niche_contacts(g, niche_found.membership)
        seats = niche_found.sizes if mask is None else np.bincount(niche_found.membership[mask],
                                                                   minlength=niche_found.count)  # fmt: skip
        niche_roles = NicheRoles(
            betweenness=betweenness, membership=niche_found.membership.astype(np.int64),
            niche_closeness=role_table["niche_closeness"].to_numpy(),
            inside_share=role_table["inside_share"].to_numpy(),
            participation=role_table["participation"].to_numpy(),
            reach_ptr=ptr, reach_niches=reached, seat_weights=seats,
        )  # fmt: skip
        chosen, is_awareness = select_niche(
            niche_roles, g.ids, size=size, split=split, eligible=eligible, forced=forced
        )
    else:
        chosen, is_awareness = select(betweenness, closeness, g.ids, size=size, split=split, eligible=eligible,
                                      forced=forced, conversion=conversion)  # fmt: skip
    if size > g.n / 2:
        notes.append(f"--size {size} is more than half of the {g.n} people: the list is most of the network")
    if unknown_excluded:
        notes.append(f"{len(unknown_excluded)} ids of --exclude are not in the network and were ignored")
    facts = {
        "method": ", ".join(dict.fromkeys(methods)),
        "size": int(size),
        "split": float(split),
        "rule": rule,
        "scope": scope,
        "niches": niche_found.count,
        "niche_size": int(niche_size),
        "largest_niche": int(niche_found.sizes.max()) if niche_found.count else 0,
        "awareness": int(is_awareness.sum()),
        "conversion": int((~is_awareness).sum()),
        "communities": found.count,
        "modularity": found.modularity,
        "resolution": found.resolution,
        "seed": found.seed,
        "excluded": int(excluded.size),
        "included": int(forced.size),
        "audience": None if mask is None else {"conditions": list(audience or []), "members": int(mask.sum())},
        "me": None if me_index is None else str(g.ids[me_index]),
        "notes": notes,
    }
    return _Analysis(betweenness, closeness, found, chosen, is_awareness, within, mask, facts, niche_found,
                     role_table, rule)  # fmt: skip


def _cutoffs(result: _Analysis) -> dict[str, float | None]:
    """Lowest betweenness among awareness rows and lowest closeness among conversion rows (the report's lines)."""
    if result.rule == "niche":  # the niche rule has no global cut-off: picks are chosen by niche figures
        return {"betweenness_cutoff": None, "closeness_cutoff": None}
    aware = result.chosen[result.is_awareness]
    convert = result.chosen[~result.is_awareness]
    return {
        "betweenness_cutoff": float(np.nanmin(result.betweenness[aware])) if aware.size else None,
        "closeness_cutoff": float(np.nanmin(result.closeness[convert])) if convert.size else None,
    }


def shortlist(
    g: Graph,
    *,
    size: int = 50,
    split: float = 0.5,
    rule: str = "niche",
    scope: str = "network",
    audience: Sequence[str] | None = None,
    me: str | None = None,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    resolution: float = DEFAULT_RESOLUTION,
    niche_size: int = DEFAULT_NICHE_SIZE,
    seed: int = DEFAULT_SEED,
    **centrality_options: Any,
) -> pd.DataFrame:
    """The people worth building relationships with: awareness influencers (connectors) and conversion influencers
    (niche experts).

    The default rule, ``niche`` (:func:`inroads.influencers_niche.select_niche`), follows the article: awareness =
    high betweenness *and* ties spread over many niches, chosen as a set by greedy coverage of niche pairs so that
    two picks do not bridge the same groups; conversion = inside each niche (:func:`inroads.niches.niches`), the
    people closest to the rest of it whose ties stay mostly inside it, seats shared among niches by size. No one is
    on both lists. ``rule="global"`` (:func:`select`) is plain top-k: the ``round(size * split)`` highest
    betweenness, then the rest by closeness. Ties break by id.

    Parameters
    ----------
    g : Graph
    size : int, default 50
        Length of the list, 2 to n.
    split : float, default 0.5
        Share of awareness influencers: ``round(size * split)`` of them.
    rule : {"niche", "global"}, default "niche"
        ``niche``: connectors and niche experts (above); ``global``: plain top-k by betweenness, then closeness.
    scope : {"network", "community"}, default "network"
        Of ``rule="global"`` only. ``community``: conversion influencers are the closest people *within their own
        community* (closeness on the community's induced subgraph); the conversion places are spread over
        communities in proportion to their size (to their audience members with ``audience``) by largest
        remainders (:func:`spread`).
    audience : sequence of str, optional
        ``"COLUMN=VALUE"`` conditions on ``g.nodes`` naming the user's potential clients (same column: any value;
        different columns: all). Betweenness then counts only shortest paths between audience members, closeness
        is closeness *to* the audience, and reach counts audience members.
    me : str, optional
        The user's own id: adds ``hops_from_me`` and ``intro_path`` (:func:`inroads.intro.intro_paths`); the user
        is never on the list.
    exclude, include : iterable of str
        Ids to leave out (unknown ids are ignored, with a note) or to force in (unknown ids are an error).
    resolution, seed
        Of the Leiden communities (default 1.0 and 42, :func:`inroads.communities.communities`); ``resolution`` is
        also the first level of the niches.
    niche_size : int, default 50
        Largest niche before it is split again (:func:`inroads.niches.niches`).
    **centrality_options
        Passed to the centrality engine (``threads``, ``progress``).

    Returns
    -------
    pandas.DataFrame
        One row per person in list order; columns :data:`COLUMNS`, then ``constraint`` (Burt's), the role figures
        :data:`inroads.roles.ROLE_COLUMNS` (``niche``, ``niche_size``, ``niche_closeness``, ``participation``,
        ``inside_share``, ``niches_reached``, ``within_z``, ``tie_strength``, ``embeddedness``: see
        :func:`inroads.roles.roles`), then ``closeness_in_community`` (scope community) and ``hops_from_me``,
        ``intro_path`` (with ``me``).
        ``*_pct`` is the percent of the network scoring at or below the person; ``reach_h`` counts people
        (audience members) within ``h`` hops, out-direction; ``degree`` counts distinct neighbours either way.
        ``DataFrame.attrs`` holds the facts of the run: ``method``, ``size``, ``split``, ``rule``, ``scope``,
        ``awareness`` and ``conversion`` counts, ``communities``, ``modularity``, ``resolution``, ``niches``,
        ``niche_size``, ``largest_niche``, ``seed``, ``excluded``,
        ``included``, ``audience``, ``me``, ``notes`` (one-line remarks), ``betweenness_cutoff`` (the lowest
        betweenness among awareness rows) and ``closeness_cutoff`` (the lowest closeness among conversion rows).

    References
    ----------
    L. C. Freeman, "Centrality in social networks: conceptual clarification", Social Networks 1, 215–239 (1979).
    https://doi.org/10.1016/0378-8733(78)90021-7

    R. Guimerà, L. A. N. Amaral, "Functional cartography of complex metabolic networks", Nature 433, 895–900 (2005).
    https://doi.org/10.1038/nature03288

    Examples
    --------
    >>> import networkx as nx
    >>> g = Graph.from_networkx(nx.les_miserables_graph())
    >>> shortlist(g, size=4)[["id", "type"]].values.tolist()
    [['Valjean', 'awareness'], ['Marius', 'awareness'], ['Bahorel', 'conversion'], ['Brevet', 'conversion']]
    >>> shortlist(g, size=4, rule="global")[["id", "type"]].values.tolist()
    [['Valjean', 'awareness'], ['Myriel', 'awareness'], ['Marius', 'conversion'], ['Javert', 'conversion']]
    """
    return shortlist_and_scores(
        g, size=size, split=split, rule=rule, scope=scope, audience=audience, me=me, exclude=exclude, include=include,
        resolution=resolution, niche_size=niche_size, seed=seed, **centrality_options,
    )[0]  # fmt: skip


def _settings(g: Graph, options: dict[str, Any]) -> dict[str, Any]:
    """Pop the shortlist's settings (defaults filled) from ``options``; the records' owners become ``me`` and are
    excluded unless ``include_owners`` (:func:`inroads.owners.owner_rule`). What is left is for the centralities."""
    settings = {name: options.pop(name, value) for name, value in DEFAULTS.items()}
    settings["me"], settings["exclude"] = owner_rule(
        g, settings["me"], settings["exclude"], options.pop("include_owners", False)
    )
    return settings


def shortlist_and_scores(g: Graph, **options: Any) -> tuple[pd.DataFrame, dict[str, np.ndarray], Communities]:
    """:func:`shortlist`, everyone's scores behind it (``betweenness``, ``closeness`` and the role figures of
    :data:`inroads.roles.ROLE_COLUMNS`: one value per node, in node order) and its communities, for the report and
    the evidence, without computing any of them twice.

    Examples
    --------
    >>> import networkx as nx
    >>> table, scores, found = shortlist_and_scores(Graph.from_networkx(nx.les_miserables_graph()), size=4)
    >>> len(table), scores["betweenness"].shape
    (4, (77,))
    """
    settings = _settings(g, options)
    result = _analyse(g, **settings, centrality_options=options)
    table = _table(g, result, scope=settings["scope"], me=settings["me"])
    scores = {"betweenness": result.betweenness, "closeness": result.closeness}
    if result.roles is not None:
        scores |= {column: result.roles[column].to_numpy() for column in ROLE_COLUMNS}
    return table, scores, result.found


def _table(g: Graph, result: _Analysis, *, scope: str, me: str | None) -> pd.DataFrame:
    """The shortlist's rows, figures and reasons from one analysis."""
    rows, found, mask = result.chosen, result.found, result.audience
    membership = found.membership
    reach_1, reach_2, inside = _reach(g, rows, count=mask, same_group=membership if scope == "community" else None)
    table = pd.DataFrame(
        {
            "rank": np.arange(1, rows.shape[0] + 1),
            "id": g.ids[rows].astype(str),
            "label": g.display_names()[rows].astype(str),
            "type": np.where(result.is_awareness, "awareness", "conversion"),
            "betweenness": result.betweenness[rows],
            "betweenness_pct": percentile(result.betweenness)[rows],
            "closeness": result.closeness[rows],
            "closeness_pct": percentile(result.closeness)[rows],
            "degree": _degree(g)[rows],
            "community": membership[rows].astype(np.int64),
            "communities_reached": communities_reached(g, membership, nodes=rows),
            "reach_1": reach_1,
            "reach_2": reach_2,
            "why": "",
            "constraint": burt_constraint(g, nodes=rows),
        }
    )
    within = within_rank = None
    if scope == "community":
        # only conversion rows were chosen by it; awareness rows leave it blank
        within = np.array([result.within.get(int(v), np.nan) for v in rows])
        within[result.is_awareness] = np.nan
        scored = np.array(sorted(result.within), dtype=np.int64)
        scores = np.array([result.within[int(v)] for v in scored], dtype=np.float64)
        # rank inside the community: 1 + members of the same community scoring strictly higher
        same = membership[scored][None, :] == membership[rows][:, None]
        within_rank = 1 + (same & (scores[None, :] > within[:, None])).sum(axis=1)
    context = WhyContext(nodes=g.n, communities=found.count, audience=None if mask is None else int(mask.sum()))
    if result.roles is not None:
        for column in ROLE_COLUMNS:
            table[column] = result.roles[column].to_numpy()[rows]
    if result.rule == "niche" and result.roles is not None and result.niches is not None:
        ptr, reached, _ = niche_contacts(g, result.niches.membership)
        table["why"] = niche_why_column(
            table, result.roles, betweenness=result.betweenness, reach_ptr=ptr, reach_niches=reached,
            weighted=g.weighted, audience=context.audience,
        )  # fmt: skip
    else:
        table["why"] = why_column(
            table, context, betweenness=result.betweenness, closeness=result.closeness, community_sizes=found.sizes,
            within=within, within_rank=within_rank, reach_2_in_community=inside,
        )  # fmt: skip
    if within is not None:
        table["closeness_in_community"] = within
    if me is not None:
        hops, paths = intro_paths(g, g.index_of(str(me)), rows)
        table["hops_from_me"] = hops.to_numpy()
        table["intro_path"] = paths
    table.attrs.update(result.facts)
    table.attrs.update(_cutoffs(result))
    return table


def annotate(g: Graph, **options: Any) -> pd.DataFrame:
    """Every person's scores, community and shortlist type: the node table of ``inroads export``.

    Takes the keyword arguments of :func:`shortlist`.

    Returns
    -------
    pandas.DataFrame
        Indexed by id in node order: ``label``, ``betweenness``, ``closeness``, ``degree``, ``community``,
        ``communities_reached``, ``type`` (``awareness``, ``conversion`` or ``none``) and ``rank`` (0 when not on
        the list); ``attrs`` as in :func:`shortlist`. Burt's constraint is left to :func:`shortlist` (its rows
        only): over everyone it costs a two-step sparse product of the whole graph.

    Examples
    --------
    >>> import networkx as nx
    >>> nodes = annotate(Graph.from_networkx(nx.karate_club_graph()), size=4)
    >>> nodes["type"].value_counts().to_dict()
    {'none': 30, 'awareness': 2, 'conversion': 2}
    """
    settings = _settings(g, options)
    result = _analyse(g, **settings, centrality_options=options)
    kind = np.full(g.n, "none", dtype=object)
    kind[result.chosen] = np.where(result.is_awareness, "awareness", "conversion")
    rank = np.zeros(g.n, dtype=np.int64)
    rank[result.chosen] = np.arange(1, result.chosen.shape[0] + 1)
    table = pd.DataFrame(
        {
            "label": g.display_names().astype(str),
            "betweenness": result.betweenness,
            "closeness": result.closeness,
            "degree": _degree(g),
            "community": result.found.membership.astype(np.int64),
            "communities_reached": communities_reached(g, result.found.membership),
            "type": kind.astype(str),
            "rank": rank,
        },
        index=pd.Index(g.ids.astype(str), name="id"),
    )
    if result.roles is not None:
        table = table.join(result.roles[list(ROLE_COLUMNS)].set_axis(table.index))
    table.attrs.update(result.facts)
    table.attrs.update(_cutoffs(result))
    return table
