"""igraph, imported without igraph's plotting stack when the process never plots with igraph.

igraph 1.0 imports ``matplotlib.pyplot`` when it is imported (``igraph.drawing`` looks for its plotting backends at
import time): 0.6-0.8 s of a 0.7-0.9 s import here, more than the whole shortlist of a small network. inroads uses
igraph for Leiden communities and Fruchterman–Reingold layouts only, and draws with matplotlib itself
(``matplotlib.figure``, never igraph's plotting). So the command line calls :func:`skip_igraph_plotting` first, and
igraph is then imported with ``matplotlib`` hidden: igraph takes the path it takes when matplotlib is not installed
(its plotting functions say matplotlib is missing), and nothing it computes changes.

A program that imports inroads as a library gets igraph as it is (the hiding is never on unless asked for), because
an igraph imported without matplotlib cannot plot with matplotlib for the rest of that process.

Examples
--------
>>> load_igraph().Graph(n=3, edges=[(0, 1), (1, 2)]).degree()
[1, 2, 1]
"""

from __future__ import annotations

import _imp
import importlib
import sys
from types import ModuleType

__all__ = ["load_igraph", "skip_igraph_plotting"]

_skip_plotting = False


def skip_igraph_plotting() -> None:
    """From now on, import igraph without its plotting stack (for a process that never plots with igraph)."""
    global _skip_plotting
    _skip_plotting = True


def load_igraph() -> ModuleType:
    """The ``igraph`` module (imported on first use; see the module docstring for how)."""
    return _load("igraph")


def _load(name: str) -> ModuleType:
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    if not _skip_plotting or "igraph" in sys.modules:
        return importlib.import_module(name)
    # The interpreter's import lock keeps another thread (the web app serves from threads) from importing matplotlib
    # while it is hidden; it is reentrant, so this thread's own imports go on. A None entry in sys.modules makes
    # ``import matplotlib`` raise ImportError, the case igraph handles.
    _imp.acquire_lock()
    hidden = sys.modules.get("matplotlib")
    sys.modules["matplotlib"] = None  # type: ignore[assignment]
    try:
        return importlib.import_module(name)
    finally:
        if hidden is None:
            del sys.modules["matplotlib"]
        else:
            sys.modules["matplotlib"] = hidden
        _imp.release_lock()
