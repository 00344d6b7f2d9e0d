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

from inroads.communities import (
    DEFAULT_RESOLUTION,
    DEFAULT_SEED,
    Communities,
    communities_reached,
    undirected_csr,
)
from inroads.communities import constraint as burt_constraint
from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.influencers_niche import NicheRoles, select_niche
from inroads.influencers_rule import percentile, select, spread
from inroads.influencers_steps import (
    RULES,
    SCOPES,
    Candidates,
    candidates,
    centrality_scores,
    check_options,
    closeness_by_sample,
    community_conversion,
    picks_closeness,
)
from inroads.influencers_why import WhyContext, niche_why_column, why_column
from inroads.intro import intro_paths
from inroads.measures.closeness_sample import ClosenessSample
from inroads.niches import DEFAULT_NICHE_SIZE, check_niche_options, communities_and_niches
from inroads.owners import owner_rule
from inroads.roles import ROLE_COLUMNS, niche_contacts, roles

__all__ = ["COLUMNS", "RULES", "SCOPES", "annotate", "percentile", "select", "shortlist", "spread"]

#: The shortlist's columns, in order; ``constraint`` and the optional columns come after them.
COLUMNS = [
    "rank", "id", "label", "type", "betweenness", "betweenness_pct", "closeness", "closeness_pct", "degree",
    "community", "communities_reached", "reach_1", "reach_2", "why",
]  # fmt: skip
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


def _degree(g: Graph) -> np.ndarray:
    """Distinct neighbours of each person, either direction of a tie."""
    return np.diff(undirected_csr(g)[0]).astype(np.int64)


def _reach(g: Graph, rows: np.ndarray, *, count: np.ndarray | None, same_group: np.ndarray | None) -> tuple:
    """People within 1 and 2 hops (out-direction, self excluded) of each row: a depth-2 search from those rows only
    (:func:`inroads.kernels.groups.two_hop_counts`; no copy of the adjacency).

    ``count`` masks whom to count (the audience); ``same_group`` (a membership array) adds the 2-hop count inside
    each row's own group.
    """
    from inroads.kernels.groups import two_hop_counts

    weights = np.ones(g.n) if count is None else count.astype(np.float64)
    group = np.zeros(0, dtype=np.int64) if same_group is None else np.asarray(same_group).astype(np.int64)
    one, two, same = two_hop_counts(g.indptr, g.indices, np.asarray(rows, dtype=np.int64), weights, group)
    return one.astype(np.int64), two.astype(np.int64), None if same_group is None else same


@dataclass
class _Analysis:
    """Everything one run computed: per-node scores, the communities, the selection and the facts for attrs."""

    betweenness: np.ndarray
    closeness: np.ndarray  # NaN outside the picks when ``closeness_sample`` is set
    found: Communities
    chosen: np.ndarray
    is_awareness: np.ndarray
    within: dict[int, float] = field(default_factory=dict)
    audience: np.ndarray | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    niches: Communities | None = None
    roles: pd.DataFrame | None = None
    rule: str = "niche"
    closeness_sample: ClosenessSample | None = None


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
    rule: str,
    niche_size: int,
    everyone: bool = True,
) -> _Analysis:
    """The shortlist's steps in order: check, resolve who may be picked, score, find niches, choose, gather facts.

    ``everyone=False``: only the list is wanted, so closeness may be exact for the picks alone, its percentile sampled
    (:func:`~inroads.influencers_steps.closeness_by_sample`); otherwise every person's scores are computed.
    """
    check_centrality_options(centrality_options)
    check_options(g, size, split, scope, rule)
    check_niche_options(g, niche_size, resolution)
    who = candidates(g, audience=audience, me=me, exclude=exclude, include=include)
    methods: list[str] = []
    notes: list[str] = []
    sampled = not everyone and closeness_by_sample(g, who.audience, rule, centrality_options)
    betweenness, closeness = centrality_scores(
        g, who.audience, centrality_options, methods, closeness=not sampled, guarantees=notes
    )
    found, niche_found = communities_and_niches(g, niche_size=niche_size, resolution=resolution, seed=seed)
    threads = {k: v for k, v in centrality_options.items() if k == "threads"}
    role_table = roles(g, niche_found.membership, **threads)
    within: dict[int, float] = {}
    if rule == "niche":
        if scope == "community":
            notes.append("--scope community applies to --rule global; the niche rule already picks within niches")
        chosen, is_awareness = _select_by_niche(
            g, betweenness, niche_found, role_table, who, size=size, split=split
        )  # fmt: skip
    else:
        assert closeness is not None  # only the niche rule samples it
        conversion = (
            community_conversion(g, found, who.audience, centrality_options, methods, within)
            if scope == "community"
            else None
        )
        chosen, is_awareness = select(betweenness, closeness, g.ids, size=size, split=split, eligible=who.eligible,
                                      forced=who.forced, conversion=conversion)  # fmt: skip
    sample = None
    if closeness is None:
        closeness, sample = picks_closeness(g, chosen, centrality_options, seed=seed, methods=methods, notes=notes)
    if size > g.n / 2:
        notes.append(f"--size {size} is more than half of the {g.n} people: the list is most of the network")
    if who.unknown_excluded:
        notes.append(f"{who.unknown_excluded} ids of --exclude are not in the network and were ignored")
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
        "excluded": who.excluded,
        "included": int(who.forced.size),
        "audience": None
        if who.audience is None
        else {"conditions": list(audience or []), "members": int(who.audience.sum())},
        "me": None if who.me is None else str(g.ids[who.me]),
        "notes": notes,
    }
    if sample is not None:
        facts["closeness_sample"] = sample.as_dict()
    return _Analysis(betweenness, closeness, found, chosen, is_awareness, within, who.audience, facts, niche_found,
                     role_table, rule, sample)  # fmt: skip


