"""inroads: find the few people in a network worth building relationships with, and say why.

The public API; see ``DESIGN.md`` for the data flow and the semantics these functions keep.

Names are imported on first use (:pep:`562`), so ``import inroads`` and the command line pay only for what a
command uses: ``inroads centrality`` never imports the report, ``inroads --help`` no kernel. ``from inroads import
shortlist`` and ``inroads.shortlist`` work as usual.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inroads.communities import communities
    from inroads.endorsers import choose_endorsers, compare_endorsers
    from inroads.engine import set_threads
    from inroads.errors import GraphError, InputError, InroadsError, OptionError
    from inroads.graph import Graph
    from inroads.illusion import illusion, what_if
    from inroads.influencers import shortlist
    from inroads.io import read, write
    from inroads.measures import betweenness, centrality, closeness, harmonic
    from inroads.measures.degree import degree
    from inroads.reach import reach
    from inroads.report.assemble import build_report
    from inroads.summary import summarize

#: Where each public name lives (the module is imported the first time the name is asked for).
_HOMES = {
    "Graph": "inroads.graph",
    "GraphError": "inroads.errors",
    "InputError": "inroads.errors",
    "InroadsError": "inroads.errors",
    "OptionError": "inroads.errors",
    "betweenness": "inroads.measures",
    "build_report": "inroads.report.assemble",
    "centrality": "inroads.measures",
    "choose_endorsers": "inroads.endorsers",
    "closeness": "inroads.measures",
    "communities": "inroads.communities",
    "compare_endorsers": "inroads.endorsers",
    "degree": "inroads.measures",
    "harmonic": "inroads.measures",
    "illusion": "inroads.illusion",
    "reach": "inroads.reach",
    "read": "inroads.io",
    "set_threads": "inroads.engine",
    "shortlist": "inroads.influencers",
    "summarize": "inroads.summary",
    "what_if": "inroads.illusion",
    "write": "inroads.io",
}

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


#: Submodules that share their name with the public function they define: the function is what ``inroads.NAME`` is.
_SHADOWED = frozenset({"communities", "illusion", "reach"})


class _Package(types.ModuleType):
    """The ``inroads`` module, keeping ``inroads.communities`` (and the like) the function, never the submodule.

    Importing a submodule binds it on its package (``inroads.communities = <module>``); with the eager imports this
    package once had, the function was bound after it and won. Now the function is bound on first use, so the import
    system's binding of a shadowed submodule is skipped instead (``sys.modules`` still holds the submodule, so
    ``from inroads.communities import constraint`` works as before).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'inroads' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups find it without coming back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
