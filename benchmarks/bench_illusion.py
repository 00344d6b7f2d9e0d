"""Majority illusion and reach against plain NetworkX, on the same graphs in one run.

- ``illusion``: a 1,000,000-edge Barabási–Albert graph (n = 200,000, m = 5; NetworKit's generator, cached), 5% of
  nodes active. inroads: :func:`inroads.illusion` (sparse matrix–vector products), and ``inroads illusion`` end to
  end (read a binary edge list + compute + render) when the reader handles it. Peer: the same figures with a
  NetworkX loop over nodes (the way one would write it by hand).
- ``cascade``: 1,000 independent-cascade runs (p = 0.01 and 0.05) from the 50 top-degree people of
  ``snap-ego-Facebook``. inroads: the numba kernel on all cores. Peer: a plain-Python cascade over NetworkX
  adjacency, timed over 20 runs and scaled to 1,000.

Run: ``python -m benchmarks illusion`` (about a minute).
"""

from __future__ import annotations

import gzip
import random
import time

import numpy as np

from benchmarks.common import DATA, cache_path, markdown_table, median_time


def _ba_edges() -> tuple[np.ndarray, np.ndarray, int]:
    path = cache_path("illusion-ba-200k.npz")
    if not path.exists():
        import networkit as nk

        nk.engineering.setSeed(1, False)
        g = nk.generators.BarabasiAlbertGenerator(5, 200_000).generate()
        edges = np.array(list(g.iterEdges()), dtype=np.int64)
        np.savez(path, u=edges[:, 0], v=edges[:, 1], n=g.numberOfNodes())
    data = np.load(path)
    return data["u"], data["v"], int(data["n"])


def _networkx_illusion(graph, holds: dict, threshold: float) -> float:  # type: ignore[no-untyped-def]
    seeing = observers = 0
    for v in graph:
        seen = graph[v]
        if seen:
            observers += 1
            seeing += sum(holds[u] for u in seen) / len(seen) > threshold
    return seeing / observers


def bench_illusion() -> list[dict[str, object]]:
    import networkx as nx

    from inroads.graph import Graph
    from inroads.illusion import illusion

    u, v, n = _ba_edges()
    g = Graph.from_edges(u, v, ids=np.arange(n))
    holds = np.random.default_rng(1).random(n) < 0.05
    ours = median_time(lambda: illusion(g, holds), repeat=3, warmup=True)
    share = illusion(g, holds).summary["share_seeing_majority"]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    flags = dict(enumerate(holds.tolist()))
    peer = median_time(lambda: _networkx_illusion(graph, flags, 0.5), repeat=1)
    assert abs(_networkx_illusion(graph, flags, 0.5) - share) < 1e-12, "inroads and NetworkX disagree"
    rows = [{"task": f"illusion, BA n={n:,} m={g.m:,}", "inroads s": ours, "networkx s": peer, "ratio": peer / ours}]
    return rows + _cli_rows(g, holds)


def _cli_rows(g, holds: np.ndarray) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """``inroads illusion`` end to end (read + compute + JSON), warm: in one process, after one untimed run.

    On the binary ``.inroads`` file (memory-mapped CSR + node table) and on a CSV edge list + CSV node table.
    """
    import contextlib
    import io

    import pandas as pd

    from inroads.cli import main
    from inroads.io.binary import write_inroads

    binary = cache_path("illusion-ba-200k.inroads")
    edges, nodes = cache_path("illusion-ba-200k.csv"), cache_path("illusion-ba-200k-nodes.csv")
    table = pd.DataFrame({"active": holds.astype(int)}, index=pd.Index(g.ids, name="id"))
    if not binary.exists():
        write_inroads(g.with_nodes(table), binary)
    if not edges.exists():
        u, v, _ = g.edges()
        pd.DataFrame({"source": g.ids[u], "target": g.ids[v]}).to_csv(edges, index=False)
        table.to_csv(nodes)
    rows = []
    for label, argv in (
        ("`inroads illusion` CLI on .inroads (read + compute + JSON)", [str(binary)]),
        ("`inroads illusion` CLI on CSV + node CSV (read + compute + JSON)", [str(edges), "--nodes", str(nodes)]),
    ):

        def once(argv: list[str] = argv) -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                main(["illusion", *argv, "--attribute", "active", "--format", "json"])

        rows.append(
            {"task": label, "inroads s": median_time(once, repeat=3, warmup=True), "networkx s": "", "ratio": ""}
        )
    return rows


def _python_cascade(adjacency: list[list[int]], seeds: list[int], p: float, rng: random.Random) -> int:
    reached = set(seeds)
    frontier = list(seeds)
    while frontier:
        nxt = []
        for a in frontier:
            for b in adjacency[a]:
                if b not in reached and rng.random() < p:
                    reached.add(b)
                    nxt.append(b)
        frontier = nxt
    return len(reached)


def bench_cascade() -> list[dict[str, object]]:
    from inroads.graph import Graph
    from inroads.reach import cascade_spread, top_degree

    path = DATA / "snap-ego-Facebook" / "facebook_combined.txt.gz"
    if not path.exists():
        print(f"(skipped: {path} not found)")
        return []
    with gzip.open(path, "rt") as handle:
        pairs = np.loadtxt(handle, dtype=np.int64)
    g = Graph.from_edges(pairs[:, 0], pairs[:, 1])
    seeds = top_degree(g, 50)
    adjacency = [g.indices[g.indptr[i] : g.indptr[i + 1]].tolist() for i in range(g.n)]
    rows = []
    for p in (0.01, 0.05):
        ours = median_time(
            lambda p=p: cascade_spread(g, seeds, probability=p, runs=1000, seed=1), repeat=3, warmup=True
        )
        rng = random.Random(1)
        start = time.perf_counter()
        for _ in range(20):
            _python_cascade(adjacency, seeds.tolist(), p, rng)
        peer = (time.perf_counter() - start) / 20 * 1000
        rows.append({"task": f"1,000 cascades, ego-Facebook, 50 seeds, p={p}", "inroads s": ours,
                     "networkx s": peer, "ratio": peer / ours})  # fmt: skip
    return rows


def main() -> None:
    rows = bench_illusion() + bench_cascade()
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
