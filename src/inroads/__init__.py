"""inroads: find the few people in a network worth building relationships with, and say why.

The public API; see ``DESIGN.md`` for the data flow and the semantics these functions keep.
"""

from __future__ import annotations

from inroads.errors import GraphError, InputError, InroadsError, OptionError
from inroads.graph import Graph
from inroads.io import read
from inroads.summary import summarize

__all__ = [
    "Graph",
    "GraphError",
    "InputError",
    "InroadsError",
    "OptionError",
    "read",
    "summarize",
]
__version__ = "0.1.0"
