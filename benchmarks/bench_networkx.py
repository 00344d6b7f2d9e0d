"""NetworkX alone against NetworkX with ``backend="inroads"``, conversion included, on three graph sizes.

``python -m benchmarks networkx``. Graphs: Barabási–Albert, m=5, n = 1,000, 3,000 and 10,000 (seed 42); weighted runs
give each edge a seeded length 1..10 in the ``length`` attribute. ``inroads_s`` is ``nx.<function>(G,
backend="inroads")`` with NetworkX's conversion cache off, so every call converts the graph (median of
``BENCH_REPEAT`` runs, default 3); ``convert_s`` is that conversion alone and ``cached_s`` a call on a graph NetworkX
has already converted. ``networkx_s`` is NetworkX's own run: complete where it takes under about a minute; on the
largest graph it sweeps from ``NX_SOURCES`` seeded sources and is scaled by n / sources (every source costs about
the same search), unless ``BENCH_NX_FULL=1`` asks for the full run (about five minutes per row). ``small`` times tiny
graphs to place the ``should_run`` threshold (:data:`inroads.networkx_backend.interface.MIN_EDGE_VISITS`).
"""

from __future__ import annotations

import os
import random
import time
import warnings
from collections.abc import Callable
from typing import Any

from benchmarks.common import markdown_table, median_time

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
NX_FULL = os.environ.get("BENCH_NX_FULL") == "1"
NX_SOURCES = 100
SIZES = (1_000, 3_000, 10_000)
FULL_UP_TO = 1_000


def _graph(n: int, weighted: bool) -> Any:
    import networkx as nx

    graph = nx.barabasi_albert_graph(n, 5, seed=42)
    if weighted:
        rng = random.Random(7)
        for _, _, data in graph.edges(data=True):
            data["length"] = float(rng.randint(1, 10))
    return graph


def _networkx_time(function: Callable[..., Any], graph: Any, kwargs: dict[str, Any]) -> tuple[float, str]:
    """NetworkX's own time for the whole graph: measured, or from a seeded sample of sources scaled up."""
    import networkx as nx

    n = len(graph)
    if n <= FULL_UP_TO or NX_FULL:
        start = time.perf_counter()
        function(graph, backend="networkx", **kwargs)
        return time.perf_counter() - start, "full run"
    sources = random.Random(1).sample(list(graph), NX_SOURCES)
    start = time.perf_counter()
    if function is nx.betweenness_centrality:
        nx.betweenness_centrality_subset(graph, sources, list(graph), backend="networkx", **kwargs)
    else:
        distance = kwargs.get("distance")
        reverse = graph  # undirected: in-closeness is out-closeness
        for source in sources:  # closeness_centrality's work for one node: one search from it
            nx.single_source_dijkstra_path_length(reverse, source, weight=distance) if distance else (
                nx.single_source_shortest_path_length(reverse, source)
            )
    return (time.perf_counter() - start) * n / NX_SOURCES, f"{NX_SOURCES} sources x n/{NX_SOURCES}"


def _rows() -> list[dict[str, Any]]:
    import networkx as nx

    from inroads.networkx_backend import convert_from_nx

    rows = []
    cases: list[tuple[str, Callable[..., Any], bool]] = [
        ("betweenness", nx.betweenness_centrality, False),
        ("betweenness, weighted", nx.betweenness_centrality, True),
        ("closeness", nx.closeness_centrality, False),
    ]
    for n in SIZES:
        for label, function, weighted in cases:
            graph = _graph(n, weighted)
            keyword = "weight" if function is nx.betweenness_centrality else "distance"
            kwargs = {keyword: "length"} if weighted else {}
            with nx.config(cache_converted_graphs=False):
                call = lambda: function(graph, backend="inroads", **kwargs)  # noqa: B023, E731
                ours = median_time(call, repeat=REPEAT, warmup=True)
            attrs = {"length": 1} if weighted else None
            convert = median_time(lambda: convert_from_nx(graph, attrs), repeat=REPEAT)  # noqa: B023
            function(graph, backend="inroads", **kwargs)  # fills NetworkX's cache
            cached = median_time(lambda: function(graph, backend="inroads", **kwargs), repeat=REPEAT)  # noqa: B023
            theirs, how = _networkx_time(function, graph, kwargs)
            rows.append(
                {
                    "function": label,
                    "n": n,
                    "m": graph.number_of_edges(),
                    "networkx_s": theirs,
                    "networkx run": how,
                    "inroads_s": ours,
                    "convert_s": convert,
                    "cached_s": cached,
                    "speedup": theirs / ours,
                }
            )
            print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
    return rows


def _small() -> list[dict[str, Any]]:
    """Tiny graphs, where converting costs more than NetworkX's own run: where ``should_run`` draws the line."""
    import networkx as nx

    rows = []
    with nx.config(cache_converted_graphs=False):
        for n in (20, 40, 80, 160):
            graph = nx.gnm_random_graph(n, 3 * n, seed=1)
            for function in (nx.betweenness_centrality, nx.closeness_centrality, nx.harmonic_centrality):
                theirs = median_time(lambda: function(graph, backend="networkx"), repeat=5)  # noqa: B023
                ours = median_time(lambda: function(graph, backend="inroads"), repeat=5, warmup=True)  # noqa: B023
                rows.append(
                    {
                        "function": function.__name__,
                        "n": n,
                        "edge visits": n * (n + graph.number_of_edges()),
                        "networkx_ms": theirs * 1e3,
                        "inroads_ms": ours * 1e3,
                        "speedup": theirs / ours,
                    }
                )
    return rows


def main() -> None:
    warnings.filterwarnings("ignore", message="Note: conversions to backend graphs")
    print(markdown_table(_small()))
    print()
    print(markdown_table(_rows()))


if __name__ == "__main__":
    main()
