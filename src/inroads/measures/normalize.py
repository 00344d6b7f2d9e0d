"""Normalisation of centrality scores: the one place where raw kernel sums become the published measures.

Every convention of DESIGN.md "Semantics" that involves a denominator lives here, so exact runs, sampled runs and
Dask runs (which all produce the same raw sums) rescale alike.
"""

from __future__ import annotations

import numpy as np

__all__ = ["closeness_from_sums", "harmonic_from_sums", "rescale_betweenness", "target_counts"]


def rescale_betweenness(
    raw: np.ndarray, n: int, *, normalized: bool, directed: bool, endpoints: bool = False
) -> np.ndarray:
    r"""Scale raw Brandes dependency sums (over ordered source–target pairs) as NetworkX does.

    With ``N = n - 1`` (``N = n`` when ``endpoints``), the number of nodes a path through ``v`` can start from:

    .. math::  c_B(v) = \frac{1}{N (N - 1)} \sum_{s \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}  \quad\text{(normalized)}

    and, unnormalised, the sum itself on directed graphs and half of it on undirected ones (each unordered pair was
    counted from both ends). Undirected normalised scores thus equal ``2 / ((n-1)(n-2))`` times the unordered-pair
    sum. With ``N < 2`` no path has an inner node and the scores are returned unchanged (all zero).

    Examples
    --------
    >>> rescale_betweenness(np.array([0.0, 2.0, 0.0]), 3, normalized=True, directed=False).tolist()
    [0.0, 1.0, 0.0]
    >>> rescale_betweenness(np.array([0.0, 2.0, 0.0]), 3, normalized=False, directed=False).tolist()
    [0.0, 1.0, 0.0]
    """
    pairs_from = n if endpoints else n - 1
    if pairs_from < 2:
        return raw
    if normalized:
        return raw / (pairs_from * (pairs_from - 1))
    return raw if directed else raw / 2


def target_counts(n: int, target: np.ndarray | None) -> np.ndarray:
    """How many targets each node can reach at most: ``n - 1``, or ``|targets|`` minus one for a node that is one."""
    if target is None:
        return np.full(n, max(n - 1, 0), dtype=np.float64)
    return float(target.sum()) - target


def closeness_from_sums(sums: np.ndarray, counts: np.ndarray, *, wf_improved: bool = True) -> np.ndarray:
    r"""Closeness from the ``(3, n)`` distance sums of :mod:`inroads.kernels.distances`.

    For node ``u`` reaching ``r`` of its ``T`` possible targets at total distance ``D``:

    .. math::  C(u) = \frac{r}{D} \cdot \frac{r}{T}   \quad\text{(Wasserman–Faust; without it } r / D\text{)}

    and 0 when ``u`` reaches nobody. With all nodes as targets (``T = n - 1``) this is NetworkX's
    ``closeness_centrality`` of the reversed graph (out-closeness).

    Examples
    --------
    >>> sums = np.array([[3.0, 2.0, 0.0], [1.5, 2.0, 0.0], [2.0, 2.0, 0.0]])  # path 0-1-2, from nodes 0 and 1
    >>> closeness_from_sums(sums, np.full(3, 2.0)).tolist()
    [0.6666666666666666, 1.0, 0.0]
    """
    total, reached = sums[0], sums[2]
    score = np.divide(reached, total, out=np.zeros_like(total), where=total > 0)
    if wf_improved:
        score *= np.divide(reached, counts, out=np.zeros_like(total), where=counts > 0)
    return score


def harmonic_from_sums(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    r"""Harmonic centrality from the distance sums: :math:`H(u) = \frac{1}{T} \sum_{t \ne u} 1 / d(u, t)`.

    ``T`` is ``n - 1`` (or the number of targets other than ``u``), so scores lie in [0, 1]; with all nodes as
    targets this is NetworkX's ``harmonic_centrality`` of the reversed graph divided by ``n - 1``.

    Examples
    --------
    >>> sums = np.array([[3.0, 2.0, 0.0], [1.5, 2.0, 0.0], [2.0, 2.0, 0.0]])
    >>> harmonic_from_sums(sums, np.full(3, 2.0)).tolist()
    [0.75, 1.0, 0.0]
    """
    return np.divide(sums[1], counts, out=np.zeros_like(sums[1]), where=counts > 0)
