"""Parse a two-column edge list of integer ids straight from bytes, on all cores.

Written by hand for the common file (``u,v`` per line, ids are numbers): Arrow's CSV reader infers types, builds
chunked columns and is slower than ``pandas.read_csv`` on one core; this parser does one pass per chunk of lines and
accepts only ids written exactly as Python prints them ("7", never "007", "+7" or "7.0"), so the numbers it
returns stand for the ids as text. Anything else (a sign, a quote, a comment, a blank line, a third column, a line
end other than the file's LF or CRLF) makes it decline, and the general reader takes the file.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["parse_int_pairs"]

_NEWLINE, _RETURN, _ZERO = 10, 13, 48
# 18 digits always fit int64; longer ids go to the general reader.
_MAX_DIGITS = 18


@nb.njit(cache=True, nogil=True)
def _count_lines(data: np.ndarray, start: int, end: int) -> int:
    lines = 0
    for i in range(start, end):
        if data[i] == _NEWLINE:
            lines += 1
    if end > start and data[end - 1] != _NEWLINE:
        lines += 1
    return lines


@nb.njit(cache=True, nogil=True)
def _parse_chunk(
    data: np.ndarray, start: int, end: int, delimiter: int, crlf: bool, u: np.ndarray, v: np.ndarray, row: int
) -> bool:
    # Two copies of the digit loop rather than a helper returning (value, position): measured 1.3x faster.
    i = start
    while i < end:
        first, a = i, np.int64(0)
        while i < end:
            digit = np.int64(data[i]) - _ZERO
            if digit < 0 or digit > 9:
                break
            a = a * 10 + digit
            i += 1
        digits = i - first
        if digits == 0 or digits > _MAX_DIGITS or (data[first] == _ZERO and digits > 1):
            return False
        if i >= end or data[i] != delimiter:
            return False
        i += 1
        first, b = i, np.int64(0)
        while i < end:
            digit = np.int64(data[i]) - _ZERO
            if digit < 0 or digit > 9:
                break
            b = b * 10 + digit
            i += 1
        digits = i - first
        if digits == 0 or digits > _MAX_DIGITS or (data[first] == _ZERO and digits > 1):
            return False
        if i < end:
            if crlf:
                if data[i] != _RETURN or i + 1 >= end:
                    return False
                i += 1
            if data[i] != _NEWLINE:
                return False
            i += 1
        u[row], v[row] = a, b
        row += 1
    return True


@nb.njit(cache=True, nogil=True, parallel=True)
def _parse(data: np.ndarray, delimiter: int, crlf: bool, chunks: int) -> tuple[np.ndarray, np.ndarray, bool]:
    size = data.shape[0]
    bounds = np.empty(chunks + 1, dtype=np.int64)
    bounds[0], bounds[chunks] = 0, size
    for c in range(1, chunks):  # cut right after a newline, so every chunk holds whole lines
        i = max(bounds[c - 1], size * c // chunks)
        while i < size and data[i - 1] != _NEWLINE:
            i += 1
        bounds[c] = i
    lines = np.zeros(chunks + 1, dtype=np.int64)
    for c in nb.prange(chunks):
        lines[c + 1] = _count_lines(data, bounds[c], bounds[c + 1])
    for c in range(chunks):
        lines[c + 1] += lines[c]
    u = np.empty(lines[chunks], dtype=np.int64)
    v = np.empty(lines[chunks], dtype=np.int64)
    ok = np.ones(chunks, dtype=np.bool_)
    for c in nb.prange(chunks):
        ok[c] = _parse_chunk(data, bounds[c], bounds[c + 1], delimiter, crlf, u, v, lines[c])
    return u, v, bool(ok.all())


def parse_int_pairs(body: bytes, delimiter: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Sources and targets of ``body`` (lines ``u<delimiter>v``, LF or CRLF) as int64, or None to decline.

    Examples
    --------
    >>> [x.tolist() for x in parse_int_pairs(b"7,9\\r\\n3,7", b",")]
    [[7, 3], [9, 7]]
    >>> parse_int_pairs(b"007,9\\n", b",") is None  # "007" is not how 7 prints: the ids are text
    True
    """
    if not body or len(delimiter) != 1:
        return None
    data = np.frombuffer(body, dtype=np.uint8)
    chunks = max(1, min(4 * nb.get_num_threads(), len(body) // (1 << 20)))
    u, v, ok = _parse(data, delimiter[0], b"\r" in body, chunks)
    return (u, v) if ok and u.size else None
