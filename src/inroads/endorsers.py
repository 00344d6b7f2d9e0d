"""Endorser choice: whom to win over so that as many people as possible see the threshold among those they observe.

A person *sees the threshold* when at least a share ``t`` of the people they observe (in-neighbours; neighbours when
undirected) hold the attribute. Choosing ``K`` endorsers to maximise how many see it is NP-hard, so this module
chooses greedily, with lazy evaluation, and compares the choice with simple baselines.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.illusion import _check_threshold, attribute_holders, observed_counts
from inroads.ranking import id_ranks
from inroads.reach import random_people, top_degree

__all__ = ["choose_endorsers", "compare_endorsers", "seeing_threshold"]


def _needed(observed: np.ndarray, threshold: float) -> np.ndarray:
    """Fewest holders ``c`` with ``c / observed >= threshold``, as that float division decides it."""
    safe = np.maximum(observed, 1)
    need = np.ceil(threshold * safe).astype(np.int64)
    # Correct any rounding of threshold * observed so that `need` agrees with the division used everywhere else.
    need = np.where((need - 1) / safe >= threshold, need - 1, need)
    need = np.where(need / safe < threshold, need + 1, need)
    return np.where(observed > 0, need, np.iinfo(np.int64).max)


def seeing_threshold(g: Graph, holders: np.ndarray, *, threshold: float = 0.5) -> int:
    """How many people observe at least a share ``threshold`` of holders (people without neighbours never do).

    Examples
    --------
    >>> g = Graph.from_edges(["hub", "hub", "hub"], ["a", "b", "c"])
    >>> seeing_threshold(g, np.array([True, False, False, False]))
    3
    """
    threshold = _check_threshold(threshold)
    observed, held = observed_counts(g, holders.astype(bool))
    return int(np.count_nonzero((observed > 0) & (held >= _needed(observed, threshold))))


def choose_endorsers(
    g: Graph,
    budget: int,
    *,
    threshold: float = 0.5,
    holders: Sequence[bool] | np.ndarray | None = None,
) -> np.ndarray:
    """Choose ``budget`` endorsers (internal indices, in order of choice) so many people see the threshold.

    Greedy: each step adds the person whose endorsement brings the most people up to the threshold (a person ``v``
    observing :math:`k_v` people, :math:`h_v` of them holders, sees it when :math:`h_v / k_v \\ge t`). Ties go to
    the person who moves the most people still below it one step closer, then to the lower node id. Existing
    ``holders`` count from the start and are not chosen again.

    Notes
    -----
    The problem is NP-hard: with :math:`t \\le 1/\\max_v k_v` a single endorser suffices for each of their
    out-neighbours, and it is maximum coverage. The objective is monotone but *not* submodular when ``t`` needs
    several endorsers for one person (two endorsers together can win more than the sum of each alone), so greedy has
    no approximation guarantee here, and lazy evaluation (re-scoring a candidate only when it tops the queue with a
    score from an earlier step) is a heuristic that can overlook a candidate whose score has risen. As a safeguard the
    result is never worse than the top-degree choice of the same size: if top-degree wins more people, it is returned.
    Cost: :math:`O(m)` for the first scores, then :math:`O(k_u)` per re-score.

    Examples
    --------
    Two stars: endorsing the hub of the bigger one wins its three leaves.

    >>> g = Graph.from_edges(["h", "h", "h", "s"], ["a", "b", "c", "t"])
    >>> g.ids[choose_endorsers(g, 1)].tolist()
    ['h']
    """
    threshold = _check_threshold(threshold)
    if budget < 1:
        raise OptionError(f"the budget must be positive, not {budget}", where="--budget")
    base = np.zeros(g.n, dtype=bool) if holders is None else np.asarray(holders, dtype=bool).copy()
    greedy = _lazy_greedy(g, budget, threshold, base)
    baseline = [int(u) for u in top_degree(g, g.n) if not base[u]][: greedy.size]
    if _wins(g, base, np.asarray(baseline, dtype=np.int64), threshold) > _wins(g, base, greedy, threshold):
        return np.asarray(baseline, dtype=np.int64)
    return greedy


def _wins(g: Graph, base: np.ndarray, chosen: np.ndarray, threshold: float) -> int:
    holders = base.copy()
    holders[chosen] = True
    return seeing_threshold(g, holders, threshold=threshold)


def _lazy_greedy(g: Graph, budget: int, threshold: float, base: np.ndarray) -> np.ndarray:
    observed, held = observed_counts(g, base)
    need = _needed(observed, threshold)
    reached = held >= need
    indptr, indices = g.indptr, g.indices
    # A person's endorsement is seen by their out-neighbours: the CSR rows.
    one_short = (~reached & (held + 1 >= need)).astype(np.float64)
    below = (~reached & (observed > 0)).astype(np.float64)
    adjacency = g.adjacency()
    first_wins, first_steps = adjacency @ one_short, adjacency @ below
    id_rank = id_ranks(g.ids)
    heap = [(-int(first_wins[u]), -int(first_steps[u]), int(id_rank[u]), int(u), 0) for u in np.flatnonzero(~base)]
    heapq.heapify(heap)
    chosen: list[int] = []

    def score(u: int) -> tuple[int, int]:
        seen_by = indices[indptr[u] : indptr[u + 1]]
        open_ = ~reached[seen_by]
        return int(np.count_nonzero(open_ & (held[seen_by] + 1 >= need[seen_by]))), int(np.count_nonzero(open_))

    while len(chosen) < budget and heap:
        _, _, rank, u, computed = heapq.heappop(heap)
        if computed != len(chosen):
            wins, steps = score(u)
            heapq.heappush(heap, (-wins, -steps, rank, u, len(chosen)))
            continue
        chosen.append(u)
        seen_by = indices[indptr[u] : indptr[u + 1]]
        held[seen_by] += 1
        reached[seen_by] |= held[seen_by] >= need[seen_by]
    return np.asarray(chosen, dtype=np.int64)


def compare_endorsers(
    g: Graph,
    budget: int,
    *,
    threshold: float = 0.5,
    attribute: str | Sequence[bool] | np.ndarray | None = None,
    value: Any = None,
    seed: int | None = 0,
    shortlist: bool = True,
) -> pd.DataFrame:
    """Greedy endorsers against the shortlist, top-degree and random endorsers of equal size, one row each.

    Columns: ``strategy``, ``endorsers``, ``seeing_threshold`` (people who observe at least ``threshold`` holders),
    ``share_of_observers`` and ``ids`` (the endorsers, comma-separated, in order of choice or rank). The shortlist
    row is left out when :mod:`inroads.influencers` is not available.

    Examples
    --------
    >>> g = Graph.from_edges(["h", "h", "h", "s"], ["a", "b", "c", "t"])
    >>> compare_endorsers(g, 1, shortlist=False)[["strategy", "seeing_threshold"]].values.tolist()
    [['greedy', 3], ['top-degree', 3], ['random', 1]]
    """
    threshold = _check_threshold(threshold)
    base = np.zeros(g.n, dtype=bool) if attribute is None else attribute_holders(g, attribute, value=value)
    choices: dict[str, np.ndarray] = {"greedy": choose_endorsers(g, budget, threshold=threshold, holders=base)}
    if shortlist:
        try:
            from inroads.influencers import shortlist as make_shortlist
        except ImportError:
            pass
        else:
            # The shortlist needs at least 2 people; take its first `budget`.
            table = make_shortlist(g, size=min(max(budget, 2), g.n)).head(budget)
            choices["shortlist"] = g.indices_of(table["id"].astype(str))
    choices["top-degree"] = top_degree(g, budget)
    choices["random"] = random_people(g, budget, seed=seed)
    observers = int(np.count_nonzero(g.in_degree() > 0))
    rows = []
    for name, people in choices.items():
        wins = _wins(g, base, people, threshold)
        rows.append(
            {
                "strategy": name,
                "endorsers": int(people.size),
                "seeing_threshold": wins,
                "share_of_observers": wins / observers if observers else float("nan"),
                "ids": ",".join(g.ids[people].astype(str)),
            }
        )
    return pd.DataFrame(rows)
