"""Figures that describe a loaded network: the content of ``inroads info`` and of the report header."""

from __future__ import annotations

from typing import Any

import numpy as np

from inroads.graph import Graph

__all__ = ["summarize"]


def summarize(g: Graph) -> dict[str, Any]:
    """Plain figures of ``g``: sizes, direction, weights, components, density, degrees, load counts, attributes.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> facts = summarize(Graph.from_edges(["a", "b", "x"], ["b", "c", "y"]))
    >>> facts["nodes"], facts["edges"], facts["components"], facts["largest_component_nodes"]
    (5, 3, 2, 3)
    """
    count, labels = g.components()
    sizes = np.bincount(labels) if g.n else np.zeros(1, dtype=np.int64)
    degree = g.out_degree() + (g.in_degree() if g.directed else 0)
    facts = {
        "nodes": g.n,
        "edges": g.m,
        "directed": g.directed,
        "weighted": g.weighted,
        "weight_kind": g.weight_kind or "",
        "components": count,
        "largest_component_nodes": int(sizes.max()) if g.n else 0,
        "isolated_nodes": int(np.count_nonzero(degree == 0)),
        "density": g.density,
        "degree_min": int(degree.min()) if g.n else 0,
        "degree_median": float(np.median(degree)) if g.n else 0.0,
        "degree_mean": float(degree.mean()) if g.n else 0.0,
        "degree_max": int(degree.max()) if g.n else 0,
        "self_loops_dropped": int(g.meta.get("self_loops_dropped", 0)),
        "duplicates_merged": int(g.meta.get("duplicates_merged", 0)),
        "node_attributes": ", ".join(map(str, g.nodes.columns)) if g.nodes is not None else "",
        "source": str(g.meta.get("source", "")),
        "format": str(g.meta.get("format", "")),
    }
    from inroads.io.records import records_summary  # what records were read, merged and dropped, and why

    return {**facts, **records_summary(g.meta)}
