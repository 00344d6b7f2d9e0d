"""NetworkX's centrality functions, with NetworkX's signatures and semantics, over inroads' engine.

Each function maps NetworkX's arguments onto :mod:`inroads.measures.exact` and its results back onto NetworkX's
nodes; the engine does the work. Where NetworkX's definitions differ from inroads' (DESIGN.md "Semantics"), these
functions follow NetworkX:

* closeness and harmonic centrality measure distances *to* a node on directed graphs (inroads: *from*), so they
  run on the reversed graph; harmonic centrality is a sum over ``sources``, not a mean;
* ``betweenness_centrality(k=...)`` sweeps from the nodes NetworkX would sample (``seed.sample(list(G), k)``) and
  scales as NetworkX ≥ 3.5 does (:func:`sampled_scale`);
* ``degree_centrality`` of a one-node graph is 1.

On a graph whose weights or structure the CSR arrays could not hold (:mod:`inroads.networkx_backend.graph`), a
function that would answer differently runs NetworkX's own code on the original graph, so results, warnings and
exceptions are NetworkX's; it says so in the ``inroads.networkx_backend`` logger.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from inroads.measures import exact
from inroads.measures.degree import DegreeMode, degree

if TYPE_CHECKING:
    from inroads.networkx_backend.graph import BackendGraph

__all__ = [
    "betweenness_centrality",
    "betweenness_centrality_subset",
    "closeness_centrality",
    "degree_centrality",
    "harmonic_centrality",
    "in_degree_centrality",
    "out_degree_centrality",
    "sampled_scale",
]

_log = logging.getLogger("inroads.networkx_backend")


def _networkx_instead(name: str, G: BackendGraph, *, structure: bool = False) -> bool:
    """Whether ``name`` must run NetworkX's own code: weights the arrays lost, or (``structure``) loops/multi-edges."""
    reason = G.lossy_weights
    if reason is None and structure and G.lossy_structure:
        reason = "self-loops or parallel edges (NetworkX's degree counts them)"
    if reason is not None:
        _log.info("inroads: running NetworkX's own %s: %s", name, reason)
    return reason is not None


def _run_networkx(name: str, G: BackendGraph, *args: Any, **kwargs: Any) -> Any:
    """NetworkX's own implementation of ``name`` on the original graph (no dispatch)."""
    return nx.utils.backends._registered_algorithms[name].orig_func(G.original, *args, **kwargs)


def sampled_scale(n: int, sampled: np.ndarray, *, endpoints: bool) -> np.ndarray | None:
    r"""The factor that turns inroads' scores from ``k`` sampled sources into NetworkX's (≥ 3.5), per node.

    inroads scales the partial sums of any source set as a full run would (:func:`inroads.measures.exact.
    betweenness`). NetworkX estimates the full run instead: with ``N = n - 1`` (``n`` with ``endpoints``) and
    ``K = k`` sampled sources, it multiplies by ``N / K``, except that without endpoints a sampled node could only
    lie on paths from the other ``K - 1`` sources, so it gets ``N / (K - 1)`` (NaN for ``K = 1``: no data). Graphs
    with ``N < 2`` have no inner nodes and stay as they are (None). ``K = 0`` divides by zero, as NetworkX does.

    .. math::  \hat c(v) = c_S(v) \cdot \frac{N}{K - [v \in S \wedge \neg\,\mathrm{endpoints}]}

    References
    ----------
    NetworkX pull requests 7908 and 7949 (2025): the scaling of ``betweenness_centrality`` with ``k``.

    Examples
    --------
    >>> sampled_scale(5, np.array([0, 1]), endpoints=False).tolist()
    [4.0, 4.0, 2.0, 2.0, 2.0]
    """
    pairs_from = n if endpoints else n - 1
    if pairs_from < 2:
        return None
    count = len(sampled)
    nonsource = pairs_from / count  # ZeroDivisionError for k=0, like NetworkX
    factor = np.full(n, nonsource)
    if not endpoints:
        factor[sampled] = pairs_from / (count - 1) if count > 1 else math.nan
    return factor


