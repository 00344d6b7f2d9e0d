"""Approximate closeness and harmonic centrality of every node, by sampling targets (Eppstein–Wang), with a bound."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from inroads.kernels.sampling import vertex_diameter_bound
from inroads.measures.approx import check_guarantee
from inroads.measures.auto import BIT_PARALLEL_SPEEDUP

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["ClosenessInfo", "approx_closeness"]

#: Targets swept per SciPy call: bounds the dense distance block (rows x n float64) held at once.
TARGETS_PER_BLOCK = 16


@dataclass(frozen=True)
class ClosenessInfo:
    """What an approximate closeness run did."""

    method: str
    measure: str
    epsilon: float
    delta: float
    samples: int
    bound: float
    seconds: float
    seed: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One line for a table footer."""
        if self.method == "exact":
            return (
                f"exact {self.measure}: sampling to ±{self.epsilon:g} would need as many sweeps as nodes, "
                f"so every node was swept ({self.seconds:.2f} s)"
            )
        return (
            f"approximate {self.measure} ({self.samples:,} sampled targets): every score within ±{self.bound:.3g} "
            f"(asked ±{self.epsilon:g}) with probability ≥ {1 - self.delta:g}; seed {self.seed}, "
            f"{self.seconds:.2f} s"
        )


def _distance_bound(graph: Graph) -> float:
    """An upper bound on every finite distance, for the range of the distance-sum estimator."""
    if graph.weighted:
        lengths = graph.lengths
        assert lengths is not None
        return float(lengths.max(initial=0.0)) * max(graph.n - 1, 1)
    if graph.directed:
        return float(max(graph.n - 1, 1))
    return float(max(vertex_diameter_bound(graph.indptr, np.ascontiguousarray(graph.indices, np.int32)) - 1, 1))


