"""The plain NetworkX script ``bench_small`` runs beside the small ``inroads`` commands: the same work, by hand.

``python benchmarks/small_networkx.py karate_club 6``: exact betweenness, closeness (out-closeness, as inroads) and
Louvain communities (seeded), then the top ``size`` people by betweenness with their closeness and community, printed.
Run as a fresh process, so its time includes importing NetworkX, as the CLI's includes importing inroads.
"""

from __future__ import annotations

import sys

import networkx as nx


def main(name: str, size: int) -> None:
    g = getattr(nx, f"{name}_graph")()
    betweenness = nx.betweenness_centrality(g)
    closeness = nx.closeness_centrality(g)
    community = {}
    for number, members in enumerate(nx.community.louvain_communities(g, seed=42)):
        community.update(dict.fromkeys(members, number))
    for node in sorted(g, key=lambda v: (-betweenness[v], str(v)))[:size]:
        print(f"{node}\t{betweenness[node]:.4f}\t{closeness[node]:.4f}\t{community[node]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
