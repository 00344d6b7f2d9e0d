"""Exact betweenness and all-node closeness: inroads against igraph, NetworKit (2 threads), rustworkx and NetworkX.

``python -m benchmarks centrality`` (set ``BENCH_REPEAT=1`` for a quicker, noisier pass). inroads and igraph are timed
as medians of ``BENCH_REPEAT`` warm runs (default 3), alternating, so both see the same machine load; NetworKit and
rustworkx run once; NetworkX is timed on 40 sources and scaled to all of them. Weighted runs give every edge a seeded
strength 1..10 (path length 1/strength). The compile-time rows start fresh processes with an empty numba cache.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.common import DATA, markdown_table

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
THREADS = 2
NX_SOURCES = 40


def _graphs() -> dict[str, Any]:
    import networkx as nx

    from inroads.graph import Graph
    from inroads.io import read

    ba = nx.barabasi_albert_graph(10_000, 5, seed=42)
    edges = np.array(ba.edges(), dtype=np.int64)
    graphs = {"BA n=10,000 m=5": Graph.from_edges(edges[:, 0], edges[:, 1], ids=list(range(10_000)))}
    files = {
        "snap-ego-Facebook": ("snap-ego-Facebook/facebook_combined.txt.gz", False),
        "snap-wiki-Vote": ("snap-wiki-Vote/wiki-Vote.txt", True),
        "newman-power-grid": ("newman-power-grid/power.graph", None),
    }
    for name, (path, directed) in files.items():
        if (DATA / path).exists():
            graphs[name] = read(str(DATA / path), directed=directed)
    return graphs


def _weighted(g: Any) -> Any:
    """The same graph with a seeded strength 1..10 per edge (both directions of an undirected edge alike)."""
    from inroads.graph import Graph

    u, v, _ = g.edges()
    strengths = np.random.default_rng(7).integers(1, 11, size=u.shape[0]).astype(np.float64)
    return Graph.from_edges(u, v, ids=g.ids, directed=g.directed, weights=strengths, weight_kind="strength")


def _edge_list(g: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    u, v, _ = g.edges()
    lengths = None
    if g.weights is not None:
        src = g.sources()
        keep = slice(None) if g.directed else src < g.indices
        lengths = g.lengths[keep]
    return u, v, lengths


def _peers(g: Any) -> dict[str, dict[str, Callable[[], Any]]]:
    """For each peer, the two timed calls: betweenness and closeness (None when it cannot do weighted runs)."""
    import igraph as ig
    import networkit as nk
    import networkx as nx
    import rustworkx as rx

    u, v, lengths = _edge_list(g)
    weighted = lengths is not None
    i_graph = ig.Graph(n=g.n, edges=np.column_stack([u, v]).tolist(), directed=g.directed)
    i_weights = lengths.tolist() if weighted else None
    k_graph = nk.Graph(g.n, weighted=weighted, directed=g.directed)
    for a, b, w in zip(u.tolist(), v.tolist(), (lengths if weighted else np.ones(u.size)).tolist(), strict=True):
        k_graph.addEdge(a, b, w)
    r_graph = rx.PyDiGraph() if g.directed else rx.PyGraph()
    r_graph.add_nodes_from(range(g.n))
    r_graph.add_edges_from_no_data(list(zip(u.tolist(), v.tolist(), strict=True)))
    x_graph = nx.DiGraph() if g.directed else nx.Graph()
    x_graph.add_nodes_from(range(g.n))
    if weighted:
        x_graph.add_weighted_edges_from(zip(u.tolist(), v.tolist(), lengths.tolist(), strict=True))
    else:
        x_graph.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    x_weight = "weight" if weighted else None
    sample = np.random.default_rng(1).choice(g.n, NX_SOURCES, replace=False).tolist()
    reverse = x_graph.reverse() if g.directed else x_graph
    scale = g.n / NX_SOURCES

    def nx_betweenness() -> float:
        began = time.perf_counter()
        nx.betweenness_centrality_subset(x_graph, sample, list(x_graph), weight=x_weight)
        return (time.perf_counter() - began) * scale

    def nx_closeness() -> float:
        began = time.perf_counter()
        for node in sample:
            nx.closeness_centrality(reverse, u=node, distance=x_weight)
        return (time.perf_counter() - began) * scale

    def nk_run(algorithm: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            nk.setNumberOfThreads(THREADS)
            return algorithm().run()

        return run

    generalized = nk.centrality.ClosenessVariant.GENERALIZED  # NetworKit's Wasserman–Faust for disconnected graphs
    return {
        "igraph": {
            "betweenness": lambda: i_graph.betweenness(directed=g.directed, weights=i_weights),
            "closeness": lambda: i_graph.closeness(mode="out", weights=i_weights),
        },
        "networkit": {
            "betweenness": nk_run(lambda: nk.centrality.Betweenness(k_graph, True)),
            "closeness": nk_run(lambda: nk.centrality.Closeness(k_graph, True, generalized)),
        },
        "rustworkx": {
            "betweenness": None if weighted else (lambda: rx.betweenness_centrality(r_graph, parallel_threshold=50)),
            "closeness": None if weighted else (lambda: rx.closeness_centrality(r_graph, wf_improved=True)),
        },
        "networkx": {"betweenness": nx_betweenness, "closeness": nx_closeness},
    }


def _timed(function: Callable[[], Any]) -> float:
    return _timed_cpu(function)[0]


def _timed_cpu(function: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds (all threads of this process): CPU time shows the work done whatever the machine load."""
    began, cpu = time.perf_counter(), time.process_time()
    value = function()
    elapsed, used = time.perf_counter() - began, time.process_time() - cpu
    return (value, used) if isinstance(value, float) else (elapsed, used)  # NetworkX peers return their scaled time


