"""Reach: who a set of people gets a message to, by hops and by independent cascade, against baseline seed sets.

Messages flow along edges (``A -> B``: A's message reaches B; both ways when undirected). The choice of people
(``shortlist``, a file, ``top-degree:K``, ``random:K``) is resolved here for both ``reach`` and the illusion's
what-if, so every command reads the same specs the same way.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import GraphError, InputError, OptionError
from inroads.graph import Graph
from inroads.ranking import id_ranks, order_by_score

__all__ = [
    "ReachResult",
    "cascade_spread",
    "celf",
    "hop_reach",
    "random_people",
    "reach",
    "resolve_people",
    "top_degree",
]

CI_Z = 1.959963984540054  # two-sided 95% normal quantile


def _as_indices(g: Graph, people: Sequence[int] | np.ndarray) -> np.ndarray:
    chosen = np.unique(np.asarray(people, dtype=np.int64))
    if chosen.size and (chosen.min() < 0 or chosen.max() >= g.n):
        raise GraphError("a seed index is outside the graph")
    return chosen


def top_degree(g: Graph, size: int) -> np.ndarray:
    """The ``size`` people most others hear from (highest out-degree; degree when undirected), ties by node id.

    Examples
    --------
    >>> g = Graph.from_edges(["b", "b", "a"], ["c", "a", "d"])  # nodes b, c, a, d; b and a have degree 2
    >>> g.ids[top_degree(g, 2)].tolist()
    ['a', 'b']
    """
    order = order_by_score(g.out_degree(), g.ids)
    return order[: max(0, min(size, g.n))].astype(np.int64)


def random_people(g: Graph, size: int, *, seed: int | np.random.Generator | None = 0) -> np.ndarray:
    """``size`` people drawn uniformly without replacement; the same ``seed`` gives the same people."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return np.sort(rng.choice(g.n, size=min(size, g.n), replace=False)).astype(np.int64)


def _read_people_file(g: Graph, path: Path) -> np.ndarray:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror})", where=str(path), fix="check the path") from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines and "," in lines[0]:
        # A table (e.g. the CSV of `inroads shortlist`): its `id` column, or its first column.
        header = [cell.strip() for cell in lines[0].split(",")]
        column = header.index("id") if "id" in header else 0
        ids = [line.split(",")[column].strip() for line in lines[1:]]
    else:
        ids = lines
    if not ids:
        raise InputError("no ids in the file", where=str(path), fix="list one node id per line")
    try:
        return np.unique(g.indices_of(ids))
    except GraphError as error:
        raise InputError(error.what, where=str(path), fix="use ids exactly as in the network") from None


def resolve_people(
    g: Graph, spec: str, *, size: int = 50, seed: int | None = 0, option: str = "--seeds"
) -> tuple[np.ndarray, str]:
    """Internal indices named by ``spec`` and a short description of the choice.

    ``spec`` is ``shortlist`` (the first ``size`` of :func:`inroads.shortlist`), ``top-degree:K``, ``random:K`` or a
    file of ids (one per line, or a CSV with an ``id`` column).
    """
    kind, _, count = spec.partition(":")
    if kind in ("top-degree", "random"):
        try:
            k = int(count)
        except ValueError:
            k = -1
        if k < 1:
            raise OptionError(f"{spec!r} needs a positive count", where=option, fix=f"write e.g. {kind}:50")
        if kind == "top-degree":
            return top_degree(g, k), f"top-degree:{k}"
        return random_people(g, k, seed=seed), f"random:{k} (seed {seed})"
    if spec == "shortlist":
        try:
            from inroads.influencers import shortlist
        except ImportError:
            raise OptionError(
                "the shortlist is not available in this build", where=option, fix="give a file of ids instead"
            ) from None
        table = shortlist(g, size=min(max(size, 2), g.n)).head(size)
        return np.unique(g.indices_of(table["id"].astype(str))), f"shortlist:{len(table)}"
    path = Path(spec)
    if not path.is_file():
        raise OptionError(
            f"{spec!r} is not a file nor one of shortlist, top-degree:K, random:K", where=option, fix="check it"
        )
    return _read_people_file(g, path), f"file {path.name}"


def hop_reach(g: Graph, seeds: Sequence[int] | np.ndarray, *, hops: int = 2) -> int:
    """Number of people at most ``hops`` steps from a seed along the edges' direction (seeds included).

    Examples
    --------
    >>> hop_reach(Graph.from_edges(list("abcd"), list("bcde")), [0], hops=2)
    3
    """
    if hops < 0:
        raise OptionError(f"hops must be 0 or more, not {hops}", where="--hops")
    reached = np.zeros(g.n, dtype=bool)
    frontier = np.zeros(g.n, dtype=bool)
    frontier[_as_indices(g, seeds)] = True
    reached |= frontier
    spread = g.adjacency().T  # (A^T x)[v] > 0  <=>  some u in x has an edge u -> v
    for _ in range(hops):
        if not frontier.any():
            break
        frontier = (spread @ frontier.astype(np.float64) > 0) & ~reached
        reached |= frontier
    return int(reached.sum())


