"""Communities (Leiden) and the bridging measures built on them: communities reached and Burt's constraint.

Communities are found with the Leiden algorithm (igraph's C implementation; a directed network's ties count once,
whichever way they run; above a million edges inroads' own Louvain over the CSR, :mod:`inroads.communities_csr`),
seeded, so the same graph, resolution and seed always give the same partition. Communities are numbered ``0..k-1``
from the largest (ties: the one holding the lowest node index), so labels do not depend on the optimiser's internal
order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = [
    "DEFAULT_RESOLUTION",
    "DEFAULT_SEED",
    "Communities",
    "communities",
    "communities_reached",
    "constraint",
    "igraph_network",
    "leiden_communities",
    "tie_strengths",
    "undirected_csr",
    "undirected_ties",
]

#: Resolution 1 is Newman–Girvan modularity; larger values give more, smaller communities.
DEFAULT_RESOLUTION = 1.0
#: Seed of the Leiden optimiser; any fixed value makes the partition reproducible.
DEFAULT_SEED = 42


@dataclass(frozen=True)
class Communities:
    """A partition of the nodes.

    Attributes
    ----------
    membership : numpy.ndarray of int32, shape (n,)
        Community of each node, ``0`` the largest.
    sizes : numpy.ndarray of int64, shape (count,)
        Members per community (non-increasing).
    modularity : float
        Newman–Girvan modularity of the partition (resolution 1, weighted by tie strength when the graph is weighted,
        directed modularity for a directed graph), whatever resolution found it.
    resolution : float
    seed : int
    """

    membership: np.ndarray
    sizes: np.ndarray
    modularity: float
    resolution: float
    seed: int

    @property
    def count(self) -> int:
        """Number of communities."""
        return int(self.sizes.shape[0])


#: Leiden passes. "Until stable" took 192 s on a 1M-edge powerlaw-cluster graph for a modularity of 0.207; five passes
#: take 4.5 s for 0.206 (ego-Facebook: 0.8359 either way, 0.04 s).
LEIDEN_ITERATIONS = 5


def tie_strengths(g: Graph) -> np.ndarray | None:
    """Strength of each CSR entry (more = closer): the user's strengths, or ``1/distance``; None when unweighted.

    Community detection and constraint measure how much two people are tied, so they use strengths, never lengths.
    """
    if g.weights is None:
        return None
    return g.weights if g.weight_kind == "strength" else 1.0 / g.weights


def _relabel(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber communities by size (largest first), ties by their lowest member index."""
    _, first, inverse, counts = np.unique(raw, return_index=True, return_inverse=True, return_counts=True)
    order = np.lexsort((first, -counts))
    new_label = np.empty(order.shape[0], dtype=np.int32)
    new_label[order] = np.arange(order.shape[0], dtype=np.int32)
    return new_label[inverse.ravel()], counts[order].astype(np.int64)


def communities(g: Graph, *, resolution: float = DEFAULT_RESOLUTION, seed: int = DEFAULT_SEED) -> Communities:
    """Communities by the Leiden algorithm, maximising modularity with a resolution parameter.

    The optimiser maximises :math:`Q_\\gamma = \\frac{1}{2m}\\sum_{ij}\\big(A_{ij} - \\gamma\\frac{k_i k_j}{2m}\\big)
    \\delta(c_i, c_j)` with igraph's ``community_leiden`` (modularity objective). On a directed graph it runs on the
    ties (:func:`undirected_ties`: ``a -> b`` and ``b -> a`` are one tie, strengths added), as the niches do: a
    community is a scope of relationships, not of message direction; the reported modularity is the directed one.

    Parameters
    ----------
    g : Graph
    resolution : float, default 1.0
        :math:`\\gamma`; 1 is plain modularity, larger values give smaller communities. Must be > 0.
    seed : int, default 42
        Seed of the optimiser: the same graph, resolution and seed give the same communities.

    Returns
    -------
    Communities
        Numbered from the largest; ``modularity`` is reported at resolution 1 so values compare across resolutions.

    Notes
    -----
    Weighted graphs use tie strengths (``1/distance`` for distance weights). Isolated nodes are communities of one.
    Near-linear time in the number of edges per iteration. igraph's Leiden is used because it is about 50 times
    faster than leidenalg on snap-ego-Facebook (0.06 s against 2.9 s, same modularity 0.836), and on directed graphs
    (leidenalg's directed modularity: 220 s on a directed 870k-edge network where igraph's Leiden on its ties takes
    5 s, shared cores); its random numbers come from a ``random.Random(seed)`` installed only for the call.
    Above a million edges the communities come from inroads' own Louvain over the CSR instead
    (:mod:`inroads.communities_csr`): igraph's copy of the graph would cost more than the communities.

    References
    ----------
    V. A. Traag, L. Waltman, N. J. van Eck, "From Louvain to Leiden: guaranteeing well-connected communities",
    Scientific Reports 9, 5233 (2019). https://doi.org/10.1038/s41598-019-41695-z

    Examples
    --------
    >>> import networkx as nx
    >>> from inroads.graph import Graph
    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> found = communities(Graph.from_networkx(two_triangles))
    >>> found.membership.tolist(), round(found.modularity, 4)
    ([0, 0, 0, 1, 1, 1], 0.3571)
    """
    from inroads.errors import OptionError

    if not resolution > 0:
        raise OptionError(f"resolution must be > 0, got {resolution!r}", where="--resolution", fix="try 1.0")
    if g.n == 0:
        return Communities(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64), 0.0, resolution, seed)
    from inroads.communities_csr import LOUVAIN_EDGES, csr_communities

    if g.m > LOUVAIN_EDGES:
        return csr_communities(g, resolution=resolution, seed=seed)
    network, weights = igraph_network(g)
    return leiden_communities(g, network, weights, resolution=resolution, seed=seed)


