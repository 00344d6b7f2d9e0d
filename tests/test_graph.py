"""The Graph: constructors against NetworkX, merge rules for duplicates and self-loops, transforms."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.errors import GraphError, InputError
from inroads.graph import Graph

edge_lists = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12), st.floats(0.1, 10, allow_nan=False)), min_size=1, max_size=40
)


def as_dict(g: Graph) -> dict:
    u, v, w = g.edges()
    w = np.ones(u.size) if w is None else w
    return {(g.ids[a], g.ids[b]): x for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=True)}


def check_csr(g: Graph) -> None:
    assert g.indptr.dtype == np.int64 and g.indices.dtype == np.int32
    assert g.indptr[0] == 0 and g.indptr[-1] == g.indices.size
    src = g.sources()
    assert not (src == g.indices).any(), "no self-loops"
    for row in range(g.n):
        neighbours = g.indices[g.indptr[row] : g.indptr[row + 1]]
        assert (np.diff(neighbours) > 0).all(), "sorted, no duplicates"


@settings(max_examples=80, deadline=None)
@given(edges=edge_lists, directed=st.booleans(), kind=st.sampled_from(["strength", "distance"]))
def test_from_edges_merges_like_the_design_says(edges, directed, kind):
    src = [str(u) for u, _, _ in edges]
    dst = [str(v) for _, v, _ in edges]
    g = Graph.from_edges(src, dst, directed=directed, weights=[w for *_, w in edges], weight_kind=kind)
    check_csr(g)
    merged: dict = {}
    for u, v, w in edges:
        if u == v:
            continue
        key = (str(u), str(v)) if directed else tuple(sorted((str(u), str(v)), key=lambda x: g.index_of(x)))
        merged[key] = (merged[key] + w if kind == "strength" else min(merged[key], w)) if key in merged else w
    assert as_dict(g) == pytest.approx(merged)
    assert g.meta["self_loops_dropped"] == sum(u == v for u, v, _ in edges)
    assert g.meta["duplicates_merged"] == len(edges) - g.meta["self_loops_dropped"] - len(merged)
    reference = (nx.DiGraph if directed else nx.Graph)((a, b) for a, b in zip(src, dst, strict=True) if a != b)
    assert g.m == reference.number_of_edges()
    assert g.ids.tolist() == list(dict.fromkeys(x for pair in zip(src, dst, strict=True) for x in pair))


def test_ids_in_order_of_first_appearance_and_degrees():
    g = Graph.from_edges(["c", "a"], ["b", "c"], directed=True)
    assert g.ids.tolist() == ["c", "b", "a"]
    assert g.out_degree().tolist() == [1, 0, 1] and g.in_degree().tolist() == [1, 1, 0]


def test_bad_weights_and_shapes():
    with pytest.raises(InputError, match="positive"):
        Graph.from_edges(["a"], ["b"], weights=[0.0], weight_kind="strength")
    with pytest.raises(InputError, match="weight_kind"):
        Graph.from_edges(["a"], ["b"], weights=[1.0])
    with pytest.raises(InputError, match="differ in length"):
        Graph.from_edges(["a", "b"], ["b"])
    with pytest.raises(InputError, match="outside"):
        Graph.from_edges([0], [3], ids=["a", "b"])


def test_empty_and_isolated():
    empty = Graph.from_edges([], [])
    assert (empty.n, empty.m) == (0, 0) and empty.components()[0] == 0
    isolated = Graph.from_edges([0], [1], ids=["a", "b", "c"])
    assert isolated.n == 3 and isolated.components()[0] == 2


@pytest.mark.parametrize("name", ["karate", "lesmis", "florentine", "kite", "star"])
def test_networkx_round_trip(named, name):
    graph = named[name]
    weight = "weight" if name in ("karate", "lesmis") else None
    g = Graph.from_networkx(graph, strength=weight)
    check_csr(g)
    back = g.to_networkx()
    assert set(back.nodes) == {str(x) for x in graph.nodes}
    assert {frozenset(map(str, e)) for e in graph.edges} == {frozenset(e) for e in back.edges}
    if weight:
        for a, b, data in graph.edges(data=True):
            assert back[str(a)][str(b)]["weight"] == data["weight"]


def test_from_networkx_keeps_directed_and_labels():
    graph = nx.DiGraph()
    graph.add_node(1, label="one", team="x")
    graph.add_node(2, label="two", team="y")
    graph.add_edge(1, 2)
    g = Graph.from_networkx(graph)
    assert g.directed and g.labels.tolist() == ["one", "two"] and g.nodes.loc["2", "team"] == "y"
    assert list(g.to_networkx().edges) == [("1", "2")]


def test_from_igraph():
    import igraph

    graph = igraph.Graph(edges=[(0, 1), (1, 2)], directed=True)
    graph.vs["name"] = ["a", "b", "c"]
    graph.es["w"] = [1.0, 2.0]
    g = Graph.from_igraph(graph, distance="w")
    assert g.directed and as_dict(g) == {("a", "b"): 1.0, ("b", "c"): 2.0}


def test_reverse_matches_networkx(named):
    graph = nx.gnp_random_graph(30, 0.1, seed=2, directed=True)
    for a, b in graph.edges:
        graph[a][b]["w"] = 1.0 + a + b / 100
    g = Graph.from_networkx(graph, distance="w")
    r = g.reverse()
    check_csr(r)
    assert as_dict(r) == {(b, a): w for (a, b), w in as_dict(g).items()}
    undirected = Graph.from_networkx(named["kite"])
    assert undirected.reverse() is undirected


def test_subgraph_and_largest_component(named):
    graph = nx.disjoint_union(named["kite"], nx.path_graph(3))
    g = Graph.from_networkx(graph)
    largest = g.largest_component()
    assert largest.n == 10 and largest.m == named["kite"].number_of_edges()
    check_csr(largest)
    mask = np.zeros(g.n, dtype=bool)
    mask[[0, 1, 3, 10]] = True
    sub = g.subgraph(mask)
    expected = graph.subgraph([0, 1, 3, 10])
    assert sub.ids.tolist() == ["0", "1", "3", "10"]
    assert {frozenset(e) for e in as_dict(sub)} == {frozenset(map(str, e)) for e in expected.edges}
    assert np.array_equal(g.subgraph([0, 1, 3, 10]).indices, sub.indices)


def test_index_lookups():
    g = Graph.from_edges(["a", "b"], ["b", "c"])
    assert g.index_of("c") == 2 and g.indices_of(["c", "a"]).tolist() == [2, 0]
    with pytest.raises(GraphError, match="'z'"):
        g.index_of("z")
    with pytest.raises(GraphError, match="2 ids are not in the graph"):
        g.indices_of(["y", "z"])


def test_lengths_and_density():
    g = Graph.from_edges(["a", "b"], ["b", "c"], weights=[2.0, 4.0], weight_kind="strength")
    assert g.lengths.tolist() == [0.5, 0.5, 0.25, 0.25]
    assert g.density == pytest.approx(2 / 3)
    assert repr(g) == "<Graph undirected, strength-weighted: 3 nodes, 2 edges>"


def test_from_dataframe_columns():
    import pandas as pd

    frame = pd.DataFrame({"a": ["x", "y"], "b": ["y", "z"], "w": [2.0, 3.0]})
    g = Graph.from_dataframe(frame, source="a", target="b", strength="w")
    assert as_dict(g) == {("x", "y"): 2.0, ("y", "z"): 3.0}
    with pytest.raises(InputError, match="no column 'q'"):
        Graph.from_dataframe(frame, source="q", target="b")


def test_positions_with_text_array_ids_and_int32_codes():
    # The readers pass int32 positions and a numpy array of str; both must give the same graph as Python lists.
    src, dst = np.array([0, 1, 2, 1], dtype=np.int32), np.array([1, 2, 0, 0], dtype=np.int32)
    fast = Graph.from_edges(src, dst, ids=np.array(["p", "q", "r"]), directed=True)
    slow = Graph.from_edges(src.tolist(), dst.tolist(), ids=["p", "q", "r"], directed=True)
    assert fast.ids.dtype == object and fast.ids.tolist() == ["p", "q", "r"]
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    check_csr(fast)
    distance = Graph.from_edges(src, dst, ids=["p", "q", "r"], weights=[1.0, 2.0, 3.0, 4.0], weight_kind="distance")
    assert as_dict(distance) == {("p", "q"): 1.0, ("q", "r"): 2.0, ("p", "r"): 3.0}
