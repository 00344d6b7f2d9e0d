"""Exact top-k closeness and harmonic centrality, without a BFS from every node when it can be avoided."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from inroads.engine.local import get_threads
from inroads.kernels import jit
from inroads.kernels.topk import TopkSearch, component_reach, reach_bounds, static_bounds, top_closeness_bfs
from inroads.measures.approx import check_top
from inroads.measures.normalize import closeness_from_sums, harmonic_from_sums
from inroads.ranking import order_by_score

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["TopInfo", "reach_upper_bounds", "top_closeness"]

#: Nodes per parallel round, per thread: the pruning threshold is raised between rounds.
NODES_PER_THREAD = 4
#: Levels of neighbourhood-size bounds computed for every node before any BFS (each costs one pass over the edges).
STATIC_LEVELS = 4
#: Graphs whose shortest paths have at most this many nodes (bound) use BFScut; longer ones BFSbound.
CUT_DIAMETER = 64


@dataclass(frozen=True)
class TopInfo:
    """What a top-k run did."""

    method: str
    measure: str
    k: int
    computed: int
    n: int
    tied_left_out: int
    seconds: float
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One line for a table footer."""
        how = "pruned BFS" if self.method == "exact-topk" else "every node swept (weighted graph)"
        ties = ""
        if self.tied_left_out:
            ties = f"; {self.tied_left_out} more nodes tie with the last one (ties broken by id)"
        return (
            f"exact top {self.k} {self.measure} ({how}: {self.computed:,} of {self.n:,} nodes computed in full, "
            f"{self.seconds:.2f} s){ties}"
        )


def reach_upper_bounds(graph: Graph) -> tuple[np.ndarray, bool]:
    """Per node, an upper bound on how many other nodes it reaches, and whether the bound is exact.

    Undirected: the size of its component minus one (exact). Directed: :func:`inroads.kernels.topk.reach_bounds`
    over the condensation into strongly connected components.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> reach_upper_bounds(Graph.from_edges(["a", "b", "c"], ["b", "c", "a"], directed=True))[0].tolist()
    [2, 2, 2]
    """
    n = graph.n
    if not graph.directed:
        return component_reach(graph.indptr, np.ascontiguousarray(graph.indices, dtype=np.int32))[0], True
    adjacency = graph.adjacency()
    from scipy.sparse import csgraph  # here: csgraph pulls in scipy.linalg (0.1 s of every command's start)

    count, labels = csgraph.connected_components(adjacency, directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=count).astype(np.int64)
    src, dst = labels[graph.sources()], labels[graph.indices]
    between = src != dst
    condensed = sparse.csr_array((np.ones(int(between.sum())), (src[between], dst[between])), shape=(count, count))
    condensed.sum_duplicates()
    bound = reach_bounds(condensed.indptr.astype(np.int64), condensed.indices.astype(np.int32), sizes, n - 1)
    return bound[labels], False


