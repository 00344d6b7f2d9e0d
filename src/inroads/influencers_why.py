"""The ``why`` column of the shortlist: one plain sentence per person, built only from the figures in the row."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "WhyContext",
    "awareness_sentence",
    "connector_sentence",
    "conversion_sentence",
    "niche_expert_sentence",
    "niche_why_column",
    "share_text",
    "top_share",
    "why_column",
]

#: Constraint at or below this is called low (about four contacts who do not know each other: 4 x (1/4)^2).
LOW_CONSTRAINT = 0.25
#: Constraint above this means the person's contacts mostly know each other.
HIGH_CONSTRAINT = 0.5


@dataclass(frozen=True)
class WhyContext:
    """Facts about the whole network the sentences refer to."""

    nodes: int
    communities: int
    audience: int | None = None


def share_text(percent: float) -> str:
    """A percentage as people read it: whole numbers from 10 up, two significant digits below.

    Examples
    --------
    >>> [share_text(x) for x in (100.0, 42.4, 1.2987, 0.0248)]
    ['100%', '42%', '1.3%', '0.025%']
    """
    if not math.isfinite(percent):
        return "?%"
    if percent >= 10:
        return f"{percent:.0f}%"
    return f"{float(f'{percent:.2g}'):g}%"


def _constraint_text(value: float) -> str:
    """Burt's constraint in words: low means the person's contacts do not know each other (structural holes)."""
    if not math.isfinite(value):
        return ""
    if value <= LOW_CONSTRAINT:
        return f"low constraint ({value:.2f})"
    if value > HIGH_CONSTRAINT:
        return f"high constraint ({value:.2f}): contacts know each other"
    return f"constraint {value:.2f}"


def awareness_sentence(
    context: WhyContext, *, reached: int, betweenness_top: float, betweenness: float, constraint: float
) -> str:
    """Why a bridge: communities bridged, betweenness percentile, Burt's constraint.

    Examples
    --------
    >>> awareness_sentence(WhyContext(77, 6), reached=5, betweenness_top=1.3, betweenness=0.57, constraint=0.1)
    'bridges 5 of 6 communities; top 1.3% by betweenness; low constraint (0.10)'
    """
    among = "audience paths" if context.audience is not None else "betweenness"
    parts = [f"bridges {reached} of {context.communities} communities"]
    parts.append(f"top {share_text(betweenness_top)} by {among}" if betweenness > 0 else "on no shortest path")
    constraint_part = _constraint_text(constraint)
    if constraint_part:
        parts.append(constraint_part)
    return "; ".join(parts)


def conversion_sentence(
    context: WhyContext,
    *,
    closeness_top: float,
    reach_2: int,
    community: int | None = None,
    community_size: int | None = None,
    community_rank: int | None = None,
    reach_2_in_community: int | None = None,
) -> str:
    """Why close: closeness percentile, and how much of the network (or community, or audience) is two hops away.

    Examples
    --------
    >>> conversion_sentence(WhyContext(77, 6), closeness_top=3.9, reach_2=40)
    'top 3.9% by closeness; reaches 53% of the network within 2 hops'
    >>> conversion_sentence(WhyContext(77, 6), closeness_top=20, reach_2=40, community=2, community_size=11,
    ...                     community_rank=1, reach_2_in_community=10)
    'closest in community 2 (#1 of 11 there); reaches 100% of it within 2 hops'
    """
    if community is not None and community_size is not None and reach_2_in_community is not None:
        others = max(community_size - 1, 1)
        return (
            f"closest in community {community} (#{community_rank} of {community_size} there); "
            f"reaches {share_text(100.0 * reach_2_in_community / others)} of it within 2 hops"
        )
    if context.audience is not None:
        return (
            f"top {share_text(closeness_top)} by closeness to the audience; "
            f"reaches {reach_2} of {context.audience} audience members within 2 hops"
        )
    others = max(context.nodes - 1, 1)
    return (
        f"top {share_text(closeness_top)} by closeness; "
        f"reaches {share_text(100.0 * reach_2 / others)} of the network within 2 hops"
    )


def top_share(scores: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Percent of the network scoring at least as high as each value (the "top X%"); NaN scores count as lowest."""
    ordered = np.sort(np.nan_to_num(scores, nan=-np.inf))
    at_least = ordered.shape[0] - np.searchsorted(ordered, np.nan_to_num(values, nan=-np.inf), side="left")
    return 100.0 * at_least / max(ordered.shape[0], 1)


