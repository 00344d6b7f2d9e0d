"""Closeness for a shortlist's columns: the picks' scores exact, their percentile among everyone from a sample.

The niche rule chooses nobody by global closeness: the shortlist shows it (``closeness``, ``closeness_pct``) to say
how close each pick is to the whole network. Computing everyone's closeness for that costs a sweep per person (84 s
of a 94 s shortlist on a 1M-edge network). What the columns need is less: the picks' own closeness, one sweep each,
and where it falls among everyone's, which a uniform sample of people answers within a bound that does not grow with
the network (Dvoretzky–Kiefer–Wolfowitz): ``m = ln(2/δ) / (2 ε²)`` people put every percentile within ``±100 ε``
points at once, with probability ``≥ 1 - δ``. The picks and the sample are swept together (bit-parallel BFS).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["PERCENTILE_ERROR", "ClosenessSample", "closeness_of_picks", "sample_size"]

#: Largest error of a sampled ``closeness_pct``, as a share (0.025 = 2.5 percentile points).
PERCENTILE_ERROR = 0.025


def sample_size(error: float, delta: float) -> int:
    """People to sample so that every percentile is within ``error`` with probability ``≥ 1 - delta`` (DKW).

    Examples
    --------
    >>> sample_size(0.025, 0.1)
    2397
    """
    return math.ceil(math.log(2 / delta) / (2 * error**2))


@dataclass(frozen=True)
class ClosenessSample:
    """Everyone's closeness seen through a uniform sample: ``scores`` (exact, sorted) of ``size`` people drawn with
    replacement, and what that guarantees."""

    scores: np.ndarray
    error: float
    delta: float
    seconds: float
    seed: int

    @property
    def size(self) -> int:
        return int(self.scores.shape[0])

    def percentile(self, values: np.ndarray) -> np.ndarray:
        """Percent of the sample at or below each value: the percent of the network, within ``±100·error``."""
        key = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=-np.inf)
        return 100.0 * np.searchsorted(self.scores, key, side="right") / max(self.size, 1)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "scores"} | {"sample": self.size}

    def describe(self) -> str:
        """One line for the footer."""
        return (
            f"closeness of the picks exact; closeness_pct from {self.size:,} people sampled, within "
            f"±{100 * self.error:g} points with probability ≥ {1 - self.delta:g} (seed {self.seed}, "
            f"{self.seconds:.2f} s)"
        )


def closeness_of_picks(
    g: Graph, picks: np.ndarray, *, delta: float = 0.1, seed: int = 0, threads: int | None = None
) -> tuple[np.ndarray, ClosenessSample]:
    """Exact closeness (Wasserman–Faust, as :func:`inroads.closeness`) of ``picks``, and a sample for percentiles.

    Examples
    --------
    >>> import networkx as nx
    >>> from inroads.graph import Graph
    >>> g = Graph.from_networkx(nx.karate_club_graph())
    >>> scores, sample = closeness_of_picks(g, np.array([0, 33]))
    >>> scores.round(4).tolist(), sample.size
    ([0.569, 0.55], 2397)
    >>> sample.percentile(scores).round(1).tolist()  # of everyone: 100.0 and 94.1 (32 of 34 at or below)
    [100.0, 93.7]
    """
    from inroads.measures import exact

    began = time.perf_counter()
    m = sample_size(PERCENTILE_ERROR, delta)
    drawn = np.random.default_rng(abs(int(seed))).integers(0, g.n, size=m)
    swept = np.unique(np.concatenate([drawn, np.asarray(picks, dtype=np.int64)]))
    scores = np.zeros(g.n)
    scores[swept] = exact.closeness(g, sources=swept, threads=threads).to_numpy()[swept]
    seconds = time.perf_counter() - began
    sample = ClosenessSample(np.sort(scores[drawn]), PERCENTILE_ERROR, float(delta), seconds, int(seed))
    return scores[np.asarray(picks, dtype=np.int64)], sample
