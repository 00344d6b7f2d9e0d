"""inroads: find the few people in a network worth building relationships with, and say why.

The public API; see ``DESIGN.md`` for the data flow and the semantics these functions keep.
"""

from __future__ import annotations

from inroads.communities import communities
from inroads.endorsers import choose_endorsers, compare_endorsers
from inroads.engine import set_threads
from inroads.errors import GraphError, InputError, InroadsError, OptionError
from inroads.graph import Graph
from inroads.illusion import illusion, what_if
from inroads.influencers import shortlist
from inroads.io import read, write
from inroads.measures import betweenness, centrality, closeness, degree, harmonic
from inroads.reach import reach
from inroads.report.assemble import build_report
from inroads.summary import summarize

__all__ = [
    "Graph",
    "GraphError",
    "InputError",
    "InroadsError",
    "OptionError",
    "betweenness",
    "build_report",
    "centrality",
    "choose_endorsers",
    "closeness",
    "communities",
    "compare_endorsers",
    "degree",
    "harmonic",
    "illusion",
    "reach",
    "read",
    "set_threads",
    "shortlist",
    "summarize",
    "what_if",
    "write",
]
__version__ = "0.1.0"
