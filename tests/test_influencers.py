"""The shortlist rule: pure properties over score arrays, then the rule on random graphs with the real engine."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.influencers import COLUMNS, annotate, percentile, select, shortlist, spread
from inroads.influencers_why import share_text, top_share


def check_rule(betweenness, closeness, ids, chosen, aware, *, size, split, eligible=None):
    """The rule of issue 5, checked from the outside: exact split, score dominance, ties by id."""
    n = betweenness.shape[0]
    eligible = np.ones(n, dtype=bool) if eligible is None else eligible
    assert chosen.shape[0] == size == len(set(chosen.tolist()))
    assert int(aware.sum()) == round(size * split)
    assert eligible[chosen].all()
    on_list = np.zeros(n, dtype=bool)
    on_list[chosen] = True
    others = np.flatnonzero(~on_list & eligible)
    for v in chosen[aware]:
        assert (betweenness[v] >= betweenness[others]).all()
        # a tie with someone left out is decided by id
        tied = others[betweenness[others] == betweenness[v]]
        assert all(str(ids[v]) < str(ids[u]) for u in tied)
    for v in chosen[~aware]:
        assert (closeness[v] >= closeness[others]).all()
        tied = others[closeness[others] == closeness[v]]
        assert all(str(ids[v]) < str(ids[u]) for u in tied)
    # list order: awareness by betweenness, then conversion by closeness
    assert aware.tolist() == sorted(aware.tolist(), reverse=True)
    assert np.all(np.diff(betweenness[chosen[aware]]) <= 0)
    assert np.all(np.diff(closeness[chosen[~aware]]) <= 0)


@st.composite
def score_arrays(draw):
    n = draw(st.integers(2, 40))
    # few distinct values, so ties are common
    values = st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.5, 0.9]), min_size=n, max_size=n)
    betweenness = np.array(draw(values))
    closeness = np.array(draw(values))
    ids = np.array(draw(st.permutations([f"p{i:02d}" for i in range(n)])), dtype=object)
    size = draw(st.integers(2, n))
    split = draw(st.floats(0, 1))
    return betweenness, closeness, ids, size, split


@settings(max_examples=200, deadline=None)
@given(score_arrays())
def test_rule_holds_on_random_scores(case):
    betweenness, closeness, ids, size, split = case
    chosen, aware = select(betweenness, closeness, ids, size=size, split=split)
    check_rule(betweenness, closeness, ids, chosen, aware, size=size, split=split)


@settings(max_examples=100, deadline=None)
@given(score_arrays(), st.data())
def test_rule_holds_over_the_eligible(case, data):
    betweenness, closeness, ids, size, split = case
    n = betweenness.shape[0]
    eligible = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    if eligible.sum() < size:
        with pytest.raises(OptionError, match="--size"):
            select(betweenness, closeness, ids, size=size, split=split, eligible=eligible)
        return
    chosen, aware = select(betweenness, closeness, ids, size=size, split=split, eligible=eligible)
    check_rule(betweenness, closeness, ids, chosen, aware, size=size, split=split, eligible=eligible)


def test_forced_people_take_the_type_where_they_rank_higher():
    ids = np.array(list("abcdef"), dtype=object)
    betweenness = np.array([0.9, 0.8, 0.7, 0.0, 0.6, 0.1])
    closeness = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.0])
    # f ranks 2nd-lowest on betweenness but lowest on closeness: awareness; d is 0 betweenness, 3rd on closeness
    chosen, aware = select(betweenness, closeness, ids, size=4, split=0.5, forced=np.array([5, 3]))
    assert ids[chosen].tolist() == ["a", "f", "e", "d"]
    assert aware.tolist() == [True, True, False, False]
    with pytest.raises(OptionError, match="forced in"):
        select(betweenness, closeness, ids, size=2, split=0.5, forced=np.array([0, 1, 2]))


def test_split_uses_python_round():
    scores = np.linspace(1, 0, 10)
    ids = np.array([f"n{i}" for i in range(10)], dtype=object)
    for size, split, expected in [(5, 0.5, 2), (7, 0.5, 4), (10, 0.0, 0), (10, 1.0, 10), (3, 0.34, 1)]:
        _, aware = select(scores, scores[::-1].copy(), ids, size=size, split=split)
        assert int(aware.sum()) == expected == round(size * split)


@pytest.mark.parametrize(
    ("weights", "capacity", "k", "expected"),
    [
        ([8, 4], [8, 4], 3, [2, 1]),
        ([50, 30, 20], [50, 30, 20], 5, [3, 1, 1]),  # quotas 2.5, 1.5, 1.0: remainders .5 tie, lower group wins
        ([50, 30, 20], [1, 30, 20], 5, [1, 2, 2]),
        ([1, 1, 1], [1, 0, 0], 3, [1, 0, 0]),  # not enough room anywhere: give what fits
        ([10, 0], [10, 5], 4, [4, 0]),
    ],
)
def test_spread_by_largest_remainders(weights, capacity, k, expected):
    assert spread(np.array(weights), np.array(capacity), k).tolist() == expected


def test_percentile_and_top_share():
    scores = np.array([0.3, 0.1, 0.2, 0.3, np.nan])
    assert percentile(scores).tolist() == [100.0, 40.0, 60.0, 100.0, 20.0]
    assert top_share(scores, np.array([0.3, 0.1])).tolist() == [40.0, 80.0]
    assert [share_text(x) for x in (0.5, 9.99, 10.4)] == ["0.5%", "10%", "10%"]


# ------------------------------------------------------------------------------ with the real centrality engine
@settings(max_examples=15, deadline=None)
@given(n=st.integers(6, 30), p=st.floats(0.1, 0.5), directed=st.booleans(), seed=st.integers(0, 1000), data=st.data())
def test_rule_holds_on_random_graphs(n, p, directed, seed, data):
    graph = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    graph = nx.relabel_nodes(graph, {v: f"v{v}" for v in graph})
    g = Graph.from_networkx(graph)
    size = data.draw(st.integers(2, n))
    split = data.draw(st.floats(0, 1))
    nodes = annotate(g, rule="global", size=size, split=split)
    chosen = nodes.index.get_indexer(nodes[nodes["rank"] > 0].sort_values("rank").index)
    aware = nodes["type"].to_numpy()[chosen] == "awareness"
    betweenness, closeness = nodes["betweenness"].to_numpy(), nodes["closeness"].to_numpy()
    check_rule(betweenness, closeness, g.ids, chosen, aware, size=size, split=split)
    # the scores are NetworkX's
    reference = nx.betweenness_centrality(graph)
    np.testing.assert_allclose(betweenness, [reference[v] for v in g.ids], rtol=1e-9, atol=1e-15)
    reversed_graph = graph.reverse() if directed else graph
    reference = nx.closeness_centrality(reversed_graph, wf_improved=True)
    np.testing.assert_allclose(closeness, [reference[v] for v in g.ids], rtol=1e-9, atol=1e-15)


def test_shortlist_table_columns_and_figures(named):
    graph = named["karate"]
    g = Graph.from_networkx(graph)
    table = shortlist(g, rule="global", size=6)
    assert list(table.columns[: len(COLUMNS)]) == COLUMNS
    assert table.columns[len(COLUMNS)] == "constraint"
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table["type"].tolist() == ["awareness"] * 3 + ["conversion"] * 3
    ids = [int(x) for x in table["id"]]
    assert table["degree"].tolist() == [graph.degree(v) for v in ids]
    two_hops = [len(nx.single_source_shortest_path_length(graph, v, cutoff=2)) - 1 for v in ids]
    assert table["reach_1"].tolist() == table["degree"].tolist()
    assert table["reach_2"].tolist() == two_hops
    reference = nx.constraint(graph)
    np.testing.assert_allclose(table["constraint"], [reference[v] for v in ids], rtol=1e-12)
    community = dict(zip(g.ids, annotate(g, rule="global", size=6)["community"], strict=True))
    reached = [len({community[str(w)] for w in graph[v]}) for v in ids]
    assert table["communities_reached"].tolist() == reached
    assert table["betweenness_pct"].iloc[0] == 100.0
    attrs = table.attrs
    assert attrs["awareness"] == attrs["conversion"] == 3
    assert attrs["betweenness_cutoff"] == table["betweenness"].iloc[:3].min()
    assert attrs["closeness_cutoff"] == table["closeness"].iloc[3:].min()
    assert attrs["communities"] > table["community"].max()
    assert 0.35 < attrs["modularity"] < 0.45
    for why, kind in zip(table["why"], table["type"], strict=True):
        assert why.startswith("bridges ") if kind == "awareness" else why.startswith("top ")


def test_les_miserables_starts_with_valjean_as_awareness(named):
    for g in (Graph.from_networkx(named["lesmis"]), Graph.from_networkx(named["lesmis"], strength="weight")):
        table = shortlist(g, rule="global", size=12)
        first = table.iloc[0]
        assert (first["id"], first["type"]) == ("Valjean", "awareness")
        assert first["why"].startswith(f"bridges {first['communities_reached']} of {table.attrs['communities']} ")
        assert table.attrs["notes"] == []


def test_size_over_half_the_network_is_noted(named):
    table = shortlist(Graph.from_networkx(named["florentine"]), rule="global", size=9)
    assert table.attrs["notes"] == ["--size 9 is more than half of the 15 people: the list is most of the network"]


@pytest.mark.parametrize(
    ("options", "where"),
    [
        ({"size": 1}, "--size"),
        ({"size": 35}, "--size"),
        ({"size": 4, "split": 1.2}, "--split"),
        ({"size": 4, "split": -0.1}, "--split"),
        ({"size": 4, "scope": "world"}, "--scope"),
        ({"size": 4, "me": "nobody"}, "--me"),
        ({"size": 4, "audience": ["club=Mr. Hi", "nope=1"]}, "--audience"),
        ({"size": 4, "audience": ["club=Nobody"]}, "--audience"),
        ({"size": 4, "audience": ["club"]}, "--audience"),
        ({"size": 4, "include": ["999"]}, "--include"),
        ({"size": 4, "include": ["1"], "exclude": ["1"]}, "--include"),
        ({"size": 34, "exclude": ["1"]}, "--size"),
        ({"size": 4, "rule": "local"}, "--rule"),
        ({"size": 4, "niche_size": 1}, "--niche-size"),
        ({"size": 4, "niche_size": 2.5}, "--niche-size"),
        ({"size": 4, "resolution": 0}, "--resolution"),
        ({"size": 4, "resolution": -1.0}, "--resolution"),
        ({"size": 4, "resolution": 1e6}, "--resolution"),
    ],
)
def test_bad_options_are_option_errors(named, options, where):
    with pytest.raises(OptionError) as error:
        shortlist(Graph.from_networkx(named["karate"]), **options)
    assert error.value.where == where
