"""GML (Graph Modelling Language), including ``multigraph 1`` files.

A small tokenizer and stack parser rather than ``networkx.read_gml``: NetworkX refuses repeated edges in a file that
does not say ``multigraph 1`` and gives no line numbers, while inroads merges repeated edges (DESIGN.md) and names the
line of every error. Node ids are the GML ``id`` values as written; ``label`` values become display names.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import InputError
from inroads.io.parsed import Parsed

__all__ = ["read_gml"]

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>\#[^\n]*)|(?P<string>"[^"]*")|(?P<open>\[)|(?P<close>\])"""
    r"""|(?P<key>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:INF|NAN))"""
)


def _parse(text: str, where: str) -> list[tuple[str, Any, int]]:
    """The file as nested ``(key, value, line)`` lists; a list value is a ``[ ... ]`` block."""
    root: list[tuple[str, Any, int]] = []
    stack = [root]
    key: str | None = None
    key_line = 1
    line = 1
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            break
        position = match.end()
        kind, value = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            line += value.count("\n")
            continue
        if key is None:
            if kind == "close":
                if len(stack) == 1:
                    raise InputError("unmatched ']'", where=f"{where}:{line}", fix="check the brackets of the GML file")
                stack.pop()
                continue
            if kind != "key":
                raise InputError(
                    f"expected a key, found {value[:30]!r}", where=f"{where}:{line}", fix="check the GML syntax"
                )
            key, key_line = value, line
            continue
        if kind == "open":
            block: list[tuple[str, Any, int]] = []
            stack[-1].append((key, block, key_line))
            stack.append(block)
        elif kind == "string":
            stack[-1].append((key, value[1:-1], key_line))
            line += value.count("\n")
        elif kind == "number":
            number = float(value) if any(c in value for c in ".eEIN") else int(value)
            stack[-1].append((key, number, key_line))
        else:
            raise InputError(f"key {key!r} has no value", where=f"{where}:{key_line}", fix="check the GML syntax")
        key = None
    if position != len(text):
        raise InputError(
            f"unexpected text {text[position : position + 20]!r}", where=f"{where}:{line}", fix="check the GML syntax"
        )
    if len(stack) != 1 or key is not None:
        raise InputError("the file ends inside a block", where=f"{where}:{line}", fix="close every '[' with ']'")
    return root


def read_gml(data: bytes, *, where: str) -> Parsed:
    """Parse GML held in ``data``: nodes with ``id``, edges with ``source``/``target``; ``directed 1`` is kept."""
    text = data.decode("utf-8", errors="replace")
    root = _parse(text, where)
    graphs = [value for key, value, _ in root if key == "graph" and isinstance(value, list)]
    if not graphs:
        raise InputError("no 'graph [ ... ]' block", where=where, fix="is this a GML file? try --format-in")
    graph = graphs[0]
    directed = None
    node_rows: list[dict[str, Any]] = []
    edge_rows: list[tuple[Any, Any, dict[str, Any], int]] = []
    for key, value, line in graph:
        if key == "directed" and not isinstance(value, list):
            directed = bool(value)
        elif key == "node" and isinstance(value, list):
            attrs = {k: v for k, v, _ in value if not isinstance(v, list)}
            if "id" not in attrs:
                raise InputError("node without an id", where=f"{where}:{line}", fix="give every node an 'id'")
            node_rows.append(attrs)
        elif key == "edge" and isinstance(value, list):
            attrs = {k: v for k, v, _ in value if not isinstance(v, list)}
            if "source" not in attrs or "target" not in attrs:
                raise InputError("edge without source or target", where=f"{where}:{line}", fix="give both")
            edge_rows.append((attrs.pop("source"), attrs.pop("target"), attrs, line))
    ids = [str(row["id"]) for row in node_rows]
    position = {node: i for i, node in enumerate(ids)}
    if len(position) != len(ids):
        repeated = pd.Index(ids)[pd.Index(ids).duplicated()][0]
        raise InputError(f"node id {repeated!r} appears twice", where=where, fix="node ids must be unique")
    sources = np.empty(len(edge_rows), dtype=np.int64)
    targets = np.empty(len(edge_rows), dtype=np.int64)
    lines = np.empty(len(edge_rows), dtype=np.int64)
    for i, (u, v, _, line) in enumerate(edge_rows):
        for end, store in ((u, sources), (v, targets)):
            index = position.get(str(end))
            if index is None:
                raise InputError(
                    f"edge names node {end!r}, which is not declared", where=f"{where}:{line}", fix="declare it"
                )
            store[i] = index
        lines[i] = line
    attr_names = sorted({k for _, _, attrs, _ in edge_rows for k in attrs})
    columns = {name: [attrs.get(name) for _, _, attrs, _ in edge_rows] for name in attr_names}
    table = pd.DataFrame(node_rows, index=pd.Index(ids, name="id")).drop(columns="id", errors="ignore")
    labels = None
    if "label" in table.columns and table["label"].notna().all():
        labels = table["label"].astype(str).to_numpy(dtype=object)
    return Parsed(
        sources=sources,
        targets=targets,
        ids=np.asarray(ids, dtype=object),
        directed=directed,
        format="gml",
        columns=columns,
        labels=labels,
        nodes=table if len(table.columns) else None,
        line_of=lambda edge: int(lines[edge]),
    )
