"""Approximate betweenness: the (epsilon, delta) guarantee against NetworkX, determinism, top-k, bad input."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.measures.approx import SampleBatch, approx_betweenness, sample_batch


def _exact(graph: nx.Graph, weight: str | None = None) -> np.ndarray:
    scores = nx.betweenness_centrality(graph, normalized=True, weight=weight)
    return np.array([scores[node] for node in graph.nodes])


def _cases(named: dict[str, nx.Graph]) -> list[tuple[str, Graph, np.ndarray]]:
    directed = nx.gnp_random_graph(30, 0.1, seed=3, directed=True)
    return [
        ("karate", Graph.from_networkx(named["karate"]), _exact(named["karate"])),
        ("florentine", Graph.from_networkx(named["florentine"]), _exact(named["florentine"])),
        ("directed", Graph.from_networkx(directed), _exact(directed)),
        (
            "lesmis-weighted",
            Graph.from_networkx(named["lesmis"], distance="distance"),
            _exact(named["lesmis"], "distance"),
        ),
    ]


@pytest.mark.parametrize("case", range(4))
def test_guarantee_holds_over_100_seeds(named, case):
    """Over 100 seeds, runs with any score off by more than epsilon must be at most delta of them (0 in practice)."""
    name, graph, exact = _cases(named)[case]
    epsilon, delta = 0.05, 0.1
    failures = 0
    samples = []
    for seed in range(100):
        scores, info = approx_betweenness(graph, epsilon=epsilon, delta=delta, seed=seed)
        failures += bool(np.abs(scores.to_numpy() - exact).max() > epsilon)
        samples.append(info.samples)
        assert info.samples <= info.sample_cap
    assert failures <= delta * 100, f"{name}: {failures} of 100 runs broke the bound"
    assert failures == 0, f"{name}: {failures} runs off by more than epsilon (allowed, but never seen in practice)"
    assert len(set(samples)) >= 1


def test_estimates_converge_to_networkx(named):
    """A tight epsilon must bring every score close to NetworkX (checks the n/(n-2) rescaling and path sampling)."""
    graph = Graph.from_networkx(named["kite"])
    scores, info = approx_betweenness(graph, epsilon=0.005, delta=0.01, seed=5)
    np.testing.assert_allclose(scores.to_numpy(), _exact(named["kite"]), atol=0.005)
    assert info.stopped in {"bound", "cap"}


def test_same_seed_same_answer_any_threads_and_batching(named):
    graph = Graph.from_networkx(named["lesmis"])
    first, info_1 = approx_betweenness(graph, epsilon=0.03, seed=11, threads=1)
    second, info_2 = approx_betweenness(graph, epsilon=0.03, seed=11, threads=2)
    assert first.equals(second) and info_1.samples == info_2.samples
    other, _ = approx_betweenness(graph, epsilon=0.03, seed=12)
    assert not first.equals(other)
    whole = sample_batch(graph, SampleBatch(0, 3000, seed=4))[0]
    parts = sum(
        sample_batch(graph, SampleBatch(first, 1000, seed=4), threads=t)[0]
        for first, t in ((0, 1), (1000, 2), (2000, 1))
    )
    assert (whole == parts).all()


def test_top_k_returns_the_leaders(named):
    graph = Graph.from_networkx(named["lesmis"])
    exact = _exact(named["lesmis"])
    scores, info = approx_betweenness(graph, epsilon=0.01, seed=2, top=5)
    assert len(scores) == 5 and info.top == 5
    expected = graph.ids[np.argsort(-exact, kind="stable")[:5]]
    assert list(scores.index) == list(expected)
    assert scores.is_monotonic_decreasing


def test_top_larger_than_n_gives_all_nodes(named):
    graph = Graph.from_networkx(named["P3"])
    scores, info = approx_betweenness(graph, top=10, seed=0)
    assert list(scores.index) == ["1", "0", "2"]
    assert scores["1"] == pytest.approx(1.0, abs=0.01)
    assert info.top == 3 and any("10" in note for note in info.notes)


def test_tiny_graphs_are_exactly_zero():
    graph = Graph.from_edges(["a"], ["b"])
    scores, info = approx_betweenness(graph)
    assert scores.tolist() == [0.0, 0.0] and info.samples == 0


@pytest.mark.parametrize(
    "option",
    [
        {"epsilon": 0.0},
        {"epsilon": 1.0},
        {"epsilon": -0.1},
        {"delta": 0.0},
        {"delta": 1.5},
        {"epsilon": float("nan")},
        {"top": 0},
        {"epsilon": "x"},
    ],
)
def test_bad_options_are_one_line_errors(named, option):
    graph = Graph.from_networkx(named["K5"])
    with pytest.raises(OptionError) as error:
        approx_betweenness(graph, **option)
    name = next(iter(option))
    assert f"--{name}" in error.value.line()


def test_footer_says_when_the_top_k_order_is_not_certified():
    """On a grid every score is far below epsilon: the bound stops sampling before the top k separate, and the
    footer must say the list's order is not promised; a run stopped by separation says no such thing."""
    from dataclasses import replace

    import networkx as nx

    grid = Graph.from_networkx(nx.grid_2d_graph(12, 12))
    _, info = approx_betweenness(grid, epsilon=0.05, delta=0.1, top=5, seed=1)
    assert info.stopped == "bound" and "not separated" in info.describe()
    assert "not separated" not in replace(info, stopped="separated").describe()
    _, everyone = approx_betweenness(grid, epsilon=0.05, delta=0.1, seed=1)
    assert "not separated" not in everyone.describe()  # no top k, no order promised


