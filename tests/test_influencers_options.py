"""The shortlist's options on small graphs with hand-checked answers: audience, scope, me, exclude and include."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from inroads.graph import Graph
from inroads.influencers import annotate, shortlist
from inroads.intro import intro_paths


@pytest.fixture(scope="module")
def clients() -> Graph:
    """A hub H with five leaves x1..x5, tied to A; A knows the four clients c1..c4; B knows c1, c2 and c3.

    Over the whole network H is the bridge (most shortest paths) and A is the closest. Between clients only,
    A is on every shortest path from c4 and on half of those among c1..c3 (B the other half): A is the bridge;
    and B is closest to the clients after A (1, 1, 1 hop and 3 hops to c4, via c1 and A).
    """
    graph = nx.Graph()
    graph.add_edges_from(("A", c) for c in ("c1", "c2", "c3", "c4"))
    graph.add_edges_from(("B", c) for c in ("c1", "c2", "c3"))
    graph.add_edges_from(("H", x) for x in ("x1", "x2", "x3", "x4", "x5"))
    graph.add_edge("H", "A")
    for v in graph:
        graph.nodes[v]["kind"] = "client" if v.startswith("c") else "other"
        graph.nodes[v]["tier"] = 1 if v in ("c1", "c4", "B") else 2
    return Graph.from_networkx(graph)


def test_default_rule_on_the_clients_graph(clients):
    table = shortlist(clients, rule="global", size=2)
    assert table[["id", "type"]].values.tolist() == [["H", "awareness"], ["A", "conversion"]]


def test_audience_moves_both_types_to_the_clients(clients):
    table = shortlist(clients, rule="global", size=2, audience=["kind=client"])
    assert table[["id", "type"]].values.tolist() == [["A", "awareness"], ["B", "conversion"]]
    # client pairs (unordered): A carries 3 alone (with c4) + half of 3 = 4.5, B half of 3 = 1.5; n = 12
    pairs = (12 - 1) * (12 - 2) / 2
    assert table["betweenness"].tolist() == pytest.approx([4.5 / pairs, 1.5 / pairs], rel=1e-12)
    # closeness to the 4 clients: A 4 / (1+1+1+1); B 4 / (1+1+1+3)
    assert table["closeness"].tolist() == pytest.approx([1.0, 4 / 6], rel=1e-12)
    # reach counts clients only: A has all four within one hop; B three within one, and no more within two
    assert table["reach_1"].tolist() == [4, 3]
    assert table["reach_2"].tolist() == [4, 3]
    assert table.attrs["audience"] == {"conditions": ["kind=client"], "members": 4}
    # B is second of 12 by closeness to the clients: top 2/12
    assert table["why"].iloc[1] == "top 17% by closeness to the audience; reaches 3 of 4 audience members within 2 hops"


def test_audience_conditions_combine(clients):
    # same column: either value (everyone); different columns: both must hold (c1, c4 and B have tier 1; B is other)
    everyone = shortlist(clients, rule="global", size=2, audience=["kind=client", "kind=other"])
    assert everyone.attrs["audience"]["members"] == clients.n
    tier_one_clients = shortlist(clients, rule="global", size=2, audience=["kind=client", "tier=1"])
    assert tier_one_clients.attrs["audience"]["members"] == 2
    # only c1-c4 paths count: through A alone
    assert tier_one_clients["id"].iloc[0] == "A"


def test_exclude_leaves_people_out_but_keeps_their_paths(clients):
    table = shortlist(clients, rule="global", size=2, exclude=["H", "not-in-the-network"])
    # H is still in the network (A's betweenness is unchanged), just not on the list; c1, c2, c3 tie on closeness
    assert table[["id", "type"]].values.tolist() == [["A", "awareness"], ["c1", "conversion"]]
    assert table["betweenness"].iloc[0] == pytest.approx(
        annotate(clients, rule="global", size=2).loc["A", "betweenness"]
    )
    assert table.attrs["excluded"] == 1
    assert table.attrs["notes"] == ["1 ids of --exclude are not in the network and were ignored"]


def test_include_forces_people_in(clients):
    table = shortlist(clients, rule="global", size=3, include=["x1"])
    # x1 (a leaf: no betweenness) takes a conversion place; round(3 * 0.5) = 2 awareness places stay H and A
    assert table[["id", "type"]].values.tolist() == [["H", "awareness"], ["A", "awareness"], ["x1", "conversion"]]
    assert table.attrs["included"] == 1


@pytest.fixture(scope="module")
def three_groups() -> Graph:
    """Leiden (seed 42) finds three groups: {a0, a3..a6} around a0, {a1, a2, a7} around a1, {b0..b3} around b0."""
    graph = nx.Graph()
    graph.add_edges_from(("a0", f"a{i}") for i in range(1, 8))
    graph.add_edges_from([("a1", "a2"), ("a3", "a4"), ("a5", "a6"), ("a7", "a1")])
    graph.add_edges_from(("b0", f"b{i}") for i in range(1, 4))
    graph.add_edges_from([("b1", "b2"), ("a7", "b3")])
    return Graph.from_networkx(graph)


def test_scope_community_spreads_conversion_over_communities(three_groups):
    nodes = annotate(three_groups, rule="global", size=3, split=0)
    groups = nodes.groupby("community").groups
    assert sorted(sorted(members) for members in groups.values()) == [
        ["a0", "a3", "a4", "a5", "a6"], ["a1", "a2", "a7"], ["b0", "b1", "b2", "b3"],
    ]  # fmt: skip
    # network closeness picks the three closest overall: none from the b group
    network = shortlist(three_groups, rule="global", size=3, split=0)
    assert network["id"].tolist() == ["a0", "a7", "a1"]
    # by community: sizes 5, 4, 3 share 3 places as 1.25, 1.0, 0.75 -> 1, 1, 1; in each, the one tied to all others
    local = shortlist(three_groups, rule="global", size=3, split=0, scope="community")
    assert sorted(local["id"]) == ["a0", "a1", "b0"]
    assert (local["type"] == "conversion").all()
    assert local["closeness_in_community"].tolist() == [1.0, 1.0, 1.0]
    assert all(why.startswith("closest in community ") for why in local["why"])
    b0 = local.set_index("id").loc["b0"]
    assert b0["why"] == f"closest in community {b0['community']} (#1 of 4 there); reaches 100% of it within 2 hops"


def test_scope_community_with_only_awareness_places(three_groups):
    table = shortlist(three_groups, rule="global", size=3, split=1, scope="community")
    assert (table["type"] == "awareness").all()
    assert table["closeness_in_community"].isna().all()


def test_scope_community_quotas_follow_size(three_groups):
    # 6 places: 2.5, 2.0, 1.5 -> 2, 2, 1 plus the largest remainder (a tie of .5: the larger community) -> 3, 2, 1
    local = shortlist(three_groups, rule="global", size=6, split=0, scope="community")
    sizes = local.groupby("community").size().sort_index().tolist()
    assert sizes == [3, 2, 1]


def test_me_adds_hops_and_the_strongest_introduction():
    graph = nx.Graph()
    graph.add_edge("me", "a", strength=1.0)
    graph.add_edge("a", "b", strength=1.0)
    graph.add_edge("me", "x", strength=5.0)
    graph.add_edge("x", "b", strength=5.0)
    graph.add_edge("b", "c", strength=1.0)
    graph.add_edge("z1", "z2", strength=1.0)
    g = Graph.from_networkx(graph, strength="strength")
    table = shortlist(g, rule="global", size=6, split=0.5, me="me").set_index("id")
    assert "me" not in table.index  # the user is never on their own list
    # to b: me-x-b costs 1/5 + 1/5, me-a-b costs 2: the strong ties win
    assert table.loc["b", "intro_path"] == "Me → x → b"
    assert table.loc["c", "intro_path"] == "Me → x → b → c"
    assert table.loc["c", "hops_from_me"] == 3
    assert table.loc["z1", "intro_path"] == "" and pd.isna(table.loc["z1", "hops_from_me"])
    assert table.attrs["me"] == "me"


def test_intro_paths_follow_message_direction():
    g = Graph.from_edges(["me", "a", "c"], ["a", "b", "me"], directed=True)
    index = {name: i for i, name in enumerate(g.ids)}
    hops, paths = intro_paths(g, index["me"], np.array([index["b"], index["c"]]))
    assert paths == ["Me → a → b", ""]
    assert hops.tolist()[0] == 2 and pd.isna(hops.iloc[1])


@pytest.mark.data
def test_football_awareness_reaches_more_conferences(shared_data):
    graph = nx.read_gml(shared_data / "newman-football" / "football.gml")
    g = Graph.from_networkx(graph)
    table = shortlist(g, rule="global", size=20)
    conference = {str(v): graph.nodes[v]["value"] for v in graph}
    reached = [len({conference[str(w)] for w in graph[v]}) for v in table["id"]]
    table["conferences"] = reached
    means = table.groupby("type")["conferences"].mean()
    assert means["awareness"] > means["conversion"]


def test_unknown_keyword_is_an_option_error_naming_it() -> None:
    import networkx as nx

    from inroads import Graph, shortlist
    from inroads.errors import OptionError

    g = Graph.from_networkx(nx.karate_club_graph())
    with pytest.raises(OptionError, match="'sise'") as caught:
        shortlist(g, sise=4)
    assert "size" in caught.value.line()  # and it says what is known
