"""Exact centrality on real networks of ../shared/data (skips when absent): directed, weighted, high-diameter.

Full runs are checked against igraph (fast, independent C code) node by node, and against NetworkX (the reference
of DESIGN.md) on a sample of sources and nodes, since a full NetworkX run would take minutes.
"""

from __future__ import annotations

from fractions import Fraction

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from inroads.graph import Graph
from inroads.io import read
from inroads.measures import betweenness, centrality, closeness

pytestmark = pytest.mark.data

SAMPLE = 25


def _load(shared_data, name: str) -> Graph:
    if name == "snap-wiki-Vote":
        return read(str(shared_data / "snap-wiki-Vote" / "wiki-Vote.txt"), directed=True)
    if name == "newman-power-grid":
        return read(str(shared_data / "newman-power-grid" / "power.graph"))
    # bitcoin-otc rates trust from -10 to +10; strengths must be positive, so keep the trust ratings (> 0).
    frame = pd.read_csv(
        shared_data / "snap-bitcoin-otc" / "soc-sign-bitcoinotc.csv.gz", names=["source", "target", "rating", "time"]
    )
    frame = frame[frame["rating"] > 0]
    return Graph.from_dataframe(frame, directed=True, strength="rating")


def _igraph(g: Graph) -> ig.Graph:
    src = np.repeat(np.arange(g.n), np.diff(g.indptr))
    keep = slice(None) if g.directed else src < g.indices
    graph = ig.Graph(n=g.n, edges=np.column_stack([src[keep], g.indices[keep]]).tolist(), directed=g.directed)
    if g.lengths is not None:
        graph.es["length"] = g.lengths[keep].tolist()
    return graph


@pytest.fixture(scope="module", params=["snap-wiki-Vote", "snap-bitcoin-otc", "newman-power-grid"])
def network(request, shared_data):
    g = _load(shared_data, request.param)
    return g, centrality(g, ["betweenness", "closeness", "harmonic"])


def test_full_run_matches_igraph(network):
    g, ours = network
    other = _igraph(g)
    weights = "length" if g.lengths is not None else None
    n = g.n
    raw = np.asarray(other.betweenness(directed=g.directed, weights=weights))
    scale = 1 / ((n - 1) * (n - 2)) * (1 if g.directed else 2)
    np.testing.assert_allclose(ours["betweenness"].to_numpy(), raw * scale, rtol=1e-9, atol=1e-12)
    harmonic = np.asarray(other.harmonic_centrality(mode="out", weights=weights, normalized=True))
    np.testing.assert_allclose(ours["harmonic"].to_numpy(), harmonic, rtol=1e-9, atol=1e-12)
    # igraph's closeness leaves out the Wasserman–Faust factor (and scores isolated nodes NaN).
    plain = np.nan_to_num(np.asarray(other.closeness(mode="out", weights=weights, normalized=True)))
    np.testing.assert_allclose(closeness(g, wf_improved=False).to_numpy(), plain, rtol=1e-9, atol=1e-12)


def test_sampled_sources_and_nodes_match_networkx(network):
    g, ours = network
    graph = g.to_networkx()
    weight = "weight" if g.weights is not None else None
    if weight and g.weight_kind == "strength":
        # Exact lengths: NetworkX compares path lengths with ==, so float sums like 1/3 + 1/6 vs 1/2 would hide
        # ties that inroads (relative 1e-12) and igraph (epsilon) see. Fractions make NetworkX's ties the true ones.
        for _, _, data in graph.edges(data=True):
            data["weight"] = Fraction(1, int(data["weight"]))
    rng = np.random.default_rng(11)
    sources = g.ids[rng.choice(g.n, SAMPLE, replace=False)].tolist()
    expected = nx.betweenness_centrality_subset(graph, sources, list(graph), normalized=True, weight=weight)
    partial = betweenness(g, sources=sources)
    np.testing.assert_allclose(partial.to_numpy(), [float(expected[i]) for i in g.ids], rtol=1e-9, atol=1e-12)
    reverse = graph.reverse() if g.directed else graph
    for node in sources:
        assert ours.loc[node, "closeness"] == pytest.approx(
            float(nx.closeness_centrality(reverse, u=node, distance=weight)), rel=1e-9, abs=1e-12
        )
