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
    r"""Shortest-path betweenness of every node (or the ``top`` k): exactly, or within ``epsilon`` with probability
    at least 1 - ``delta``.

    How much of the traffic between others passes through each node: a high score marks a bridge, an *awareness*
    influencer. On NetworkX's scale (``betweenness_centrality(G, normalized=True, weight=...)``, equal to 1e-9):

    .. math::  c_B(v) = \frac{1}{(n-1)(n-2)} \sum_{s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}

    over *ordered* pairs ``(s, t)``, where :math:`\sigma_{st}` counts the shortest ``s``–``t`` paths and
    :math:`\sigma_{st}(v)` those through ``v``. Directed graphs follow edge direction (the way a message flows);
    weighted graphs use :attr:`Graph.lengths` and count two paths as equally short when their lengths agree to a
    relative 1e-12. Normalisation lives in :func:`inroads.measures.normalize.rescale_betweenness`.

    Parameters
    ----------
    g : Graph
        Directed or not, weighted or not; disconnected graphs are normal input.
    method : {"auto", "exact", "approx"}, default "auto"
        ``"exact"``: Brandes' algorithm (:func:`inroads.measures.exact.betweenness`). ``"approx"``: KADABRA path
        sampling with a stated guarantee (:func:`inroads.measures.approx.approx_betweenness`; on a Dask cluster when
        one is active, :func:`inroads.engine.dask.use_backend`). ``"auto"``: see Notes.
    epsilon : float, default 0.01
        Sampled runs only: absolute error allowed on each normalised score, in (0, 1).
    delta : float, default 0.1
        Sampled runs only: probability, in (0, 1), that some score is off by more than ``epsilon``.
    top : int, optional
        Return only the ``top`` highest scores, highest first, ties by id (:mod:`inroads.ranking`); a sampled run
        then stops as soon as the order of the top k is certified. More than n returns every node, with a note.
    seed : int, default 0
        Sampled runs only: the same seed gives the same scores, whatever the thread count or batching.
    budget : float, optional
        Seconds an exact run may take before ``"auto"`` samples instead (default 30,
        :data:`inroads.measures.auto.DEFAULT_BUDGET`).
    normalized : bool, default True
        Divide by the ordered pairs ``(n-1)(n-2)`` (``n(n-1)`` with ``endpoints``). Unnormalised scores count each
        unordered pair once on undirected graphs, as NetworkX does. Exact only.
    sources : node ids or indices, optional
        Sweep only from these; the partial sums keep the full run's scaling, so disjoint source sets add up. Exact
        only.
    targets : node ids or indices, optional
        Count only shortest paths ending at these (NetworkX ``betweenness_centrality_subset``); with
        ``sources=targets=audience``, brokerage within an audience. Exact only.
    endpoints : bool, default False
        Count each path's endpoints as lying on it. Exact only.
    threads : int, optional
        Threads to use (default :func:`inroads.set_threads`, else all cores).
    progress : callable, optional
        ``progress(done, total)``: sources swept (exact) or paths sampled against the sample cap (approx).

    Returns
    -------
    pandas.Series
        Named ``betweenness``, indexed by node id (``id``), float64 in [0, 1] when normalised: every node in node
        order, or the ``top`` k highest first. ``attrs["inroads"]`` says what ran: ``method`` (``"exact"`` or
        ``"approx"``), ``reason`` (why, in one line) and ``notes``; sampled runs add ``epsilon``, ``delta``,
        ``samples``, ``pilot_samples``, ``sample_cap``, ``stopped`` (why sampling ended), ``bound`` (the largest
        error bound reached), ``seed``, ``seconds``, ``top`` and ``guarantee`` (one line for a footer).

    Raises
    ------
    OptionError
        An unknown ``method``, ``epsilon``/``delta`` outside (0, 1), ``top`` < 1, a ``budget`` that is not a number
        of seconds > 0, or an exact-only option (``normalized=False``, ``sources``, ``targets``, ``endpoints``) with
        ``method="approx"``.

    Notes
    -----
    *Which method.* :func:`inroads.measures.auto.decide_method` decides, and says why in ``attrs``. ``"auto"`` is
    exact when an exact-only option is given, when the graph has fewer than 3 nodes, when ``n·m`` is below 5e7, or
    when the exact run's estimated time fits ``budget`` (8 sources timed, scaled to n, divided by the threads);
    otherwise it samples. Exact: one BFS (Dijkstra when weighted) per node, O(nm) time (O(nm + n² log n) weighted),
    O(n + m) memory per thread.

    *Sampled bound.* Each sample is a uniform ordered pair and a uniform shortest path between them; sampling stops
    when KADABRA's adaptive per-node bounds are all within ``epsilon`` (or, with ``top``, when the top k's order is
    certified), and at the latest after the Riondato–Kornaropoulos VC-dimension sample count, after which every
    score is within ``epsilon``. Either way every score is within ``epsilon`` with probability at least 1 - ``delta``
    (with ``top``: each returned score is within ``epsilon`` or its rank is exact, and no node left out scores more
    than the k-th estimate plus 2 ``epsilon``). The cost depends on ``epsilon``, ``delta`` and how concentrated
    betweenness is, not on n.

    References
    ----------
    L. C. Freeman, "A set of measures of centrality based on betweenness", Sociometry 40(1), 1977.
    https://doi.org/10.2307/3033543
    U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), 2001.
    https://doi.org/10.1080/0022250X.2001.9990249
    M. Riondato and E. M. Kornaropoulos, "Fast approximation of betweenness centrality through sampling", WSDM 2014.
    https://doi.org/10.1145/2556195.2556224
    M. Borassi and E. Natale, "KADABRA is an ADaptive Algorithm for Betweenness via Random Approximation", ESA 2016;
    ACM J. Exp. Algorithmics 24, 2019. https://doi.org/10.1145/3284359

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])  # the path a-b-c-d
    >>> scores = betweenness(g)
    >>> scores.round(4).to_dict(), scores.attrs["inroads"]["reason"]
    ({'a': 0.0, 'b': 0.6667, 'c': 0.6667, 'd': 0.0}, 'exact: small graph (n·m = 12)')
    >>> betweenness(g, top=1).to_dict()  # b and c tie: the smaller id first
    {'b': 0.6666666666666666}
    >>> sampled = betweenness(g, method="approx", epsilon=0.1, seed=1)
    >>> sampled.attrs["inroads"]["method"], bool(abs(sampled["b"] - 2 / 3) <= 0.1)
    ('approx', True)
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
    r"""Out-closeness of every node (or the ``top`` k): how close each node's messages get to everyone else.

    A high score marks someone close to their people, a *conversion* influencer. With Wasserman and Faust's
    correction for nodes that reach few:

    .. math::  C(u) = \frac{r_u}{\sum_{t} d(u, t)} \cdot \frac{r_u}{n - 1}

    where the sum runs over the :math:`r_u` nodes ``u`` reaches and ``d`` follows edge direction (the way a message
    flows: *out*-closeness). This equals NetworkX ``closeness_centrality(G.reverse(), wf_improved=True)``
    (undirected: ``G``); a node that reaches nobody scores 0. Normalisation lives in
    :func:`inroads.measures.normalize.closeness_from_sums`.

    Parameters
    ----------
    g : Graph
        Directed or not, weighted or not (weights as path lengths); disconnected graphs are normal input.
    method : {"auto", "exact", "approx"}, default "auto"
        ``"exact"``: one BFS (Dijkstra when weighted) per node, or with ``top`` the exact top k by pruned BFS
        (:func:`inroads.measures.topk.top_closeness`). ``"approx"``: sampled targets with a stated bound
        (:func:`inroads.measures.approx_closeness.approx_closeness`). ``"auto"``: see Notes.
    epsilon : float, default 0.01
        Sampled runs only: absolute error allowed on each score, in (0, 1).
    delta : float, default 0.1
        Sampled runs only: probability, in (0, 1), that some score is off by more than ``epsilon``.
    top : int, optional
        Return only the ``top`` highest scores, highest first, ties by id (:mod:`inroads.ranking`). Exactly k
        nodes; ``attrs["inroads"]["tied_left_out"]`` counts nodes tied with the k-th left out. More than n returns
        every node, with a note.
    seed : int, default 0
        Sampled runs only: the same seed gives the same scores.
    budget : float, optional
        Seconds an exact run may take before ``"auto"`` samples instead (default 30,
        :data:`inroads.measures.auto.DEFAULT_BUDGET`).
    wf_improved : bool, default True
        Apply the Wasserman–Faust factor :math:`r_u / (n - 1)`; without it the score is :math:`r_u / \sum_t d(u, t)`
        and, on disconnected graphs, small groups over-score. Exact only.
    targets : node ids or indices, optional
        Closeness to an audience: only distances to these count, and ``n - 1`` becomes the number of targets other
        than ``u``. Exact only.
    threads : int, optional
        Threads to use (default :func:`inroads.set_threads`, else all cores); sampled runs use SciPy's sweeps.
    progress : callable, optional
        ``progress(done, total)`` with the sources swept (exact runs of every node).

    Returns
    -------
    pandas.Series
        Named ``closeness``, indexed by node id (``id``), float64 in [0, 1]: every node in node order, or the
        ``top`` k highest first. ``attrs["inroads"]`` says what ran: ``method``, ``reason`` and ``notes``; top-k
        runs add ``k``, ``computed`` (nodes that needed a full BFS), ``n``, ``tied_left_out`` and ``seconds``;
        sampled runs add ``epsilon``, ``delta``, ``samples``, ``bound`` (the error bound reached), ``seed``,
        ``seconds`` and ``guarantee`` (one line for a footer).

    Raises
    ------
    OptionError
        An unknown ``method``, ``epsilon``/``delta`` outside (0, 1), ``top`` < 1, a bad ``budget``, or
        ``targets``/``wf_improved=False`` with ``method="approx"``.

    Notes
    -----
    *Which method.* :func:`inroads.measures.auto.decide_method` decides, and says why in ``attrs``. With ``top``
    (and no exact-only option), ``"auto"`` is always the exact top k by pruned BFS (Bergamini et al.: on small-world
    graphs a few dozen BFS instead of n). Otherwise it is exact when ``targets`` or ``wf_improved=False`` is given
    (the top k, if asked, are then ranked from the full run), when ``n·m`` is below 5e7, or when the exact run's
    estimated time fits ``budget``: the betweenness estimate divided by 8 on unweighted graphs, where exact sweeps
    advance 64 sources at once (bit-parallel BFS). Exact: O(nm) time, O(n + m) memory per thread.

    *Sampled bound* (Eppstein–Wang). ``k`` targets are drawn uniformly and one sweep from each gives every node's
    distance to it; Hoeffding's inequality with a union bound over nodes bounds the fraction reached and the mean
    distance, and the closeness bound is computed from the box they span. ``k`` doubles until that bound is at most
    ``epsilon`` with probability at least 1 - ``delta``; when the next round would cost as much as the exact run,
    the exact run is done instead (``attrs["inroads"]["method"] == "exact"``). The bound is loose on directed
    graphs, where the exact fallback is common.

    References
    ----------
    L. C. Freeman, "Centrality in social networks: conceptual clarification", Social Networks 1(3), 1978.
    https://doi.org/10.1016/0378-8733(78)90021-7
    S. Wasserman and K. Faust, *Social Network Analysis: Methods and Applications*, Cambridge University Press, 1994.
    E. Bergamini, M. Borassi, P. Crescenzi, A. Marino and H. Meyerhenke, "Computing top-k closeness centrality faster
    in unweighted graphs", ACM TKDD 13(5), 2019. https://doi.org/10.1145/3344719
    D. Eppstein and J. Wang, "Fast approximation of centrality", J. Graph Algorithms Appl. 8(1), 2004.
    https://doi.org/10.7155/jgaa.00081

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])  # the path a-b-c-d
    >>> closeness(g).to_dict()
    {'a': 0.5, 'b': 0.75, 'c': 0.75, 'd': 0.5}
    >>> top = closeness(g, top=1)
    >>> top.to_dict(), top.attrs["inroads"]["tied_left_out"]  # b and c tie: the smaller id is kept
    ({'b': 0.75}, 1)
    >>> closeness(Graph.from_edges(["a", "b"], ["b", "c"], directed=True)).round(4).to_dict()  # a -> b -> c
    {'a': 0.6667, 'b': 0.5, 'c': 0.0}
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
    r"""Harmonic out-centrality of every node (or the ``top`` k): the mean reciprocal distance to the others.

    .. math::  H(u) = \frac{1}{n - 1} \sum_{t \ne u} \frac{1}{d(u, t)}

    with ``d`` along edge direction (*out*-centrality, as :func:`closeness`) and :math:`1/\infty = 0`, so
    disconnected graphs need no correction. Equals NetworkX ``harmonic_centrality(G.reverse())`` divided by
    ``n - 1`` (undirected: ``G``); scores lie in [0, 1]. Normalisation lives in
    :func:`inroads.measures.normalize.harmonic_from_sums`.

    Parameters
    ----------
    g : Graph
        Any graph: distances follow edge direction and path lengths when weighted; unreachable nodes add 0.
    method : {"auto", "exact", "approx"}, default "auto"
        Sweep from every node (with ``top``: only the nodes pruned BFS cannot rule out,
        :func:`inroads.measures.topk.top_closeness`), sample targets
        (:func:`inroads.measures.approx_closeness.approx_closeness`), or let ``"auto"`` pick (see Notes).
    epsilon : float, default 0.01
        For sampling: the absolute error each harmonic score may carry, in (0, 1).
    delta : float, default 0.1
        For sampling: the chance, in (0, 1), that any score misses by more than ``epsilon``.
    top : int, optional
        Keep the ``top`` highest, highest first and ties by id; exactly k nodes (``attrs["inroads"]
        ["tied_left_out"]`` counts those tied with the k-th and left out); more than n keeps every node.
    seed : int, default 0
        For sampling: seeds the targets drawn, so a seed always gives the same scores.
    budget : float, optional
        How many seconds (default 30) ``"auto"`` lets an exact run take before it samples.
    targets : node ids or indices, optional
        Only distances to these count, and ``n - 1`` becomes the number of targets other than ``u``. Exact only.
    threads : int, optional
        Cores for the exact and top-k sweeps (default :func:`inroads.set_threads`, else all); sampling uses SciPy.
    progress : callable, optional
        Called as ``progress(done, total)`` while an exact run sweeps every node.

    Returns
    -------
    pandas.Series
        Named ``harmonic``, indexed by node id (``id``), float64 in [0, 1]: every node in node order, or the ``top``
        k highest first. ``attrs["inroads"]`` as in :func:`closeness`.

    Raises
    ------
    OptionError
        An unknown ``method``, ``epsilon``/``delta`` outside (0, 1), ``top`` < 1, a bad ``budget``, or ``targets``
        with ``method="approx"``.

    Notes
    -----
    *Which method*: as :func:`closeness` (exact top k by pruned BFS with ``top``; else exact when it fits
    ``budget``). *Sampled bound* (Eppstein–Wang): the harmonic mean over ``k`` uniform targets is within
    ``sqrt(ln(6n/δ) / (2k)) · n/(n-1)`` of exact for every node with probability at least 1 - ``delta``
    (Hoeffding, union bound over nodes), so about ``ln(6n/δ) / (2ε²)`` sweeps suffice, whatever the graph; when that
    costs as much as the exact run, the exact run is done instead.

    References
    ----------
    M. Marchiori and V. Latora, "Harmony in the small-world", Physica A 285(3-4), 2000.
    https://doi.org/10.1016/S0378-4371(00)00311-3
    P. Boldi and S. Vigna, "Axioms for centrality", Internet Mathematics 10(3-4), 2014.
    https://doi.org/10.1080/15427951.2013.865686
    E. Bergamini, M. Borassi, P. Crescenzi, A. Marino and H. Meyerhenke, "Computing top-k closeness centrality faster
    in unweighted graphs", ACM TKDD 13(5), 2019. https://doi.org/10.1145/3344719
    D. Eppstein and J. Wang, "Fast approximation of centrality", J. Graph Algorithms Appl. 8(1), 2004.
    https://doi.org/10.7155/jgaa.00081

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])  # the path a-b-c-d
    >>> harmonic(g).round(4).to_dict()
    {'a': 0.6111, 'b': 0.8333, 'c': 0.8333, 'd': 0.6111}
    >>> harmonic(g, top=2, method="exact").attrs["inroads"]["method"]
    'exact'
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
