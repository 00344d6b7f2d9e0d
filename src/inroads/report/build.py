"""``build()``: everything the report shows, as one JSON-serialisable dict.

The HTML page (:mod:`inroads.report.html`), the PNG charts (:mod:`inroads.report.plots`) and ``inroads report
--format json`` are all renderers of this one dict, so what the page shows can be checked in plain JSON.

Schema (``schema`` = 1)
-----------------------
``title`` : str
``network`` : dict of figures shown in the header, in display order — ``nodes``, ``edges``, ``directed``,
    ``weighted``, ``components``, ``largest_component_nodes``, ``density``, ``diameter_estimate`` (hops, double-sweep
    lower bound on the largest component, direction ignored), ``communities``, ``modularity``, ``method``,
    ``guarantee`` (in words, from ``method`` or ``epsilon``/``delta``), ``source`` (missing facts are left out).
``shortlist`` : ``{"columns": [str], "rows": [[value]]}`` — the shortlist table as given, row order kept.
``thresholds`` : ``{"betweenness": float | None, "closeness": float | None}`` — the selection cut-offs.
``scatter`` : ``{"betweenness": [float], "closeness": [float], "type": [str], "name": [str], "row": [int]}`` — one
    point per person (every node when per-node scores are given, else the shortlist); ``type`` is the shortlist type
    or ``""``; ``row`` indexes ``shortlist.rows`` or is -1.
``map`` : the network map — ``mode`` (``"full"`` or ``"focus"``), ``rule`` (plain text), ``total_nodes``,
    ``total_edges``, and per drawn node ``x``, ``y`` (unit square, 4 decimals), ``name``, ``id``, ``community``
    (0 = largest), ``degree``, ``row`` (shortlist row or -1), ``members`` (0 for a person; community size for a
    summary node); ``edges`` is a flat ``[u0, v0, u1, v1, ...]`` list of drawn-node indices.
``charts`` : list of ``{"id", "title", "kind" ("bar" | "line"), "x", "xlabel", "ylabel", "series": [{"name",
    "values"}], "explain"}`` — the majority-illusion and reach charts, when computed.
``explain`` : dict of one plain paragraph per figure (``header``, ``table``, ``scatter``, ``map``).

The map rule
------------
Up to ``map_limit`` (5,000) nodes the map draws every node and edge. Past it, it draws the shortlisted people, then
their neighbours (those linked to most shortlisted people first, then by degree) until ``map_limit`` people are
drawn, the edges among them, and one summary node per community (the 300 largest of those holding at least 0.1% of
the people and at least 3 people) sized by its members and linked to the others by the edges between the communities.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import csgraph

from inroads.graph import Graph
from inroads.report.layout import map_positions
from inroads.report.render import to_jsonable

__all__ = ["MAP_LIMIT", "build", "illusion_chart", "reach_chart"]

MAP_LIMIT = 5000
#: Communities that get a summary node on a focus map: at most this many, the largest, each holding at least
#: ``SUMMARY_MIN_SHARE`` of the people and ``SUMMARY_MIN_MEMBERS`` people.
SUMMARY_COMMUNITIES = 300
SUMMARY_MIN_SHARE = 0.001
SUMMARY_MIN_MEMBERS = 3
#: Scatter points past this are thinned to the strongest people (the shortlist is always kept).
SCATTER_LIMIT = 20000

HEADER_KEYS = (
    "nodes",
    "edges",
    "directed",
    "weighted",
    "components",
    "largest_component_nodes",
    "density",
    "diameter_estimate",
    "communities",
    "modularity",
    "method",
    "guarantee",
    "source",
    "pseudonymized",  # --pseudonymize: the report says that ids and names are salted hashes
)

EXPLAIN = {
    "header": "The size and shape of the network. Density is the share of possible links that exist; the diameter "
    "is the longest chain of introductions needed between two people of the largest group (at least this many hops).",
    "table": "The people worth building relationships with. Awareness influencers are bridges: many shortest paths "
    "between others run through them (betweenness), so news they pass on crosses groups. Conversion influencers are "
    "close to everyone (closeness), so their word reaches people quickly and often. Click a column to sort; type to "
    "filter.",
    "scatter": "Each dot is a person: how much of a bridge they are (betweenness, across) against how close they are "
    "to everyone (closeness, up). The dashed lines are the cut-offs the shortlist used; coloured dots are shortlisted.",
    "map": "Who is linked to whom. Colours are communities (groups more tightly linked inside than out); shortlisted "
    "people are larger and named. Hover over a person to see their row, click to light up their contacts; drag to "
    "move, scroll to zoom.",
}


def _diameter_estimate(g: Graph) -> int:
    """Double-sweep lower bound of the diameter in hops, on the largest component with direction ignored."""
    if g.n < 2 or g.m == 0:
        return 0
    adjacency = g.adjacency()
    if g.directed:
        adjacency = (adjacency + adjacency.T).tocsr()
    _, labels = csgraph.connected_components(adjacency, directed=False)
    biggest = int(np.argmax(np.bincount(labels)))
    start = int(np.flatnonzero(labels == biggest)[0])
    best = 0
    for _ in range(2):  # two sweeps: the farthest node from a node is a good start for the next sweep
        hops = csgraph.shortest_path(adjacency, unweighted=True, indices=start, directed=False)
        hops[~np.isfinite(hops)] = -1
        start = int(np.argmax(hops))
        best = max(best, int(hops[start]))
    return best


def _guarantee(facts: dict[str, Any]) -> str | None:
    """The guarantee in words: exact, or the approximation's ``epsilon`` and ``delta``."""
    epsilon, delta = facts.get("epsilon"), facts.get("delta")
    if epsilon is not None and delta is not None:
        return f"scores within ±{epsilon:g} of exact, with probability at least {1 - delta:g}"
    if facts.get("method") == "exact":
        return "exact scores (no sampling error)"
    return None


