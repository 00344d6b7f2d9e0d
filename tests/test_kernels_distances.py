"""Distance-sum kernels against SciPy's shortest paths, per source, and their additivity."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.sparse import csgraph

from inroads.engine.local import GraphArrays, run_batch
from inroads.graph import Graph


def _expected(g: Graph, target: np.ndarray) -> np.ndarray:
    weighted = g.lengths is not None
    matrix = g.adjacency().copy()
    if weighted:
        matrix.data = g.lengths
    dist = csgraph.shortest_path(matrix, directed=g.directed, unweighted=not weighted)
    np.fill_diagonal(dist, np.inf)
    reach = np.isfinite(dist) * target[None, :]
    finite = np.where(np.isfinite(dist), dist, 0.0)
    return np.stack(
        [(finite * reach).sum(1), np.where(reach > 0, reach / np.where(reach > 0, dist, 1), 0).sum(1), reach.sum(1)]
    )


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_sums_match_scipy(directed, weighted):
    graph = nx.gnm_random_graph(70, 120, seed=5, directed=directed)  # sparse: several components
    rng = np.random.default_rng(1)
    for u, v in graph.edges:
        graph.edges[u, v]["d"] = float(rng.integers(1, 5))
    g = Graph.from_networkx(graph, distance="d" if weighted else None)
    target = (rng.random(g.n) < 0.5).astype(float)
    arrays = GraphArrays.of(g)
    halves = np.array_split(rng.permutation(g.n), 2)
    sums = sum(run_batch("distances", arrays, half, target=target) for half in halves)
    np.testing.assert_allclose(sums, _expected(g, target), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("directed", [False, True])
def test_bit_parallel_bfs_equals_one_bfs_per_source(directed):
    import numba

    from inroads.kernels.distances import distance_sums_bfs, distance_sums_msbfs

    # 150 sources: two full words and a partial one; a sparse graph keeps several components.
    g = Graph.from_networkx(nx.gnm_random_graph(150, 260, seed=9, directed=directed))
    target = (np.random.default_rng(2).random(g.n) < 0.6).astype(float)
    sources = np.random.default_rng(3).permutation(g.n)
    threads = numba.get_num_threads()
    plain = distance_sums_bfs(g.indptr, g.indices, sources, target, 4, threads)
    parallel = distance_sums_msbfs(g.indptr, g.indices, sources, target, threads)
    np.testing.assert_allclose(parallel, plain, rtol=1e-13)