def why_column(
    table: pd.DataFrame,
    context: WhyContext,
    *,
    betweenness: np.ndarray,
    closeness: np.ndarray,
    community_sizes: np.ndarray,
    within: np.ndarray | None = None,
    within_rank: np.ndarray | None = None,
    reach_2_in_community: np.ndarray | None = None,
) -> list[str]:
    """One sentence per shortlist row; ``betweenness``/``closeness`` are the whole network's scores (for "top X%").

    ``within``, ``within_rank`` and ``reach_2_in_community`` (scope community) give conversion rows their community
    sentence; a conversion row with NaN ``within`` (forced in) gets the network sentence.
    """
    community_known = None
    if within is not None and within_rank is not None and reach_2_in_community is not None:
        community_known = ~np.isnan(within)
    b_top = top_share(betweenness, table["betweenness"].to_numpy(dtype=np.float64))
    c_top = top_share(closeness, table["closeness"].to_numpy(dtype=np.float64))
    sentences = []
    for i, row in enumerate(table.itertuples(index=False)):
        if row.type == "awareness":
            sentences.append(awareness_sentence(context, reached=int(row.communities_reached),
                                                betweenness_top=float(b_top[i]), betweenness=float(row.betweenness),
                                                constraint=float(row.constraint)))  # fmt: skip
        elif community_known is not None and community_known[i]:
            sentences.append(conversion_sentence(context, closeness_top=float(c_top[i]), reach_2=int(row.reach_2),
                                                 community=int(row.community),
                                                 community_size=int(community_sizes[int(row.community)]),
                                                 community_rank=int(within_rank[i]),  # type: ignore[index]
                                                 reach_2_in_community=int(reach_2_in_community[i])))  # type: ignore[index]  # fmt: skip
        else:
            sentences.append(conversion_sentence(context, closeness_top=float(c_top[i]), reach_2=int(row.reach_2)))
    return sentences


def connector_sentence(*, niches_reached: int, betweenness_top: float, betweenness: float, unique_pairs: int,
                       leaving: float, audience: bool = False) -> str:  # fmt: skip
    """Why a connector (rule ``niche``): niches linked, betweenness percentile, ties leaving their niche, and the gaps
    between niches no other pick spans (when there are any).

    Examples
    --------
    >>> connector_sentence(niches_reached=9, betweenness_top=1.0, betweenness=0.2, unique_pairs=12, leaving=0.8)
    'links 9 niches; top 1% by betweenness; 80% of their ties leave their niche; spans 12 gaps no other pick spans'
    >>> connector_sentence(niches_reached=3, betweenness_top=9.1, betweenness=0.05, unique_pairs=0, leaving=0.4)
    'links 3 niches; top 9.1% by betweenness; 40% of their ties leave their niche'
    """
    among = "audience paths" if audience else "betweenness"
    parts = [f"links {niches_reached} niche{'s' if niches_reached != 1 else ''}"]
    parts.append(f"top {share_text(betweenness_top)} by {among}" if betweenness > 0 else "on no shortest path")
    if math.isfinite(leaving):
        parts.append(f"{share_text(100.0 * leaving)} of their ties leave their niche")
    if unique_pairs > 0:
        parts.append(f"spans {unique_pairs} gap{'s' if unique_pairs != 1 else ''} no other pick spans")
    return "; ".join(parts)