def _frame_facts(shortlist: pd.DataFrame) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for key, value in shortlist.attrs.items():
        facts[str(key)] = asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
    return facts


def _membership(g: Graph, communities: Any) -> tuple[np.ndarray, float | None]:
    """Community of each node (0 = largest) and the modularity when known."""
    if communities is None:
        from inroads.communities import communities as detect

        communities = detect(g)
    if hasattr(communities, "membership"):
        return np.asarray(communities.membership, dtype=np.int64), float(communities.modularity)
    raw = np.asarray(communities)
    _, inverse, counts = np.unique(raw, return_inverse=True, return_counts=True)
    rank = np.empty(counts.size, dtype=np.int64)
    rank[np.lexsort((np.arange(counts.size), -counts))] = np.arange(counts.size)
    return rank[inverse.ravel()], None


def _shortlist_rows(g: Graph, shortlist: pd.DataFrame) -> np.ndarray:
    """Shortlist row of each node, -1 when not shortlisted."""
    row = np.full(g.n, -1, dtype=np.int64)
    if len(shortlist):
        row[g.indices_of(shortlist["id"].astype(str))] = np.arange(len(shortlist))
    return row


def _scatter(g: Graph, shortlist: pd.DataFrame, row: np.ndarray, scores: Any) -> dict[str, Any]:
    names = g.display_names()
    types = shortlist["type"].astype(str).to_numpy() if "type" in shortlist else np.full(len(shortlist), "")
    if scores is not None:
        betweenness = np.asarray(scores["betweenness"], dtype=np.float64)
        closeness = np.asarray(scores["closeness"], dtype=np.float64)
        who = np.arange(g.n)
        if g.n > SCATTER_LIMIT:
            strength = np.maximum(pd.Series(betweenness).rank(pct=True), pd.Series(closeness).rank(pct=True))
            keep = np.argsort(-strength.to_numpy(), kind="stable")[:SCATTER_LIMIT]
            who = np.union1d(keep, np.flatnonzero(row >= 0))
        point_type = np.where(row[who] >= 0, types[np.maximum(row[who], 0)] if len(types) else "", "")
        return {
            "betweenness": betweenness[who],
            "closeness": closeness[who],
            "type": point_type,
            "name": names[who],
            "row": row[who],
        }
    return {
        "betweenness": shortlist.get("betweenness", pd.Series(dtype=float)).to_numpy(),
        "closeness": shortlist.get("closeness", pd.Series(dtype=float)).to_numpy(),
        "type": types,
        "name": names[g.indices_of(shortlist["id"].astype(str))] if len(shortlist) else [],
        "row": np.arange(len(shortlist)),
    }