def leiden_communities(
    g: Graph, network: Any, weights: list[float] | None, *, resolution: float, seed: int
) -> Communities:
    """:func:`communities` on ``network`` already built by :func:`igraph_network` (callers that need the igraph
    graph again build it once)."""
    if g.directed:
        ties = undirected_ties(network, weights)
        raw = _igraph_leiden(ties, ties.es["weight"] if weights is not None else None, resolution, seed)
    else:
        raw = _igraph_leiden(network, weights, resolution, seed)
    membership, sizes = _relabel(raw)
    modularity = network.modularity(membership.tolist(), weights=weights, resolution=1, directed=g.directed)
    return Communities(membership, sizes, float(modularity), float(resolution), int(seed))


def undirected_ties(network: Any, weights: list[float] | None) -> Any:
    """A copy of a directed igraph ``network`` with each tie once (``a -> b`` and ``b -> a`` merged, strengths in
    ``es["weight"]`` added up)."""
    ties = network.copy()
    if weights is not None:
        ties.es["weight"] = weights
    ties.to_undirected(mode="collapse", combine_edges={"weight": "sum"} if weights is not None else None)
    return ties


def igraph_network(g: Graph) -> tuple[Any, list[float] | None]:
    """``g`` as an igraph graph (an undirected tie once) and its tie strengths as a list (None when unweighted).

    The edges go in as a list of pairs zipped from two flat lists (4x faster than ``tolist()`` of a 2-column int32
    array: ego-Facebook 0.06 s against 0.25 s). A list of pairs costs about 100 bytes per edge, which is why networks
    above :data:`inroads.communities_csr.LOUVAIN_EDGES` never come here.
    """
    from inroads.igraph_loader import load_igraph

    ig = load_igraph()
    strengths = tie_strengths(g)
    weights = None
    if strengths is not None:
        keep = slice(None) if g.directed else g.sources() < g.indices
        weights = strengths[keep].tolist()
    src, dst, _ = g.edges()
    network = ig.Graph(n=g.n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)), directed=g.directed)
    return network, weights


def _igraph_leiden(
    network: Any, weights: list[float] | None, resolution: float, seed: int, iterations: int = LEIDEN_ITERATIONS
) -> np.ndarray:
    """igraph's Leiden on modularity (:data:`LEIDEN_ITERATIONS` passes), with igraph's random generator seeded for
    this call only."""
    import random

    from inroads.igraph_loader import load_igraph

    ig = load_igraph()
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = network.community_leiden(
            objective_function="modularity", weights=weights, resolution=resolution, n_iterations=iterations
        )
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(found.membership)


def _undirected_pattern(g: Graph, values: np.ndarray | None) -> sparse.csr_array:
    """Adjacency with each tie in both directions; for a directed graph ``A + A^T`` (mutual ties add up)."""
    a = sparse.csr_array(
        (np.ones(g.indices.shape[0]) if values is None else values, g.indices, g.indptr), shape=(g.n, g.n)
    )
    return (a + a.T).tocsr() if g.directed else a


def undirected_csr(g: Graph) -> tuple[np.ndarray, np.ndarray]:
    """``(indptr, indices)`` of each person's distinct neighbours, either direction of a tie.

    An undirected graph's own arrays (no copy); a directed graph's ``A + A^T`` pattern.
    """
    if not g.directed:
        return g.indptr, g.indices
    a = sparse.csr_array((np.ones(g.indices.shape[0], dtype=bool), g.indices, g.indptr), shape=(g.n, g.n))
    both = (a + a.T).tocsr()
    both.sort_indices()
    return both.indptr, both.indices


