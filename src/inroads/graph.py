"""The Graph: CSR arrays that kernels use directly, with ids, labels and a node table beside them.

Inside, nodes are ``0..n-1``; ``indptr``/``indices`` hold each node's out-neighbours (both directions for an undirected
graph), sorted by node index, with no self-loops and no duplicates. Edge weights are kept as the user gave them
(``weight_kind`` says whether they are tie *strengths* or path *distances*); kernels use :attr:`Graph.lengths`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse

from inroads.errors import GraphError, InputError
from inroads.kernels.edges import build_csr
from inroads.node_ids import IdsField, arrow_strings, take_ids

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import networkx as nx

WeightKind = Literal["strength", "distance"]

__all__ = ["Graph", "WeightKind"]


def _index_dtype(n: int) -> type[np.signedinteger[Any]]:
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


@dataclass(frozen=True, eq=False)
class Graph:
    """A network in compressed sparse row form.

    Attributes
    ----------
    indptr : numpy.ndarray of int64, shape (n + 1,)
    indices : numpy.ndarray of int32 (int64 past 2**31 nodes), shape (number of CSR entries,)
        Out-neighbours of node ``u`` are ``indices[indptr[u]:indptr[u + 1]]``, ascending.
    directed : bool
    ids : numpy.ndarray of str (object), shape (n,)
        The node ids of the input, in order of first appearance. A graph read from a file keeps them in Arrow
        buffers until this is first read (see :mod:`inroads.node_ids`); :meth:`arrow_ids` never makes Python strings.
    weights : numpy.ndarray of float64 or None
        One value per CSR entry, as given by the user (strength or distance, see ``weight_kind``).
    weight_kind : {"strength", "distance"} or None
    labels : numpy.ndarray of str (object) or None
        Display names, when they differ from ids.
    nodes : pandas.DataFrame or None
        Node attributes, indexed by id in node order.
    meta : dict
        How the graph was loaded: source, format, ``self_loops_dropped``, ``duplicates_merged``.
    """

    indptr: np.ndarray
    indices: np.ndarray
    directed: bool
    ids: np.ndarray = IdsField()  # type: ignore[assignment]  # noqa: RUF009 (a descriptor, shared on purpose)
    weights: np.ndarray | None = None
    weight_kind: WeightKind | None = None
    labels: np.ndarray | None = None
    nodes: pd.DataFrame | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ sizes
    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.indptr.shape[0] - 1)

    @property
    def m(self) -> int:
        """Number of edges (an undirected edge counts once)."""
        entries = int(self.indices.shape[0])
        return entries if self.directed else entries // 2

    @property
    def weighted(self) -> bool:
        return self.weights is not None

    @property
    def lengths(self) -> np.ndarray | None:
        """Path length of each CSR entry: ``1/strength`` or the distance itself; None when unweighted."""
        if self.weights is None:
            return None
        if self.weight_kind == "strength":
            return 1.0 / self.weights
        return self.weights

    @property
    def density(self) -> float:
        n = self.n
        if n < 2:
            return 0.0
        pairs = n * (n - 1) if self.directed else n * (n - 1) / 2
        return self.m / pairs

    def arrow_ids(self) -> pa.Array:
        """The node ids as an Arrow ``large_string`` array, without making a Python string per node."""
        return arrow_strings(IdsField.stored(self))

    def display_names(self) -> np.ndarray:
        """Labels where present, else ids."""
        return self.labels if self.labels is not None else self.ids

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        weight = f", {self.weight_kind}-weighted" if self.weighted else ""
        return f"<Graph {kind}{weight}: {self.n} nodes, {self.m} edges>"

    # ------------------------------------------------------------ degree etc.
    def out_degree(self) -> np.ndarray:
        return np.diff(self.indptr)

    def in_degree(self) -> np.ndarray:
        if not self.directed:
            return self.out_degree()
        return np.bincount(self.indices, minlength=self.n).astype(self.indptr.dtype)

    def sources(self) -> np.ndarray:
        """Source node of each CSR entry (the row index), aligned with ``indices``."""
        return np.repeat(np.arange(self.n, dtype=self.indices.dtype), self.out_degree())

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Edge arrays ``(u, v, weight)``; an undirected edge appears once, with ``u < v``."""
        src, dst = self.sources(), self.indices
        keep = slice(None) if self.directed else src < dst
        weights = None if self.weights is None else self.weights[keep]
        return src[keep], dst[keep], weights

    def adjacency(self, *, weight: bool = False) -> sparse.csr_array:
        """SciPy CSR adjacency (row = source); values are 1, or the user's weights with ``weight=True``."""
        data = self.weights if (weight and self.weights is not None) else np.ones(self.indices.shape[0])
        return sparse.csr_array((data, self.indices, self.indptr), shape=(self.n, self.n))

    def index_of(self, node_id: str) -> int:
        """The internal index of a node id; :class:`GraphError` when absent."""
        found = np.flatnonzero(self.ids == str(node_id))
        if found.size == 0:
            raise GraphError(f"node {node_id!r} is not in the graph", fix="check the id (ids are case-sensitive)")
        return int(found[0])

    def indices_of(self, node_ids: Iterable[str]) -> np.ndarray:
        """Internal indices of several ids; :class:`GraphError` listing the first few unknown ones."""
        wanted = pd.Index([str(x) for x in node_ids])
        position = pd.Index(self.ids).get_indexer(wanted)
        missing = wanted[position < 0]
        if len(missing):
            shown = ", ".join(repr(x) for x in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise GraphError(f"{len(missing)} ids are not in the graph: {shown}{more}", fix="check the ids")
        return position.astype(np.int64)

    # ------------------------------------------------------------ components
    def components(self) -> tuple[int, np.ndarray]:
        """Weakly connected components: ``(count, label per node)``."""
        if self.n == 0:
            return 0, np.zeros(0, dtype=np.int32)
        # Imported here: scipy.sparse.csgraph loads scipy.sparse.linalg and scipy.linalg (0.1-0.2 s), which a
        # small shortlist never needs otherwise.
        from scipy.sparse import csgraph

        count, labels = csgraph.connected_components(self.adjacency(), directed=self.directed, connection="weak")
        return int(count), labels

    def largest_component(self) -> Graph:
        """The largest weakly connected component (ties: the one holding the lowest node index)."""
        count, labels = self.components()
        if count <= 1:
            return self
        sizes = np.bincount(labels)
        biggest = int(np.argmax(sizes))
        return self.subgraph(np.flatnonzero(labels == biggest))

    # ---------------------------------------------------------- transforms
    def reverse(self) -> Graph:
        """The same graph with every edge turned round (an undirected graph is returned as is)."""
        if not self.directed:
            return self
        transposed = self.adjacency().T.tocsr()
        transposed.sort_indices()
        weights = None
        if self.weights is not None:
            order = np.argsort(self.indices, kind="stable")
            weights = self.weights[order]
        indptr = transposed.indptr.astype(np.int64)
        indices = transposed.indices.astype(self.indices.dtype)
        return replace(self, indptr=indptr, indices=indices, ids=IdsField.stored(self), weights=weights)

    def subgraph(self, nodes: Sequence[int] | np.ndarray) -> Graph:
        """The graph induced by ``nodes`` (internal indices, or a boolean mask); node order is kept."""
        nodes_arr = np.asarray(nodes)
        mask = nodes_arr if nodes_arr.dtype == bool else np.isin(np.arange(self.n), nodes_arr)
        keep = np.flatnonzero(mask)
        new_index = np.full(self.n, -1, dtype=np.int64)
        new_index[keep] = np.arange(keep.size)
        src, dst = self.sources(), self.indices
        entry = mask[src] & mask[dst]
        new_src = new_index[src[entry]]
        new_dst = new_index[dst[entry]]
        indptr = np.zeros(keep.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(new_src, minlength=keep.size), out=indptr[1:])
        return replace(
            self,
            indptr=indptr,
            indices=new_dst.astype(_index_dtype(keep.size)),
            ids=take_ids(IdsField.stored(self), keep),
            weights=None if self.weights is None else self.weights[entry],
            labels=None if self.labels is None else self.labels[keep],
            nodes=None if self.nodes is None else self.nodes.iloc[keep],
            meta={**self.meta},
        )

    def with_nodes(self, nodes: pd.DataFrame | None, *, labels: np.ndarray | None = None) -> Graph:
        """The same graph with a node attribute table (indexed by id, in node order) and labels."""
        labels = labels if labels is not None else self.labels
        return replace(self, ids=IdsField.stored(self), nodes=nodes, labels=labels)

    # -------------------------------------------------------- constructors
    @classmethod
    def from_edges(
        cls,
        sources: Sequence[Any] | np.ndarray,
        targets: Sequence[Any] | np.ndarray,
        *,
        directed: bool = False,
        weights: Sequence[float] | np.ndarray | None = None,
        weight_kind: WeightKind | None = None,
        ids: Sequence[Any] | np.ndarray | pa.Array | None = None,
        labels: Sequence[str] | np.ndarray | None = None,
        nodes: pd.DataFrame | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Graph:
        """Build a Graph from two aligned edge arrays; vectorised, no Python loop over edges.

        Parameters
        ----------
        sources, targets : array-like
            Endpoints. Node ids of any type (kept as strings), or, when ``ids`` is given, integer positions into it.
        directed : bool
            ``A -> B`` means A's message reaches B (see DESIGN.md).
        weights : array-like of float, optional
            One per edge; must be finite and > 0.
        weight_kind : {"strength", "distance"}
            Required with ``weights``. Duplicate edges merge by summing strengths or taking the minimum distance.
        ids : array-like, optional
            All node ids in order (isolated nodes included); an Arrow array is kept as it is until :attr:`ids` is read.
            Without it, nodes are the endpoints in order of first appearance.
        labels, nodes, meta
            Display names, node attribute table (indexed by id) and load metadata.

        Examples
        --------
        >>> g = Graph.from_edges(["a", "b", "b", "c"], ["b", "a", "c", "c"])
        >>> g
        <Graph undirected: 3 nodes, 2 edges>
        >>> g.meta["self_loops_dropped"], g.meta["duplicates_merged"]
        (1, 1)
        """
        src_in, dst_in = np.asarray(sources), np.asarray(targets)
        if src_in.shape != dst_in.shape:
            raise InputError("source and target arrays differ in length")
        if ids is None:
            both = np.concatenate([src_in.astype(str), dst_in.astype(str)]) if src_in.size else np.array([], dtype=str)
            # Interleave so first appearance follows the edge order (a, b of row 1 before row 2's nodes).
            interleaved = np.empty(both.shape[0], dtype=object)
            interleaved[0::2], interleaved[1::2] = both[: src_in.size], both[src_in.size :]
            codes, uniques = pd.factorize(interleaved)
            src, dst = codes[0::2].astype(np.int64), codes[1::2].astype(np.int64)
            node_ids = np.asarray(uniques, dtype=object).astype(str).astype(object)
        else:
            # A numpy array of str converts in C; other sequences go through str() one by one.
            given = np.asarray(ids) if isinstance(ids, np.ndarray) else None
            if isinstance(ids, pa.Array):
                node_ids = ids  # the readers' ids (numbers or UTF-8 buffers): strings are made when first read
            elif given is not None and given.dtype.kind == "U":
                node_ids = given.astype(object)
            elif given is not None and given.dtype == object and pd.api.types.infer_dtype(given) == "string":
                node_ids = given  # already Python strings (the readers' ids): no copy
            else:
                node_ids = np.asarray([str(x) for x in ids], dtype=object)
            # int32 positions stay int32 (half the memory of a 10M-edge build); anything else becomes int64.
            keep32 = src_in.dtype == np.int32 and dst_in.dtype == np.int32
            src, dst = (src_in, dst_in) if keep32 else (src_in.astype(np.int64), dst_in.astype(np.int64))
        n = len(node_ids)
        w = None if weights is None else np.asarray(weights, dtype=np.float64)
        if w is not None:
            if weight_kind not in ("strength", "distance"):
                raise InputError("weights need weight_kind='strength' or 'distance'")
            if w.shape != src.shape:
                raise InputError("weights and edges differ in length")
            bad = ~np.isfinite(w) | (w <= 0)
            if bad.any():
                bad_edge = int(np.flatnonzero(bad)[0])
                raise InputError(
                    f"edge {bad_edge + 1} has {weight_kind} {w[bad_edge]!r}; {weight_kind}s must be positive numbers",
                    fix="remove or fix that edge",
                )
        # Self-loops are dropped and duplicates merged: strengths add up (two ties are a stronger tie), distances
        # keep the shortest (the other roads are never taken).
        try:
            indptr, dst, w, self_loops, duplicates = build_csr(
                src, dst, w, n, directed=directed, merge_min=weight_kind == "distance"
            )
        except ValueError as error:  # an endpoint outside 0..n-1 (checked while the edges are counted)
            raise InputError(str(error)) from None
        info = {**(meta or {}), "self_loops_dropped": self_loops, "duplicates_merged": duplicates}
        return cls(
            indptr=indptr,
            indices=dst.astype(_index_dtype(n), copy=False),
            directed=directed,
            ids=node_ids,
            weights=w,
            weight_kind=weight_kind if w is not None else None,
            labels=None if labels is None else np.asarray(labels, dtype=object),
            nodes=nodes,
            meta=info,
        )

    @classmethod
    def from_dataframe(
        cls,
        frame: pd.DataFrame,
        *,
        source: str = "source",
        target: str = "target",
        directed: bool = False,
        strength: str | None = None,
        distance: str | None = None,
    ) -> Graph:
        """Build from an edge table; ``strength`` or ``distance`` names the weight column (at most one)."""
        for column in (source, target, strength, distance):
            if column is not None and column not in frame.columns:
                raise InputError(f"no column {column!r}", fix=f"columns are: {', '.join(map(str, frame.columns))}")
        if strength and distance:
            raise InputError("give either a strength or a distance column, not both")
        weight_col = strength or distance
        weights = None
        if weight_col:
            weights = pd.to_numeric(frame[weight_col], errors="coerce").to_numpy(dtype=np.float64)
        return cls.from_edges(
            frame[source].astype(str).to_numpy(),
            frame[target].astype(str).to_numpy(),
            directed=directed,
            weights=weights,
            weight_kind="strength" if strength else ("distance" if distance else None),
        )

    @classmethod
    def from_networkx(cls, graph: nx.Graph, *, strength: str | None = None, distance: str | None = None) -> Graph:
        """Build from a NetworkX graph; node attributes become the node table, ``label`` attributes the labels."""
        node_list = list(graph.nodes)
        position = {node: i for i, node in enumerate(node_list)}
        weight_attr = strength or distance
        rows = [
            (position[u], position[v], d.get(weight_attr, 1.0) if weight_attr else 1.0)
            for u, v, d in graph.edges(data=True)
        ]
        arr = np.array(rows, dtype=np.float64).reshape(-1, 3)
        attrs = pd.DataFrame([dict(graph.nodes[node]) for node in node_list], index=[str(x) for x in node_list])
        labels = None
        if "label" in attrs.columns and attrs["label"].notna().all():
            labels = attrs["label"].astype(str).to_numpy(dtype=object)
        return cls.from_edges(
            arr[:, 0].astype(np.int64),
            arr[:, 1].astype(np.int64),
            ids=node_list,
            directed=graph.is_directed(),
            weights=arr[:, 2] if weight_attr else None,
            weight_kind="strength" if strength else ("distance" if distance else None),
            labels=labels,
            nodes=attrs if len(attrs.columns) else None,
            meta={"format": "networkx"},
        )

    @classmethod
    def from_igraph(cls, graph: Any, *, strength: str | None = None, distance: str | None = None) -> Graph:
        """Build from a python-igraph Graph; the ``name`` vertex attribute gives ids when present."""
        edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        names = graph.vs["name"] if "name" in graph.vs.attributes() else list(range(graph.vcount()))
        weight_attr = strength or distance
        return cls.from_edges(
            edges[:, 0],
            edges[:, 1],
            ids=names,
            directed=graph.is_directed(),
            weights=np.asarray(graph.es[weight_attr], dtype=np.float64) if weight_attr else None,
            weight_kind="strength" if strength else ("distance" if distance else None),
            meta={"format": "igraph"},
        )

    def to_networkx(self) -> nx.Graph:
        """A NetworkX graph with the same ids; weights go to the ``weight`` attribute, node table to attributes."""
        import networkx as nx

        out: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        out.add_nodes_from(self.ids.tolist())
        if self.nodes is not None:
            for column in self.nodes.columns:
                nx.set_node_attributes(out, self.nodes[column].to_dict(), name=str(column))
        if self.labels is not None:
            nx.set_node_attributes(out, dict(zip(self.ids.tolist(), self.labels.tolist(), strict=True)), "label")
        u, v, w = self.edges()
        ids = self.ids
        if w is None:
            out.add_edges_from(zip(ids[u].tolist(), ids[v].tolist(), strict=True))
        else:
            out.add_weighted_edges_from(zip(ids[u].tolist(), ids[v].tolist(), w.tolist(), strict=True))
        return out