def _tied_graphs() -> list[tuple[str, nx.Graph, bool]]:
    """Weighted graphs where many shortest paths tie (small integer lengths), directed, undirected, disconnected."""
    rng = np.random.default_rng(4)
    directed = nx.gnp_random_graph(60, 0.06, seed=8, directed=True)
    grid = nx.convert_node_labels_to_integers(nx.grid_2d_graph(9, 9))
    split = nx.disjoint_union(nx.cycle_graph(30), nx.complete_graph(6))
    # A chain of diamonds: path counts double at every diamond, on both sides of wherever the two searches meet.
    diamonds = nx.Graph()
    for k in range(12):
        a, b, c, d = 3 * k, 3 * k + 1, 3 * k + 2, 3 * k + 3
        diamonds.add_edges_from([(a, b), (a, c), (b, d), (c, d)])
    graphs = [
        ("directed", directed, True),
        ("grid", grid, False),
        ("disconnected", split, False),
        ("diamonds", diamonds, False),
    ]
    for _, graph, _ in graphs:
        for u, v in graph.edges():
            graph[u][v]["distance"] = float(rng.integers(1, 3))
    return graphs


@pytest.mark.parametrize("name", ["directed", "grid", "disconnected", "diamonds"])
def test_weighted_path_sampling_is_unbiased(name):
    """The bidirectional weighted sampler: per-sample counts converge to sum sigma_st(v)/sigma_st / (n(n-1)).

    Lengths 1 and 2 make many ties (the chain of diamonds many paths on both sides), so a wrong count of the paths
    crossing between the two searches, or a wrong walk back, shows as a bias far above the sampling noise (200,000
    samples: standard error < 0.0012). Checked by mutation: taking the first crossing edge, or ignoring the t-side
    path counts, fails it."""
    graph_nx, directed = next((g, d) for label, g, d in _tied_graphs() if label == name)
    graph = Graph.from_networkx(graph_nx, distance="distance")
    samples = 200_000
    counts = sample_batch(graph, SampleBatch(0, samples, seed=9))[0]
    n = graph.n
    raw = nx.betweenness_centrality(graph_nx, normalized=False, weight="distance")
    ordered_pairs = 1.0 if directed else 2.0  # NetworkX counts an undirected pair once
    expected = np.array([raw[node] for node in graph_nx]) * ordered_pairs / (n * (n - 1))
    order = [graph.index_of(str(node)) for node in graph_nx]
    np.testing.assert_allclose(counts[order] / samples, expected, atol=0.006)