def _undirected_pairs(g: Graph) -> np.ndarray:
    src, dst, _ = g.edges()
    if g.directed:  # a map shows who is linked: one line per linked pair
        low, high = np.minimum(src, dst), np.maximum(src, dst)
        pairs = np.unique(np.column_stack([low, high]), axis=0)
        return pairs.astype(np.int64)
    return np.column_stack([src, dst]).astype(np.int64)


def _focus_nodes(g: Graph, pairs: np.ndarray, row: np.ndarray, limit: int) -> np.ndarray:
    """Shortlisted people, then their neighbours by links to the shortlist and degree, up to ``limit`` people."""
    chosen = row >= 0
    links_to_chosen = np.bincount(pairs[chosen[pairs[:, 0]], 1], minlength=g.n) + np.bincount(
        pairs[chosen[pairs[:, 1]], 0], minlength=g.n
    )
    degree = np.bincount(pairs.ravel(), minlength=g.n)
    candidates = np.flatnonzero(~chosen & (links_to_chosen > 0))
    order = candidates[np.lexsort((candidates, -degree[candidates], -links_to_chosen[candidates]))]
    room = max(limit - int(chosen.sum()), 0)
    return np.sort(np.concatenate([np.flatnonzero(chosen), order[:room]]))


def _map(g: Graph, row: np.ndarray, membership: np.ndarray, limit: int, seed: int) -> dict[str, Any]:
    pairs = _undirected_pairs(g)
    degree = np.bincount(pairs.ravel(), minlength=g.n)
    names, ids = g.display_names(), g.ids
    if g.n <= limit:
        xy = map_positions(g.n, pairs, seed=seed)
        return {
            "mode": "full",
            "rule": f"All {g.n:,} people and {len(pairs):,} links are drawn (maps of up to {limit:,} people are drawn "
            "in full).",
            "total_nodes": g.n,
            "total_edges": len(pairs),
            "x": xy[:, 0],
            "y": xy[:, 1],
            "name": names,
            "id": ids,
            "community": membership,
            "degree": degree,
            "row": row,
            "members": np.zeros(g.n, dtype=np.int64),
            "edges": pairs.ravel(),
        }
    people = _focus_nodes(g, pairs, row, limit)
    local = np.full(g.n, -1, dtype=np.int64)
    local[people] = np.arange(people.size)
    inside = (local[pairs[:, 0]] >= 0) & (local[pairs[:, 1]] >= 0)
    person_edges = local[pairs[inside]]
    sizes = np.bincount(membership)
    by_size = np.argsort(-sizes, kind="stable")
    # Tiny communities (often separate components of two or three people) would float at the rim and shrink the
    # drawing of everyone else: only communities of at least 0.1% of the people get a summary node.
    smallest = max(SUMMARY_MIN_MEMBERS, int(np.ceil(SUMMARY_MIN_SHARE * g.n)))
    summarised = by_size[sizes[by_size] >= smallest]
    summarised = summarised[:SUMMARY_COMMUNITIES]
    summary_index = np.full(sizes.size, -1, dtype=np.int64)
    summary_index[summarised] = people.size + np.arange(summarised.size)
    # Links between communities, counted once per pair of communities.
    cu, cv = membership[pairs[:, 0]], membership[pairs[:, 1]]
    between = (cu != cv) & (summary_index[cu] >= 0) & (summary_index[cv] >= 0)
    community_pairs, counts = np.unique(
        np.column_stack([np.minimum(cu, cv), np.maximum(cu, cv)])[between], axis=0, return_counts=True
    )
    summary_edges = summary_index[community_pairs].reshape(-1, 2)
    # The layout also pulls each person towards their community's summary node; those ties are not drawn.
    anchored = summary_index[membership[people]] >= 0
    anchors = np.column_stack([np.flatnonzero(anchored), summary_index[membership[people[anchored]]]])
    layout_edges = np.concatenate([person_edges, summary_edges, anchors]).astype(np.int64)
    weights = np.concatenate([np.ones(len(person_edges)), 1.0 + np.log1p(counts), np.full(len(anchors), 0.5)])
    xy = map_positions(people.size + summarised.size, layout_edges, weights=weights, seed=seed)
    summary_names = np.array([f"community {c} ({sizes[c]:,} people)" for c in summarised], dtype=object)
    return {
        "mode": "focus",
        "rule": f"The network has {g.n:,} people, more than the {limit:,} drawn in full: the map shows the "
        f"shortlisted people and {people.size - int((row >= 0).sum()):,} of their contacts ({people.size:,} people, "
        f"{len(person_edges):,} links among them), plus one large pale node for each of the {summarised.size:,} "
        "largest communities, sized by its members and linked to the others by the links between them (communities "
        f"of fewer than {smallest:,} people have none).",
        "total_nodes": g.n,
        "total_edges": len(pairs),
        "x": xy[:, 0],
        "y": xy[:, 1],
        "name": np.concatenate([names[people], summary_names]),
        "id": np.concatenate([ids[people], np.array([f"community:{c}" for c in summarised], dtype=object)]),
        "community": np.concatenate([membership[people], summarised]),
        "degree": np.concatenate([degree[people], np.zeros(summarised.size, dtype=np.int64)]),
        "row": np.concatenate([row[people], np.full(summarised.size, -1, dtype=np.int64)]),
        "members": np.concatenate([np.zeros(people.size, dtype=np.int64), sizes[summarised]]),
        "edges": np.concatenate([person_edges, summary_edges]).ravel(),
    }


