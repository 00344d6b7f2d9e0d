"""Uniform shortest-path sampling over CSR arrays, for approximate betweenness (KADABRA-style).

One *sample* draws an ordered pair ``(s, t)``, ``s != t``, uniformly at random, then one shortest ``s -> t`` path
uniformly among all of them, and counts +1 for every node strictly inside that path. A pair with no path counts
nothing. The expected count of node ``v`` per sample is therefore

    b~(v) = 1 / (n (n - 1)) * sum over s != t of sigma_st(v) / sigma_st,

which is NetworkX's normalised betweenness times ``(n - 2) / n`` (the rescaling lives in
:mod:`inroads.centrality.approx`).

Unweighted graphs use the *balanced bidirectional BFS* of KADABRA: a BFS from ``s`` (out-edges) and one from ``t``
(in-edges) grow alternately, always the side whose frontier has the smaller degree sum, until one expansion touches
the other ball. Every shortest path crosses exactly one of the edges found in that expansion, so the number of
shortest paths is ``sigma_st = sum sigma_s(u) * sigma_t(w)`` over those edges ``(u, w)``; one is drawn with that
weight and the path completed by walking back to ``s`` and on to ``t``, choosing each predecessor with probability
proportional to its path count. On graphs of small diameter this touches ~sqrt(m) edges per sample instead of m.
Weighted graphs run Dijkstra from ``s`` until ``t`` is settled, with the same tie rule as the exact engine
(lengths that agree to a relative 1e-12 are equal), and walk back from ``t``.

Randomness: sample ``i`` of a run with ``seed`` draws its numbers from a SplitMix64 stream keyed by ``(seed, i)``,
so a batch is just a range of sample indices: the counts of any split of ``0..N-1`` into batches, run on any number
of threads or machines, add up to the same integers.

References
----------
M. Borassi and E. Natale, "KADABRA is an ADaptive Algorithm for Betweenness via Random Approximation", ESA 2016 /
ACM J. Exp. Algorithmics 24, 2019. https://doi.org/10.1145/3284359
G. L. Steele, D. Lea and C. H. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014 (SplitMix64).
https://doi.org/10.1145/2714064.2660195
"""

from __future__ import annotations

import numba as nb
import numpy as np

from inroads.kernels.heap import heap_pop, heap_push
from inroads.kernels.topk import component_reach

__all__ = ["TIE", "mix_seed", "sample_paths", "sample_paths_weighted", "uniform01", "vertex_diameter_bound"]

#: Relative tolerance under which two weighted path lengths count as equal (same rule as the exact engine).
TIE = 1e-12


@nb.njit(cache=True, nogil=True, inline="always")
def _splitmix(state: np.uint64) -> tuple[np.uint64, np.uint64]:
    # Constants written inline: numba cannot cache functions that read uint64 module globals.
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return state, z ^ (z >> np.uint64(31))


@nb.njit(cache=True, nogil=True)
def mix_seed(seed: int, index: int) -> np.uint64:
    """The starting state of sample ``index``'s random stream in a run with ``seed``.

    Examples
    --------
    >>> int(mix_seed(0, 1)) != int(mix_seed(0, 2)) and int(mix_seed(0, 1)) == int(mix_seed(0, 1))
    True
    """
    _, a = _splitmix(np.uint64(seed))
    _, b = _splitmix(a ^ np.uint64(index))
    return b


@nb.njit(cache=True, nogil=True, inline="always")
def uniform01(state: np.uint64) -> tuple[np.uint64, float]:
    """Next state and a float in [0, 1) from its top 53 bits."""
    state, z = _splitmix(state)
    return state, float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@nb.njit(cache=True, nogil=True, inline="always")
def _pair(state: np.uint64, n: int) -> tuple[np.uint64, int, int]:
    state, x = uniform01(state)
    s = min(int(x * n), n - 1)
    state, y = uniform01(state)
    t = min(int(y * (n - 1)), n - 2)
    if t >= s:
        t += 1
    return state, s, t


