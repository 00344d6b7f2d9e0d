"""The shortlist against the same work done with peers: both centralities plus Leiden/PLM communities.

``python -m benchmarks shortlist``. Columns: seconds of ``inroads.shortlist`` (warm), of its two centralities alone
(``overhead`` = shortlist / centralities), of the whole command in a fresh process (import, read,
compute, render), and of igraph (betweenness + closeness + Leiden) and NetworKit (Betweenness + Closeness + PLM),
with the ratio of inroads to each peer (below 1 = inroads faster).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import DATA, markdown_table, median_time

GRAPHS = {
    "lesmis": "networkx:les_miserables",
    "football": str(DATA / "newman-football" / "football.gml"),
    "facebook": str(DATA / "snap-ego-Facebook" / "facebook_combined.txt.gz"),
}


def _igraph_same_work(g: Any) -> None:
    import igraph as ig

    src, dst, _ = g.edges()
    net = ig.Graph(n=g.n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)), directed=g.directed)
    net.betweenness()
    net.closeness()
    net.community_leiden(objective_function="modularity", n_iterations=-1)


def _networkit_same_work(g: Any) -> None:
    import networkit as nk

    src, dst, _ = g.edges()
    net = nk.Graph(g.n, directed=g.directed)
    for u, v in zip(src.tolist(), dst.tolist(), strict=True):
        net.addEdge(u, v)
    nk.centrality.Betweenness(net, normalized=True).run()
    nk.centrality.Closeness(net, True, nk.centrality.ClosenessVariant.GENERALIZED).run()
    nk.community.PLM(net, refine=True).run()


def _cli_seconds(source: str) -> float:
    command = [sys.executable, "-m", "inroads", "shortlist", source, "--size", "12", "--format", "csv"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def _optional(function: Any) -> float | str:
    try:
        return median_time(function, repeat=1, warmup=False)
    except ImportError:
        return "n/a"


def main() -> None:
    import inroads
    from inroads import measures as engine
    from inroads.influencers import shortlist

    rows = []
    for name, source in GRAPHS.items():
        if not source.startswith("networkx:") and not Path(source).exists():
            print(f"(skipping {name}: {source} not found)")
            continue
        g = inroads.read(source)
        size = min(50, g.n // 4)
        ours = median_time(lambda g=g, size=size: shortlist(g, size=size), repeat=3, warmup=True)
        scores = median_time(lambda g=g: (engine.betweenness(g), engine.closeness(g)), repeat=3)
        igraph_s = _optional(lambda g=g: _igraph_same_work(g))
        networkit_s = _optional(lambda g=g: _networkit_same_work(g))
        rows.append(
            {
                "graph": name,
                "n": g.n,
                "m": g.m,
                "size": size,
                "shortlist_s": ours,
                "centralities_s": scores,
                "overhead": ours / scores,
                "cli_s": _cli_seconds(source),
                "igraph_s": igraph_s,
                "networkit_s": networkit_s,
                "vs_igraph": ours / igraph_s if isinstance(igraph_s, float) else "n/a",
                "vs_networkit": ours / networkit_s if isinstance(networkit_s, float) else "n/a",
            }
        )
    print(markdown_table(rows))
    print("\n### At scale (issue 16)\n")
    from benchmarks import shortlist_scale

    shortlist_scale.main()


if __name__ == "__main__":
    main()
