"""The default shortlist rule (niche): connectors and niche experts, on planted networks with a known answer."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.influencers import shortlist
from inroads.influencers_why import share_text
from inroads.io import read
from inroads.niches import niches
from inroads.roles import roles


def planted(seed: int = 1, groups: int = 12, connectors: int = 16) -> tuple[Graph, np.ndarray, np.ndarray]:
    """A degree-corrected stochastic block model of ``groups`` groups (30 to 60 people, heavy-tailed degrees) plus
    ``connectors`` people whose ties mostly leave their group. Returns the graph, each node's group and the mask of
    connectors: both for checking only, never given to inroads."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(30, 61, size=groups)
    group = np.repeat(np.arange(groups), sizes)
    n = group.size
    fitness = rng.pareto(2.5, size=n) + 1.0  # heterogeneous degrees
    fitness /= fitness.mean()
    i, j = np.triu_indices(n, k=1)
    same = group[i] == group[j]
    p = np.where(same, 0.18, 0.0012) * fitness[i] * fitness[j]
    keep = rng.random(i.size) < np.minimum(p, 1.0)
    src, dst = list(i[keep]), list(j[keep])
    connector = np.zeros(n, dtype=bool)
    chosen = rng.choice(n, size=connectors, replace=False)
    connector[chosen] = True
    for v in chosen:
        outside = np.flatnonzero(group != group[v])
        inside = np.flatnonzero((group == group[v]) & (np.arange(n) != v))
        for u in rng.choice(outside, size=24, replace=False):
            src.append(v)
            dst.append(u)
        for u in rng.choice(inside, size=3, replace=False):
            src.append(v)
            dst.append(u)
    ids = np.array([f"p{k}" for k in range(n)], dtype=object)
    g = Graph.from_edges(np.asarray(src), np.asarray(dst), ids=ids)
    return g, group, connector


def share_inside(g: Graph, group: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Share of each node's distinct contacts in its own (planted) group."""
    a = g.adjacency()
    out = []
    for v in nodes:
        contacts = a.indices[a.indptr[v] : a.indptr[v + 1]]
        out.append(float(np.mean(group[contacts] == group[v])) if contacts.size else np.nan)
    return np.asarray(out)


def test_planted_connectors_and_niche_experts():
    g, group, connector = planted()
    table = shortlist(g, size=24)
    rows = g.indices_of(table["id"])
    aware = rows[(table["type"] == "awareness").to_numpy()]
    convert = rows[(table["type"] == "conversion").to_numpy()]
    assert aware.size == convert.size == 12
    assert connector[aware].mean() >= 0.8
    assert not connector[convert].any()
    assert np.median(share_inside(g, group, convert)) >= 0.8
    assert np.unique(group[convert]).size >= np.unique(group).size / 2
    for why, row in zip(table["why"], table.itertuples(index=False), strict=True):  # sentences from the row's figures
        if row.type == "awareness":
            assert why.startswith(f"links {row.niches_reached} niches; top ")
            assert f"{share_text(100 * (1 - row.inside_share))} of their ties leave their niche" in why
        else:
            assert f"the {row.niche_size} people of niche {row.niche} (" in why and " hops on average); " in why
    # today's rule, for contrast, is the reason for this one: it takes hubs of either kind
    global_rule = shortlist(g, size=24, rule="global")
    global_convert = g.indices_of(global_rule["id"][global_rule["type"] == "conversion"])
    assert np.median(share_inside(g, group, convert)) > np.median(share_inside(g, group, global_convert))


def test_niches_follow_planted_groups():
    g, group, _ = planted(seed=3)
    found = niches(g)
    assert found.sizes.max() <= 60
    # most people share their niche with most of their planted group
    agree = [np.bincount(found.membership[group == c]).max() / (group == c).sum() for c in np.unique(group)]
    assert np.median(agree) >= 0.8


def test_football_conversion_picks_stay_in_their_conference(shared_data):
    g = read(shared_data / "newman-football" / "football.gml")
    conference = g.nodes["value"].to_numpy()
    table = shortlist(g, size=24)
    rows = g.indices_of(table["id"])
    inside = share_inside(g, conference, rows)
    is_aware = (table["type"] == "awareness").to_numpy()
    assert np.median(inside[~is_aware]) >= np.median(inside[is_aware])


def test_role_figures_by_hand():
    # two triangles joined by the tie c-d; e hangs off d
    g = Graph.from_edges(["a", "a", "b", "c", "d", "d", "e", "d"], ["b", "c", "c", "d", "f", "e", "f", "g"])
    membership = np.array([0, 0, 0, 1, 1, 1, 1])  # a b c | d f e g
    table = roles(g, membership)
    assert table.loc["c", "participation"] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)
    assert table.loc["c", "inside_share"] == pytest.approx(2 / 3)
    assert table.loc["d", "inside_share"] == pytest.approx(3 / 4)
    assert table.loc["d", "niches_reached"] == 2
    assert table.loc["a", "niches_reached"] == 1
    assert table.loc["d", "embeddedness"] == pytest.approx(1 / 6)  # f-e of the 6 pairs among c, f, e, g
    # inside niche 1 (d, f, e, g): d is 1 hop from all three
    assert table.loc["d", "niche_closeness"] == pytest.approx(1.0)
    assert table.loc["g", "niche_closeness"] == pytest.approx(3 / (1 + 2 + 2))
    within = np.array([3, 2, 2, 1])  # d, f, e, g within-niche degrees
    assert table.loc["d", "within_z"] == pytest.approx((3 - within.mean()) / within.std())
    assert np.isnan(table["tie_strength"]).all()


