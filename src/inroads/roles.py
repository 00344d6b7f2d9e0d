"""Role figures of everyone, given their niches: who is a connector, who is a niche expert.

Guimerà & Amaral's "functional cartography" places each person by two numbers: how many more ties they have inside
their own group than its members on average (the within-group degree z-score), and how evenly their ties spread over
groups (the participation coefficient). *Provincial hubs* have a high z and a low participation; *connector hubs* a
high participation. Those are the two kinds of influencer: conversion (niche experts) and awareness (connectors).

Ties are counted as distinct neighbours either way of a tie (as everywhere in inroads); strengths enter through
``tie_strength`` and through path lengths (``1/strength``) in ``niche_closeness``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from inroads.communities import tie_strengths, undirected_csr

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["ROLE_COLUMNS", "niche_closeness", "niche_contacts", "roles"]

#: The role figures, one column each (see :func:`roles`).
ROLE_COLUMNS = (
    "niche", "niche_size", "niche_closeness", "participation", "inside_share", "niches_reached", "within_z",
    "tie_strength", "embeddedness",
)  # fmt: skip


def niche_contacts(g: Graph, membership: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each person's ties per niche, CSR-style: ``(ptr, niche, ties)``; person ``i``'s niches (ascending) are
    ``niche[ptr[i]:ptr[i + 1]]`` and ``ties`` counts their distinct contacts in each.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> ptr, niche, ties = niche_contacts(Graph.from_edges(["a", "a"], ["b", "c"]), np.array([0, 0, 1]))
    >>> ptr.tolist(), niche.tolist(), ties.tolist()
    ([0, 2, 3, 4], [0, 1, 0, 0], [1, 1, 1, 1])
    """
    from inroads.kernels.groups import group_contacts

    indptr, indices = undirected_csr(g)
    return group_contacts(indptr, indices, np.asarray(membership, dtype=np.int64))


