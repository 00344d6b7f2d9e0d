"""Centrality measures: betweenness, closeness, harmonic and degree, each a pandas Series indexed by node id.

Conventions (DESIGN.md "Semantics"): betweenness and closeness equal NetworkX's (closeness is *out*-closeness with
the Wasserman–Faust correction), harmonic is divided by ``n - 1``; normalisation lives in
:mod:`inroads.centrality.normalize`. The public functions take ``method="auto"|"exact"|"approx"`` and ``top``
(:mod:`inroads.centrality.methods`); :mod:`inroads.centrality.exact` holds the exact engine's front.
"""

from inroads.centrality.degree import degree
from inroads.centrality.exact import MEASURES, centrality, check_measures
from inroads.centrality.methods import METHODS, betweenness, closeness, harmonic, ranked

__all__ = [
    "MEASURES",
    "METHODS",
    "betweenness",
    "centrality",
    "check_measures",
    "closeness",
    "degree",
    "harmonic",
    "ranked",
]
