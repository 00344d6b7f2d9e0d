"""Number the text ids of a two-column edge list straight from its bytes, in order of first appearance.

Written by hand for the file ``name,name`` per line: Arrow reads it into two string columns (30 ms for 1M edges on two
cores), interleaves them (12 ms), checks them for blanks (25 ms) and hashes them (``dictionary_encode``, 90 ms); this
kernel finds the fields and hashes them in the same pass, eight bytes at a time, and keeps only the distinct ids.

Each field's 64-bit hash goes into an open-addressing table of ``(hash tag, code)``; a match is confirmed against the
first 16 bytes and the length kept per distinct id (and, for longer ids, the bytes of its first occurrence), so no id
is ever confused with another. Each thread numbers one chunk of lines in its own table; the chunks' distinct ids
are then numbered once more, chunk by chunk, so an id keeps the code of its first appearance in the file and the
numbering is the same on any thread count (45-50 ms for the 1M-edge file on two cores).

Anything but the plain case declines (None), and the general reader, which handles it, takes the file: a line
starting with a blank, ``#`` or ``%``, an empty line or field, a third column, a quote, a line end other than the
file's LF or CRLF, a field longer than 16 MB, and (checked on the distinct ids) invalid UTF-8 or an all-blank id.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from inroads.kernels import jit
from inroads.kernels.interpreted import choose
from inroads.kernels.words import HIGH, count_lines, line_chunks, repeat, span_strings, trailing_zeros, word, zero_bytes

__all__ = ["encode_text_pairs"]

_U = np.uint64
_ALL = ~_U(0)
_MULTIPLY, _FINISH, _SEED = _U(0x9E3779B97F4A7C15), _U(0xC2B2AE3D27D4EB4F), _U(0x243F6A8885A308D3)
_NEWLINE, _RETURN, _QUOTE = 10, 13, 34
# Status of a scan: done, table full (grow and go on from the line where it stopped), or declined.
_DONE, _FULL, _DECLINED = 0, 1, 2
_LENGTH_BITS = 24  # a distinct id stores (first position << 24) | length
#: Work of one byte in :func:`encode_text_pairs`, in the edge visits of :data:`~inroads.kernels.interpreted.SMALL_WORK`:
#: the twins number a 24 kB file of names in 0.05 s here, so files up to 50 kB take at most about 0.1 s.
_INTERPRETED_STEPS = 2


@jit.njit(cache=True, nogil=True, inline="always")
def _low_bytes(count: np.int64) -> np.uint64:
    return (_U(1) << _U(8 * count)) - _U(1) if count < 8 else _ALL


@jit.njit(cache=True, nogil=True, inline="always")
def _field(
    data: np.ndarray, p: int | np.int64, end: int, b1: np.uint64, b2: np.uint64, b3: np.uint64, b4: np.uint64
) -> tuple[np.int64, np.uint64, np.uint64, np.uint64]:
    """The field from ``p`` to the first of four stop bytes (or ``end``): ``(stop, hash, bytes 0-7, bytes 8-15)``,
    the words zero-padded past the field; the hash covers the same padded words, so it depends on the content only."""
    size = data.shape[0]
    h, first, second = _SEED, _U(0), _U(0)
    q, words = p, 0
    while True:
        if q + 8 <= size:
            w = word(data, q)
        else:
            w = _U(0)
            for k in range(min(8, size - q)):
                w |= _U(data[q + k]) << _U(8 * k)
        stops = zero_bytes(w ^ b1) | zero_bytes(w ^ b2) | zero_bytes(w ^ b3) | zero_bytes(w ^ b4)
        if end - q < 8:
            stops |= HIGH & (_ALL << _U(8 * (end - q)))  # the field cannot run past ``end``
        taken = np.int64(8)
        if stops != 0:
            taken = np.int64(trailing_zeros(stops)) >> 3
            w &= _low_bytes(taken)
        if taken > 0:
            h = (h ^ w) * _MULTIPLY
            h = (h << _U(27)) | (h >> _U(37))
        if words == 0:
            first = w
        elif words == 1:
            second = w
        words += 1
        if stops != 0:
            return q + taken, h, first, second
        q += 8


@jit.njit(cache=True, nogil=True)
def _same_tail(data: np.ndarray, a: int | np.int64, b: int | np.int64, length: int | np.int64) -> bool:
    for k in range(16, length):  # noqa: SIM110 (numba compiles the loop, not all() over a generator)
        if data[a + k] != data[b + k]:
            return False
    return True


@jit.njit(cache=True, nogil=True)
def _find(
    table: np.ndarray,
    ids: np.ndarray,
    data: np.ndarray,
    h: np.uint64,
    first: np.uint64,
    second: np.uint64,
    length: int | np.int64,
    p: int | np.int64,
) -> tuple[np.int64, np.uint64]:
    """``(code, slot)`` of the id ``data[p:p + length]`` (hash ``h``, first 16 bytes ``first``/``second``): code -1 and
    the empty slot to put it in when it is new. A tag match is confirmed on the bytes, never trusted."""
    mask = _U(table.shape[0] - 1)
    tag = (h >> _U(32)) | _U(1)
    slot = h & mask
    while True:
        entry = table[slot]
        if entry == 0:
            return np.int64(-1), slot
        if entry >> _U(32) == tag:
            c = np.int64(entry & _U(0xFFFFFFFF))
            if (
                ids[c, 0] == first
                and ids[c, 1] == second
                and ids[c, 2] & _U((1 << _LENGTH_BITS) - 1) == _U(length)
                and (length <= 16 or _same_tail(data, np.int64(ids[c, 2] >> _U(_LENGTH_BITS)), p, length))
            ):
                return c, slot
        slot = (slot + _U(1)) & mask


@jit.njit(cache=True, nogil=True)
def _add(
    table: np.ndarray,
    ids: np.ndarray,
    hashes: np.ndarray,
    slot: np.uint64,
    code: int | np.int64,
    h: np.uint64,
    row: np.ndarray,
) -> None:
    ids[code, 0], ids[code, 1], ids[code, 2] = row[0], row[1], row[2]
    hashes[code] = h
    table[slot] = (((h >> _U(32)) | _U(1)) << _U(32)) | _U(code)


@jit.njit(cache=True, nogil=True)
def _rehash(table: np.ndarray, hashes: np.ndarray, count: int) -> None:
    mask = _U(table.shape[0] - 1)
    for c in range(count):
        slot = hashes[c] & mask
        while table[slot] != 0:
            slot = (slot + _U(1)) & mask
        table[slot] = (((hashes[c] >> _U(32)) | _U(1)) << _U(32)) | _U(c)


@jit.njit(cache=True, nogil=True)
def _scan(
    data: np.ndarray,
    start: int | np.int64,
    end: int,
    delimiter: int,
    crlf: bool,
    table: np.ndarray,
    ids: np.ndarray,
    hashes: np.ndarray,
    count: int,
    row: int,
    codes: np.ndarray,
) -> tuple[int, int | np.int64, int, int]:
    """Number the fields of the lines from ``start`` to ``end``: ``codes[2 * row + side]`` gets the field's code;
    ``ids[code]`` = (bytes 0-7, bytes 8-15, first position << 24 | length), the 24 bytes checked on every match,
    and its hash apart in ``hashes`` (read only to grow the table). Returns ``(status, line where it stopped, row,
    distinct ids)``; the arrays are never reallocated here (a reallocated array in a hot loop costs numba a
    reference count per use), so a full table goes back to the caller to grow.
    """
    # Fields stop at the delimiter and the line end, and at a CR or a quote too, which only the general reader handles
    # (a quoted field; a CR in an LF file); so no separate scan of the file looks for them.
    b1, b2, b3, b4 = repeat(delimiter), repeat(_NEWLINE), repeat(_RETURN), repeat(_QUOTE)
    limit = min(table.shape[0] // 2, ids.shape[0]) - 2
    entry = np.empty(3, dtype=np.uint64)
    p = np.int64(start)
    while p < end:
        if count > limit:
            return _FULL, p, row, count
        lead = data[p]
        if lead == 35 or lead == 37 or lead == 32 or lead == 9 or lead == _NEWLINE or lead == _RETURN:  # noqa: SIM109
            return _DECLINED, p, row, count  # a comment, a blank or an empty line: the general reader's case
        line = p
        for side in range(2):
            stop, h, first, second = _field(data, p, end, b1, b2, b3, b4)
            length = stop - p
            if length == 0 or length >= 1 << _LENGTH_BITS:
                return _DECLINED, line, row, count
            if side == 0:
                if stop >= end or data[stop] != delimiter:
                    return _DECLINED, line, row, count  # one column
                after = stop + 1
            elif stop >= end:
                after = stop
            elif data[stop] == _NEWLINE and not crlf:
                after = stop + 1
            elif data[stop] == _RETURN and crlf and (stop + 1 == end or data[stop + 1] == _NEWLINE):
                after = stop + 2
            else:
                return _DECLINED, line, row, count  # a third column, a quote, a stray CR or a bare LF in a CRLF file
            h ^= _U(length)
            h ^= h >> _U(33)
            h *= _FINISH
            h ^= h >> _U(29)
            code, slot = _find(table, ids, data, h, first, second, length, p)
            if code < 0:
                code = np.int64(count)
                entry[0], entry[1], entry[2] = first, second, (_U(p) << _U(_LENGTH_BITS)) | _U(length)
                _add(table, ids, hashes, slot, code, h, entry)
                count += 1
            codes[2 * row + side] = code
            p = after
        row += 1
    return _DONE, p, row, count


@jit.njit(cache=True, nogil=True)
def _number_chunk(
    data: np.ndarray, start: int | np.int64, end: int, delimiter: int, crlf: bool, row: int, codes: np.ndarray
) -> tuple[int, int, np.ndarray, np.ndarray]:
    """One thread's chunk of lines: scan, doubling the table and the id list whenever they fill (a table at most
    half full stays small enough for L2); ``(status, rows, ids, hashes)``."""
    table = np.zeros(1 << 14, dtype=np.uint64)
    ids = np.empty((1 << 13, 3), dtype=np.uint64)
    hashes = np.empty(1 << 13, dtype=np.uint64)
    count, first_row = 0, row
    while True:
        status, start, row, count = _scan(data, start, end, delimiter, crlf, table, ids, hashes, count, row, codes)
        if status != _FULL:
            return status, row - first_row, ids[:count].copy(), hashes[:count].copy()
        bigger, more = np.empty((2 * ids.shape[0], 3), dtype=np.uint64), np.empty(2 * ids.shape[0], dtype=np.uint64)
        bigger[:count], more[:count] = ids[:count], hashes[:count]
        ids, hashes = bigger, more
        table = np.zeros(2 * table.shape[0], dtype=np.uint64)
        _rehash(table, hashes, count)


@jit.njit(cache=True, nogil=True)
def _merge_chunks(data: np.ndarray, ids: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The chunks' distinct ids, concatenated in chunk order, numbered once: an id takes the code of its first
    chunk, so codes follow first appearance in the file. ``(code of each, (start, end) of each distinct id)``."""
    total = ids.shape[0]
    size = 1 << 4
    while size < 2 * total + 2:
        size *= 2
    table = np.zeros(size, dtype=np.uint64)
    merged, merged_hashes = np.empty((total, 3), dtype=np.uint64), np.empty(total, dtype=np.uint64)
    code_of = np.empty(total, dtype=np.int32)
    count = 0
    length_mask = _U((1 << _LENGTH_BITS) - 1)
    for k in range(total):
        length = np.int64(ids[k, 2] & length_mask)
        position = np.int64(ids[k, 2] >> _U(_LENGTH_BITS))
        code, slot = _find(table, merged, data, hashes[k], ids[k, 0], ids[k, 1], length, position)
        if code < 0:
            code = np.int64(count)
            _add(table, merged, merged_hashes, slot, code, hashes[k], ids[k])
            count += 1
        code_of[k] = code
    spans = np.empty((count, 2), dtype=np.int64)
    for c in range(count):
        spans[c, 0] = np.int64(merged[c, 2] >> _U(_LENGTH_BITS))
        spans[c, 1] = spans[c, 0] + np.int64(merged[c, 2] & length_mask)
    return code_of, spans