def niche_closeness(g: Graph, membership: np.ndarray, **centrality_options: Any) -> np.ndarray:
    """Closeness of each person inside their niche's own subgraph (path lengths from strength, as everywhere).

    .. math:: C_i = \\frac{r_i - 1}{n_c - 1} \\cdot \\frac{r_i - 1}{\\sum_{j \\in c,\\, j \\ne i} d_c(i, j)}

    with :math:`d_c` distances over ties inside niche :math:`c` only, :math:`r_i` the niche members ``i`` reaches
    (itself included) and :math:`n_c` the niche's size (Wasserman–Faust's improvement, as ``closeness`` with
    ``wf_improved``). People alone in their niche get 0.

    Notes
    -----
    One search per person that never leaves their niche, so the cost is :math:`\\sum_c n_c m_c`, far below the
    global closeness. People are regrouped niche by niche (a stable sort, so each niche keeps its members' order) and
    the within-niche ties cut into chunks of whole niches of about :data:`CHUNK_PEOPLE` people, each swept by the
    engine's exact distance kernel (:func:`inroads.engine.local.run_batch`) on its own arrays: a kernel whose work
    arrays span all n people (the bit-parallel BFS scans them at every level) would cost O(n) per 64 sources,
    :math:`O(n^2)` in all. Each person's distance sums are the ones a sweep of the whole within-niche graph gives, and
    the score is formed from them exactly as before (:func:`~inroads.measures.normalize.closeness_from_sums` over
    :math:`n - 1` targets, then rescaled to :math:`n_c - 1`), so it is the same bit for bit.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])  # a path a-b-c-d
    >>> niche_closeness(g, np.array([0, 0, 1, 1])).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    from inroads.engine.local import GraphArrays, run_batch
    from inroads.kernels.groups import inside_ties
    from inroads.measures.normalize import closeness_from_sums

    membership = np.asarray(membership)
    inside, counts = inside_ties(g.indptr, g.indices, membership.astype(np.int64, copy=False))
    local_ptr = np.zeros(g.n + 1, dtype=np.int64)
    np.cumsum(counts, out=local_ptr[1:])
    local_idx = g.indices[inside]
    lengths = g.lengths
    local_len = None if lengths is None else np.asarray(lengths)[inside]
    del inside
    # people niche by niche; a niche's ties stay inside it, so mapping them keeps each row ascending
    order = np.argsort(membership, kind="stable")
    place = np.empty(g.n, dtype=np.int64)
    place[order] = np.arange(g.n, dtype=np.int64)
    row_len = counts[order]
    ptr = np.zeros(g.n + 1, dtype=np.int64)
    np.cumsum(row_len, out=ptr[1:])
    entries = np.repeat(local_ptr[order] - ptr[:-1], row_len) + np.arange(int(ptr[-1]), dtype=np.int64)
    indices = place[local_idx[entries]]
    weights = None if local_len is None else local_len[entries]
    del entries, local_idx, local_len
    sizes = np.bincount(membership)
    sums = np.zeros((3, g.n))
    threads = centrality_options.get("threads")
    bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    first = 0
    while first < g.n:  # chunks of whole niches, about CHUNK_PEOPLE people each
        stop = int(bounds[min(np.searchsorted(bounds, first + CHUNK_PEOPLE, side="left"), sizes.shape[0])])
        stop = max(stop, int(bounds[np.searchsorted(bounds, first, side="right")]))
        arrays = GraphArrays(
            indptr=ptr[first : stop + 1] - ptr[first],
            indices=np.ascontiguousarray(indices[ptr[first] : ptr[stop]] - first, dtype=np.int32),
            lengths=np.zeros(0) if weights is None else np.ascontiguousarray(weights[ptr[first] : ptr[stop]]),
            symmetric=not g.directed,
        )
        part = run_batch("distances", arrays, np.arange(stop - first, dtype=np.int64), threads=threads)
        sums[:, order[first:stop]] = part
        first = stop
    scores = closeness_from_sums(sums, np.full(g.n, max(g.n - 1, 0), dtype=np.float64), wf_improved=True)
    people = sizes[membership]
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(people > 1, scores * (g.n - 1) / np.maximum(people - 1, 1), 0.0)
    return np.nan_to_num(scaled, nan=0.0)


#: People per chunk of :func:`niche_closeness` (whole niches; a niche larger than this is a chunk of its own).
CHUNK_PEOPLE = 1 << 14


def roles(
    g: Graph, membership: np.ndarray, *, closeness_inside: np.ndarray | None = None, **options: Any
) -> pd.DataFrame:
    """Everyone's role figures, given their niche (one row per person, node order, indexed by id).

    Columns
    -------
    niche, niche_size
        The person's niche and how many people it holds.
    niche_closeness
        :func:`niche_closeness` (or ``closeness_inside`` when given).
    participation
        Guimerà & Amaral's participation coefficient :math:`P_i = 1 - \\sum_s (k_{is}/k_i)^2`, :math:`k_{is}` the
        person's ties into niche :math:`s`: 0 when every tie stays in one niche, near 1 when ties spread evenly.
    inside_share
        :math:`k_{i,c_i}/k_i`, the share of their ties that stay inside their own niche (NaN without ties).
    niches_reached
        Distinct niches among their contacts (their own included when a contact is in it).
    within_z
        :math:`(k_{i,c_i} - \\bar k_{c_i}) / \\sigma_{c_i}`, their within-niche degree against their niche's members
        (0 when all members have the same).
    tie_strength
        Mean strength of their ties (``1/distance`` for distances); NaN when the network has no weights.
    embeddedness
        Share of pairs of their contacts who know each other (local clustering, 0 below two contacts).

    References
    ----------
    R. Guimerà, L. A. N. Amaral, "Functional cartography of complex metabolic networks", Nature 433, 895–900 (2005).
    https://doi.org/10.1038/nature03288

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "a", "b", "c"], ["b", "c", "c", "d"])  # triangle a-b-c, and c-d
    >>> table = roles(g, np.array([0, 0, 0, 1]))
    >>> table[["participation", "inside_share", "embeddedness"]].round(3).values.tolist()
    [[0.0, 1.0, 1.0], [0.0, 1.0, 1.0], [0.444, 0.667, 0.333], [0.0, 0.0, 0.0]]
    """
    from inroads.kernels.groups import role_counts

    membership = np.asarray(membership, dtype=np.int64)
    k_groups = int(membership.max()) + 1 if membership.size else 1
    indptr, indices = undirected_csr(g)
    degree, squares, inside, reached = role_counts(indptr, indices, membership)
    participation = np.where(degree > 0, 1.0 - squares, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inside_share = inside / degree
    sizes = np.bincount(membership, minlength=k_groups)
    mean = np.bincount(membership, weights=inside, minlength=k_groups) / np.maximum(sizes, 1)
    spread = np.sqrt(np.bincount(membership, weights=(inside - mean[membership]) ** 2, minlength=k_groups)
                     / np.maximum(sizes, 1))  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        within_z = np.where(spread[membership] > 0, (inside - mean[membership]) / spread[membership], 0.0)
    closeness_inside = niche_closeness(g, membership, **options) if closeness_inside is None else closeness_inside
    return pd.DataFrame(
        {
            "niche": membership,
            "niche_size": sizes[membership].astype(np.int64),
            "niche_closeness": closeness_inside,
            "participation": participation,
            "inside_share": inside_share,
            "niches_reached": reached.astype(np.int64),
            "within_z": within_z,
            "tie_strength": _mean_strength(g),
            "embeddedness": _embeddedness(g),
        },
        index=pd.Index(np.asarray(g.ids).astype(str), name="id"),
    )


def _mean_strength(g: Graph) -> np.ndarray:
    """Mean strength over each person's tie entries, either direction; NaN without weights or ties."""
    strengths = tie_strengths(g)
    if strengths is None:
        return np.full(g.n, np.nan)
    src = g.sources()
    total = np.bincount(src, weights=strengths, minlength=g.n)
    count = np.bincount(src, minlength=g.n).astype(np.float64)
    if g.directed:
        total += np.bincount(g.indices, weights=strengths, minlength=g.n)
        count += np.bincount(g.indices, minlength=g.n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _embeddedness(g: Graph) -> np.ndarray:
    """Local clustering of the undirected, simple pattern (0 below two contacts): ``triangles / d / (d - 1) * 2``.

    Triangles by :func:`inroads.kernels.groups.triangles` on the CSR arrays; the formula is igraph's
    ``transitivity_local_undirected(mode="zero")`` step for step, which it equals bit for bit (a test pins it). It
    replaced that call because igraph needs its own copy of the graph (minutes and about 3 GB at 100M edges).
    """
    from inroads.kernels.groups import triangles

    indptr, indices = undirected_csr(g)
    count = triangles(indptr, indices)
    degree = np.diff(indptr).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(degree >= 2, count / degree / (degree - 1) * 2, 0.0)
