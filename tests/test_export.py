"""``inroads export``: GEXF that NetworkX (and so Gephi) reads back, carrying every score, community and type."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from inroads.cli.export import to_gexf
from inroads.graph import Graph
from inroads.influencers import annotate
from tests.conftest import run


def test_export_opens_with_networkx_and_carries_the_attributes(tmp_path, capsys):
    target = tmp_path / "map.gexf"
    code, _, err = run(["export", "networkx:les_miserables", "--size", "12", "-o", str(target)], capsys)
    assert code == 0, err
    graph = nx.read_gexf(target)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (77, 254)
    valjean = graph.nodes["Valjean"]
    assert (valjean["type"], valjean["rank"]) == ("awareness", 1)
    reference = nx.betweenness_centrality(nx.les_miserables_graph())
    assert valjean["betweenness"] == pytest.approx(reference["Valjean"], rel=1e-12)
    types = pd.Series({v: d["type"] for v, d in graph.nodes(data=True)}).value_counts().to_dict()
    assert types == {"none": 65, "awareness": 6, "conversion": 6}
    assert {"closeness", "degree", "community", "communities_reached"} <= set(valjean)
    assert "12 on the shortlist" in err


def test_to_gexf_keeps_node_table_weights_and_direction():
    graph = nx.DiGraph()
    graph.add_edge("a", "b", w=2.0)
    graph.add_edge("b", "c", w=0.5)
    graph.add_edge("c", "a", w=1.0)
    graph.nodes["a"]["city"] = "Oslo"
    graph.nodes["b"]["city"] = "Rome"
    g = Graph.from_networkx(graph, strength="w")
    scores = annotate(g, size=2)
    import io

    back = nx.read_gexf(io.BytesIO(to_gexf(g, scores)))
    assert back.is_directed()
    assert sorted(back.edges(data="weight")) == [("a", "b", 2.0), ("b", "c", 0.5), ("c", "a", 1.0)]
    assert back.nodes["a"]["city"] == "Oslo" and "city" not in back.nodes["c"]  # missing values are left out
    np.testing.assert_allclose([back.nodes[v]["closeness"] for v in "abc"], scores["closeness"].to_numpy())


def test_export_needs_a_gexf_name(tmp_path, capsys):
    code, _, err = run(["export", "networkx:les_miserables", "-o", str(tmp_path / "map.txt")], capsys)
    assert code == 2 and "-o" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "map.txt").exists()