@nb.njit(cache=True, nogil=True)
def _one_path(
    out_ptr: np.ndarray,
    out_idx: np.ndarray,
    in_ptr: np.ndarray,
    in_idx: np.ndarray,
    s: int,
    t: int,
    state: np.uint64,
    dist_s: np.ndarray,
    dist_t: np.ndarray,
    sigma_s: np.ndarray,
    sigma_t: np.ndarray,
    queue_s: np.ndarray,
    queue_t: np.ndarray,
    counts: np.ndarray,
) -> int:
    """Sample one shortest s -> t path by balanced bidirectional BFS; add its inner nodes to ``counts``.

    Returns the number of inner nodes (-1 when t is unreachable). Work arrays are restored to -1 on exit.
    """
    dist_s[s] = 0
    sigma_s[s] = 1.0
    queue_s[0] = s
    lo_s, hi_s, used_s, depth_s = 0, 1, 1, 0
    deg_s = out_ptr[s + 1] - out_ptr[s]
    dist_t[t] = 0
    sigma_t[t] = 1.0
    queue_t[0] = t
    lo_t, hi_t, used_t, depth_t = 0, 1, 1, 0
    deg_t = in_ptr[t + 1] - in_ptr[t]
    total = 0.0
    forward = True
    while lo_s < hi_s and lo_t < hi_t:
        forward = deg_s <= deg_t
        if forward:
            new_deg = 0
            for i in range(lo_s, hi_s):
                u = queue_s[i]
                for e in range(out_ptr[u], out_ptr[u + 1]):
                    w = out_idx[e]
                    if dist_t[w] >= 0:
                        total += sigma_s[u] * sigma_t[w]
                    elif total == 0.0:
                        if dist_s[w] < 0:
                            dist_s[w] = depth_s + 1
                            sigma_s[w] = sigma_s[u]
                            queue_s[used_s] = w
                            used_s += 1
                            new_deg += out_ptr[w + 1] - out_ptr[w]
                        elif dist_s[w] == depth_s + 1:
                            sigma_s[w] += sigma_s[u]
            if total > 0.0:
                break
            lo_s, hi_s, depth_s, deg_s = hi_s, used_s, depth_s + 1, new_deg
        else:
            new_deg = 0
            for i in range(lo_t, hi_t):
                u = queue_t[i]
                for e in range(in_ptr[u], in_ptr[u + 1]):
                    w = in_idx[e]
                    if dist_s[w] >= 0:
                        total += sigma_t[u] * sigma_s[w]
                    elif total == 0.0:
                        if dist_t[w] < 0:
                            dist_t[w] = depth_t + 1
                            sigma_t[w] = sigma_t[u]
                            queue_t[used_t] = w
                            used_t += 1
                            new_deg += in_ptr[w + 1] - in_ptr[w]
                        elif dist_t[w] == depth_t + 1:
                            sigma_t[w] += sigma_t[u]
            if total > 0.0:
                break
            lo_t, hi_t, depth_t, deg_t = hi_t, used_t, depth_t + 1, new_deg
    inner = -1
    if total > 0.0:
        # Draw the crossing edge (a in the s-ball, b in the t-ball) with weight sigma_s(a) * sigma_t(b).
        state, x = uniform01(state)
        target = x * total
        acc = 0.0
        a, b = -1, -1
        if forward:
            for i in range(lo_s, hi_s):
                u = queue_s[i]
                for e in range(out_ptr[u], out_ptr[u + 1]):
                    w = out_idx[e]
                    if dist_t[w] >= 0:
                        a, b = u, w
                        acc += sigma_s[u] * sigma_t[w]
                        if acc > target:
                            break
                if acc > target:
                    break
        else:
            for i in range(lo_t, hi_t):
                u = queue_t[i]
                for e in range(in_ptr[u], in_ptr[u + 1]):
                    w = in_idx[e]
                    if dist_s[w] >= 0:
                        a, b = w, u
                        acc += sigma_t[u] * sigma_s[w]
                        if acc > target:
                            break
                if acc > target:
                    break
        inner = 0
        x_node = a
        while x_node != s:
            counts[x_node] += 1
            inner += 1
            state, x = uniform01(state)
            target = x * sigma_s[x_node]
            acc = 0.0
            chosen = -1
            want = dist_s[x_node] - 1
            for e in range(in_ptr[x_node], in_ptr[x_node + 1]):
                p = in_idx[e]
                if dist_s[p] == want:
                    chosen = p
                    acc += sigma_s[p]
                    if acc > target:
                        break
            x_node = chosen
        x_node = b
        while x_node != t:
            counts[x_node] += 1
            inner += 1
            state, x = uniform01(state)
            target = x * sigma_t[x_node]
            acc = 0.0
            chosen = -1
            want = dist_t[x_node] - 1
            for e in range(out_ptr[x_node], out_ptr[x_node + 1]):
                q = out_idx[e]
                if dist_t[q] == want:
                    chosen = q
                    acc += sigma_t[q]
                    if acc > target:
                        break
            x_node = chosen
    for i in range(used_s):
        dist_s[queue_s[i]] = -1
    for i in range(used_t):
        dist_t[queue_t[i]] = -1
    return inner


