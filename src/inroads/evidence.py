"""Evidence that each kind does its job, on the user's own network, against baselines of the same size.

The article's claims are hypotheses; this module tests them where the user's network is:

* **awareness** (connectors) should spread word *broadly*: an independent cascade (Kempe, Kleinberg & Tardos 2003)
  from the awareness picks, stopped after 1, 2 and 3 steps — people reached after each step, and distinct niches
  reached;
* **conversion** (niche experts) should *convert* their own people: a complex contagion (Centola & Macy 2007: a person
  adopts when at least 2 of the people they observe have, and at least a share ``theta`` of them) from the
  conversion picks — adopters inside the picks' niches;
* the **majority illusion** what-if (Lerman, Yan & Wu 2016): how many people would see most of their contacts
  endorsing if the whole list did.

Each kind is compared with sets of the same size: the other kind, the top by degree, by betweenness, by closeness,
and random people (a new draw every run). Cascades run on the same random worlds for every set (counter-based coins,
:mod:`inroads.kernels.contagion`), so for a seed the results are identical run after run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.influencers_why import share_text
from inroads.ranking import by_score, id_ranks

__all__ = ["EvidenceResult", "critical_probability", "evidence", "majority_seen"]

#: Centola & Macy's defaults: adopt at a quarter of one's contacts, and never on a single contact.
DEFAULT_THETA = 0.25
AT_LEAST = 2
#: Random baselines of the illusion what-if: draws (each a sparse product over the graph).
ILLUSION_DRAWS = 200
#: Two-sided 95% normal quantile.
Z95 = 1.959963984540054


@dataclass
class EvidenceResult:
    """What :func:`evidence` measured.

    Attributes
    ----------
    lead : list of str
        Plain sentences, one per question, that open any output; a kind that does not beat a baseline says so.
    table : pandas.DataFrame
        One row per (test, measure, set): ``test`` (awareness, conversion, illusion), ``measure``, ``set``,
        ``people`` (its size), ``mean``, ``low`` and ``high`` (95% interval of the mean over runs; equal to the mean
        for a deterministic figure).
    facts : dict
        ``runs``, ``probability``, ``theta``, ``at_least``, ``steps``, ``seed``, ``threshold``, and the shortlist's.
    """

    lead: list[str]
    table: pd.DataFrame
    facts: dict[str, Any] = field(default_factory=dict)


def critical_probability(g: Graph) -> float:
    """The transmission probability at which cascades stop dying out: :math:`\\langle k\\rangle /
    (\\langle k^2\\rangle - \\langle k\\rangle)` (bond percolation on a network of this degree sequence), clipped to
    [0.001, 0.5].

    At it, cascades are neither a handful of people nor everyone, which is where seed sets differ most.

    References
    ----------
    M. E. J. Newman, "Spread of epidemic disease on networks", Phys. Rev. E 66, 016128 (2002).
    https://doi.org/10.1103/PhysRevE.66.016128

    Examples
    --------
    >>> round(critical_probability(Graph.from_edges(list("aaaa"), list("bcde"))), 3)  # a star of 4: 1.6 / (4 - 1.6)
    0.5
    """
    degree = g.out_degree().astype(np.float64)
    mean, square = degree.mean() if degree.size else 0.0, (degree**2).mean() if degree.size else 0.0
    if square - mean <= 0:
        return 0.5
    return float(np.clip(mean / (square - mean), 0.001, 0.5))


def majority_seen(g: Graph, holder_sets: np.ndarray, *, threshold: float = 0.5) -> np.ndarray:
    """For each row of ``holder_sets`` (sets of node indices), how many people would see more than ``threshold`` of
    the people they observe endorsing (the count of :func:`inroads.illusion.what_if` with ``attribute=None``).

    Examples
    --------
    >>> star = Graph.from_edges(["hub"] * 3, ["a", "b", "c"])
    >>> majority_seen(star, np.array([[0], [1]])).tolist()  # the hub: its 3 leaves see it; a leaf: no one (1 of 3)
    [3, 0]
    """
    sets = np.asarray(holder_sets, dtype=np.int64)
    x = np.zeros((g.n, sets.shape[0]), dtype=np.float64)
    x[sets, np.arange(sets.shape[0])[:, None]] = 1.0
    adjacency = g.adjacency()
    held = (adjacency.T @ x) if g.directed else (adjacency @ x)
    observed = g.in_degree().astype(np.float64)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        sees = (observed > 0) & (np.rint(held) / observed > threshold)
    return sees.sum(axis=0).astype(np.int64)


def _interval(values: np.ndarray) -> tuple[float, float, float]:
    values = np.asarray(values, dtype=np.float64)
    mean = float(values.mean())
    if values.size < 2:
        return mean, mean, mean
    half = Z95 * float(values.std(ddof=1)) / np.sqrt(values.size)
    return mean, mean - half, mean + half


def _baselines(scores: dict[str, np.ndarray], degree: np.ndarray, ids: np.ndarray, k: int) -> dict[str, np.ndarray]:
    rank = id_ranks(ids)
    everyone = np.arange(degree.shape[0])
    return {
        "top-degree": by_score(degree.astype(np.float64), rank, everyone)[:k],
        "top-betweenness": by_score(scores["betweenness"], rank, everyone)[:k],
        "top-closeness": by_score(scores["closeness"], rank, everyone)[:k],
    }


def _random_sets(n: int, k: int, draws: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.argsort(rng.random((draws, n)), axis=1)[:, :k].astype(np.int64)


def evidence(
    g: Graph,
    *,
    runs: int = 1000,
    probability: float | None = None,
    theta: float = DEFAULT_THETA,
    steps: int = 3,
    threshold: float = 0.5,
    seed: int = 0,
    community_seed: int | None = None,
    table_and_scores: tuple[pd.DataFrame, dict[str, np.ndarray]] | None = None,
    **shortlist_options: Any,
) -> EvidenceResult:
    """Does each kind of the shortlist do its job on ``g``? Cascades, complex contagion and the illusion what-if.

    Parameters
    ----------
    g : Graph
    runs : int, default 1000
        Independent cascades per set, and random draws of the random baseline (1 to 100,000).
    probability : float, optional
        Transmission probability of the independent cascade; default :func:`critical_probability`.
    theta : float, default 0.25
        Share of observed contacts that must have adopted (with at least 2 of them) in the complex contagion.
    steps : int, default 3
        Steps of the cascade reported (1 to 10).
    threshold : float, default 0.5
        "Most of their contacts": more than this share.
    seed : int, default 0
        Seeds the cascades' coins and the random baselines.
    table_and_scores : (DataFrame, dict), optional
        A shortlist already made and its scores (:func:`~inroads.influencers.shortlist_and_scores`): used instead of
        making one from ``shortlist_options`` (the report does this, so nothing is computed twice).
    community_seed : int, optional
        The shortlist's ``seed`` (of its communities and niches; default: :func:`~inroads.influencers.shortlist`'s).
    **shortlist_options
        Of :func:`inroads.influencers.shortlist` (``size``, ``rule``, ...).

    Returns
    -------
    EvidenceResult

    Notes
    -----
    The cascade's interval is the 95% normal interval of the mean over ``runs`` runs; the complex contagion is
    deterministic for a fixed set (interval = mean), and the random baseline's interval is over its draws.
    "Adopters in the picks' niches" counts adopters, seeds excluded, whose niche holds at least one pick of that set.

    References
    ----------
    D. Kempe, J. Kleinberg, É. Tardos, "Maximizing the spread of influence through a social network", KDD (2003).
    https://doi.org/10.1145/956750.956769

    D. Centola, M. Macy, "Complex contagions and the weakness of long ties", American Journal of Sociology 113,
    702–734 (2007). https://doi.org/10.1086/521848

    K. Lerman, X. Yan, X.-Z. Wu, "The 'majority illusion' in social networks", PLoS ONE 11, e0147617 (2016).
    https://doi.org/10.1371/journal.pone.0147617
    """
    from inroads.influencers import _degree, shortlist_and_scores
    from inroads.kernels.contagion import cascade_steps, complex_contagion

    if isinstance(runs, bool) or not 1 <= int(runs) <= 100_000:
        raise OptionError(f"must be between 1 and 100000, not {runs!r}", where="--runs", fix="1000 is the default")
    if not 0 < theta <= 1:
        raise OptionError(f"must be above 0 and at most 1, not {theta!r}", where="--theta", fix="0.25 is Centola's")
    if not 1 <= steps <= 10:
        raise OptionError(f"must be between 1 and 10, not {steps!r}", where="--steps")
    if probability is not None and not 0 < probability <= 1:
        raise OptionError(f"must be above 0 and at most 1, not {probability!r}", where="--probability")
    if not 0 < threshold < 1:
        raise OptionError(f"must be between 0 and 1, not {threshold!r}", where="--threshold")
    if community_seed is not None:
        shortlist_options["seed"] = community_seed
    if table_and_scores is None:
        table, scores, _ = shortlist_and_scores(g, **shortlist_options)
    else:
        table, scores = table_and_scores
    p = critical_probability(g) if probability is None else float(probability)
    rows = g.indices_of(table["id"].astype(str))
    is_aware = (table["type"] == "awareness").to_numpy()
    aware, convert = rows[is_aware], rows[~is_aware]
    niche = np.asarray(scores["niche"], dtype=np.int64)
    groups = int(niche.max()) + 1 if niche.size else 1
    degree = _degree(g)
    records: list[dict[str, Any]] = []

    def sets_of(k: int, kind: str, own: np.ndarray, other: np.ndarray, other_name: str) -> dict[str, np.ndarray]:
        named = {kind: own, other_name: other[:k]} if other.size else {kind: own}
        return named | _baselines(scores, degree, g.ids, k)

    # awareness: independent cascades
    if aware.size:
        k = aware.size
        fixed = sets_of(k, "awareness", aware, convert, "conversion")
        for name, members in [*fixed.items(), ("random", None)]:
            matrix = _random_sets(g.n, k, runs, seed) if members is None else np.tile(members, (runs, 1))
            reached, niches = cascade_steps(g.indptr, g.indices, matrix, p, not g.directed, seed, niche, groups, steps)
            records.extend(
                {"test": "awareness", "measure": f"reached after {step + 1} step{'s' if step else ''}", "set": name,
                 "people": k, **_triple(reached[:, step])} for step in range(steps)
            )  # fmt: skip
            records.append({"test": "awareness", "measure": "niches reached", "set": name, "people": k,
                            **_triple(niches)})  # fmt: skip
    # conversion: complex contagion
    if convert.size:
        k = convert.size
        fixed = sets_of(k, "conversion", convert, aware, "awareness")
        observed = g.in_degree().astype(np.int64)
        for name, members in [*fixed.items(), ("random", None)]:
            matrix = _random_sets(g.n, k, runs, seed + 1) if members is None else members[None, :]
            adopted = complex_contagion(g.indptr, g.indices, observed, matrix, theta, AT_LEAST)
            in_niche = np.zeros((matrix.shape[0], groups), dtype=bool)
            in_niche[np.arange(matrix.shape[0])[:, None], niche[matrix]] = True
            seeds = np.zeros_like(adopted)
            seeds[np.arange(matrix.shape[0])[:, None], matrix] = True
            new = adopted & ~seeds
            inside = (new & in_niche[:, niche]).sum(axis=1)
            records.append({"test": "conversion", "measure": "adopters in the picks' niches", "set": name,
                            "people": k, **_triple(inside)})  # fmt: skip
            records.append({"test": "conversion", "measure": "adopters", "set": name, "people": k,
                            **_triple(new.sum(axis=1))})  # fmt: skip
    # the majority illusion what-if, for the whole list
    k = rows.size
    everyone = {"shortlist": rows} | _baselines(scores, degree, g.ids, k)
    seen = {name: majority_seen(g, members[None, :], threshold=threshold) for name, members in everyone.items()}
    seen["random"] = majority_seen(g, _random_sets(g.n, k, min(runs, ILLUSION_DRAWS), seed + 2), threshold=threshold)
    for name, counts in seen.items():
        records.append({"test": "illusion", "measure": "see most contacts endorsing", "set": name, "people": k,
                        **_triple(counts)})  # fmt: skip
    result = pd.DataFrame.from_records(records, columns=["test", "measure", "set", "people", "mean", "low", "high"])
    facts = {"runs": int(runs), "probability": p, "theta": float(theta), "at_least": AT_LEAST, "steps": int(steps),
             "threshold": float(threshold), "seed": int(seed), "shortlist": dict(table.attrs)}  # fmt: skip
    return EvidenceResult(_lead(result, g, steps, p, theta), result, facts)


def _triple(values: np.ndarray) -> dict[str, float]:
    mean, low, high = _interval(values)
    return {"mean": mean, "low": low, "high": high}


def _verdict(frame: pd.DataFrame, kind: str) -> str:
    """How ``kind`` fares against each other set: beats (interval above), does not beat (mean at or below), or ties."""
    mine = frame.loc[frame["set"] == kind].iloc[0]
    beaten, lost, tied = [], [], []
    for row in frame.loc[frame["set"] != kind].itertuples(index=False):
        if mine["low"] > row.high:
            beaten.append(row.set)
        elif mine["mean"] <= row.mean:
            lost.append(f"{row.set} ({row.mean:,.0f})")
        else:
            tied.append(row.set)
    if not lost and not tied:
        return "more than every baseline"
    parts = []
    if lost:
        parts.append("not more than " + ", ".join(lost) + " on this network")
    if tied:
        parts.append("within the margin of " + ", ".join(tied))
    return "; ".join(parts)


def _lead(table: pd.DataFrame, g: Graph, steps: int, p: float, theta: float) -> list[str]:
    sentences = []
    illusion = table[table["test"] == "illusion"].set_index("set")
    if "shortlist" in illusion.index:
        k = int(illusion.loc["shortlist", "people"])
        mine, rand = illusion.loc["shortlist", "mean"], illusion.loc["random", "mean"]
        top = illusion.loc["top-degree", "mean"]
        sentences.append(
            f"If these {k} endorsed you, {mine:,.0f} people ({share_text(100 * mine / g.n)}) would see most of their "
            f"contacts endorsing you, against {rand:,.0f} ({share_text(100 * rand / g.n)}) for {k} people at random "
            f"and {top:,.0f} ({share_text(100 * top / g.n)}) for the {k} best-connected."
        )
    aware = table[(table["test"] == "awareness") & (table["measure"] == "niches reached")]
    if len(aware):
        far = table[(table["test"] == "awareness") & (table["measure"].str.startswith(f"reached after {steps} "))]
        mine = aware[aware["set"] == "awareness"].iloc[0]
        people = far[far["set"] == "awareness"].iloc[0]
        sentences.append(
            f"Awareness: word passed on with probability {p:.2g} from the {int(mine['people'])} awareness picks "
            f"reaches {people['mean']:,.0f} people in {mine['mean']:,.1f} niches within {steps} steps (mean of the "
            f"runs): niches reached {_verdict(aware, 'awareness')}."
        )
    convert = table[(table["test"] == "conversion") & (table["measure"] == "adopters in the picks' niches")]
    if len(convert):
        mine = convert[convert["set"] == "conversion"].iloc[0]
        sentences.append(
            f"Conversion: if people adopt once {AT_LEAST}+ and {share_text(100 * theta)}+ of their contacts have, "
            f"the {int(mine['people'])} conversion picks bring {mine['mean']:,.0f} people of their own niches to "
            f"adopt: {_verdict(convert, 'conversion')}."
            + (" No one adopts: this contagion needs 2+ adopting contacts, and these picks, one or two per niche, "
               "share few contacts." if mine["mean"] == 0 else "")
        )  # fmt: skip
    return sentences
