"""Majority illusion: the 14-node example of Lerman et al.'s Fig. 1, a plain-Python reference, the what-if, errors."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.illusion import degree_assortativity, illusion, what_if

HUBS = (0, 1, 2)
LEAVES = tuple(range(3, 14))


def fourteen_nodes(active: tuple[int, ...]) -> Graph:
    """A 14-node network in the spirit of Lerman et al. Fig. 1: three hubs in a triangle, eleven leaves.

    Leaf i is linked to hubs i % 3 and (i + 1) % 3, and the leaves are paired (3-4, 5-6, ..., 11-12; 13 has no
    partner). The same network is coloured two ways, as in the figure: (a) the three hubs are active, (b) three
    leaves are.
    """
    graph = nx.Graph()
    graph.add_nodes_from(range(14))
    graph.add_edges_from([(0, 1), (1, 2), (0, 2)])
    graph.add_edges_from((i, i % 3) for i in LEAVES)
    graph.add_edges_from((i, (i + 1) % 3) for i in LEAVES)
    graph.add_edges_from((i, i + 1) for i in range(3, 13, 2))
    nx.set_node_attributes(graph, {v: ("active" if v in active else "inactive") for v in graph}, "state")
    return Graph.from_networkx(graph)


def test_fig1_hubs_active_every_inactive_node_sees_a_majority() -> None:
    result = illusion(fourteen_nodes(HUBS), "state", value="active")
    s = result.summary
    assert s["holders"] == 3 and s["global_share"] == 3 / 14
    assert s["observers"] == 14 and s["no_neighbours"] == 0
    # Every leaf observes its two hubs (active) and at most one other leaf: 2/3, or 2/2 for leaf 13.
    assert s["seeing_majority"] == 11 and s["non_holders_seeing_majority"] == 11
    assert s["share_of_non_holders_seeing_majority"] == 1.0
    assert s["share_seeing_majority"] == s["share_under_illusion"] == 11 / 14
    node = result.per_node.set_index("id")
    assert node.loc["13", "perceived_share"] == 1.0
    assert node.loc["3", "perceived_share"] == 2 / 3
    # Hubs observe the two other hubs among 9 or 10 neighbours: no majority.
    assert node.loc["1", "observed"] == 10 and node.loc["1", "perceived_share"] == 2 / 10
    assert not node.loc[["0", "1", "2"], "sees_majority"].any()


def test_fig1_leaves_active_nobody_sees_a_majority() -> None:
    result = illusion(fourteen_nodes((3, 5, 7)), "state", value="active")
    s = result.summary
    assert s["global_share"] == 3 / 14
    assert s["seeing_majority"] == 0 and s["share_under_illusion"] == 0.0
    node = result.per_node.set_index("id")
    assert node.loc["4", "perceived_share"] == 1 / 3  # its partner 3 is active, its two hubs are not
    assert node.loc["0", "perceived_share"] == 2 / 9  # hub 0 sees leaves 3 and 5
    assert node["perceived_share"].max() < 0.5


def test_rho_kx_is_higher_when_hubs_hold_it() -> None:
    hubs = illusion(fourteen_nodes(HUBS), "state", value="active").summary["rho_kx"]
    leaves = illusion(fourteen_nodes((3, 5, 7)), "state", value="active").summary["rho_kx"]
    assert hubs > 0.9 and leaves < 0


# ------------------------------------------------------------------ reference


def reference(graph: nx.Graph, holds: list[bool], threshold: float) -> dict[str, object]:
    """Plain Python: each node looks at the people whose messages reach it, one by one."""
    perceived: dict[int, float] = {}
    for v in graph.nodes:
        seen = list(graph.predecessors(v)) if graph.is_directed() else list(graph.neighbors(v))
        if seen:
            perceived[v] = sum(holds[u] for u in seen) / len(seen)
    seeing = [v for v, q in perceived.items() if q > threshold]
    return {
        "observers": len(perceived),
        "seeing_majority": len(seeing),
        "perceived": perceived,
        "global_share": sum(holds) / len(holds),
    }


@st.composite
def graphs_with_holders(draw: st.DrawFn) -> tuple[nx.Graph, list[bool], float]:
    n = draw(st.integers(2, 25))
    directed = draw(st.booleans())
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((u, v) for u, v in pairs if u != v)
    holds = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    threshold = draw(st.sampled_from([0.1, 0.25, 1 / 3, 0.5, 0.6, 2 / 3, 0.9]))
    return graph, holds, threshold


@settings(max_examples=60, deadline=None)
@given(graphs_with_holders())
def test_matches_plain_python_reference(case: tuple[nx.Graph, list[bool], float]) -> None:
    graph, holds, threshold = case
    nx.set_node_attributes(graph, dict(enumerate(holds)), "x")
    g = Graph.from_networkx(graph)
    result = illusion(g, "x", threshold=threshold) if any(holds) else illusion(g, np.array(holds), threshold=threshold)
    expected = reference(graph, holds, threshold)
    s = result.summary
    assert s["observers"] == expected["observers"]
    assert s["no_neighbours"] == graph.number_of_nodes() - expected["observers"]
    assert s["seeing_majority"] == expected["seeing_majority"]
    assert s["global_share"] == pytest.approx(expected["global_share"])
    perceived = result.per_node["perceived_share"].to_numpy()
    for v in graph.nodes:
        if v in expected["perceived"]:
            assert perceived[v] == pytest.approx(expected["perceived"][v])
        else:
            assert math.isnan(perceived[v])
    deciles = result.by_degree_decile
    assert deciles["people"].sum() == expected["observers"]
    if expected["observers"]:
        weighted = (deciles["people"] * deciles["share_seeing_majority"]).sum() / deciles["people"].sum()
        assert weighted == pytest.approx(s["share_seeing_majority"])
        assert (deciles["min_observed"].diff().dropna() >= 0).all()
    # rho_kx: Pearson correlation of out-degree (how many observe the node) with holding it.
    out_degree = [graph.out_degree(v) if graph.is_directed() else graph.degree(v) for v in graph.nodes]
    if np.std(out_degree) > 0 and 0 < sum(holds) < len(holds):
        assert s["rho_kx"] == pytest.approx(np.corrcoef(out_degree, np.array(holds, dtype=float))[0, 1])
    else:
        assert math.isnan(s["rho_kx"])


@settings(max_examples=40, deadline=None)
@given(graphs_with_holders())
def test_degree_assortativity_matches_networkx(case: tuple[nx.Graph, list[bool], float]) -> None:
    graph, _, _ = case
    ours = degree_assortativity(Graph.from_networkx(graph))
    with np.errstate(all="ignore"):
        try:
            theirs = nx.degree_assortativity_coefficient(graph)
        except (ValueError, ZeroDivisionError):
            theirs = float("nan")
    # Undefined (no degree variance): ours is NaN; NetworkX gives NaN or, from a 0/0 in float rounding, ±inf.
    if math.isnan(ours) or not math.isfinite(theirs):
        assert math.isnan(ours) and not math.isfinite(theirs)
    else:
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)


def test_karate_assortativity(named: dict[str, nx.Graph]) -> None:
    karate = named["karate"]
    assert degree_assortativity(Graph.from_networkx(karate)) == pytest.approx(
        nx.degree_assortativity_coefficient(karate), rel=1e-12
    )


def test_directed_observes_in_neighbours() -> None:
    # a -> b, a -> c, c -> b: b observes a and c; c observes a; a observes nobody.
    g = Graph.from_edges(["a", "a", "c"], ["b", "c", "b"], directed=True)
    result = illusion(g, np.array([True, False, False]))  # node order a, b, c
    node = result.per_node.set_index("id")
    assert node.loc["b", "perceived_share"] == 0.5 and not node.loc["b", "sees_majority"]
    assert node.loc["c", "perceived_share"] == 1.0 and node.loc["c", "sees_majority"]
    assert math.isnan(node.loc["a", "perceived_share"])
    assert result.summary["no_neighbours"] == 1 and result.summary["observers"] == 2


def test_global_majority_is_no_illusion() -> None:
    g = Graph.from_edges(["h", "h", "h"], ["a", "b", "c"])
    result = illusion(g, np.array([True, True, True, False]))
    assert result.summary["share_seeing_majority"] > 0
    assert result.summary["share_under_illusion"] == 0.0


def test_what_if_hand_checked() -> None:
    # Path a - b - c - d - e; c already holds it. Endorsing a: b then observes a and c (2/2).
    g = Graph.from_edges(list("abcd"), list("bcde"), nodes=pd.DataFrame({"x": [0, 0, 1, 0, 0]}, index=list("abcde")))
    before, after = what_if(g, "x", [0])
    assert before.summary["holders"] == 1 and after.summary["holders"] == 2
    # Before: b (1/2) and d (1/2) are not above 0.5; nobody sees a majority.
    assert before.summary["seeing_majority"] == 0
    # After: b sees 2/2; a sees b (0/1); c sees b, d (0/2); d sees 1/2; e sees 0/1.
    assert after.summary["seeing_majority"] == 1
    assert after.per_node.set_index("id").loc["b", "sees_majority"]


def test_value_matches_as_text(named: dict[str, nx.Graph]) -> None:
    g = Graph.from_networkx(named["karate"])
    result = illusion(g, "club", value="Officer")
    assert result.summary["holders"] == sum(1 for _, d in named["karate"].nodes(data=True) if d["club"] == "Officer")


@pytest.mark.parametrize(
    ("attribute", "value", "threshold", "message"),
    [
        ("nope", None, 0.5, "no node attribute 'nope'"),
        ("club", "Nobody", 0.5, "no node has club = 'Nobody'"),
        ("club", None, 0.5, "is not yes/no"),
        ("club", "Officer", 0.0, "outside (0, 1)"),
        ("club", "Officer", 1.0, "outside (0, 1)"),
    ],
)
def test_bad_input(
    named: dict[str, nx.Graph], attribute: str, value: str | None, threshold: float, message: str
) -> None:
    g = Graph.from_networkx(named["karate"])
    with pytest.raises(OptionError) as caught:
        illusion(g, attribute, value=value, threshold=threshold)
    assert message in caught.value.line()
