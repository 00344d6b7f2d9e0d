"""Louvain over the CSR (kernels/louvain.py) and the large-network path of communities and niches built on it."""

from __future__ import annotations

import sys

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

import inroads.communities_csr as csr_path
from inroads.communities import communities, tie_strengths
from inroads.graph import Graph
from inroads.kernels.louvain import _aggregate, louvain, modularity_directed, modularity_undirected
from inroads.niches import communities_and_niches

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(1, 25))
    directed = draw(st.booleans())
    weighted = draw(st.booleans())
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pair, max_size=3 * n))  # self-loops and duplicates included: Graph merges them
    weights = [draw(st.sampled_from([0.5, 1.0, 2.0, 4.0])) for _ in edges] if weighted else None
    src = np.array([u for u, _ in edges], dtype=np.int64)
    dst = np.array([v for _, v in edges], dtype=np.int64)
    kind = "strength" if weighted else None
    return Graph.from_edges(src, dst, ids=[f"n{i}" for i in range(n)], directed=directed, weights=weights,
                            weight_kind=kind)  # fmt: skip


def _networkx(g: Graph) -> nx.Graph:
    """``g`` with its tie strengths as ``weight``, built from the CSR entries."""
    graph: nx.Graph = nx.DiGraph() if g.directed else nx.Graph()
    graph.add_nodes_from(range(g.n))
    strengths = tie_strengths(g)
    rows = g.sources()
    for e, (i, j) in enumerate(zip(rows.tolist(), g.indices.tolist(), strict=True)):
        graph.add_edge(i, j, weight=1.0 if strengths is None else float(strengths[e]))
    return graph


def _parts(labels: np.ndarray) -> list[set[int]]:
    found: dict[int, set[int]] = {}
    for node, label in enumerate(labels.tolist()):
        found.setdefault(label, set()).add(node)
    return list(found.values())


@FAST
@given(graphs(), st.data())
def test_modularity_matches_networkx(g: Graph, data: st.DataObject):
    labels = np.array(data.draw(st.lists(st.integers(0, 3), min_size=g.n, max_size=g.n)), dtype=np.int64)
    graph = _networkx(g)
    if graph.number_of_edges() == 0:
        return  # networkx divides by zero there; ours is 0
    measure = modularity_directed if g.directed else modularity_undirected
    ours = measure(g.indptr, g.indices, tie_strengths(g), labels)
    assert ours == pytest.approx(nx.community.modularity(graph, _parts(labels), weight="weight"), abs=1e-12)


@FAST
@given(graphs())
def test_communities_are_connected_and_seeded(g: Graph):
    indptr, indices, strengths = csr_path.tie_csr(g)
    labels = louvain(indptr, indices, strengths, seed=3, passes=2)
    assert np.array_equal(labels, louvain(indptr, indices, strengths, seed=3, passes=2))
    ties = nx.Graph(_networkx(g)) if g.directed else _networkx(g)
    for part in _parts(labels):
        assert nx.is_connected(ties.subgraph(part))
    # never worse than everyone alone
    alone = np.arange(g.n)
    assert (
        modularity_undirected(indptr, indices, strengths, labels)
        >= modularity_undirected(indptr, indices, strengths, alone) - 1e-12
    )


@FAST
@given(graphs(), st.data())
def test_aggregate_graph_holds_every_tie_between_and_inside_communities(g: Graph, data: st.DataObject):
    indptr, indices, strengths = csr_path.tie_csr(g)
    count = data.draw(st.integers(1, 4))
    community = np.array(data.draw(st.lists(st.integers(0, count - 1), min_size=g.n, max_size=g.n)), dtype=np.int64)
    community = np.unique(community, return_inverse=True)[1].ravel().astype(np.int64)
    count = int(community.max()) + 1
    values = np.ones(indices.shape[0]) if strengths is None else strengths
    weighted = strengths is not None
    block = np.zeros(g.n, dtype=np.int64)
    ptr, idx, w, out_block = _aggregate(
        indptr, indices, values if weighted else np.zeros(0), weighted, block, community, count
    )
    a = sparse.csr_array((values, indices, indptr), shape=(g.n, g.n))
    p = sparse.csr_array((np.ones(g.n), community, np.arange(g.n + 1)), shape=(g.n, count))
    expected = (p.T @ a @ p).toarray()
    np.fill_diagonal(expected, expected.diagonal() / 2)  # a loop carries half the inside weight: it counts twice
    got = sparse.csr_array((w, idx, ptr), shape=(count, count)).toarray()
    np.testing.assert_allclose(got, expected, atol=1e-12)
    assert np.array_equal(out_block, np.zeros(count))


