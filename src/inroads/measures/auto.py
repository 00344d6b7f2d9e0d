"""``method="auto"``: exact when its estimated cost fits a time budget, approximate otherwise."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Literal

import numpy as np

from inroads.engine.local import GraphArrays, get_threads, run_batch
from inroads.errors import OptionError

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = [
    "BIT_PARALLEL_SPEEDUP",
    "DEFAULT_BUDGET",
    "METHODS",
    "Method",
    "check_method",
    "choose_method",
    "decide_method",
    "estimate_exact_seconds",
]

Method = Literal["exact", "approx"]
#: What ``method=`` (``--method``) takes: ``auto`` lets :func:`choose_method` decide.
METHODS: tuple[str, ...] = ("auto", "exact", "approx")

#: Seconds an exact computation may take before ``auto`` switches to the approximation (``--budget`` overrides).
DEFAULT_BUDGET = 30.0

#: Below this many edge visits (n x m) the exact run is surely cheap: no timing needed.
TRIVIAL_WORK = 5e7

#: Sources timed to estimate the cost of one exact sweep.
SOURCES_TIMED = 8

#: How many times cheaper a sweep is for exact closeness/harmonic on an unweighted graph than for betweenness: the
#: bit-parallel BFS advances 64 sources per word (measured 8x on BA n=10,000 to 35x on ego-Facebook; the low end).
BIT_PARALLEL_SPEEDUP = 8


def check_budget(budget_seconds: float | None) -> float:
    """The budget in seconds (default :data:`DEFAULT_BUDGET`); :class:`OptionError` unless a number > 0."""
    if budget_seconds is None:
        return DEFAULT_BUDGET
    ok = isinstance(budget_seconds, int | float | np.floating) and not isinstance(budget_seconds, bool)
    if not ok or not budget_seconds > 0 or not math.isfinite(float(budget_seconds)):
        raise OptionError(
            f"the budget must be a number of seconds > 0, not {budget_seconds!r}",
            where="--budget",
            fix="e.g. --budget 60",
        )
    return float(budget_seconds)


def estimate_exact_seconds(graph: Graph, *, threads: int | None = None) -> float:
    """Estimated wall time of exact betweenness (one Brandes sweep per node) on this machine.

    Times the exact engine on :data:`SOURCES_TIMED` sources spread over the graph (after one untimed source, which
    absorbs loading the compiled kernel) and scales to all n sources. Closeness and harmonic need the same sweeps
    without the accumulation, so this slightly overestimates them.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> estimate_exact_seconds(Graph.from_edges(["a", "b"], ["b", "c"])) < 1.0
    True
    """
    n = graph.n
    if n == 0:
        return 0.0
    arrays = GraphArrays.of(graph)
    sample = np.unique(np.linspace(0, n - 1, min(n, SOURCES_TIMED + 1)).astype(np.int64))
    count = get_threads(threads)
    run_batch("betweenness", arrays, sample[:1], threads=1)
    began = time.perf_counter()
    run_batch("betweenness", arrays, sample[1:] if sample.size > 1 else sample, threads=1)
    per_source = (time.perf_counter() - began) / max(sample.size - 1, 1)
    return per_source * n / count


def choose_method(
    graph: Graph,
    measure: str,
    budget_seconds: float | None = None,
    *,
    top: int | None = None,
    threads: int | None = None,
) -> tuple[Method, str]:
    """Pick ``"exact"`` or ``"approx"`` for ``measure`` on ``graph``, with the reason in one line.

    Parameters
    ----------
    graph : Graph
    measure : {"betweenness", "closeness", "harmonic", "degree"}
    budget_seconds : float, optional
        Wall time an exact run may take (default :data:`DEFAULT_BUDGET`, 30 s).
    top : int, optional
        Only the top ``top`` are wanted: exact top-k closeness/harmonic (pruned BFS) is then always chosen.
    threads : int, optional

    Notes
    -----
    Cost model: exact betweenness, closeness and harmonic all need one sweep (BFS or Dijkstra) per node, so their cost
    is n times the measured cost of one sweep, divided by the threads (:func:`estimate_exact_seconds`). Graphs with
    n·m below :data:`TRIVIAL_WORK` are exact without timing anything. Degree is always exact. Top-k closeness and
    harmonic are exact with pruning, which on the graphs we measured costs a small fraction of the full sweep.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> choose_method(Graph.from_edges(["a", "b"], ["b", "c"]), "betweenness")[0]
    'exact'
    """
    budget = check_budget(budget_seconds)
    if measure == "degree":
        return "exact", "degree is always exact"
    if measure in ("closeness", "harmonic") and top is not None:
        return "exact", f"exact top {top} {measure} by pruned BFS (no approximation needed)"
    work = float(graph.n) * max(graph.m, 1)
    if work < TRIVIAL_WORK:
        return "exact", f"exact: small graph (n·m = {work:.3g})"
    seconds = estimate_exact_seconds(graph, threads=threads)
    if measure in ("closeness", "harmonic") and not graph.weighted:
        seconds /= BIT_PARALLEL_SPEEDUP
    if seconds <= budget:
        return "exact", f"exact: estimated {seconds:.3g} s, within the {budget:g} s budget"
    return "approx", f"approximate: exact would take about {seconds:.3g} s, over the {budget:g} s budget (--budget)"


def check_method(method: str) -> str:
    """``method`` if it is one of :data:`METHODS`, else an :class:`OptionError` naming them."""
    if method not in METHODS:
        raise OptionError(f"unknown method {method!r}", where="--method", fix=f"use one of {', '.join(METHODS)}")
    return method


def decide_method(
    graph: Graph,
    measure: str,
    method: str = "auto",
    budget_seconds: float | None = None,
    *,
    top: int | None = None,
    threads: int | None = None,
    exact_only: str | None = None,
) -> tuple[Method, str]:
    """The one door for "exact or sampled?": the method a run uses, with its reason in one line.

    ``method="exact"`` or ``"approx"`` is taken as asked; ``"auto"`` is :func:`choose_method`'s choice. ``exact_only``
    names what only the exact engine can do (e.g. ``"targets"``): it makes ``auto`` exact and ``approx`` an error.
    Every public measure and the ``centrality`` command ask this function, so the choice and its wording live here.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> decide_method(g, "closeness", "approx")
    ('approx', 'approximate: asked for')
    >>> decide_method(g, "betweenness", exact_only="targets")
    ('exact', 'exact: targets need the exact engine')
    """
    check_method(method)
    check_budget(budget_seconds)
    if method == "approx" and exact_only:
        raise OptionError(f"{exact_only} need method='exact'", where="method")
    if method == "exact":
        return "exact", "exact: asked for"
    if method == "approx":
        return "approx", "approximate: asked for"
    if exact_only:
        return "exact", f"exact: {exact_only} need the exact engine"
    return choose_method(graph, measure, budget_seconds, top=top, threads=threads)
