"""Exact betweenness, closeness and harmonic centrality: pick sources, run the engine, rescale.

These functions only orchestrate; the sweeps are numba kernels (:mod:`inroads.kernels`) run by the engine
(:mod:`inroads.engine`), and every denominator lives in :mod:`inroads.measures.normalize`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from inroads.engine.dask import active_backend
from inroads.engine.local import GraphArrays, Kernel, Progress, run_sources
from inroads.errors import GraphError, OptionError
from inroads.measures.degree import degree
from inroads.measures.normalize import (
    closeness_from_sums,
    harmonic_from_sums,
    rescale_betweenness,
    target_counts,
)

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["MEASURES", "betweenness", "centrality", "closeness", "harmonic", "node_indices"]

#: Measures :func:`centrality` knows, in their default order.
MEASURES: tuple[str, ...] = ("betweenness", "closeness", "harmonic", "degree")

Nodes = Iterable[Any] | np.ndarray | None


def node_indices(g: Graph, nodes: Nodes, *, what: str = "sources") -> np.ndarray | None:
    """Internal indices of ``nodes``: integers are taken as indices ``0..n-1``, anything else as node ids.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> node_indices(g, ["c", "a"]).tolist(), node_indices(g, [2, 0]).tolist()
    ([2, 0], [2, 0])
    """
    if nodes is None:
        return None
    values = np.asarray(list(nodes) if not isinstance(nodes, np.ndarray) else nodes)
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    if values.dtype.kind in "iu":
        if values.min() < 0 or values.max() >= g.n:
            raise GraphError(
                f"{what} holds a node index outside 0..{g.n - 1}",
                where=what,
                fix="give node indices of this graph, or node ids as strings",
            )
        return values.astype(np.int64)
    if values.dtype.kind == "b":
        raise OptionError(f"{what} must list nodes, not booleans", where=what, fix="pass ids or indices")
    return g.indices_of(values.tolist())


def _target_mask(g: Graph, targets: Nodes) -> np.ndarray | None:
    chosen = node_indices(g, targets, what="targets")
    if chosen is None:
        return None
    mask = np.zeros(g.n)
    mask[chosen] = 1.0
    return mask


def _run(kernel: Kernel, g: Graph, sources: np.ndarray, *, threads: int | None, **options: Any) -> np.ndarray:
    """Run ``kernel`` from ``sources`` here, or on the Dask cluster of :func:`inroads.engine.dask.use_backend`."""
    backend = active_backend()
    if backend is not None:
        return backend.run_sources(kernel, g, sources, **options)
    return run_sources(kernel, GraphArrays.of(g), sources, threads=threads, **options)


def _series(g: Graph, values: np.ndarray, name: str) -> pd.Series:
    return pd.Series(values, index=pd.Index(g.ids, name="id"), name=name)


def betweenness(
    g: Graph,
    *,
    normalized: bool = True,
    sources: Nodes = None,
    targets: Nodes = None,
    endpoints: bool = False,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.Series:
    r"""Shortest-path betweenness: how much of the traffic between others passes through each node.

    .. math::  c_B(v) = \frac{1}{(n-1)(n-2)} \sum_{s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}

    over ordered pairs, where :math:`\sigma_{st}` counts shortest ``s``–``t`` paths and :math:`\sigma_{st}(v)` those
    through ``v``. Weighted graphs use :attr:`Graph.lengths`; two weighted paths are equally short when their lengths
    agree to a relative 1e-12.

    Parameters
    ----------
    g : Graph
    normalized : bool
        Divide by the number of ordered pairs, ``(n-1)(n-2)`` (``n(n-1)`` with ``endpoints``). Unnormalised scores on
        undirected graphs count each unordered pair once. Both equal NetworkX ``betweenness_centrality``.
    sources : node ids or indices, optional
        Sweep only from these (sampling, batches). The scores are the partial sums of these sources with the *same*
        scaling as a full run, so disjoint source sets add up to the full result; rescaling a sample (``n / k``) is
        the caller's.
    targets : node ids or indices, optional
        Count only shortest paths ending at these nodes (NetworkX ``betweenness_centrality_subset``; its
        normalisation is the same, ``1/((n-1)(n-2))``). ``sources=targets=audience`` measures brokerage within an
        audience.
    endpoints : bool
        Count each path's endpoints as lying on it. With ``targets``, a source is credited once per reached target.
    threads : int, optional
        Threads to use (default: :func:`inroads.set_threads`, else all cores).
    progress : callable, optional
        Called as ``progress(done, total)`` with the number of sources swept.

    Returns
    -------
    pandas.Series
        Named ``betweenness``, indexed by node id.

    Notes
    -----
    Brandes' algorithm: one BFS (Dijkstra when weighted) per source, O(nm) time unweighted and O(nm + n² log n)
    weighted, O(n + m) memory per thread. Graphs of fewer than three nodes score 0.

    References
    ----------
    U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), 2001.
    https://doi.org/10.1080/0022250X.2001.9990249

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> betweenness(Graph.from_edges(["a", "b"], ["b", "c"])).tolist()
    [0.0, 1.0, 0.0]
    """
    chosen = node_indices(g, sources)
    chosen = np.arange(g.n, dtype=np.int64) if chosen is None else chosen
    raw = _run(
        "betweenness",
        g,
        chosen,
        target=_target_mask(g, targets),
        endpoints=endpoints,
        threads=threads,
        progress=progress,
    )
    scores = rescale_betweenness(raw, g.n, normalized=normalized, directed=g.directed, endpoints=endpoints)
    return _series(g, scores, "betweenness")


def _distance_sums(
    g: Graph,
    targets: Nodes,
    threads: int | None,
    progress: Progress | None,
    done_before: int = 0,
    total: int | None = None,
    sources: Nodes = None,
) -> tuple[np.ndarray, np.ndarray]:
    target = _target_mask(g, targets)
    chosen = node_indices(g, sources)
    sums = _run(
        "distances",
        g,
        np.arange(g.n, dtype=np.int64) if chosen is None else np.unique(chosen),
        target=target,
        threads=threads,
        progress=progress,
        done_before=done_before,
        total=total,
    )
    return sums, target_counts(g.n, target)


def closeness(
    g: Graph,
    *,
    wf_improved: bool = True,
    targets: Nodes = None,
    sources: Nodes = None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.Series:
    r"""Out-closeness: how close each node's messages get to everyone else.

    .. math::  C(u) = \frac{r_u}{\sum_{t} d(u, t)} \cdot \frac{r_u}{n - 1}

    where the sum runs over the :math:`r_u` nodes ``u`` reaches and the second factor (Wasserman–Faust) scales down
    nodes that reach few. This equals NetworkX ``closeness_centrality(G.reverse(), wf_improved=True)`` (undirected:
    ``G``).

    Parameters
    ----------
    g : Graph
    wf_improved : bool
        Apply the Wasserman–Faust factor ``r_u / (n - 1)``; without it, disconnected graphs over-score small groups.
    targets : node ids or indices, optional
        Closeness to an audience: only distances to these nodes count, and ``n - 1`` becomes the number of targets
        other than ``u``; a node reaching no target scores 0.
    sources : node ids or indices, optional
        Score only these nodes (one sweep each, e.g. NetworkX ``closeness_centrality(G, u)``); the others score 0.
    threads, progress
        As in :func:`betweenness`.

    Returns
    -------
    pandas.Series
        Named ``closeness``, indexed by node id; 0 for a node that reaches nobody.

    Notes
    -----
    One BFS (Dijkstra when weighted) per node: O(nm) time, O(n + m) memory per thread.

    References
    ----------
    A. Bavelas, "Communication patterns in task-oriented groups", JASA 22(6), 1950.
    S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University Press, 1994.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> closeness(Graph.from_edges(["a", "b"], ["b", "c"])).tolist()
    [0.6666666666666666, 1.0, 0.6666666666666666]
    """
    sums, counts = _distance_sums(g, targets, threads, progress, sources=sources)
    return _series(g, closeness_from_sums(sums, counts, wf_improved=wf_improved), "closeness")


def harmonic(
    g: Graph,
    *,
    targets: Nodes = None,
    sources: Nodes = None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.Series:
    r"""Harmonic out-centrality: the mean reciprocal distance from each node to the others.

    .. math::  H(u) = \frac{1}{n - 1} \sum_{t \ne u} \frac{1}{d(u, t)}

    with :math:`1/\infty = 0`, so disconnected graphs need no correction. Equals NetworkX
    ``harmonic_centrality(G.reverse())`` divided by ``n - 1``. With ``targets``, the mean runs over the targets
    other than ``u``. With ``sources``, only those nodes are scored (one sweep each); the others score 0.

    References
    ----------
    P. Boldi and S. Vigna, "Axioms for centrality", Internet Mathematics 10(3-4), 2014.
    https://doi.org/10.1080/15427951.2013.865686

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> harmonic(Graph.from_edges(["a", "b"], ["b", "c"])).tolist()
    [0.75, 1.0, 0.75]
    """
    sums, counts = _distance_sums(g, targets, threads, progress, sources=sources)
    return _series(g, harmonic_from_sums(sums, counts), "harmonic")


def centrality(
    g: Graph,
    measures: Sequence[str] = MEASURES,
    *,
    normalized: bool = True,
    wf_improved: bool = True,
    threads: int | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Several measures at once, one column each in the order asked; closeness and harmonic share one sweep.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> centrality(Graph.from_edges(["a", "b"], ["b", "c"]), ["degree", "betweenness"]).to_dict("list")
    {'degree': [0.5, 1.0, 0.5], 'betweenness': [0.0, 1.0, 0.0]}
    """
    wanted = check_measures(measures)
    sweeps = int("betweenness" in wanted) + int("closeness" in wanted or "harmonic" in wanted)
    total = sweeps * g.n
    columns: dict[str, pd.Series] = {}
    done = 0
    if "betweenness" in wanted:
        columns["betweenness"] = betweenness(
            g,
            normalized=normalized,
            threads=threads,
            progress=None if progress is None else (lambda finished, _: progress(finished, total)),
        )
        done = g.n
    if "closeness" in wanted or "harmonic" in wanted:
        sums, counts = _distance_sums(g, None, threads, progress, done_before=done, total=total)
        columns["closeness"] = _series(g, closeness_from_sums(sums, counts, wf_improved=wf_improved), "closeness")
        columns["harmonic"] = _series(g, harmonic_from_sums(sums, counts), "harmonic")
    if "degree" in wanted:
        columns["degree"] = degree(g, normalized=normalized)
    return pd.DataFrame({name: columns[name] for name in wanted}, index=pd.Index(g.ids, name="id"))


def check_measures(measures: Sequence[str] | str) -> list[str]:
    """Validate measure names (a list, or one comma-separated string); duplicates are dropped."""
    names = [m.strip().lower() for m in (measures.split(",") if isinstance(measures, str) else measures)]
    names = [m for m in names if m]
    unknown = [m for m in names if m not in MEASURES]
    if unknown or not names:
        shown = ", ".join(repr(m) for m in unknown) or "none"
        raise OptionError(
            f"unknown measure {shown}", where="--measure", fix=f"use one or more of {', '.join(MEASURES)}"
        )
    return list(dict.fromkeys(names))
