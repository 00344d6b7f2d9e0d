"""Where each person sits on the map: a community-aware force layout with its components packed.

The picture a marketer expects from Gephi or NodeXL: the main group of people fills the canvas, its communities are
visible regions, and the small groups and loners sit in a compact band at the side instead of flinging the main
group into a dot in the middle.

How
---
1. **Components** are found with SciPy (``connected_components``, direction ignored).
2. **Each component** is laid out with igraph's Fruchterman–Reingold layout (its grid approximation of repulsion
   past 1,000 nodes), the force-directed family ForceAtlas2 and DrL belong to: igraph is already a dependency, and
   its layouts are C, seeded and maintained. Measured on ego-Facebook and Twitch (communities from Leiden): igraph's
   DrL separates communities well (mean link inside / between: 0.08 and 0.24) but takes 26 s and 14 s, past the
   10-second budget, and leaves 70-77% of the frame's cells empty; plain FR takes 0.4 s and 1.2 s but mixes the
   groups (0.32 and 0.90). The ForceAtlas2 packages on PyPI (``fa2`` and kin) were not tried: a new dependency needs
   a measured reason (DESIGN.md), and FR with the community placement below meets the figures within the budget.
   What none of them does, and is written here, is that placement:

   a. the communities of the component are laid out first as one node each (FR on the quotient graph, weighted by the
      links between them), spread so each has room in proportion to its size;
   b. every person starts at their community's place (seeded jitter in a disc of area ∝ the community's size);
   c. FR then runs on the people, with links inside a community pulling ``1`` and links between communities pulling
      ``INTER_COMMUNITY_PULL`` (0.02; 0.1 left the mean link between communities barely twice the length of one inside
      on the Twitch and Bitcoin networks, and 0.04 on a planted-partition graph of 1,800 people). Links inside a
      community whose mean inner degree ``d`` passes ``DENSE_DEGREE`` (4) pull ``4 / d`` instead, so a dense group
      covers an area in proportion to its people instead of collapsing into a dot (the share of the Facebook map's
      box with someone in it went from 15% to 21%). Groups stay together as regions; the links between them stretch.

3. **Packing** (written here: one force layout over the whole graph throws small components and isolates to the rim
   and shrinks the main component to a ball in the middle): when the largest component has at least three times the
   people of the next one it takes the left part of the frame at its own aspect ratio (turned so its longest spread
   lies across); every other component gets a square cell of side ∝ √size, shelf-packed (largest first, isolates
   last) into a band on the right whose width grows with the share of people outside the main component (6% to 30%
   of the width). Otherwise all components are shelf-packed together into a frame of the target aspect ratio.

Everything is seeded: the same graph, communities and seed give the same coordinates, bit for bit.

References
----------
Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed placement. Software: Practice and
Experience 21(11), 1129–1164. https://doi.org/10.1002/spe.4380211102

Jacomy, M., Venturini, T., Heymann, S. & Bastian, M. (2014). ForceAtlas2, a continuous graph layout algorithm for
handy network visualization designed for the Gephi software. PLoS ONE 9(6): e98679.
https://doi.org/10.1371/journal.pone.0098679
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

__all__ = ["INTER_COMMUNITY_PULL", "MapLayout", "map_layout", "map_positions", "unit_square"]

#: Attraction of a link between two communities relative to one inside a community (FR edge weight).
INTER_COMMUNITY_PULL = 0.02
#: Inner mean degree past which links inside a community pull less (see ``_component_layout``).
DENSE_DEGREE = 4.0
#: The band of small components takes between these shares of the frame's width.
BAND_MIN, BAND_MAX = 0.06, 0.30
#: Width over height of the frame components are packed into when none dominates (the page's map is about 3:2).
ASPECT = 1.6
#: The largest component is the main one, drawn large, when it has at least this many times the people of the next.
MAIN_OVER_NEXT = 3


@dataclass(frozen=True)
class MapLayout:
    """Coordinates in the unit square (``xy``), component of each node (0 = largest) and whether one dominates."""

    xy: np.ndarray
    component: np.ndarray
    main_component: bool


def unit_square(xy: np.ndarray, *, digits: int = 4) -> np.ndarray:
    """Scale positions into ``[0, 1]²`` keeping the aspect ratio, centred, rounded to ``digits`` decimals.

    Examples
    --------
    >>> unit_square(np.array([[0.0, 0.0], [2.0, 1.0]])).tolist()
    [[0.0, 0.25], [1.0, 0.75]]
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    if xy.shape[0] == 0:
        return xy
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = float((high - low).max())
    if not np.isfinite(span) or span == 0.0:
        return np.full_like(xy, 0.5)
    scaled = (xy - low) / span
    scaled += (1.0 - (high - low) / span) / 2.0  # centre the shorter axis
    return np.round(scaled, digits)