def betweenness_centrality(
    G: BackendGraph,
    k: int | None = None,
    normalized: bool = True,
    weight: str | None = None,
    endpoints: bool = False,
    seed: Any = None,
) -> dict[Any, float]:
    """NetworkX ``betweenness_centrality``: exact, or from the ``k`` sources NetworkX samples with ``seed``."""
    if _networkx_instead("betweenness_centrality", G):
        return _run_networkx("betweenness_centrality", G, k, normalized, weight, endpoints, seed)
    if k == len(G):
        k = None  # NetworkX's shortcut: the same as every source
    sampled = None
    if k is not None:
        rng = seed if hasattr(seed, "sample") else nx.utils.create_py_random_state(seed)
        sampled = G.positions(rng.sample(list(G.nodes), k))
    scores = exact.betweenness(G.arrays(weight), normalized=normalized, sources=sampled, endpoints=endpoints).to_numpy()
    if sampled is not None:
        factor = sampled_scale(len(G), sampled, endpoints=endpoints)
        if factor is not None:
            scores = scores * factor
    return G.keyed(scores)


def betweenness_centrality_subset(
    G: BackendGraph, sources: Any, targets: Any, normalized: bool = False, weight: str | None = None
) -> dict[Any, float]:
    """NetworkX ``betweenness_centrality_subset``: paths from ``sources`` (repeats count again) to ``targets``."""
    if _networkx_instead("betweenness_centrality_subset", G):
        return _run_networkx("betweenness_centrality_subset", G, sources, targets, normalized, weight)
    chosen = G.positions(list(sources))  # KeyError for a source not in G, as NetworkX's search raises
    wanted = [node for node in targets if node in G]  # NetworkX ignores targets that are not nodes
    scores = exact.betweenness(
        G.arrays(weight), normalized=normalized, sources=chosen, targets=G.positions(wanted)
    ).to_numpy()
    return G.keyed(scores)


def closeness_centrality(
    G: BackendGraph, u: Any = None, distance: str | None = None, wf_improved: bool = True
) -> dict[Any, float] | float:
    """NetworkX ``closeness_centrality``: in-closeness on directed graphs, of every node or of ``u`` alone."""
    if _networkx_instead("closeness_centrality", G):
        return _run_networkx("closeness_centrality", G, u, distance, wf_improved)
    if u is not None and u not in G:
        # NetworkX's own code raises its own error (type and words vary with `distance` and the version): let it,
        # on an empty graph, which costs nothing.
        empty = nx.DiGraph() if G.is_directed() else nx.Graph()
        return nx.utils.backends._registered_algorithms["closeness_centrality"].orig_func(
            empty, u, distance, wf_improved
        )
    sources = None if u is None else G.positions([u])
    scores = exact.closeness(G.arrays(distance, reverse=True), wf_improved=wf_improved, sources=sources).to_numpy()
    if u is not None:
        return float(scores[G.index[u]])
    return G.keyed(scores)


def harmonic_centrality(
    G: BackendGraph, nbunch: Any = None, distance: str | None = None, sources: Any = None
) -> dict[Any, float]:
    r"""NetworkX ``harmonic_centrality``: for each ``u`` of ``nbunch``, :math:`\sum_{v \in sources} 1 / d(v, u)`.

    inroads' harmonic centrality is the mean over targets of the reciprocal distances *from* a node; on the reversed
    graph with ``sources`` as targets it is NetworkX's sum divided by the number of those targets other than ``u``,
    which is multiplied back here.
    """
    if _networkx_instead("harmonic_centrality", G):
        return _run_networkx("harmonic_centrality", G, nbunch, distance, sources)
    scored = set(G.nbunch(nbunch))
    origins = set(G.nbunch(sources))
    if not scored:
        return {}
    scores = exact.harmonic(
        G.arrays(distance, reverse=True), targets=G.positions(origins), sources=G.positions(scored)
    ).to_numpy()
    return {u: float(scores[G.index[u]]) * (len(origins) - (u in origins)) for u in scored}


def _degree(name: str, G: BackendGraph, mode: DegreeMode) -> dict[Any, float]:
    if _networkx_instead(name, G, structure=True):
        return _run_networkx(name, G)
    if len(G) <= 1:
        return dict.fromkeys(G.nodes, 1)
    return G.keyed(degree(G.graph, mode=mode).to_numpy())


def degree_centrality(G: BackendGraph) -> dict[Any, float]:
    """NetworkX ``degree_centrality``: degree (in + out on directed graphs) over ``n - 1``; 1 on a one-node graph."""
    return _degree("degree_centrality", G, "total")


def in_degree_centrality(G: BackendGraph) -> dict[Any, float]:
    """NetworkX ``in_degree_centrality`` (NetworkX itself rejects undirected graphs before dispatching)."""
    return _degree("in_degree_centrality", G, "in")


def out_degree_centrality(G: BackendGraph) -> dict[Any, float]:
    """NetworkX ``out_degree_centrality`` (NetworkX itself rejects undirected graphs before dispatching)."""
    return _degree("out_degree_centrality", G, "out")
