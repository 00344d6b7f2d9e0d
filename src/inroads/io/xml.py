"""GraphML and GEXF, parsed with defusedxml: entity expansion and external entities are refused.

Node ids are the ``id`` attributes as written. Node data become the node table (a ``label`` becomes the display
name); edge data become edge attributes named by their declared name (GraphML ``attr.name``, GEXF ``title``), and
GEXF's own ``weight`` attribute is the edge attribute ``weight``. Direction follows GraphML ``edgedefault`` (or every
edge's ``directed``) and GEXF ``defaultedgetype``, unless the caller overrides it.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeTree
import numpy as np
import pandas as pd

from inroads.errors import InputError
from inroads.io.parsed import Parsed

__all__ = ["read_gexf", "read_graphml"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _parse(data: bytes, where: str) -> Element:
    try:
        return SafeTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as error:
        if error.sysid:
            raise InputError(
                f"the XML declares the external entity {error.name!r} ({error.sysid})",
                where=where,
                fix="remove the <!ENTITY> declaration (external entities are refused for safety)",
            ) from None
        raise InputError(
            f"the XML declares the entity {error.name!r}, which could expand without bound or read other files",
            where=where,
            fix="remove the <!ENTITY> declarations (entity expansion is refused for safety)",
        ) from None
    except defusedxml.ExternalReferenceForbidden as error:
        raise InputError(
            f"the XML refers to an external resource ({error.sysid})",
            where=where,
            fix="remove the external reference (external entities are refused for safety)",
        ) from None
    except defusedxml.DefusedXmlException as error:
        raise InputError(f"unsafe XML refused ({error})", where=where, fix="remove the DTD") from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise InputError(
            f"malformed XML ({str(error).split(':')[0]})",
            where=f"{where}:{line}" if line else where,
            fix="check the file is complete, well-formed XML",
        ) from None


def _convert(value: str | None, kind: str | None) -> Any:
    if value is None or kind is None:
        return value
    try:
        if kind in ("int", "long", "integer"):
            return int(value)
        if kind in ("float", "double"):
            return float(value)
        if kind == "boolean":
            return value.strip().lower() in ("true", "1")
    except ValueError:
        return value
    return value


def _assemble(
    where: str,
    fmt: str,
    node_ids: list[str],
    node_rows: list[dict[str, Any]],
    edges: list[tuple[str, str, dict[str, Any], bool | None]],
    default_directed: bool,
) -> Parsed:
    position = {node: i for i, node in enumerate(node_ids)}
    ids = list(node_ids)
    # Some writers leave out nodes that only appear on edges: add them, as NetworkX does.
    for u, v, _, _ in edges:
        for end in (u, v):
            if end not in position:
                position[end] = len(ids)
                ids.append(end)
                node_rows.append({})
    sources = np.fromiter((position[u] for u, _, _, _ in edges), dtype=np.int64, count=len(edges))
    targets = np.fromiter((position[v] for _, v, _, _ in edges), dtype=np.int64, count=len(edges))
    names = sorted({k for _, _, attrs, _ in edges for k in attrs})
    columns = {name: [attrs.get(name) for _, _, attrs, _ in edges] for name in names}
    flags = {flag for _, _, _, flag in edges if flag is not None}
    directed = default_directed if not flags else (True in flags)
    table = pd.DataFrame(node_rows, index=pd.Index(ids, name="id"))
    labels = None
    if "label" in table.columns and table["label"].notna().all():
        labels = table["label"].astype(str).to_numpy(dtype=object)
    return Parsed(
        sources=sources,
        targets=targets,
        ids=np.asarray(ids, dtype=object),
        directed=directed,
        format=fmt,
        columns=columns,
        labels=labels,
        nodes=table if len(table.columns) else None,
    )


def read_graphml(data: bytes, *, where: str) -> Parsed:
    """Parse GraphML held in ``data`` (the first ``<graph>``)."""
    root = _parse(data, where)
    if _local(root.tag) != "graphml":
        raise InputError(f"the root element is <{_local(root.tag)}>, not <graphml>", where=where, fix="try --format-in")
    keys: dict[str, tuple[str, str, str | None]] = {}
    for key in _children(root, "key"):
        kid = key.get("id", "")
        keys[kid] = (key.get("for", "all"), key.get("attr.name") or kid, key.get("attr.type"))
    graphs = _children(root, "graph")
    if not graphs:
        raise InputError("no <graph> element", where=where, fix="check the file")
    graph = graphs[0]

    def data_of(element: Element) -> dict[str, Any]:
        out = {}
        for item in _children(element, "data"):
            _, name, kind = keys.get(item.get("key", ""), ("all", item.get("key", ""), None))
            out[name] = _convert(item.text, kind)
        return out

    node_ids, node_rows = [], []
    for node in _children(graph, "node"):
        if node.get("id") is None:
            raise InputError("a <node> without an id", where=where, fix="give every node an id")
        node_ids.append(node.get("id", ""))
        node_rows.append(data_of(node))
    edges = []
    for edge in _children(graph, "edge"):
        u, v = edge.get("source"), edge.get("target")
        if u is None or v is None:
            raise InputError("an <edge> without source or target", where=where, fix="give both")
        flag = edge.get("directed")
        edges.append((u, v, data_of(edge), None if flag is None else flag.lower() == "true"))
    return _assemble(where, "graphml", node_ids, node_rows, edges, graph.get("edgedefault", "directed") == "directed")


def read_gexf(data: bytes, *, where: str) -> Parsed:
    """Parse GEXF held in ``data`` (versions 1.1 to 1.3)."""
    root = _parse(data, where)
    if _local(root.tag) != "gexf":
        raise InputError(f"the root element is <{_local(root.tag)}>, not <gexf>", where=where, fix="try --format-in")
    graphs = _children(root, "graph")
    if not graphs:
        raise InputError("no <graph> element", where=where, fix="check the file")
    graph = graphs[0]
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        kind = block.get("class", "node")
        for attribute in _children(block, "attribute"):
            aid = attribute.get("id", "")
            declared.setdefault(kind, {})[aid] = (attribute.get("title") or aid, attribute.get("type", "string"))

    def values_of(element: Element, kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for block in _children(element, "attvalues"):
            for item in _children(block, "attvalue"):
                key = item.get("for") or item.get("id") or ""
                name, typ = declared[kind].get(key, (key, "string"))
                out[name] = _convert(item.get("value"), typ)
        return out

    node_ids, node_rows = [], []
    for block in _children(graph, "nodes"):
        for node in _children(block, "node"):
            if node.get("id") is None:
                raise InputError("a <node> without an id", where=where, fix="give every node an id")
            node_ids.append(node.get("id", ""))
            row = values_of(node, "node")
            if node.get("label") is not None:
                row["label"] = node.get("label")
            node_rows.append(row)
    edges = []
    default = graph.get("defaultedgetype", "undirected")
    for block in _children(graph, "edges"):
        for edge in _children(block, "edge"):
            u, v = edge.get("source"), edge.get("target")
            if u is None or v is None:
                raise InputError("an <edge> without source or target", where=where, fix="give both")
            attrs = values_of(edge, "edge")
            if edge.get("weight") is not None:
                attrs["weight"] = edge.get("weight")
            if edge.get("label") is not None:
                attrs.setdefault("label", edge.get("label"))
            flag = edge.get("type")
            edges.append((u, v, attrs, None if flag is None else flag == "directed"))
    return _assemble(where, "gexf", node_ids, node_rows, edges, default == "directed")
