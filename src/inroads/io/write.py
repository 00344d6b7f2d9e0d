"""Writing a Graph: the binary ``.inroads`` format, edge lists (CSV/TSV), GraphML and GEXF.

Edge lists hold ``source,target`` and, for a weighted graph, a ``strength`` or ``distance`` column (read them back with
``--strength strength`` / ``--distance distance``); an undirected edge is written once. GraphML and GEXF also carry
labels, the node table and the direction. Every file is written atomically: a temporary file, then a rename.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.io.atomic import write_atomic
from inroads.io.binary import readable_by_all, write_inroads

__all__ = ["WRITE_FORMATS", "write"]

WRITE_FORMATS = ("inroads", "csv", "tsv", "graphml", "gexf")
_BY_SUFFIX = {".inroads": "inroads", ".csv": "csv", ".tsv": "tsv", ".graphml": "graphml", ".gexf": "gexf"}


def write(g: Graph, path: str | Path, *, format: str | None = None) -> Path:
    """Write ``g`` to ``path`` in ``format`` (default: from the extension); returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from inroads.io import read
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "edges.csv"
    >>> _ = write(Graph.from_edges(["a", "b"], ["b", "c"]), target)
    >>> print(target.read_text().strip())
    source,target
    a,b
    b,c
    """
    path = Path(path)
    fmt = format or _BY_SUFFIX.get(path.suffix.lower())
    if fmt not in WRITE_FORMATS:
        shown = format or path.suffix or "(no extension)"
        raise OptionError(
            f"cannot write the format {shown!r}",
            where=str(path),
            fix=f"use one of the extensions {', '.join(_BY_SUFFIX)}",
        )
    if fmt == "inroads":
        return write_inroads(g, path)
    text = _edge_list(g, "," if fmt == "csv" else "\t") if fmt in ("csv", "tsv") else _xml(g, fmt)
    write_atomic(path, text)
    readable_by_all(path)  # write_atomic's temporary file is private (0600)
    return path


def _edge_list(g: Graph, delimiter: str) -> str:
    u, v, w = g.edges()
    columns: dict[str, Any] = {"source": g.ids[u], "target": g.ids[v]}
    if w is not None:
        columns[g.weight_kind or "weight"] = w
    # repr-precision floats so a written strength reads back bit for bit.
    return pd.DataFrame(columns).to_csv(index=False, sep=delimiter, lineterminator="\n", float_format=None)


def _plain(value: Any) -> Any:
    """A value NetworkX's XML writers accept (numpy scalars unwrapped); None for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _xml(g: Graph, fmt: str) -> str:
    import networkx as nx

    graph: nx.Graph = nx.DiGraph() if g.directed else nx.Graph()
    ids = g.ids.tolist()
    for index, node in enumerate(ids):
        attrs: dict[str, Any] = {}
        if g.nodes is not None:
            row = g.nodes.iloc[index]
            attrs = {str(k): _plain(v) for k, v in row.items() if _plain(v) is not None and str(k) != "label"}
        if g.labels is not None:
            attrs["label"] = str(g.labels[index])
        graph.add_node(node, **attrs)
    u, v, w = g.edges()
    if w is None:
        graph.add_edges_from(zip(g.ids[u].tolist(), g.ids[v].tolist(), strict=True))
    else:
        kind = g.weight_kind or "weight"
        graph.add_edges_from(
            (a, b, {kind: x}) for a, b, x in zip(g.ids[u].tolist(), g.ids[v].tolist(), w.tolist(), strict=True)
        )
    lines = nx.generate_graphml(graph) if fmt == "graphml" else nx.generate_gexf(graph)
    return "\n".join(lines) + "\n"
