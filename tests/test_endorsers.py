"""Endorser choice: a hand-checked graph, never worse than top-degree, the comparison table, the CLI."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.cli import main
from inroads.endorsers import _lazy_greedy, _needed, choose_endorsers, compare_endorsers, seeing_threshold
from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.reach import top_degree


def clique_and_star() -> Graph:
    """K5 on k1..k5 (everyone observes 4) and a star s with leaves l1..l3 (each leaf observes only s)."""
    clique = [(f"k{i}", f"k{j}") for i in range(1, 6) for j in range(i + 1, 6)]
    star = [("s", f"l{i}") for i in range(1, 4)]
    sources, targets = zip(*(clique + star), strict=True)
    return Graph.from_edges(list(sources), list(targets))


def test_hand_checked_greedy_beats_top_degree() -> None:
    g = clique_and_star()
    # Budget 1: the star's centre wins its 3 leaves (1/1 each); a clique node (top degree, 4) wins nobody (1/4).
    greedy = choose_endorsers(g, 1)
    assert g.ids[greedy].tolist() == ["s"]
    assert g.ids[top_degree(g, 1)].tolist() == ["k1"]
    none = np.zeros(g.n, dtype=bool)
    assert seeing_threshold(g, _with(none, greedy)) == 3
    assert seeing_threshold(g, _with(none, top_degree(g, 1))) == 0
    # Budget 3: then k1 (no win yet, but moves 4 people closer) and k2, after which k3, k4, k5 observe 2/4.
    assert g.ids[choose_endorsers(g, 3)].tolist() == ["s", "k1", "k2"]
    assert seeing_threshold(g, _with(none, choose_endorsers(g, 3))) == 3 + 3


def _with(base: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    holders = base.copy()
    holders[chosen] = True
    return holders


def test_existing_holders_count_and_are_not_chosen_again() -> None:
    g = clique_and_star()
    holders = np.zeros(g.n, dtype=bool)
    holders[g.index_of("k1")] = True
    chosen = choose_endorsers(g, 2, holders=holders)
    assert "k1" not in g.ids[chosen].tolist()
    # s wins 3 leaves; any second clique node then brings the other three clique members to 2/4.
    assert seeing_threshold(g, _with(holders, chosen)) == 6


@st.composite
def random_graphs(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(3, 30))
    seed = draw(st.integers(0, 10_000))
    kind = draw(st.sampled_from(["gnp", "ba", "directed"]))
    if kind == "gnp":
        graph = nx.gnp_random_graph(n, draw(st.sampled_from([0.05, 0.1, 0.2, 0.4])), seed=seed)
    elif kind == "ba":
        graph = nx.barabasi_albert_graph(n, draw(st.integers(1, 2)), seed=seed)
    else:
        graph = nx.gnp_random_graph(n, 0.15, seed=seed, directed=True)
    return Graph.from_networkx(graph)


@settings(max_examples=80, deadline=None)
@given(random_graphs(), st.integers(1, 8), st.sampled_from([0.2, 0.5, 2 / 3, 0.8]))
def test_greedy_never_worse_than_top_degree(g: Graph, budget: int, threshold: float) -> None:
    none = np.zeros(g.n, dtype=bool)
    greedy = seeing_threshold(g, _with(none, choose_endorsers(g, budget, threshold=threshold)), threshold=threshold)
    degree = seeing_threshold(g, _with(none, top_degree(g, budget)), threshold=threshold)
    assert greedy >= degree
    assert choose_endorsers(g, budget, threshold=threshold).size == min(budget, g.n)


@settings(max_examples=40, deadline=None)
@given(random_graphs(), st.integers(1, 5), st.sampled_from([0.2, 0.5, 0.8]))
def test_lazy_greedy_reports_what_it_wins(g: Graph, budget: int, threshold: float) -> None:
    # Each step wins at least as many as its recorded score: recompute from scratch with a plain-Python count.
    chosen = _lazy_greedy(g, budget, threshold, np.zeros(g.n, dtype=bool))
    graph = g.to_networkx()
    holders = set(g.ids[chosen].tolist())
    wins = 0
    for v in graph.nodes:
        seen = list(graph.predecessors(v)) if g.directed else list(graph.neighbors(v))
        if seen and sum(u in holders for u in seen) / len(seen) >= threshold:
            wins += 1
    assert seeing_threshold(g, _with(np.zeros(g.n, dtype=bool), chosen), threshold=threshold) == wins


@pytest.mark.parametrize("threshold", [0.1, 0.3, 1 / 3, 0.5, 0.7, 0.9])
def test_needed_agrees_with_the_division(threshold: float) -> None:
    observed = np.arange(0, 60)
    need = _needed(observed, threshold)
    for k, c in zip(observed[1:], need[1:], strict=True):
        assert c / k >= threshold and (c - 1) / k < threshold


def test_compare_table(named: dict[str, nx.Graph]) -> None:
    g = Graph.from_networkx(named["karate"])
    table = compare_endorsers(g, 4, shortlist=False).set_index("strategy")
    assert list(table.index) == ["greedy", "top-degree", "random"]
    assert (table["endorsers"] == 4).all()
    assert table.loc["greedy", "seeing_threshold"] >= table.loc["top-degree", "seeing_threshold"]
    assert table.loc["top-degree", "ids"].split(",")[:2] == ["33", "0"]


def test_compare_includes_the_shortlist(named: dict[str, nx.Graph]) -> None:
    influencers = pytest.importorskip("inroads.influencers")
    g = Graph.from_networkx(named["karate"])
    table = compare_endorsers(g, 5).set_index("strategy")
    assert list(table.index) == ["greedy", "shortlist", "top-degree", "random"]
    assert table.loc["shortlist", "ids"].split(",") == influencers.shortlist(g, size=5)["id"].astype(str).tolist()


def test_bad_budget() -> None:
    with pytest.raises(OptionError, match="budget"):
        choose_endorsers(clique_and_star(), 0)


def test_cli_endorsers(tmp_path, capsys) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\n" + "".join(f"{u},{v}\n" for u, v in clique_and_star().to_networkx().edges))
    with pytest.raises(SystemExit) as stop:
        main(["endorsers", str(edges), "--budget", "1", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert stop.value.code == 0
    rows = {row["strategy"]: row for row in out["rows"]}
    assert rows["greedy"]["ids"] == "s" and rows["greedy"]["seeing_threshold"] == 3
    assert rows["top-degree"]["seeing_threshold"] == 0


def test_cli_endorsers_bad_threshold(tmp_path, capsys) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\na,b\n")
    with pytest.raises(SystemExit) as stop:
        main(["endorsers", str(edges), "--budget", "1", "--threshold", "0"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and len(err.strip().splitlines()) == 1 and "--threshold" in err
