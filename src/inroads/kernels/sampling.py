"""Uniform shortest-path sampling over CSR arrays, for approximate betweenness (KADABRA-style).

One *sample* draws an ordered pair ``(s, t)``, ``s != t``, uniformly at random, then one shortest ``s -> t`` path
uniformly among all of them, and counts +1 for every node strictly inside that path. A pair with no path counts
nothing. The expected count of node ``v`` per sample is therefore

    b~(v) = 1 / (n (n - 1)) * sum over s != t of sigma_st(v) / sigma_st,

which is NetworkX's normalised betweenness times ``(n - 2) / n`` (the rescaling lives in
:mod:`inroads.measures.approx`).

Unweighted graphs use the *balanced bidirectional BFS* of KADABRA: a BFS from ``s`` (out-edges) and one from ``t``
(in-edges) grow alternately, always the side whose frontier has the smaller degree sum, until one expansion touches
the other ball. Every shortest path crosses exactly one of the edges found in that expansion, so the number of
shortest paths is ``sigma_st = sum sigma_s(u) * sigma_t(w)`` over those edges ``(u, w)``; one is drawn with that
weight and the path completed by walking back to ``s`` and on to ``t``, choosing each predecessor with probability
proportional to its path count. On graphs of small diameter this touches ~sqrt(m) edges per sample instead of m.
Weighted graphs run the same idea on Dijkstra (:func:`_one_path_weighted`): a search from ``s`` and one from ``t``,
the side with the smaller heap settling next, until the two smallest keys exceed the shortest s-t length found; the
tie rule is the exact engine's (lengths that agree to a relative 1e-12 are equal). A one-sided Dijkstra settled
about half the graph per sample (BA n=100,000 weighted: 250 s for a top-50 run; bidirectional: see
benchmarks/README.md).

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

import numpy as np

from inroads.kernels import jit
from inroads.kernels.heap import heap_pop, heap_push
from inroads.kernels.topk import component_reach

__all__ = ["TIE", "mix_seed", "sample_paths", "sample_paths_weighted", "uniform01", "vertex_diameter_bound"]

#: Relative tolerance under which two weighted path lengths count as equal (same rule as the exact engine).
TIE = 1e-12


@jit.njit(cache=True, nogil=True, inline="always")
def _splitmix(state: np.uint64) -> tuple[np.uint64, np.uint64]:
    # Constants written inline: numba cannot cache functions that read uint64 module globals.
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return state, z ^ (z >> np.uint64(31))


@jit.njit(cache=True, nogil=True)
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


@jit.njit(cache=True, nogil=True, inline="always")
def uniform01(state: np.uint64) -> tuple[np.uint64, float]:
    """Next state and a float in [0, 1) from its top 53 bits."""
    state, z = _splitmix(state)
    return state, float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@jit.njit(cache=True, nogil=True, inline="always")
def _pair(state: np.uint64, n: int) -> tuple[np.uint64, int, int]:
    state, x = uniform01(state)
    s = min(int(x * n), n - 1)
    state, y = uniform01(state)
    t = min(int(y * (n - 1)), n - 2)
    if t >= s:
        t += 1
    return state, s, t


@jit.njit(cache=True, nogil=True, inline="always")
def _grow(
    ptr: np.ndarray,
    idx: np.ndarray,
    queue: np.ndarray,
    lo: int,
    hi: int,
    used: int,
    depth: int,
    dist_own: np.ndarray,
    sigma_own: np.ndarray,
    dist_other: np.ndarray,
    sigma_other: np.ndarray,
) -> tuple[float, int, int]:
    """Expand one side's frontier ``queue[lo:hi]`` by a level along ``ptr``/``idx`` (out-edges from s, in-edges from
    t). Returns ``(paths, used, degree)``: the number of shortest paths through the edges that touch the other ball
    (``sigma_own(u) * sigma_other(w)`` summed; once positive, the search is over and no new node is added), the new
    queue end, and the degree sum of the new frontier (which side grows next)."""
    total = 0.0
    new_deg = 0
    for i in range(lo, hi):
        u = queue[i]
        for e in range(ptr[u], ptr[u + 1]):
            w = idx[e]
            if dist_other[w] >= 0:
                total += sigma_own[u] * sigma_other[w]
            elif total == 0.0:
                if dist_own[w] < 0:
                    dist_own[w] = depth + 1
                    sigma_own[w] = sigma_own[u]
                    queue[used] = w
                    used += 1
                    new_deg += ptr[w + 1] - ptr[w]
                elif dist_own[w] == depth + 1:
                    sigma_own[w] += sigma_own[u]
    return total, used, new_deg


@jit.njit(cache=True, nogil=True, inline="always")
def _draw_crossing(
    ptr: np.ndarray,
    idx: np.ndarray,
    queue: np.ndarray,
    lo: int,
    hi: int,
    dist_other: np.ndarray,
    sigma_own: np.ndarray,
    sigma_other: np.ndarray,
    target: float,
) -> tuple[int, int]:
    """The crossing edge ``(u in this ball, w in the other)`` of the last expansion where the running sum of
    ``sigma_own(u) * sigma_other(w)`` first exceeds ``target`` (a uniform fraction of all the paths): a draw weighted
    by the number of shortest paths through each edge."""
    acc = 0.0
    a, b = -1, -1
    for i in range(lo, hi):
        u = queue[i]
        for e in range(ptr[u], ptr[u + 1]):
            w = idx[e]
            if dist_other[w] >= 0:
                a, b = u, w
                acc += sigma_own[u] * sigma_other[w]
                if acc > target:
                    return a, b
    return a, b


@jit.njit(cache=True, nogil=True, inline="always")
def _walk_back(
    ptr: np.ndarray,
    idx: np.ndarray,
    dist: np.ndarray,
    sigma: np.ndarray,
    start: int,
    end: int,
    state: np.uint64,
    counts: np.ndarray,
) -> tuple[np.uint64, int]:
    """From ``start`` back to the side's root ``end``, each step to a neighbour one level closer chosen with
    probability proportional to its path count; every node but ``end`` is counted. Returns ``(state, nodes)``.

    ``ptr``/``idx`` run against the search's direction (in-edges back to s, out-edges back to t). A node reached by
    the search always has such a neighbour when the two CSRs are each other's transpose; the ``chosen < 0`` guard
    stops the walk instead of looping when they are not (a caller's broken arrays)."""
    inner = 0
    x_node = start
    while x_node != end:
        counts[x_node] += 1
        inner += 1
        state, x = uniform01(state)
        target = x * sigma[x_node]
        acc = 0.0
        chosen = -1
        want = dist[x_node] - 1
        for e in range(ptr[x_node], ptr[x_node + 1]):
            p = idx[e]
            if dist[p] == want:
                chosen = p
                acc += sigma[p]
                if acc > target:
                    break
        if chosen < 0:
            break
        x_node = chosen
    return state, inner


@jit.njit(cache=True, nogil=True)
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

    Returns the number of inner nodes (-1 when t is unreachable). Work arrays are restored to -1 on exit. Both
    directions run the same three steps (:func:`_grow`, :func:`_draw_crossing`, :func:`_walk_back`), with the
    out-CSR and the s-side arrays forward and the in-CSR and the t-side arrays backward.
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
            total, used_s, new_deg = _grow(
                out_ptr, out_idx, queue_s, lo_s, hi_s, used_s, depth_s, dist_s, sigma_s, dist_t, sigma_t
            )
            if total > 0.0:
                break
            lo_s, hi_s, depth_s, deg_s = hi_s, used_s, depth_s + 1, new_deg
        else:
            total, used_t, new_deg = _grow(
                in_ptr, in_idx, queue_t, lo_t, hi_t, used_t, depth_t, dist_t, sigma_t, dist_s, sigma_s
            )
            if total > 0.0:
                break
            lo_t, hi_t, depth_t, deg_t = hi_t, used_t, depth_t + 1, new_deg
    inner = -1
    if total > 0.0:
        state, x = uniform01(state)
        if forward:
            a, b = _draw_crossing(out_ptr, out_idx, queue_s, lo_s, hi_s, dist_t, sigma_s, sigma_t, x * total)
        else:
            b, a = _draw_crossing(in_ptr, in_idx, queue_t, lo_t, hi_t, dist_s, sigma_t, sigma_s, x * total)
        state, inner_s = _walk_back(in_ptr, in_idx, dist_s, sigma_s, a, s, state, counts)
        state, inner_t = _walk_back(out_ptr, out_idx, dist_t, sigma_t, b, t, state, counts)
        inner = inner_s + inner_t
    for i in range(used_s):
        dist_s[queue_s[i]] = -1
    for i in range(used_t):
        dist_t[queue_t[i]] = -1
    return inner


@jit.njit(cache=True, nogil=True, parallel=True)
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
    threads : work areas to allocate, ``jit.get_num_threads()`` of the caller (reading it inside a kernel stops
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
    >>> counts, connected = sample_paths(ptr, idx, ptr, idx, 0, 600, 7, 64, jit.get_num_threads())
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
    for c in jit.prange(chunks):
        th = jit.get_thread_id()
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


@jit.njit(cache=True, nogil=True, inline="always")
def _settle_next(
    ptr: np.ndarray,
    idx: np.ndarray,
    lengths: np.ndarray,
    dist: np.ndarray,
    sigma: np.ndarray,
    done: np.ndarray,
    touched: np.ndarray,
    used: int,
    keys: np.ndarray,
    nodes: np.ndarray,
    size: int,
    other: np.ndarray,
    best: float,
) -> tuple[int, int, float]:
    """Settle the next node of one side of the bidirectional Dijkstra and relax its edges (path counts with the
    tie rule); ``best`` is the shortest s-t length seen through a node the other side has reached. Returns
    ``(used, size, best)``. The heap's top must be a live entry."""
    d, u, size = heap_pop(keys, nodes, size)
    done[u] = True
    for e in range(ptr[u], ptr[u + 1]):
        w = idx[e]
        if done[w]:
            continue
        nd = d + lengths[e]
        old = dist[w]
        if old < 0.0:
            dist[w] = nd
            sigma[w] = sigma[u]
            touched[used] = w
            used += 1
            size = heap_push(keys, nodes, size, nd, w)
        elif nd < old * (1.0 - TIE):
            dist[w] = nd
            sigma[w] = sigma[u]
            size = heap_push(keys, nodes, size, nd, w)
        elif nd <= old * (1.0 + TIE):
            sigma[w] += sigma[u]
        if other[w] >= 0.0:
            best = min(best, dist[w] + other[w])
    return used, size, best


@jit.njit(cache=True, nogil=True, inline="always")
def _drop_stale(keys: np.ndarray, nodes: np.ndarray, size: int, dist: np.ndarray, done: np.ndarray) -> int:
    """Pop entries of settled nodes or superseded distances off the heap's top."""
    while size > 0 and (done[nodes[0]] or keys[0] > dist[nodes[0]]):
        _, _, size = heap_pop(keys, nodes, size)
    return size


@jit.njit(cache=True, nogil=True, inline="always")
def _walk(
    ptr: np.ndarray,
    idx: np.ndarray,
    lengths: np.ndarray,
    dist: np.ndarray,
    sigma: np.ndarray,
    done: np.ndarray,
    start: int,
    end: int,
    state: np.uint64,
    counts: np.ndarray,
) -> tuple[np.uint64, int]:
    """From ``start`` toward the side's root ``end``, each step to a settled neighbour on a shortest path chosen with
    probability proportional to its path count; every node but ``end`` is counted. Returns ``(state, nodes)``."""
    inner = 0
    x_node = start
    while x_node != end:
        counts[x_node] += 1
        inner += 1
        state, x = uniform01(state)
        target = x * sigma[x_node]
        acc = 0.0
        chosen = -1
        for e in range(ptr[x_node], ptr[x_node + 1]):
            p = idx[e]
            if done[p] and dist[p] + lengths[e] <= dist[x_node] * (1.0 + TIE) and dist[p] < dist[x_node]:
                chosen = p
                acc += sigma[p]
                if acc > target:
                    break
        if chosen < 0:  # cannot happen on a correct search; never loop on a broken one
            break
        x_node = chosen
    return state, inner


@jit.njit(cache=True, nogil=True, inline="always")
def _crossing_edge(
    arrays: tuple[np.ndarray, ...],
    settled_s: np.ndarray,
    used_s: int,
    limit: float,
    target: float,
    s: int,
    t: int,
) -> tuple[float, int, int]:
    """Sum ``sigma_s(u) * sigma_t(w)`` over the edges ``u -> w`` from the s-side prefix into the t-side that lie on
    a shortest path (length <= ``limit``), in a fixed order, stopping once the sum exceeds ``target``: returns
    ``(sum, u, w)`` of the edge reached. With ``target`` = inf it is the number of shortest paths; with a uniform
    fraction of that, a draw weighted by paths."""
    out_ptr, out_idx, out_len, dist_s, dist_t, sigma_s, sigma_t, done_s, done_t = arrays
    acc, cross_u, cross_w = 0.0, s, t
    for i in range(used_s):
        u = settled_s[i]
        if not done_s[u]:
            continue
        for e in range(out_ptr[u], out_ptr[u + 1]):
            w = out_idx[e]
            if done_t[w] and not done_s[w] and dist_s[u] + out_len[e] + dist_t[w] <= limit:
                cross_u, cross_w = u, w
                acc += sigma_s[u] * sigma_t[w]
                if acc > target:
                    return acc, cross_u, cross_w
    return acc, cross_u, cross_w


@jit.njit(cache=True, nogil=True)
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
    """Bidirectional Dijkstra between s (out-edges) and t (in-edges), one uniform shortest path, inner nodes added
    to ``counts``; returns their number, or -1 when t cannot be reached.

    Work arrays hold both sides: ``dist[0]``/``dist[1]`` (and ``sigma``, ``done``, ``touched``, heaps) for the
    searches from s and from t. The side with the smaller heap grows. Sampling stops once the two smallest keys sum
    to more than the best s-t length found (times 1 + 1e-12), so every node of every shortest path is settled by
    one side or the other, the nodes settled from s forming a prefix of each path. Each shortest path then crosses
    exactly one edge ``(u, w)`` out of that prefix into the nodes settled from t, and there are
    ``sigma_s(u) * sigma_t(w)`` paths through it: one edge is drawn with that weight and the path completed by two
    walks back. When one search settles the other's root, its own path counts cover every shortest path.
    """
    dist_s, dist_t = dist[0], dist[1]
    sigma_s, sigma_t = sigma[0], sigma[1]
    done_s, done_t = done[0], done[1]
    dist_s[s], sigma_s[s], touched[0, 0] = 0.0, 1.0, s
    dist_t[t], sigma_t[t], touched[1, 0] = 0.0, 1.0, t
    used_s = used_t = 1
    size_s = heap_push(heap_keys[0], heap_nodes[0], 0, 0.0, s)
    size_t = heap_push(heap_keys[1], heap_nodes[1], 0, 0.0, t)
    best = np.inf
    while True:
        size_s = _drop_stale(heap_keys[0], heap_nodes[0], size_s, dist_s, done_s)
        size_t = _drop_stale(heap_keys[1], heap_nodes[1], size_t, dist_t, done_t)
        if size_s == 0 or size_t == 0 or done_s[t] or done_t[s]:
            break
        if heap_keys[0, 0] + heap_keys[1, 0] > best * (1.0 + TIE):
            break
        if size_s <= size_t:
            used_s, size_s, best = _settle_next(
                out_ptr, out_idx, out_len, dist_s, sigma_s, done_s, touched[0], used_s,
                heap_keys[0], heap_nodes[0], size_s, dist_t, best,
            )  # fmt: skip
        else:
            used_t, size_t, best = _settle_next(
                in_ptr, in_idx, in_len, dist_t, sigma_t, done_t, touched[1], used_t,
                heap_keys[1], heap_nodes[1], size_t, dist_s, best,
            )  # fmt: skip
    inner = -1
    if best < np.inf or done_s[t] or done_t[s]:
        if not done_s[t] and not done_t[s]:
            # Draw the crossing edge u -> w (u settled from s, w settled only from t) by its number of paths.
            crossing = (out_ptr, out_idx, out_len, dist_s, dist_t, sigma_s, sigma_t, done_s, done_t)
            total, _, _ = _crossing_edge(crossing, touched[0], used_s, best * (1.0 + TIE), np.inf, s, t)
            state, x = uniform01(state)
            _, cross_u, cross_w = _crossing_edge(crossing, touched[0], used_s, best * (1.0 + TIE), x * total, s, t)
            # Walks count their start and stop before their root: u .. (after s), then w .. (before t).
            state, before = _walk(in_ptr, in_idx, in_len, dist_s, sigma_s, done_s, cross_u, s, state, counts)
            state, after = _walk(out_ptr, out_idx, out_len, dist_t, sigma_t, done_t, cross_w, t, state, counts)
            inner = before + after
        elif done_s[t]:
            state, inner = _walk(in_ptr, in_idx, in_len, dist_s, sigma_s, done_s, t, s, state, counts)
            counts[t] -= 1  # t is an endpoint
            inner -= 1
        else:
            state, inner = _walk(out_ptr, out_idx, out_len, dist_t, sigma_t, done_t, s, t, state, counts)
            counts[s] -= 1  # s is an endpoint
            inner -= 1
    for side in range(2):
        for i in range(used_s if side == 0 else used_t):
            dist[side, touched[side, i]] = -1.0
            done[side, touched[side, i]] = False
    return inner


@jit.njit(cache=True, nogil=True, parallel=True)
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
    >>> areas = jit.get_num_threads()
    >>> counts, connected = sample_paths_weighted(ptr, idx, lengths, ptr, idx, lengths, 0, 300, 7, 64, areas)
    >>> int(counts[0]), int(counts[2]), connected
    (0, 0, 300)
    """
    n = out_ptr.shape[0] - 1
    entries = out_idx.shape[0]
    counts = np.zeros((threads, n), dtype=np.int64)
    connected = np.zeros(threads, dtype=np.int64)
    dist = np.full((threads, 2, n), -1.0)
    sigma = np.zeros((threads, 2, n))
    done = np.zeros((threads, 2, n), dtype=np.bool_)
    touched = np.zeros((threads, 2, n), dtype=np.int32)
    heap_keys = np.zeros((threads, 2, entries + 1))
    heap_nodes = np.zeros((threads, 2, entries + 1), dtype=np.int32)
    chunks = (count + chunk - 1) // chunk
    for c in jit.prange(chunks):
        th = jit.get_thread_id()
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


@jit.njit(cache=True, nogil=True)
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
