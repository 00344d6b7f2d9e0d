"""The shortlist's work done with NetworKit, as a user would script it: the peer of ``inroads shortlist`` at scale.

``python -m benchmarks.networkit_shortlist EDGES.csv [--directed]``: read the CSV edge list (pandas), build the graph,
top-50 betweenness, top-50 closeness, communities; prints the seconds of each step as JSON.

* Betweenness: ``KadabraBetweenness(g, 0.01, 0.1, 50)`` (the same guarantee as inroads' default, epsilon 0.01 and
  delta 0.1, top 50). KADABRA refuses directed graphs; there ``EstimateBetweenness`` with :data:`PIVOTS` sampled
  sources runs instead (no stated error: ``ApproxBetweenness`` with the same guarantee did not finish within ten
  minutes on the directed 870k-edge network here).
* Closeness: ``TopCloseness(g, 50)`` (exact top 50, pruned).
* Communities: ``PLM(refine=True)`` on the undirected graph.
"""

from __future__ import annotations

import json
import sys
import time

import networkit as nk
import numpy as np
import pandas as pd

#: Sources sampled by ``EstimateBetweenness`` on directed graphs.
PIVOTS = 1000


def main(argv: list[str]) -> None:
    path, directed = argv[0], "--directed" in argv
    seconds = {}
    began = time.perf_counter()
    edges = pd.read_csv(path)
    u, v = edges.iloc[:, 0].to_numpy(np.uint64), edges.iloc[:, 1].to_numpy(np.uint64)
    g = nk.GraphFromCoo((np.ones(u.size), (u, v)), int(max(u.max(), v.max())) + 1, directed=directed, weighted=False)
    g.removeMultiEdges()
    g.removeSelfLoops()
    seconds["read"] = time.perf_counter() - began
    step = time.perf_counter()
    if directed:
        nk.centrality.EstimateBetweenness(g, PIVOTS, True, True).run()
    else:
        nk.centrality.KadabraBetweenness(g, 0.01, 0.1, 50).run()
    seconds["betweenness"] = time.perf_counter() - step
    step = time.perf_counter()
    nk.centrality.TopCloseness(g, 50, True, True).run()
    seconds["closeness"] = time.perf_counter() - step
    step = time.perf_counter()
    nk.community.PLM(nk.graphtools.toUndirected(g) if directed else g, refine=True).run()
    seconds["communities"] = time.perf_counter() - step
    print(json.dumps(seconds))


if __name__ == "__main__":
    main(sys.argv[1:])
