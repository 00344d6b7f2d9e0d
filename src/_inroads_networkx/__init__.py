"""What NetworkX shows about the ``inroads`` backend (the ``networkx.backend_info`` entry point).

NetworkX calls :func:`get_info` while ``import networkx`` runs, for every installed backend. It lives in this tiny
top-level package, apart from :mod:`inroads.networkx_backend`, because importing anything under ``inroads`` first runs
``inroads/__init__.py`` (numba, pandas, pyarrow: about a second), and that would slow every ``import networkx`` in the
environment. This module imports nothing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FUNCTIONS", "get_info"]

_DISTANCES = (
    "Edge weights are path lengths, as in NetworkX; zero, negative or non-numeric weights run NetworkX's own code."
)

_DEGREE = "From the CSR arrays; graphs with self-loops or parallel edges run NetworkX's own code."

#: The functions the backend implements, with what NetworkX adds to their docstrings.
FUNCTIONS: dict[str, str] = {
    "betweenness_centrality": "Exact Brandes sweeps in compiled, parallel code; `k`/`seed` sample the sources "
    "NetworkX would. " + _DISTANCES,
    "betweenness_centrality_subset": "Exact, in compiled, parallel code. " + _DISTANCES,
    "closeness_centrality": "Exact, in compiled, parallel code (in-closeness on directed graphs, as NetworkX). "
    + _DISTANCES,
    "harmonic_centrality": "Exact, in compiled, parallel code. " + _DISTANCES,
    "degree_centrality": _DEGREE,
    "in_degree_centrality": _DEGREE,
    "out_degree_centrality": _DEGREE,
}


def get_info() -> dict[str, Any]:
    """The backend's description for NetworkX (docstrings of dispatched functions, ``nx.config.backends``).

    Examples
    --------
    >>> info = get_info()
    >>> info["backend_name"], "betweenness_centrality" in info["functions"]
    ('inroads', True)
    """
    return {
        "backend_name": "inroads",
        "project": "inroads",
        "package": "inroads",
        "short_summary": "Compiled, parallel centrality (betweenness, closeness, harmonic) over CSR arrays.",
        "functions": {name: {"additional_docs": docs} for name, docs in FUNCTIONS.items()},
        "default_config": {},
    }
