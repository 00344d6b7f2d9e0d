"""Brandes betweenness over CSR arrays: BFS for unweighted graphs, Dijkstra for weighted ones.

Each kernel takes the graph as ``indptr`` (int64), ``indices`` (int32) and, when weighted, ``lengths`` (float64, one
path length per CSR entry), the ``sources`` to sweep from (int64 node indices), a ``target`` weight per node (1.0 for
a node whose shortest paths count, 0.0 otherwise; all ones for ordinary betweenness) and ``endpoints``. It returns the
*raw* dependency sums of those sources, one float64 per node: the sum over the given sources ``s`` and over targets
``t`` of ``sigma_st(v) / sigma_st``, counting ordered pairs. Rescaling is the caller's
(:func:`inroads.measures.normalize.rescale_betweenness`), so partial results of disjoint source sets add up.

The accumulation runs over *successors* (Brandes 2001, eq. 7 read forwards), recorded as the forward sweep finds
them:

    delta(v) = sigma(v) * sum over successors w of (target(w) + delta(w)) / sigma(w)

where ``w`` is a successor of ``v`` when the edge ``v -> w`` lies on a shortest path from the source. This needs only
the out-adjacency, also on directed graphs, and no per-source allocation; reading the recorded successors instead of
re-testing every edge made the unweighted sweep about 1.5x faster (benchmarks/README.md).

For weighted graphs an edge lies on a shortest path when ``dist(v) + length(v, w) <= dist(w) * (1 + 1e-12)`` and
``w`` was settled after ``v``: path lengths that agree to a relative 1e-12 are ties, so results do not depend on the
order edges were summed in. On undirected weighted graphs the sweep records *predecessors* instead, in the same
Dijkstra pass (a settled neighbour's distance is final), and accumulates by pushing to them; that saved a second
scan of every edge (1.7x with the radix heap, benchmarks/README.md). Directed graphs keep the successor pass, since
only out-edges are at hand.

Work is parallel over chunks of sources (``prange``); each thread owns its work arrays and one accumulator, reused for
every source it sweeps, and the accumulators are summed at the end.

References
----------
U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), 2001.
https://doi.org/10.1080/0022250X.2001.9990249
U. Brandes, "On variants of shortest-path betweenness centrality and their generic computation", Social Networks
30(2), 2008. https://doi.org/10.1016/j.socnet.2007.11.001
"""

from __future__ import annotations

import numpy as np

from inroads.kernels import jit
from inroads.kernels.radix import radix_arrays, radix_pop, radix_push

__all__ = ["TIE", "betweenness_bfs", "betweenness_dijkstra", "bfs_paths", "dijkstra_paths"]

#: Relative tolerance under which two weighted path lengths count as equal.
TIE = 1e-12


@jit.njit(cache=True, nogil=True, error_model="numpy")
def bfs_paths(
    indptr: np.ndarray,
    indices: np.ndarray,
    source: int,
    dist: np.ndarray,
    sigma: np.ndarray,
    order: np.ndarray,
    succ: np.ndarray,
    succ_end: np.ndarray,
) -> int:
    """Breadth-first search from ``source``: hop distances, shortest-path counts, visiting order and successors.

    ``dist`` must be -1 everywhere on entry (the caller resets the visited entries afterwards). Returns how many
    nodes were reached (``order[:reached]``, source first). ``sigma`` is written only for reached nodes. The
    successors of ``order[i]`` on shortest paths are ``succ[succ_end[i - 1]:succ_end[i]]`` (from 0 for ``i = 0``):
    recording them here spares the accumulation a second scan of every edge and its unpredictable distance test.

    Examples
    --------
    >>> indptr, indices = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0-1-2
    >>> dist, sigma, order = np.full(3, -1, np.int32), np.zeros(3), np.zeros(3, np.int32)
    >>> succ, succ_end = np.zeros(4, np.int32), np.zeros(3, np.int64)
    >>> bfs_paths(indptr, indices, 0, dist, sigma, order, succ, succ_end), dist.tolist(), sigma.tolist()
    (3, [0, 1, 2], [1.0, 1.0, 1.0])
    >>> succ[: succ_end[2]].tolist()
    [1, 2]
    """
    dist[source] = 0
    sigma[source] = 1.0
    order[0] = source
    head, tail, found = 0, 1, 0
    while head < tail:
        v = order[head]
        next_level = dist[v] + 1
        paths = sigma[v]
        for e in range(indptr[v], indptr[v + 1]):
            w = indices[e]
            dw = dist[w]
            if dw < 0:
                dist[w] = next_level
                sigma[w] = paths
                order[tail] = w
                tail += 1
                succ[found] = w
                found += 1
            elif dw == next_level:
                sigma[w] += paths
                succ[found] = w
                found += 1
        succ_end[head] = found
        head += 1
    return tail


