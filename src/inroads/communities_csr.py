"""Communities and niches of a large network (above :data:`LOUVAIN_EDGES`), by Louvain over the CSR itself.

igraph's Leiden needs a copy of the graph in igraph's own structures: above a million edges that copy costs more
than the communities (100M edges: about 6 GiB and ten minutes to build, 12.8 GiB at the peak of Leiden's first pass,
which did not finish in half an hour). :func:`inroads.kernels.louvain.louvain` reads the CSR as it is. Measured
(``python -m benchmarks.communities_scale``): the 1M-edge R-MAT 0.34 s for modularity 0.121 against igraph 3.5 s
for 0.124; 10M edges 6.6 s against 185 s for igraph's first level alone.

Networks up to :data:`LOUVAIN_EDGES` keep igraph's Leiden (:mod:`inroads.communities`), so their communities,
niches and shortlists are what they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from inroads.communities import Communities, _relabel, tie_strengths

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["LOUVAIN_EDGES", "csr_communities", "csr_communities_and_niches", "csr_modularity"]

#: Above this many edges communities and niches come from :func:`inroads.kernels.louvain.louvain`.
LOUVAIN_EDGES = 1_000_000
#: Louvain passes of the first level: the second adds about 6% modularity (1M-edge R-MAT 0.114 -> 0.121, 10M
#: 0.095 -> 0.102) for less than the first cost; a third adds nothing measurable on the graphs tried.
FIRST_PASSES = 2
#: Passes of each niche split (groups of hundreds settle in one or two).
SPLIT_PASSES = 2


def tie_csr(g: Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(indptr, indices, strengths)`` with each tie in both rows: an undirected graph's own arrays (no copy); a
    directed graph's ``a -> b`` and ``b -> a`` as one tie, strengths added (none when unweighted), as igraph's path
    merges them (:func:`inroads.communities.undirected_ties`)."""
    strengths = tie_strengths(g)
    if not g.directed:
        return g.indptr, g.indices, strengths
    values = np.ones(g.indices.shape[0], dtype=np.float64) if strengths is None else strengths
    a = sparse.csr_array((values, g.indices, g.indptr), shape=(g.n, g.n))
    both = (a + a.T).tocsr()
    both.sort_indices()
    return both.indptr, both.indices, None if strengths is None else both.data


def csr_modularity(g: Graph, membership: np.ndarray) -> float:
    """Newman–Girvan modularity at resolution 1 (directed modularity for a directed graph), tie strengths weighting."""
    from inroads.kernels.louvain import modularity_directed, modularity_undirected

    measure = modularity_directed if g.directed else modularity_undirected
    return measure(g.indptr, g.indices, tie_strengths(g), membership)


def csr_communities(
    g: Graph, *, resolution: float, seed: int, ties: tuple[np.ndarray, np.ndarray, np.ndarray | None] | None = None
) -> Communities:
    """:func:`inroads.communities.communities` of a large network, by Louvain (:data:`FIRST_PASSES` passes), on
    ``ties`` (:func:`tie_csr` of ``g``) when the caller has them already."""
    from inroads.kernels.louvain import louvain

    indptr, indices, strengths = tie_csr(g) if ties is None else ties
    raw = louvain(indptr, indices, strengths, resolution=resolution, seed=seed, passes=FIRST_PASSES)
    membership, sizes = _relabel(raw)
    return Communities(membership, sizes, csr_modularity(g, membership), float(resolution), int(seed))


def csr_communities_and_niches(
    g: Graph, *, niche_size: int, resolution: float, seed: int
) -> tuple[Communities, Communities]:
    """:func:`inroads.niches.communities_and_niches` of a large network: every group larger than ``niche_size`` is
    split on its own induced subgraph, all the groups of a level in one Louvain call (each its own block)."""
    from inroads.kernels.louvain import louvain
    from inroads.niches import MAX_LEVELS

    ties = tie_csr(g)  # once: a directed graph's A + A^T is a copy of the whole graph
    top = csr_communities(g, resolution=resolution, seed=seed, ties=ties)
    indptr, indices, strengths = ties
    membership = top.membership.astype(np.int64)
    whole = np.zeros(0, dtype=bool)  # groups Louvain found no split of: left as they are
    for _ in range(MAX_LEVELS):
        sizes = np.bincount(membership)
        whole = np.concatenate([whole, np.zeros(sizes.shape[0] - whole.shape[0], dtype=bool)])
        splitting = (sizes > niche_size) & ~whole
        if not splitting.any():
            break
        block = np.where(splitting[membership], membership, -1)
        raw = louvain(indptr, indices, strengths, resolution=1.0, seed=seed, block=block, passes=SPLIT_PASSES)
        membership = _split(membership, raw, splitting, whole)
    niches, sizes_sorted = _relabel(membership)
    return top, Communities(niches, sizes_sorted, csr_modularity(g, niches), float(resolution), int(seed))


def _split(membership: np.ndarray, raw: np.ndarray, splitting: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """Each split group's largest part keeps its label (ties: the lowest part label), the other parts get new labels
    after the largest in use; a group found in one part is marked in ``whole``."""
    members = np.flatnonzero(splitting[membership])
    pairs, inverse, counts = np.unique(
        np.stack([membership[members], raw[members]]), axis=1, return_inverse=True, return_counts=True
    )
    groups = pairs[0]
    first = np.r_[True, groups[1:] != groups[:-1]]  # where each group's parts begin (pairs sorted by group)
    parts_per_group = np.diff(np.r_[np.flatnonzero(first), groups.shape[0]])
    whole[groups[first][parts_per_group == 1]] = True
    # the largest part of each group: highest count, then lowest part label (the pairs are sorted by part label)
    order = np.lexsort((pairs[1], -counts, groups))
    keeper = np.zeros(groups.shape[0], dtype=bool)
    keeper[order[np.r_[True, groups[order][1:] != groups[order][:-1]]]] = True
    label = groups.copy()
    new = np.flatnonzero(~keeper)
    label[new] = int(membership.max()) + 1 + np.arange(new.shape[0])
    out = membership.copy()
    out[members] = label[inverse.ravel()]
    return out