def _inside_ties(g: Graph, role_table: pd.DataFrame) -> np.ndarray:
    """Each person's distinct contacts inside their own niche: ``inside_share x`` distinct contacts, rounded (the
    share was formed as that count over the contacts, so rounding recovers it exactly)."""
    share = np.nan_to_num(role_table["inside_share"].to_numpy(), nan=0.0)
    return np.rint(share * _degree(g)).astype(np.int64)


def _select_by_niche(
    g: Graph,
    betweenness: np.ndarray,
    niche_found: Communities,
    role_table: pd.DataFrame,
    who: Candidates,
    *,
    size: int,
    split: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The niche rule's picks (:func:`inroads.influencers_niche.select_niche`) from the role figures."""
    ptr, reached, _ = niche_contacts(g, niche_found.membership)
    mask = who.audience
    seats = (
        niche_found.sizes if mask is None else np.bincount(niche_found.membership[mask], minlength=niche_found.count)
    )
    niche_roles = NicheRoles(
        betweenness=betweenness, membership=niche_found.membership.astype(np.int64),
        niche_closeness=role_table["niche_closeness"].to_numpy(),
        inside_share=role_table["inside_share"].to_numpy(), inside_ties=_inside_ties(g, role_table),
        participation=role_table["participation"].to_numpy(),
        reach_ptr=ptr, reach_niches=reached, seat_weights=seats,
    )  # fmt: skip
    return select_niche(niche_roles, g.ids, size=size, split=split, eligible=who.eligible, forced=who.forced)


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
    size: int = DEFAULTS["size"],
    split: float = DEFAULTS["split"],
    rule: str = DEFAULTS["rule"],
    scope: str = DEFAULTS["scope"],
    audience: Sequence[str] | None = DEFAULTS["audience"],
    me: str | None = DEFAULTS["me"],
    exclude: Iterable[str] = DEFAULTS["exclude"],
    include: Iterable[str] = DEFAULTS["include"],
    resolution: float = DEFAULTS["resolution"],
    niche_size: int = DEFAULTS["niche_size"],
    seed: int = DEFAULTS["seed"],
    include_owners: bool = False,
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
    include_owners : bool, default False
        Keep the records' owners (``graph.meta["owners"]``: the user's team) eligible; by default they become ``me``
        and are never listed (:func:`inroads.owners.owner_rule`).
    **centrality_options
        Passed to the centrality engine: :data:`CENTRALITY_OPTIONS` (``method``, ``epsilon``, ``delta``, ``budget``,
        ``threads``, ``progress``); any other keyword is an :class:`~inroads.errors.OptionError` naming it.

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
    options = dict(
        size=size, split=split, rule=rule, scope=scope, audience=audience, me=me, exclude=exclude, include=include,
        resolution=resolution, niche_size=niche_size, seed=seed, include_owners=include_owners, **centrality_options,
    )  # fmt: skip
    settings = _settings(g, options)
    result = _analyse(g, **settings, centrality_options=options, everyone=False)
    return _table(g, result, scope=settings["scope"], me=settings["me"])


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
            "closeness_pct": percentile(result.closeness)[rows]
            if result.closeness_sample is None
            else result.closeness_sample.percentile(result.closeness[rows]),
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
