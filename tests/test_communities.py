"""Communities (Leiden), communities reached and Burt's constraint, checked against NetworkX."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.communities import communities, communities_reached, constraint
from inroads.errors import OptionError
from inroads.graph import Graph


def _reference_constraint(graph: nx.Graph, weight: str | None = None) -> np.ndarray:
    values = nx.constraint(graph, weight=weight)
    return np.array([values[v] for v in graph.nodes], dtype=float)


@pytest.mark.parametrize("name", ["K5", "P3", "star", "cycle", "kite", "florentine", "karate"])
def test_constraint_equals_networkx_on_named_graphs(named, name):
    graph = named[name]
    np.testing.assert_allclose(constraint(Graph.from_networkx(graph)), _reference_constraint(graph), rtol=1e-12)


def test_constraint_weighted_uses_strengths(named):
    lesmis = named["lesmis"]
    by_strength = Graph.from_networkx(lesmis, strength="weight")
    by_distance = Graph.from_networkx(lesmis, distance="distance")  # distance = 1/weight: the same ties
    expected = _reference_constraint(lesmis, weight="weight")
    np.testing.assert_allclose(constraint(by_strength), expected, rtol=1e-10)
    np.testing.assert_allclose(constraint(by_distance), expected, rtol=1e-10)
    # weights matter: the unweighted values differ
    assert not np.allclose(constraint(Graph.from_networkx(lesmis)), expected)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 25), p=st.floats(0.05, 0.5), directed=st.booleans(), seed=st.integers(0, 10_000))
def test_constraint_equals_networkx_on_random_graphs(n, p, directed, seed):
    graph = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    for _, _, data in graph.edges(data=True):
        data["w"] = float(rng.uniform(0.5, 3.0))
    ours = constraint(Graph.from_networkx(graph, strength="w"))
    np.testing.assert_allclose(ours, _reference_constraint(graph, weight="w"), rtol=1e-10, equal_nan=True)


def test_constraint_for_some_nodes_matches_all(named):
    g = Graph.from_networkx(named["karate"])
    rows = np.array([33, 0, 5])
    np.testing.assert_allclose(constraint(g, nodes=rows), constraint(g)[rows], rtol=1e-14)


def test_constraint_isolated_is_nan():
    g = Graph.from_edges([0], [1], ids=["a", "b", "lonely"])
    values = constraint(g)
    assert values[:2].tolist() == [1.0, 1.0]
    assert math.isnan(values[2])


def test_communities_reached_by_hand():
    # a-b-c in community 0, d in 1, e in 2; c is tied to d and e, e is directed into c only.
    g = Graph.from_edges(["a", "b", "c", "e"], ["b", "c", "d", "c"], directed=True, ids=None)
    order = {name: i for i, name in enumerate(g.ids)}
    membership = np.zeros(g.n, dtype=np.int32)
    membership[order["d"]], membership[order["e"]] = 1, 2
    reached = dict(zip(g.ids, communities_reached(g, membership).tolist(), strict=True))
    assert reached == {"a": 1, "b": 1, "c": 3, "d": 1, "e": 1}
    some = communities_reached(g, membership, nodes=np.array([order["c"], order["a"]]))
    assert some.tolist() == [3, 1]


def test_communities_reached_equals_brute_force(named):
    graph = named["lesmis"]
    g = Graph.from_networkx(graph)
    found = communities(g)
    community_of = dict(zip(g.ids, found.membership.tolist(), strict=True))
    expected = [len({community_of[str(w)] for w in graph[v]}) for v in graph.nodes]
    assert communities_reached(g, found.membership).tolist() == expected


def test_leiden_is_seeded_and_numbered_by_size(named):
    g = Graph.from_networkx(named["lesmis"], strength="weight")
    first, second = communities(g, seed=7), communities(g, seed=7)
    assert np.array_equal(first.membership, second.membership)
    assert first.sizes.tolist() == np.bincount(first.membership).tolist()
    assert all(a >= b for a, b in zip(first.sizes, first.sizes[1:], strict=False))
    assert first.count == first.membership.max() + 1 > 3


@pytest.mark.parametrize(("name", "weight"), [("karate", None), ("lesmis", "weight"), ("florentine", None)])
def test_modularity_equals_networkx(named, name, weight):
    graph = named[name]
    g = Graph.from_networkx(graph, strength=weight) if weight else Graph.from_networkx(graph)
    found = communities(g)
    labels = dict(zip(graph.nodes, found.membership, strict=True))
    groups = [{node for node, c in labels.items() if c == k} for k in range(found.count)]
    assert found.modularity == pytest.approx(nx.community.modularity(graph, groups, weight=weight), rel=1e-9)
    # Leiden at resolution 1 finds a good partition: the known optimum of karate is 0.4198
    if name == "karate":
        assert found.modularity > 0.41


def test_directed_modularity_equals_networkx():
    graph = nx.gnp_random_graph(40, 0.1, seed=3, directed=True)
    g = Graph.from_networkx(graph)
    found = communities(g)
    groups = [{v for v, c in zip(graph.nodes, found.membership, strict=True) if c == k} for k in range(found.count)]
    assert found.modularity == pytest.approx(nx.community.modularity(graph, groups), rel=1e-9)


def test_resolution_changes_the_number_of_communities(named):
    g = Graph.from_networkx(named["lesmis"])
    counts = [communities(g, resolution=r).count for r in (0.2, 1.0, 3.0)]
    assert counts[0] < counts[1] < counts[2]


def test_bad_resolution_is_an_option_error(named):
    with pytest.raises(OptionError, match="resolution"):
        communities(Graph.from_networkx(named["K5"]), resolution=0)
