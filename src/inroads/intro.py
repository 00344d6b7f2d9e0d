"""Warm introductions: the shortest chain of people from the user (``--me``) to each influencer."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import csgraph

from inroads.graph import Graph

__all__ = ["intro_paths"]


def intro_paths(g: Graph, me: int, targets: np.ndarray, *, me_name: str = "Me") -> tuple[pd.Series, list[str]]:
    """Hops and introduction chain from node ``me`` to each target.

    The chain follows the direction messages flow (out-edges in a directed graph). In a weighted graph it is the
    shortest path by :attr:`Graph.lengths` (``1/strength``), so strong ties are preferred to weak ones; ``hops`` is
    the number of introductions along that chain (which may exceed the fewest possible hops).

    Parameters
    ----------
    g : Graph
    me : int
        Internal index of the user.
    targets : array of int
        Internal indices of the influencers.
    me_name : str
        How the user is shown at the start of each chain.

    Returns
    -------
    hops : pandas.Series of Int64
        One per target; missing (``<NA>``) when the target cannot be reached.
    paths : list of str
        ``"Me → A → B"`` using display names; empty when unreachable.

    Notes
    -----
    One single-source search (Dijkstra, or breadth-first when unweighted) from ``me``: :math:`O(m + n \\log n)`.

    Examples
    --------
    >>> g = Graph.from_edges(["me", "a", "b"], ["a", "b", "c"])
    >>> hops, paths = intro_paths(g, 0, np.array([3, 1]))
    >>> hops.tolist(), paths
    ([3, 1], ['Me → a → b → c', 'Me → a'])
    """
    lengths = g.lengths
    adjacency = g.adjacency() if lengths is None else g.adjacency().copy()
    if lengths is not None:
        adjacency.data = lengths.astype(np.float64)
    _, predecessors = csgraph.shortest_path(
        adjacency,
        method="D",
        directed=g.directed,
        unweighted=lengths is None,
        indices=int(me),
        return_predecessors=True,
    )
    names = g.display_names()
    hops: list[int | None] = []
    paths: list[str] = []
    # A loop over the ~50 influencers and their chains, never over the network.
    for target in np.asarray(targets, dtype=np.int64).tolist():
        if target != me and predecessors[target] < 0:
            hops.append(None)
            paths.append("")
            continue
        chain = []
        node = target
        while node != me:
            chain.append(node)
            node = int(predecessors[node])
        hops.append(len(chain))
        paths.append(" → ".join([me_name, *(str(names[v]) for v in reversed(chain))]))
    return pd.Series(hops, dtype="Int64"), paths
