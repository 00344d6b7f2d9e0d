"""method="auto": the cost model picks exact for cheap graphs, approximate past the budget, and says why."""

from __future__ import annotations

import networkx as nx
import pytest

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.measures import auto
from inroads.measures.auto import DEFAULT_BUDGET, check_budget, choose_method, estimate_exact_seconds


@pytest.fixture(scope="module")
def medium() -> Graph:
    return Graph.from_networkx(nx.barabasi_albert_graph(12_000, 5, seed=1))  # n·m ≈ 7e8: timed, not trivial


def test_small_graphs_are_exact_without_timing(named, monkeypatch):
    monkeypatch.setattr(auto, "estimate_exact_seconds", lambda *a, **k: pytest.fail("should not time"))
    method, reason = choose_method(Graph.from_networkx(named["karate"]), "betweenness")
    assert method == "exact" and "small" in reason


def test_budget_decides(medium):
    seconds = estimate_exact_seconds(medium)
    assert 0 < seconds < 600
    assert choose_method(medium, "betweenness", budget_seconds=seconds * 10)[0] == "exact"
    method, reason = choose_method(medium, "betweenness", budget_seconds=seconds / 10)
    assert method == "approx" and "budget" in reason


def test_estimate_scales_with_n(medium):
    """The estimate is per-sweep cost times n: a graph 4x larger (same degree) must cost clearly more."""
    small = Graph.from_networkx(nx.barabasi_albert_graph(3_000, 5, seed=1))
    assert estimate_exact_seconds(medium, threads=1) > 3 * estimate_exact_seconds(small, threads=1)


def test_top_k_closeness_and_degree_are_always_exact(medium):
    assert choose_method(medium, "closeness", budget_seconds=1e-6, top=50)[0] == "exact"
    assert choose_method(medium, "harmonic", budget_seconds=1e-6, top=50)[0] == "exact"
    assert choose_method(medium, "degree", budget_seconds=1e-6)[0] == "exact"
    assert choose_method(medium, "closeness", budget_seconds=1e-6)[0] == "approx"


@pytest.mark.parametrize("budget", [0, -1, float("inf"), "x", True])
def test_bad_budget(budget):
    with pytest.raises(OptionError, match="--budget"):
        check_budget(budget)


def test_default_budget():
    assert check_budget(None) == DEFAULT_BUDGET


def test_one_door_decides_the_method_and_the_cli_says_the_same() -> None:
    from inroads.errors import OptionError
    from inroads.graph import Graph
    from inroads.measures.auto import decide_method

    g = Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])
    assert decide_method(g, "closeness", "exact") == ("exact", "exact: asked for")
    assert decide_method(g, "closeness", "auto")[0] == "exact"  # small: exact without timing
    assert decide_method(g, "closeness", "auto", exact_only="targets")[1] == "exact: targets need the exact engine"
    with pytest.raises(OptionError, match="targets need method='exact'"):
        decide_method(g, "closeness", "approx", exact_only="targets")
    with pytest.raises(OptionError, match="unknown method 'fast'"):
        decide_method(g, "closeness", "fast")