def _check_probability(probability: float) -> float:
    probability = float(probability)
    if not 0 < probability <= 1:
        raise OptionError(
            f"cascade probability {probability!r} is outside (0, 1]", where="--cascade", fix="use e.g. 0.05"
        )
    return probability


def _check_seed(seed: int | None) -> int:
    seed = 0 if seed is None else int(seed)
    if seed < 0:
        raise OptionError(f"seed {seed} is negative", where="--seed", fix="use 0 or a positive integer")
    return seed


def cascade_spread(
    g: Graph, seeds: Sequence[int] | np.ndarray, *, probability: float, runs: int = 1000, seed: int | None = 0
) -> dict[str, float]:
    """Expected independent-cascade spread of ``seeds`` with a 95% confidence interval.

    Each run, every edge ``u -> v`` transmits once with ``probability`` when ``u`` is reached; the spread is the
    number reached, seeds included. Runs are parallel (numba ``prange``) with per-run coins hashed from ``seed``, so
    the result is identical for the same seed whatever the thread count.

    Returns ``mean``, ``sd``, ``ci_low``, ``ci_high`` (mean ± 1.96 sd/√runs, a normal approximation) and ``runs``.

    References
    ----------
    .. [1] D. Kempe, J. Kleinberg, É. Tardos, "Maximizing the spread of influence through a social network", KDD 2003.
       https://doi.org/10.1145/956750.956769
    """
    from inroads.kernels.cascade import cascade_sizes

    probability = _check_probability(probability)
    if runs < 1:
        raise OptionError(f"runs must be positive, not {runs}", where="--runs")
    chosen = _as_indices(g, seeds)
    sizes = cascade_sizes(
        g.indptr, g.indices, chosen, probability, not g.directed, int(runs), _check_seed(seed)
    ).astype(np.float64)
    mean = float(sizes.mean())
    sd = float(sizes.std(ddof=1)) if runs > 1 else 0.0
    half = CI_Z * sd / math.sqrt(runs)
    return {"mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half, "runs": int(runs)}


def celf(
    g: Graph,
    size: int,
    *,
    probability: float,
    runs: int = 100,
    seed: int | None = 0,
    candidates: int | None = 500,
) -> np.ndarray:
    """Greedy influence maximisation under the independent cascade, with CELF's lazy evaluation.

    Adds, ``size`` times, the person with the largest marginal gain in expected spread. The expectation is the mean
    over ``runs`` sampled worlds (100 by default, a modest number: the greedy choice needs ranks, not precise values),
    the same worlds for every candidate (common random numbers), so the sampled objective is exactly monotone and
    submodular and lazy evaluation [2]_ picks exactly what plain greedy would on those worlds. Greedy then achieves at
    least :math:`1 - 1/e` of the best sampled spread [1]_. Ties go to the lower node id.

    Undirected graphs: each world is a bond percolation, so one union–find pass per world gives everyone's spread
    and a gain costs :math:`O(runs)`; everyone is a candidate. Directed graphs: a gain is a search per world, so only
    the ``candidates`` people of highest out-degree are considered (None: everyone).

    References
    ----------
    .. [1] D. Kempe, J. Kleinberg, É. Tardos, KDD 2003. https://doi.org/10.1145/956750.956769
    .. [2] J. Leskovec et al., "Cost-effective outbreak detection in networks", KDD 2007.
       https://doi.org/10.1145/1281192.1281239

    Examples
    --------
    Every edge transmits at probability 1, so anyone in the star reaches 4 people (a tie, won by the lowest id), then
    the pair adds 2.

    >>> g = Graph.from_edges(["h", "h", "h", "p"], ["x", "y", "z", "q"])
    >>> g.ids[celf(g, 2, probability=1.0)].tolist()
    ['h', 'p']
    """
    probability = _check_probability(probability)
    seed = _check_seed(seed)
    size = max(0, min(size, g.n))
    if runs * g.n > 500_000_000:
        raise OptionError(f"{runs} runs x {g.n} nodes is too much memory for CELF", fix="lower the runs")
    if g.directed:
        gain = _bfs_gains(g, probability, runs, seed)
        pool = top_degree(g, g.n if candidates is None else candidates)
    else:
        gain = _component_gains(g, probability, runs, seed)
        pool = top_degree(g, g.n)  # a gain costs O(runs) here, so everyone is a candidate
    id_rank = id_ranks(g.ids)
    # Max-heap of (-stale gain, id rank, index, how many were chosen when the gain was computed).
    heap = [
        (-float(value), int(id_rank[u]), int(u), 0) for u, value in zip(pool, gain(pool, commit=False), strict=True)
    ]
    heapq.heapify(heap)
    chosen: list[int] = []
    while len(chosen) < size and heap:
        _, rank, u, computed = heapq.heappop(heap)
        if computed == len(chosen):
            gain(np.array([u]), commit=True)
            chosen.append(u)
        else:
            heapq.heappush(heap, (-float(gain(np.array([u]), commit=False)[0]), rank, u, len(chosen)))
    return np.asarray(chosen, dtype=np.int64)


def _bfs_gains(g: Graph, probability: float, runs: int, seed: int) -> Any:
    """Marginal gains by a search from each candidate over each run's live edges, skipping who is covered."""
    from inroads.kernels.cascade import marginal_gain

    covered = np.zeros((runs, g.n), dtype=np.bool_)

    def gain(people: np.ndarray, *, commit: bool) -> np.ndarray:
        return np.array(
            [
                marginal_gain(g.indptr, g.indices, covered, int(u), probability, not g.directed, seed, commit)
                for u in people
            ]
        )

    return gain


def _component_gains(g: Graph, probability: float, runs: int, seed: int) -> Any:
    """Undirected: a person's gain in a run is the size of their live-edge component unless it is already covered."""
    from inroads.kernels.cascade import percolation_components

    roots, sizes = percolation_components(g.indptr, g.indices, probability, runs, seed)
    covered = np.zeros((runs, g.n), dtype=np.bool_)
    every_run = np.arange(runs)[:, None]

    def gain(people: np.ndarray, *, commit: bool) -> np.ndarray:
        component = roots[:, people]
        new = np.where(covered[every_run, component], 0, sizes[every_run, component])
        if commit:
            covered[every_run, component] = True
        return new.mean(axis=0)

    return gain


@dataclass
class ReachResult:
    """Reach of the given seeds and of baseline seed sets of the same size, one row per strategy.

    ``table`` columns: ``strategy``, ``seeds``, ``within_hops`` (people within ``hops`` of a seed, seeds included),
    ``share_within_hops`` and, with a cascade probability, ``cascade_mean``, ``cascade_ci_low``, ``cascade_ci_high``.
    ``chosen`` maps each strategy to its seed indices.
    """

    table: pd.DataFrame
    chosen: dict[str, np.ndarray]
    meta: dict[str, Any]


def reach(
    g: Graph,
    seeds: Sequence[int] | np.ndarray,
    *,
    hops: int = 2,
    probability: float | None = None,
    runs: int = 1000,
    seed: int | None = 0,
    baselines: bool = True,
    celf_runs: int = 100,
    celf_candidates: int | None = 500,
) -> ReachResult:
    """Reach of ``seeds`` (internal indices) by hops and, with ``probability``, by independent cascade.

    With ``baselines``, the same figures for top-degree and random seed sets of equal size, and (with a cascade) the
    greedy CELF set (:func:`celf` with ``celf_runs`` worlds per evaluation). The random set uses ``seed``; cascades
    use ``seed`` too, so every strategy is measured on the same random worlds.

    Examples
    --------
    >>> g = Graph.from_edges(list("abcd"), list("bcde"))  # a path a-b-c-d-e
    >>> result = reach(g, [2], hops=1, baselines=False)
    >>> result.table[["strategy", "within_hops"]].values.tolist()
    [['given', 3]]
    """
    seed = _check_seed(seed)
    if probability is not None:
        probability = _check_probability(probability)
    given = _as_indices(g, seeds)
    if given.size == 0:
        raise OptionError("no seeds given", where="--seeds")
    k = int(given.size)
    chosen = {"given": given}
    if baselines:
        chosen["top-degree"] = top_degree(g, k)
        chosen["random"] = random_people(g, k, seed=seed)
        if probability is not None:
            chosen["celf"] = celf(g, k, probability=probability, runs=celf_runs, seed=seed, candidates=celf_candidates)
    rows = []
    for name, people in chosen.items():
        within = hop_reach(g, people, hops=hops)
        row: dict[str, Any] = {
            "strategy": name,
            "seeds": int(people.size),
            "within_hops": within,
            "share_within_hops": within / g.n,
        }
        if probability is not None:
            spread = cascade_spread(g, people, probability=probability, runs=runs, seed=seed)
            row |= {
                "cascade_mean": spread["mean"],
                "cascade_ci_low": spread["ci_low"],
                "cascade_ci_high": spread["ci_high"],
            }
        rows.append(row)
    meta = {"hops": hops, "cascade_probability": probability, "runs": runs, "seed": seed, "celf_runs": celf_runs}
    return ReachResult(pd.DataFrame(rows), chosen, meta)
