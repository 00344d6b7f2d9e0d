"""Approximate betweenness with a guarantee: KADABRA's adaptive sampling of shortest paths.

The public entry point is :func:`approx_betweenness`. The pieces a distributed run needs are separate and pure:
:func:`plan_sampling` (sample cap and per-node confidence budgets, from a pilot sample), :func:`sample_batch` (one
batch of seeded samples → partial counts that add up) and :meth:`SamplingPlan.check` (the stopping rule, run on the
client between rounds).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from inroads.engine.local import get_threads
from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.kernels import jit
from inroads.kernels.sampling import sample_paths, sample_paths_weighted, vertex_diameter_bound
from inroads.measures.normalize import rescale_betweenness
from inroads.ranking import top_scores

__all__ = [
    "ApproxInfo",
    "SampleBatch",
    "SamplingPlan",
    "approx_betweenness",
    "check_guarantee",
    "check_top",
    "plan_sampling",
    "sample_batch",
]

Progress = Callable[[int, int], None]

#: Constant of the VC-dimension sample bound (Löffler & Phillips 2009, as used by Riondato–Kornaropoulos and KADABRA).
VC_CONSTANT = 0.5
#: Share of the confidence budget spread evenly over all nodes before the pilot-guided allocation.
FLOOR_SHARE = 0.1
#: Samples per parallel work item: small enough to balance two threads, large enough to amortise the work areas.
SAMPLES_PER_CHUNK = 64


def check_guarantee(epsilon: float, delta: float) -> None:
    """Raise :class:`OptionError` unless ``0 < epsilon < 1`` and ``0 < delta < 1``."""
    for name, value in (("epsilon", epsilon), ("delta", delta)):
        ok = isinstance(value, int | float | np.floating) and not isinstance(value, bool) and 0 < value < 1
        if not ok or not math.isfinite(float(value)):
            raise OptionError(
                f"{name} must be a number strictly between 0 and 1, not {value!r}",
                where=f"--{name}",
                fix=f"e.g. --{name} {0.01 if name == 'epsilon' else 0.1}",
            )


@dataclass(frozen=True)
class SampleBatch:
    """Samples ``first .. first + count - 1`` of the run with ``seed``: the unit of work, locally or on Dask."""

    first: int
    count: int
    seed: int


@functools.lru_cache(maxsize=4)
def _in_arrays(graph: Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """In-adjacency (with lengths) of a directed graph; the out-arrays themselves for an undirected one."""
    lengths = graph.lengths
    out_len = np.zeros(0) if lengths is None else np.ascontiguousarray(lengths, dtype=np.float64)
    if not graph.directed:
        return graph.indptr, np.ascontiguousarray(graph.indices, dtype=np.int32), out_len
    reverse = graph.reverse()
    in_len = reverse.lengths
    return (
        reverse.indptr,
        np.ascontiguousarray(reverse.indices, dtype=np.int32),
        np.zeros(0) if in_len is None else np.ascontiguousarray(in_len, dtype=np.float64),
    )


def sample_batch(graph: Graph, batch: SampleBatch, *, threads: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Run one batch of path samples: ``(counts per node, [pairs with a path])`` (both int64; batches add up).

    Examples
    --------
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> one = sample_batch(g, SampleBatch(0, 50, seed=1))[0]
    >>> two = [sample_batch(g, SampleBatch(first, 25, seed=1))[0] for first in (0, 25)]
    >>> bool((one == two[0] + two[1]).all())
    True
    """
    in_ptr, in_idx, in_len = _in_arrays(graph)
    out_idx = np.ascontiguousarray(graph.indices, dtype=np.int32)
    count = get_threads(threads)
    previous = jit.get_num_threads()
    jit.set_num_threads(count)
    try:
        areas = jit.get_num_threads()
        # Seeds enter the kernel as int64; any Python int maps onto that range deterministically.
        seed = int(batch.seed) % (2**63)
        if graph.weighted:
            lengths = np.ascontiguousarray(graph.lengths, dtype=np.float64)
            counts, connected = sample_paths_weighted(
                graph.indptr,
                out_idx,
                lengths,
                in_ptr,
                in_idx,
                in_len,
                batch.first,
                batch.count,
                seed,
                SAMPLES_PER_CHUNK,
                areas,
            )
        else:
            counts, connected = sample_paths(
                graph.indptr, out_idx, in_ptr, in_idx, batch.first, batch.count, seed, SAMPLES_PER_CHUNK, areas
            )
    finally:
        jit.set_num_threads(previous)
    return counts, np.array([connected], dtype=np.int64)


