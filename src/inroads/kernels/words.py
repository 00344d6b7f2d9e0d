"""Word-at-a-time helpers for the parsers: eight bytes of a file per 64-bit operation (SWAR).

``word`` loads eight bytes from any position in one unaligned load (numba has no such operation), ``zero_bytes``
marks the zero bytes of a word exactly (XOR a word with a byte repeated eight times first, and it marks that byte),
and ``count_lines`` counts newlines eight bytes at a time, about ten times the speed of numba's byte loop. Beside them,
what both parsers need around the words: chunks of whole lines for the threads, and fields as Arrow strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
import pyarrow as pa

from inroads.kernels import jit

__all__ = [
    "HIGH",
    "LOW7",
    "ONES",
    "count_lines",
    "line_chunks",
    "repeat",
    "span_strings",
    "trailing_zeros",
    "word",
    "zero_bytes",
]

LOW7, HIGH, ONES = np.uint64(0x7F7F7F7F7F7F7F7F), np.uint64(0x8080808080808080), np.uint64(0x0101010101010101)
_NEWLINE = 10


def _word_intrinsic(typingctx, data, i):
    """The little-endian uint64 of ``data[i:i + 8]`` in one unaligned load; the caller checks ``i + 8 <= size``."""
    from llvmlite import ir  # numba's own code generator: imported when a kernel using it compiles
    from numba import types

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        address = builder.bitcast(builder.gep(array.data, [args[1]]), ir.IntType(64).as_pointer())
        return builder.load(address, align=1)

    return types.uint64(data, i), codegen


word = cast("Callable[[np.ndarray, int | np.int64], np.uint64]", jit.intrinsic(_word_intrinsic))
trailing_zeros = cast("Callable[[np.uint64], int]", jit.trailing_zeros)


@jit.njit(cache=True, nogil=True, inline="always")
def repeat(byte: int) -> np.uint64:
    """``byte`` in all eight bytes of a word."""
    return np.uint64(byte) * ONES


@jit.njit(cache=True, nogil=True, inline="always")
def zero_bytes(x: np.uint64) -> np.uint64:
    """High bit of every zero byte of ``x`` (exact: no false marks above a zero byte, unlike the shorter trick)."""
    return ~(((x & LOW7) + LOW7) | x) & HIGH


@jit.njit(cache=True, nogil=True)
def count_lines(data: np.ndarray, start: int, end: int) -> np.int64:
    """Lines of ``data[start:end]``: its newlines, plus one for a last line without one."""
    lines = np.int64(0)
    newlines = repeat(_NEWLINE)
    i = start
    while i + 8 <= end:
        marks = zero_bytes(word(data, i) ^ newlines)
        lines += np.int64(((marks >> np.uint64(7)) * ONES) >> np.uint64(56))
        i += 8
    for k in range(i, end):
        if data[k] == _NEWLINE:
            lines += 1
    if end > start and data[end - 1] != _NEWLINE:
        lines += 1
    return lines


@jit.njit(cache=True, nogil=True)
def line_chunks(data: np.ndarray, chunks: int) -> np.ndarray:
    """``chunks + 1`` bounds cutting ``data`` into about equal ranges of whole lines (each cut right after a newline;
    a range may be empty)."""
    size = data.shape[0]
    bounds = np.empty(chunks + 1, dtype=np.int64)
    bounds[0], bounds[chunks] = 0, size
    for c in range(1, chunks):
        i = max(bounds[c - 1], size * c // chunks)
        while i < size and data[i - 1] != _NEWLINE:
            i += 1
        bounds[c] = i
    return bounds


@jit.njit(cache=True, nogil=True, parallel=True)
def _gather_spans(data: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of each span ``data[start:end]``, back to back: ``(int64 offsets, bytes)``."""
    rows = spans.shape[0]
    offsets = np.zeros(rows + 1, dtype=np.int64)
    for row in range(rows):
        offsets[row + 1] = offsets[row] + spans[row, 1] - spans[row, 0]
    text = np.empty(offsets[rows], dtype=np.uint8)
    for row in jit.prange(rows):
        at = offsets[row] - spans[row, 0]
        for k in range(spans[row, 0], spans[row, 1]):
            text[at + k] = data[k]
    return offsets, text


def span_strings(data: np.ndarray, spans: np.ndarray, *, work: int | None = None) -> pa.Array | None:
    """The spans ``(start, end)`` of ``data`` as an Arrow ``large_string`` array, or None when one is not UTF-8 (Arrow's
    own reader would refuse the file). ``work``: the caller's estimate, for :func:`~inroads.kernels.interpreted.choose`
    (compiled when not given)."""
    from inroads.kernels.interpreted import choose

    gather = _gather_spans if work is None else choose(_gather_spans, work)
    offsets, text = gather(data, spans)
    strings = pa.LargeStringArray.from_buffers(len(spans), pa.py_buffer(offsets), pa.py_buffer(text))
    try:
        strings.validate(full=True)
    except pa.ArrowInvalid:
        return None
    return strings
