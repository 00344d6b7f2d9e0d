"""The graph NetworkX hands to the backend: an inroads :class:`~inroads.graph.Graph` plus the NetworkX node objects.

NetworkX nodes are any hashable objects; inside, node ``i`` of the CSR arrays is ``nodes[i]``, in the order NetworkX
iterates them, so results come back keyed by the user's own nodes in NetworkX's order. Edge weights are NetworkX's:
*path lengths* (``weight_kind="distance"``), read from the one attribute the dispatcher names, 1 where it is missing;
parallel edges of a multigraph keep the shortest, as NetworkX's Dijkstra does.

What the CSR arrays cannot hold is remembered, not lost: zero, negative, infinite or non-numeric weights (inroads'
kernels need positive lengths; NetworkX gives zero-length paths and negative cycles its own meaning), and self-loops
or parallel edges (they count in NetworkX's degree). A graph with any of these keeps a reference to the original, and
the functions that would answer differently run NetworkX's own code on it (:meth:`BackendGraph.networkx_reason`).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pyarrow as pa

from inroads.graph import Graph
from inroads.node_ids import IdsField

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["BackendGraph", "convert_from_nx", "convert_to_nx"]

#: The dispatcher's name for this backend (``backend="inroads"``).
NAME = "inroads"


class BackendGraph:
    """A NetworkX graph converted for the ``inroads`` backend.

    Parameters
    ----------
    graph : Graph
        CSR arrays in the order of ``nodes``; edge weights are distances when ``weight`` is given.
    nodes : list
        The NetworkX nodes, in NetworkX's iteration order.
    multigraph : bool
        Whether the original was a multigraph (``is_multigraph`` answers as NetworkX would).
    weight : str or None
        The edge attribute read as path length, or None (every edge has length 1).
    lossy_weights : str or None
        Why the weights could not be kept (the original is then in ``original``).
    original : networkx.Graph or None
        Kept only when the CSR arrays lost something a function needs.
    """

    __networkx_backend__ = NAME

    def __init__(
        self,
        graph: Graph,
        nodes: list[Any],
        *,
        multigraph: bool = False,
        weight: str | None = None,
        lossy_weights: str | None = None,
        original: nx.Graph | None = None,
    ) -> None:
        self.graph = graph
        self.nodes = nodes
        self.multigraph = multigraph
        self.weight = weight
        self.lossy_weights = lossy_weights
        self.original = original
        self._arrays: dict[tuple[str | None, bool], Graph] = {}

    # What the dispatcher and NetworkX-style callers ask of a graph.
    def is_directed(self) -> bool:
        return self.graph.directed

    def is_multigraph(self) -> bool:
        return self.multigraph

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.nodes)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self.index
        except TypeError:  # unhashable: not a node, as NetworkX answers
            return False

    def __repr__(self) -> str:
        return f"<inroads backend graph of {self.graph!r}>"

    @cached_property
    def index(self) -> dict[Any, int]:
        """Position of each NetworkX node in the CSR arrays."""
        return {node: i for i, node in enumerate(self.nodes)}

    def arrays(self, weight: str | None, *, reverse: bool = False) -> Graph:
        """The CSR graph a function asked for ``weight`` runs on; ``reverse`` turns every edge round.

        NetworkX converts a graph for the weight attribute of each call, so ``weight`` is the converted one, except
        when a caller passes a converted graph itself: then an unweighted call ignores its lengths, and a call for
        another attribute is refused (the lengths it needs were never read). ``reverse`` serves closeness and
        harmonic centrality, which NetworkX measures *to* a node on directed graphs while the kernels sweep *from*
        one (an undirected graph is its own reverse).
        """
        key = (weight, reverse)
        if key not in self._arrays:
            if weight == self.weight:
                graph = self.graph
            elif weight is None:
                graph = replace(self.graph, ids=IdsField.stored(self.graph), weights=None, weight_kind=None)
            else:
                raise NotImplementedError(
                    f"this inroads graph holds edge lengths from {self.weight!r}, not {weight!r}: "
                    "pass the NetworkX graph and let NetworkX convert it"
                )
            self._arrays[key] = graph.reverse() if reverse else graph
        return self._arrays[key]

    @property
    def lossy_structure(self) -> bool:
        """Self-loops or parallel edges were dropped or merged (NetworkX's degree counts them)."""
        meta = self.graph.meta
        return bool(meta.get("self_loops_dropped") or meta.get("duplicates_merged"))

    def positions(self, nodes: Iterable[Any]) -> np.ndarray:
        """CSR positions of ``nodes``; ``KeyError(node)`` for one not in the graph, as NetworkX's searches raise."""
        index = self.index
        return np.fromiter((index[node] for node in nodes), dtype=np.int64)

    def nbunch(self, nbunch: Any) -> list[Any]:
        """The nodes of ``nbunch`` that are in the graph, as ``G.nbunch_iter`` yields them (with its errors)."""
        if nbunch is None:
            return list(self.nodes)
        if nbunch in self:
            return [nbunch]
        index = self.index
        kept: list[Any] = []
        try:
            kept.extend(node for node in nbunch if node in index)
        except TypeError:
            # Not a sequence, or an unhashable member: NetworkX's own nbunch_iter on an empty graph of the same kind
            # takes the same path here and raises its own error (its words change between versions).
            empty = nx.DiGraph() if self.is_directed() else nx.Graph()
            list(empty.nbunch_iter(nbunch))
            raise
        return kept

    def keyed(self, values: np.ndarray, nodes: Iterable[Any] | None = None) -> dict[Any, float]:
        """``{node: value}`` as Python floats (NetworkX's tests reject numpy scalars), for all or some nodes."""
        if nodes is None:
            return dict(zip(self.nodes, values.tolist(), strict=True))
        index = self.index
        return {node: float(values[index[node]]) for node in nodes}


def _edges(graph: nx.Graph, index: dict[Any, int], weight: str | None, default: Any) -> tuple[np.ndarray, ...]:
    """Edge endpoint positions and raw weights (objects, as stored) of a NetworkX graph, each edge once."""
    if weight is None:
        pairs = graph.edges()
        flat = itertools.chain.from_iterable((index[u], index[v]) for u, v in pairs)
        ends = np.fromiter(flat, dtype=np.int64, count=2 * graph.number_of_edges())
        return ends[0::2], ends[1::2], np.zeros(0)
    triples = graph.edges(data=weight, default=default)
    rows = [(index[u], index[v], w) for u, v, w in triples]
    ends = np.array([(u, v) for u, v, _ in rows], dtype=np.int64).reshape(-1, 2)
    try:
        values = np.asarray([w for _, _, w in rows])
    except ValueError:  # e.g. sequences of different lengths as weights
        values = np.empty(0, dtype=object)
    return ends[:, 0], ends[:, 1], values


def _lengths(values: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """The weights as float64 path lengths, or None and the reason the CSR arrays cannot take them.

    Only plain numbers pass (numpy infers a numeric dtype for them): a string such as ``"2"`` would convert, but
    NetworkX raises on it, and Decimals or Fractions have NetworkX's exact arithmetic, not float64's.
    """
    if values.dtype.kind not in "biuf":
        return None, "non-numeric edge weights"
    lengths = values.astype(np.float64)
    if not np.isfinite(lengths).all():
        return None, "infinite or NaN edge weights"
    if (lengths <= 0).any():
        return None, "zero or negative edge weights"
    return lengths, None


def convert_from_nx(
    graph: nx.Graph,
    edge_attrs: dict[str, Any] | None = None,
    node_attrs: dict[str, Any] | None = None,
    preserve_edge_attrs: bool = False,
    preserve_node_attrs: bool = False,
    preserve_graph_attrs: bool = False,
    name: str | None = None,
    graph_name: str | None = None,
) -> BackendGraph:
    """Convert a NetworkX graph to the backend's graph, reading the one edge attribute the dispatcher names.

    ``edge_attrs`` is the dispatcher's ``{attribute: default}`` (empty or None: unweighted). Node attributes are not
    needed by any function the backend implements. The conversion walks the edges once in Python (about 1 µs per
    edge) and builds the CSR arrays in compiled code; NetworkX caches the result on the graph
    (``G.__networkx_cache__``) so later calls on an unchanged graph skip it.

    Raises
    ------
    NotImplementedError
        When asked to keep every edge attribute (a weight *function*) or more than one attribute: the dispatcher
        then runs NetworkX itself.

    Examples
    --------
    >>> converted = convert_from_nx(nx.path_graph(["a", "b", "c"]))
    >>> converted.nodes, converted.graph
    (['a', 'b', 'c'], <Graph undirected: 3 nodes, 2 edges>)
    """
    if preserve_edge_attrs is True or (edge_attrs is not None and len(edge_attrs) > 1):
        raise NotImplementedError("the inroads backend reads one numeric edge attribute, not a weight function")
    weight, default = next(iter(edge_attrs.items())) if edge_attrs else (None, 1)
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    src, dst, raw = _edges(graph, index, weight, default)
    lengths, lossy = _lengths(raw) if weight is not None else (None, None)
    converted = Graph.from_edges(
        src,
        dst,
        ids=pa.array(np.arange(len(nodes), dtype=np.int64)),
        directed=graph.is_directed(),
        weights=lengths,
        weight_kind="distance" if lengths is not None else None,
        meta={"format": "networkx"},
    )
    out = BackendGraph(
        converted, nodes, multigraph=graph.is_multigraph(), weight=weight if lengths is not None else None
    )
    out.lossy_weights = lossy
    if lossy or out.lossy_structure:
        out.original = graph
    out.__dict__["index"] = index  # already built: cached_property reads it from here
    return out


def convert_to_nx(obj: Any, *, name: str | None = None) -> Any:
    """Results pass through; a :class:`BackendGraph` becomes its original, or a NetworkX graph of its arrays.

    Examples
    --------
    >>> convert_to_nx({"a": 0.5})
    {'a': 0.5}
    >>> sorted(convert_to_nx(convert_from_nx(nx.path_graph(3))).edges)
    [(0, 1), (1, 2)]
    """
    if not isinstance(obj, BackendGraph):
        return obj
    if obj.original is not None:
        return obj.original
    out: nx.Graph = nx.DiGraph() if obj.is_directed() else nx.Graph()
    out.add_nodes_from(obj.nodes)
    src, dst, weights = obj.graph.edges()
    nodes = obj.nodes
    if weights is None or obj.weight is None:
        out.add_edges_from((nodes[u], nodes[v]) for u, v in zip(src.tolist(), dst.tolist(), strict=True))
    else:
        out.add_edges_from(
            (nodes[u], nodes[v], {obj.weight: w})
            for u, v, w in zip(src.tolist(), dst.tolist(), weights.tolist(), strict=True)
        )
    return out
