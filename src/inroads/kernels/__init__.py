"""Numba kernels: pure functions over CSR arrays, parallel over sources, returning partial sums.

No labels, no files, no Dask here. Every kernel takes ``indptr`` (int64), ``indices`` (int32), optionally ``lengths``
(float64 path length per CSR entry), an int64 array of ``sources`` and a float64 ``target`` weight per node, and returns
arrays that add up over disjoint source sets, so the local engine, sampled runs and Dask batches share them.
"""

from inroads.kernels.brandes import TIE, betweenness_bfs, betweenness_dijkstra
from inroads.kernels.distances import WORD, distance_sums_bfs, distance_sums_dijkstra, distance_sums_msbfs

__all__ = [
    "TIE",
    "WORD",
    "betweenness_bfs",
    "betweenness_dijkstra",
    "distance_sums_bfs",
    "distance_sums_dijkstra",
    "distance_sums_msbfs",
]
