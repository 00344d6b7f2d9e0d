"""Edge arrays to CSR, and integer ids to node indices: the two steps between a parsed file and a Graph.

Written by hand because they sit on the path the benchmark pins ("no slower than ``pandas.read_csv`` alone"): SciPy's
COO-to-CSR plus ``sum_duplicates`` sorts every row twice and cannot merge by minimum, and ``pandas.factorize`` hashes
each id; a partition of the entries by row followed by a radix sort of each partition in cache, and a direct-address
table for ids that are small numbers, do the same work in two passes or one (benchmarks/README.md, "Reading").
"""

from __future__ import annotations

import numpy as np

from inroads.kernels import jit
from inroads.kernels.interpreted import choose

_U = np.uint64

__all__ = ["build_csr", "dense_first_appearance"]


@jit.njit(cache=True, nogil=True)
def _block_offsets(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From ``counts[block, row]``: where each block writes its first entry of each row (block 0 first, so a row
    keeps the blocks' order), and where each row starts."""
    blocks, n = counts.shape
    offsets = np.empty_like(counts)
    starts = np.empty(n + 1, dtype=np.int64)
    position = 0
    for row in range(n):
        starts[row] = position
        for block in range(blocks):
            offsets[block, row] = position
            position += counts[block, row]
    starts[n] = position
    return offsets, starts


@jit.njit(cache=True, nogil=True, parallel=True)
def _partition(
    src: np.ndarray,
    dst: np.ndarray,
    w: np.ndarray,
    n: int,
    directed: bool,
    blocks: int,
    shift: int,
    colbits: int,
    like: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Entries into partitions of ``2**shift`` consecutive rows, each a key ``(row within partition, column)`` (the
    column in the low ``colbits`` bits) in the partition's place, in input order: ``(partition starts, keys, values,
    loops, endpoints outside 0..n-1)``.

    A directed edge ``s -> d`` is the entry ``(s, d)``; an undirected one also ``(d, s)``. Each thread takes one block
    of edges and, from per-block counts, its own place in every partition, so the order never depends on the number
    of threads. Writes go to a few hundred partitions in turn rather than to 2m random places, which keeps them in
    cache; nothing is written when an endpoint is out of range.
    """
    m = src.shape[0]
    weighted = w.shape[0] > 0
    parts = ((n - 1) >> shift) + 1
    counts = np.zeros((blocks, parts), dtype=np.int64)
    loops = np.zeros(blocks, dtype=np.int64)
    outside = np.zeros(blocks, dtype=np.int64)
    for block in jit.prange(blocks):
        for i in range(block * m // blocks, (block + 1) * m // blocks):
            s, d = src[i], dst[i]
            if s < 0 or s >= n or d < 0 or d >= n:
                outside[block] += 1
            elif s == d:
                loops[block] += 1
            else:
                counts[block, s >> shift] += 1
                if not directed:
                    counts[block, d >> shift] += 1
    cursors, starts = _block_offsets(counts)
    keys = np.empty(starts[parts] if outside.sum() == 0 else 0, dtype=like.dtype)
    values = np.empty(keys.shape[0] if weighted else 0, dtype=np.float64)
    if outside.sum() > 0:
        return starts, keys, values, loops.sum(), outside.sum()
    low, column_shift = _U((1 << shift) - 1), _U(colbits)
    for block in jit.prange(blocks):
        cursor = cursors[block]
        for i in range(block * m // blocks, (block + 1) * m // blocks):
            s, d = src[i], dst[i]
            if s == d:
                continue
            at = cursor[s >> shift]
            keys[at] = ((_U(s) & low) << column_shift) | _U(d)
            if weighted:
                values[at] = w[i]
            cursor[s >> shift] = at + 1
            if not directed:
                at = cursor[d >> shift]
                keys[at] = ((_U(d) & low) << column_shift) | _U(s)
                if weighted:
                    values[at] = w[i]
                cursor[d >> shift] = at + 1
    return starts, keys, values, loops.sum(), 0


@jit.njit(cache=True, nogil=True)
def _radix_sort(
    keys: np.ndarray, values: np.ndarray, spare_keys: np.ndarray, spare_values: np.ndarray, width: int, digits: int
) -> tuple[np.ndarray, np.ndarray]:
    """Stable LSD radix sort of ``keys`` (``values`` alongside) by ``digits`` digits of ``width`` bits, ping-ponging
    with the spare arrays: returns the pair that holds the result."""
    size = keys.shape[0]
    weighted = values.shape[0] > 0
    mask = _U((1 << width) - 1)
    counts = np.empty((1 << width) + 1, dtype=np.int64)
    a, b, a_values, b_values = keys, spare_keys, values, spare_values
    for digit in range(digits):
        shift = _U(digit * width)
        counts[:] = 0
        for k in range(size):
            counts[np.int64((a[k] >> shift) & mask) + 1] += 1
        if counts.max() == size:  # one bucket holds every key: this digit changes nothing
            continue
        for j in range(1, counts.shape[0]):
            counts[j] += counts[j - 1]
        for k in range(size):
            bucket = np.int64((a[k] >> shift) & mask)
            at = counts[bucket]
            b[at] = a[k]
            if weighted:
                b_values[at] = a_values[k]
            counts[bucket] = at + 1
        a, b, a_values, b_values = b, a, b_values, a_values
    return a, a_values


@jit.njit(cache=True, nogil=True, parallel=True)
def _sort_partitions(
    starts: np.ndarray,
    keys: np.ndarray,
    values: np.ndarray,
    ranges: np.ndarray,
    n: int,
    shift: int,
    colbits: int,
    width: int,
    merge_min: bool,
    index: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort each partition by (row, column), merge equal keys (sum of weights, or minimum, in input order) and write
    the columns where the partition's keys were: ``(row lengths, columns, values)``. A partition that merged
    something leaves a gap after its entries. Threads take ranges of partitions holding about as many entries."""
    digits = -(-(shift + colbits) // width)
    weighted = values.shape[0] > 0
    lengths = np.zeros(n, dtype=np.int64)
    columns = np.empty(keys.shape[0], dtype=index.dtype)
    merged = np.empty(values.shape[0], dtype=np.float64)
    column_mask, row_shift = _U((1 << colbits) - 1), _U(colbits)
    for block in jit.prange(ranges.shape[0] - 1):
        widest = 0
        for p in range(ranges[block], ranges[block + 1]):
            widest = max(widest, starts[p + 1] - starts[p])
        spare_keys = np.empty(widest, dtype=keys.dtype)
        spare_values = np.empty(widest if weighted else 0, dtype=np.float64)
        for p in range(ranges[block], ranges[block + 1]):
            lo, hi = starts[p], starts[p + 1]
            if lo == hi:
                continue
            part_keys, part_values = _radix_sort(
                keys[lo:hi],
                values[lo:hi] if weighted else values,
                spare_keys[: hi - lo],
                spare_values[: hi - lo] if weighted else spare_values,
                width,
                digits,
            )
            first_row, out = p << shift, lo
            for k in range(hi - lo):
                key = part_keys[k]
                if k > 0 and key == part_keys[k - 1]:
                    if weighted:
                        x = part_values[k]
                        merged[out - 1] = min(merged[out - 1], x) if merge_min else merged[out - 1] + x
                    continue
                columns[out] = key & column_mask
                if weighted:
                    merged[out] = part_values[k]
                lengths[first_row + np.int64(key >> row_shift)] += 1
                out += 1
    return lengths, columns, merged


@jit.njit(cache=True, nogil=True)
def _close_gaps(starts: np.ndarray, indptr: np.ndarray, shift: int, columns: np.ndarray, values: np.ndarray) -> None:
    """Move each partition's entries down to where its first row starts (a forward copy: no target passes its
    source), so the arrays become the CSR."""
    n = indptr.shape[0] - 1
    weighted = values.shape[0] > 0
    for p in range(starts.shape[0] - 1):
        target, source = indptr[min(p << shift, n)], starts[p]
        if target == source:
            continue
        for k in range(indptr[min((p + 1) << shift, n)] - target):
            columns[target + k] = columns[source + k]
            if weighted:
                values[target + k] = values[source + k]


def _ranges(starts: np.ndarray, parts: int) -> np.ndarray:
    """Split the partitions into ``parts`` ranges holding about as many entries each."""
    cuts = np.searchsorted(starts, np.linspace(0, starts[-1], parts + 1)[1:-1], side="left")
    return np.concatenate([[0], cuts, [starts.shape[0] - 1]]).astype(np.int64)


# Partitions of about 4,096 entries sorted by 12-bit digits: fastest of the sizes 1k-64k and widths 9-14 bits tried on
# the benchmark's 1M-edge graph (the sort then runs in L1/L2). Keys of up to 32 bits (row in partition, column) are
# uint32, half the memory of uint64.
_PARTITION_ENTRIES, _DIGIT_BITS, _NARROW_KEY_BITS = 1 << 12, 12, 32
#: Work of one entry in :func:`build_csr`, in the edge visits of :data:`~inroads.kernels.interpreted.SMALL_WORK`.
_INTERPRETED_STEPS = 20


def build_csr(
    src: np.ndarray, dst: np.ndarray, w: np.ndarray | None, n: int, *, directed: bool, merge_min: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int, int]:
    """CSR of an edge list without self-loops, duplicate edges merged: ``(indptr, indices, weights, loops, merged)``.

    ``src``/``dst`` hold node indices in ``0..n-1`` (ValueError otherwise); an undirected edge is stored in both rows.
    Duplicates (for an undirected graph ``a-b`` and ``b-a`` too) merge into one entry whose weight is the sum of
    theirs, or the minimum with ``merge_min``, taken in input order so the result never depends on thread count.
    ``merged`` counts the input edges that disappeared into another one; ``loops`` the self-loops dropped.

    No comparison sort: entries go into partitions of consecutive rows (one pass), then each partition, small enough
    to stay in cache, is radix-sorted by (row, column) and its duplicates merged; 1.5x the two whole-graph counting
    sorts this replaced, which wrote every entry twice to a random place.

    Examples
    --------
    >>> indptr, indices, w, loops, merged = build_csr(
    ...     np.array([0, 1, 1, 2]), np.array([1, 0, 2, 2]), np.array([1.0, 2.0, 4.0, 8.0]), 3, directed=False
    ... )
    >>> indptr.tolist(), indices.tolist(), w.tolist(), loops, merged
    ([0, 1, 3, 4], [1, 0, 2, 1], [3.0, 3.0, 4.0, 4.0], 1, 1)
    """
    weights = np.zeros(0) if w is None else np.ascontiguousarray(w, dtype=np.float64)
    index = np.zeros(0, dtype=np.int32 if n < np.iinfo(np.int32).max else np.int64)
    m = int(src.shape[0])
    if n == 0 and m:
        raise ValueError("edge endpoint outside 0..n-1")
    # One block below 4,096 edges whatever the thread count (asked only above it: asking imports numba, kernels/jit.py).
    blocks = 1 if m < 4096 else max(1, min(jit.get_num_threads(), m // 4096 + 1))
    entries = max(1, m if directed else 2 * m)
    colbits = max(1, (n - 1).bit_length())
    shift = min(max(0, (_PARTITION_ENTRIES * n // entries).bit_length() - 1), colbits, 63 - colbits)
    like = np.zeros(0, dtype=np.uint32 if shift + colbits <= _NARROW_KEY_BITS else np.uint64)
    # A small graph while numba is cold is built by these kernels' Python source (kernels/interpreted.py): about 20
    # interpreted steps per entry (partition, radix passes, merge).
    partition, sort_partitions, close_gaps = (
        choose(kernel, _INTERPRETED_STEPS * entries) for kernel in (_partition, _sort_partitions, _close_gaps)
    )
    starts, keys, values, loops, outside = partition(
        src, dst, weights, max(n, 1), directed, blocks, shift, colbits, like
    )
    if outside:
        raise ValueError("edge endpoint outside 0..n-1")
    lengths, indices, merged_values = sort_partitions(
        starts, keys, values, _ranges(starts, blocks), max(n, 1), shift, colbits, _DIGIT_BITS, merge_min, index
    )
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths[:n], out=indptr[1:])
    total = int(indptr[n])
    if total != indices.shape[0]:
        close_gaps(starts, indptr, shift, indices, merged_values)
        indices = indices[:total]
        merged_values = merged_values[:total] if w is not None else merged_values
    unique = total if directed else total // 2
    merged = m - int(loops) - unique
    return indptr, indices, None if w is None else merged_values, int(loops), merged


@jit.njit(cache=True, nogil=True)
def _dense_codes(
    source: np.ndarray, target: np.ndarray, low: int, span: int, s_codes: np.ndarray, t_codes: np.ndarray
) -> np.ndarray:
    """Codes into ``s_codes``/``t_codes`` (which may be ``source``/``target`` themselves: each id is read before its
    code is written); returns the distinct ids."""
    code_of = np.full(span, -1, dtype=np.int32)
    uniques = np.empty(min(span, 2 * source.shape[0]), dtype=np.int64)
    count = 0
    for i in range(source.shape[0]):
        for side in range(2):
            x = source[i] if side == 0 else target[i]
            slot = x - low
            code = code_of[slot]
            if code < 0:
                code = count
                code_of[slot] = code
                uniques[count] = x
                count += 1
            if side == 0:
                s_codes[i] = code
            else:
                t_codes[i] = code
    return uniques[:count]


def dense_first_appearance(
    source: np.ndarray, target: np.ndarray, bounds: tuple[int, int] | None = None, *, in_place: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Codes of integer ids in order of first appearance (row by row, source before target) through a direct-address
    table: ``(source codes, target codes, distinct ids)``, int32 codes. None when the ids spread over a range much
    wider than the edge list (the table would cost more memory than the edges) or the codes would not fit int32.
    ``bounds``, the smallest and largest id when the caller knows them, saves two passes. With ``in_place``, int32
    ``source``/``target`` become the codes (no new arrays: the reader's 1M-edge graph allocates 8 MB less).

    Examples
    --------
    >>> s, t, ids = dense_first_appearance(np.array([7, 9]), np.array([3, 7]))
    >>> s.tolist(), t.tolist(), ids.tolist()
    ([0, 2], [1, 0], [7, 3, 9])
    """
    m = int(source.shape[0])
    if m == 0 or m >= 2**30:
        return None
    if bounds is None:
        bounds = min(int(source.min()), int(target.min())), max(int(source.max()), int(target.max()))
    low = bounds[0]
    span = bounds[1] - low + 1
    if span > 4 * m + 4096:
        return None
    if in_place and source.dtype == target.dtype == np.int32:
        s_codes, t_codes = source, target
    else:
        s_codes, t_codes = np.empty(m, dtype=np.int32), np.empty(m, dtype=np.int32)
    uniques = choose(_dense_codes, _INTERPRETED_STEPS * m)(source, target, low, span, s_codes, t_codes)
    return s_codes, t_codes, uniques
