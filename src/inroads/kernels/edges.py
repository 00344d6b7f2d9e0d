"""Edge arrays to CSR, and integer ids to node indices: the two steps between a parsed file and a Graph.

Written by hand because they sit on the path the benchmark pins ("no slower than ``pandas.read_csv`` alone"): SciPy's
COO-to-CSR plus ``sum_duplicates`` sorts every row twice and cannot merge by minimum, and ``pandas.factorize`` hashes
each id; two counting sorts (the second a transpose that leaves rows sorted), and a direct-address table for ids that
are small numbers, do the same work in two passes or one (benchmarks/README.md, "Reading").
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["build_csr", "dense_first_appearance"]


@nb.njit(cache=True, nogil=True)
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


@nb.njit(cache=True, nogil=True, parallel=True)
def _scatter(
    src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int, directed: bool, blocks: int, index: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Counting sort of the loop-free entries into rows, in input order: ``(starts, columns, values, loops)``.

    A directed edge ``s -> d`` puts ``s`` in row ``d`` (the transpose comes next); an undirected one puts each
    endpoint in the other's row. Each thread takes one block of edges; per-block counts give it its own place in
    every row, so writes never collide and the order is the same for any number of threads.
    """
    m = src.shape[0]
    weighted = w.shape[0] > 0
    counts = np.zeros((blocks, n), dtype=np.int64)
    loops = np.zeros(blocks, dtype=np.int64)
    for block in nb.prange(blocks):
        for i in range(block * m // blocks, (block + 1) * m // blocks):
            s, d = src[i], dst[i]
            if s == d:
                loops[block] += 1
                continue
            counts[block, d] += 1
            if not directed:
                counts[block, s] += 1
    cursors, starts = _block_offsets(counts)
    columns = np.empty(starts[n], dtype=index.dtype)
    values = np.empty(starts[n] if weighted else 0, dtype=np.float64)
    for block in nb.prange(blocks):
        cursor = cursors[block]
        for i in range(block * m // blocks, (block + 1) * m // blocks):
            s, d = src[i], dst[i]
            if s == d:
                continue
            columns[cursor[d]] = s
            if weighted:
                values[cursor[d]] = w[i]
            cursor[d] += 1
            if not directed:
                columns[cursor[s]] = d
                if weighted:
                    values[cursor[s]] = w[i]
                cursor[s] += 1
    return starts, columns, values, loops.sum()


@nb.njit(cache=True, nogil=True, parallel=True)
def _transpose(
    starts: np.ndarray, columns: np.ndarray, values: np.ndarray, ranges: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The transpose of the rows: visiting rows in order leaves every output row sorted, and entries of one row
    with equal columns (duplicates) keep their order. Threads take ranges of rows, as in :func:`_scatter`."""
    n = starts.shape[0] - 1
    blocks = ranges.shape[0] - 1
    weighted = values.shape[0] > 0
    counts = np.zeros((blocks, n), dtype=np.int64)
    for block in nb.prange(blocks):
        for k in range(starts[ranges[block]], starts[ranges[block + 1]]):
            counts[block, columns[k]] += 1
    cursors, out_starts = _block_offsets(counts)
    out_columns = np.empty_like(columns)
    out_values = np.empty_like(values)
    for block in nb.prange(blocks):
        cursor = cursors[block]
        for r in range(ranges[block], ranges[block + 1]):
            for k in range(starts[r], starts[r + 1]):
                x = columns[k]
                out_columns[cursor[x]] = r
                if weighted:
                    out_values[cursor[x]] = values[k]
                cursor[x] += 1
    return out_starts, out_columns, out_values


@nb.njit(cache=True, nogil=True, parallel=True)
def _merge_duplicates(
    starts: np.ndarray, columns: np.ndarray, values: np.ndarray, merge_min: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge equal neighbours of each sorted row (sum of weights, or minimum, in order) into CSR arrays."""
    n = starts.shape[0] - 1
    weighted = values.shape[0] > 0
    lengths = np.empty(n, dtype=np.int64)
    for u in nb.prange(n):
        out = starts[u]
        for k in range(starts[u], starts[u + 1]):
            if out > starts[u] and columns[out - 1] == columns[k]:
                if weighted:
                    if merge_min:
                        values[out - 1] = min(values[out - 1], values[k])
                    else:
                        values[out - 1] += values[k]
                continue
            columns[out] = columns[k]
            if weighted:
                values[out] = values[k]
            out += 1
        lengths[u] = out - starts[u]
    indptr = np.zeros(n + 1, dtype=np.int64)
    for u in range(n):
        indptr[u + 1] = indptr[u] + lengths[u]
    if indptr[n] == starts[n]:  # nothing merged: the arrays are the CSR already
        return indptr, columns, values
    indices = np.empty(indptr[n], dtype=columns.dtype)
    merged = np.empty(indptr[n] if weighted else 0, dtype=np.float64)
    for u in nb.prange(n):
        for k in range(lengths[u]):
            indices[indptr[u] + k] = columns[starts[u] + k]
            if weighted:
                merged[indptr[u] + k] = values[starts[u] + k]
    return indptr, indices, merged


def _row_ranges(starts: np.ndarray, parts: int) -> np.ndarray:
    """Split the rows into ``parts`` ranges holding about as many entries each."""
    cuts = np.searchsorted(starts, np.linspace(0, starts[-1], parts + 1)[1:-1], side="left")
    return np.concatenate([[0], cuts, [starts.shape[0] - 1]]).astype(np.int64)


def build_csr(
    src: np.ndarray, dst: np.ndarray, w: np.ndarray | None, n: int, *, directed: bool, merge_min: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int, int]:
    """CSR of an edge list without self-loops, duplicate edges merged: ``(indptr, indices, weights, loops, merged)``.

    ``src``/``dst`` hold node indices in ``0..n-1``; an undirected edge is stored in both rows. Duplicates (for an
    undirected graph ``a-b`` and ``b-a`` too) merge into one entry whose weight is the sum of theirs, or the minimum
    with ``merge_min``, taken in input order so the result never depends on thread count. ``merged`` counts the input
    edges that disappeared into another one; ``loops`` the self-loops dropped.

    Two counting sorts, no comparison sort: edges go into rows by target (by either endpoint when undirected), then
    the transpose visits those rows in order, which leaves every row sorted.

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
    # One block per thread, but the per-block row counts (blocks x n) may not outgrow the edges.
    blocks = max(1, min(nb.get_num_threads(), src.shape[0] // max(n, 1)))
    starts, columns, values, loops = _scatter(src, dst, weights, n, directed, blocks, index)
    starts, columns, values = _transpose(starts, columns, values, _row_ranges(starts, blocks))
    indptr, indices, merged_values = _merge_duplicates(starts, columns, values, merge_min)
    entries = int(indptr[n])
    unique = entries if directed else entries // 2
    merged = int(src.shape[0]) - int(loops) - unique
    return indptr, indices, None if w is None else merged_values, int(loops), merged


@nb.njit(cache=True, nogil=True)
def _dense_codes(
    source: np.ndarray, target: np.ndarray, low: int, span: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    code_of = np.full(span, -1, dtype=np.int64)
    uniques = np.empty(min(span, 2 * source.shape[0]), dtype=np.int64)
    s_codes = np.empty(source.shape[0], dtype=np.int32)
    t_codes = np.empty(source.shape[0], dtype=np.int32)
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
    return s_codes, t_codes, uniques[:count]


def dense_first_appearance(source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Codes of integer ids in order of first appearance (row by row, source before target) through a direct-address
    table: ``(source codes, target codes, distinct ids)``, int32 codes. None when the ids spread over a range much
    wider than the edge list (the table would cost more memory than the edges) or the codes would not fit int32.

    Examples
    --------
    >>> s, t, ids = dense_first_appearance(np.array([7, 9]), np.array([3, 7]))
    >>> s.tolist(), t.tolist(), ids.tolist()
    ([0, 2], [1, 0], [7, 3, 9])
    """
    m = int(source.shape[0])
    if m == 0 or m >= 2**30:
        return None
    low = min(int(source.min()), int(target.min()))
    span = max(int(source.max()), int(target.max())) - low + 1
    if span > 4 * m + 4096:
        return None
    return _dense_codes(source, target, low, span)