def illusion_chart(result: Any) -> dict[str, Any]:
    """Chart spec of an :class:`inroads.illusion.IllusionResult`: what people see against what is true, by decile."""
    deciles = result.by_degree_decile
    summary = result.summary
    return {
        "id": "illusion",
        "title": "Majority illusion: what people see against what is true",
        "kind": "bar",
        "x": [f"{int(d)}" for d in deciles["decile"]],
        "xlabel": "people grouped by how many contacts they have (1 = fewest, 10 = most)",
        "ylabel": "share",
        "series": [
            {"name": "holders among them", "values": deciles["holders_share"].to_numpy()},
            {"name": "share they see among their contacts", "values": deciles["mean_perceived_share"].to_numpy()},
            {"name": "who see a majority", "values": deciles["share_seeing_majority"].to_numpy()},
        ],
        "explain": f"{summary['global_share']:.0%} of people hold the attribute, yet "
        f"{summary['share_seeing_majority']:.0%} of those with contacts see it in more than "
        f"{summary['threshold']:.0%} of their contacts. When the well-connected hold it, it looks more common than it "
        "is (Lerman, Yan & Wu 2016).",
        "summary": summary,
    }


def reach_chart(result: Any, nodes: int) -> dict[str, Any]:
    """Chart spec of an :class:`inroads.reach.ReachResult`: the shortlist's reach against baseline seed sets."""
    table = result.table
    hops = result.meta.get("hops", 2)
    series = [{"name": f"share within {hops} hops", "values": table["share_within_hops"].to_numpy()}]
    if "cascade_mean" in table:
        series.append(
            {
                "name": f"expected cascade share (p = {result.meta.get('cascade_probability')})",
                "values": table["cascade_mean"].to_numpy() / max(nodes, 1),
            }
        )
    given = table.loc[table["strategy"] == "given", "share_within_hops"]
    lead = f"The shortlist reaches {float(given.iloc[0]):.0%} of the network within {hops} hops. " if len(given) else ""
    return {
        "id": "reach",
        "title": "Reach: the shortlist against simple alternatives",
        "kind": "bar",
        "x": table["strategy"].astype(str).to_numpy(),
        "xlabel": "who is chosen (same number of people)",
        "ylabel": "share of the network",
        "series": series,
        "explain": lead + "Top-degree picks the best-connected people; random picks anyone. A cascade passes the word "
        "on along each link with the given probability (Kempe, Kleinberg & Tardos 2003).",
    }