def _compile_times() -> list[dict[str, Any]]:
    """Cold-cache compile time, then the cost of loading the cached kernels, each in a fresh process."""
    code = (
        "import time; t = time.perf_counter(); import networkx as nx; from inroads import Graph, centrality;"
        "g = Graph.from_networkx(nx.karate_club_graph()); w = Graph.from_networkx(nx.karate_club_graph(), "
        "strength='weight'); centrality(g); centrality(w); print(time.perf_counter() - t)"
    )
    # The baseline builds the same graphs (which compiles and caches the CSR kernels), so the difference is the
    # centrality kernels alone.
    warm = (
        "import time; t = time.perf_counter(); import networkx as nx; from inroads import Graph, centrality;"
        "g = Graph.from_networkx(nx.karate_club_graph()); w = Graph.from_networkx(nx.karate_club_graph(), "
        "strength='weight'); print(time.perf_counter() - t)"
    )
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        for _ in range(2):  # the first run compiles the CSR kernels into the empty cache; the second is the base
            base = float(
                subprocess.run([sys.executable, "-c", warm], env=env, capture_output=True, text=True, check=True).stdout
            )
        for label in ("compile (empty cache)", "load (cached)"):
            total = float(
                subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
            )
            rows.append({"step": f"all four kernels: {label}", "seconds": round(total - base, 2)})
    return rows


def main() -> None:
    from inroads.measures import betweenness, closeness

    rows: list[dict[str, Any]] = []
    for name, plain in _graphs().items():
        for g, kind in ((plain, "unweighted"), (_weighted(plain), "weighted")):
            peers = _peers(g)
            ours = {
                "betweenness": lambda g=g: betweenness(g, threads=THREADS),
                "closeness": lambda g=g: closeness(g, threads=THREADS),
            }
            for measure, call in ours.items():
                call()  # warm: kernels loaded, first-touch allocations done
                ours_times, igraph_times = [], []
                for _ in range(REPEAT):
                    ours_times.append(_timed_cpu(call))
                    igraph_times.append(_timed_cpu(peers["igraph"][measure]))
                mine = statistics.median(t for t, _ in ours_times)
                theirs = statistics.median(t for t, _ in igraph_times)
                cpu_ratio = statistics.median(c for _, c in ours_times) / statistics.median(c for _, c in igraph_times)
                one_thread = _timed(
                    lambda g=g, measure=measure: (betweenness if measure == "betweenness" else closeness)(g, threads=1)
                )
                row = {
                    "graph": name,
                    "weights": kind,
                    "measure": measure,
                    "inroads 2t s": mine,
                    "inroads 1t s": one_thread,
                    "igraph s": theirs,
                    "inroads/igraph": mine / theirs,
                    "cpu inroads/igraph": cpu_ratio,
                }
                for peer in ("networkit", "rustworkx", "networkx"):
                    run = peers[peer][measure]
                    row[f"{peer} s"] = _timed(run) if run is not None else "n/a"
                rows.append(row)
                print(" | ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v in row.values()), flush=True)
    print()
    print(markdown_table(rows))
    print()
    print(markdown_table(_compile_times()))
