"""The shortlist's large-network paths give what the small-network forms gave: the group kernels equal the array/set
forms they replaced."""

from __future__ import annotations

import sys

import networkx as nx
import numpy as np
import pytest
from scipy import sparse

import inroads.communities  # noqa: F401  (the module; `inroads.communities` the attribute is the function)
from inroads.communities import communities_reached, igraph_network, undirected_csr
from inroads.graph import Graph
from inroads.influencers import _reach
from inroads.influencers_niche import niche_pairs
from inroads.kernels.groups import covered_pair_count, group_contacts, set_bit, two_hop_counts

communities_module = sys.modules["inroads.communities"]


def _random_graph(seed: int, directed: bool, n: int = 300, p: float = 0.02) -> Graph:
    g = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    g.add_nodes_from(range(n, n + 5))  # isolated people after the last one on an edge
    return Graph.from_networkx(g)


def _reference_contacts(indptr, indices, membership):
    """The np.unique form the kernel replaced."""
    n = indptr.shape[0] - 1
    groups = int(membership.max()) + 1
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    keys, ties = np.unique(rows * groups + membership[indices], return_counts=True)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // groups, minlength=n), out=ptr[1:])
    return ptr, keys % groups, ties


@pytest.mark.parametrize("directed", [False, True])
def test_group_contacts_equals_unique_of_keys(directed):
    rng = np.random.default_rng(5)
    g = _random_graph(4, directed, n=400, p=0.03)
    indptr, indices = undirected_csr(g)
    membership = rng.integers(0, 17, size=g.n)
    got = group_contacts(indptr, indices, membership)
    want = _reference_contacts(indptr, indices, membership)
    for x, y in zip(got, want, strict=True):
        assert np.array_equal(x, y)
    rows = np.array([0, 7, 3, 399])
    direct = np.diff(_reference_contacts(indptr, indices, membership)[0])[rows]
    assert np.array_equal(communities_reached(g, membership, nodes=rows), direct)