def _components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Component of each node, numbered by size (0 = largest; ties by smallest node)."""
    adjacency = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)).tocsr()
    _, labels = csgraph.connected_components(adjacency, directed=False)
    sizes = np.bincount(labels)
    first = np.full(sizes.size, n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n))
    rank = np.empty(sizes.size, dtype=np.int64)
    rank[np.lexsort((first, -sizes))] = np.arange(sizes.size)
    return rank[labels]


def _fruchterman_reingold(
    n: int, pairs: np.ndarray, weights: np.ndarray | None, start: np.ndarray, seed: int, start_temp: float | None = None
) -> np.ndarray:
    from inroads.igraph_loader import load_igraph

    ig = load_igraph()
    graph = ig.Graph(n=n, edges=pairs.tolist(), directed=False)
    # igraph jitters positions with its own random generator (Python's ``random`` module by default): give it a
    # seeded one for this call, then put the default back.
    ig.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(
            seed=start.tolist(),
            niter=500 if n <= 1000 else 300,
            start_temp=np.sqrt(n) / 10 if start_temp is None else start_temp,
            weights=None if weights is None else [float(w) for w in weights],
            grid="auto",
        )
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(layout.coords, dtype=np.float64).reshape(n, 2)


def _component_layout(
    n: int, pairs: np.ndarray, community: np.ndarray, weights: np.ndarray | None, rng: np.random.Generator, seed: int
) -> np.ndarray:
    """Force layout of one connected component (local node numbers), communities placed first (see module notes)."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    _, local, sizes = np.unique(community, return_inverse=True, return_counts=True)
    local = local.ravel()
    k = sizes.size
    cu, cv = local[pairs[:, 0]], local[pairs[:, 1]]
    inside = cu == cv
    if k > 1:
        low, high = np.minimum(cu, cv)[~inside], np.maximum(cu, cv)[~inside]
        between, counts = np.unique(np.column_stack([low, high]), axis=0, return_counts=True)
        centre_start = rng.uniform(-1.0, 1.0, size=(k, 2)) * np.sqrt(k)
        centres = _fruchterman_reingold(k, between, 1.0 + np.log1p(counts), centre_start, seed)
        # Spread the centres so that the typical community gets a disc of area ∝ its size: FR's natural spacing is
        # about one unit per node, so the whole drawing spans about √n.
        centres -= centres.mean(axis=0)
        spread = float(np.sqrt((centres**2).sum(axis=1).mean())) or 1.0
        centres *= 0.5 * np.sqrt(n) / spread
    else:
        centres = np.zeros((1, 2))
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    radius = 0.5 * np.sqrt(sizes[local]) * np.sqrt(rng.uniform(0.0, 1.0, n))
    start = centres[local] + np.column_stack([np.cos(angle), np.sin(angle)]) * radius[:, None]
    # Dense communities would collapse into dots (each node pulled by many neighbours): a link inside a community pulls
    # in inverse proportion to the community's mean inner degree, so every community covers an area ∝ its size.
    inner_degree = np.bincount(cu[inside], minlength=k) * 2.0 / sizes
    inner = np.minimum(1.0, DENSE_DEGREE / np.maximum(inner_degree, 1.0))
    pull = np.where(inside, inner[cu], INTER_COMMUNITY_PULL * np.minimum(inner[cu], inner[cv]))
    if weights is not None:
        pull = pull * weights
    # A good start needs less heat: a cooler start keeps the community placement instead of shaking it apart.
    return _fruchterman_reingold(n, pairs, pull, start, seed, start_temp=np.sqrt(n) / 20)


