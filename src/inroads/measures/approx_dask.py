"""Approximate betweenness on a Dask cluster: KADABRA's rounds of sample batches, the stopping rule on the client.

The pieces are :mod:`inroads.measures.approx`'s (the plan, ``sample_batch`` and the stopping rule); this module
only cuts them into rounds and hands those to the engine
(:meth:`DaskBackend.map_rounds <inroads.engine.dask.DaskBackend.map_rounds>`), which runs batches without knowing
what they compute. A sample's random numbers depend on the run's seed and the sample's index alone, so the same seed
draws the same samples, stops at the same count and returns the same scores, whatever the number of workers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from inroads.engine.dask import DaskBackend, Progress, use_backend
from inroads.engine.worker import Partial
from inroads.graph import Graph
from inroads.measures import approx
from inroads.measures.approx import SampleBatch
from inroads.measures.normalize import rescale_betweenness
from inroads.ranking import top_scores

__all__ = ["approx_betweenness", "sample_rounds"]


def sample_rounds(
    first_sample: int, pilot: int, omega: int, seed: int, *, parts: int, cumulative: list[int] | None = None
) -> Iterator[list[Any]]:
    """The rounds of :func:`inroads.measures.approx.approx_betweenness`, each cut into ``parts`` sample batches.

    The schedule is the local one (a first round of ``max(1000, pilot)`` samples, then ``max(1000, samples // 8)``,
    never past ``omega``), so the stopping rule sees the same sample counts and stops at the same sample as a local
    run; batches are ranges of sample indices, whose counts add up to the same integers however they are cut.
    ``cumulative`` (if given) receives the samples drawn after each round, as rounds are produced.

    Examples
    --------
    >>> drawn = []
    >>> [[(b.first, b.count) for b in r] for r in sample_rounds(100, 50, 2600, 7, parts=2, cumulative=drawn)]
    [[(100, 500), (600, 500)], [(1100, 500), (1600, 500)], [(2100, 300), (2400, 300)]]
    >>> drawn
    [1000, 2000, 2600]
    """
    samples, size = 0, max(1000, pilot)
    while samples < omega:
        size = min(size, omega - samples)
        cuts = np.linspace(0, size, min(parts, size) + 1).astype(np.int64)
        start = first_sample + samples
        samples += size
        if cumulative is not None:
            cumulative.append(samples)
        yield [SampleBatch(int(start + a), int(b - a), seed) for a, b in itertools.pairwise(cuts)]
        size = max(1000, samples // 8)


def approx_betweenness(
    graph: Graph,
    *,
    backend: DaskBackend,
    epsilon: float = 0.01,
    delta: float = 0.1,
    top: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> tuple[Any, Any]:
    """:func:`inroads.measures.approx.approx_betweenness` with the counted samples drawn on the cluster.

    The pilot sample (which only sets the confidence budgets) runs on the client. Same ``seed``, same samples, same
    stopping point and the same integer counts as a local run, so the same scores and the same top-k, whatever the
    number of workers.
    """
    import time

    import pandas as pd

    approx.check_guarantee(epsilon, delta)
    n = graph.n
    if n < 3:
        with use_backend(None):  # nothing to sample; and no loop back here if approx delegates to the backend
            return approx.approx_betweenness(graph, epsilon=epsilon, delta=delta, top=top, seed=seed)
    top, notes = approx.check_top(top, n)
    began = time.perf_counter()
    plan, pilot = approx.plan_sampling(graph, epsilon=epsilon, delta=delta, top=top, seed=seed)
    cumulative: list[int] = []
    verdict: dict[str, Any] = {}

    def stop(total: Partial, rounds: int) -> bool:
        assert isinstance(total, tuple)
        halt, why, worst = plan.check(total[0], cumulative[rounds - 1])
        verdict.update(why=why, worst=worst, samples=cumulative[rounds - 1])
        return halt

    # One batch per worker thread and round: rounds are short (KADABRA checks often), so fewer tasks is better.
    rounds = sample_rounds(plan.first_sample, pilot, plan.omega, seed, parts=backend.threads, cumulative=cumulative)
    total, _ = backend.map_rounds(
        approx.sample_batch, graph, rounds, stop=stop, sizes=lambda b: b.count, progress=progress, total=plan.omega
    )
    assert isinstance(total, tuple)
    samples, why = verdict["samples"], verdict["why"]
    raw = total[0] / samples * n * (n - 1)
    values = rescale_betweenness(raw, n, normalized=True, directed=graph.directed)
    scores = pd.Series(values, index=pd.Index(graph.ids, name="id"), name="betweenness")
    bound = float(epsilon) if why == "cap" else verdict["worst"] * n / (n - 2)
    info = approx.ApproxInfo(
        method="approx",
        epsilon=float(epsilon),
        delta=float(delta),
        samples=samples,
        pilot_samples=pilot,
        sample_cap=plan.omega,
        stopped=why,
        bound=bound,
        seconds=time.perf_counter() - began,
        seed=int(seed),
        top=top,
        notes=(*notes, *backend.notes),
    )
    return top_scores(scores, top), info
