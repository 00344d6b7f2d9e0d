"""Exact top-k closeness and harmonic: ids and values against NetworkX and an independent all-pairs reference."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csgraph

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.measures.topk import reach_upper_bounds, top_closeness


def _reference(graph: nx.Graph, harmonic: bool) -> tuple[np.ndarray, np.ndarray]:
    """(ids, scores) from NetworkX, on inroads' out-closeness conventions."""
    reverse = graph.reverse() if graph.is_directed() else graph
    n = graph.number_of_nodes()
    if harmonic:
        scores = {v: h / (n - 1) for v, h in nx.harmonic_centrality(reverse).items()}
    else:
        scores = nx.closeness_centrality(reverse, wf_improved=True)
    return np.array([str(v) for v in graph.nodes]), np.array([scores[v] for v in graph.nodes])


def _expected_top(ids: np.ndarray, scores: np.ndarray, k: int) -> tuple[list[str], np.ndarray]:
    # Rounded for ranking only: NetworkX and inroads may differ in the last bit on tied scores.
    order = np.lexsort((ids, -np.round(scores, 12)))[:k]
    return list(ids[order]), scores[order]


def _assert_top(graph: Graph, ids: np.ndarray, scores: np.ndarray, k: int, harmonic: bool) -> None:
    result, info = top_closeness(graph, k, harmonic=harmonic)
    want_ids, want_values = _expected_top(ids, scores, k)
    assert list(result.index) == want_ids
    np.testing.assert_allclose(result.to_numpy(), want_values, rtol=1e-12, atol=1e-15)
    assert result.name == ("harmonic" if harmonic else "closeness")
    assert info.k == min(k, graph.n) and info.computed <= graph.n


@pytest.mark.parametrize("harmonic", [False, True])
@pytest.mark.parametrize("k", [1, 3, 10])
@pytest.mark.parametrize("name", ["K5", "P3", "star", "cycle", "kite", "florentine", "karate", "lesmis"])
def test_named_graphs_match_networkx(named, name, k, harmonic):
    graph = named[name]
    _assert_top(Graph.from_networkx(graph), *_reference(graph, harmonic), k, harmonic)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 40),
    p=st.floats(0.01, 0.3),
    seed=st.integers(0, 10_000),
    directed=st.booleans(),
    k=st.integers(1, 8),
    harmonic=st.booleans(),
)
def test_random_graphs_match_networkx(n, p, seed, directed, k, harmonic):
    """Sparse random graphs are often disconnected: the Wasserman–Faust bound must hold there too."""
    graph = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    _assert_top(Graph.from_networkx(graph), *_reference(graph, harmonic), k, harmonic)


def test_pruning_skips_most_nodes_on_a_small_world_graph():
    graph = nx.barabasi_albert_graph(2000, 3, seed=1)
    _, info = top_closeness(Graph.from_networkx(graph), 10)
    assert info.method == "exact-topk"
    assert info.computed < graph.number_of_nodes() / 2, info.describe()
    _assert_top(Graph.from_networkx(graph), *_reference(graph, False), 10, False)


def test_ties_at_the_cut_are_broken_by_id_and_counted(named):
    graph = Graph.from_networkx(named["cycle"])  # every node ties
    result, info = top_closeness(graph, 3)
    assert list(result.index) == ["0", "1", "2"]
    assert info.tied_left_out == 6 and "tie" in info.describe()


def test_weighted_graphs_fall_back_to_every_node(named):
    graph = Graph.from_networkx(named["lesmis"], distance="distance")
    result, info = top_closeness(graph, 5)
    reference = nx.closeness_centrality(named["lesmis"], distance="distance", wf_improved=True)
    want = sorted(reference, key=lambda v: (-reference[v], v))[:5]
    assert list(result.index) == want and info.method == "exact"
    np.testing.assert_allclose(result.to_numpy(), [reference[v] for v in want], rtol=1e-9)


def test_top_larger_than_n_returns_all_with_a_note(named):
    result, info = top_closeness(Graph.from_networkx(named["kite"]), 50)
    assert len(result) == 10 and info.notes and "50" in info.notes[0]


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_bad_k(named, k):
    with pytest.raises(OptionError, match="--top"):
        top_closeness(Graph.from_networkx(named["kite"]), k)