def _widest(xy: np.ndarray) -> np.ndarray:
    """Rotate a drawing so its longest spread lies across (principal axes): frames are wider than tall."""
    centred = xy - xy.mean(axis=0)
    if len(xy) < 3:
        return centred
    _, vectors = np.linalg.eigh(centred.T @ centred)
    turned = centred @ vectors[:, ::-1]  # largest variance first = x
    # An eigenvector's sign is arbitrary: fix it so the same layout always turns the same way.
    return turned * np.where(np.abs(turned.max(axis=0)) >= np.abs(turned.min(axis=0)), 1.0, -1.0)


def _shelf_pack(sides: np.ndarray, width: float) -> tuple[np.ndarray, float]:
    """Lower-left corners of squares of the given sides, in rows left to right in ``width``; returns the height."""
    corners = np.zeros((sides.size, 2))
    x = y = row_height = 0.0
    for i, side in enumerate(sides):
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        corners[i] = (x, y)
        x += side
        row_height = max(row_height, side)
    return corners, y + row_height


def _pack_into(sizes: np.ndarray, width: float, height: float) -> tuple[np.ndarray, np.ndarray]:
    """Square cells of side ∝ √size shelf-packed into a ``width`` × ``height`` box: corners and sides."""
    base = np.sqrt(sizes.astype(np.float64))
    low, high = 0.0, min(width, height) / float(base.max())
    for _ in range(40):  # bisection on the scale: the largest that still fits
        middle = (low + high) / 2
        _, used = _shelf_pack(base * middle, width)
        low, high = (middle, high) if used <= height else (low, middle)
    corners, _ = _shelf_pack(base * low, width)
    return corners, base * low


def _fit(xy: np.ndarray, corner: np.ndarray, width: float, height: float, margin: float) -> np.ndarray:
    """Scale ``xy`` uniformly (aspect kept) to fit the box, centred; a single point goes to the centre."""
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = high - low
    inner = np.array([width, height]) * (1.0 - 2.0 * margin)
    scale = float(np.min(inner / np.maximum(span, 1e-12))) if span.max() > 0 else 0.0
    return corner + np.array([width, height]) / 2 + (xy - (low + high) / 2) * scale


