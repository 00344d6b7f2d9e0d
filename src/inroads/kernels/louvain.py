"""Louvain communities over CSR arrays, for networks too large for igraph's graph (above 10M edges).

Written by hand because igraph's Leiden needs its own copy of the graph: four 64-bit arrays per edge plus incidence
lists, about 6 GiB and ten minutes to build at 100M edges, and 12.8 GiB at the peak of its first pass. Here the
memory-mapped CSR (int32 neighbours) is read as it is; the extra memory is a few arrays per node and the first
aggregate graph (at most the CSR's size, in practice a fraction of it).

The method is Louvain's (Blondel et al. 2008): local moving, then aggregation of each community into a node, level
after level until no node moves. Local moving sweeps the nodes in a seeded random order, visiting again only those
whose neighbourhood changed (after Leiden's fast local moving, Traag et al. 2019). Each final
community is then split into its connected parts, which never lowers modularity (a disconnected community loses
nothing inside and drops a positive null-model term), so no community is disconnected, Leiden's first guarantee.

Groups (``block``) let one call split many groups at once, each on its own induced subgraph with its own total
weight, as if Louvain ran on each group alone: ties between groups are ignored, and people with block ``-1`` are
left out (each stays a community of one).

Conventions: a self-loop entry of weight ``w`` (only aggregate graphs have them) counts ``2w`` in its node's
degree, so a community's internal weight is carried whole by its aggregate node.
"""

from __future__ import annotations

import numpy as np

from inroads.kernels import jit

__all__ = ["louvain", "modularity_directed", "modularity_undirected"]

#: Levels of aggregation at most (each level merges at least two nodes, so real runs stop well before).
MAX_LEVELS = 64
#: Sweeps of one local moving phase at most (they stop long before, when a sweep gains less than MIN_GAIN).
MAX_SWEEPS = 100
#: A sweep of local moving that raises modularity by less than this ends the phase (NetworkX's Louvain threshold).
MIN_GAIN = 1e-7