def niche_expert_sentence(*, niche: int, niche_size: int, closeness_rank: int, mean_distance: float,
                          inside_share: float, strength_rank: int | None, hops: bool) -> str:  # fmt: skip
    """Why a niche expert (rule ``niche``): closeness inside the niche, ties kept inside, tie strength.

    Examples
    --------
    >>> niche_expert_sentence(niche=7, niche_size=34, closeness_rank=1, mean_distance=1.43, inside_share=0.81,
    ...                       strength_rank=1, hops=True).split("; ")  # doctest: +NORMALIZE_WHITESPACE
    ['closest to the 34 people of niche 7 (1.4 hops on average)', '81% of their ties stay inside it',
     'strongest ties of the niche']
    >>> niche_expert_sentence(niche=2, niche_size=10, closeness_rank=3, mean_distance=0.5, inside_share=1.0,
    ...                       strength_rank=4, hops=False).split("; ")  # doctest: +NORMALIZE_WHITESPACE
    ['#3 closest to the 10 people of niche 2 (average distance 0.5)', 'all their ties stay inside it',
     '#4 by tie strength there']
    """
    where = "closest" if closeness_rank == 1 else f"#{closeness_rank} closest"
    if not math.isfinite(mean_distance):
        distance = "reaches no one there"
    elif hops:
        distance = f"{mean_distance:.1f} hops on average"
    else:
        distance = f"average distance {mean_distance:.2g}"
    inside = "all their ties stay" if inside_share >= 1 else f"{share_text(100.0 * inside_share)} of their ties stay"
    parts = [f"{where} to the {niche_size} people of niche {niche} ({distance})", f"{inside} inside it"]
    if strength_rank is not None:
        parts.append("strongest ties of the niche" if strength_rank == 1 else f"#{strength_rank} by tie strength there")
    return "; ".join(parts)


def _rank_in_niche(values: np.ndarray, niche: np.ndarray) -> np.ndarray:
    """1 + members of the same niche with a strictly higher value (NaN counts as lowest)."""
    frame = pd.DataFrame({"value": np.nan_to_num(values, nan=-np.inf), "niche": niche})
    return frame.groupby("niche")["value"].rank(method="min", ascending=False).to_numpy().astype(np.int64)


def niche_why_column(
    table: pd.DataFrame,
    roles: pd.DataFrame,
    *,
    betweenness: np.ndarray,
    reach_ptr: np.ndarray,
    reach_niches: np.ndarray,
    weighted: bool,
    audience: int | None = None,
) -> list[str]:
    """One sentence per shortlist row of rule ``niche``, from the role figures of everyone (``roles``, node order).

    A connector's "gaps no other pick spans" are the niche pairs it bridges (contacts in both) that no other
    awareness row bridges; a niche expert's ranks are among the members of their own niche.
    """
    from inroads.kernels.groups import covered_pair_count, set_bit

    position = pd.Index(roles.index).get_indexer(table["id"].astype(str))
    niche = roles["niche"].to_numpy()
    groups = int(niche.max()) + 1 if niche.size else 1
    closeness_rank = _rank_in_niche(roles["niche_closeness"].to_numpy(), niche)
    strength_rank = _rank_in_niche(roles["tie_strength"].to_numpy(), niche) if weighted else None
    b_top = top_share(betweenness, table["betweenness"].to_numpy(dtype=np.float64))
    aware = position[(table["type"] == "awareness").to_numpy()]
    # Each awareness row is one bit in the masks of the niches it reaches; its gaps no other pick spans are its
    # pairs minus those the others' bits cover (counted by covered_pair_count, never listed: see _connectors).
    masks = np.zeros((groups, (aware.shape[0] + 63) // 64), dtype=np.uint64)
    bit: dict[int, int] = {}
    for v in aware:
        bit[int(v)] = len(bit)
        set_bit(masks, reach_niches[reach_ptr[v] : reach_ptr[v + 1]], bit[int(v)])
    sentences = []
    for i, (row, v) in enumerate(zip(table.itertuples(index=False), position, strict=True)):
        if row.type == "awareness":
            reached = reach_niches[reach_ptr[v] : reach_ptr[v + 1]]
            total = reached.shape[0] * (reached.shape[0] - 1) // 2
            sentences.append(connector_sentence(
                niches_reached=int(roles["niches_reached"].iat[v]), betweenness_top=float(b_top[i]),
                betweenness=float(row.betweenness),
                unique_pairs=int(total - covered_pair_count(reached, masks, bit[int(v)])),
                leaving=1.0 - float(roles["inside_share"].iat[v]), audience=audience is not None,
            ))  # fmt: skip
        else:
            nc = float(roles["niche_closeness"].iat[v])
            sentences.append(niche_expert_sentence(
                niche=int(niche[v]), niche_size=int(roles["niche_size"].iat[v]),
                closeness_rank=int(closeness_rank[v]), mean_distance=1.0 / nc if nc > 0 else math.inf,
                inside_share=float(np.nan_to_num(roles["inside_share"].iat[v], nan=0.0)),
                strength_rank=None if strength_rank is None else int(strength_rank[v]), hops=not weighted,
            ))  # fmt: skip
    return sentences
