"""The object NetworkX loads through the ``networkx.backends`` entry point: functions, conversions, run policy.

NetworkX (≥ 3.5) dispatches ``nx.betweenness_centrality(G, backend="inroads")``, or any call when
``nx.config.backend_priority.algos = ["inroads"]``, to the attribute of the same name here. Before converting it asks
:meth:`BackendInterface.can_run` (can inroads answer these arguments at all?) and, for automatic dispatch only,
:meth:`BackendInterface.should_run` (is it worth converting the graph?). Converted graphs are cached by NetworkX on
the original graph (``G.__networkx_cache__``), keyed by the weight attribute.
"""

from __future__ import annotations

import inspect
from typing import Any

from _inroads_networkx import FUNCTIONS
from inroads.networkx_backend import algorithms
from inroads.networkx_backend.graph import BackendGraph, convert_from_nx, convert_to_nx

__all__ = ["MIN_EDGE_VISITS", "BackendInterface", "backend_interface"]

#: Below this many edge visits (sweeps x (nodes + edges)), automatic dispatch leaves a function to NetworkX: the
#: conversion and the fixed cost of a call (0.5 ms quiet, 3-5 ms under load) exceed NetworkX's own run; measured in
#: benchmarks/README.md "NetworkX backend".
MIN_EDGE_VISITS = 20_000

#: NetworkX's name of the argument holding edge lengths, per function.
_WEIGHT_ARGUMENT = {
    "betweenness_centrality": "weight",
    "betweenness_centrality_subset": "weight",
    "closeness_centrality": "distance",
    "harmonic_centrality": "distance",
}

#: NetworkX tests the backend cannot pass, with the reason (README "From NetworkX"); keyed by pytest node id suffix.
KNOWN_FAILURES: dict[str, str] = {}


def _bound(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> inspect.BoundArguments | None:
    try:
        bound = inspect.signature(getattr(algorithms, name)).bind(*args, **kwargs)
    except TypeError:
        return None  # NetworkX raises its own TypeError before any backend runs
    bound.apply_defaults()
    return bound


#: NetworkX's name of the argument that limits the sweeps, per function (None there: one sweep per node).
_SWEEP_ARGUMENT = {
    "betweenness_centrality": "k",
    "betweenness_centrality_subset": "sources",
    "closeness_centrality": "u",
    "harmonic_centrality": "nbunch",
}


def _sweeps(name: str, bound: inspect.BoundArguments) -> int | None:
    """How many graph searches ``name`` needs (None: unknown, e.g. a generator of sources)."""
    n = len(bound.arguments["G"])
    given = bound.arguments[_SWEEP_ARGUMENT[name]]
    if given is None:
        return n
    if name == "closeness_centrality":
        return 1
    if isinstance(given, int):  # k, or a node that is an integer (harmonic's nbunch)
        return min(given, n) if name == "betweenness_centrality" else 1
    return len(given) if hasattr(given, "__len__") else None


class BackendInterface:
    """The ``inroads`` NetworkX backend: one attribute per implemented function, plus NetworkX's hooks."""

    betweenness_centrality = staticmethod(algorithms.betweenness_centrality)
    betweenness_centrality_subset = staticmethod(algorithms.betweenness_centrality_subset)
    closeness_centrality = staticmethod(algorithms.closeness_centrality)
    harmonic_centrality = staticmethod(algorithms.harmonic_centrality)
    degree_centrality = staticmethod(algorithms.degree_centrality)
    in_degree_centrality = staticmethod(algorithms.in_degree_centrality)
    out_degree_centrality = staticmethod(algorithms.out_degree_centrality)

    convert_from_nx = staticmethod(convert_from_nx)
    convert_to_nx = staticmethod(convert_to_nx)

    @staticmethod
    def can_run(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool | str:
        """Whether inroads can answer this call; a string says why not (NetworkX shows it in its log and errors).

        Examples
        --------
        >>> BackendInterface.can_run("betweenness_centrality", (None,), {"weight": len})
        'the inroads backend reads edge weights from an attribute, not a function'
        >>> BackendInterface.can_run("pagerank", (None,), {})
        False
        """
        if name not in FUNCTIONS:
            return False
        bound = _bound(name, args, kwargs)
        argument = _WEIGHT_ARGUMENT.get(name)
        if bound is not None and argument is not None and callable(bound.arguments[argument]):
            return "the inroads backend reads edge weights from an attribute, not a function"
        return True

    @staticmethod
    def should_run(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool | str:
        """Whether automatic dispatch should convert and run here, or leave a small job to NetworkX.

        ``backend="inroads"`` always runs here; this only decides for ``nx.config.backend_priority``. A graph
        already converted (an inroads graph, or one NetworkX has cached) always runs here.
        """
        if name.endswith("degree_centrality"):
            return f"NetworkX's {name} takes one pass over the nodes, less than converting the graph"
        bound = _bound(name, args, kwargs)
        if bound is None:
            return True
        graph = bound.arguments["G"]
        if isinstance(graph, BackendGraph) or _cached(graph):
            return True
        sweeps = _sweeps(name, bound)
        if sweeps is None:
            return True
        visits = sweeps * (len(graph) + graph.number_of_edges())
        if visits < MIN_EDGE_VISITS:
            return f"too small to gain from conversion ({visits:,} edge visits < {MIN_EDGE_VISITS:,})"
        return True

    @staticmethod
    def on_start_tests(items: list[Any]) -> None:
        """Mark NetworkX's own tests the backend is known to fail (``KNOWN_FAILURES``) as expected failures."""
        import pytest

        for item in items:
            for suffix, reason in KNOWN_FAILURES.items():
                if item.nodeid.endswith(suffix):
                    item.add_marker(pytest.mark.xfail(reason=reason))


def _cached(graph: Any) -> bool:
    """Whether NetworkX holds a conversion of ``graph`` for this backend (then running here costs no conversion)."""
    cache = getattr(graph, "__networkx_cache__", None)
    return bool(cache and cache.get("backends", {}).get("inroads"))


backend_interface = BackendInterface()
