"""Parse an edge list of integer ids (two columns, or three with a weight) straight from bytes, on all cores.

Written by hand for the common file (``u,v`` per line, ids are numbers): Arrow's CSV reader infers types, builds
chunked columns and is slower than ``pandas.read_csv`` on one core; this parser does one pass per chunk of lines and
accepts only ids written exactly as Python prints them ("7", never "007", "+7" or "7.0"), so the numbers it
returns stand for the ids as text. Anything else (a sign, a quote, a comment, a blank line, a third column unless
asked for, a fourth, a line end other than the file's LF or CRLF) makes it decline, and the general reader takes the
file. A third column (a weight) is kept as text, for the caller to convert and check as it does Arrow's columns.

Lines whose ids have at most 7 digits take a word-at-a-time path (SWAR: eight bytes per 64-bit operation): newlines
are found a word at a time, then each line's two numbers are validated and converted with a few multiplications,
with no loop over digits and no line depending on the one before (measured 1.7x the byte loop on one core; the
byte loop remains for everything else and is the reference the fast path must agree with).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from inroads.kernels import jit
from inroads.kernels.interpreted import choose
from inroads.kernels.words import (
    HIGH,
    LOW7,
    ONES,
    count_lines,
    line_chunks,
    repeat,
    span_strings,
    trailing_zeros,
    word,
    zero_bytes,
)

__all__ = ["IntPairs", "parse_int_pairs"]

_NEWLINE, _RETURN, _ZERO = 10, 13, 48
# 18 digits always fit int64; longer ids go to the general reader.
_MAX_DIGITS = 18

_U = np.uint64
_TEN_UP = _U(0x7676767676767676)  # + byte value: the high bit is set from 10 up
_CANONICAL_ID = re.compile(rb"0|[1-9][0-9]{0,17}")
# Lines found per round of the fast path before they are parsed (a small buffer that stays in L1).
_WINDOW = 256


@jit.njit(cache=True, nogil=True, inline="always")
def _nondigits(t: np.uint64) -> np.uint64:
    """High bit of each byte of ``t`` (bytes already XOR "0") that is not a digit, i.e. not 0..9."""
    return (((t & LOW7) + _TEN_UP) | t) & HIGH


@jit.njit(cache=True, nogil=True, inline="always")
def _value(t: np.uint64, count: int | np.int64) -> np.int64:
    """The number spelled by the first ``count`` (1..8) bytes of ``t`` (digits XOR "0", first digit lowest)."""
    v = t << _U(8 * (8 - count))  # the digits move to the top; the zero bytes below them are leading zeros
    v = (v * _U(10) + (v >> _U(8))) & _U(0x00FF00FF00FF00FF)
    v = (v * _U(100) + (v >> _U(16))) & _U(0x0000FFFF0000FFFF)
    v = (v * _U(10000) + (v >> _U(32))) & _U(0xFFFFFFFF)
    return np.int64(v)


@jit.njit(cache=True, nogil=True)
def _third_field(data: np.ndarray, at: int | np.int64, last: int | np.int64, delimiter: int) -> bool:
    """Whether ``data[at]`` is the delimiter and a third field, non-empty and without another, runs to ``last``."""
    if data[at] != delimiter or at + 1 >= last:
        return False
    for k in range(at + 1, last):  # noqa: SIM110 (numba compiles the loop, not all() over a generator)
        if data[k] == delimiter or data[k] == _RETURN:
            return False
    return True


@jit.njit(cache=True, nogil=True)
def _parse_short_ids(
    data: np.ndarray,
    start: int,
    end: int,
    delimiter: int,
    crlf: bool,
    u: np.ndarray,
    v: np.ndarray,
    spans: np.ndarray,
    row: int,
) -> tuple[int, int, np.int64, np.int64]:
    """Parse lines from ``start`` while both ids have 1..7 digits: ``(where it stopped, next row, min, max)``. With
    ``spans`` (one row per line), a third field follows, its text kept as ``(start, end)``.

    It stops, leaving the line to :func:`_parse_chunk`, at anything else, and within 8 bytes of the buffer's end.
    """
    size = data.shape[0]
    newlines = np.empty(_WINDOW + 2, dtype=np.int64)
    newline_bytes, zeros = repeat(_NEWLINE), repeat(_ZERO)
    low, high = np.int64(np.iinfo(np.int64).max), np.int64(-1)
    line, p = start, start
    while True:
        count = np.int64(0)
        while count < _WINDOW and p + 8 <= end:
            found = zero_bytes(word(data, p) ^ newline_bytes)
            # A line has at least 4 bytes, so a word holds at most two newlines: store both without branching.
            newlines[count] = p + (np.int64(trailing_zeros(found)) >> 3)
            newlines[count + 1] = p + (np.int64(trailing_zeros(found & (found - _U(1)))) >> 3)
            many = np.int64(((found >> _U(7)) * ONES) >> _U(56))
            if many > 2:  # blank lines: the byte loop declines them
                return line, row, low, high
            count += many
            p += 8
        if count == 0:
            return line, row, low, high
        for k in range(count):
            newline = newlines[k]
            last = newline - 1 if crlf else newline  # one past the second id
            if (crlf and data[last] != _RETURN) or line + 16 > size:
                return line, row, low, high
            t = word(data, line) ^ zeros
            nondigit = _nondigits(t)
            digits = np.int64(trailing_zeros(nondigit)) >> 3
            if nondigit == 0 or digits == 0 or data[line + digits] != delimiter:
                return line, row, low, high
            second = line + digits + 1
            t2 = word(data, second) ^ zeros
            if spans.shape[0]:  # the second id ends at the delimiter before the third field
                nondigit2 = _nondigits(t2)
                digits2 = np.int64(trailing_zeros(nondigit2)) >> 3
                if nondigit2 == 0 or digits2 == 0 or not _third_field(data, second + digits2, last, delimiter):
                    return line, row, low, high
                spans[row, 0], spans[row, 1] = second + digits2 + 1, last
            else:  # the second id runs to the line end
                digits2 = last - second
                if digits2 < 1 or digits2 > 7 or _nondigits(t2) & ((_U(1) << _U(8 * digits2)) - _U(1)) != 0:
                    return line, row, low, high
            if (digits > 1 and t & _U(0xFF) == 0) or (digits2 > 1 and t2 & _U(0xFF) == 0):  # "07": leading zero
                return line, row, low, high
            a, b = _value(t, digits), _value(t2, digits2)
            u[row], v[row] = a, b
            low, high = min(low, a, b), max(high, a, b)
            row += 1
            line = newline + 1


@jit.njit(cache=True, nogil=True)
def _parse_chunk(
    data: np.ndarray,
    start: int,
    end: int,
    delimiter: int,
    crlf: bool,
    u: np.ndarray,
    v: np.ndarray,
    spans: np.ndarray,
    row: int,
) -> tuple[bool, np.int64, np.int64]:
    """The byte loop: every line from ``start`` to ``end``, ``(all canonical, min, max)``; ``max`` may exceed what
    ``u`` and ``v`` hold (the caller then parses again into int64)."""
    # Two copies of the digit loop rather than a helper returning (value, position): measured 1.3x faster.
    low, high = np.int64(np.iinfo(np.int64).max), np.int64(-1)
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
            return False, low, high
        if i >= end or data[i] != delimiter:
            return False, low, high
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
            return False, low, high
        if spans.shape[0]:  # a third field, kept as text, to the line end
            if i >= end or data[i] != delimiter:
                return False, low, high
            i += 1
            spans[row, 0] = i
            while i < end and data[i] != _NEWLINE and data[i] != _RETURN:
                if data[i] == delimiter:
                    return False, low, high
                i += 1
            if i == spans[row, 0]:
                return False, low, high
            spans[row, 1] = i
        if i < end:
            if crlf:
                if data[i] != _RETURN or i + 1 >= end:
                    return False, low, high
                i += 1
            if data[i] != _NEWLINE:
                return False, low, high
            i += 1
        u[row], v[row] = a, b
        low, high = min(low, a, b), max(high, a, b)
        row += 1
    return True, low, high


@jit.njit(cache=True, nogil=True, parallel=True)
def _parse(
    data: np.ndarray, delimiter: int, crlf: bool, chunks: int, like: np.ndarray, third: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool, np.int64, np.int64]:
    bounds = line_chunks(data, chunks)
    lines = np.zeros(chunks + 1, dtype=np.int64)
    for c in jit.prange(chunks):
        lines[c + 1] = count_lines(data, bounds[c], bounds[c + 1])
    for c in range(chunks):
        lines[c + 1] += lines[c]
    u = np.empty(lines[chunks], dtype=like.dtype)
    v = np.empty(lines[chunks], dtype=like.dtype)
    spans = np.empty((lines[chunks] if third else 0, 2), dtype=np.int64)
    ok = np.ones(chunks, dtype=np.bool_)
    lows, highs = np.empty(chunks, dtype=np.int64), np.empty(chunks, dtype=np.int64)
    for c in jit.prange(chunks):
        end = bounds[c + 1]
        stop, row, low, high = _parse_short_ids(data, bounds[c], end, delimiter, crlf, u, v, spans, lines[c])
        ok[c], rest_low, rest_high = _parse_chunk(data, stop, end, delimiter, crlf, u, v, spans, row)
        lows[c], highs[c] = min(low, rest_low), max(high, rest_high)
    return u, v, spans, bool(ok.all()), lows.min(), highs.max()


#: Work of one byte in :func:`parse_int_pairs`, in the edge visits of :data:`~inroads.kernels.interpreted.SMALL_WORK`.
_INTERPRETED_STEPS = 2


class IntPairs(NamedTuple):
    sources: np.ndarray
    targets: np.ndarray
    low: int
    high: int
    third: pa.Array | None = None  # the third column's text, when asked for


def parse_int_pairs(
    body: bytes, delimiter: bytes, start: int = 0, stop: int | None = None, *, third: bool = False
) -> IntPairs | None:
    """Sources and targets of ``body[start:stop]`` (lines ``u<delimiter>v``, LF or CRLF) and the smallest and largest
    id, or None to decline. The arrays are int32, half the memory, unless an id is 2**31 or more (then int64, parsed
    again). The file's first line is checked in Python first, so a file of text ids declines at once. With ``third``,
    every line has a third field (a weight), returned as text for the caller to convert and check.

    Examples
    --------
    >>> parse_int_pairs(b"7,9\\r\\n3,7", b",")
    IntPairs(sources=array([7, 3], dtype=int32), targets=array([9, 7], dtype=int32), low=3, high=9, third=None)
    >>> parse_int_pairs(b"007,9\\n", b",") is None  # "007" is not how 7 prints: the ids are text
    True
    >>> parse_int_pairs(b"7,9,0.5\\n3,7,2\\n", b",", third=True).third.to_pylist()
    ['0.5', '2']
    """
    stop = len(body) if stop is None else stop
    if stop <= start or len(delimiter) != 1:
        return None
    newline = body.find(b"\n", start, stop)
    fields = body[start : newline if newline >= 0 else stop].removesuffix(b"\r").split(delimiter)
    if len(fields) != 2 + third or not all(_CANONICAL_ID.fullmatch(field) for field in fields[:2]):
        return None
    # The first line sets the file's line end; the others must match it.
    crlf = newline > start and body[newline - 1] == _RETURN
    data = np.frombuffer(body, dtype=np.uint8, count=stop - start, offset=start)
    # Up to 4 chunks per thread of 1 MiB or more; under 5 MiB the thread count (it imports numba) is not needed.
    megabytes = data.size // (1 << 20)
    chunks = max(1, megabytes if megabytes <= 4 else min(4 * jit.get_num_threads(), megabytes))
    # A small file while numba is cold is parsed by the kernel's Python source (kernels/interpreted.py).
    parse = choose(_parse, _INTERPRETED_STEPS * data.size)
    u, v, spans, ok, low, high = parse(data, delimiter[0], crlf, chunks, np.empty(0, dtype=np.int32), third)
    if ok and high > np.iinfo(np.int32).max:
        u, v, spans, ok, low, high = parse(data, delimiter[0], crlf, chunks, np.empty(0, dtype=np.int64), third)
    if not ok or not u.size:
        return None
    text = span_strings(data, spans, work=_INTERPRETED_STEPS * data.size) if third else None
    if third and text is None:
        return None  # not UTF-8
    return IntPairs(u, v, int(low), int(high), text)
