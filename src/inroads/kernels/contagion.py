"""Contagion kernels for the evidence of the two kinds: arrays in, arrays out (numba).

* :func:`cascade_steps` — independent cascades (Kempe, Kleinberg & Tardos 2003) stopped after a few steps, counting
  the people and niches reached after each step. Coins are the counter-based hashes of :mod:`inroads.kernels.cascade`
  (edge ``(u, v)`` in run ``r`` is a pure function of ``(seed, r, u, v)``), so every seed set is evaluated on the
  *same* random worlds: differences between sets are not the luck of the draw.
* :func:`complex_contagion` — Centola & Macy's threshold contagion (2007): a person adopts when at least ``2`` of the
  people they observe have adopted *and* at least a share ``theta`` of them; deterministic for a seed set.

Both take a matrix of seed sets (one row per run), so a baseline that changes every run (random people) costs the
same as a fixed one.
"""

from __future__ import annotations

import numpy as np

from inroads.kernels import jit
from inroads.kernels.cascade import _live, _run_key

__all__ = ["cascade_steps", "complex_contagion"]


@jit.njit(cache=True, nogil=True, parallel=True)
def cascade_steps(
    indptr: np.ndarray,
    indices: np.ndarray,
    seed_sets: np.ndarray,
    probability: float,
    symmetric: bool,
    seed: int,
    membership: np.ndarray,
    groups: int,
    steps: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Independent cascades from ``seed_sets[r]`` in run ``r``, ``steps`` steps each.

    Returns ``reached`` (runs x steps: people reached after step 1, 2, ..., seeds not counted) and ``niches``
    (runs: distinct ``membership`` values among the people reached, seeds not counted).

    Examples
    --------
    >>> indptr, indices = np.array([0, 1, 2, 3, 3]), np.array([1, 2, 3], dtype=np.int32)  # 0 -> 1 -> 2 -> 3
    >>> reached, niches = cascade_steps(indptr, indices, np.array([[0]]), 1.0, False, 7, np.array([0, 0, 1, 1]), 2, 2)
    >>> reached.tolist(), niches.tolist()
    ([[1, 2]], [2])
    """
    n = indptr.shape[0] - 1
    runs = seed_sets.shape[0]
    reached = np.zeros((runs, steps), dtype=np.int64)
    niches = np.zeros(runs, dtype=np.int64)
    base = np.uint64(seed)
    for run in jit.prange(runs):
        key = _run_key(base, run)
        covered = np.zeros(n, dtype=np.bool_)
        seen = np.zeros(groups, dtype=np.bool_)
        queue = np.empty(n, dtype=np.int64)
        tail = 0
        for s in seed_sets[run]:
            if not covered[s]:
                covered[s] = True
                queue[tail] = s
                tail += 1
        seeds = tail
        head = 0
        found = 0
        for step in range(steps):
            end = tail
            while head < end:
                u = queue[head]
                head += 1
                for e in range(indptr[u], indptr[u + 1]):
                    v = indices[e]
                    if not covered[v] and _live(key, u, v, n, symmetric, probability):
                        covered[v] = True
                        queue[tail] = v
                        tail += 1
                        if not seen[membership[v]]:
                            seen[membership[v]] = True
                            found += 1
            reached[run, step] = tail - seeds
        niches[run] = found
    return reached, niches


@jit.njit(cache=True, nogil=True, parallel=True)
def complex_contagion(
    indptr: np.ndarray,
    indices: np.ndarray,
    observed: np.ndarray,
    seed_sets: np.ndarray,
    theta: float,
    at_least: int,
) -> np.ndarray:
    """Who adopts (runs x n booleans) when ``seed_sets[r]`` adopt and the rest follow Centola & Macy's rule.

    A person adopts once at least ``at_least`` of the people they observe have adopted and that is at least a share
    ``theta`` of ``observed`` (how many they observe: in-degree); adoption travels along CSR entries ``u -> v``
    (``u``'s adoption is seen by ``v``) until nobody else adopts. Seeds count as adopters.

    Examples
    --------
    >>> # a triangle 0-1-2 with a tail 2-3: seeds 0 and 1 convert 2 (2 of 3 contacts), not 3 (1 of 1 is not 2 people)
    >>> indptr = np.array([0, 2, 4, 7, 8])
    >>> indices = np.array([1, 2, 0, 2, 0, 1, 3, 2], dtype=np.int32)
    >>> complex_contagion(indptr, indices, np.diff(indptr), np.array([[0, 1]]), 0.25, 2).astype(int).tolist()
    [[1, 1, 1, 0]]
    """
    n = indptr.shape[0] - 1
    runs = seed_sets.shape[0]
    adopted = np.zeros((runs, n), dtype=np.bool_)
    for run in jit.prange(runs):
        count = np.zeros(n, dtype=np.int64)
        queue = np.empty(n, dtype=np.int64)
        row = adopted[run]
        tail = 0
        for s in seed_sets[run]:
            if not row[s]:
                row[s] = True
                queue[tail] = s
                tail += 1
        head = 0
        while head < tail:
            u = queue[head]
            head += 1
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                if row[v]:
                    continue
                count[v] += 1
                if count[v] >= at_least and count[v] >= theta * observed[v]:
                    row[v] = True
                    queue[tail] = v
                    tail += 1
    return adopted
