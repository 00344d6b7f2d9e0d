"""Approximate betweenness and exact top-k closeness/harmonic against NetworKit, at the same guarantee.

Graphs: Barabási–Albert (n=100,000, m=5), a ~1,000,000-edge powerlaw-cluster (Holme–Kim) graph and a 300x300 grid
(high diameter, the hard case for path sampling). Graphs and the exact betweenness (inroads' exact engine, computed
once: 3 minutes for grid-300, about half an hour for plc-1m on one core) are cached in ``benchmarks/.cache``
(git-ignored).

Run: ``python -m benchmarks approx`` (a few minutes once the exact cache exists).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import cache_path, markdown_table, peak_rss_mb

EPSILON, DELTA, TOP = 0.01, 0.1, 50


def _generate(name: str) -> tuple[np.ndarray, np.ndarray, int]:
    if name == "ba-100k":
        import networkit as nk

        nk.engineering.setSeed(1, False)
        g = nk.generators.BarabasiAlbertGenerator(5, 100_000).generate()
        edges = np.array(list(g.iterEdges()), dtype=np.int64)
        return edges[:, 0], edges[:, 1], g.numberOfNodes()
    if name == "plc-1m":
        import networkx as nx

        # NetworkX is the one common library with the Holme–Kim generator; 1M edges take ~4 s, once (cached).
        h = nx.powerlaw_cluster_graph(100_000, 10, 0.1, seed=1)
        edges = np.array(list(h.edges()), dtype=np.int64)
        return edges[:, 0], edges[:, 1], h.number_of_nodes()
    if name.startswith("grid-"):
        side = int(name.removeprefix("grid-"))
        index = np.arange(side * side).reshape(side, side)
        right = np.stack([index[:, :-1].ravel(), index[:, 1:].ravel()], axis=1)
        down = np.stack([index[:-1, :].ravel(), index[1:, :].ravel()], axis=1)
        edges = np.concatenate([right, down]).astype(np.int64)
        return edges[:, 0], edges[:, 1], side * side
    if name.startswith("ba-"):
        import networkit as nk

        nk.engineering.setSeed(1, False)
        size = int(name.removeprefix("ba-").removesuffix("k")) * 1000
        g = nk.generators.BarabasiAlbertGenerator(5, size).generate()
        edges = np.array(list(g.iterEdges()), dtype=np.int64)
        return edges[:, 0], edges[:, 1], g.numberOfNodes()
    raise ValueError(name)


def edges_of(name: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Edge arrays of a benchmark graph, generated once and cached."""
    path = cache_path(f"{name}.npz")
    if not path.exists():
        u, v, n = _generate(name)
        np.savez(path, u=u, v=v, n=n)
    data = np.load(path)
    return data["u"], data["v"], int(data["n"])


def networkit_graph(name: str) -> Any:
    import networkit as nk

    u, v, n = edges_of(name)
    g = nk.GraphFromCoo(
        (np.ones(u.size), (u.astype(np.uint64), v.astype(np.uint64))), n, directed=False, weighted=False
    )
    g.removeMultiEdges()
    g.removeSelfLoops()
    return g


def inroads_graph(name: str) -> Any:
    from inroads.graph import Graph

    u, v, n = edges_of(name)
    return Graph.from_edges(u, v, ids=np.arange(n))


