"""Approximate closeness/harmonic: the stated bound holds against NetworkX; determinism; exact fallback."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.measures import approx_closeness as approx_closeness_module
from inroads.measures.approx_closeness import approx_closeness


@pytest.fixture(scope="module")
def small_world() -> tuple[nx.Graph, Graph]:
    graph = nx.connected_watts_strogatz_graph(1500, 6, 0.2, seed=3)
    return graph, Graph.from_networkx(graph)


@pytest.fixture
def sampling(monkeypatch):
    """Sample even where bit-parallel exact sweeps would be cheaper (n/8 on this graph), to test the sampler itself."""
    monkeypatch.setattr(approx_closeness_module, "BIT_PARALLEL_SPEEDUP", 1)


def test_unweighted_graphs_go_exact_when_bit_parallel_sweeps_are_cheaper(small_world):
    graph, g = small_world
    scores, info = approx_closeness(g, epsilon=0.1, delta=0.1, seed=0, harmonic=True)
    exact = nx.harmonic_centrality(graph)
    assert info.method == "exact"
    np.testing.assert_allclose(scores.to_numpy(), [exact[v] / (len(graph) - 1) for v in graph.nodes], rtol=1e-12)


def test_harmonic_within_bound(small_world, sampling):
    graph, g = small_world
    n = graph.number_of_nodes()
    exact = nx.harmonic_centrality(graph)
    want = np.array([exact[v] / (n - 1) for v in graph.nodes])
    for seed in range(3):
        scores, info = approx_closeness(g, epsilon=0.1, delta=0.1, seed=seed, harmonic=True)
        assert info.method == "approx" and info.samples < n and info.bound <= 0.1
        assert np.abs(scores.to_numpy() - want).max() <= info.bound


def test_closeness_within_its_computed_bound(small_world, sampling):
    graph, g = small_world
    exact = nx.closeness_centrality(graph, wf_improved=True)
    want = np.array([exact[v] for v in graph.nodes])
    scores, info = approx_closeness(g, epsilon=0.25, delta=0.1, seed=1)
    assert info.method == "approx" and info.bound <= 0.25
    assert np.abs(scores.to_numpy() - want).max() <= info.bound
    # The sampled estimate is far better than the worst case it promises.
    assert np.abs(scores.to_numpy() - want).max() < 0.05


def test_same_seed_same_answer(small_world, sampling):
    _, g = small_world
    first = approx_closeness(g, epsilon=0.1, seed=4, harmonic=True)[0]
    assert first.equals(approx_closeness(g, epsilon=0.1, seed=4, harmonic=True)[0])
    assert not first.equals(approx_closeness(g, epsilon=0.1, seed=5, harmonic=True)[0])


def test_small_graphs_fall_back_to_exact(named):
    graph = named["karate"]
    scores, info = approx_closeness(Graph.from_networkx(graph), epsilon=0.05)
    exact = nx.closeness_centrality(graph)
    assert info.method == "exact" and "exact" in info.describe()
    np.testing.assert_allclose(scores.to_numpy(), [exact[v] for v in graph.nodes], rtol=1e-12)


@pytest.mark.parametrize("option", [{"epsilon": 0}, {"epsilon": 2}, {"delta": 1}])
def test_bad_options(named, option):
    with pytest.raises(OptionError):
        approx_closeness(Graph.from_networkx(named["K5"]), **option)
