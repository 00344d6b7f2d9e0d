"""The default shortlist rule, ``niche``: connectors and niche experts, over arrays only (pure, property-tested).

The article the product serves is the contract (DESIGN.md, "The two kinds"):

* **awareness** influencers have "broad influence among many different networks": high betweenness *and* ties spread
  over many niches, scored ``betweenness x participation`` (Guimerà & Amaral's participation coefficient: 0 when all
  ties stay in one niche). They are chosen as a set, greedily (CELF's lazy evaluation): each next pick maximises
  ``score x (share of the niche pairs it bridges that no earlier pick bridges)``, where a person bridges the pair of
  niches ``{a, b}`` when they have contacts in both (their own niche counts). Two picks that bridge the same groups
  are not both worth a seat; once every pair is covered the rest go by score (Guimerà & Amaral's *connector hubs*).
* **conversion** influencers have "deep relationships within a narrow scope": inside each niche, the people closest to
  the rest of it (niche closeness, path lengths from strength, so strong ties count as short) among those whose ties
  stay mostly inside it (``inside_share >= 0.5``) and who have at least two contacts there, scored
  ``niche_closeness x inside_share``; the seats are shared among niches by size (or by audience members) with largest
  remainders (:func:`~inroads.influencers_rule.spread`), as ``--scope community`` does for the global rule (Guimerà &
  Amaral's *provincial hubs*).

No one is on both lists. When one kind runs out of people who qualify, its seats go to the other; a list that
cannot be filled under the rule at all is an :class:`~inroads.errors.OptionError` that says how many could be.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from inroads.errors import OptionError
from inroads.influencers_rule import check_picks, percentile, spread
from inroads.kernels.groups import covered_pair_count, set_bit
from inroads.ranking import by_score

__all__ = ["INSIDE_SHARE", "NicheRoles", "connector_score", "conversion_score", "niche_pairs", "select_niche"]

#: "Ties stay mostly inside": at least half of a conversion pick's ties are inside their own niche.
INSIDE_SHARE = 0.5
#: "Deep relationships": a conversion pick has at least this many contacts inside their niche. One contact relays
#: one relationship, not a niche's trust; and in a star-shaped niche (a hub and its one-tie contacts: common in mail
#: archives and generated R-MAT networks) every one-tie member has the same niche closeness, 1/2 of the hub's, so the
#: pick among them was arbitrary: the R-MAT shortlists of 1M and 100M edges filled their whole conversion half that way.
#: Such members are taken only when nobody else can fill the list (an ego network, e.g. one LinkedIn export).
MIN_INSIDE_TIES = 2
#: Connectors are looked for among this many times the awareness seats, by betweenness (bounds the greedy's cost).
POOL_FACTOR = 20


@dataclass(frozen=True)
class NicheRoles:
    """The per-person arrays the rule reads (node order).

    ``reach_ptr``/``reach_niches`` list, CSR-style, the distinct niches each person has contacts in (ascending).
    ``seat_weights`` (one per niche) share the conversion seats: niche sizes, or audience members per niche.
    ``inside_ties`` counts each person's distinct contacts inside their own niche.
    """

    betweenness: np.ndarray
    membership: np.ndarray
    niche_closeness: np.ndarray
    inside_share: np.ndarray
    inside_ties: np.ndarray
    participation: np.ndarray
    reach_ptr: np.ndarray
    reach_niches: np.ndarray
    seat_weights: np.ndarray


def connector_score(roles: NicheRoles) -> np.ndarray:
    """``betweenness x participation``: on many shortest paths *and* ties spread over niches (NaN -> 0)."""
    return np.nan_to_num(roles.betweenness * roles.participation, nan=0.0)


def conversion_score(roles: NicheRoles) -> np.ndarray:
    """``niche_closeness x inside_share``: close to the niche, discounted by the ties that leave it (NaN -> 0)."""
    return np.nan_to_num(roles.niche_closeness * roles.inside_share, nan=0.0)


def niche_pairs(reach_niches: np.ndarray, groups: int) -> np.ndarray:
    """The niche pairs ``{a, b}`` (a < b) a person with contacts in ``reach_niches`` bridges, as ``a * groups + b``.

    Examples
    --------
    >>> niche_pairs(np.array([0, 2, 3]), 4).tolist()
    [2, 3, 11]
    """
    a, b = np.triu_indices(reach_niches.shape[0], k=1)
    return reach_niches[a].astype(np.int64) * groups + reach_niches[b]


def _connectors(roles: NicheRoles, available: np.ndarray, quota: int, id_rank: np.ndarray) -> np.ndarray:
    """Greedy coverage of niche pairs weighted by betweenness (lazy: a person's key only falls as pairs get covered)."""
    if quota <= 0:
        return np.zeros(0, dtype=np.int64)
    touching = np.diff(roles.reach_ptr) >= 2
    base = connector_score(roles)
    pool = by_score(base, id_rank, np.flatnonzero(available & touching))
    pool = pool[: max(POOL_FACTOR * quota, 100)]
    groups = int(roles.membership.max()) + 1 if roles.membership.size else 1
    # Covered pairs are counted, never listed: a pair {a, b} of v's niches is covered when some earlier pick also has
    # contacts in both, i.e. when their bit sets of picks meet (covered_pair_count). The same numbers as a set of
    # the pairs' keys, without d(d - 1)/2 integers per person (millions for a hub of a large network).
    masks = np.zeros((groups, (quota + 63) // 64), dtype=np.uint64)
    chosen: list[int] = []
    # CELF: keys only fall as pairs get covered, so a popped key that is still the best after a fresh look wins
    heap = [(-float(base[v]), int(id_rank[v]), int(v)) for v in pool]
    heapq.heapify(heap)
    while heap and len(chosen) < quota:
        _, rank, v = heapq.heappop(heap)
        reached = roles.reach_niches[roles.reach_ptr[v] : roles.reach_ptr[v + 1]]
        total = reached.shape[0] * (reached.shape[0] - 1) // 2
        fresh = (total - covered_pair_count(reached, masks, -1)) / max(total, 1)
        key = float(base[v]) * fresh
        if heap and key < -heap[0][0]:
            heapq.heappush(heap, (-key, rank, v))
            continue
        if key <= 0:  # every pair is covered (or no score left): the rest by score
            rest = by_score(base, id_rank, np.array([v] + [e[2] for e in heap], dtype=np.int64))
            chosen.extend(rest[: quota - len(chosen)].tolist())
            break
        set_bit(masks, reached, len(chosen))
        chosen.append(v)
    return np.asarray(chosen, dtype=np.int64)


def _provincials(
    roles: NicheRoles, available: np.ndarray, k: int, id_rank: np.ndarray, min_ties: int | None = None
) -> np.ndarray:
    """The closest people of each niche whose ties stay mostly inside it; seats by niche weight, best score first."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    score = conversion_score(roles)
    groups = roles.seat_weights.shape[0]
    candidates = available & _provincial(roles, min_ties)
    capacity = np.bincount(roles.membership[candidates], minlength=groups)
    quotas = spread(roles.seat_weights, capacity, k)
    picks = [by_score(score, id_rank, np.flatnonzero(candidates & (roles.membership == c)))[: quotas[c]]
             for c in np.flatnonzero(quotas)]  # fmt: skip
    if not picks:
        return np.zeros(0, dtype=np.int64)
    return by_score(score, id_rank, np.concatenate(picks).astype(np.int64))


def _provincial(roles: NicheRoles, min_ties: int | None = None) -> np.ndarray:
    """Niche experts: ties mostly inside their niche (of 2+ people), and at least ``min_ties`` contacts there
    (default :data:`MIN_INSIDE_TIES`)."""
    min_ties = MIN_INSIDE_TIES if min_ties is None else min_ties
    sizes = np.bincount(roles.membership)
    inside = np.nan_to_num(roles.inside_share, nan=0.0) >= INSIDE_SHARE
    return inside & (roles.inside_ties >= min_ties) & (sizes[roles.membership] >= 2)


def select_niche(
    roles: NicheRoles,
    ids: np.ndarray,
    *,
    size: int,
    split: float,
    eligible: np.ndarray | None = None,
    forced: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``niche`` rule: ``round(size * split)`` connectors, then niche experts for the rest (module docstring).

    1. People in ``forced`` are on the list whatever their figures; each takes the kind where their percentile is
       higher (:func:`connector_score` against :func:`conversion_score`; a tie makes them awareness).
    2. Awareness: connectors (contacts in 2+ niches) by greedy coverage of niche pairs weighted by
       :func:`connector_score`.
    3. Conversion: niche experts (``inside_share >= 0.5``, 2+ contacts in their niche) by
       ``niche_closeness x inside_share``,
       seats spread over niches by ``seat_weights``.
    4. Seats one kind cannot fill go to the other; seats neither can fill go to niche members with one contact
       inside their niche (ties mostly inside it), best ``niche_closeness x inside_share`` first.

    Returns
    -------
    chosen : numpy.ndarray of int64
        Indices in list order: awareness in the order picked, then conversion by score (ties by id).
    is_awareness : numpy.ndarray of bool

    Raises
    ------
    OptionError
        When fewer than ``size`` people qualify (the message says how many do).

    Examples
    --------
    >>> roles = NicheRoles(
    ...     betweenness=np.array([0.0, 0.6, 0.0, 0.0, 0.6, 0.0]), membership=np.array([0, 0, 0, 1, 1, 1]),
    ...     niche_closeness=np.array([0.7, 1.0, 0.7, 0.7, 1.0, 0.7]),
    ...     inside_share=np.array([1.0, 0.67, 1.0, 1.0, 0.67, 1.0]), inside_ties=np.array([2, 2, 2, 2, 2, 2]),
    ...     participation=np.array([0, .44, 0, 0, .44, 0]), reach_ptr=np.array([0, 1, 3, 4, 5, 7, 8]),
    ...     reach_niches=np.array([0, 0, 1, 0, 1, 0, 1, 1]), seat_weights=np.array([3, 3]))
    >>> chosen, aware = select_niche(roles, np.array(list("abcdef"), dtype=object), size=3, split=0.34)
    >>> chosen.tolist(), aware.tolist()
    ([1, 0, 3], [True, False, False])
    """
    n = roles.betweenness.shape[0]
    id_rank, available, forced_idx = check_picks(n, ids, size=size, split=split, eligible=eligible, forced=forced)
    connector = np.diff(roles.reach_ptr) >= 2
    qualifies = available & (connector | _provincial(roles, 1))
    qualifies[forced_idx] = True
    if int(qualifies.sum()) < size:
        raise OptionError(
            f"cannot be filled under the niche rule: {int(qualifies.sum())} people qualify "
            f"({int((available & connector).sum())} with contacts in 2+ niches, "
            f"{int((available & _provincial(roles, 1)).sum())} with ties mostly inside their niche), not {size}",
            where="--size", fix=f"give --size {int(qualifies.sum())} or less, or --rule global",
        )  # fmt: skip
    score = conversion_score(roles)
    base = connector_score(roles)
    forced_aware = forced_idx[percentile(base)[forced_idx] >= percentile(score)[forced_idx]]
    forced_convert = np.setdiff1d(forced_idx, forced_aware)
    available[forced_idx] = False
    seats = size - forced_idx.size
    quota = min(max(round(size * split) - forced_aware.size, 0), seats)
    aware = _connectors(roles, available, quota, id_rank)
    available[aware] = False
    convert = _provincials(roles, available, seats - aware.size, id_rank)
    available[convert] = False
    short = seats - aware.size - convert.size
    if short > 0:  # too few niche experts: more connectors
        more = _connectors(roles, available, short, id_rank)
        aware = np.concatenate([aware, more])
        available[more] = False
        short -= more.size
    if short > 0:  # too few connectors as well (an ego network of one-contact people): members with one contact
        convert = np.concatenate([convert, _provincials(roles, available, short, id_rank, min_ties=1)])
    aware_all = np.concatenate([by_score(base, id_rank, forced_aware), aware]).astype(np.int64)
    convert_all = by_score(score, id_rank, np.concatenate([forced_convert, convert]).astype(np.int64))
    chosen = np.concatenate([aware_all, convert_all])
    return chosen, np.arange(chosen.shape[0]) < aware_all.shape[0]