@jit.njit(cache=True, nogil=True, error_model="numpy")
def _accumulate(
    reached: int,
    sigma: np.ndarray,
    order: np.ndarray,
    succ: np.ndarray,
    succ_end: np.ndarray,
    coef: np.ndarray,
    target: np.ndarray,
    endpoints: bool,
    acc: np.ndarray,
) -> None:
    # coef[w] = (target(w) + delta(w)) / sigma(w): written for w before any predecessor of w reads it.
    source = order[0]
    reached_targets = 0.0
    for i in range(reached - 1, 0, -1):
        v = order[i]
        total = 0.0
        for j in range(succ_end[i - 1], succ_end[i]):
            total += coef[succ[j]]
        delta = sigma[v] * total
        acc[v] += delta
        if endpoints:
            acc[v] += target[v]
            reached_targets += target[v]
        coef[v] = (delta + target[v]) / sigma[v]
    if endpoints:
        acc[source] += reached_targets


@jit.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def betweenness_bfs(
    indptr: np.ndarray,
    indices: np.ndarray,
    sources: np.ndarray,
    target: np.ndarray,
    endpoints: bool,
    chunk: int,
    threads: int,
) -> np.ndarray:
    """Raw Brandes dependency sums from ``sources`` on an unweighted graph (see the module notes).

    Parameters
    ----------
    indptr, indices : CSR arrays of the graph (out-neighbours).
    sources : int64 array of source nodes.
    target : float64 array, 1.0 where paths *to* that node count.
    endpoints : bool
        Count the endpoints of each path as lying on it (NetworkX ``endpoints=True``).
    chunk : int
        Sources per parallel work item; many small chunks balance the threads.
    threads : int
        Work areas to allocate: ``jit.get_num_threads()`` of the caller (passed in, because reading it inside a
        kernel stops numba from caching the compiled code).

    Examples
    --------
    >>> indptr, indices = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0-1-2
    >>> betweenness_bfs(indptr, indices, np.arange(3), np.ones(3), False, 1, jit.get_num_threads()).tolist()
    [0.0, 2.0, 0.0]
    """
    n = indptr.shape[0] - 1
    acc = np.zeros((threads, n))
    dist = np.full((threads, n), -1, dtype=np.int32)
    sigma = np.zeros((threads, n))
    coef = np.zeros((threads, n))
    order = np.zeros((threads, n), dtype=np.int32)
    succ = np.zeros((threads, indices.shape[0]), dtype=np.int32)
    succ_end = np.zeros((threads, n), dtype=np.int64)
    count = sources.shape[0]
    chunks = (count + chunk - 1) // chunk
    for c in jit.prange(chunks):
        t = jit.get_thread_id()
        for k in range(c * chunk, min(count, (c + 1) * chunk)):
            reached = bfs_paths(indptr, indices, sources[k], dist[t], sigma[t], order[t], succ[t], succ_end[t])
            _accumulate(reached, sigma[t], order[t], succ[t], succ_end[t], coef[t], target, endpoints, acc[t])
            for i in range(reached):
                dist[t, order[t, i]] = -1
    out = np.zeros(n)
    for t in range(threads):
        out += acc[t]
    return out


@jit.njit(cache=True, nogil=True, error_model="numpy")
def _accumulate_predecessors(
    reached: int,
    sigma: np.ndarray,
    order: np.ndarray,
    pred: np.ndarray,
    pred_end: np.ndarray,
    delta: np.ndarray,
    target: np.ndarray,
    endpoints: bool,
    acc: np.ndarray,
) -> None:
    """Brandes' accumulation pushed to predecessors (eq. 7 as published); ``delta`` is zero on entry and on exit."""
    source = order[0]
    reached_targets = 0.0
    for i in range(reached - 1, 0, -1):
        v = order[i]
        dependency = delta[v]
        acc[v] += dependency
        if endpoints:
            acc[v] += target[v]
            reached_targets += target[v]
        share = (dependency + target[v]) / sigma[v]
        for j in range(pred_end[i - 1], pred_end[i]):
            u = pred[j]
            delta[u] += sigma[u] * share
    if endpoints:
        acc[source] += reached_targets
    for i in range(reached):
        delta[order[i]] = 0.0


