"""The public centrality functions: ``method="auto"|"exact"|"approx"`` and ``top=k`` in front of the engines.

Each function picks the engine (exact sweeps, KADABRA-style sampling, pruned top-k, sampled closeness), runs it and
returns one pandas Series; what ran, and with which guarantee, is in ``series.attrs["inroads"]`` (``method``,
``reason``, and for sampled runs ``epsilon``, ``delta``, ``samples``, ``seed``, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from inroads.engine.dask import active_backend
from inroads.measures import exact
from inroads.measures.approx import approx_betweenness, check_guarantee, check_top
from inroads.measures.approx_closeness import approx_closeness
from inroads.measures.auto import METHODS, decide_method
from inroads.measures.topk import top_closeness
from inroads.ranking import top_scores

if TYPE_CHECKING:
    from inroads.engine.local import Progress
    from inroads.graph import Graph

__all__ = ["METHODS", "betweenness", "closeness", "harmonic", "ranked"]


#: The ranking helper, under the name this package has always exported.
ranked = top_scores


def _tagged(scores: pd.Series, meta: dict[str, Any], notes: tuple[str, ...]) -> pd.Series:
    scores.attrs["inroads"] = {**meta, "notes": [*meta.get("notes", []), *notes]}
    return scores


def betweenness(
    g: Graph,
    *,
    method: str = "auto",
    epsilon: float = 0.01,
    delta: float = 0.1,
    top: int | None = None,
    seed: int = 0,
    budget: float | None = None,
    normalized: bool = True,
    sources: Any = None,
    targets: Any = None,
    endpoints: bool = False,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.Series:
    """Betweenness of every node (or the ``top`` k), exactly or within ``epsilon`` with probability 1 - ``delta``.

    ``method="auto"`` runs the exact engine when its estimated time fits ``budget`` seconds (default 30,
    :func:`inroads.measures.auto.choose_method`), else the sampler (:func:`inroads.measures.approx.
    approx_betweenness`, which states its guarantee). ``sources``, ``targets``, ``endpoints`` and
    ``normalized=False`` are exact-only (:func:`inroads.measures.exact.betweenness`). The result is in node order,
    or highest first when ``top`` is given; ``attrs["inroads"]`` says what ran.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> scores = betweenness(Graph.from_edges(["a", "b"], ["b", "c"]))
    >>> scores.tolist(), scores.attrs["inroads"]["method"]
    ([0.0, 1.0, 0.0], 'exact')
    """
    top, notes = check_top(top, g.n)
    exact_only = (
        "sources, targets, endpoints and unnormalised scores"
        if sources is not None or targets is not None or endpoints or not normalized
        else "graphs of fewer than 3 nodes"
        if g.n < 3 and method == "auto"
        else None
    )
    method, reason = decide_method(g, "betweenness", method, budget, top=top, threads=threads, exact_only=exact_only)
    if method == "exact":
        scores = exact.betweenness(
            g,
            normalized=normalized,
            sources=sources,
            targets=targets,
            endpoints=endpoints,
            threads=threads,
            progress=progress,
        )
        return _tagged(ranked(scores, top), {"method": "exact", "reason": reason}, notes)
    check_guarantee(epsilon, delta)
    backend = active_backend()
    if backend is not None:
        from inroads.measures import approx_dask

        scores, info = approx_dask.approx_betweenness(
            g,
            backend=backend,
            epsilon=epsilon,
            delta=delta,
            top=top,
            seed=seed,
            progress=progress,  # type: ignore[arg-type]
        )
    else:
        scores, info = approx_betweenness(
            g, epsilon=epsilon, delta=delta, top=top, seed=seed, threads=threads, progress=progress
        )
    return _tagged(scores, {**info.as_dict(), "reason": reason, "guarantee": info.describe()}, notes)


def _closeness_like(
    g: Graph,
    measure: str,
    *,
    method: str,
    epsilon: float,
    delta: float,
    top: int | None,
    seed: int,
    budget: float | None,
    targets: Any,
    threads: int | None,
    progress: Progress | None,
    wf_improved: bool = True,
) -> pd.Series:
    top, notes = check_top(top, g.n)
    exact_only = targets is not None or not wf_improved
    harmonic = measure == "harmonic"
    method, reason = decide_method(
        g, measure, method, budget, top=top, threads=threads,
        exact_only="targets and wf_improved=False" if exact_only else None,
    )  # fmt: skip
    if method == "exact" and top is not None and not exact_only:
        scores, top_info = top_closeness(g, top, harmonic=harmonic, threads=threads)
        return _tagged(scores, {**top_info.as_dict(), "method": "exact", "reason": reason}, notes)
    if method == "exact":
        if harmonic:
            scores = exact.harmonic(g, targets=targets, threads=threads, progress=progress)
        else:
            scores = exact.closeness(g, wf_improved=wf_improved, targets=targets, threads=threads, progress=progress)
        return _tagged(ranked(scores, top), {"method": "exact", "reason": reason}, notes)
    check_guarantee(epsilon, delta)
    scores, info = approx_closeness(g, epsilon=epsilon, delta=delta, seed=seed, harmonic=harmonic)
    return _tagged(ranked(scores, top), {**info.as_dict(), "reason": reason, "guarantee": info.describe()}, notes)


def closeness(
    g: Graph,
    *,
    method: str = "auto",
    epsilon: float = 0.01,
    delta: float = 0.1,
    top: int | None = None,
    seed: int = 0,
    budget: float | None = None,
    wf_improved: bool = True,
    targets: Any = None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.Series:
    """Out-closeness (:func:`inroads.measures.exact.closeness`); ``top=k`` gives the exact top k by pruned BFS
    (:func:`inroads.measures.topk.top_closeness`), ``method="approx"`` sampled estimates with a stated bound
    (:func:`inroads.measures.approx_closeness.approx_closeness`). ``attrs["inroads"]`` says what ran.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> closeness(Graph.from_edges(["a", "b"], ["b", "c"]), top=1).to_dict()
    {'b': 1.0}
    """
    return _closeness_like(
        g,
        "closeness",
        method=method,
        epsilon=epsilon,
        delta=delta,
        top=top,
        seed=seed,
        budget=budget,
        targets=targets,
        threads=threads,
        progress=progress,
        wf_improved=wf_improved,
    )


def harmonic(
    g: Graph,
    *,
    method: str = "auto",
    epsilon: float = 0.01,
    delta: float = 0.1,
    top: int | None = None,
    seed: int = 0,
    budget: float | None = None,
    targets: Any = None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.Series:
    """Harmonic out-centrality / (n-1) (:func:`inroads.measures.exact.harmonic`), with ``top`` and ``method`` as in
    :func:`closeness`.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> harmonic(Graph.from_edges(["a", "b"], ["b", "c"]), method="exact").tolist()
    [0.75, 1.0, 0.75]
    """
    return _closeness_like(
        g,
        "harmonic",
        method=method,
        epsilon=epsilon,
        delta=delta,
        top=top,
        seed=seed,
        budget=budget,
        targets=targets,
        threads=threads,
        progress=progress,
    )
