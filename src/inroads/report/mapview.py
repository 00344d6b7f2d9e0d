"""The network map as data: who is drawn, where (:mod:`inroads.report.layout`), how big, and what was aggregated.

:func:`map_view` is the one door to the map: the report's page, its PNGs (:mod:`inroads.report.plots`) and the local
web app call it, so all of them draw the same picture. It returns two plain dicts:

``map`` (what is drawn)
    ``mode`` (``"full"``, ``"focus"`` or ``"empty"``), ``rule`` (plain text), ``message`` (``""``, or why there is no
    picture to draw), ``total_nodes``, ``total_edges``, per drawn node ``name``, ``id``, ``degree``, ``row``
    (shortlist row or -1), ``members`` (0 for a person; for a summary node, the people of its community it stands
    for), ``size`` (``{figure: [value per node]}`` for ``betweenness``, ``closeness`` and ``degree``, raw values,
    summary nodes 0), ``size_by`` (the figure node sizes follow by default); ``edges`` is a flat
    ``[u0, v0, u1, v1, ...]`` list of drawn-node indices.
``layout`` (where it is drawn; anyone can check the picture's geometry from it)
    ``algorithm`` (words), ``seed``, per drawn node ``id``, ``x``, ``y`` (unit square, 4 decimals, y downwards),
    ``component`` (0 = largest, over the drawn graph), ``community`` (0 = largest); ``main_component`` (bool);
    ``aggregated``: ``{"community": [c], "members": [count], "people": [id], "people_community": [c]}`` — the
    communities drawn as one node each, and every person not drawn on their own with their community (people of
    communities too small for a node of their own are neither drawn nor aggregated: ``hidden`` counts them).

The map rule
------------
Up to ``limit`` (5,000) people the map draws every person and link. Past it, it draws the shortlisted people, then
their neighbours (those linked to most shortlisted people first, then by degree), then everyone else by degree, until
``limit`` people are drawn, the links among them, and one summary node per community for its people not drawn (the
300 communities with most of them, each with at least 0.1% of the people and at least 3 people left), sized by those
people and linked to the others by the links between the communities; everyone is laid out by the same
community-aware force layout, people pulled towards their community's node.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from inroads.graph import Graph
from inroads.report.layout import map_layout

__all__ = ["MAP_LIMIT", "SIZE_FIGURES", "map_view", "undirected_pairs"]

MAP_LIMIT = 5000
#: Communities that get a summary node on a focus map: at most this many, the largest, each holding at least
#: ``SUMMARY_MIN_SHARE`` of the people and ``SUMMARY_MIN_MEMBERS`` people.
SUMMARY_COMMUNITIES = 300
SUMMARY_MIN_SHARE = 0.001
SUMMARY_MIN_MEMBERS = 3
#: Figures a node's size can follow; the first is the default.
SIZE_FIGURES = ("betweenness", "closeness", "degree")
ALGORITHM = (
    "community-aware Fruchterman-Reingold (igraph, grid repulsion): communities placed first, links between "
    "communities pulling 0.02, dense communities pulling less inside; components packed, the largest on the left, "
    "the rest in a band on the right"
)


def undirected_pairs(g: Graph) -> np.ndarray:
    """One row ``(u, v)`` per linked pair: a map shows who is linked, not which way."""
    src, dst, _ = g.edges()
    if g.directed:
        low, high = np.minimum(src, dst), np.maximum(src, dst)
        return np.unique(np.column_stack([low, high]), axis=0).astype(np.int64).reshape(-1, 2)
    return np.column_stack([src, dst]).astype(np.int64).reshape(-1, 2)


def _focus_nodes(n: int, pairs: np.ndarray, row: np.ndarray, limit: int) -> np.ndarray:
    """Shortlisted people, their neighbours by links to the shortlist and degree, then the others by degree, up to
    ``limit`` people (a network just past the limit is then still drawn almost whole)."""
    chosen = row >= 0
    links_to_chosen = np.bincount(pairs[chosen[pairs[:, 0]], 1], minlength=n) + np.bincount(
        pairs[chosen[pairs[:, 1]], 0], minlength=n
    )
    degree = np.bincount(pairs.ravel(), minlength=n)
    candidates = np.flatnonzero(~chosen)
    near = links_to_chosen[candidates] > 0
    order = candidates[np.lexsort((candidates, -degree[candidates], -links_to_chosen[candidates], ~near))]
    room = max(limit - int(chosen.sum()), 0)
    return np.sort(np.concatenate([np.flatnonzero(chosen), order[:room]]))


def _message(n: int, links: int) -> str:
    """Why there is no picture, or ``""`` when there is one."""
    if n == 0:
        return "The network has no people, so there is no map to draw. Check that the input file holds the network."
    if n == 1:
        return "The network has one person and no links, so there is no map to draw. Check the input file."
    if links == 0:
        return (
            f"None of the {n:,} people are linked to anyone (the network has no links), so there is no map to draw. "
            "Check that the edge file was read with the right columns and separator."
        )
    return ""


def _figures(scores: Any, n: int, degree: np.ndarray) -> dict[str, np.ndarray]:
    figures = {"degree": degree.astype(np.float64)}
    for name in ("betweenness", "closeness"):
        values = None if scores is None else scores.get(name) if hasattr(scores, "get") else None
        figures[name] = np.zeros(n) if values is None else np.asarray(values, dtype=np.float64)
    return figures


def map_view(
    g: Graph,
    *,
    row: np.ndarray,
    membership: np.ndarray,
    scores: Any = None,
    limit: int = MAP_LIMIT,
    seed: int = 0,
    size_by: str = "betweenness",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``map`` and ``layout`` dicts of ``g`` (schema and rule in the module docstring).

    Parameters
    ----------
    g : Graph
    row : numpy.ndarray of int, shape (n,)
        Shortlist row of each node, -1 when not shortlisted.
    membership : numpy.ndarray of int, shape (n,)
        Community of each node, 0 = largest.
    scores : mapping of arrays, optional
        ``betweenness`` and ``closeness`` of every node (node order) for node sizes; without them those sizes are 0.
    limit : int, default 5000
        Largest network drawn in full.
    seed : int
        Seed of the layout.
    size_by : {"betweenness", "closeness", "degree"}
        The figure node sizes follow by default (the page lets the reader switch).

    Returns
    -------
    (dict, dict)
        ``map`` and ``layout``, numpy arrays inside (``render.to_jsonable`` makes them plain).

    Examples
    --------
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> drawn, where = map_view(g, row=np.array([-1, 0, -1]), membership=np.zeros(3, dtype=int))
    >>> drawn["mode"], drawn["message"], where["component"].tolist(), len(where["x"])
    ('full', '', [0, 0, 0], 3)
    """
    from inroads.errors import OptionError

    if size_by not in SIZE_FIGURES:
        raise OptionError(
            f"unknown size figure {size_by!r}", where="size_by", fix=f"use one of {', '.join(SIZE_FIGURES)}"
        )
    pairs = undirected_pairs(g)
    degree = np.bincount(pairs.ravel(), minlength=g.n)
    names, ids = g.display_names(), g.ids
    figures = _figures(scores, g.n, degree)
    message = _message(g.n, len(pairs))
    no_one = np.zeros(0, dtype=np.int64)
    if g.n <= limit or message:
        placed = map_layout(g.n, pairs, community=membership, seed=seed)
        drawn: dict[str, Any] = {
            "mode": "empty" if message else "full",
            "rule": f"Nothing is drawn: {g.n:,} people and no links."
            if message
            else f"All {g.n:,} people and {len(pairs):,} links are drawn (maps of up to {limit:,} people are drawn "
            "in full).",
            "message": message,
            "total_nodes": g.n,
            "total_edges": len(pairs),
            "name": names,
            "id": ids,
            "degree": degree,
            "row": row,
            "members": np.zeros(g.n, dtype=np.int64),
            "size": figures,
            "size_by": size_by,
            "edges": pairs.ravel(),
        }
        aggregated = {"community": no_one, "members": no_one, "people": [], "people_community": no_one, "hidden": 0}
        return drawn, _layout(placed, ids, membership, aggregated, seed)
    people = _focus_nodes(g.n, pairs, row, limit)
    local = np.full(g.n, -1, dtype=np.int64)
    local[people] = np.arange(people.size)
    inside = (local[pairs[:, 0]] >= 0) & (local[pairs[:, 1]] >= 0)
    person_edges = local[pairs[inside]]
    # A community node stands for the people of its community who are not drawn one by one: sized by them.
    not_drawn = np.ones(g.n, dtype=bool)
    not_drawn[people] = False
    sizes = np.bincount(membership[not_drawn], minlength=int(membership.max()) + 1)
    by_size = np.argsort(-sizes, kind="stable")
    # Tiny groups (often separate components of two or three people) would float at the rim and shrink the drawing of
    # everyone else: only communities with at least 0.1% of the people left undrawn get a node.
    smallest = max(SUMMARY_MIN_MEMBERS, int(np.ceil(SUMMARY_MIN_SHARE * g.n)))
    summarised = by_size[sizes[by_size] >= smallest][:SUMMARY_COMMUNITIES]
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
    # Links between community nodes pull by their share of both ends' links (count / √(total_u · total_v)): raw counts
    # made every community node of a large network pull on every other, and they collapsed into one blob.
    totals = np.bincount(summary_edges.ravel(), weights=np.repeat(counts, 2), minlength=people.size + summarised.size)
    share = counts / np.sqrt(np.maximum(totals[summary_edges[:, 0]] * totals[summary_edges[:, 1]], 1.0))
    weights = np.concatenate([np.ones(len(person_edges)), 3.0 * share, np.full(len(anchors), 0.5)])
    drawn_community = np.concatenate([membership[people], summarised])
    placed = map_layout(
        people.size + summarised.size, layout_edges, community=drawn_community, weights=weights, seed=seed
    )
    summary_names = np.array([f"community {c}: {sizes[c]:,} more people" for c in summarised], dtype=object)
    folded = not_drawn & (summary_index[membership] >= 0)
    hidden = g.n - people.size - int(folded.sum())
    drawn = {
        "mode": "focus",
        "rule": f"The network has {g.n:,} people, more than the {limit:,} drawn in full: the map shows the "
        f"shortlisted people and {people.size - int((row >= 0).sum()):,} others, their contacts first, then the "
        f"best-connected ({people.size:,} people, {len(person_edges):,} links among them)."
        + (
            f" The other {int(folded.sum()):,} people are aggregated into one large pale node for each of the "
            f"{summarised.size:,} communities they belong to, sized by those people and linked to the others by the "
            "links between the communities."
            if folded.any()
            else ""
        )
        + (f" {hidden:,} people (of communities with fewer than {smallest:,} left) are not drawn." if hidden else ""),
        "message": "",
        "total_nodes": g.n,
        "total_edges": len(pairs),
        "name": np.concatenate([names[people], summary_names]),
        "id": np.concatenate([ids[people], np.array([f"community:{c}" for c in summarised], dtype=object)]),
        "degree": np.concatenate([degree[people], np.zeros(summarised.size, dtype=np.int64)]),
        "row": np.concatenate([row[people], np.full(summarised.size, -1, dtype=np.int64)]),
        "members": np.concatenate([np.zeros(people.size, dtype=np.int64), sizes[summarised]]),
        "size": {name: np.concatenate([values[people], np.zeros(summarised.size)]) for name, values in figures.items()},
        "size_by": size_by,
        "edges": np.concatenate([person_edges, summary_edges]).ravel(),
    }
    aggregated = {
        "community": summarised,
        "members": sizes[summarised],
        "people": ids[folded],
        "people_community": membership[folded],
        "hidden": hidden,
    }
    return drawn, _layout(placed, drawn["id"], drawn_community, aggregated, seed)


def _layout(placed: Any, ids: Any, community: np.ndarray, aggregated: dict[str, Any], seed: int) -> dict[str, Any]:
    return {
        "algorithm": ALGORITHM,
        "seed": seed,
        "id": ids,
        "x": placed.xy[:, 0],
        "y": placed.xy[:, 1],
        "component": placed.component,
        "community": community,
        "main_component": placed.main_component,
        "aggregated": aggregated,
    }
