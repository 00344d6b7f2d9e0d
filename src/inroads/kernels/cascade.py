"""Independent-cascade kernels: arrays in, arrays out.

Every run draws its coins from a counter-based hash: the coin of edge ``(u, v)`` in run ``r`` is a pure function of
``(seed, r, u, v)``. So a run's result does not depend on which thread ran it or in what order edges were tried, and
every seed set is evaluated on the *same* random worlds (common random numbers), which makes the sampled spread an
exactly monotone submodular function of the seed set (what CELF's lazy evaluation relies on).

In an undirected graph both directions of an edge share one coin (``symmetric``). The cascade has the same
distribution either way (only the endpoint reached first ever tries the edge), and a shared coin turns each run into
bond percolation, whose components (:func:`percolation_components`) give every person's spread at once.
"""

from __future__ import annotations

import numpy as np

from inroads.kernels import jit

__all__ = ["cascade_sizes", "marginal_gain", "percolation_components"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@jit.njit(cache=True, nogil=True, inline="always")
def _splitmix(x: np.uint64) -> np.uint64:
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


@jit.njit(cache=True, nogil=True, inline="always")
def _run_key(seed: np.uint64, run: int) -> np.uint64:
    return _splitmix(seed ^ _splitmix(np.uint64(run)))


@jit.njit(cache=True, nogil=True, inline="always")
def _live(key: np.uint64, u: int, v: int, n: int, symmetric: bool, probability: float) -> bool:
    """Whether edge ``u -> v`` transmits in the run whose key is ``key``: a hashed uniform in [0, 1) below p."""
    if symmetric and v < u:
        u, v = v, u
    pair = np.uint64(u) * np.uint64(n) + np.uint64(v)
    return float(_splitmix(key ^ (pair * _GOLDEN)) >> _S11) * _UNIT < probability


@jit.njit(cache=True, nogil=True)
def _spread(indptr, indices, starts, probability, symmetric, key, covered, queue):
    """Breadth-first search from ``starts`` over live entries, skipping and marking ``covered``; new nodes count."""
    head = 0
    tail = 0
    for s in starts:
        if not covered[s]:
            covered[s] = True
            queue[tail] = s
            tail += 1
    n = indptr.shape[0] - 1
    while head < tail:
        u = queue[head]
        head += 1
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if not covered[v] and _live(key, u, v, n, symmetric, probability):
                covered[v] = True
                queue[tail] = v
                tail += 1
    return tail


@jit.njit(cache=True, nogil=True, parallel=True)
def cascade_sizes(
    indptr: np.ndarray,
    indices: np.ndarray,
    seeds: np.ndarray,
    probability: float,
    symmetric: bool,
    runs: int,
    seed: int,
) -> np.ndarray:
    """Number of people reached (seeds included) in each of ``runs`` independent cascades from ``seeds``.

    Each CSR entry ``u -> v`` transmits with ``probability`` once per run (an undirected edge is two entries).

    Examples
    --------
    >>> indptr, indices = np.array([0, 1, 2, 2]), np.array([1, 2], dtype=np.int32)  # 0 -> 1 -> 2
    >>> cascade_sizes(indptr, indices, np.array([0]), 1.0, False, 3, 7).tolist()
    [3, 3, 3]
    """
    n = indptr.shape[0] - 1
    sizes = np.zeros(runs, dtype=np.int64)
    base = np.uint64(seed)
    for run in jit.prange(runs):
        covered = np.zeros(n, dtype=np.bool_)
        queue = np.empty(n, dtype=np.int64)
        sizes[run] = _spread(indptr, indices, seeds, probability, symmetric, _run_key(base, run), covered, queue)
    return sizes


@jit.njit(cache=True, nogil=True, parallel=True)
def marginal_gain(
    indptr: np.ndarray,
    indices: np.ndarray,
    covered: np.ndarray,
    candidate: int,
    probability: float,
    symmetric: bool,
    seed: int,
    commit: bool,
) -> float:
    """Mean number of people ``candidate`` newly reaches over the runs, given the people ``covered`` (runs x n).

    With ``commit`` the newly reached are marked in ``covered`` (the candidate joins the seed set); without it
    ``covered`` is left as it was.
    """
    runs, n = covered.shape
    gained = np.zeros(runs, dtype=np.int64)
    base = np.uint64(seed)
    starts = np.array([candidate], dtype=np.int64)
    for run in jit.prange(runs):
        queue = np.empty(n, dtype=np.int64)
        row = covered[run]
        count = _spread(indptr, indices, starts, probability, symmetric, _run_key(base, run), row, queue)
        gained[run] = count
        if not commit:
            for i in range(count):
                row[queue[i]] = False
    return gained.sum() / runs


@jit.njit(cache=True, nogil=True)
def _root(parent: np.ndarray, u: int) -> int:
    while parent[u] != u:
        parent[u] = parent[parent[u]]  # path halving
        u = parent[u]
    return u


@jit.njit(cache=True, nogil=True, parallel=True)
def percolation_components(
    indptr: np.ndarray, indices: np.ndarray, probability: float, runs: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Components of each run's live edges in an undirected graph: ``(root, size)``, both runs x n int32.

    ``root[r, u]`` names u's component in run r and ``size[r, root[r, u]]`` is its size, which is the number of
    people a cascade started by u reaches in run r (the same worlds as :func:`cascade_sizes` with ``symmetric``).

    Examples
    --------
    >>> indptr, indices = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0 - 1 - 2
    >>> root, size = percolation_components(indptr, indices, 1.0, 2, 0)
    >>> size[0, root[0]].tolist()
    [3, 3, 3]
    """
    n = indptr.shape[0] - 1
    roots = np.empty((runs, n), dtype=np.int32)
    sizes = np.zeros((runs, n), dtype=np.int32)
    base = np.uint64(seed)
    for run in jit.prange(runs):
        key = _run_key(base, run)
        parent = np.arange(n)
        for u in range(n):
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                if u < v and _live(key, u, v, n, True, probability):
                    a = _root(parent, u)
                    b = _root(parent, v)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
        for u in range(n):
            r = _root(parent, u)
            roots[run, u] = r
            sizes[run, r] += 1
    return roots, sizes
