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
``map`` and ``layout`` : the network map — what is drawn and where; schema and rule in
    :mod:`inroads.report.mapview` (``layout`` holds x, y, component and community of every node drawn and who was
    aggregated).
``charts`` : list of ``{"id", "title", "kind" ("bar" | "line"), "x", "xlabel", "ylabel", "series": [{"name",
    "values"}], "explain"}`` — the majority-illusion and reach charts, when computed.
``explain`` : dict of one plain paragraph per figure (``header``, ``table``, ``scatter``, ``map``).
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import csgraph

from inroads.graph import Graph
from inroads.report.mapview import MAP_LIMIT, map_view
from inroads.report.render import to_jsonable

__all__ = ["MAP_LIMIT", "build", "illusion_chart", "reach_chart"]

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
    "table": "The people worth building relationships with. Awareness influencers are connectors: many shortest paths "
    "between others run through them (betweenness) and their ties spread over many niches, so news they pass on "
    "crosses groups. Conversion influencers are niche experts: the closest people inside a small group whose ties stay "
    "mostly inside it, so their word carries weight there. Click a column to sort; type to filter.",
    "scatter": "Each dot is a person: how much of a bridge they are (betweenness, across) against how close they are "
    "to everyone (closeness, up), as percentile ranks so the dots spread out (0 = lowest, 100 = highest; hover for "
    "the scores). Dashed lines, when shown, are the cut-offs of --rule global; coloured dots are shortlisted.",
    "map": "Who is linked to whom. Colours, tinted regions and places are communities (groups more tightly linked "
    "inside than out); small separate groups and loners sit in the band on the right. Shortlisted people are diamonds "
    "(awareness) or circles (conversion), ringed, and named where the name fits. Sizes follow the figure picked beside "
    "the map. Hover over a person to see their row, click to light up their contacts; drag to move, scroll to zoom.",
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
    charts: list[dict[str, Any]] | None = None,
    map_size: str = "betweenness",
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
    charts : list of dict, optional
        Ready chart specs appended after the illusion and reach charts (the role and evidence charts of
        :mod:`inroads.report.charts`).
    map_limit : int, default 5000
        Largest network drawn in full; see "The map rule" in :mod:`inroads.report.mapview`.
    seed : int
        Seed of the map layout.
    map_size : {"betweenness", "closeness", "degree"}
        The figure the map's node sizes follow (the page lets the reader switch).

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
    drawn, layout = map_view(
        g, row=row, membership=membership, scores=scores, limit=map_limit, seed=seed, size_by=map_size
    )
    shown = [_chart(spec, name, g.n) for name, spec in (("illusion", illusion), ("reach", reach)) if spec is not None]
    shown += list(charts or [])
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
        "map": drawn,
        "layout": layout,
        "charts": shown,
        "explain": dict(EXPLAIN),
    }
    return to_jsonable(report)