@jit.njit(cache=True, nogil=True, parallel=True)
def _finish(
    codes: np.ndarray, row_bounds: np.ndarray, id_bounds: np.ndarray, code_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Final codes of sources and targets from each chunk's local ones."""
    rows = row_bounds[-1]
    sources, targets = np.empty(rows, dtype=np.int32), np.empty(rows, dtype=np.int32)
    for chunk in jit.prange(row_bounds.shape[0] - 1):
        base = id_bounds[chunk]
        for row in range(row_bounds[chunk], row_bounds[chunk + 1]):
            sources[row] = code_of[base + codes[2 * row]]
            targets[row] = code_of[base + codes[2 * row + 1]]
    return sources, targets


def encode_text_pairs(
    body: bytes, delimiter: bytes, start: int = 0, stop: int | None = None
) -> tuple[np.ndarray, np.ndarray, pa.Array] | None:
    """Codes of the two columns of ``body[start:stop]`` (``source<delimiter>target`` per line) and the distinct ids as
    an Arrow string array, numbered in order of first appearance; None to decline (see the module docstring).

    Examples
    --------
    >>> s, t, ids = encode_text_pairs(b"ann,bo\\nbo,cy\\n", b",")
    >>> s.tolist(), t.tolist(), ids.to_pylist()
    ([0, 1], [1, 2], ['ann', 'bo', 'cy'])
    >>> encode_text_pairs(b"ann,bo\\n# note\\n", b",") is None  # a comment line: the general reader's case
    True
    """
    stop = len(body) if stop is None else stop
    newline = body.find(b"\n", start, stop)
    crlf = newline > start and body[newline - 1] == _RETURN
    if stop <= start or len(delimiter) != 1:
        return None
    data = np.frombuffer(body, dtype=np.uint8, count=stop - start, offset=start)
    # A small file while numba is cold is numbered by these kernels' Python source (kernels/interpreted.py), in one
    # chunk: the numbering is the same for any number of chunks.
    work = _INTERPRETED_STEPS * data.size
    number_chunk, merge_chunks, finish = (choose(kernel, work) for kernel in (_number_chunk, _merge_chunks, _finish))
    serial = number_chunk is not _number_chunk
    bounds = choose(line_chunks, work)(data, 1 if serial else max(1, jit.get_num_threads())).tolist()
    chunks = [(a, b) for a, b in pairwise(bounds) if b > a]
    row_bounds = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum([choose(count_lines, work)(data, a, b) for a, b in chunks], out=row_bounds[1:])
    codes = np.empty(2 * int(row_bounds[-1]), dtype=np.int32)

    def run(k: int) -> tuple[int, int, np.ndarray, np.ndarray]:
        a, b = chunks[k]
        return number_chunk(data, a, b, delimiter[0], crlf, int(row_bounds[k]), codes)

    with ThreadPoolExecutor(len(chunks)) as pool:  # nogil kernels: the chunks run side by side
        done = list(pool.map(run, range(len(chunks))))
    if any(status != _DONE for status, *_ in done) or any(
        rows != b - a for (_, rows, *_), a, b in zip(done, row_bounds[:-1], row_bounds[1:], strict=True)
    ):
        return None
    id_bounds = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum([len(ids) for _, _, ids, _ in done], out=id_bounds[1:])
    code_of, spans = merge_chunks(
        data, np.concatenate([ids for *_, ids, _ in done]), np.concatenate([h for *_, h in done])
    )
    sources, targets = finish(codes, row_bounds, id_bounds, code_of)
    if sources.size == 0:
        return None
    strings = span_strings(data, spans, work=work)
    if strings is None:
        return None  # not UTF-8
    if pc.any(pc.equal(pc.utf8_trim_whitespace(strings), "")).as_py():
        return None  # an all-blank id: the general reader names its line
    return sources, targets, strings