def test_planted_groups_are_found():
    ring = Graph.from_networkx(nx.ring_of_cliques(8, 6))
    labels = louvain(ring.indptr, ring.indices)
    assert sorted(map(sorted, _parts(labels))) == [list(range(6 * k, 6 * k + 6)) for k in range(8)]
    planted = nx.planted_partition_graph(5, 40, 0.5, 0.005, seed=4)
    g = Graph.from_networkx(planted)
    found = {frozenset(int(g.ids[i]) for i in part) for part in _parts(louvain(g.indptr, g.indices))}
    assert found == {frozenset(part) for part in planted.graph["partition"]}


@pytest.mark.parametrize(
    "graph",
    [
        nx.karate_club_graph(),
        nx.les_miserables_graph(),
        nx.powerlaw_cluster_graph(2000, 4, 0.3, seed=1),
        nx.barabasi_albert_graph(3000, 3, seed=2),
    ],
    ids=["karate", "lesmis", "plc-2000", "ba-3000"],
)
def test_modularity_close_to_igraph_leiden(graph):
    g = Graph.from_networkx(graph, strength="weight" if "weight" in next(iter(graph.edges(data=True)))[2] else None)
    reference = communities(g).modularity  # igraph's Leiden, five passes
    found = csr_path.csr_communities(g, resolution=1.0, seed=42)
    assert found.modularity >= 0.95 * reference
    assert found.modularity == pytest.approx(
        nx.community.modularity(_networkx(g), _parts(found.membership), weight="weight"), abs=1e-12
    )


def test_blocks_are_partitioned_apart_and_left_out_people_stay_alone():
    # two rings of cliques, tied to each other clique by clique: as blocks they are partitioned apart
    first, second = nx.ring_of_cliques(4, 5), nx.ring_of_cliques(4, 5)
    graph = nx.disjoint_union(first, second)
    graph.add_edges_from((k, 20 + k) for k in range(20))
    graph.add_nodes_from(range(40, 45))
    g = Graph.from_networkx(graph)
    node = np.array([int(x) for x in g.ids])
    block = np.where(node < 20, 0, np.where(node < 40, 1, -1))
    labels = louvain(g.indptr, g.indices, block=block)
    for part in _parts(labels):
        assert len({int(block[i]) for i in part}) == 1
        assert len(part) == 5 or (block[next(iter(part))] == -1 and len(part) == 1)


def test_the_largest_part_keeps_the_label_and_one_part_marks_a_group_whole():
    membership = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2])
    raw = np.array([5, 5, 7, 7, 3, 3, 0, 1, 1])  # group 0: two parts of 2 (tie: lowest part label keeps 0)
    splitting = np.array([True, True, True])
    whole = np.zeros(3, dtype=bool)
    out = csr_path._split(membership, raw, splitting, whole)
    assert whole.tolist() == [False, True, False]
    assert out.tolist() == [0, 0, 3, 3, 1, 1, 4, 2, 2]


@pytest.fixture
def louvain_everywhere(monkeypatch):
    monkeypatch.setattr(csr_path, "LOUVAIN_EDGES", 0)


@pytest.mark.parametrize("directed", [False, True])
def test_large_networks_take_the_csr_path(louvain_everywhere, directed):
    graph = nx.gnp_random_graph(400, 0.03, seed=7, directed=directed)
    g = Graph.from_networkx(graph)
    top, niches = communities_and_niches(g, niche_size=20)
    assert np.array_equal(top.membership, communities(g).membership)
    assert np.array_equal(top.membership, csr_path.csr_communities(g, resolution=1.0, seed=42).membership)
    parts = _parts(niches.membership)
    assert max(map(len, parts)) <= 20 or len(parts) > top.count
    for part in parts:  # niches refine the first level
        assert len({int(top.membership[i]) for i in part}) == 1
    reference = nx.community.modularity(_networkx(g), parts, weight="weight")
    assert niches.modularity == pytest.approx(reference, abs=1e-12)
    assert sys.modules["inroads.communities_csr"] is csr_path


def test_niches_of_cliques_are_the_cliques_on_the_csr_path(louvain_everywhere):
    g = Graph.from_networkx(nx.ring_of_cliques(12, 7))
    _, niches = communities_and_niches(g, niche_size=10)
    assert niches.sizes.tolist() == [7] * 12