def test_reach_bounds_are_upper_bounds():
    graph = nx.gnp_random_graph(60, 0.03, seed=4, directed=True)
    bound, exact = reach_upper_bounds(Graph.from_networkx(graph))
    true = np.array([len(nx.descendants(graph, v)) for v in graph.nodes])
    assert not exact and (bound >= true).all() and (bound <= 59).all()


def _all_pairs_reference(graph: Graph, harmonic: bool) -> np.ndarray:
    """Scores from SciPy's all-pairs BFS (an implementation independent of inroads), in row blocks."""
    n = graph.n
    adjacency = graph.adjacency()
    scores = np.zeros(n)
    for start in range(0, n, 500):
        rows = np.arange(start, min(n, start + 500))
        dist = csgraph.shortest_path(adjacency, directed=graph.directed, unweighted=True, indices=rows)
        dist[np.arange(rows.size), rows] = np.inf
        finite = np.isfinite(dist)
        if harmonic:
            scores[rows] = np.where(finite, 1.0 / np.where(finite, dist, 1.0), 0.0).sum(axis=1) / (n - 1)
        else:
            reached = finite.sum(axis=1)
            total = np.where(finite, dist, 0.0).sum(axis=1)
            scores[rows] = np.divide(reached * reached, total * (n - 1), out=np.zeros(rows.size), where=total > 0)
    return scores


@pytest.mark.data
@pytest.mark.parametrize(
    "path, directed",
    [
        ("snap-ca-GrQc/CA-GrQc.txt", None),
        ("snap-wiki-Vote/wiki-Vote.txt", True),
        ("newman-power-grid/power.graph", None),
    ],
)
def test_real_networks(shared_data, path, directed):
    from inroads.io import read

    graph = read(shared_data / path, directed=directed)
    for harmonic in (False, True):
        _assert_top(graph, graph.ids.astype(str), _all_pairs_reference(graph, harmonic), 50, harmonic)


@pytest.fixture
def bfs_bound_mode(monkeypatch):
    """Force BFSbound (complete every BFS, tighten the others' bounds) on every undirected graph."""
    from inroads.measures import topk

    monkeypatch.setattr(topk, "CUT_DIAMETER", 0)


@pytest.mark.parametrize("harmonic", [False, True])
@pytest.mark.parametrize("name", ["star", "cycle", "kite", "florentine", "karate", "lesmis"])
def test_named_graphs_in_bfs_bound_mode(named, bfs_bound_mode, name, harmonic):
    graph = named[name]
    for k in (1, 5):
        _assert_top(Graph.from_networkx(graph), *_reference(graph, harmonic), k, harmonic)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 40),
    p=st.floats(0.02, 0.3),
    seed=st.integers(0, 10_000),
    k=st.integers(1, 8),
    harmonic=st.booleans(),
)
def test_random_graphs_in_bfs_bound_mode(n, p, seed, k, harmonic):
    from inroads.measures import topk

    old = topk.CUT_DIAMETER
    topk.CUT_DIAMETER = 0  # hypothesis and function-scoped fixtures do not mix; restore by hand
    try:
        graph = nx.gnp_random_graph(n, p, seed=seed)
        _assert_top(Graph.from_networkx(graph), *_reference(graph, harmonic), k, harmonic)
    finally:
        topk.CUT_DIAMETER = old


@pytest.mark.parametrize("harmonic", [False, True])
def test_long_disconnected_graph_uses_bfs_bound(harmonic):
    """Two grids and a path: diameter past the BFScut limit, several components (Wasserman–Faust matters)."""
    graph = nx.disjoint_union_all([nx.grid_2d_graph(20, 20), nx.grid_2d_graph(8, 30), nx.path_graph(90)])
    graph = nx.convert_node_labels_to_integers(graph)
    ours = Graph.from_networkx(graph)
    _assert_top(ours, *_reference(graph, harmonic), 10, harmonic)
    _, info = top_closeness(ours, 10, harmonic=harmonic)
    assert info.computed < graph.number_of_nodes() / 2