def _chart(spec: Any, default_id: str, nodes: int = 0) -> dict[str, Any]:
    """Accept a ready chart spec, or a table whose first column is the x axis and other numeric columns series."""
    if isinstance(spec, dict):
        return {"id": default_id, **spec}
    if hasattr(spec, "by_degree_decile"):
        return illusion_chart(spec)
    if hasattr(spec, "chosen") and hasattr(spec, "table"):
        return reach_chart(spec, nodes)
    if isinstance(spec, pd.DataFrame):
        x = spec.columns[0]
        series = [
            {"name": str(c), "values": spec[c].to_numpy()}
            for c in spec.columns[1:]
            if pd.api.types.is_numeric_dtype(spec[c])
        ]
        return {
            "id": default_id,
            "title": default_id,
            "kind": "line",
            "x": spec[x].to_numpy(),
            "xlabel": str(x),
            "ylabel": "",
            "series": series,
            "explain": "",
        }
    raise TypeError(f"cannot draw {type(spec).__name__} as a chart")


def build(
    g: Graph,
    shortlist_table: pd.DataFrame,
    *,
    facts: dict[str, Any] | None = None,
    scores: Any = None,
    communities: Any = None,
    illusion: Any = None,
    reach: Any = None,
    title: str | None = None,
    map_limit: int = MAP_LIMIT,
    seed: int = 0,
) -> dict[str, Any]:
    """Everything the report shows, as one JSON-serialisable dict (schema in the module docstring).

    Parameters
    ----------
    g : Graph
    shortlist_table : pandas.DataFrame
        The shortlist (columns ``rank, id, label, type, betweenness, closeness, ..., why``); facts in its ``.attrs``
        (e.g. ``method``, ``guarantee``, ``modularity``, ``betweenness_cutoff``, ``closeness_cutoff``) are used.
    facts : dict, optional
        More header figures; they win over the table's ``.attrs`` and the computed ones.
    scores : mapping of arrays, optional
        ``betweenness`` and ``closeness`` of every node (node order), for a scatter of everyone.
    communities : Communities or array of int, optional
        Community of every node; detected with :func:`inroads.communities.communities` when absent.
    illusion, reach : optional
        An :class:`~inroads.illusion.IllusionResult` / :class:`~inroads.reach.ReachResult`, a chart spec dict or a
        DataFrame (first column = x axis).
    title : str, optional
    map_limit : int, default 5000
        Largest network drawn in full; see "The map rule".
    seed : int
        Seed of the map layout.

    Returns
    -------
    dict
        Plain Python values only: ``json.dumps`` accepts it as is.

    Examples
    --------
    >>> import json
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> table = pd.DataFrame({"rank": [1], "id": ["b"], "type": ["awareness"], "betweenness": [1.0],
    ...                       "closeness": [1.0], "why": ["bridge"]})
    >>> report = build(g, table, communities=[0, 0, 0])
    >>> report["network"]["nodes"], report["map"]["mode"], report["map"]["row"], len(json.dumps(report)) > 0
    (3, 'full', [-1, 0, -1], True)
    """
    from inroads.summary import summarize

    shortlist = shortlist_table.reset_index(drop=True)
    given = {**_frame_facts(shortlist), **(facts or {})}
    membership, modularity = _membership(g, communities)
    figures: dict[str, Any] = {
        **summarize(g),
        "diameter_estimate": _diameter_estimate(g),
        "communities": int(membership.max()) + 1 if g.n else 0,
    }
    if modularity is not None:
        figures["modularity"] = modularity
    figures.update(given)
    figures.setdefault("guarantee", _guarantee(figures))
    network = {key: figures[key] for key in HEADER_KEYS if key in figures and figures[key] not in (None, "")}
    row = _shortlist_rows(g, shortlist)
    charts = [_chart(spec, name, g.n) for name, spec in (("illusion", illusion), ("reach", reach)) if spec is not None]
    report = {
        "schema": 1,
        "title": title or f"inroads report: {Path(str(figures.get('source') or 'network')).name}",
        "network": network,
        "shortlist": {"columns": [str(c) for c in shortlist.columns], "rows": shortlist.to_numpy().tolist()},
        "thresholds": {
            "betweenness": given.get("betweenness_cutoff", given.get("betweenness_threshold")),
            "closeness": given.get("closeness_cutoff", given.get("closeness_threshold")),
        },
        "scatter": _scatter(g, shortlist, row, scores),
        "map": _map(g, row, membership, map_limit, seed),
        "charts": charts,
        "explain": dict(EXPLAIN),
    }
    return to_jsonable(report)