def _rows_pattern(g: Graph, rows: np.ndarray) -> sparse.csr_array:
    """The undirected ``g``'s strengths (1 when unweighted) on the rows of ``rows`` and of their neighbours only,
    the other rows empty: all that Burt's constraint of ``rows`` reads (its two-step term goes through neighbours),
    without a copy of the whole graph (at 100M edges, gigabytes)."""
    ends = g.indptr[rows + 1]
    touched = np.concatenate([rows, *[g.indices[a:b] for a, b in zip(g.indptr[rows], ends, strict=True)]])
    kept = np.unique(touched)
    degree = np.zeros(g.n, dtype=np.int64)
    degree[kept] = g.indptr[kept + 1] - g.indptr[kept]
    indptr = np.zeros(g.n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    lengths = degree[kept]
    # positions of the kept rows' entries in g's CSR, row after row
    positions = np.repeat(g.indptr[kept] - indptr[kept], lengths) + np.arange(int(lengths.sum()), dtype=np.int64)
    strengths = tie_strengths(g)
    data = np.ones(positions.shape[0]) if strengths is None else strengths[positions]
    return sparse.csr_array((data, g.indices[positions], indptr), shape=(g.n, g.n))


def communities_reached(g: Graph, membership: np.ndarray, *, nodes: np.ndarray | None = None) -> np.ndarray:
    """How many different communities each person has neighbours in (either direction of a tie).

    The person's own community counts when a neighbour is in it; an isolated person reaches 0.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> star = Graph.from_edges(["hub"] * 3, ["a", "b", "c"])
    >>> communities_reached(star, np.array([0, 0, 1, 2])).tolist()
    [3, 1, 1, 1]
    """
    from inroads.kernels.groups import group_contacts

    indptr, indices = undirected_csr(g)
    if nodes is not None:  # those rows only, as a small CSR of their own
        rows = np.asarray(nodes, dtype=np.int64)
        starts, stops = indptr[rows], indptr[rows + 1]
        indptr = np.zeros(rows.shape[0] + 1, dtype=np.int64)
        np.cumsum(stops - starts, out=indptr[1:])
        indices = np.concatenate([indices[a:b] for a, b in zip(starts, stops, strict=True)] or [indices[:0]])
    ptr, _, _ = group_contacts(indptr, indices, np.asarray(membership))
    return np.diff(ptr).astype(np.int64)


def constraint(g: Graph, *, nodes: np.ndarray | None = None) -> np.ndarray:
    """Burt's constraint: how much a person's contacts are tied to one another (low = spans structural holes).

    .. math:: c_i = \\sum_{j \\in N(i)} \\Big(p_{ij} + \\sum_{q \\in N(i)} p_{iq}\\, p_{qj}\\Big)^2, \\qquad
       p_{ij} = \\frac{a_{ij} + a_{ji}}{\\sum_{k \\in N(i)} (a_{ik} + a_{ki})}

    with :math:`a` the tie strengths (1 when unweighted) and :math:`N(i)` the neighbours in either direction.

    Parameters
    ----------
    g : Graph
    nodes : array of int, optional
        Internal indices to compute for (default: all). The cost is the 2-hop neighbourhood of those rows only, so a
        shortlist of 50 people costs little even on a large graph.

    Returns
    -------
    numpy.ndarray of float64
        One value per requested node; NaN for isolated people (undefined).

    Notes
    -----
    Equals ``networkx.constraint(G, weight=...)`` (its all-nodes, sparse-matrix form). Values run from about
    :math:`1/\\text{degree}` (contacts unconnected to each other) up to just over 1 (one contact, or a clique).

    References
    ----------
    R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard University Press (1992).

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> star = Graph.from_edges(["hub"] * 4, ["a", "b", "c", "d"])
    >>> constraint(star).tolist()
    [0.25, 1.0, 1.0, 1.0, 1.0]
    """
    rows = np.arange(g.n) if nodes is None else np.asarray(nodes, dtype=np.int64)
    mutual = _undirected_pattern(g, tie_strengths(g)) if g.directed or nodes is None else _rows_pattern(g, rows)
    totals = np.asarray(mutual.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        scale = np.where(totals > 0, 1.0 / totals, 0.0)
    p = sparse.csr_array(sparse.diags_array(scale) @ mutual)
    p_rows = p[rows].tocsr()
    # Only the entries on p_rows' own pattern matter (j must be a neighbour), so mask the two-step term to it.
    indirect = (p_rows @ p).multiply(p_rows != 0)
    local = (p_rows + indirect).tocsr()
    values = np.asarray(local.multiply(local).sum(axis=1)).ravel()
    values[totals[rows] == 0] = np.nan
    return values
