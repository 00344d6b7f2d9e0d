"""Pajek ``.net``: ``*Vertices n`` with optional quoted labels, then ``*Arcs`` (directed) and/or ``*Edges``.

Also the list forms ``*Arcslist`` / ``*Edgeslist`` (a vertex, then its neighbours). Node ids are the vertex numbers;
labels become display names; the optional third column of an arc or edge is the edge attribute ``weight``. A file
with both arcs and edges is directed, its edges counted in both directions.
"""

from __future__ import annotations

import shlex

import numpy as np

from inroads.errors import InputError
from inroads.io.parsed import Parsed

__all__ = ["read_pajek"]


def _number(text: str, where: str, line: int, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{what} {text!r} is not a vertex number", where=f"{where}:{line}", fix="use 1..n") from None


def read_pajek(data: bytes, *, where: str, directed: bool | None = None) -> Parsed:
    """Parse a Pajek network held in ``data``; ``directed`` (the option) decides how ``*Edges`` are stored."""
    text = data.decode("utf-8", errors="replace")
    n = None
    labels: dict[int, str] = {}
    rows: list[tuple[int, int, str | None, bool, int]] = []  # source, target, weight, is_arc, line
    section = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("*"):
            words = line.split()
            section = words[0].lower()
            if section == "*vertices":
                if len(words) < 2:
                    raise InputError("*Vertices without a count", where=f"{where}:{number}", fix="write *Vertices n")
                n = _number(words[1], where, number, "vertex count")
            elif section not in ("*arcs", "*edges", "*arcslist", "*edgeslist", "*network"):
                raise InputError(
                    f"unsupported Pajek section {words[0]!r}", where=f"{where}:{number}", fix="use *Arcs or *Edges"
                )
            continue
        if n is None:
            raise InputError("data before *Vertices", where=f"{where}:{number}", fix="start the file with *Vertices n")
        try:
            fields = shlex.split(line, posix=True)
        except ValueError:
            raise InputError("unbalanced quotes", where=f"{where}:{number}", fix="close the label's quote") from None
        if section == "*vertices":
            vertex = _number(fields[0], where, number, "vertex")
            if len(fields) > 1:
                labels[vertex] = fields[1]
        elif section in ("*arcs", "*edges"):
            if len(fields) < 2:
                raise InputError("an edge needs two vertices", where=f"{where}:{number}", fix="write 'u v [weight]'")
            u, v = _number(fields[0], where, number, "vertex"), _number(fields[1], where, number, "vertex")
            rows.append((u, v, fields[2] if len(fields) > 2 else None, section == "*arcs", number))
        elif section in ("*arcslist", "*edgeslist"):
            u = _number(fields[0], where, number, "vertex")
            rows.extend(
                (u, _number(v, where, number, "vertex"), None, section == "*arcslist", number) for v in fields[1:]
            )
    if n is None:
        raise InputError("no *Vertices line", where=where, fix="is this a Pajek file? try --format-in")
    for u, v, _, _, number in rows:
        if not (1 <= u <= n and 1 <= v <= n):
            raise InputError(f"vertex outside 1..{n}", where=f"{where}:{number}", fix="check the vertex numbers")
    declared = any(row[3] for row in rows)
    final_directed = declared if directed is None else directed
    if final_directed:
        # In a directed network an undirected edge is a pair of arcs.
        rows += [(v, u, w, True, line) for u, v, w, is_arc, line in rows if not is_arc]
    sources = np.fromiter((row[0] - 1 for row in rows), dtype=np.int64, count=len(rows))
    targets = np.fromiter((row[1] - 1 for row in rows), dtype=np.int64, count=len(rows))
    lines = np.fromiter((row[4] for row in rows), dtype=np.int64, count=len(rows))
    ids = np.asarray([str(i) for i in range(1, n + 1)], dtype=object)
    label_array = None
    if labels:
        label_array = np.asarray([labels.get(i, str(i)) for i in range(1, n + 1)], dtype=object)
    columns = {}
    if any(row[2] is not None for row in rows):
        columns["weight"] = [row[2] for row in rows]
    return Parsed(
        sources=sources,
        targets=targets,
        ids=ids,
        directed=declared,
        format="pajek",
        columns=columns,
        labels=label_array,
        line_of=lambda edge: int(lines[edge]),
    )