@jit.njit(cache=True, nogil=True)
def _degrees(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, weighted: bool, block: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each node's degree inside its block (loops twice) and each block's total weight (``2m``)."""
    n = indptr.shape[0] - 1
    degree = np.zeros(n, dtype=np.float64)
    blocks = 0
    for i in range(n):
        if block[i] + 1 > blocks:
            blocks = block[i] + 1
    two_m = np.zeros(max(blocks, 1), dtype=np.float64)
    for i in range(n):
        b = block[i]
        if b < 0:
            continue
        total = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if block[j] != b:
                continue
            w = weights[e] if weighted else 1.0
            total += 2.0 * w if j == i else w
        degree[i] = total
        two_m[b] += total
    return degree, two_m


@jit.njit(cache=True, nogil=True)
def _move_nodes(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, weighted: bool, block: np.ndarray,
    degree: np.ndarray, two_m: np.ndarray, resolution: float, order: np.ndarray, start: np.ndarray,
) -> tuple[np.ndarray, bool]:  # fmt: skip
    """Local moving: each node to the neighbouring community of best modularity gain, sweep after sweep.

    A sweep visits, in a seeded random order, only the nodes a neighbour's move may have changed (all nodes in the
    first sweep), as Leiden's fast local moving does, but each node at most once per sweep: a hub is requeued by
    every move around it, and revisiting a hub of a million ties for each of the last few moves was what made a
    queue of single visits take hours at 100M edges. Sweeps stop when one raises modularity by less than
    :data:`MIN_GAIN` (or moves no node). Visits in ``order`` (a permutation of the nodes), starting from the
    communities ``start`` (labels below n). Returns each node's community and whether any node moved.
    """
    n = indptr.shape[0] - 1
    community = start.copy()
    total = np.zeros(n, dtype=np.float64)  # degree of each community
    for i in range(n):
        total[community[i]] += degree[i]
    dirty = np.ones(n, dtype=np.bool_)
    gain_to = np.zeros(n, dtype=np.float64)  # weight from the node being visited to each community...
    stamp = np.full(n, -1, dtype=np.int64)  # ...valid where stamp is that node
    touched = np.empty(n, dtype=np.int64)
    moved = False
    for _ in range(MAX_SWEEPS):
        raised = 0.0  # modularity gained in this sweep
        for t in range(n):
            i = order[t]
            if not dirty[i]:
                continue
            dirty[i] = False
            b = block[i]
            if b < 0 or two_m[b] == 0.0:
                continue
            own = community[i]
            count = 0
            for e in range(indptr[i], indptr[i + 1]):
                j = indices[e]
                if j == i or block[j] != b:
                    continue
                c = community[j]
                if stamp[c] != i:
                    stamp[c] = i
                    gain_to[c] = 0.0
                    touched[count] = c
                    count += 1
                gain_to[c] += weights[e] if weighted else 1.0
            k = degree[i]
            scale = resolution * k / two_m[b]
            total[own] -= k
            best = own
            own_gain = (gain_to[own] if stamp[own] == i else 0.0) - scale * total[own]
            best_gain = own_gain
            for u in range(count):
                c = touched[u]
                gain = gain_to[c] - scale * total[c]
                if gain > best_gain:
                    best, best_gain = c, gain
            total[best] += k
            if best == own:
                continue
            community[i] = best
            moved = True
            raised += 2.0 * (best_gain - own_gain) / two_m[b]
            for e in range(indptr[i], indptr[i + 1]):  # neighbours outside the new community may now gain by moving
                j = indices[e]
                if community[j] != best and block[j] == b:
                    dirty[j] = True
        if raised < MIN_GAIN:
            break
    return community, moved


@jit.njit(cache=True, nogil=True)
def _renumber(labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Labels made ``0..count-1`` in order of first appearance; returns them and ``count``."""
    fresh = np.full(labels.shape[0], -1, dtype=np.int64)
    out = np.empty(labels.shape[0], dtype=np.int64)
    count = 0
    for i in range(labels.shape[0]):
        c = labels[i]
        if fresh[c] < 0:
            fresh[c] = count
            count += 1
        out[i] = fresh[c]
    return out, count


@jit.njit(cache=True, nogil=True)
def _community_row(
    c: int, first: int, start: np.ndarray, members: np.ndarray, indptr: np.ndarray, indices: np.ndarray,
    weights: np.ndarray, weighted: bool, block: np.ndarray, community: np.ndarray, seen: np.ndarray, at: np.ndarray,
    out_idx: np.ndarray, out_w: np.ndarray, fill: bool,
) -> int:  # fmt: skip
    """Row ``c`` of the aggregate graph, from position ``first``: where it ends (one past its last neighbouring
    community); with ``fill``, also the communities and summed weights written into ``out_idx``/``out_w``."""
    used = first
    for s in range(start[c], start[c + 1]):
        i = members[s]
        if block[i] < 0:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if block[j] != block[i]:
                continue
            d = community[j]
            if seen[d] != c:
                seen[d] = c
                at[d] = used
                if fill:
                    out_idx[used] = d
                used += 1
            if fill:
                w = weights[e] if weighted else 1.0
                # inside c: a loop keeps its weight, a tie i-j is met twice (from i and from j), so half each time
                out_w[at[d]] += w if (d != c or j == i) else 0.5 * w
    return used


