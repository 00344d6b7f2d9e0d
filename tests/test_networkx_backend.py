"""The NetworkX backend: ``nx.*(G, backend="inroads")`` equals NetworkX, errors included, and really runs here."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.measures import exact
from inroads.networkx_backend import algorithms, convert_from_nx
from inroads.networkx_backend.interface import MIN_EDGE_VISITS, BackendInterface
from tests.test_centrality_properties import Case, graphs

# Repeated calls on one graph reuse NetworkX's cached conversion, and NetworkX warns about that each time.
pytestmark = pytest.mark.filterwarnings("ignore:Note. conversions to backend graphs:UserWarning")

ENGINE = ("betweenness", "closeness", "harmonic")


@contextlib.contextmanager
def engine_calls() -> Iterator[list[str]]:
    """Record every call into inroads' engine from the backend, and fail on any run of NetworkX's own code."""
    calls: list[str] = []

    def recorded(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return call

    def no_fallback(name: str, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{name} ran NetworkX's own code")

    with pytest.MonkeyPatch.context() as patch:
        for name in ENGINE:
            patch.setattr(exact, name, recorded(name, getattr(exact, name)))
        patch.setattr(algorithms, "degree", recorded("degree", algorithms.degree))
        patch.setattr(algorithms, "_run_networkx", no_fallback)
        yield calls


def outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    """The result of ``call``, or the type and message of what it raised."""
    try:
        return ("result", call())
    except Exception as error:
        return ("raised", type(error), str(error))


def assert_same(ours: tuple[Any, ...], theirs: tuple[Any, ...]) -> None:
    """Same outcome: equal exceptions, or the same keys in the same order and values within 1e-9 (relative)."""
    assert ours[0] == theirs[0], f"inroads {ours}, networkx {theirs}"
    if ours[0] == "raised":
        assert ours[1:] == theirs[1:]
        return
    mine, want = ours[1], theirs[1]
    if not isinstance(want, dict):
        mine, want = {None: mine}, {None: want}
    assert list(mine) == list(want)
    for node, value in want.items():
        if math.isnan(value):
            assert math.isnan(mine[node]), node
        else:
            assert mine[node] == pytest.approx(value, rel=1e-9, abs=1e-12), node
        assert type(mine[node]) in (float, int), type(mine[node])


def compare(function: Callable[..., Any], graph: nx.Graph, **kwargs: Any) -> None:
    assert_same(
        outcome(lambda: function(graph, backend="inroads", **kwargs)),
        outcome(lambda: function(graph, backend="networkx", **kwargs)),
    )


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_every_function_equals_networkx_on_the_engine_graphs(case: Case):
    graph, weight = case.theirs, case.weight
    with engine_calls() as calls:
        for normalized in (True, False):
            for endpoints in (False, True):
                compare(nx.betweenness_centrality, graph, normalized=normalized, endpoints=endpoints, weight=weight)
        for wf_improved in (True, False):
            compare(nx.closeness_centrality, graph, distance=weight, wf_improved=wf_improved)
        compare(nx.harmonic_centrality, graph, distance=weight)
        compare(nx.degree_centrality, graph)
        if graph.is_directed():
            compare(nx.in_degree_centrality, graph)
            compare(nx.out_degree_centrality, graph)
    assert {"betweenness", "closeness", "harmonic"} | ({"degree"} if len(graph) > 1 else set()) == set(calls)


@settings(max_examples=100, deadline=None)
@given(graphs(max_nodes=20), st.data())
def test_arguments_equal_networkx(case: Case, data: st.DataObject):
    graph, weight = case.theirs, case.weight
    nodes = list(graph)
    some = st.lists(st.sampled_from(nodes), max_size=len(nodes) + 2)
    k = data.draw(st.integers(0, len(nodes)))
    seed = data.draw(st.integers(0, 2**32 - 1))
    endpoints = data.draw(st.booleans())
    normalized = data.draw(st.booleans())
    with engine_calls():
        # k sampled sources: the same nodes as NetworkX for the same seed, scaled alike (k=0 raises alike)
        compare(
            nx.betweenness_centrality, graph, k=k, seed=seed, endpoints=endpoints, normalized=normalized, weight=weight
        )
        # repeated sources count again, as in NetworkX
        compare(nx.betweenness_centrality_subset, graph, sources=data.draw(some), targets=data.draw(some),
                normalized=normalized, weight=weight)  # fmt: skip
        compare(nx.closeness_centrality, graph, u=data.draw(st.sampled_from(nodes)), distance=weight)
        compare(nx.harmonic_centrality, graph, nbunch=data.draw(some), sources=data.draw(some), distance=weight)


def test_each_function_runs_the_engine_not_networkx(named: dict[str, nx.Graph]):
    graph = named["kite"]
    directed = nx.gnp_random_graph(20, 0.2, directed=True, seed=1)
    cases: list[tuple[Any, nx.Graph, dict[str, Any], str]] = [
        (nx.betweenness_centrality, graph, {}, "betweenness"),
        (nx.betweenness_centrality, graph, {"k": 3, "seed": 1}, "betweenness"),
        (nx.betweenness_centrality_subset, graph, {"sources": [0, 1], "targets": [8, 9]}, "betweenness"),
        (nx.closeness_centrality, graph, {}, "closeness"),
        (nx.closeness_centrality, graph, {"u": 3}, "closeness"),
        (nx.harmonic_centrality, graph, {}, "harmonic"),
        (nx.degree_centrality, graph, {}, "degree"),
        (nx.in_degree_centrality, directed, {}, "degree"),
        (nx.out_degree_centrality, directed, {}, "degree"),
    ]
    for function, g, kwargs, kernel in cases:
        with engine_calls() as calls:
            function(g, backend="inroads", **kwargs)
        assert calls == [kernel], function.__name__


def test_priority_dispatch_runs_here_above_the_threshold_and_leaves_small_graphs_to_networkx():
    big = nx.gnm_random_graph(400, 1600, seed=3)  # 400 sweeps x 2000 = 800,000 edge visits
    small = nx.path_graph(10)
    assert 10 * 19 < MIN_EDGE_VISITS <= 400 * 2000
    with nx.config(backend_priority={"algos": ["inroads"]}), engine_calls() as calls:
        expected = nx.betweenness_centrality(big, backend="networkx")
        assert nx.betweenness_centrality(big) == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert calls == ["betweenness"]
        # the conversion is cached on the graph, and a change to the graph drops it
        assert "inroads" in big.__networkx_cache__["backends"]
        nx.closeness_centrality(big)
        assert calls == ["betweenness", "closeness"]
        big.add_edge(0, 399)
        assert "backends" not in big.__networkx_cache__
        calls.clear()
        nx.betweenness_centrality(small)
        nx.degree_centrality(big)
        assert calls == []  # both stayed in NetworkX
    reason = BackendInterface.should_run("betweenness_centrality", (small,), {})
    assert isinstance(reason, str) and "too small" in reason


def test_weight_functions_are_left_to_networkx():
    graph = nx.path_graph(4)
    with pytest.raises(NotImplementedError, match="for the given arguments"):
        nx.betweenness_centrality(graph, weight=lambda u, v, d: 1.0, backend="inroads")
    with nx.config(backend_priority={"algos": ["inroads"]}):
        assert nx.betweenness_centrality(graph, weight=lambda u, v, d: 1.0) == nx.betweenness_centrality(graph)


@pytest.mark.parametrize("value", [0.0, -1.0, math.inf, math.nan, "far", "2", None])
def test_weights_the_engine_cannot_take_get_networkx_results_and_errors(value: Any):
    graph = nx.cycle_graph(5)
    nx.set_edge_attributes(graph, 1.0, "w")
    graph.edges[0, 1]["w"] = value
    assert convert_from_nx(graph, {"w": 1}).original is graph
    for function, keyword in (
        (nx.betweenness_centrality, "weight"),
        (nx.closeness_centrality, "distance"),
        (nx.harmonic_centrality, "distance"),
    ):
        compare(function, graph, **{keyword: "w"})


def test_degree_counts_self_loops_and_parallel_edges_as_networkx():
    graph = nx.MultiGraph([(0, 1), (0, 1), (1, 1), (1, 2)])
    compare(nx.degree_centrality, graph)
    with engine_calls():  # no loops: betweenness of a multigraph runs here, parallel edges merged (NetworkX's BFS)
        compare(nx.betweenness_centrality, graph)


def test_bad_arguments_raise_networkx_exceptions():
    graph = nx.path_graph(4)
    cases: list[tuple[Any, dict[str, Any]]] = [
        (nx.betweenness_centrality, {"k": 9, "seed": 1}),  # sample larger than population
        (nx.betweenness_centrality_subset, {"sources": [7], "targets": [1]}),  # KeyError(7)
        (nx.closeness_centrality, {"u": 7}),
        (nx.closeness_centrality, {"u": 7, "distance": "w"}),  # Dijkstra words it differently
        (nx.harmonic_centrality, {"nbunch": 5}),  # neither a node nor a sequence
        (nx.in_degree_centrality, {}),  # undirected
    ]
    for function, kwargs in cases:
        compare(function, graph, **kwargs)


def test_nodes_of_any_hashable_type_come_back_in_networkx_order():
    graph = nx.Graph([(("a", 1), "b"), ("b", 3.5), (3.5, frozenset({1}))])
    result = nx.betweenness_centrality(graph, backend="inroads")
    assert list(result) == list(graph)
    assert result["b"] == pytest.approx(2 / 3)


def test_a_converted_graph_passed_in_answers_for_its_own_weights_only():
    graph = nx.Graph([(0, 1, {"w": 5.0}), (1, 2, {"w": 1.0}), (0, 2, {"w": 1.0})])
    weighted = convert_from_nx(graph, {"w": 1})
    assert nx.betweenness_centrality(weighted, weight="w") == nx.betweenness_centrality(graph, weight="w")
    assert nx.betweenness_centrality(weighted) == nx.betweenness_centrality(graph)  # lengths ignored, as asked
    with pytest.raises(NotImplementedError):
        nx.closeness_centrality(weighted, distance="other")
    with pytest.raises(NotImplementedError, match="edge lengths from 'w', not 'other'"):
        algorithms.closeness_centrality(weighted, distance="other")
