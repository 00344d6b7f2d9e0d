"""NetworkX reference values in inroads' conventions (DESIGN.md "Semantics"), shared by the centrality tests."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from inroads.graph import Graph


def reference(graph: nx.Graph, measure: str, weight: str | None = None) -> dict[str, float]:
    """The value NetworkX gives for ``measure``, keyed by ``str(node)`` like inroads' ids."""
    n = graph.number_of_nodes()
    reverse = graph.reverse() if graph.is_directed() else graph
    if measure == "betweenness":
        values = nx.betweenness_centrality(graph, normalized=True, weight=weight)
    elif measure == "betweenness_raw":
        values = nx.betweenness_centrality(graph, normalized=False, weight=weight)
    elif measure == "closeness":
        values = nx.closeness_centrality(reverse, distance=weight, wf_improved=True)
    elif measure == "harmonic":
        raw = nx.harmonic_centrality(reverse, distance=weight)
        values = {v: (x / (n - 1) if n > 1 else 0.0) for v, x in raw.items()}
    elif measure == "degree":
        values = nx.degree_centrality(graph) if n > 1 else dict.fromkeys(graph, 0.0)
    else:
        raise ValueError(measure)
    return {str(k): float(v) for k, v in values.items()}


def assert_matches(ours: pd.Series, expected: dict[str, float], *, rel: float = 1e-9, abs_: float = 1e-12) -> None:
    """Every node's score equal to NetworkX's within ``rel`` (``abs_`` near zero), with the node named on failure."""
    assert sorted(ours.index) == sorted(expected), "different node sets"
    want = np.array([expected[i] for i in ours.index])
    got = ours.to_numpy()
    close = np.isclose(got, want, rtol=rel, atol=abs_)
    if not close.all():
        bad = int(np.flatnonzero(~close)[0])
        raise AssertionError(f"{ours.name} of node {ours.index[bad]!r}: inroads {got[bad]!r}, networkx {want[bad]!r}")


def to_graph(graph: nx.Graph, weight: str | None = None) -> Graph:
    """The inroads Graph of a NetworkX graph, with ``weight`` read as a distance."""
    return Graph.from_networkx(graph, distance=weight) if weight else Graph.from_networkx(graph)
