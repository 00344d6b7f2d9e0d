"""The Brandes kernels as pure functions: additivity over source batches, the weighted tie rule, the heap."""

from __future__ import annotations

import networkx as nx
import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.engine.local import GraphArrays, run_batch
from inroads.graph import Graph
from inroads.kernels.brandes import TIE, betweenness_bfs, betweenness_dijkstra
from inroads.kernels.heap import heap_pop, heap_push


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), max_size=60))
def test_heap_pops_in_ascending_order(keys):
    store, nodes = np.zeros(len(keys) + 1), np.zeros(len(keys) + 1, dtype=np.int32)
    size = 0
    for i, key in enumerate(keys):
        size = heap_push(store, nodes, size, key, i)
    popped = []
    while size:
        key, node, size = heap_pop(store, nodes, size)
        assert keys[node] == key
        popped.append(key)
    assert popped == sorted(keys)


def test_batches_add_up_and_match_one_run():
    g = Graph.from_networkx(nx.gnm_random_graph(60, 150, seed=3, directed=True))
    arrays = GraphArrays.of(g)
    whole = run_batch("betweenness", arrays, np.arange(g.n))
    parts = sum(run_batch("betweenness", arrays, batch) for batch in np.array_split(np.arange(g.n), 7))
    np.testing.assert_allclose(parts, whole, rtol=1e-12)
    expected = nx.betweenness_centrality(g.to_networkx(), normalized=False)
    np.testing.assert_allclose(whole, [expected[i] for i in g.ids], rtol=1e-12)


@pytest.mark.parametrize("symmetric", [True, False])
def test_unweighted_and_unit_lengths_agree(symmetric):
    """Also: on an undirected graph the one-pass (predecessor) and two-pass (successor) sweeps agree."""
    g = Graph.from_networkx(nx.karate_club_graph())
    sources, target, threads = np.arange(g.n), np.ones(g.n), numba.get_num_threads()
    bfs = betweenness_bfs(g.indptr, g.indices, sources, target, False, 3, threads)
    unit = betweenness_dijkstra(
        g.indptr, g.indices, np.ones(g.indices.size), sources, target, False, 3, threads, symmetric
    )
    np.testing.assert_allclose(bfs, unit, rtol=1e-12)


def _square(long_side: float) -> Graph:
    # a-b-d and a-c-d, with b-d stretched: a tie only while the stretch is within the tolerance.
    return Graph.from_edges(
        [0, 1, 0, 2], [1, 3, 2, 3], ids=list("abcd"), weights=[1.0, long_side, 1.0, 1.0], weight_kind="distance"
    )


@pytest.mark.parametrize("symmetric", [True, False])
def test_weighted_paths_within_relative_tolerance_are_ties(symmetric):
    threads = numba.get_num_threads()
    for stretch, b_share in ((1.0 + TIE / 10, 1.0), (1.0 + 1e-9, 0.0)):
        g = _square(stretch)
        arrays = GraphArrays.of(g)
        raw = betweenness_dijkstra(
            arrays.indptr, arrays.indices, arrays.lengths, np.arange(4), np.ones(4), False, 1, threads, symmetric
        )
        # b carries a->d and d->a (each half when tied), c the rest
        assert raw[g.index_of("b")] == b_share
        assert raw[g.index_of("c")] == 2.0 - b_share


def test_targets_and_endpoints_weights():
    g = Graph.from_edges(["a", "b"], ["b", "c"])  # path a-b-c
    arrays = GraphArrays.of(g)
    only_c = np.array([0.0, 0.0, 1.0])
    assert run_batch("betweenness", arrays, np.arange(3), target=only_c).tolist() == [0.0, 1.0, 0.0]
    with_ends = run_batch("betweenness", arrays, np.arange(3), endpoints=True)
    assert with_ends.tolist() == [4.0, 6.0, 4.0]
