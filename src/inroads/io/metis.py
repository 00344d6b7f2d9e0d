"""METIS ``.graph``: a header ``n m [fmt [ncon]]``, then line ``i`` lists the (1-based) neighbours of vertex ``i``.

``fmt`` is three digits: vertex sizes, vertex weights, edge weights (``0``, ``1``, ``10``, ``11``, ``100``, ...).
Edge weights become the edge attribute ``weight``. METIS graphs are undirected and list every edge at both ends.
``%`` lines are comments; an empty line is a vertex with no neighbours.
"""

from __future__ import annotations

import numpy as np

from inroads.errors import InputError
from inroads.io.parsed import Parsed

__all__ = ["read_metis"]


def read_metis(data: bytes, *, where: str) -> Parsed:
    """Parse a METIS graph held in ``data``."""
    lines = [
        (number, line.strip())
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1)
        if not line.lstrip().startswith("%")
    ]
    while lines and not lines[0][1]:
        lines.pop(0)
    if not lines:
        raise InputError("the file is empty", where=where, fix="check the file")
    header_line, header = lines[0]
    try:
        head = [int(x) for x in header.split()]
    except ValueError:
        raise InputError(
            "the header is not 'n m [fmt [ncon]]'", where=f"{where}:{header_line}", fix="is this a METIS file?"
        ) from None
    if len(head) < 2:
        raise InputError("the header is not 'n m [fmt [ncon]]'", where=f"{where}:{header_line}", fix="add n and m")
    n, m = head[0], head[1]
    fmt = f"{head[2]:03d}" if len(head) > 2 else "000"
    if len(fmt) != 3 or set(fmt) - {"0", "1"}:
        raise InputError(f"unknown fmt {head[2]}", where=f"{where}:{header_line}", fix="fmt is 0, 1, 10, 11, 100, ...")
    has_size, has_vertex_weights, has_edge_weights = (c == "1" for c in fmt)
    ncon = head[3] if len(head) > 3 else 1
    skip = int(has_size) + (ncon if has_vertex_weights else 0)
    body = lines[1:]
    while len(body) > n and not body[-1][1]:
        body.pop()
    if len(body) != n:
        raise InputError(
            f"the header says {n} vertices but {len(body)} vertex lines follow",
            where=f"{where}:{header_line}",
            fix="one line per vertex (an empty line for a vertex without neighbours)",
        )
    sources: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    line_numbers: list[np.ndarray] = []
    step = 2 if has_edge_weights else 1
    for vertex, (number, line) in enumerate(body):
        try:
            values = np.array(line.split()[skip:], dtype=np.int64) if line else np.zeros(0, dtype=np.int64)
        except ValueError:
            raise InputError("a value is not an integer", where=f"{where}:{number}", fix="check that line") from None
        if values.size % step:
            raise InputError("a neighbour without its weight", where=f"{where}:{number}", fix="write 'v w' pairs")
        neighbours = values[::step]
        if neighbours.size and (neighbours.min() < 1 or neighbours.max() > n):
            raise InputError(f"neighbour outside 1..{n}", where=f"{where}:{number}", fix="METIS vertices are 1-based")
        sources.append(np.full(neighbours.size, vertex, dtype=np.int64))
        targets.append(neighbours - 1)
        line_numbers.append(np.full(neighbours.size, number, dtype=np.int64))
        if has_edge_weights:
            weights.append(values[1::2])
    src = np.concatenate([np.zeros(0, np.int64), *sources])
    targets.insert(0, np.zeros(0, np.int64))
    line_numbers.insert(0, np.zeros(0, np.int64))
    if src.size != 2 * m:
        raise InputError(
            f"the header says {m} edges but the lists hold {src.size} entries (expected {2 * m}: each edge twice)",
            where=f"{where}:{header_line}",
            fix="check the header, or read the file with another --format-in",
        )
    dst = np.concatenate(targets)
    lines_of = np.concatenate(line_numbers)
    # Each edge is listed at both ends: keep one copy, or its strength would be counted twice.
    once = src <= dst
    src, dst, lines_of = src[once], dst[once], lines_of[once]
    edge_weights = np.concatenate([np.zeros(0, np.int64), *weights])[once] if has_edge_weights else None
    return Parsed(
        sources=src,
        targets=dst,
        ids=np.asarray([str(i) for i in range(1, n + 1)], dtype=object),
        directed=False,
        format="metis",
        columns={} if edge_weights is None else {"weight": edge_weights},
        line_of=lambda edge: int(lines_of[edge]),
    )