@pytest.mark.parametrize("picks", [3, 70])  # one word of bits, and two
def test_covered_pair_count_equals_the_sets_of_pairs(picks):
    rng = np.random.default_rng(picks)
    groups = 40
    chosen = [np.unique(rng.integers(0, groups, size=rng.integers(1, 12))) for _ in range(picks)]
    masks = np.zeros((groups, (picks + 63) // 64), dtype=np.uint64)
    for bit, reached in enumerate(chosen):
        set_bit(masks, reached, bit)
    for _ in range(30):
        mine = np.unique(rng.integers(0, groups, size=rng.integers(0, 25)))
        covered = set().union(*(set(niche_pairs(c, groups).tolist()) for c in chosen))
        want = sum(1 for x in niche_pairs(mine, groups).tolist() if x in covered)
        assert covered_pair_count(mine, masks, -1) == want
        # a pick's own bit ignored: the pairs the *other* picks cover
        skip = int(rng.integers(0, picks))
        others = set().union(*(set(niche_pairs(c, groups).tolist()) for i, c in enumerate(chosen) if i != skip))
        want_others = sum(1 for x in niche_pairs(mine, groups).tolist() if x in others)
        assert covered_pair_count(mine, masks, skip) == want_others


@pytest.mark.parametrize("directed", [False, True])
def test_two_hop_counts_equal_the_sparse_product(directed):
    rng = np.random.default_rng(9)
    g = _random_graph(6, directed, n=300, p=0.015)
    rows = np.array([0, 5, 17, 299, 302])
    mask = rng.random(g.n) < 0.6
    group = rng.integers(0, 4, size=g.n)
    a = g.adjacency().astype(bool).astype(np.int32)
    first = a[rows].tocsr()
    second = sparse.coo_array(first + first @ a)
    keep = second.col != rows[second.row]
    r, c = second.row[keep], second.col[keep]
    weights = mask.astype(np.float64)
    one_want = np.array([weights[a[[x]].tocsr().indices].sum() for x in rows])
    two_want = np.bincount(r, weights=weights[c], minlength=rows.size)
    same_want = np.bincount(r, weights=(group[c] == group[rows[r]]), minlength=rows.size)
    one, two, same = two_hop_counts(g.indptr, g.indices, rows, weights, group)
    assert np.array_equal(one, one_want) and np.array_equal(two, two_want) and np.array_equal(same, same_want)
    r1, r2, inside = _reach(g, rows, count=mask, same_group=group)
    assert np.array_equal(r1, one_want.astype(np.int64)) and np.array_equal(r2, two_want.astype(np.int64))
    assert np.array_equal(inside, same_want.astype(np.int64))


@pytest.mark.parametrize("strength", [None, "w"])
def test_constraint_of_some_rows_equals_the_whole_graphs_rows(strength):
    from inroads.communities import constraint

    graph = nx.powerlaw_cluster_graph(400, 3, 0.3, seed=4)
    for u, v, data in graph.edges(data=True):
        data["w"] = (u * 7 + v) % 5 + 1
    graph.add_node(400)  # isolated: NaN either way
    g = Graph.from_networkx(graph, strength=strength)
    rows = np.array([0, 3, 17, 399, 250, 400])
    assert np.array_equal(constraint(g, nodes=rows), constraint(g)[rows], equal_nan=True)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_embeddedness_equals_igraphs_local_transitivity(seed, directed):
    from inroads.roles import _embeddedness

    graph = nx.gnp_random_graph(300, 0.05, seed=seed, directed=directed)
    if not directed:
        graph = nx.compose(
            graph, nx.relabel_nodes(nx.powerlaw_cluster_graph(200, 4, 0.5, seed=seed), lambda x: x + 300)
        )
    g = Graph.from_networkx(graph)
    network, _ = igraph_network(g)
    if directed:
        network.to_undirected(mode="collapse")
    network.simplify()
    want = np.asarray(network.transitivity_local_undirected(mode="zero"))
    assert np.array_equal(_embeddedness(g), want)


def _niche_closeness_before(g, membership):
    """The form niche_closeness replaced: one engine call on the whole graph of within-niche ties."""
    from dataclasses import replace

    from inroads import measures

    src = g.sources()
    inside = membership[src] == membership[g.indices]
    indptr = np.zeros(g.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src[inside], minlength=g.n), out=indptr[1:])
    weights = None if g.weights is None else g.weights[inside]
    local = replace(g, indptr=indptr, indices=g.indices[inside], weights=weights, ids=g.ids)
    scores = np.asarray(measures.closeness(local, wf_improved=True, method="exact"), dtype=np.float64)
    sizes = np.bincount(membership)[membership]
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(sizes > 1, scores * (g.n - 1) / np.maximum(sizes - 1, 1), 0.0)
    return np.nan_to_num(scaled, nan=0.0)


@pytest.mark.parametrize(("directed", "strength"), [(False, None), (True, None), (False, "w"), (True, "w")])
def test_niche_closeness_in_chunks_equals_one_call_on_the_whole_graph(monkeypatch, directed, strength):
    import inroads.roles as roles_module

    graph = nx.gnp_random_graph(400, 0.02, seed=8, directed=directed)
    for u, v, data in graph.edges(data=True):
        data["w"] = (u * 3 + v) % 4 + 1
    g = Graph.from_networkx(graph, strength=strength)
    membership = np.random.default_rng(2).integers(0, 23, size=g.n)
    monkeypatch.setattr(roles_module, "CHUNK_PEOPLE", 40)  # many chunks of whole niches
    assert np.array_equal(roles_module.niche_closeness(g, membership), _niche_closeness_before(g, membership))


@pytest.mark.parametrize("directed", [False, True])
def test_role_counts_equal_the_sums_over_group_contacts(directed):
    from inroads.kernels.groups import role_counts

    g = _random_graph(6, directed, n=400, p=0.03)
    indptr, indices = undirected_csr(g)
    membership = np.random.default_rng(3).integers(0, 13, size=g.n)
    ptr, into, per_pair = group_contacts(indptr, indices, membership)
    who = np.repeat(np.arange(g.n, dtype=np.int64), np.diff(ptr))
    degree = np.bincount(who, weights=per_pair, minlength=g.n)
    with np.errstate(divide="ignore", invalid="ignore"):
        squares = np.bincount(who, weights=(per_pair / degree[who]) ** 2, minlength=g.n)
    inside = np.bincount(who, weights=np.where(into == membership[who], per_pair, 0), minlength=g.n)
    got = role_counts(indptr, indices, membership)
    for x, y in zip(got, (degree, squares, inside, np.diff(ptr)), strict=True):
        assert np.array_equal(x, y)