@nb.njit(cache=True, nogil=True, parallel=True)
def sample_paths(
    out_ptr: np.ndarray,
    out_idx: np.ndarray,
    in_ptr: np.ndarray,
    in_idx: np.ndarray,
    first: int,
    count: int,
    seed: int,
    chunk: int,
    threads: int,
) -> tuple[np.ndarray, int]:
    """Samples ``first .. first + count - 1`` of run ``seed`` on an unweighted graph: ``(counts, pairs with a path)``.

    Parameters
    ----------
    out_ptr, out_idx : CSR of out-neighbours.
    in_ptr, in_idx : CSR of in-neighbours (the same arrays for an undirected graph).
    first, count : the range of sample indices (a batch).
    seed : the run's seed.
    chunk : samples per parallel work item.
    threads : work areas to allocate, ``numba.get_num_threads()`` of the caller (reading it inside a kernel stops
        numba from caching the kernel).

    Returns
    -------
    counts : int64 array, shape (n,)
        How many sampled paths have each node strictly inside.
    connected : int
        How many sampled pairs had a path.

    Examples
    --------
    >>> ptr, idx = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0-1-2
    >>> counts, connected = sample_paths(ptr, idx, ptr, idx, 0, 600, 7, 64, nb.get_num_threads())
    >>> int(counts[0]), int(counts[2]), connected, 150 < int(counts[1]) < 250  # 2 of the 6 pairs pass node 1
    (0, 0, 600, True)
    """
    n = out_ptr.shape[0] - 1
    counts = np.zeros((threads, n), dtype=np.int64)
    connected = np.zeros(threads, dtype=np.int64)
    dist_s = np.full((threads, n), -1, dtype=np.int32)
    dist_t = np.full((threads, n), -1, dtype=np.int32)
    sigma_s = np.zeros((threads, n))
    sigma_t = np.zeros((threads, n))
    queue_s = np.zeros((threads, n), dtype=np.int32)
    queue_t = np.zeros((threads, n), dtype=np.int32)
    chunks = (count + chunk - 1) // chunk
    for c in nb.prange(chunks):
        th = nb.get_thread_id()
        for k in range(first + c * chunk, first + min(count, (c + 1) * chunk)):
            state, s, t = _pair(mix_seed(seed, k), n)
            inner = _one_path(
                out_ptr, out_idx, in_ptr, in_idx, s, t, state,
                dist_s[th], dist_t[th], sigma_s[th], sigma_t[th], queue_s[th], queue_t[th], counts[th],
            )  # fmt: skip
            if inner >= 0:
                connected[th] += 1
    out = np.zeros(n, dtype=np.int64)
    for th in range(threads):
        out += counts[th]
    return out, int(connected.sum())


