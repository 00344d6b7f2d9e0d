"""Exact centrality against NetworkX on hypothesis-generated graphs: directed or not, weighted or not, disconnected,
with isolated nodes, self-loops and duplicate edges."""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

import networkx as nx
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inroads.engine import local
from inroads.graph import Graph
from inroads.measures import betweenness, closeness, degree, harmonic
from tests.centrality_reference import assert_matches, reference


@dataclass
class Case:
    ours: Graph
    theirs: nx.Graph
    weight: str | None


@st.composite
def graphs(draw: st.DrawFn, max_nodes: int = 30) -> Case:
    n = draw(st.integers(1, max_nodes))
    directed = draw(st.booleans())
    kind = draw(st.sampled_from([None, "distance", "strength"]))
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    # Sparse to dense, so some graphs fall apart into components and keep isolated nodes.
    edges = draw(st.lists(pair, max_size=draw(st.sampled_from([n // 2, n, 2 * n, 4 * n]))))
    if kind == "strength":
        # Merged strengths like 1+2 give lengths like 1/3 whose path sums NetworkX compares exactly; keep one
        # copy of each edge so both sides see powers of two only.
        seen, unique = set(), []
        for u, v in edges:
            key = (u, v) if directed else (min(u, v), max(u, v))
            if key not in seen:
                seen.add(key)
                unique.append((u, v))
        edges = unique
    values = {"distance": [1.0, 2.0, 3.0, 4.0], "strength": [0.5, 1.0, 2.0, 4.0]}.get(kind or "", [1.0])
    weights = [draw(st.sampled_from(values)) for _ in edges]
    ids = [f"n{i}" for i in range(n)]
    src = np.array([u for u, _ in edges], dtype=np.int64)
    dst = np.array([v for _, v in edges], dtype=np.int64)
    ours = Graph.from_edges(src, dst, ids=ids, directed=directed, weights=weights if kind else None, weight_kind=kind)
    theirs: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    theirs.add_nodes_from(ids)
    for (u, v), w in zip(edges, weights, strict=True):
        if u == v:
            continue  # inroads drops self-loops (DESIGN.md)
        a, b = ids[u], ids[v]
        length = w if kind != "strength" else 1.0 / w
        old = theirs.get_edge_data(a, b)
        if old is None or length < old["length"]:  # duplicates: the shortest distance
            theirs.add_edge(a, b, length=length)
    return Case(ours, theirs, "length" if kind else None)


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(graphs())
def test_every_measure_matches_networkx(case: Case):
    g, graph, weight = case.ours, case.theirs, case.weight
    assert_matches(betweenness(g), reference(graph, "betweenness", weight))
    assert_matches(betweenness(g, normalized=False), reference(graph, "betweenness_raw", weight))
    assert_matches(closeness(g), reference(graph, "closeness", weight))
    assert_matches(harmonic(g), reference(graph, "harmonic", weight))
    assert_matches(degree(g), reference(graph, "degree"))


@settings(max_examples=60, deadline=None)
@given(graphs(max_nodes=20), st.data())
def test_sources_and_targets_match_networkx_subset(case: Case, data: st.DataObject):
    ids = list(case.ours.ids)
    sources = data.draw(st.lists(st.sampled_from(ids), unique=True))
    targets = data.draw(st.lists(st.sampled_from(ids), unique=True))
    expected = nx.betweenness_centrality_subset(case.theirs, sources, targets, normalized=True, weight=case.weight)
    assert_matches(betweenness(case.ours, sources=sources, targets=targets), expected)


@settings(max_examples=40, deadline=None)
@given(graphs())
def test_one_and_two_threads_agree(case: Case):
    # SERIAL_WORK=0: really run these small graphs on two threads.
    with mock.patch.object(local, "SERIAL_WORK", 0):
        results = [[f(case.ours, threads=t) for f in (betweenness, closeness, harmonic)] for t in (1, 2)]
    for one, two in zip(*results, strict=True):
        np.testing.assert_allclose(one.to_numpy(), two.to_numpy(), rtol=1e-12, atol=1e-15)