@jit.njit(cache=True, nogil=True)
def _aggregate(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, weighted: bool, block: np.ndarray,
    community: np.ndarray, count: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """The graph of communities: one node per community, ties summed, internal weight as a self-loop.

    Two passes over the members of each community (count the distinct neighbouring communities, then fill), so the
    arrays are allocated at their exact size.
    """
    n = indptr.shape[0] - 1
    start = np.zeros(count + 1, dtype=np.int64)
    for i in range(n):
        start[community[i] + 1] += 1
    for c in range(count):
        start[c + 1] += start[c]
    members = np.empty(n, dtype=np.int64)
    slot = start[:-1].copy()
    for i in range(n):
        members[slot[community[i]]] = i
        slot[community[i]] += 1
    seen = np.full(count, -1, dtype=np.int64)
    at = np.zeros(count, dtype=np.int64)
    out_ptr = np.zeros(count + 1, dtype=np.int64)
    out_idx = np.empty(0, dtype=np.int32)
    out_w = np.empty(0, dtype=np.float64)
    for c in range(count):
        out_ptr[c + 1] = _community_row(
            c, out_ptr[c], start, members, indptr, indices, weights, weighted, block, community, seen, at, out_idx,
            out_w, False,
        )  # fmt: skip
    out_idx = np.empty(out_ptr[count], dtype=np.int32)  # community numbers fit: they are below n
    out_w = np.zeros(out_ptr[count], dtype=np.float64)
    seen[:] = -1
    for c in range(count):
        _community_row(
            c, out_ptr[c], start, members, indptr, indices, weights, weighted, block, community, seen, at, out_idx,
            out_w, True,
        )  # fmt: skip
    out_block = np.empty(count, dtype=np.int64)
    for i in range(n):
        out_block[community[i]] = block[i]
    return out_ptr, out_idx, out_w, out_block


@jit.njit(cache=True, nogil=True)
def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


@jit.njit(cache=True, nogil=True)
def _connected_parts(indptr: np.ndarray, indices: np.ndarray, block: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """``membership`` with each community split into its connected parts (ties inside the community only)."""
    n = indptr.shape[0] - 1
    parent = np.arange(n)
    for i in range(n):
        if block[i] < 0:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if membership[j] != membership[i] or block[j] != block[i]:
                continue
            a, b = _find(parent, i), _find(parent, j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    for i in range(n):
        parent[i] = _find(parent, i)
    return parent


def louvain(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    resolution: float = 1.0,
    seed: int = 42,
    block: np.ndarray | None = None,
    passes: int = 1,
) -> np.ndarray:
    """Communities of an undirected graph (each tie in both rows of the CSR) maximising modularity at ``resolution``.

    Parameters
    ----------
    indptr, indices : numpy.ndarray
        CSR of the graph, each tie in both directions (int32 or int64 neighbours).
    weights : numpy.ndarray of float64, optional
        Strength of each CSR entry (1 when None).
    resolution : float
        :math:`\\gamma` of :math:`Q_\\gamma = \\frac{1}{2m}\\sum_{ij}(A_{ij} - \\gamma \\frac{k_i k_j}{2m})
        \\delta(c_i, c_j)`.
    seed : int
        Seed of the visiting order: the same inputs and seed give the same communities.
    block : numpy.ndarray of int, optional
        Group of each node (``-1``: left out). Each group is partitioned on its own induced subgraph.
    passes : int, default 1
        Whole Louvain runs, each starting from the communities of the one before (as igraph's ``n_iterations``):
        single nodes may leave a community merged at a higher level. Stops early when a pass moves no node.

    Returns
    -------
    numpy.ndarray of int64
        A label per node (not numbered in any particular order); communities are connected.

    References
    ----------
    V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of communities in large networks",
    J. Stat. Mech. (2008) P10008. V. A. Traag, L. Waltman, N. J. van Eck, "From Louvain to Leiden: guaranteeing
    well-connected communities", Scientific Reports 9, 5233 (2019).

    Examples
    --------
    >>> # two triangles joined by the tie 2-3
    >>> indptr = np.array([0, 2, 4, 7, 10, 12, 14])
    >>> indices = np.array([1, 2, 0, 2, 0, 1, 3, 2, 4, 5, 3, 5, 3, 4])
    >>> labels = louvain(indptr, indices)
    >>> [int(x) for x in np.unique(labels, return_inverse=True)[1]]
    [0, 0, 0, 1, 1, 1]
    """
    n = indptr.shape[0] - 1
    block = np.zeros(n, dtype=np.int64) if block is None else np.asarray(block, dtype=np.int64)
    weighted = weights is not None
    w = np.asarray(weights, dtype=np.float64) if weighted else np.zeros(0, dtype=np.float64)
    degree, two_m = _degrees(indptr, indices, w, weighted, block)
    membership = np.arange(n, dtype=np.int64)
    random = np.random.default_rng(seed)
    for _ in range(passes):
        level_ptr, level_idx, level_w, level_block, level_degree = indptr, indices, w, block, degree
        start = membership
        for level in range(MAX_LEVELS):
            community, moved = _move_nodes(
                level_ptr, level_idx, level_w, weighted or level > 0, level_block, level_degree, two_m,
                float(resolution), random.permutation(level_ptr.shape[0] - 1), start,
            )  # fmt: skip
            if not moved:
                break
            community, count = _renumber(community)
            membership = community if level == 0 else community[membership]
            level_ptr, level_idx, level_w, level_block = _aggregate(
                level_ptr, level_idx, level_w, weighted or level > 0, level_block, community, count
            )
            level_degree = np.bincount(community, weights=level_degree, minlength=count)
            start = np.arange(count, dtype=np.int64)
        else:
            continue
        if level == 0:  # a pass that moved no node: later passes would not either
            break
    return _connected_parts(indptr, indices, block, membership)


@jit.njit(cache=True, nogil=True)
def _modularity_undirected(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, weighted: bool, membership: np.ndarray, count: int
) -> float:
    inside = 0.0
    total = np.zeros(count, dtype=np.float64)
    two_m = 0.0
    for i in range(indptr.shape[0] - 1):
        for e in range(indptr[i], indptr[i + 1]):
            w = weights[e] if weighted else 1.0
            total[membership[i]] += w
            two_m += w
            if membership[indices[e]] == membership[i]:
                inside += w
    if two_m == 0.0:
        return 0.0
    spread = 0.0
    for c in range(count):
        spread += total[c] * total[c]
    return inside / two_m - spread / (two_m * two_m)


@jit.njit(cache=True, nogil=True)
def _modularity_directed(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, weighted: bool, membership: np.ndarray, count: int
) -> float:
    inside = 0.0
    out_total = np.zeros(count, dtype=np.float64)
    in_total = np.zeros(count, dtype=np.float64)
    m = 0.0
    for i in range(indptr.shape[0] - 1):
        for e in range(indptr[i], indptr[i + 1]):
            w = weights[e] if weighted else 1.0
            j = indices[e]
            out_total[membership[i]] += w
            in_total[membership[j]] += w
            m += w
            if membership[j] == membership[i]:
                inside += w
    if m == 0.0:
        return 0.0
    spread = 0.0
    for c in range(count):
        spread += out_total[c] * in_total[c]
    return inside / m - spread / (m * m)


def modularity_undirected(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray | None, membership: np.ndarray
) -> float:
    """Newman–Girvan modularity (resolution 1) of a partition of an undirected CSR graph without self-loops.

    :math:`Q = \\sum_c \\big(\\frac{L_c}{m} - (\\frac{K_c}{2m})^2\\big)`, as ``networkx.community.modularity``.
    """
    labels = np.asarray(membership, dtype=np.int64)
    w = np.zeros(0) if weights is None else np.asarray(weights, dtype=np.float64)
    count = int(labels.max()) + 1 if labels.size else 0
    return float(_modularity_undirected(indptr, indices, w, weights is not None, labels, count))


def modularity_directed(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray | None, membership: np.ndarray
) -> float:
    """Directed modularity (Leicht & Newman 2008) of a partition of a directed CSR graph without self-loops.

    :math:`Q = \\sum_c \\big(\\frac{L_c}{m} - \\frac{K^{out}_c K^{in}_c}{m^2}\\big)`, as
    ``networkx.community.modularity`` on a ``DiGraph``.
    """
    labels = np.asarray(membership, dtype=np.int64)
    w = np.zeros(0) if weights is None else np.asarray(weights, dtype=np.float64)
    count = int(labels.max()) + 1 if labels.size else 0
    return float(_modularity_directed(indptr, indices, w, weights is not None, labels, count))
