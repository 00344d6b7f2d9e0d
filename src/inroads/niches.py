"""Niches: groups narrow enough to be a person's "scope" (tens of people, not thousands), by hierarchical Leiden.

The article this product serves describes conversion influencers as people with "deep relationships within a narrow
scope of connections". Modularity communities at resolution 1 are often far too broad for that on a large network
(ego-Facebook: communities of several hundred people), and a single higher resolution that suits one network splits
another into pairs. So a niche is found top-down:

1. Leiden communities of the whole network at ``resolution`` (:func:`inroads.communities.communities`, strength-aware);
2. every group larger than ``niche_size`` is split again by Leiden on its own induced subgraph (modularity of that
   subgraph, so the split follows the group's own structure), and so on, until every group holds at most
   ``niche_size`` people or Leiden finds no split (a group with no inner structure stays whole, whatever its size).

Niches are numbered ``0..k-1`` from the largest, ties by the lowest member index, like communities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from inroads.communities import (
    DEFAULT_RESOLUTION,
    DEFAULT_SEED,
    Communities,
    _igraph_leiden,
    _relabel,
    communities,
    igraph_network,
    leiden_communities,
    undirected_ties,
)
from inroads.errors import OptionError

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["DEFAULT_NICHE_SIZE", "MAX_RESOLUTION", "check_niche_options", "communities_and_niches", "niches"]

#: Largest niche (people) before it is split again: "tens of people". 50 keeps the Les Misérables communities of
#: resolution 1 whole (the largest has 23 people) and splits ego-Facebook's communities of hundreds.
DEFAULT_NICHE_SIZE = 50
#: Above this resolution Leiden puts nearly everyone alone; a larger value is a typo, not a choice.
MAX_RESOLUTION = 1000.0
#: Leiden passes of each split: groups of hundreds settle in two (igraph's default); five cost twice as much for
#: about the same niches on ego-Facebook (176 against 172), and the whole stays within 25% of the two centralities.
SPLIT_ITERATIONS = 2
#: Levels of splitting at most (each level at least halves a group that splits, so this is never reached in practice).
MAX_LEVELS = 30


def check_niche_options(g: Graph, niche_size: int, resolution: float) -> None:
    """One line, exit 2, for a niche size or resolution out of range."""
    if isinstance(niche_size, bool) or not isinstance(niche_size, int | np.integer) or niche_size < 2:
        raise OptionError(
            f"must be a whole number of people, at least 2, not {niche_size!r}", where="--niche-size",
            fix=f"{DEFAULT_NICHE_SIZE} gives niches of tens of people",
        )  # fmt: skip
    if not (isinstance(resolution, int | float) and 0 < resolution <= MAX_RESOLUTION):
        raise OptionError(
            f"must be above 0 and at most {MAX_RESOLUTION:g}, not {resolution!r}", where="--resolution",
            fix="1.0 is plain modularity; higher values give smaller groups",
        )  # fmt: skip


def niches(
    g: Graph,
    *,
    niche_size: int = DEFAULT_NICHE_SIZE,
    resolution: float = DEFAULT_RESOLUTION,
    seed: int = DEFAULT_SEED,
) -> Communities:
    """Niches: Leiden communities at ``resolution``, each larger than ``niche_size`` split again on its own subgraph.

    Parameters
    ----------
    g : Graph
        Strengths (or ``1/distance``) weight the modularity where the graph has weights.
    niche_size : int, default 50
        Largest niche before it is split again (at least 2). A group that Leiden cannot split stays whole.
    resolution : float, default 1.0
        Resolution of the first level (0 < resolution <= 1000); the splits use 1 on each group's own subgraph.
    seed : int, default 42
        The same graph, options and seed give the same niches.

    Returns
    -------
    Communities
        Niches numbered from the largest; ``modularity`` is the whole network's (resolution 1) for this partition.

    Notes
    -----
    Each split is a Leiden run on a group's induced subgraph, so the whole costs a few Leiden runs over the edges
    (ego-Facebook: about 0.2 s). Above a million edges the first level and the splits are Louvain runs over the
    CSR (:func:`inroads.communities_csr.csr_communities_and_niches`), all the groups of a level in one run.
    Directed graphs are split as undirected (who talks to whom, either way): a niche is a scope of relationships,
    not of message direction; the first level follows :func:`~inroads.communities.communities` (directed
    modularity).

    References
    ----------
    V. A. Traag, L. Waltman, N. J. van Eck, "From Louvain to Leiden: guaranteeing well-connected communities",
    Scientific Reports 9, 5233 (2019). https://doi.org/10.1038/s41598-019-41695-z

    Examples
    --------
    >>> import networkx as nx
    >>> from inroads.graph import Graph
    >>> ring = nx.ring_of_cliques(6, 8)  # six cliques of 8 people in a ring
    >>> found = niches(Graph.from_networkx(ring), niche_size=10)
    >>> found.count, found.sizes.tolist()
    (6, [8, 8, 8, 8, 8, 8])
    """

    return communities_and_niches(g, niche_size=niche_size, resolution=resolution, seed=seed)[1]


def communities_and_niches(
    g: Graph, *, niche_size: int = DEFAULT_NICHE_SIZE, resolution: float = DEFAULT_RESOLUTION, seed: int = DEFAULT_SEED
) -> tuple[Communities, Communities]:
    """The first level (:func:`~inroads.communities.communities` at ``resolution``) and the niches split from it."""
    from inroads.igraph_loader import load_igraph

    load_igraph()  # fail here, not halfway, when igraph is missing

    check_niche_options(g, niche_size, resolution)
    if g.n == 0:
        top = communities(g, resolution=resolution, seed=seed)
        return top, top
    from inroads.communities_csr import LOUVAIN_EDGES, csr_communities_and_niches

    if g.m > LOUVAIN_EDGES:
        return csr_communities_and_niches(g, niche_size=niche_size, resolution=resolution, seed=seed)
    network, weights = igraph_network(g)  # once, for the first level and the splits
    top = leiden_communities(g, network, weights, resolution=resolution, seed=seed)
    membership = top.membership.astype(np.int64)
    # a niche is a scope of relationships: a -> b and b -> a are one tie (strengths add up); an undirected graph
    # serves the splits as it is (no second copy)
    ties = undirected_ties(network, weights) if g.directed else network
    if weights is not None and not g.directed:
        ties.es["weight"] = weights
    next_label = int(membership.max()) + 1
    whole: set[int] = set()  # groups Leiden found no split of: left as they are
    for _ in range(MAX_LEVELS):
        sizes = np.bincount(membership)
        too_big = [int(c) for c in np.flatnonzero(sizes > niche_size) if int(c) not in whole]
        if not too_big:
            break
        # Members of every group at once, ascending within each (a stable sort), instead of a scan of all n people
        # per group: that was O(n x groups) per level, hours at millions of people. A split relabels only the
        # members of the group being split, so the slices of the other groups stay valid through the level.
        order = np.argsort(membership, kind="stable")
        starts = np.zeros(sizes.shape[0] + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        for group in too_big:
            members = order[starts[group] : starts[group + 1]]
            part = ties.induced_subgraph(members.tolist())  # keeps the members' order
            raw = _igraph_leiden(part, part.es["weight"] if weights is not None else None, 1.0, seed, SPLIT_ITERATIONS)
            parts, counts = np.unique(raw, return_counts=True)
            if parts.size < 2:
                whole.add(group)
                continue
            keep_part = parts[np.argmax(counts)]  # the largest part keeps the label, the others get new ones
            for label in parts:
                if label != keep_part:
                    membership[members[raw == label]] = next_label
                    next_label += 1
    relabelled, sizes_sorted = _relabel(membership)
    return top, Communities(
        relabelled,
        sizes_sorted,
        float(network.modularity(relabelled.tolist(), weights=weights, resolution=1, directed=g.directed)),
        resolution,
        seed,
    )