@jit.njit(cache=True, nogil=True, error_model="numpy")
def dijkstra_paths(
    indptr: np.ndarray,
    indices: np.ndarray,
    lengths: np.ndarray,
    source: int,
    dist: np.ndarray,
    sigma: np.ndarray,
    order: np.ndarray,
    rank: np.ndarray,
    heap: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    links: np.ndarray,
    links_end: np.ndarray,
    symmetric: bool,
) -> int:
    """Dijkstra from ``source``: distances, settling order, ``rank`` (position in that order), path counts, and the
    shortest-path edges.

    On a ``symmetric`` (undirected) graph an edge also leads back, so one pass does everything: when ``v`` is settled
    its settled neighbours are final, and those on a shortest path to ``v`` are its predecessors — ``links`` holds
    the predecessors of ``order[i]`` in ``links_end[i - 1]:links_end[i]``. On a directed graph the in-edges are not
    at hand: a second pass over the out-edges, once every distance is final, records successors instead (as
    :func:`bfs_paths`). Either way the tie rule of the module notes decides, on final distances only.

    On entry ``dist`` must be +inf and ``rank`` -1 everywhere; ``heap`` is one thread's radix heap arrays
    (:mod:`inroads.kernels.radix`), with ``len(indices) + 1`` slots. Returns the number of nodes reached.
    """
    keys, nodes, heap_links, heads = heap
    bits = dist.view(np.uint64)
    dist[source] = 0.0
    last = occupied = np.uint64(0)
    used, occupied = radix_push(keys, nodes, heap_links, heads, 0, last, occupied, bits[source], source)
    pending = 1
    reached = 0
    found = 0
    while pending > 0:
        v, last, occupied = radix_pop(keys, nodes, heap_links, heads, last, occupied)
        pending -= 1
        if rank[v] >= 0:
            continue
        rank[v] = reached
        order[reached] = v
        d = dist[v]
        limit = d * (1.0 + TIE)
        paths = 1.0 if v == source else 0.0
        # Tests ordered so the common case takes one predictable branch: a settled neighbour never improves
        # (its distance is <= d < d + length), and the rank is read only for a neighbour as close as a predecessor.
        for e in range(indptr[v], indptr[v + 1]):
            w = indices[e]
            length = lengths[e]
            candidate = d + length
            if candidate < dist[w]:
                dist[w] = candidate
                used, occupied = radix_push(keys, nodes, heap_links, heads, used, last, occupied, bits[w], w)
                pending += 1
            elif symmetric and dist[w] + length <= limit and rank[w] >= 0:  # w -> v ends a shortest path to v
                paths += sigma[w]
                links[found] = w
                found += 1
        sigma[v] = paths
        links_end[reached] = found
        reached += 1
    if symmetric:
        return reached
    # Directed: path counts and successors in a second pass, once every distance is final (the first pass left
    # every count but the source's at zero).
    found = 0
    for i in range(reached):
        v = order[i]
        dv = dist[v]
        paths = sigma[v]
        for e in range(indptr[v], indptr[v + 1]):
            w = indices[e]
            if dv + lengths[e] <= dist[w] * (1.0 + TIE) and rank[w] > i:
                sigma[w] += paths
                links[found] = w
                found += 1
        links_end[i] = found
    return reached


@jit.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def betweenness_dijkstra(
    indptr: np.ndarray,
    indices: np.ndarray,
    lengths: np.ndarray,
    sources: np.ndarray,
    target: np.ndarray,
    endpoints: bool,
    chunk: int,
    threads: int,
    symmetric: bool,
) -> np.ndarray:
    """Raw Brandes dependency sums from ``sources`` on a weighted graph; arguments as :func:`betweenness_bfs`, and
    ``symmetric`` for an undirected graph (one Dijkstra pass per source, see :func:`dijkstra_paths`).

    Examples
    --------
    >>> indptr, indices = np.array([0, 2, 4, 6]), np.array([1, 2, 0, 2, 0, 1], dtype=np.int32)  # triangle
    >>> lengths = np.array([1.0, 2.0, 1.0, 1.0, 2.0, 1.0])  # 0-2 is as long as 0-1-2: two shortest paths
    >>> threads = jit.get_num_threads()  # work areas: one per numba thread
    >>> for symmetric in (True, False):  # an undirected graph may take the one-pass sweep
    ...     raw = betweenness_dijkstra(indptr, indices, lengths, np.arange(3), np.ones(3), False, 1, threads, symmetric)
    ...     raw.tolist()
    [0.0, 1.0, 0.0]
    [0.0, 1.0, 0.0]
    """
    n = indptr.shape[0] - 1
    acc = np.zeros((threads, n))
    dist = np.full((threads, n), np.inf)
    rank = np.full((threads, n), -1, dtype=np.int32)
    sigma = np.zeros((threads, n))
    coef = np.zeros((threads, n))
    order = np.zeros((threads, n), dtype=np.int32)
    keys, nodes, heap_links, heads = radix_arrays(threads, indices.shape[0] + 1)
    links = np.zeros((threads, indices.shape[0]), dtype=np.int32)
    links_end = np.zeros((threads, n), dtype=np.int64)
    count = sources.shape[0]
    chunks = (count + chunk - 1) // chunk
    for c in jit.prange(chunks):
        t = jit.get_thread_id()
        heap = (keys[t], nodes[t], heap_links[t], heads[t])
        for k in range(c * chunk, min(count, (c + 1) * chunk)):
            reached = dijkstra_paths(
                indptr,
                indices,
                lengths,
                sources[k],
                dist[t],
                sigma[t],
                order[t],
                rank[t],
                heap,
                links[t],
                links_end[t],
                symmetric,
            )
            if symmetric:
                _accumulate_predecessors(
                    reached, sigma[t], order[t], links[t], links_end[t], coef[t], target, endpoints, acc[t]
                )
            else:
                _accumulate(reached, sigma[t], order[t], links[t], links_end[t], coef[t], target, endpoints, acc[t])
            for i in range(reached):
                v = order[t, i]
                dist[t, v] = np.inf
                rank[t, v] = -1
    out = np.zeros(n)
    for t in range(threads):
        out += acc[t]
    return out
