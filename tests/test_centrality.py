"""Exact centrality against NetworkX on named graphs, and the contracts other modules rely on."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import inroads
from inroads.engine import local
from inroads.errors import GraphError, OptionError
from inroads.graph import Graph
from inroads.measures import betweenness, centrality, closeness, degree, harmonic
from tests.centrality_reference import assert_matches, reference, to_graph

MEASURES = {"betweenness": betweenness, "closeness": closeness, "harmonic": harmonic, "degree": degree}
NAMED = ["K5", "P3", "star", "cycle", "kite", "florentine", "karate", "lesmis"]


def oriented(graph: nx.Graph, seed: int = 7) -> nx.DiGraph:
    """A directed version: each edge kept one way or both ways, at random (reproducibly)."""
    rng = np.random.default_rng(seed)
    out = nx.DiGraph()
    out.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        pick = rng.integers(3)
        if pick in (0, 2):
            out.add_edge(u, v, **data)
        if pick in (1, 2):
            out.add_edge(v, u, **data)
    return out


@pytest.mark.parametrize("name", NAMED)
@pytest.mark.parametrize("measure", list(MEASURES))
def test_named_graphs_match_networkx(named, name, measure):
    graph = named[name]
    assert_matches(MEASURES[measure](to_graph(graph)), reference(graph, measure))


@pytest.mark.parametrize("name", ["kite", "florentine", "karate", "lesmis"])
@pytest.mark.parametrize("measure", ["betweenness", "closeness", "harmonic"])
def test_directed_versions_match_networkx(named, name, measure):
    graph = oriented(named[name])
    assert_matches(MEASURES[measure](to_graph(graph)), reference(graph, measure))


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("measure", ["betweenness", "closeness", "harmonic"])
def test_weighted_lesmis_matches_networkx(named, directed, measure):
    graph = oriented(named["lesmis"]) if directed else named["lesmis"]
    assert_matches(MEASURES[measure](to_graph(graph, "distance")), reference(graph, measure, "distance"))


def test_unnormalised_betweenness_counts_unordered_pairs_once(named):
    graph = named["kite"]
    assert_matches(betweenness(to_graph(graph), normalized=False), reference(graph, "betweenness_raw"))


@pytest.mark.parametrize("directed", [False, True])
def test_endpoints_match_networkx(named, directed):
    graph = oriented(named["karate"]) if directed else named["karate"]
    for normalized in (True, False):
        expected = nx.betweenness_centrality(graph, normalized=normalized, endpoints=True)
        assert_matches(
            betweenness(to_graph(graph), normalized=normalized, endpoints=True),
            {str(k): v for k, v in expected.items()},
        )


@pytest.mark.parametrize("directed", [False, True])
def test_targets_match_networkx_subset(named, directed):
    graph = oriented(named["karate"]) if directed else named["karate"]
    sources, targets = [0, 5, 9, 33, 16], [1, 2, 33, 30, 24, 25]
    for normalized in (True, False):
        expected = nx.betweenness_centrality_subset(graph, sources, targets, normalized=normalized)
        ours = betweenness(
            to_graph(graph), normalized=normalized, sources=[str(s) for s in sources], targets=[str(t) for t in targets]
        )
        assert_matches(ours, {str(k): v for k, v in expected.items()})


def test_sources_add_up_to_the_full_run(named):
    g = to_graph(named["lesmis"], "distance")
    halves = np.array_split(np.arange(g.n), 2)
    parts = sum(betweenness(g, sources=half) for half in halves)
    np.testing.assert_allclose(parts.to_numpy(), betweenness(g).to_numpy(), rtol=1e-12, atol=1e-15)


def test_closeness_to_targets_is_wasserman_faust_over_targets():
    # path a-b-c-d; audience {c, d}
    g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])
    ours = closeness(g, targets=["c", "d"])
    # a: reaches both at 2+3 -> 2/5 * 2/2; c: reaches d at 1 -> 1/1 * 1/1; d: reaches c -> 1
    assert ours.to_dict() == pytest.approx({"a": 0.4, "b": 2 / 3, "c": 1.0, "d": 1.0}, rel=1e-12)
    assert harmonic(g, targets=["c", "d"]).to_dict() == pytest.approx(
        {"a": (1 / 2 + 1 / 3) / 2, "b": (1 + 1 / 2) / 2, "c": 1.0, "d": 1.0}, rel=1e-12
    )


def test_closeness_without_wf_is_plain_reciprocal_mean(named):
    graph = nx.disjoint_union(named["P3"], named["K5"])
    expected = nx.closeness_centrality(graph, wf_improved=False)
    assert_matches(closeness(to_graph(graph), wf_improved=False), {str(k): v for k, v in expected.items()})


@pytest.mark.parametrize("mode", ["total", "in", "out"])
def test_directed_degree_modes_match_networkx(named, mode):
    graph = oriented(named["karate"])
    expected = {"total": nx.degree_centrality, "in": nx.in_degree_centrality, "out": nx.out_degree_centrality}[mode]
    assert_matches(degree(to_graph(graph), mode=mode), {str(k): v for k, v in expected(graph).items()})


def test_weighted_degree_sums_weights(named):
    graph = named["lesmis"]
    ours = degree(to_graph(graph, "distance"), weighted=True, normalized=False)
    assert_matches(ours, {str(k): float(v) for k, v in graph.degree(weight="distance")})


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_graphs_score_zero_without_errors(n):
    g = Graph.from_edges([], [], ids=[str(i) for i in range(n)])
    frame = centrality(g)
    assert frame.shape == (n, 4)
    assert (frame.to_numpy() == 0).all()


def test_centrality_frame_keeps_the_order_asked(named):
    g = to_graph(named["florentine"])
    frame = centrality(g, ["harmonic", "betweenness"])
    assert list(frame.columns) == ["harmonic", "betweenness"]
    pd.testing.assert_series_equal(frame["betweenness"], betweenness(g))
    pd.testing.assert_series_equal(frame["harmonic"], harmonic(g))


def test_progress_reaches_the_total(named):
    g = to_graph(named["lesmis"])
    calls: list[tuple[int, int]] = []
    centrality(g, ["betweenness", "closeness"], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2 * g.n, 2 * g.n)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("weight", [None, "distance"])
def test_one_and_two_threads_agree(named, monkeypatch, weight):
    monkeypatch.setattr(local, "SERIAL_WORK", 0)  # really run this small graph on two threads
    g = to_graph(named["lesmis"], weight)
    for function in (betweenness, closeness, harmonic):
        one, two = function(g, threads=1), function(g, threads=2)
        np.testing.assert_allclose(one.to_numpy(), two.to_numpy(), rtol=1e-12, atol=1e-15)


def test_bad_arguments_raise_inroads_errors(named):
    g = to_graph(named["P3"])
    with pytest.raises(OptionError, match="unknown measure"):
        centrality(g, ["betweenness", "pagerank"])
    with pytest.raises(OptionError, match="threads"):
        betweenness(g, threads=-1)
    with pytest.raises(GraphError):
        betweenness(g, sources=["nobody"])
    with pytest.raises(GraphError):
        betweenness(g, sources=[7])
    with pytest.raises(OptionError):
        degree(g, mode="sideways")


def test_public_api_exports():
    for name in ("betweenness", "closeness", "harmonic", "degree", "centrality", "set_threads"):
        assert name in inroads.__all__ and callable(getattr(inroads, name))


def test_the_measures_package_and_the_centrality_function_have_their_own_names() -> None:
    import importlib
    import types

    import inroads

    assert isinstance(importlib.import_module("inroads.measures"), types.ModuleType)
    assert callable(inroads.centrality) and not isinstance(inroads.centrality, types.ModuleType)
    assert inroads.measures.betweenness is inroads.betweenness