def map_layout(
    n: int,
    edges: np.ndarray,
    *,
    community: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    seed: int = 0,
    aspect: float = ASPECT,
) -> MapLayout:
    """Positions of ``n`` nodes joined by ``edges``: communities as regions, components packed (module notes).

    Parameters
    ----------
    n : int
        Number of nodes.
    edges : numpy.ndarray of int, shape (m, 2)
        Node pairs; direction is ignored (a map shows who is linked, not which way).
    community : numpy.ndarray of int, shape (n,), optional
        Community of each node; without it every component is one community.
    weights : numpy.ndarray of float, shape (m,), optional
        Extra attraction of each edge (larger pulls the pair closer), multiplied into the community pull.
    seed : int
        Seed of the starting positions and of igraph's jitter: the same input always gives the same map.
    aspect : float
        Width over height of the frame the components are packed into.

    Returns
    -------
    MapLayout
        ``xy`` in the unit square (aspect kept, 4 decimals), ``component`` of each node (0 = largest) and
        ``main_component`` (True when the largest component has at least ``MAIN_OVER_NEXT`` times the people of the
        next one and got the frame's main part).

    Notes
    -----
    Cost is about ``O(iterations · (n + m))`` with igraph's grid approximation of repulsion (300 to 500 iterations),
    plus the same on the graph of communities; packing is ``O(c log c)`` for ``c`` components.

    Examples
    --------
    >>> result = map_layout(5, np.array([[0, 1], [1, 2], [2, 0]]))
    >>> result.component.tolist(), result.main_component
    ([0, 0, 0, 1, 2], True)
    >>> bool(((result.xy >= 0) & (result.xy <= 1)).all()), bool(result.xy[:3, 0].max() < result.xy[3:, 0].min())
    (True, True)
    """
    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if n == 0:
        return MapLayout(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), False)
    component = _components(n, pairs)
    labels = np.zeros(n, dtype=np.int64) if community is None else np.asarray(community, dtype=np.int64)
    pull = None if weights is None else np.asarray(weights, dtype=np.float64)
    sizes = np.bincount(component)
    order = np.argsort(component, kind="stable")
    starts = np.concatenate([[0], np.cumsum(sizes)])
    edge_component = component[pairs[:, 0]]
    local = np.empty(n, dtype=np.int64)
    shapes: list[np.ndarray] = []
    rng = np.random.default_rng(seed)
    for c in range(sizes.size):
        members = order[starts[c] : starts[c + 1]]
        local[members] = np.arange(members.size)
        mine = edge_component == c
        shapes.append(
            _widest(
                _component_layout(
                    members.size,
                    local[pairs[mine]],
                    labels[members],
                    None if pull is None else pull[mine],
                    rng,
                    seed + c,
                )
            )
        )
    xy = np.zeros((n, 2))
    main = bool(sizes[0] >= 2 and (sizes.size == 1 or sizes[0] >= MAIN_OVER_NEXT * sizes[1]))
    if main:
        shape = shapes[0]
        span = np.maximum(np.ptp(shape, axis=0), 1e-12)
        main_width = float(span[0] / span[1])  # height 1, the component's own aspect ratio
        outside = 1.0 - sizes[0] / n
        band = 0.0 if sizes.size == 1 else float(np.clip(1.5 * outside, BAND_MIN, BAND_MAX))
        # The main component keeps its own aspect ratio; the band (gap included) is a share of the whole width.
        total = main_width / (1.0 - band)
        xy[order[: sizes[0]]] = _fit(shape, np.array([0.0, 0.0]), main_width, 1.0, 0.0)
        if sizes.size > 1:
            gap = 0.15 * band * total
            corners, sides = _pack_into(sizes[1:], band * total - gap, 1.0)
            for c in range(1, sizes.size):
                members = order[starts[c] : starts[c + 1]]
                corner = corners[c - 1] + np.array([main_width + gap, 0.0])
                xy[members] = _fit(shapes[c], corner, sides[c - 1], sides[c - 1], 0.12)
    else:
        corners, sides = _pack_into(sizes, aspect, 1.0)
        for c in range(sizes.size):
            members = order[starts[c] : starts[c + 1]]
            xy[members] = _fit(shapes[c], corners[c], sides[c], sides[c], 0.12 if sizes[c] > 1 else 0.5)
    xy[:, 1] = xy[:, 1].max() - xy[:, 1] + xy[:, 1].min()  # the page draws y downwards: first rows on top
    return MapLayout(unit_square(xy), component, main)


def map_positions(n: int, edges: np.ndarray, *, weights: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """Positions only (``map_layout(...).xy``), every component one community: for callers without communities.

    Examples
    --------
    >>> xy = map_positions(3, np.array([[0, 1], [1, 2]]))
    >>> xy.shape, bool(((xy >= 0) & (xy <= 1)).all())
    ((3, 2), True)
    """
    return map_layout(n, edges, weights=weights, seed=seed).xy