@nb.njit(cache=True, nogil=True)
def _one_path_weighted(
    out_ptr: np.ndarray,
    out_idx: np.ndarray,
    out_len: np.ndarray,
    in_ptr: np.ndarray,
    in_idx: np.ndarray,
    in_len: np.ndarray,
    s: int,
    t: int,
    state: np.uint64,
    dist: np.ndarray,
    sigma: np.ndarray,
    done: np.ndarray,
    touched: np.ndarray,
    heap_keys: np.ndarray,
    heap_nodes: np.ndarray,
    counts: np.ndarray,
) -> int:
    """Dijkstra from s until t is settled, then a uniform walk back; inner nodes added to ``counts``."""
    dist[s] = 0.0
    sigma[s] = 1.0
    touched[0] = s
    used = 1
    size = heap_push(heap_keys, heap_nodes, 0, 0.0, s)
    reached = False
    while size > 0:
        d, u, size = heap_pop(heap_keys, heap_nodes, size)
        if done[u] or d > dist[u]:
            continue
        done[u] = True
        if u == t:
            reached = True
            break
        for e in range(out_ptr[u], out_ptr[u + 1]):
            w = out_idx[e]
            if done[w]:
                continue
            nd = d + out_len[e]
            old = dist[w]
            if old < 0.0:
                dist[w] = nd
                sigma[w] = sigma[u]
                touched[used] = w
                used += 1
                size = heap_push(heap_keys, heap_nodes, size, nd, w)
            elif nd < old * (1.0 - TIE):
                dist[w] = nd
                sigma[w] = sigma[u]
                size = heap_push(heap_keys, heap_nodes, size, nd, w)
            elif nd <= old * (1.0 + TIE):
                sigma[w] += sigma[u]
    inner = -1
    if reached:
        inner = 0
        x_node = t
        while True:
            state, x = uniform01(state)
            target = x * sigma[x_node]
            acc = 0.0
            chosen = -1
            for e in range(in_ptr[x_node], in_ptr[x_node + 1]):
                p = in_idx[e]
                if done[p] and dist[p] + in_len[e] <= dist[x_node] * (1.0 + TIE) and dist[p] < dist[x_node]:
                    chosen = p
                    acc += sigma[p]
                    if acc > target:
                        break
            x_node = chosen
            if x_node == s:
                break
            counts[x_node] += 1
            inner += 1
    for i in range(used):
        dist[touched[i]] = -1.0
        done[touched[i]] = False
    return inner


@nb.njit(cache=True, nogil=True, parallel=True)
def sample_paths_weighted(
    out_ptr: np.ndarray,
    out_idx: np.ndarray,
    out_len: np.ndarray,
    in_ptr: np.ndarray,
    in_idx: np.ndarray,
    in_len: np.ndarray,
    first: int,
    count: int,
    seed: int,
    chunk: int,
    threads: int,
) -> tuple[np.ndarray, int]:
    """Like :func:`sample_paths` for path lengths ``out_len``/``in_len`` (one per CSR entry, > 0).

    Examples
    --------
    >>> ptr, idx = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)
    >>> lengths = np.array([0.5, 0.5, 2.0, 2.0])
    >>> areas = nb.get_num_threads()
    >>> counts, connected = sample_paths_weighted(ptr, idx, lengths, ptr, idx, lengths, 0, 300, 7, 64, areas)
    >>> int(counts[0]), int(counts[2]), connected
    (0, 0, 300)
    """
    n = out_ptr.shape[0] - 1
    entries = out_idx.shape[0]
    counts = np.zeros((threads, n), dtype=np.int64)
    connected = np.zeros(threads, dtype=np.int64)
    dist = np.full((threads, n), -1.0)
    sigma = np.zeros((threads, n))
    done = np.zeros((threads, n), dtype=np.bool_)
    touched = np.zeros((threads, n), dtype=np.int32)
    heap_keys = np.zeros((threads, entries + 1))
    heap_nodes = np.zeros((threads, entries + 1), dtype=np.int32)
    chunks = (count + chunk - 1) // chunk
    for c in nb.prange(chunks):
        th = nb.get_thread_id()
        for k in range(first + c * chunk, first + min(count, (c + 1) * chunk)):
            state, s, t = _pair(mix_seed(seed, k), n)
            inner = _one_path_weighted(
                out_ptr, out_idx, out_len, in_ptr, in_idx, in_len, s, t, state,
                dist[th], sigma[th], done[th], touched[th], heap_keys[th], heap_nodes[th], counts[th],
            )  # fmt: skip
            if inner >= 0:
                connected[th] += 1
    out = np.zeros(n, dtype=np.int64)
    for th in range(threads):
        out += counts[th]
    return out, int(connected.sum())


@nb.njit(cache=True, nogil=True)
def vertex_diameter_bound(indptr: np.ndarray, indices: np.ndarray) -> int:
    """An upper bound on the number of nodes of any shortest path of an *undirected, unweighted* graph.

    One BFS per connected component from its first node ``r``: every shortest path of the component has at most
    ``2 * ecc(r) + 1`` nodes (triangle inequality through ``r``). O(n + m). The sweep is
    :func:`inroads.kernels.topk.component_reach`'s.

    Examples
    --------
    >>> vertex_diameter_bound(np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32))  # path 0-1-2
    3
    """
    return component_reach(indptr, indices)[1]