def test_tie_strength_is_the_mean_strength():
    g = Graph.from_edges(["a", "a"], ["b", "c"], weights=[2.0, 4.0], weight_kind="strength")
    table = roles(g, np.array([0, 0, 0]))
    assert table["tie_strength"].tolist() == [3.0, 2.0, 4.0]


def test_a_size_that_cannot_be_filled_says_how_many_could():
    g = Graph.from_edges([0, 1, 2], [1, 2, 0], ids=["a", "b", "c", "x", "y", "z"])  # a triangle and 3 alone
    with pytest.raises(OptionError) as error:
        shortlist(g, size=4)
    assert error.value.where == "--size" and "3 people qualify" in str(error.value)
    assert len(shortlist(g, size=4, rule="global")) == 4


@settings(max_examples=20)
@given(n=st.integers(8, 40), p=st.floats(0.05, 0.4), seed=st.integers(0, 10_000), data=st.data())
def test_rule_properties_on_random_graphs(n, p, seed, data):
    graph = nx.gnp_random_graph(n, p, seed=seed)
    g = Graph.from_networkx(graph)
    everyone = roles(g, niches(g).membership)
    contacts = np.array([graph.degree(int(person)) for person in everyone.index])
    inside_ties = np.rint(everyone["inside_share"].fillna(0).to_numpy() * contacts)
    expert = (everyone["inside_share"] >= 0.5).to_numpy() & (inside_ties >= 2)
    qualify = int(((everyone["niches_reached"] >= 2).to_numpy() | expert).sum())
    if qualify < 2:
        return
    size = data.draw(st.integers(2, qualify))
    split = data.draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))
    table = shortlist(g, size=size, split=split)
    assert len(table) == size and table["id"].is_unique
    assert table.equals(shortlist(g, size=size, split=split))  # deterministic
    assert table.set_index("id")[list(everyone.columns)].equals(everyone.loc[table["id"]])  # the same figures
    kinds = table.set_index("id")["type"]
    convert = everyone.loc[kinds.index[kinds == "conversion"]]
    aware = everyone.loc[kinds.index[kinds == "awareness"]]
    assert (convert["inside_share"] >= 0.5).all() and (convert["niche_size"] >= 3).all()
    assert expert[[everyone.index.get_loc(who) for who in convert.index]].all()  # 2+ contacts inside the niche
    assert (aware["niches_reached"] >= 2).all()
    # awareness keeps its seats when enough connectors exist
    connectors = int((everyone["niches_reached"] >= 2).sum())
    if connectors >= round(size * split):
        assert len(aware) >= round(size * split)
    excluded = str(g.ids[0])
    without = shortlist(g, size=min(size, qualify - 1), split=split, exclude=[excluded]) if qualify > 2 else None
    if without is not None:
        assert excluded not in set(without["id"])


def test_audience_me_include_exclude_work_with_the_niche_rule():
    g, group, _ = planted(seed=5)
    nodes = pd.DataFrame({"kind": np.where(group < 3, "client", "other")}, index=pd.Index(g.ids, name="id"))
    g = g.with_nodes(nodes)
    table = shortlist(g, size=12, audience=["kind=client"])
    convert = g.indices_of(table["id"][table["type"] == "conversion"])
    assert (group[convert] < 3).all()  # conversion seats go to niches by their audience members only
    assert table.attrs["audience"]["members"] == int((group < 3).sum())
    first = str(table["id"].iloc[0])
    forced = str(g.ids[np.flatnonzero(group == 7)[0]])
    again = shortlist(g, size=12, exclude=[first], include=[forced], me=str(g.ids[0]))
    assert first not in set(again["id"]) and forced in set(again["id"]) and str(g.ids[0]) not in set(again["id"])
    assert {"hops_from_me", "intro_path"} <= set(again.columns)


@pytest.mark.parametrize("min_ties", [None, 0])
def test_one_contact_people_of_a_star_niche_are_not_niche_experts(monkeypatch, min_ties):
    import inroads.influencers_niche as rule

    graph = nx.ring_of_cliques(4, 6)  # four niches of six people who all know each other
    graph.add_edges_from(("hub", f"leaf{k}") for k in range(40))  # a star: a hub and forty one-contact people
    graph.add_edge("hub", 0)
    if min_ties is not None:
        monkeypatch.setattr(rule, "MIN_INSIDE_TIES", min_ties)  # the rule before "2+ contacts inside the niche"
    table = shortlist(Graph.from_networkx(graph), size=8, split=0.25)
    convert = table[table["type"] == "conversion"]
    one_contact = convert["id"].str.startswith("leaf")
    if min_ties is None:
        assert len(convert) == 6 and not one_contact.any()
    else:
        assert one_contact.any()  # the star's seats went to people with one contact: what the rule now prevents


def test_a_network_of_one_contact_people_still_gets_its_list():
    # a pure star plus a second small star: nobody has two contacts inside a niche, so one-contact members fill in
    graph = nx.Graph(
        [("hub", f"leaf{k}") for k in range(30)] + [("hub", "other")] + [("other", f"o{k}") for k in range(9)]
    )
    table = shortlist(Graph.from_networkx(graph), size=6)
    assert len(table) == 6
    assert (table["type"] == "conversion").sum() >= 4
