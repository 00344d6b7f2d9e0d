"""Communities of large networks: inroads' Louvain over the CSR against igraph's Leiden and NetworKit's PLM.

``python -m benchmarks communities`` (the R-MAT and powerlaw-cluster networks of ``benchmarks.bench_scale`` /
``benchmarks.shortlist_scale``; ``python -m benchmarks.bench_communities 10m`` adds the 10M-edge R-MAT). Each
method runs in this process on the same graph, loaded once from the ``.inroads`` file; each time includes building
the method's own graph (igraph's from lists, NetworKit's ``GraphFromCoo``); one untimed warm-up run of inroads'
kernels first (numba's cache). Modularity is computed by one function for all three (resolution 1, unweighted).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.common import cache_path, markdown_table


def _inroads(g: Any) -> np.ndarray:
    from inroads.communities_csr import csr_communities

    return csr_communities(g, resolution=1.0, seed=42).membership


def _igraph(g: Any) -> np.ndarray:
    from inroads.communities import _igraph_leiden, igraph_network

    network, weights = igraph_network(g)
    return _igraph_leiden(network, weights, 1.0, 42)


def _networkit(g: Any) -> np.ndarray:
    import networkit as nk

    nk.setSeed(42, False)
    src = np.repeat(np.arange(g.n, dtype=np.int64), np.diff(g.indptr))
    keep = src < g.indices
    coo = (np.ones(int(keep.sum())), (src[keep], g.indices[keep].astype(np.int64)))
    graph = nk.GraphFromCoo(coo, n=g.n, directed=False)
    found = nk.community.PLM(graph, refine=False).run().getPartition()
    return np.asarray(found.getVector())


METHODS: tuple[tuple[str, Callable[[Any], np.ndarray]], ...] = (
    ("inroads Louvain (CSR)", _inroads),
    ("igraph Leiden (5 passes)", _igraph),
    ("NetworKit PLM", _networkit),
)


def rows_for(name: str, g: Any, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    from inroads.communities_csr import csr_modularity

    _inroads(g)  # warm-up: numba's cache
    rows = []
    baseline = None
    for label, method in METHODS:
        if label in skip:
            continue
        start = time.perf_counter()
        membership = method(g)
        seconds = time.perf_counter() - start
        baseline = seconds if baseline is None else baseline
        rows.append(
            {
                "network": name,
                "method": label,
                "seconds": round(seconds, 3),
                "ratio to inroads": round(seconds / baseline, 2),
                "communities": int(np.unique(membership).shape[0]),
                "modularity": round(csr_modularity(g, membership), 4),
            }
        )
    return rows


def main(extra: tuple[str, ...] = ()) -> None:
    import inroads

    rows: list[dict[str, Any]] = []
    for name in ("plc-1m", "rmat-1m", *(f"rmat-{size}" for size in extra)):
        path = cache_path(f"{name}.inroads")
        if not path.exists():
            print(f"{path} missing: run python -m benchmarks shortlist / scale first", file=sys.stderr)
            continue
        g = inroads.read(path)
        rows += rows_for(f"{name} ({g.m:,} edges)", g)
    print(markdown_table(rows))


if __name__ == "__main__":
    main(tuple(sys.argv[1:]))
