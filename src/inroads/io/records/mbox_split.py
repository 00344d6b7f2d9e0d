"""A large mbox read by two processes: the second half's headers are parsed in another process while this one parses
and records the first half; then the second half's parsed messages are recorded, in order.

Parsing (:func:`~inroads.io.records.mail.parse_message`) is pure and is nearly all the cost; recording
(:meth:`~inroads.io.records.mail.MailReader.apply`: duplicates, counts, people, contacts) stays in one process and in
file order, so the graph, the counts and the owner are exactly those of one process reading the file from the start.
The file is split at a ``From`` line that opens a message (the line after it is a header field), found near the
middle. If the other process cannot start or fails, this process parses the second half itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inroads.io.records.mail import MailReader, Outcome

__all__ = ["PARALLEL_BYTES", "read_mbox_split", "split_point"]

#: Mailboxes at least this large are read by two processes (below it, starting a process costs more than it saves).
PARALLEL_BYTES = 256 * 2**20
_WINDOW = 1 << 20


class _Range:
    """The bytes ``[start, start + length)`` of an open file, as a stream."""

    def __init__(self, handle: object, length: int) -> None:
        self.handle = handle
        self.left = length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        data: bytes = self.handle.read(size)  # type: ignore[attr-defined]
        self.left -= len(data)
        return data


def split_point(path: Path, size: int) -> int | None:
    """Offset of the first ``From`` line at or after the middle of the file that opens a message; None if none."""
    from inroads.io.records.mail import _FIELD

    with path.open("rb") as handle:
        position = size // 2
        while position < size:
            handle.seek(position)
            window = handle.read(_WINDOW + 4096)  # the overlap holds a candidate's next line
            search = 0
            while True:
                found = window.find(b"\nFrom ", search, _WINDOW)
                if found < 0:
                    break
                next_line = window.find(b"\n", found + 1)
                if next_line >= 0 and _FIELD.match(window, next_line + 1):
                    return position + found + 1
                search = found + 1
            position += _WINDOW
    return None


def parse_range(path: str, start: int, end: int) -> list[tuple[int, Outcome]]:
    """Every message of ``path[start:end]`` parsed (run in the other process)."""
    from inroads.io.records.mail import mbox_headers, parse_message

    with open(path, "rb") as handle:
        handle.seek(start)
        return [parse_message(block) for block in mbox_headers(_Range(handle, end - start), path)]


def read_mbox_split(reader: MailReader, path: Path) -> bool:
    """Read the mbox at ``path`` into ``reader`` with two processes; False (nothing read) when it cannot be split."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from inroads.io.records.mail import mbox_headers, parse_message

    size = path.stat().st_size
    split = split_point(path, size) if (os.cpu_count() or 1) > 1 else None
    if split is None:
        return False
    where = str(path)
    # "spawn": a fresh interpreter; forking this one (numba and BLAS threads may be running) is not safe.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        later = pool.submit(parse_range, where, split, size)
        with path.open("rb") as handle:
            for block in mbox_headers(_Range(handle, split), where):
                reader.apply(*parse_message(block))
        try:
            parsed = later.result()
        except Exception:  # the other process could not run (a sandbox, no memory): parse the half here
            parsed = parse_range(where, split, size)
    for item in parsed:
        reader.apply(*item)
    return True