def _sweep(graph: Graph, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per node v, over the sampled targets t != v it reaches: count, sum of d(v, t), sum of 1 / d(v, t)."""
    from scipy.sparse import csgraph  # here: csgraph pulls in scipy.linalg (0.1 s of every command's start)

    n = graph.n
    # Distances *to* t along edge direction = distances from t in the reversed graph.
    adjacency = graph.reverse().adjacency(weight=True) if graph.weighted else graph.reverse().adjacency()
    if graph.weighted and graph.weight_kind == "strength":
        adjacency.data = 1.0 / adjacency.data
    reached, total, inverse = np.zeros(n), np.zeros(n), np.zeros(n)
    for start in range(0, targets.size, TARGETS_PER_BLOCK):
        block = targets[start : start + TARGETS_PER_BLOCK]
        dist = csgraph.shortest_path(adjacency, directed=graph.directed, unweighted=not graph.weighted, indices=block)
        dist[np.arange(block.size), block] = np.inf  # t itself is not a target of t
        finite = np.isfinite(dist)
        reached += finite.sum(axis=0)
        total += np.where(finite, dist, 0.0).sum(axis=0)
        inverse += np.where(finite, 1.0 / np.where(finite, dist, 1.0), 0.0).sum(axis=0)
    return reached, total, inverse


def approx_closeness(
    graph: Graph, *, epsilon: float = 0.01, delta: float = 0.1, seed: int = 0, harmonic: bool = False
) -> tuple[pd.Series, ClosenessInfo]:
    r"""Closeness (or harmonic centrality) of every node within a stated error, with probability ≥ 1 - ``delta``.

    Same scores as :func:`inroads.measures.exact.closeness` / :func:`~inroads.measures.exact.harmonic`
    (out-closeness, Wasserman–Faust). ``k`` targets ``t`` are drawn uniformly with replacement from all n nodes and
    one BFS (Dijkstra when weighted) from each on the reversed graph gives ``d(v, t)`` for every ``v``.

    Parameters
    ----------
    graph : Graph
    epsilon, delta : float in (0, 1)
        Wanted absolute error and failure probability.
    seed : int
        The same seed gives the same answer.
    harmonic : bool
        Estimate harmonic centrality instead of closeness.

    Returns
    -------
    scores : pandas.Series
        Every node, in node order.
    info : ClosenessInfo
        Samples, the bound achieved (``info.bound``; ≤ ``epsilon`` unless the run fell back to exact), time.

    Notes
    -----
    Per node ``v``, with ``T`` uniform on the n nodes, three bounded means are estimated without bias:
    ``p = E[1{v reaches T, T ≠ v}] · n/(n-1)`` (the fraction reached), ``μ = E[d(v, T) 1{…}] · n/(n-1)`` (range
    ``[0, D]``, D an upper bound on finite distances) and ``h = E[1/d(v, T) 1{…}] · n/(n-1)`` (range [0, 1]).
    Hoeffding's inequality with a union bound over nodes and the three means bounds each within
    ``a = sqrt(ln(6n/δ_j) / (2k))`` (times D for μ) at once, with probability ≥ 1 - δ_j.

    * Harmonic is ``h``: error ``a · n/(n-1)``.
    * Closeness is ``p² / μ`` with ``p ≤ μ``; it rises with p and falls with μ, so its true value lies between
      ``p_lo² / μ_hi`` and ``p_hi² / max(μ_lo, p_hi)`` over the confidence box; the reported bound is the largest
      distance from the estimate to either end, over all nodes (a computed, not assumed, bound).

    The sample size doubles (k, 2k, ...; δ_j = δ/2^(j+1), so the rounds together fail with probability ≤ δ) until the
    bound is ≤ epsilon. When the next round would sweep at least n targets (n/8 unweighted, where exact sweeps are
    bit-parallel), exact computation is cheaper and is done instead (``info.method == "exact"``). The closeness
    bound is loose where D is (directed graphs use D = n - 1), so there the exact fallback is common; harmonic needs
    only ``ln(6n/δ)/(2ε²)`` sweeps.

    References
    ----------
    D. Eppstein and J. Wang, "Fast approximation of centrality", J. Graph Algorithms Appl. 8(1), 2004.
    https://doi.org/10.7155/jgaa.00081
    W. Hoeffding, "Probability inequalities for sums of bounded random variables", JASA 58(301), 1963.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(list(range(99)), list(range(1, 100)))  # a path of 100 nodes: exact is cheaper
    >>> approx_closeness(g, epsilon=0.05, harmonic=True)[1].method
    'exact'
    """
    check_guarantee(epsilon, delta)
    began = time.perf_counter()
    n = graph.n
    measure = "harmonic" if harmonic else "closeness"
    rng = np.random.default_rng(abs(int(seed)))
    distance_cap = _distance_bound(graph)
    scale = n / (n - 1) if n > 1 else 1.0
    # The first round's size makes the harmonic bound a * n/(n-1) come out at epsilon exactly.
    k = max(1, math.ceil(math.log(6 * max(n, 1) / (delta / 2)) * scale**2 / (2 * epsilon**2)))
    targets = np.zeros(0, dtype=np.int64)
    sums = (np.zeros(n), np.zeros(n), np.zeros(n))
    round_number = 0
    # Exact sweeps of an unweighted graph are bit-parallel, so exact wins as soon as k sampled sweeps cost more.
    exact_sweeps = n if graph.weighted else n / BIT_PARALLEL_SPEEDUP
    while True:
        if k >= exact_sweeps:
            from inroads.measures.exact import closeness
            from inroads.measures.exact import harmonic as harmonic_exact

            scores = harmonic_exact(graph) if harmonic else closeness(graph)
            info = ClosenessInfo(
                "exact", measure, float(epsilon), float(delta), 0, 0.0, time.perf_counter() - began, int(seed)
            )
            return scores, info
        # Each round draws a fresh sample: reusing earlier targets would make the rounds' bounds dependent.
        targets = rng.integers(0, n, size=k)
        sums = _sweep(graph, targets)
        delta_round = delta / 2 ** (round_number + 1)
        a = math.sqrt(math.log(6 * n / delta_round) / (2 * k))
        p, mu, h = (s / k * scale for s in sums)
        if harmonic:
            estimate, bound = h, a * scale
        else:
            estimate = np.divide(p * p, mu, out=np.zeros(n), where=mu > 0)
            p_lo, p_hi = np.maximum(p - a * scale, 0.0), np.minimum(p + a * scale, 1.0)
            mu_lo, mu_hi = mu - a * scale * distance_cap, mu + a * scale * distance_cap
            high = p_hi**2 / np.maximum(np.maximum(mu_lo, p_hi), 1e-300)
            low = np.divide(p_lo**2, mu_hi, out=np.zeros(n), where=mu_hi > 0)
            bound = float(np.maximum(high - estimate, estimate - low).max(initial=0.0))
        if bound <= epsilon:
            break
        k *= 2
        round_number += 1
    series = pd.Series(estimate, index=pd.Index(graph.ids, name="id"), name=measure)
    info = ClosenessInfo(
        "approx",
        measure,
        float(epsilon),
        float(delta),
        int(targets.size),
        float(bound),
        time.perf_counter() - began,
        int(seed),
    )
    return series, info
