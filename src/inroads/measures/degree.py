"""Degree centrality: in, out or total, counted or weighted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from inroads.errors import OptionError

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["DegreeMode", "degree"]

DegreeMode = Literal["total", "in", "out"]


def degree(g: Graph, *, mode: DegreeMode = "total", weighted: bool = False, normalized: bool = True) -> pd.Series:
    r"""Degree of every node: its number of ties (or the sum of their weights), divided by ``n - 1``.

    .. math::  C_D(v) = \frac{\deg(v)}{n - 1}

    Parameters
    ----------
    g : Graph
    mode : {"total", "in", "out"}
        On directed graphs: incoming, outgoing, or both added (NetworkX ``degree_centrality`` counts both). Ignored
        on undirected graphs.
    weighted : bool
        Sum the weights as given by the user (strengths or distances) instead of counting ties.
    normalized : bool
        Divide by ``n - 1``, as NetworkX's ``degree_centrality`` / ``in_degree_centrality`` /
        ``out_degree_centrality`` do.

    Returns
    -------
    pandas.Series
        Named ``degree``, indexed by node id. A graph of one node scores 0 (NetworkX gives 1 there).

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> degree(Graph.from_edges(["a", "b"], ["b", "c"])).tolist()
    [0.5, 1.0, 0.5]
    """
    if mode not in ("total", "in", "out"):
        raise OptionError(f"unknown degree mode {mode!r}", where="mode", fix="use total, in or out")
    n = g.n
    per_entry = g.weights if weighted and g.weights is not None else np.ones(g.indices.shape[0])
    outgoing = np.bincount(g.sources(), weights=per_entry, minlength=n).astype(np.float64)
    if not g.directed:
        values = outgoing
    else:
        incoming = np.bincount(g.indices, weights=per_entry, minlength=n).astype(np.float64)
        values = {"total": incoming + outgoing, "in": incoming, "out": outgoing}[mode]
    if normalized:
        values = values / (n - 1) if n > 1 else np.zeros(n)
    return pd.Series(values, index=pd.Index(g.ids, name="id"), name="degree")