def top_closeness(
    graph: Graph, k: int, *, harmonic: bool = False, threads: int | None = None
) -> tuple[pd.Series, TopInfo]:
    r"""The ``k`` nodes of highest out-closeness (or harmonic centrality), exactly, with pruned BFS.

    Scores are those of :func:`inroads.measures.exact.closeness` (Wasserman–Faust; NetworkX
    ``closeness_centrality(G.reverse(), wf_improved=True)``) and :func:`inroads.measures.exact.harmonic`
    (NetworkX ``harmonic_centrality(G.reverse()) / (n - 1)``).

    Parameters
    ----------
    graph : Graph
    k : int
        How many nodes; more than n returns all of them (with a note).
    harmonic : bool
        Rank by harmonic centrality instead of closeness.
    threads : int, optional

    Returns
    -------
    scores : pandas.Series
        The top k, highest first, indexed by id, named ``closeness`` or ``harmonic``.
    info : TopInfo
        How many nodes needed a full BFS, ties left out, time.

    Notes
    -----
    *Ties at the k-th place.* Exactly ``k`` nodes are returned; nodes with equal scores are ordered by id (as every
    ranking of inroads), so of several nodes tied at the k-th place those with the smallest ids are kept;
    ``info.tied_left_out`` counts the others. Every tied node is computed exactly (pruning keeps a 1e-9 margin), so
    the choice never depends on the visiting order.

    *Pruning* (Bergamini et al. 2016, with a bound that stays valid for Wasserman–Faust closeness on disconnected and
    directed graphs, see :mod:`inroads.kernels.topk`): every node gets an upper bound from its neighbourhood sizes,
    nodes are visited highest bound first, and the search ends when no bound left reaches the k-th best score.
    Graphs of small diameter (shortest paths of at most 64 nodes) abandon each BFS once its bound falls below that
    score (BFScut); longer undirected graphs complete each BFS and use it to lower all other bounds (BFSbound).
    Worst case O(nm), as the exact computation; on small-world graphs only a few dozen BFS run. Weighted graphs have
    no pruned version here: every node is swept with Dijkstra (the exact engine) and the top k selected.

    References
    ----------
    E. Bergamini, M. Borassi, P. Crescenzi, A. Marino and H. Meyerhenke, "Computing top-k closeness centrality faster
    in unweighted graphs", ALENEX 2016; ACM TKDD 13(5), 2019. https://doi.org/10.1145/3344719

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> scores, info = top_closeness(Graph.from_edges(["a", "b", "c"], ["b", "c", "d"]), 2)
    >>> scores.round(4).to_dict(), info.tied_left_out
    ({'b': 0.75, 'c': 0.75}, 0)
    """
    began = time.perf_counter()
    n = graph.n
    measure = "harmonic" if harmonic else "closeness"
    k_used, notes = check_top(k, n)
    k_used = k_used or 0
    if graph.weighted or n < 2:
        from inroads.measures.exact import closeness
        from inroads.measures.exact import harmonic as harmonic_exact

        values = (harmonic_exact(graph, threads=threads) if harmonic else closeness(graph, threads=threads)).to_numpy()
        computed = np.ones(n, dtype=bool)
        method = "exact"
    else:
        indices = np.ascontiguousarray(graph.indices, dtype=np.int32)
        # Small diameter: abandon hopeless BFS early (BFScut). Large diameter (undirected): finish every BFS and let
        # its levels tighten all other bounds (BFSbound), which prunes far more there (Bergamini et al. 2019, §5).
        if graph.directed:
            (reach, exact_reach), abandon = reach_upper_bounds(graph), True
        else:
            reach, diameter = component_reach(graph.indptr, indices)
            exact_reach, abandon = True, int(diameter) <= CUT_DIAMETER
        search = TopkSearch(graph.indptr, indices, reach, exact_reach, not graph.directed, harmonic, abandon)
        static = static_bounds(search, STATIC_LEVELS)
        count = get_threads(threads)
        previous = jit.get_num_threads()
        jit.set_num_threads(count)
        try:
            areas = jit.get_num_threads()
            scores, sums = top_closeness_bfs(search, static, k_used, NODES_PER_THREAD * areas, areas)
        finally:
            jit.set_num_threads(previous)
        computed = scores >= 0
        # Report the exact engine's normalisation of the same sums (one place for every denominator).
        counts = np.full(n, float(n - 1))
        values = harmonic_from_sums(sums, counts) if harmonic else closeness_from_sums(sums, counts)
        values = np.where(computed, values, -1.0)
        method = "exact-topk"
    order = order_by_score(values, graph.ids)
    chosen = order[:k_used]
    last = values[chosen[-1]] if k_used else np.inf
    tied_left_out = int(np.count_nonzero(values[order[k_used:]] == last)) if k_used else 0
    series = pd.Series(values[chosen], index=pd.Index(graph.ids[chosen], name="id"), name=measure)
    info = TopInfo(method, measure, k_used, int(computed.sum()), n, tied_left_out, time.perf_counter() - began, notes)
    return series, info
