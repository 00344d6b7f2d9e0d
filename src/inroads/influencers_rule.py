"""The shortlist rule, over score arrays only: who is chosen, and as which type (pure functions, property-tested).

Kept apart from :mod:`inroads.influencers`, which computes the scores and builds the table around this choice.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from inroads.errors import OptionError
from inroads.ranking import by_score, id_ranks

__all__ = ["check_picks", "percentile", "select", "spread"]


def percentile(scores: np.ndarray) -> np.ndarray:
    """Percent of the network scoring at or below each person (the top scorer gets 100).

    Examples
    --------
    >>> percentile(np.array([0.5, 0.1, 0.5, 0.0])).tolist()
    [100.0, 50.0, 100.0, 25.0]
    """
    key = np.nan_to_num(np.asarray(scores, dtype=np.float64), nan=-np.inf)
    ordered = np.sort(key)
    return 100.0 * np.searchsorted(ordered, key, side="right") / max(key.shape[0], 1)


def check_picks(
    n: int, ids: np.ndarray, *, size: int, split: float, eligible: np.ndarray | None, forced: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What every rule checks and prepares first: ``(id ranks, who is available, forced indices)``.

    Examples
    --------
    >>> rank, available, forced = check_picks(3, np.array(["b", "a", "c"]), size=2, split=0.5, eligible=None,
    ...                                       forced=np.array([2, 2]))
    >>> rank.tolist(), available.tolist(), forced.tolist()
    ([1, 0, 2], [True, True, True], [2])
    """
    id_rank = id_ranks(ids)
    available = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    forced_idx = np.unique(np.asarray([] if forced is None else forced, dtype=np.int64))
    if not 0 <= split <= 1:
        raise OptionError(f"split must be between 0 and 1, got {split!r}", where="--split")
    if forced_idx.size > size:
        raise OptionError(f"{forced_idx.size} people are forced in but the list holds {size}", where="--include",
                          fix="raise --size or shorten the list")  # fmt: skip
    return id_rank, available, forced_idx


def select(
    betweenness: np.ndarray,
    closeness: np.ndarray,
    ids: np.ndarray,
    *,
    size: int,
    split: float,
    eligible: np.ndarray | None = None,
    forced: np.ndarray | None = None,
    conversion: Callable[[np.ndarray, int], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The shortlist rule over score arrays: who is chosen, and as which type.

    1. People in ``forced`` are on the list whatever their scores; each takes the type where their percentile is
       higher (:func:`percentile`; a tie makes them awareness).
    2. Awareness: the ``round(size * split)`` people with the highest betweenness (less those forced in as
       awareness), from the eligible.
    3. Conversion: the rest of the list, by closeness, from the eligible not already chosen.

    Ties break by id. Python's ``round`` is used (half to even: ``round(2.5) == 2``).

    Parameters
    ----------
    betweenness, closeness : numpy.ndarray of float, shape (n,)
    ids : numpy.ndarray of str, shape (n,)
    size : int
        Length of the list; at least the number forced in and at most the number eligible.
    split : float
        Share of awareness influencers, in [0, 1].
    eligible : numpy.ndarray of bool, optional
        Who may be chosen (default: everyone); excluded people are False.
    forced : numpy.ndarray of int, optional
        Indices put on the list whatever their scores.
    conversion : callable, optional
        ``conversion(available_mask, k)`` returning ``k`` indices in rank order; replaces step 3 (``--scope
        community``).

    Returns
    -------
    chosen : numpy.ndarray of int64
        Indices in list order: awareness by betweenness, then conversion by closeness (or ``conversion``'s order).
    is_awareness : numpy.ndarray of bool
        One per chosen person.

    Examples
    --------
    >>> ids = np.array(["a", "b", "c", "d", "e"], dtype=object)
    >>> chosen, aware = select(np.array([.9, .5, .5, 0, 0]), np.array([.1, .2, .8, .9, .3]), ids, size=3, split=0.34)
    >>> ids[chosen].tolist(), aware.tolist()
    (['a', 'd', 'c'], [True, False, False])
    """
    n = betweenness.shape[0]
    id_rank, available, forced_idx = check_picks(n, ids, size=size, split=split, eligible=eligible, forced=forced)
    choosable = available.copy()
    choosable[forced_idx] = True
    if int(choosable.sum()) < size:
        raise OptionError(f"only {int(choosable.sum())} people can be chosen, fewer than --size {size}",
                          where="--size", fix="lower --size or exclude fewer people")  # fmt: skip
    forced_aware = forced_idx[percentile(betweenness)[forced_idx] >= percentile(closeness)[forced_idx]]
    forced_convert = np.setdiff1d(forced_idx, forced_aware)
    available[forced_idx] = False
    quota = max(round(size * split) - forced_aware.size, 0)
    quota = min(quota, size - forced_idx.size)
    aware = by_score(betweenness, id_rank, np.flatnonzero(available))[:quota]
    available[aware] = False
    remaining = size - forced_idx.size - aware.size
    if conversion is None:
        convert = by_score(closeness, id_rank, np.flatnonzero(available))[:remaining]
    else:
        convert = np.asarray(conversion(available, remaining), dtype=np.int64)
    aware_all = by_score(betweenness, id_rank, np.concatenate([forced_aware, aware]).astype(np.int64))
    convert_all = np.concatenate([forced_convert, convert]).astype(np.int64)
    if conversion is None:
        convert_all = by_score(closeness, id_rank, convert_all)
    chosen = np.concatenate([aware_all, convert_all])
    return chosen, np.arange(chosen.shape[0]) < aware_all.shape[0]


def spread(weights: np.ndarray, capacity: np.ndarray, k: int) -> np.ndarray:
    """Share ``k`` places among groups in proportion to ``weights``, never more than a group's ``capacity``.

    Largest remainders (Hamilton's method; ties go to the lower group number), repeated over the groups with room
    left until all ``k`` places are given or no group has room.

    Examples
    --------
    >>> spread(np.array([50, 30, 20]), np.array([50, 30, 20]), 5).tolist()
    [3, 1, 1]
    >>> spread(np.array([50, 30, 20]), np.array([1, 30, 20]), 5).tolist()
    [1, 2, 2]
    """
    given = np.zeros(weights.shape[0], dtype=np.int64)
    left = min(int(k), int(capacity.sum()))
    while left > 0:
        room = capacity - given
        open_ = (room > 0) & (weights > 0)
        if not open_.any():
            open_ = room > 0
        share = np.where(open_, weights.astype(np.float64) if (weights[open_] > 0).any() else 1.0, 0.0)
        exact = left * share / share.sum()
        add = np.minimum(np.floor(exact).astype(np.int64), room)
        extra = left - int(add.sum())
        if extra > 0:
            fraction = np.where(open_ & (add < room), exact - np.floor(exact), -1.0)
            order = by_score(fraction, np.arange(fraction.shape[0]), np.arange(fraction.shape[0]))  # ties: lowest index
            takers = order[fraction[order] >= 0][:extra]
            add[takers] += 1
        if add.sum() == 0:
            break
        given += add
        left -= int(add.sum())
    return given
