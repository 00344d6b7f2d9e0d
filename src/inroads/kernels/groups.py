"""Per-person counts over groups and neighbourhoods, on CSR arrays: the shortlist's figures without per-edge objects.

Written by hand because the array forms they replace hold one value per CSR entry or per *pair of groups*: niches per
person by ``np.unique`` of a row-times-groups key (a sort of every entry, 1.6 GB of keys at 100M edges), the niche
pairs a connector bridges as Python sets (``d (d - 1) / 2`` integers for a person with contacts in ``d`` niches:
about 5 s for the 1M-edge R-MAT's picks, and quadratic), and 2-hop reach by a sparse product over a copy of the whole
adjacency. Each kernel here returns exactly what the form it replaces returned (tests compare them).
"""

from __future__ import annotations

import numpy as np

from inroads.kernels import jit
from inroads.kernels.interpreted import choose

__all__ = [
    "covered_pair_count",
    "group_contacts",
    "inside_ties",
    "role_counts",
    "set_bit",
    "triangles",
    "two_hop_counts",
]


@jit.njit(cache=True, nogil=True, parallel=True)
def _distinct_counts(indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray) -> np.ndarray:
    n = indptr.shape[0] - 1
    counts = np.zeros(n, dtype=np.int64)
    for row in jit.prange(n):
        lo, hi = indptr[row], indptr[row + 1]
        if hi == lo:
            continue
        seen = np.sort(membership[indices[lo:hi]])
        distinct = 1
        for k in range(1, seen.shape[0]):
            if seen[k] != seen[k - 1]:
                distinct += 1
        counts[row] = distinct
    return counts


@jit.njit(cache=True, nogil=True, parallel=True)
def _fill_groups(
    indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray, ptr: np.ndarray, group: np.ndarray,
    ties: np.ndarray,
) -> None:  # fmt: skip
    n = indptr.shape[0] - 1
    for row in jit.prange(n):
        lo, hi = indptr[row], indptr[row + 1]
        if hi == lo:
            continue
        seen = np.sort(membership[indices[lo:hi]])
        at = ptr[row]
        group[at] = seen[0]
        ties[at] = 1
        for k in range(1, seen.shape[0]):
            if seen[k] != seen[k - 1]:
                at += 1
                group[at] = seen[k]
                ties[at] = 0
            ties[at] += 1


