"""A large mbox read by two processes: the second half's headers are parsed in another process while this one parses
and records the first half; then the second half's parsed messages are recorded, in order.

Parsing (:func:`~inroads.io.records.mail.parse_message`) is pure and is nearly all the cost; recording
(:meth:`~inroads.io.records.mail.MailReader.apply`: duplicates, counts, people, contacts) stays in one process and in
file order, so the graph, the counts and the owner are exactly those of one process reading the file from the start.
The other process is ``python -m inroads.io.records.mbox_split`` (a fresh interpreter); its result comes back as a
pickle in a private temporary folder.
The file is split at a ``From`` line that opens a message (the line after it is a header field), found near the
middle (:data:`SHARE`). If the other process cannot start or fails, this process parses the second half itself.
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
#: The share of the file this process parses: it also records every message (measured: recording is about 6% of the
#: cost of parsing) while the other process first starts Python (about 1.3 s), so both finish together near 48%.
SHARE = 0.48


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


def split_point(path: Path, size: int, fraction: float = 0.5) -> int | None:
    """Offset of the first ``From`` line at or after ``fraction`` of the file that opens a message; None if none."""
    from inroads.io.records.mail import _FIELD

    with path.open("rb") as handle:
        position = int(size * fraction)
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
    import pickle
    import subprocess
    import sys
    import tempfile

    from inroads.io.records.mail import mbox_headers, parse_message

    size = path.stat().st_size
    split = split_point(path, size, SHARE) if (os.cpu_count() or 1) > 1 else None
    if split is None:
        return False
    where = str(path)
    with tempfile.TemporaryDirectory(prefix="inroads-mbox-") as folder:  # private (0700): it holds addresses
        result = Path(folder) / "second-half.pickle"
        # A plain "python -m" child, not multiprocessing: "spawn" would run the user's own script again in the child
        # (it re-imports __main__), and "fork" is unsafe once numba or BLAS threads run.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        command = [sys.executable, "-m", "inroads.io.records.mbox_split", where, str(split), str(size), str(result)]
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with path.open("rb") as handle:
                for block in mbox_headers(_Range(handle, split), where):
                    reader.apply(*parse_message(block))
            parsed = None
            if child.wait() == 0:
                with result.open("rb") as stored:
                    parsed = pickle.load(stored)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    if parsed is None:  # the other process could not run (no memory, a sandbox): parse the half here
        parsed = parse_range(where, split, size)
    for item in parsed:
        reader.apply(*item)
    return True


def _main(argv: list[str]) -> None:
    """The other process: parse ``PATH[START:END]`` and pickle the parsed messages to ``OUT``."""
    import pickle

    path, start, end, out = argv
    parsed = parse_range(path, int(start), int(end))
    with open(out, "wb") as stored:
        pickle.dump(parsed, stored, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
