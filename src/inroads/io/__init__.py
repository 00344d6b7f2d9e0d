"""Readers: ``read(path, ...)`` picks the format by extension and content (``format=`` forces it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inroads.errors import InputError
from inroads.graph import Graph

__all__ = ["read"]

# TEMPORARY skeleton: the io owner replaces this with the full reader family.
_BUILTIN = {
    "networkx:les_miserables": ("les_miserables_graph", "weight"),
    "networkx:karate_club": ("karate_club_graph", "weight"),
    "networkx:florentine_families": ("florentine_families_graph", None),
    "networkx:davis_southern_women": ("davis_southern_women_graph", None),
}


def read(path: str | Path | list[str | Path], **options: Any) -> Graph:
    import networkx as nx

    key = str(path)
    if key in _BUILTIN:
        function, weight = _BUILTIN[key]
        g = Graph.from_networkx(getattr(nx, function)())
        g.meta.update(source=key, format="networkx")
        return g
    raise InputError("cannot read this yet", where=key)