def _vc_samples(lam: float, delta: float, vertex_diameter: int) -> int:
    """Riondato–Kornaropoulos: samples after which every estimate is within ``lam`` with probability 1 - delta."""
    vc = math.floor(math.log2(max(vertex_diameter - 2, 1))) + 1
    return math.ceil(VC_CONSTANT / lam**2 * (vc + math.log(1 / delta)))


def _log_budget(b: np.ndarray, lam: float, tau: float, omega: float, upper: bool) -> np.ndarray:
    """log(1/δ) that makes KADABRA's bound exactly ``lam`` after ``tau`` samples for a node of betweenness ``b``.

    Solving g(b, δ, ω, τ) = λ (see :class:`SamplingPlan`) for L = log(1/δ) gives L = (λτ)² / (2bω + 2aλτ),
    a = 1/3 ± ω/τ.
    """
    a = 1 / 3 + omega / tau if upper else 1 / 3 - omega / tau
    denominator = 2 * b * omega + 2 * a * lam * tau
    with np.errstate(divide="ignore"):
        return np.where(denominator > 0, (lam * tau) ** 2 / np.maximum(denominator, 1e-300), np.inf)


@dataclass(frozen=True)
class SamplingPlan:
    """Everything the stopping rule needs, fixed before the counted samples are drawn.

    Attributes
    ----------
    n : int
    lam : float
        Target absolute error on the sampled scale ``b~ = counts / samples`` (``epsilon * (n - 2) / n``).
    omega : int
        Sample cap: the VC bound at ``delta / 2``.
    log_lower, log_upper : numpy.ndarray
        ``log(1/δ_L(v))`` and ``log(1/δ_U(v))`` per node, with ``sum δ_L + δ_U = delta / 2``.
    top : int or None
    first_sample : int
        Index of the first counted sample (the pilot's samples come before it and are not counted).
    """

    n: int
    lam: float
    omega: int
    log_lower: np.ndarray
    log_upper: np.ndarray
    top: int | None
    first_sample: int

    def errors(self, counts: np.ndarray, samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(b~, f, g)``: estimates and KADABRA's lower/upper error bounds on the sampled scale."""
        tau = float(max(samples, 1))
        b = counts / tau
        ratio = self.omega / tau
        a_low, a_up = 1 / 3 - ratio, 1 / 3 + ratio
        f = self.log_lower / tau * (a_low + np.sqrt(a_low**2 + 2 * b * self.omega / self.log_lower))
        g = self.log_upper / tau * (a_up + np.sqrt(a_up**2 + 2 * b * self.omega / self.log_upper))
        return b, np.minimum(f, b), np.minimum(g, 1 - b)

    def check(self, counts: np.ndarray, samples: int) -> tuple[bool, str, float]:
        """The stopping rule: ``(stop, why, largest error bound among the nodes that must be accurate)``.

        ``why`` is ``"separated"`` (the order of the top k is certified), ``"bound"`` (every node that matters within
        ``lam``, order not certified), ``"bound and separation"`` (each of the top k within ``lam`` or certified in
        rank) or ``"cap"`` (``omega`` samples drawn; the VC bound holds).
        """
        b, f, g = self.errors(counts, samples)
        accurate = (f <= self.lam) & (g <= self.lam)
        if self.top is None or self.top >= self.n:
            worst = float(max(f.max(initial=0.0), g.max(initial=0.0)))
            if accurate.all():
                return True, "bound", worst
            return samples >= self.omega, "cap", worst
        k = self.top
        low, high = b - f, b + g
        leaders = np.argpartition(-b, k - 1)[:k]
        leaders = leaders[np.argsort(-b[leaders], kind="stable")]
        rest = np.ones(self.n, dtype=bool)
        rest[leaders] = False
        rest_high = float(high[rest].max(initial=-np.inf))
        # Certified rank: the interval of the i-th leader lies above every lower one and below every higher one.
        below_high = np.maximum.accumulate(np.append(high[leaders][::-1], rest_high))[::-1][1:]
        above_low = np.minimum.accumulate(np.insert(low[leaders], 0, np.inf))[:-1]
        separated = (low[leaders] > below_high) & (high[leaders] < above_low)
        leaders_ok = bool((accurate[leaders] | separated).all())
        cut = float(low[leaders].min())
        rest_ok = bool((accurate[rest] | (high[rest] < cut)).all())
        worst = float(np.maximum(f[leaders], g[leaders]).max())
        if leaders_ok and rest_ok:
            if bool(separated.all()):
                return True, "separated", worst  # the order of the top k is certified
            return True, "bound" if bool(accurate[leaders].all()) else "bound and separation", worst
        return samples >= self.omega, "cap", worst


def plan_sampling(
    graph: Graph, *, epsilon: float, delta: float, top: int | None, seed: int, threads: int | None = None
) -> tuple[SamplingPlan, int]:
    """Cap and confidence budgets for a run, from a pilot sample: ``(plan, pilot samples drawn)``.

    The budgets δ_L(v), δ_U(v) are chosen (KADABRA §4) so that a node's bound would reach ``lam`` at the same
    predicted sample count τ* for all nodes, with the pilot's estimates standing in for the true scores; the pilot's
    samples are then set aside, so the budgets are independent of the samples the bound is applied to.
    """
    n = graph.n
    lam = epsilon * (n - 2) / n
    if graph.weighted or graph.directed:
        # Shortest paths of a directed or weighted graph can be long even when the undirected diameter is small;
        # the largest weakly connected component's size is a safe bound (it enters only through its log).
        count, labels = graph.components()
        vertex_diameter = int(np.bincount(labels).max()) if count else 0
    else:
        vertex_diameter = int(vertex_diameter_bound(graph.indptr, np.ascontiguousarray(graph.indices, np.int32)))
    omega = _vc_samples(lam, delta / 2, vertex_diameter)
    pilot = min(omega, max(1000, omega // 100))
    counts, _ = sample_batch(graph, SampleBatch(0, pilot, seed), threads=threads)
    # Overestimate the pilot's scores a little, so nodes the pilot missed still get a share of the budget.
    values, multiplicity = np.unique(counts, return_counts=True)
    guess = (values + 1.0) / pilot

    def budget(tau: float) -> tuple[np.ndarray, np.ndarray, float]:
        low = _log_budget(guess, lam, tau, omega, upper=False)
        up = _log_budget(guess, lam, tau, omega, upper=True)
        total = float((multiplicity * (np.exp(-low) + np.exp(-up))).sum())
        return low, up, total

    # A tenth of the budget is spread evenly (a floor per node and side), so a node the pilot underestimated still
    # has a usable bound; the rest follows the pilot. Total: floor share + allocated share = δ/2.
    floor = FLOOR_SHARE * (delta / 2) / (2 * n)
    allocated = (1 - FLOOR_SHARE) * (delta / 2)
    lo, hi = 1.0, float(omega)
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        if budget(mid)[2] > allocated:
            lo = mid
        else:
            hi = mid
    low, up, total = budget(hi)
    # Spend the allocated share: scaling every δ by allocated/total keeps the sum and only tightens the bounds.
    ratio = allocated / total if total > 0 else 0.0
    low = -np.log(floor + ratio * np.exp(-low))
    up = -np.log(floor + ratio * np.exp(-up))
    where = np.searchsorted(values, counts)
    plan = SamplingPlan(
        n=n,
        lam=lam,
        omega=omega,
        log_lower=np.maximum(low[where], 1e-12),
        log_upper=np.maximum(up[where], 1e-12),
        top=top,
        first_sample=pilot,
    )
    return plan, pilot


@dataclass(frozen=True)
class ApproxInfo:
    """What an approximate run did: the guarantee asked for, and what it took to reach it.

    ``stopped`` says why sampling ended (:meth:`SamplingPlan.check`): ``"separated"`` (the order of the top k is
    certified), ``"bound"`` (every score that matters within epsilon), ``"bound and separation"`` or ``"cap"`` (the
    VC-dimension sample count, after which every score is within epsilon).
    """

    method: str
    epsilon: float
    delta: float
    samples: int
    pilot_samples: int
    sample_cap: int
    stopped: str
    bound: float
    seconds: float
    seed: int
    top: int | None
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One line for a table footer."""
        kind = f"top {self.top}" if self.top else "all scores"
        line = (
            f"approximate betweenness (KADABRA sampling, {kind}): each score within ±{self.epsilon:g} of exact "
            f"with probability ≥ {1 - self.delta:g}; {self.samples:,} paths sampled, stopped by {self.stopped}, "
            f"seed {self.seed}, {self.seconds:.2f} s"
        )
        if self.top and self.stopped != "separated":
            # The bound came before the order: say what the list does not promise (on a grid, every score < epsilon).
            line += (
                f"; the top {self.top} were not separated, so nodes whose scores differ by less than "
                f"{2 * self.epsilon:g} may trade places or be missed (a smaller --epsilon separates more)"
            )
        return line


def check_top(top: int | None, n: int) -> tuple[int | None, tuple[str, ...]]:
    """Validate ``top``: ``(top capped at n, notes)``; :class:`OptionError` unless a whole number >= 1."""
    if top is None:
        return None, ()
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise OptionError(f"top must be a whole number >= 1, not {top!r}", where="--top", fix="e.g. --top 50")
    if top > n:
        return n, (f"--top {top} is more than the {n} nodes of the graph: all nodes are shown",)
    return int(top), ()


def approx_betweenness(
    graph: Graph,
    *,
    epsilon: float = 0.01,
    delta: float = 0.1,
    top: int | None = None,
    seed: int = 0,
    threads: int | None = None,
    progress: Progress | None = None,
) -> tuple[pd.Series, ApproxInfo]:
    r"""Betweenness of every node (or the ``top`` k) within ``epsilon`` of exact, with probability ≥ 1 - ``delta``.

    Scores are on NetworkX's normalised scale (``betweenness_centrality(G, normalized=True)``):

    .. math::  c_B(v) = \frac{1}{(n-1)(n-2)} \sum_{s \ne t \ne v} \frac{\sigma_{st}(v)}{\sigma_{st}}

    Parameters
    ----------
    graph : Graph
        Directed or not, weighted or not.
    epsilon : float
        Absolute error allowed on each normalised score, in (0, 1).
    delta : float
        Probability, in (0, 1), that some score is off by more than ``epsilon``.
    top : int, optional
        Return only the ``top`` highest scores (ties: by id); sampling stops as soon as their order is certified
        (see Notes). ``top`` larger than n returns every node.
    seed : int
        The same seed gives the same answer, whatever the thread count or batching.
    threads : int, optional
        Threads (default: all cores, see :func:`inroads.engine.local.set_threads`).
    progress : callable, optional
        ``progress(samples drawn, sample cap)`` after every batch.

    Returns
    -------
    scores : pandas.Series
        Indexed by node id, named ``betweenness``, highest first when ``top`` is given, else in node order.
    info : ApproxInfo
        Samples drawn, why sampling stopped, the largest error bound reached, the time taken.

    Notes
    -----
    *Sampling.* Each sample is a uniformly random ordered pair ``(s, t)`` and a uniformly random shortest path
    between them (balanced bidirectional BFS, :mod:`inroads.kernels.sampling`); ``X_v = 1`` when ``v`` lies strictly
    inside it. ``E[X_v] = b(v) = c_B(v) (n-2)/n``, so estimates are ``b~(v) = (counts / τ) · n / (n-2)`` and the
    target error on the sampled scale is ``λ = ε (n-2)/n``.

    *Guarantee* (Borassi & Natale 2016, Thm. 9 and Cor. 10). Fix, before sampling, a cap ω and per-node budgets with
    ``Σ_v δ_L(v) + δ_U(v) ≤ δ/2``. For the stopping time τ ≤ ω of any rule, the martingale Bernstein inequality
    gives ``P(b(v) < b~(v) - f) ≤ δ_L(v)`` and ``P(b(v) > b~(v) + g) ≤ δ_U(v)``, where, with ``L = log 1/δ``,

    .. math::  f = \tfrac{L}{τ}\big(a_- + \sqrt{a_-^2 + 2 b~ ω / L}\big), \quad
               g = \tfrac{L}{τ}\big(a_+ + \sqrt{a_+^2 + 2 b~ ω / L}\big), \quad a_\pm = \tfrac13 \pm \tfrac{ω}{τ}.

    A union bound over nodes makes every interval ``[b~ - f, b~ + g]`` hold at once with probability ≥ 1 - δ/2.
    Sampling stops when ``f, g ≤ λ`` for every node, or at τ = ω; ω is the Riondato–Kornaropoulos VC bound
    ``(c/λ²)(⌊log₂(VD - 2)⌋ + 1 + ln(2/δ))`` (c = 0.5, VD an upper bound on the nodes of a shortest path), under
    which all estimates are within λ with probability ≥ 1 - δ/2. Either way every score is within ε with
    probability ≥ 1 - δ. The budgets come from a pilot sample that is then discarded (so they do not depend on the
    counted samples): a node with a higher pilot score gets a larger share, which is what lets KADABRA stop early;
    a tenth of the budget is spread evenly first, so a node the pilot underestimated still gets a usable bound.

    *With ``top=k``* sampling also stops when, for each of the k leaders, either its bounds are within λ or its
    interval is disjoint from every other node's (its rank is certified), and every other node is within λ or
    certified below all leaders. Then, with probability ≥ 1 - δ, each returned score is within ε of exact or its rank
    among all nodes is exact, and no node left out scores more than the k-th returned estimate plus 2ε.

    *Weighted graphs.* Paths are sampled uniformly among shortest weighted paths (Dijkstra from s, lengths equal to a
    relative 1e-12 tie), so the same guarantee holds for weighted betweenness; VD is then bounded by the size of the
    largest weakly connected component, as it is on directed graphs (a looser cap, not a weaker guarantee).

    Cost: a sample touches ~√m edges on graphs of small diameter (much more on long, thin graphs such as grids);
    the number of samples depends on ε, δ and how concentrated betweenness is, not on n.

    References
    ----------
    M. Borassi and E. Natale, "KADABRA is an ADaptive Algorithm for Betweenness via Random Approximation", ESA 2016;
    ACM J. Exp. Algorithmics 24, 2019. https://doi.org/10.1145/3284359
    M. Riondato and E. M. Kornaropoulos, "Fast approximation of betweenness centrality through sampling", WSDM 2014.
    https://doi.org/10.1145/2556195.2556224
    M. Löffler and J. M. Phillips, "Shape fitting on point sets with probability distributions", ESA 2009.
    https://doi.org/10.1007/978-3-642-04128-0_29

    Examples
    --------
    >>> g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])  # path a-b-c-d: exact b, c = 2/3
    >>> scores, info = approx_betweenness(g, epsilon=0.05, seed=1)
    >>> bool(abs(scores["b"] - 2 / 3) < 0.05), info.method
    (True, 'approx')
    """
    check_guarantee(epsilon, delta)
    n = graph.n
    top, notes = check_top(top, n)
    began = time.perf_counter()
    if n < 3:
        # No path has an inner node: every score is exactly 0, no sampling needed.
        scores = pd.Series(np.zeros(n), index=pd.Index(graph.ids, name="id"), name="betweenness")
        info = ApproxInfo(
            "approx",
            float(epsilon),
            float(delta),
            0,
            0,
            0,
            "bound",
            0.0,
            time.perf_counter() - began,
            int(seed),
            top,
            notes,
        )
        return top_scores(scores, top), info
    plan, pilot = plan_sampling(graph, epsilon=epsilon, delta=delta, top=top, seed=seed, threads=threads)
    counts = np.zeros(n, dtype=np.int64)
    samples = 0
    size = max(1000, pilot)
    while True:
        size = min(size, plan.omega - samples)
        part, _ = sample_batch(graph, SampleBatch(plan.first_sample + samples, size, seed), threads=threads)
        counts += part
        samples += size
        if progress is not None:
            progress(samples, plan.omega)
        stop, why, worst = plan.check(counts, samples)
        if stop:
            break
        # Check often while few samples are in (stopping early is the point), less often later.
        size = max(1000, samples // 8)
    raw = counts / samples * n * (n - 1)
    values = rescale_betweenness(raw, n, normalized=True, directed=graph.directed)
    scores = pd.Series(values, index=pd.Index(graph.ids, name="id"), name="betweenness")
    # At the cap the VC bound is what holds (epsilon itself); otherwise the largest adaptive bound reached.
    bound = float(epsilon) if why == "cap" else worst * n / (n - 2)
    info = ApproxInfo(
        "approx",
        float(epsilon),
        float(delta),
        samples,
        pilot,
        plan.omega,
        why,
        bound,
        time.perf_counter() - began,
        int(seed),
        top,
        notes,
    )
    return top_scores(scores, top), info