def exact_betweenness(name: str) -> np.ndarray:
    """Exact normalised betweenness of every node, computed once and cached (minutes to a quarter hour on 1M edges).

    inroads' own exact engine computes it: it is the one checked against NetworkX on every test graph, and it is the
    fastest exact peer here (NetworKit's exact betweenness needs hours on plc-1m with 2 cores).
    """
    path = cache_path(f"{name}.betweenness.npy")
    if not path.exists():
        from inroads.measures.exact import betweenness as exact

        start = time.perf_counter()
        scores = exact(inroads_graph(name))
        print(f"exact betweenness of {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
        np.save(path, scores.to_numpy())
    return np.load(path)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    order = np.lexsort((np.arange(scores.size), -scores))
    return order[:k]


def _same_top(ours: Any, theirs_ids: list[int], theirs_values: np.ndarray) -> str:
    """ "ids" when the top lists agree node for node, "values (ties)" when they differ only among tied scores."""
    ours_ids = [int(x) for x in ours.index]
    if ours_ids == list(theirs_ids):
        return "ids"
    if set(ours_ids) == set(theirs_ids):
        return "ids (order of ties)"
    if np.allclose(np.sort(ours.to_numpy()), np.sort(theirs_values), rtol=1e-9):
        return "values (ties at the cut)"
    return "DIFFERENT"


def betweenness_row(name: str) -> dict[str, Any]:
    import networkit as nk

    from inroads.measures.approx import approx_betweenness

    graph, nk_graph = inroads_graph(name), networkit_graph(name)
    start = time.perf_counter()
    scores, info = approx_betweenness(graph, epsilon=EPSILON, delta=DELTA, top=TOP, seed=1)
    ours = time.perf_counter() - start
    kadabra = nk.centrality.KadabraBetweenness(nk_graph, EPSILON, DELTA, TOP)
    start = time.perf_counter()
    kadabra.run()
    theirs = time.perf_counter() - start
    exact_path = cache_path(f"{name}.betweenness.npy")
    spread = "exact not cached"
    if exact_path.exists():
        ordered = np.sort(exact_betweenness(name))[::-1]
        # How far apart the exact top 50 lie: an estimate within epsilon can only rank scores further apart.
        spread = f"{ordered[0] - ordered[TOP - 1]:.2g}"
        exact = set(_top(exact_betweenness(name), TOP).tolist())
        recall = f"{len(exact & {int(x) for x in scores.index})}/{TOP}"
        # topkNodesList() holds all n nodes (unranked); ranking() is sorted by score.
        kadabra_top = {int(node) for node, _ in kadabra.ranking()[:TOP]}
        kadabra_recall = f"{len(exact & kadabra_top)}/{TOP}"
    else:
        recall = kadabra_recall = "exact not cached"
    return {
        "graph": name,
        "n": graph.n,
        "m": graph.m,
        "inroads s": ours,
        "NetworKit KADABRA s": theirs,
        "ratio": ours / theirs,
        "inroads samples": info.samples,
        "KADABRA samples": kadabra.getNumberOfIterations(),
        "stopped": info.stopped,
        "exact top-50 found (inroads)": recall,
        "(KADABRA)": kadabra_recall,
        "exact 1st - 50th score": spread,
    }


def closeness_row(name: str, harmonic: bool) -> dict[str, Any]:
    import networkit as nk

    from inroads.measures.topk import top_closeness

    graph, nk_graph = inroads_graph(name), networkit_graph(name)
    start = time.perf_counter()
    scores, info = top_closeness(graph, TOP, harmonic=harmonic)
    ours = time.perf_counter() - start
    peer = (
        nk.centrality.TopHarmonicCloseness(nk_graph, TOP)
        if harmonic
        else nk.centrality.TopCloseness(nk_graph, TOP, first_heu=True, sec_heu=True)
    )
    start = time.perf_counter()
    peer.run()
    theirs = time.perf_counter() - start
    values = np.asarray(peer.topkScoresList()) / ((graph.n - 1) if harmonic else 1)
    return {
        "graph": name,
        "measure": info.measure,
        "inroads s": ours,
        "NetworKit s (TopCloseness / TopHarmonicCloseness)": theirs,
        "ratio": ours / theirs,
        "full BFS (inroads)": info.computed,
        "same top 50": _same_top(scores, peer.topkNodesList(), values),
    }


def _warm_up() -> None:
    """Load the compiled kernels once (numba's cache), so timings measure work, not loading."""
    from inroads.graph import Graph
    from inroads.measures.approx import approx_betweenness
    from inroads.measures.topk import top_closeness

    g = Graph.from_edges(np.arange(50), np.arange(1, 51))
    approx_betweenness(g, epsilon=0.2, top=5)
    top_closeness(g, 5)
    top_closeness(g, 5, harmonic=True)


def peak_memory_mb(name: str) -> float:
    """Peak resident memory of a fresh process that loads ``name`` and runs all three top-50 computations."""
    import subprocess

    code = (
        "import resource\n"
        "from benchmarks.bench_approx import inroads_graph\n"
        "from inroads.measures.approx import approx_betweenness\n"
        "from inroads.measures.topk import top_closeness\n"
        f"g = inroads_graph({name!r})\n"
        f"approx_betweenness(g, epsilon={EPSILON}, delta={DELTA}, top={TOP}, seed=1)\n"
        f"top_closeness(g, {TOP}); top_closeness(g, {TOP}, harmonic=True)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=root)
    return float(out.stdout.strip().splitlines()[-1])


def scaling_rows() -> list[dict[str, Any]]:
    """How cost grows with m: Barabási–Albert graphs of three sizes (m = 5n)."""
    from inroads.measures.approx import approx_betweenness
    from inroads.measures.topk import top_closeness

    rows = []
    for name in ("ba-25k", "ba-50k", "ba-100k"):
        graph = inroads_graph(name)
        start = time.perf_counter()
        _, info = approx_betweenness(graph, epsilon=EPSILON, delta=DELTA, top=TOP, seed=1)
        between = time.perf_counter() - start
        start = time.perf_counter()
        top_closeness(graph, TOP)
        close = time.perf_counter() - start
        start = time.perf_counter()
        top_closeness(graph, TOP, harmonic=True)
        harm = time.perf_counter() - start
        rows.append(
            {
                "graph": name,
                "m": graph.m,
                "betweenness top-50 s": between,
                "samples": info.samples,
                "closeness top-50 s": close,
                "harmonic top-50 s": harm,
            }
        )
    return rows


GRAPHS = ("ba-100k", "plc-1m", "grid-300")
#: Smaller graphs of the same two families, whose exact betweenness takes under a minute: the recall check.
RECALL_GRAPHS = ("ba-10k", "grid-100")


def main(graphs: tuple[str, ...] = GRAPHS) -> None:
    _warm_up()
    print(f"top-{TOP} betweenness, epsilon {EPSILON}, delta {DELTA} (one run each, compute only):\n")
    print(markdown_table([betweenness_row(name) for name in (*graphs, *RECALL_GRAPHS)]))
    print(f"\ntop-{TOP} closeness and harmonic (exact):\n")
    print(markdown_table([closeness_row(name, harmonic) for name in graphs for harmonic in (False, True)]))
    if "plc-1m" in graphs:
        print(f"\npeak memory, plc-1m, all three top-50 runs in a fresh process: {peak_memory_mb('plc-1m'):.0f} MB")
    print("\ncost against m (Barabási–Albert, m = 5n):\n")
    print(markdown_table(scaling_rows()))
    print(f"\n(this process's peak memory: {peak_rss_mb():.0f} MB)")


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or GRAPHS)
