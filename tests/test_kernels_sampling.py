"""The unweighted path sampler's walk back: on consistent arrays every sampled path is a shortest path; on broken
arrays (an in-CSR that is not the out-CSR's transpose) the walk stops instead of looping."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from inroads.graph import Graph
from inroads.kernels.sampling import _one_path, mix_seed


def work(n: int) -> list[np.ndarray]:
    return [np.full(n, -1, np.int32), np.full(n, -1, np.int32), np.zeros(n), np.zeros(n),
            np.zeros(n, np.int32), np.zeros(n, np.int32)]  # fmt: skip


@pytest.mark.parametrize("directed", [False, True])
def test_every_sampled_path_is_a_shortest_path(directed: bool) -> None:
    G = nx.gnp_random_graph(60, 0.08, seed=3, directed=directed)
    g = Graph.from_networkx(G)
    reverse = g.reverse() if directed else g
    out_idx, in_idx = (np.ascontiguousarray(x.indices, dtype=np.int32) for x in (g, reverse))
    lengths = dict(nx.all_pairs_shortest_path_length(G))
    node = {str(v): v for v in G.nodes()}
    for k in range(300):
        s, t = (k * 7) % g.n, (k * 13 + 1) % g.n
        if s == t:
            continue
        counts = np.zeros(g.n, dtype=np.int64)
        inner = _one_path(
            g.indptr, out_idx, reverse.indptr, in_idx, s, t, np.uint64(mix_seed(5, k)), *work(g.n), counts
        )
        hops = lengths[node[g.ids[s]]].get(node[g.ids[t]])
        assert inner == (-1 if hops is None else hops - 1)
        assert counts.sum() == max(inner, 0)


WALK_ON_BROKEN_ARRAYS = """
import numpy as np
from inroads.kernels.sampling import _one_path, mix_seed
from tests.test_kernels_sampling import work
out_ptr, out_idx = np.array([0, 1, 2, 2]), np.array([1, 2], dtype=np.int32)  # 0 -> 1 -> 2
in_ptr, in_idx = np.array([0, 0, 0, 1]), np.array([1], dtype=np.int32)  # 1 has lost its in-edge from 0
counts = np.zeros(3, dtype=np.int64)
inner = _one_path(out_ptr, out_idx, in_ptr, in_idx, 0, 2, np.uint64(mix_seed(1, 0)), *work(3), counts)
print(inner, counts.tolist())
"""


def test_walk_back_stops_on_arrays_that_do_not_match() -> None:
    """Without the ``chosen < 0`` guard this walk never ends (compiled code: a child process, killed after 120 s)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", WALK_ON_BROKEN_ARRAYS], capture_output=True, text=True, timeout=120, cwd=root, check=True
    )
    assert done.stdout.split("\n")[0] == "1 [0, 1, 0]"  # node 1 counted, then the walk stopped
