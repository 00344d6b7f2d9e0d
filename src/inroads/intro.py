"""Warm introductions: the shortest chain of people from the user (``--me``) to each influencer."""

from __future__ import annotations

import numpy as np
import pandas as pd

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

    When ``me`` is one of the owners of the records (``g.meta["owners"]``: a team's mailboxes or LinkedIn exports),
    each chain starts from whichever owner is closest to the target, named by that owner's display name.

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
    from scipy.sparse import csgraph  # here: it loads scipy.linalg (0.1-0.2 s), needed only with --me

    lengths = g.lengths
    adjacency = g.adjacency() if lengths is None else g.adjacency().copy()
    if lengths is not None:
        adjacency.data = lengths.astype(np.float64)
    search = {"directed": g.directed, "unweighted": lengths is None, "return_predecessors": True}
    distance, predecessors = csgraph.dijkstra(adjacency, indices=int(me), **search)
    sources = np.full(g.n, int(me))
    team = _team(g, int(me))
    if team.size > 1:
        # A team (the owners of the records): each chain starts from whichever member is closest (the user on a tie).
        team_distance, team_predecessors, team_sources = csgraph.dijkstra(
            adjacency, indices=team, min_only=True, **search
        )
        closer = team_distance < distance * (1 - 1e-12)
        sources = np.where(closer, team_sources, sources)
    else:
        team_predecessors = predecessors
    names = g.display_names()
    hops: list[int | None] = []
    paths: list[str] = []
    # A loop over the ~50 influencers and their chains, never over the network.
    for target in np.asarray(targets, dtype=np.int64).tolist():
        start = int(sources[target]) if target not in team else target
        tree = predecessors if start == me else team_predecessors  # one tree per chain, never a mix
        if target != start and (start < 0 or tree[target] < 0):
            hops.append(None)
            paths.append("")
            continue
        chain = []
        node = target
        while node != start:
            chain.append(node)
            node = int(tree[node])
        hops.append(len(chain))
        first = me_name if start == me else str(names[start])
        paths.append(" → ".join([first, *(str(names[v]) for v in reversed(chain))]))
    return pd.Series(hops, dtype="Int64"), paths


def _team(g: Graph, me: int) -> np.ndarray:
    """Indices of the records' owners (``g.meta["owners"]``, see :mod:`inroads.owners`) when ``me`` is one of them,
    else just ``me``."""
    owners = [str(o) for o in g.meta.get("owners", ())]
    if len(owners) < 2 or str(g.ids[me]) not in owners:
        return np.array([me], dtype=np.int64)
    position = pd.Index(g.ids).get_indexer(owners)
    return np.unique(position[position >= 0]).astype(np.int64)
