"""Centrality measures: betweenness, closeness, harmonic and degree, each a pandas Series indexed by node id.

The package is ``inroads.measures`` so that ``inroads.centrality`` stays one thing, the function that computes
several measures at once (a package and a function of the same name made ``import inroads.centrality`` give the
function).

Conventions (DESIGN.md "Semantics"): betweenness and closeness equal NetworkX's (closeness is *out*-closeness with
the Wasserman–Faust correction), harmonic is divided by ``n - 1``; normalisation lives in
:mod:`inroads.measures.normalize`. The public functions take ``method="auto"|"exact"|"approx"`` and ``top``
(:mod:`inroads.measures.methods`); :mod:`inroads.measures.exact` holds the exact engine's front.
"""

from inroads.measures.degree import degree
from inroads.measures.exact import MEASURES, centrality, check_measures
from inroads.measures.methods import METHODS, betweenness, closeness, harmonic, ranked

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
