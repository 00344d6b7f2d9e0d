"""Exact top-k closeness and harmonic centrality with pruned BFS (Bergamini, Borassi, Crescenzi, Marino, Meyerhenke).

Every node starts with an upper bound on its score from neighbourhood sizes alone (:func:`static_bounds`, no BFS).
Nodes are taken highest bound first; the search ends when the best bound left is below the k-th best exact score
found so far (the threshold). Two ways to spend a BFS (Bergamini et al.): *BFScut* (small-world graphs) abandons it
as soon as an upper bound on its score falls below the threshold; *BFSbound* (high-diameter undirected graphs)
completes it and uses its levels to lower every other node's bound (:func:`_tighten`). After BFS level ``d`` of ``v`` we
know ``k_d`` nodes reached (besides ``v``), their distance sum ``S_d`` and reciprocal sum ``H_d``; at most ``N``
nodes can sit at level ``d + 1`` (the out-degree sum of level ``d``, minus one parent edge each when undirected), every
other node is at least ``d + 2`` away, and at most ``R(v)`` nodes are reachable in all (:func:`reach_bounds`). So:

* harmonic: ``H(v) <= H_d + min(N, R - k_d) / (d + 1) + max(0, R - k_d - N) / (d + 2)``;
* Wasserman–Faust closeness ``C = r² / ((n - 1) S)`` for the unknown final reach ``r`` in ``[k_d, R]``: the least
  distance sum ``S(r)`` is piecewise linear in ``r`` (two pieces, breaking at ``k_d + N``), and ``r² / (α + β r)``
  first falls then rises on each piece, so its maximum is at a piece end: ``r`` in ``{k_d, k_d + N, R}``. When
  ``R`` is exact (undirected graphs: the component size) only ``r = R`` is possible.

The classic bound of Bergamini et al. assumes a strongly connected graph (``r = n - 1``); with Wasserman–Faust
scaling a node reaching few others can outrank one reaching many, which is why the bound above takes the maximum over
the possible reach instead of assuming the largest. A node is pruned only when its bound is below the threshold by a
relative 1e-9 (float safety), so every node tied with the k-th score is computed exactly.

Work is parallel over batches of nodes (``prange``); the threshold is fixed within a batch and raised between
batches. BFSbound updates from concurrent BFS may race (a lost update leaves a looser, still valid bound), so how
many nodes get a BFS can vary from run to run; the result cannot: it is the exact top k, ties broken by the caller.

References
----------
E. Bergamini, M. Borassi, P. Crescenzi, A. Marino and H. Meyerhenke, "Computing top-k closeness centrality faster in
unweighted graphs", ALENEX 2016; ACM TKDD 13(5), 2019. https://doi.org/10.1145/3344719
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from inroads.kernels import jit
from inroads.kernels.heap import heap_pop, heap_push, heap_replace_top

__all__ = ["TopkSearch", "component_reach", "reach_bounds", "static_bounds", "top_closeness_bfs"]

#: A node is pruned only when its bound is below the threshold by this relative margin (rounding of the bounds).
MARGIN = 1e-9


class TopkSearch(NamedTuple):
    """What a top-k search reads and never changes: the graph, what is known of each node's reach, the measure and
    how a BFS is spent. A named tuple of arrays and flags, which numba passes to the kernels as it is (nopython mode).
    Measured against the eleven positional arguments it replaced: the same scores, top-50 times on BA n=100,000, a
    1M-edge powerlaw-cluster graph and a 300x300 grid within the shared machine's noise (best of 15 runs 0.76-0.91x),
    and the same compile time into an empty cache (16-21 s for the top-k kernels, both, on a loaded machine).

    Attributes
    ----------
    indptr, indices : numpy.ndarray
        CSR of out-neighbours (out-closeness walks along edge direction); ``indices`` int32.
    reach : numpy.ndarray
        int64, per node an upper bound on the other nodes it reaches (exact when ``reach_exact``).
    reach_exact : bool
        ``reach`` is exact (undirected graphs: the component size minus one).
    undirected : bool
        Every edge is stored in both directions (enables BFSbound and the parent-edge discount).
    harmonic : bool
        Score harmonic centrality instead of Wasserman–Faust closeness.
    abandon : bool
        Abandon a BFS once its bound falls below the threshold (BFScut, best on small-world graphs); without it every
        BFS started is completed and tightens the other nodes' bounds (BFSbound, high-diameter undirected graphs).
    """

    indptr: np.ndarray
    indices: np.ndarray
    reach: np.ndarray
    reach_exact: bool
    undirected: bool
    harmonic: bool
    abandon: bool


class _Areas(NamedTuple):
    """Work areas of one search: ``dist``, ``queue``, ``level_count`` and ``level_bound`` have one row per thread;
    ``sums`` (3 x n: distance sum, reciprocal sum, nodes reached) and ``bound`` (current upper bound per node) are
    shared by all threads."""

    dist: np.ndarray
    queue: np.ndarray
    level_count: np.ndarray
    level_bound: np.ndarray
    sums: np.ndarray
    bound: np.ndarray


@jit.njit(cache=True, nogil=True)
def component_reach(indptr: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, int]:
    """Undirected graphs: per node the size of its component minus one, and a bound on the nodes of any shortest
    path (``2 ecc(r) + 1`` from each component's first node ``r``), in one BFS sweep. O(n + m).

    Examples
    --------
    >>> reach, diameter = component_reach(np.array([0, 1, 2, 2]), np.array([1, 0], dtype=np.int32))  # 0-1, 2
    >>> reach.tolist(), diameter
    ([1, 1, 0], 2)
    """
    n = indptr.shape[0] - 1
    dist = np.full(n, -1, dtype=np.int32)
    queue = np.zeros(n, dtype=np.int32)
    reach = np.zeros(n, dtype=np.int64)
    best = 1 if n > 0 else 0
    for root in range(n):
        if dist[root] >= 0:
            continue
        dist[root] = 0
        queue[0] = root
        head, tail, ecc = 0, 1, 0
        while head < tail:
            u = queue[head]
            head += 1
            for e in range(indptr[u], indptr[u + 1]):
                w = indices[e]
                if dist[w] < 0:
                    dist[w] = dist[u] + 1
                    ecc = max(ecc, dist[w])
                    queue[tail] = w
                    tail += 1
        for i in range(tail):
            reach[queue[i]] = tail - 1
        best = max(best, min(2 * ecc + 1, tail))
    return reach, best


@jit.njit(cache=True, nogil=True)
def reach_bounds(comp_ptr: np.ndarray, comp_idx: np.ndarray, sizes: np.ndarray, cap: int) -> np.ndarray:
    """Upper bound on how many nodes each strongly connected component's nodes reach (themselves excluded).

    ``R(C) = |C| - 1 + sum over child components C' of (R(C') + 1)``, capped at ``cap``: a child's reach is
    counted once per parent edge, so shared descendants are over-counted, which keeps it an upper bound. The
    condensation ``comp_ptr``/``comp_idx`` (edges between components) is a DAG; it is processed children first.

    Examples
    --------
    >>> ptr, idx = np.array([0, 1, 2, 2]), np.array([1, 2], dtype=np.int32)  # components 0 -> 1 -> 2
    >>> reach_bounds(ptr, idx, np.array([2, 1, 3]), 10).tolist()
    [5, 3, 2]
    """
    count = sizes.shape[0]
    pending = np.zeros(count, dtype=np.int64)
    for c in range(count):
        pending[c] = comp_ptr[c + 1] - comp_ptr[c]
    parents_ptr = np.zeros(count + 1, dtype=np.int64)
    for e in range(comp_idx.shape[0]):
        parents_ptr[comp_idx[e] + 1] += 1
    for c in range(count):
        parents_ptr[c + 1] += parents_ptr[c]
    fill = parents_ptr[:-1].copy()
    parents = np.zeros(comp_idx.shape[0], dtype=np.int64)
    for c in range(count):
        for e in range(comp_ptr[c], comp_ptr[c + 1]):
            child = comp_idx[e]
            parents[fill[child]] = c
            fill[child] += 1
    bound = np.zeros(count, dtype=np.int64)
    for c in range(count):
        bound[c] = sizes[c] - 1
    queue = np.zeros(count, dtype=np.int64)
    tail = 0
    for c in range(count):
        if pending[c] == 0:
            queue[tail] = c
            tail += 1
    head = 0
    while head < tail:
        child = queue[head]
        head += 1
        bound[child] = min(bound[child], cap)
        for e in range(parents_ptr[child], parents_ptr[child + 1]):
            parent = parents[e]
            bound[parent] = min(bound[parent] + bound[child] + 1, cap)
            pending[parent] -= 1
            if pending[parent] == 0:
                queue[tail] = parent
                tail += 1
    return bound


@jit.njit(cache=True, nogil=True, inline="always")
def _bound(
    reached: int,
    total: float,
    inverse: float,
    depth: int,
    near_cap: int,
    reach: int,
    reach_exact: bool,
    harmonic: bool,
    scale: float,
) -> float:
    """Upper bound on the final score: ``reached`` nodes known, the rest at ``depth`` or more, at most ``near_cap``
    of them at exactly ``depth`` (see the module notes)."""
    rest = max(reach - reached, 0)
    near = min(near_cap, rest)
    if harmonic:
        return (inverse + near / depth + (rest - near) / (depth + 1.0)) * scale
    # A reach of r nodes costs at least this distance sum; the bound is the best r at a piece end (r^2 / sum).
    bound = 0.0
    full = float(reached + rest)
    far = total + near * float(depth) + (rest - near) * (depth + 1.0)
    if far > 0:
        bound = full * full / far * scale
    if not reach_exact:
        mid = float(reached + near)
        middle = total + near * float(depth)
        if middle > 0:
            bound = max(bound, mid * mid / middle * scale)
        if total > 0:
            bound = max(bound, float(reached) * reached / total * scale)
    return bound


@jit.njit(cache=True, nogil=True)
def static_bounds(search: TopkSearch, levels: int) -> np.ndarray:
    """Per node, an upper bound on its score from neighbourhood sizes alone (no BFS): the "NBbound" idea.

    ``c_1(v) = deg(v)`` nodes are at distance 1; a node at distance ``r + 1`` from ``v`` is at distance ``r`` from
    one of ``v``'s out-neighbours, so ``c_{r+1}(v) = sum over out-neighbours w of c_r(w)`` bounds how many are at
    distance ``r + 1`` (for ``r = 1`` on undirected graphs each ``w`` contributes ``deg(w) - 1``: one of its
    neighbours is ``v``). Filling levels 1..``levels`` up to these caps, nearest first, and putting every other
    reachable node at ``levels + 1`` gives the largest possible score. O(levels · m).

    Examples
    --------
    >>> ptr, idx = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0-1-2
    >>> search = TopkSearch(ptr, idx, np.array([2, 2, 2]), True, True, False, True)
    >>> static_bounds(search, 3).tolist()
    [0.6666666666666666, 1.0, 0.6666666666666666]
    """
    indptr, indices, reach = search.indptr, search.indices, search.reach
    reach_exact, undirected, harmonic = search.reach_exact, search.undirected, search.harmonic
    n = indptr.shape[0] - 1
    cap = max(n - 1, 1)
    scale = 1.0 / cap
    caps = np.zeros((levels, n), dtype=np.int64)
    for v in range(n):
        caps[0, v] = indptr[v + 1] - indptr[v]
    for level in range(1, levels):
        minus = 1 if (undirected and level == 1) else 0
        for v in range(n):
            summed = 0
            for e in range(indptr[v], indptr[v + 1]):
                summed += caps[level - 1, indices[e]] - minus
            caps[level, v] = min(summed, cap)
    out = np.zeros(n)
    for v in range(n):
        rest = reach[v]
        reached = 0
        total = 0.0
        inverse = 0.0
        best = 0.0
        for level in range(levels):
            take = min(caps[level, v], rest)
            rest -= take
            reached += take
            total += take * (level + 1.0)
            inverse += take / (level + 1.0)
            if not reach_exact and not harmonic and total > 0:
                # Unknown reach: r^2 / (least distance sum) peaks at a breakpoint of the fill (module notes).
                best = max(best, reached * float(reached) / total)
        reached += rest
        total += rest * (levels + 1.0)
        inverse += rest / (levels + 1.0)
        if harmonic:
            out[v] = inverse * scale
        else:
            if total > 0:
                best = max(best, reached * float(reached) / total)
            out[v] = best * scale
    return out


@jit.njit(cache=True, nogil=True)
def _tighten(areas: _Areas, thread: int, used: int, depth: int, reached: int, harmonic: bool, scale: float) -> None:
    """BFSbound (undirected): after a full BFS from ``v``, lower every visited node's upper bound.

    For ``w`` at distance ``j`` from ``v`` and any ``x``: ``d(w, x) >= max(|d(v, x) - j|, 1)`` (triangle inequality),
    so with ``n_l`` nodes at level ``l`` (the ``used`` nodes of ``v``'s component, ``v`` included):
    farness(w) >= sum_l n_l max(|l - j|, 1) - 1 and harmonic(w) <= sum_l n_l / max(|l - j|, 1) - 1 (the -1 removes
    ``w`` itself). ``used``, ``depth`` and ``reached`` describe the BFS just completed in ``thread``'s rows of
    ``areas``. Writes from several threads may race; a lost write only leaves a looser, still valid bound.
    """
    queue, dist = areas.queue[thread], areas.dist[thread]
    level_count, level_bound, bound = areas.level_count[thread], areas.level_bound[thread], areas.bound
    levels = depth  # levels 0 .. depth - 1 are non-empty (the last loop found nothing)
    for level in range(levels):
        level_count[level] = 0
    for i in range(used):
        level_count[dist[queue[i]]] += 1
    if harmonic:
        # O(levels^2): skipped when that would cost more than the BFS itself (long paths).
        if levels * levels > 8 * used:
            return
        for j in range(levels):
            acc = -1.0
            for level in range(levels):
                gap = abs(level - j)
                acc += level_count[level] / (gap if gap > 0 else 1)
            level_bound[j] = acc * scale
    else:
        count_above, sum_above = 0.0, 0.0
        for level in range(levels):
            count_above += level_count[level]
            sum_above += level * float(level_count[level])
        count_below, sum_below = 0.0, 0.0
        for j in range(levels):
            here = float(level_count[j])
            count_above -= here
            sum_above -= j * here
            farness = j * count_below - sum_below + sum_above - j * count_above + here - 1.0
            level_bound[j] = reached * float(reached) / farness * scale if farness > 0 else np.inf
            count_below += here
            sum_below += j * here
    for i in range(used):
        w = queue[i]
        value = level_bound[dist[w]]
        if value < bound[w]:
            bound[w] = value


@jit.njit(cache=True, nogil=True)
def _pruned_bfs(search: TopkSearch, areas: _Areas, thread: int, root: int, threshold: float) -> float:
    """Exact score of ``root``, or -1.0 when its bound falls below ``threshold`` (BFS abandoned); ``thread`` names
    the rows of ``areas`` this BFS may use.

    The bound is checked after every node expanded, not only per level: while level ``d`` is expanded, the nodes
    found so far at ``d + 1`` are known exactly and the rest of level ``d + 1`` is at most the out-degree sum of the
    level-``d`` nodes not yet expanded (minus their parent edge when undirected).
    """
    indptr, indices, undirected, harmonic = search.indptr, search.indices, search.undirected, search.harmonic
    reach, reach_exact = search.reach[root], search.reach_exact
    dist, queue, sums = areas.dist[thread], areas.queue[thread], areas.sums
    n = indptr.shape[0] - 1
    scale = 1.0 / (n - 1)
    cut = threshold * (1.0 - MARGIN)
    check = search.abandon and threshold > 0.0
    dist[root] = 0
    queue[0] = root
    lo, hi, used, depth = 0, 1, 1, 0
    reached = 0
    total = 0.0
    inverse = 0.0  # reciprocal distances of complete levels, summed level by level (ties stay bit-identical)
    pending = indptr[root + 1] - indptr[root]  # capacity of the level being expanded, not yet used
    pruned = False
    while lo < hi and not pruned:
        found = 0
        next_capacity = 0
        for i in range(lo, hi):
            u = queue[i]
            degree = indptr[u + 1] - indptr[u]
            pending -= degree - (1 if undirected and depth > 0 else 0)
            for e in range(indptr[u], indptr[u + 1]):
                w = indices[e]
                if dist[w] < 0:
                    dist[w] = depth + 1
                    queue[used] = w
                    used += 1
                    found += 1
                    next_capacity += indptr[w + 1] - indptr[w] - (1 if undirected else 0)
            if check:
                # Known: levels <= depth, plus `found` nodes at depth + 1; at most `pending` more at depth + 1.
                known_total = total + found * (depth + 1.0)
                known_inverse = inverse + found / (depth + 1.0)
                if (
                    _bound(
                        reached + found,
                        known_total,
                        known_inverse,
                        depth + 1,
                        max(pending, 0),
                        reach,
                        reach_exact,
                        harmonic,
                        scale,
                    )
                    < cut
                ):
                    pruned = True
                    break
        if pruned:
            break
        lo, hi, depth = hi, used, depth + 1
        reached += found
        total += found * float(depth)
        inverse += found / depth
        pending = next_capacity
    if pruned:
        for i in range(used):
            dist[queue[i]] = -1
        return -1.0
    sums[0, root] = total
    sums[1, root] = inverse
    sums[2, root] = reached
    if undirected and reached > 0:
        _tighten(areas, thread, used, depth, reached, harmonic, scale)
    for i in range(used):
        dist[queue[i]] = -1
    if harmonic:
        return inverse * scale
    if total == 0:
        return 0.0
    return float(reached) * reached / total * scale


@jit.njit(cache=True, nogil=True, parallel=True)
def top_closeness_bfs(
    search: TopkSearch, static: np.ndarray, k: int, batch: int, threads: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of the nodes that can be in the top ``k`` (-1.0 for the nodes pruned) and their distance sums.

    The sums have the layout of :mod:`inroads.kernels.distances` (rows: distance sum, reciprocal sum, nodes
    reached; zero columns for pruned nodes), so the caller normalises them like the exact engine does.

    Parameters
    ----------
    search : TopkSearch
        The graph (CSR of out-neighbours), reach bounds, measure and BFS strategy.
    static : numpy.ndarray
        float64, per node an upper bound on its score known before any BFS (:func:`static_bounds`).
    k : int
        How many top scores are wanted.
    batch : int
        Nodes per parallel round (the threshold is raised between rounds).
    threads : int
        Work areas to allocate (the caller's ``jit.get_num_threads()``).

    Notes
    -----
    Nodes are taken highest current bound first from a lazy max-heap (bounds only fall, so a popped entry whose
    bound has fallen is pushed back with the new value); when the best bound left is below the k-th score, the
    search ends: no node still in the heap can enter the top k.

    Examples
    --------
    >>> ptr, idx = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0-1-2
    >>> search = TopkSearch(ptr, idx, np.array([2, 2, 2]), True, True, False, True)
    >>> scores, sums = top_closeness_bfs(search, np.array([0.9, 1.0, 0.9]), 1, 1, 1)
    >>> scores.tolist()  # after node 1 (closeness 1), nodes 0 and 2 cannot reach the top 1
    [-1.0, 1.0, -1.0]
    """
    n = search.indptr.shape[0] - 1
    scores = np.full(n, -1.0)
    areas = _Areas(
        np.full((threads, n), -1, dtype=np.int32),
        np.zeros((threads, n), dtype=np.int32),
        np.zeros((threads, n + 1), dtype=np.int64),
        np.zeros((threads, n + 1)),
        np.zeros((3, n)),
        static.copy(),
    )
    bound = areas.bound
    best = np.zeros(max(k, 1))  # min-heap of the k best exact scores so far (its top: the k-th best)
    best_nodes = np.zeros(max(k, 1), dtype=np.int32)
    size = 0
    threshold = 0.0
    capacity = 2 * n + 1
    heap_keys = np.zeros(capacity)
    heap_nodes = np.zeros(capacity, dtype=np.int32)
    entries = 0
    for v in range(n):
        entries = heap_push(heap_keys, heap_nodes, entries, -static[v], v)
    done = np.zeros(n, dtype=np.bool_)
    chosen = np.zeros(batch, dtype=np.int64)
    finished = False
    while not finished:
        count = 0
        cut = threshold * (1.0 - MARGIN) if size == k else -1.0
        while count < batch and entries > 0:
            key, v, entries = heap_pop(heap_keys, heap_nodes, entries)
            if done[v]:
                continue
            if -key < cut:
                finished = True  # the best bound left cannot reach the top k
                break
            if bound[v] < -key:
                if bound[v] >= cut:
                    if entries == capacity:
                        # Rebuild from the nodes still open (never more than n entries).
                        entries = 0
                        for u in range(n):
                            if not done[u]:
                                entries = heap_push(heap_keys, heap_nodes, entries, -bound[u], u)
                    else:
                        entries = heap_push(heap_keys, heap_nodes, entries, -bound[v], v)
                else:
                    done[v] = True
                continue
            done[v] = True
            chosen[count] = v
            count += 1
        if count == 0:
            break
        for i in jit.prange(count):
            th = jit.get_thread_id()
            v = chosen[i]
            scores[v] = _pruned_bfs(search, areas, th, v, threshold)
        for i in range(count):
            value = scores[chosen[i]]
            if value < 0.0:
                continue
            if size < k:
                size = heap_push(best, best_nodes, size, value, chosen[i])
            elif value > best[0]:
                heap_replace_top(best, best_nodes, size, value, chosen[i])
            if size == k:
                threshold = best[0]
    return scores, areas.sums
