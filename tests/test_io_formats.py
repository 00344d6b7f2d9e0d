"""Each reader against NetworkX's writers: the same nodes, edges, direction and weights come back."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from inroads.io import read


def edge_set(g, *, names: bool = False) -> set:
    """Edges as (name, name) pairs, sorted within the pair when undirected."""
    shown = g.display_names() if names else g.ids
    u, v, _ = g.edges()
    pairs = zip(shown[u].tolist(), shown[v].tolist(), strict=True)
    return {p if g.directed else tuple(sorted(p)) for p in pairs}


def weight_map(g, *, names: bool = False) -> dict:
    shown = g.display_names() if names else g.ids
    u, v, w = g.edges()
    return {
        (a, b) if g.directed else tuple(sorted((a, b))): x
        for a, b, x in zip(shown[u].tolist(), shown[v].tolist(), w.tolist(), strict=True)
    }


def nx_edges(graph: nx.Graph) -> set:
    return {(str(a), str(b)) if graph.is_directed() else tuple(sorted((str(a), str(b)))) for a, b in graph.edges()}


@pytest.mark.parametrize("name", ["karate", "florentine", "lesmis", "kite"])
def test_graphml_matches_networkx(named, tmp_path, name):
    graph = named[name]
    path = tmp_path / "g.graphml"
    nx.write_graphml(graph, path)
    g = read(path)
    assert g.meta["format"] == "graphml"
    assert g.n == graph.number_of_nodes() and g.m == graph.number_of_edges()
    assert set(g.ids.tolist()) == {str(x) for x in graph.nodes}
    assert edge_set(g) == nx_edges(graph)


def test_graphml_weights_and_node_attributes(named, tmp_path):
    graph = named["karate"]
    path = tmp_path / "karate.graphml"
    nx.write_graphml(graph, path)
    g = read(path, strength="weight")
    assert g.weight_kind == "strength"
    expected = {tuple(sorted((str(a), str(b)))): d["weight"] for a, b, d in graph.edges(data=True)}
    assert weight_map(g) == pytest.approx(expected)
    assert g.nodes.loc["0", "club"] == "Mr. Hi"


def test_graphml_direction_follows_edgedefault_unless_overridden(tmp_path):
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    path = tmp_path / "d.graphml"
    nx.write_graphml(graph, path)
    assert read(path).directed
    undirected = read(path, directed=False)
    assert not undirected.directed and undirected.m == 3


@pytest.mark.parametrize("directed", [False, True])
def test_gexf_matches_networkx(named, tmp_path, directed):
    graph = named["lesmis"].to_directed() if directed else named["lesmis"]
    path = tmp_path / "l.gexf"
    nx.write_gexf(graph, path)
    g = read(path, strength="weight")
    assert g.directed == directed
    assert edge_set(g) == nx_edges(graph)
    expected = {
        (str(a), str(b)) if directed else tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)
    }
    assert weight_map(g) == pytest.approx(expected)


@pytest.mark.parametrize("name", ["karate", "lesmis", "florentine"])
def test_gml_matches_networkx(named, tmp_path, name):
    graph = named[name]
    path = tmp_path / "g.gml"
    nx.write_gml(graph, path)  # ids 0..n-1, the node names as labels
    g = read(path)
    assert g.meta["format"] == "gml" and not g.directed
    assert g.ids.tolist() == [str(i) for i in range(graph.number_of_nodes())]
    assert g.labels.tolist() == [str(node) for node in graph.nodes]
    assert edge_set(g, names=True) == nx_edges(graph)


def test_gml_multigraph_merges_parallel_edges(tmp_path):
    text = """graph [ multigraph 1 directed 1
      node [ id 1 label "a" ] node [ id 2 label "b" ] node [ id 3 ]
      edge [ source 1 target 2 value 2 ] edge [ source 1 target 2 value 3.5 ] edge [ source 2 target 3 value 1 ]
      edge [ source 3 target 3 value 1 ] ]"""
    path = tmp_path / "m.gml"
    path.write_text(text)
    g = read(path, strength="value")
    assert g.directed and g.m == 2
    assert g.meta["duplicates_merged"] == 1 and g.meta["self_loops_dropped"] == 1
    assert weight_map(g) == {("1", "2"): 5.5, ("2", "3"): 1.0}
    assert read(path, directed=False).directed is False


def test_gml_undeclared_node_is_an_error_with_line(tmp_path):
    path = tmp_path / "bad.gml"
    path.write_text("graph [\n node [ id 1 ]\n edge [ source 1 target 9 ]\n]\n")
    with pytest.raises(Exception, match=r"bad.gml:3: .*9"):
        read(path)


@pytest.mark.parametrize("directed", [False, True])
def test_pajek_matches_networkx(named, tmp_path, directed):
    graph = named["florentine"].to_directed() if directed else named["florentine"]
    path = tmp_path / "f.net"
    nx.write_pajek(graph, path)
    g = read(path)
    assert g.directed == directed
    assert edge_set(g, names=True) == nx_edges(graph)


def test_pajek_mixed_arcs_and_edges_with_weights(tmp_path):
    path = tmp_path / "mixed.net"
    path.write_text('*Vertices 3\n1 "Ann Lee"\n2 "Bo"\n3 "Cy"\n*Arcs\n1 2 2\n*Edges\n2 3 4\n')
    g = read(path, strength="weight")
    assert g.directed
    assert weight_map(g, names=True) == {("Ann Lee", "Bo"): 2.0, ("Bo", "Cy"): 4.0, ("Cy", "Bo"): 4.0}
    undirected = read(path, directed=False)
    assert edge_set(undirected, names=True) == {("Ann Lee", "Bo"), ("Bo", "Cy")}


def test_metis_formats_with_and_without_weights(tmp_path):
    plain = tmp_path / "p.graph"
    plain.write_text("% a comment\n4 3\n2 3\n1 3\n1 2\n\n")
    g = read(plain)
    assert g.n == 4 and g.m == 3 and g.meta["format"] == "metis"
    assert edge_set(g) == {("1", "2"), ("1", "3"), ("2", "3")}
    weighted = tmp_path / "w.graph"
    weighted.write_text("3 2 1\n2 5 3 1\n1 5\n1 1\n")
    w = read(weighted, strength="weight")
    assert weight_map(w) == {("1", "2"): 5.0, ("1", "3"): 1.0}
    vertex_weighted = tmp_path / "v.graph"
    vertex_weighted.write_text("3 2 11\n7 2 5 3 1\n8 1 5\n9 1 1\n")
    assert weight_map(read(vertex_weighted, distance="weight")) == {("1", "2"): 5.0, ("1", "3"): 1.0}


def test_metis_header_edge_count_is_checked(tmp_path):
    path = tmp_path / "bad.graph"
    path.write_text("3 5\n2\n1\n\n")
    with pytest.raises(Exception, match=r"bad.graph:1: the header says 5 edges"):
        read(path)


def test_konect_declares_direction(tmp_path):
    path = tmp_path / "out.konect"
    path.write_text("% asym unweighted\n% 3 3 3\n1 2\n2 3\n3 1\n")
    assert read(path).directed
    path.write_text("% sym positive\n1 2 3\n2 3 1\n")
    g = read(path, strength="3")
    assert not g.directed and weight_map(g) == {("1", "2"): 3.0, ("2", "3"): 1.0}


def test_builtin_networks_keep_their_names():
    g = read("networkx:les_miserables", distance="weight")
    assert (g.n, g.m, g.weight_kind) == (77, 254, "distance")
    assert read("networkx:davis_southern_women").n == 32
    assert read("networkx:florentine_families").meta["source"] == "networkx:florentine_families"


def test_content_beats_extension(named, tmp_path):
    path = tmp_path / "network.txt"
    nx.write_graphml(named["kite"], path)
    assert read(path).meta["format"] == "graphml"


def test_reverse_turns_directed_edges_round(tmp_path):
    path = tmp_path / "follows.csv"
    path.write_text("follower,followed\na,b\na,c\n")
    g = read(path, directed=True, reverse=True)
    assert edge_set(g) == {("b", "a"), ("c", "a")}
    assert np.array_equal(g.in_degree()[g.indices_of(["a"])], [2])


_SNIPPETS = {
    "gml": ["graph", "[", "]", "node", "edge", "id", "source", "target", "1", "2", '"x"', "directed", "label", "\n"],
    "pajek": ["*Vertices", "*Arcs", "*Edges", "*Arcslist", "1", "2", "3", '"a b"', "0.5", "-1", "\n", "%"],
    "metis": ["3", "2", "1", "0", "11", "10", "%", "x", "\n", "\n", " "],
    "graphml": [
        "<graphml>",
        "<graph>",
        "</graph>",
        "</graphml>",
        "<node id='a'/>",
        "<edge source='a' target='b'/>",
        "<key id='w' for='edge' attr.name='w'/>",
        "<data key='w'>2</data>",
        "<edge source='a'>",
        "</edge>",
    ],
}


@pytest.mark.parametrize("fmt", list(_SNIPPETS))
def test_random_files_give_a_graph_or_a_clean_error(tmp_path, fmt):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from inroads.errors import InroadsError

    suffix = {"gml": ".gml", "pajek": ".net", "metis": ".graph", "graphml": ".graphml"}[fmt]

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(parts=st.lists(st.sampled_from(_SNIPPETS[fmt]), max_size=25))
    def check(parts):
        path = tmp_path / f"fuzz{suffix}"
        path.write_text(" ".join(parts))
        try:
            g = read(path, format=fmt)
        except InroadsError as error:
            assert "\n" not in error.line()
            return
        assert g.indptr[-1] == g.indices.size

    check()