def group_contacts(
    indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's neighbours per group, CSR-style: ``(ptr, group, ties)``, groups ascending within a row.

    Row ``i``'s groups are ``group[ptr[i]:ptr[i + 1]]``; ``ties`` counts its CSR entries into each. Two passes of
    per-row sorts (count, then fill), parallel over rows: O(m log d) time, no array of the entries' size.

    Examples
    --------
    >>> ptr, group, ties = group_contacts(np.array([0, 2, 3, 4]), np.array([1, 2, 0, 0]), np.array([0, 0, 1]))
    >>> ptr.tolist(), group.tolist(), ties.tolist()
    ([0, 2, 3, 4], [0, 1, 0, 0], [1, 1, 1, 1])
    """
    membership = np.asarray(membership).astype(np.int64, copy=False)
    work = int(indptr[-1])
    counts = choose(_distinct_counts, work)(indptr, indices, membership)
    ptr = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    group = np.empty(ptr[-1], dtype=np.int32)  # groups and counts fit (below n): half the memory of int64
    ties = np.empty(ptr[-1], dtype=np.int32)
    choose(_fill_groups, work)(indptr, indices, membership, ptr, group, ties)
    return ptr, group, ties


@jit.njit(cache=True, nogil=True)
def _covered_pair_count(groups: np.ndarray, masks: np.ndarray, skip: int) -> int:
    """Pairs ``{a, b}`` of ``groups`` (distinct) that some earlier pick also bridges.

    ``masks[g]`` is the bit set (words of 64) of the picks with contacts in group ``g``; a pair is covered when
    ``masks[a] & masks[b]`` is not empty. Bit ``skip`` is ignored (a pick's own bit; -1 for none). The groups are
    collapsed to their distinct masks with a count each, so the cost is O(d log d + D^2) for D distinct masks (at
    most the picks' combinations present), not O(d^2) over the pairs.

    Examples
    --------
    >>> masks = np.array([[1], [1], [0], [2]], dtype=np.uint64)  # pick 0 touches groups 0 and 1, pick 1 group 3
    >>> covered_pair_count(np.array([0, 1, 2, 3]), masks, -1)
    1
    """
    d = groups.shape[0]
    words = masks.shape[1]
    rows = np.empty((d, words), dtype=np.uint64)
    keys = np.empty(d, dtype=np.uint64)
    for i in range(d):
        h = np.uint64(1469598103934665603)
        for w in range(words):
            value = masks[groups[i], w]
            if skip >= 0 and w == skip // 64:
                value &= ~(np.uint64(1) << np.uint64(skip % 64))
            rows[i, w] = value
            h = (h ^ value) * np.uint64(1099511628211)
        keys[i] = h
    order = np.argsort(keys)
    # distinct non-empty masks and how many groups carry each (equal keys are compared word by word)
    distinct = np.empty((d, words), dtype=np.uint64)
    count = np.zeros(d, dtype=np.int64)
    found = 0
    start = 0
    while start < d:
        stop = start
        while stop < d and keys[order[stop]] == keys[order[start]]:
            stop += 1
        first_of_run = found
        for k in range(start, stop):
            i = order[k]
            empty = True
            for w in range(words):
                if rows[i, w] != 0:
                    empty = False
            if empty:
                continue
            match = -1
            for j in range(first_of_run, found):
                same = True
                for w in range(words):
                    if distinct[j, w] != rows[i, w]:
                        same = False
                        break
                if same:
                    match = j
                    break
            if match < 0:
                distinct[found, :] = rows[i, :]
                count[found] = 1
                found += 1
            else:
                count[match] += 1
        start = stop
    covered = 0
    for i in range(found):
        covered += count[i] * (count[i] - 1) // 2  # a non-empty mask meets itself
        for j in range(i + 1, found):
            for w in range(words):
                if distinct[i, w] & distinct[j, w]:
                    covered += count[i] * count[j]
                    break
    return covered


@jit.njit(cache=True, nogil=True)
def _set_bit(masks: np.ndarray, groups: np.ndarray, bit: int) -> None:
    """Mark pick ``bit`` in the masks of ``groups`` (see :func:`covered_pair_count`)."""
    word = bit // 64
    value = np.uint64(1) << np.uint64(bit % 64)
    for g in groups:
        masks[g, word] |= value


@jit.njit(cache=True, nogil=True, parallel=True)
def _two_hop_counts(
    indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray, weights: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``rows``: the weight of its out-neighbours, of everyone within two hops (itself excluded), and
    how many of the latter share its ``group`` (pass an empty ``group`` to skip that count).

    One search of depth 2 per row with a visited mark per node, parallel over rows; O(n) memory per row in flight.
    """
    count = rows.shape[0]
    n = indptr.shape[0] - 1
    one = np.zeros(count, dtype=np.float64)
    two = np.zeros(count, dtype=np.float64)
    same = np.zeros(count, dtype=np.int64)
    use_group = group.shape[0] == n
    for k in jit.prange(count):
        r = rows[k]
        seen = np.zeros(n, dtype=np.bool_)
        seen[r] = True
        for e in range(indptr[r], indptr[r + 1]):
            v = indices[e]
            one[k] += weights[v]
        for e in range(indptr[r], indptr[r + 1]):
            v = indices[e]
            _first_visit(v, r, k, seen, weights, group, use_group, two, same)
            for f in range(indptr[v], indptr[v + 1]):
                _first_visit(indices[f], r, k, seen, weights, group, use_group, two, same)
    return one, two, same


@jit.njit(inline="always")
def _first_visit(
    u: int, r: int, k: int, seen: np.ndarray, weights: np.ndarray, group: np.ndarray, use_group: bool,
    two: np.ndarray, same: np.ndarray,
) -> None:  # fmt: skip
    """Count ``u`` in row ``k``'s 2-hop reach (and same-group count) the first time the search from ``r`` meets it."""
    if not seen[u]:
        seen[u] = True
        two[k] += weights[u]
        if use_group and group[u] == group[r]:
            same[k] += 1


@jit.njit(inline="always")
def _ranks_higher(indptr: np.ndarray, v: int, u: int) -> bool:
    """Whether ``v`` ranks above ``u`` by (degree, index): the direction :func:`_forward` orients a tie."""
    dv, du = indptr[v + 1] - indptr[v], indptr[u + 1] - indptr[u]
    return bool(dv > du or (dv == du and v > u))


@jit.njit(cache=True, nogil=True)
def _forward(indptr: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each node's neighbours of higher (degree, index) rank, CSR-style (every tie once, toward the busier end)."""
    n = indptr.shape[0] - 1
    counts = np.zeros(n + 1, dtype=np.int64)
    for u in range(n):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if _ranks_higher(indptr, v, u):
                counts[u + 1] += 1
    for u in range(n):
        counts[u + 1] += counts[u]
    out = np.empty(counts[n], dtype=indices.dtype)
    at = counts[:-1].copy()
    for u in range(n):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if _ranks_higher(indptr, v, u):
                out[at[u]] = v
                at[u] += 1
    return counts, out


@jit.njit(cache=True, nogil=True, parallel=True)
def _triangles(indptr: np.ndarray, indices: np.ndarray, chunks: int) -> np.ndarray:
    """Triangles through each node of a simple undirected graph (each counted once per corner).

    Edges are oriented from the lower to the higher (degree, index) rank and each triangle is found once, from its
    lowest corner, by marking that corner's forward neighbours: O(m sqrt(m)) time (Chiba & Nishizeki 1985; Schank &
    Wagner 2005). ``chunks`` slices of the nodes run in parallel, each with its own counts (summed at the end), so
    the result does not depend on the thread count.
    """
    n = indptr.shape[0] - 1
    fptr, fwd = _forward(indptr, indices)
    counts = np.zeros((chunks, n), dtype=np.int64)
    size = (n + chunks - 1) // chunks
    for c in jit.prange(chunks):
        mark = np.full(n, -1, dtype=np.int64)
        mine = counts[c]
        for u in range(c * size, min(n, (c + 1) * size)):
            for e in range(fptr[u], fptr[u + 1]):
                mark[fwd[e]] = u
            for e in range(fptr[u], fptr[u + 1]):
                v = fwd[e]
                for f in range(fptr[v], fptr[v + 1]):
                    w = fwd[f]
                    if mark[w] == u:
                        mine[u] += 1
                        mine[v] += 1
                        mine[w] += 1
    total = np.zeros(n, dtype=np.int64)
    for c in range(chunks):
        total += counts[c]
    return total


@jit.njit(cache=True, nogil=True, parallel=True)
def _role_counts(
    indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row: contacts, the sum of squared shares of them per group (ascending groups), contacts in the row's own
    group, and groups reached; the sums the role figures take from :func:`group_contacts`'s output, without it
    (three arrays of the entries' size and their temporaries: about 8 GB at 100M edges)."""
    n = indptr.shape[0] - 1
    degree = np.zeros(n, dtype=np.float64)
    squares = np.zeros(n, dtype=np.float64)
    inside = np.zeros(n, dtype=np.float64)
    reached = np.zeros(n, dtype=np.int64)
    for row in jit.prange(n):
        lo, hi = indptr[row], indptr[row + 1]
        if hi == lo:
            continue
        seen = np.sort(membership[indices[lo:hi]])
        total = float(hi - lo)
        run = 1
        for k in range(1, seen.shape[0] + 1):
            if k < seen.shape[0] and seen[k] == seen[k - 1]:
                run += 1
                continue
            share = run / total
            squares[row] += share**2
            reached[row] += 1
            if seen[k - 1] == membership[row]:
                inside[row] = run
            run = 1
        degree[row] = total
    return degree, squares, inside, reached


@jit.njit(cache=True, nogil=True, parallel=True)
def _inside_ties(indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which CSR entries tie two people of the same group, and how many per row: no array of sources (int64 per
    entry) and no two gathers of the membership per entry, which were 4.8 GB of temporaries at 100M edges."""
    n = indptr.shape[0] - 1
    inside = np.zeros(indptr[n], dtype=np.bool_)
    counts = np.zeros(n, dtype=np.int64)
    for row in jit.prange(n):
        own = membership[row]
        found = 0
        for e in range(indptr[row], indptr[row + 1]):
            if membership[indices[e]] == own:
                inside[e] = True
                found += 1
        counts[row] = found
    return inside, counts


# The kernels above run compiled, or as their own Python source for small work while numba is cold
# (kernels/interpreted.py: a small shortlist never pays for starting numba). ``work`` estimates their steps.


def covered_pair_count(groups: np.ndarray, masks: np.ndarray, skip: int) -> int:
    """:func:`_covered_pair_count`: pairs of ``groups`` some other pick (bit of ``masks``, not ``skip``) bridges."""
    return int(choose(_covered_pair_count, groups.shape[0] * groups.shape[0] * masks.shape[1])(groups, masks, skip))


def role_counts(
    indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_role_counts`: ``(degree, squared shares, inside, groups reached)`` per row."""
    return choose(_role_counts, int(indptr[-1]))(indptr, indices, membership)


def inside_ties(indptr: np.ndarray, indices: np.ndarray, membership: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_inside_ties`: the mask of same-group entries and their count per row."""
    return choose(_inside_ties, int(indptr[-1]))(indptr, indices, membership)


def set_bit(masks: np.ndarray, groups: np.ndarray, bit: int) -> None:
    """:func:`_set_bit`: mark pick ``bit`` in the masks of ``groups``."""
    choose(_set_bit, groups.shape[0])(masks, groups, bit)


def two_hop_counts(
    indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray, weights: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_two_hop_counts`: out-neighbours, people within two hops and those of the same group, per row."""
    degree = int(indptr[-1]) / max(indptr.shape[0] - 1, 1)
    work = int(rows.shape[0] * (1 + degree) * (1 + degree))
    return choose(_two_hop_counts, work)(indptr, indices, rows, weights, group)


def triangles(indptr: np.ndarray, indices: np.ndarray, chunks: int | None = None) -> np.ndarray:
    """:func:`_triangles`: triangles through each node of a simple undirected graph.

    ``chunks``: slices run in parallel (default: one per numba thread); the counts do not depend on it.
    """
    entries = int(indptr[-1])
    count = choose(_triangles, int(entries * max(entries, 1) ** 0.5))
    if chunks is None:
        # The interpreted twin runs on one thread; asking numba's thread count would import numba (kernels/jit.py).
        chunks = 1 if count is not _triangles else max(1, jit.get_num_threads())
    return count(indptr, indices, chunks)
