"""The one ranking order of inroads: highest score first, ties broken by node id (DESIGN.md, "Ties").

Every ranked output (a top-k, a shortlist, a table sorted by a measure) asks this module, so the order of equal
scores is the same everywhere and every output is deterministic. Ids compare as text; NaN ranks below every number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["by_score", "id_ranks", "order_by_score", "top_scores"]


def id_ranks(ids: np.ndarray) -> np.ndarray:
    """Position of each id in sorted (text) order: the tie-breaker of every ranking.

    Examples
    --------
    >>> id_ranks(np.array(["b", "c", "a"])).tolist()
    [1, 2, 0]
    """
    order = np.argsort(np.asarray(ids).astype(str), kind="stable")
    ranks = np.empty(order.shape[0], dtype=np.int64)
    ranks[order] = np.arange(order.shape[0])
    return ranks


def by_score(scores: np.ndarray, id_rank: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """``candidates`` (node indices) from the highest score down, ties by id; NaN counts as the lowest score.

    Examples
    --------
    >>> by_score(np.array([1.0, 2.0, 2.0, np.nan]), np.array([3, 2, 1, 0]), np.arange(4)).tolist()
    [2, 1, 0, 3]
    """
    key = np.nan_to_num(np.asarray(scores, dtype=np.float64)[candidates], nan=-np.inf)
    return candidates[np.lexsort((id_rank[candidates], -key))]


def order_by_score(scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Every node index from the highest score down, ties by id.

    Examples
    --------
    >>> order_by_score(np.array([1.0, 2.0, 2.0]), np.array(["c", "b", "a"])).tolist()
    [2, 1, 0]
    """
    scores = np.asarray(scores)
    return by_score(scores, id_ranks(ids), np.arange(scores.shape[0]))


def top_scores(scores: pd.Series, top: int | None) -> pd.Series:
    """The ``top`` highest of a Series indexed by id (all of them, in their own order, when None).

    Examples
    --------
    >>> top_scores(pd.Series([1.0, 2.0, 2.0], index=["c", "b", "a"]), 2).index.tolist()
    ['a', 'b']
    """
    if top is None:
        return scores
    return scores.iloc[order_by_score(scores.to_numpy(), scores.index.to_numpy())[:top]]
