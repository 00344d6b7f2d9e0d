"""Centrality measures: betweenness, closeness, harmonic and degree, each a pandas Series indexed by node id.

Conventions (DESIGN.md "Semantics"): betweenness and closeness equal NetworkX's (closeness is *out*-closeness with
the Wasserman–Faust correction), harmonic is divided by ``n - 1``; normalisation lives in
:mod:`inroads.centrality.normalize`.
"""

from inroads.centrality.degree import degree
from inroads.centrality.exact import MEASURES, betweenness, centrality, check_measures, closeness, harmonic

__all__ = ["MEASURES", "betweenness", "centrality", "check_measures", "closeness", "degree", "harmonic"]
