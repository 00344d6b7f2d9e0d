"""The node attribute table (``--nodes people.csv``), joined on id, and display names (``--label-column``).

The table's ``id`` column (any case), else its first column, holds node ids. People in the table who have no edge
are added as isolated nodes: the table lists the market's people, and someone nobody is linked to yet is still a
person to reach. A table whose ids match no node is an error (almost always the wrong column or file).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from inroads.errors import InputError, OptionError
from inroads.graph import Graph
from inroads.io.compression import read_bytes, strip_compression_suffix
from inroads.io.detect import check_text

__all__ = ["join_nodes", "read_node_table"]


def read_node_table(path: str | Path) -> pd.DataFrame:
    """The table at ``path`` indexed by id (strings), every value a string; CSV or TSV, maybe compressed."""
    path = Path(path)
    data = read_bytes(path)
    check_text(data, str(path))
    first = data.lstrip().split(b"\n", 1)[0]
    if not first.strip():
        raise InputError("the node table is empty", where=str(path), fix="give a CSV with an id column")
    tab = strip_compression_suffix(path).suffix.lower() in (".tsv", ".tab") or (b"\t" in first and b"," not in first)
    try:
        table = pd.read_csv(io.BytesIO(data), sep="\t" if tab else ",", dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"cannot parse the node table ({error})", where=str(path), fix="check the file") from None
    table.columns = [str(c).strip() for c in table.columns]
    lower = [c.lower() for c in table.columns]
    id_column = table.columns[lower.index("id")] if "id" in lower else table.columns[0]
    ids = table[id_column].str.strip()
    repeated = ids.duplicated()
    if repeated.any():
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        raise InputError(
            f"id {ids.iloc[row]!r} appears twice", where=f"{path}:{row + 2}", fix="give each person one row"
        )
    return table.drop(columns=id_column).set_axis(pd.Index(ids, name="id"), axis=0)


def join_nodes(g: Graph, path: str | Path | None, *, label_column: str | None = None) -> Graph:
    """``g`` with the node table at ``path`` joined on id (new ids become isolated nodes) and labels from a column."""
    if path is None:
        return _with_labels(g, label_column, where="--label-column")
    table = read_node_table(path)
    position = pd.Index(g.ids).get_indexer(table.index)
    if g.n and not (position >= 0).any():
        raise InputError(
            f"none of the {len(table)} ids in the node table is a node of the network "
            f"(table: {table.index[0]!r}, network: {g.ids[0]!r})",
            where=str(path),
            fix="put the network's node ids in the table's 'id' (or first) column",
        )
    extra = table.index[position < 0]
    if len(extra):
        n = g.n
        indptr = np.concatenate([g.indptr, np.full(len(extra), g.indptr[-1], dtype=g.indptr.dtype)])
        ids = np.concatenate([g.ids, np.asarray(extra, dtype=object)])
        labels = None if g.labels is None else np.concatenate([g.labels, np.asarray(extra, dtype=object)])
        own = None if g.nodes is None else g.nodes.reindex(pd.Index(ids, name="id"))
        indices = g.indices if ids.size < np.iinfo(np.int32).max else g.indices.astype(np.int64)
        g = replace(g, indptr=indptr, indices=indices, ids=ids, labels=labels, nodes=own)
        g.meta["nodes_added"] = g.n - n
    joined = table.reindex(pd.Index(g.ids, name="id"))
    if g.nodes is not None:
        own = g.nodes.drop(columns=[c for c in g.nodes.columns if c in joined.columns])
        joined = pd.concat([own.set_axis(joined.index, axis=0), joined], axis=1)
    g = replace(g, nodes=joined, meta={**g.meta, "nodes_table": str(path)})
    return _with_labels(g, label_column, where=f"--label-column (in {path})")


def _with_labels(g: Graph, column: str | None, *, where: str) -> Graph:
    if column is None:
        return g
    if g.nodes is None or column not in g.nodes.columns:
        known = ", ".join(map(str, g.nodes.columns)) if g.nodes is not None else "none (give --nodes)"
        raise OptionError(f"no node column {column!r}", where=where, fix=f"node columns are: {known}")
    values = g.nodes[column]
    blank = values.isna() | (values.astype(str).str.strip() == "")
    fallback = g.labels if g.labels is not None else g.ids
    labels = np.where(blank.to_numpy(), fallback, values.astype(str).to_numpy(dtype=object)).astype(object)
    return replace(g, labels=labels)
