"""The map's geometry (layout, mapview), its label placement and its PNG: measured on coordinates, not on looks.

The two figures of the issue's "Done when": the main component's bounding box covers at least 60% of the drawing's
box, and the mean length of links inside communities is less than half the mean length of links between them.
"""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.communities import communities
from inroads.graph import Graph
from inroads.report.build import build
from inroads.report.html import render_html
from inroads.report.labels import place_labels
from inroads.report.layout import map_layout
from inroads.report.map_png import map_png
from inroads.report.mapview import map_view, undirected_pairs


def main_share(xy: np.ndarray, component: np.ndarray) -> float:
    """Area of the main component's bounding box over the area of the whole drawing's box."""
    whole = np.prod(xy.max(axis=0) - xy.min(axis=0))
    main = xy[component == 0]
    return float(np.prod(main.max(axis=0) - main.min(axis=0)) / whole)


def length_ratio(xy: np.ndarray, pairs: np.ndarray, community: np.ndarray) -> float:
    """Mean link length inside communities over the mean between them."""
    length = np.linalg.norm(xy[pairs[:, 0]] - xy[pairs[:, 1]], axis=1)
    inside = community[pairs[:, 0]] == community[pairs[:, 1]]
    return float(length[inside].mean() / length[~inside].mean())


def planted(groups: int, size: int, p_in: float, p_out: float, seed: int, extra: int = 0) -> tuple[nx.Graph, list]:
    """A planted-partition graph plus ``extra`` isolates and ``extra`` separate pairs and triangles."""
    graph = nx.planted_partition_graph(groups, size, p_in, p_out, seed=seed)
    truth = [node // size for node in range(groups * size)]
    start = graph.number_of_nodes()
    for k in range(extra):
        base = start + 6 * k
        graph.add_node(base)
        graph.add_edge(base + 1, base + 2)
        graph.add_edges_from([(base + 3, base + 4), (base + 4, base + 5), (base + 5, base + 3)])
        truth += [groups + 3 * k, groups + 3 * k + 1, groups + 3 * k + 1] + [groups + 3 * k + 2] * 3
    return graph, truth


@pytest.mark.parametrize(("groups", "size", "p_in", "p_out", "extra"), [(4, 60, 0.2, 0.01, 10), (12, 40, 0.3, 0.004, 3),
                                                                        (3, 300, 0.05, 0.002, 40)])  # fmt: skip
@pytest.mark.parametrize("detected", [False, True], ids=["planted", "detected"])
def test_planted_communities_are_regions_and_the_main_component_fills_the_frame(groups, size, p_in, p_out, extra,
                                                                              detected):  # fmt: skip
    graph, truth = planted(groups, size, p_in, p_out, seed=groups + size, extra=extra)
    g = Graph.from_networkx(graph)
    pairs = undirected_pairs(g)
    community = np.asarray(communities(g).membership) if detected else np.asarray(truth)[g.ids.astype(int)]
    placed = map_layout(g.n, pairs, community=community, seed=1)
    assert placed.main_component and main_share(placed.xy, placed.component) >= 0.6
    # Judged by the planted groups even when the layout was given the detected ones.
    assert length_ratio(placed.xy, pairs, np.asarray(truth)[g.ids.astype(int)]) < 0.5
    main = placed.component == 0
    assert placed.xy[main, 0].max() < placed.xy[~main, 0].min()  # the small ones sit in a band on the right


@pytest.mark.data
@pytest.mark.parametrize(
    "name",
    ["newman-netscience/netscience.gml", "adamic-polblogs/polblogs.gml", "newman-power-grid/power.graph",
     "snap-ca-GrQc/CA-GrQc.txt", "snap-bitcoin-otc/soc-sign-bitcoinotc.csv.gz"],
)  # fmt: skip
def test_shared_networks_meet_the_two_figures(shared_data, name):
    from inroads.io import read

    g = read(shared_data / name)
    pairs = undirected_pairs(g)
    community = np.asarray(communities(g).membership)
    placed = map_layout(g.n, pairs, community=community, seed=0)
    assert main_share(placed.xy, placed.component) >= 0.6
    assert length_ratio(placed.xy, pairs, community) < 0.5


def test_layout_is_deterministic_for_a_seed(named):
    g = Graph.from_networkx(named["lesmis"])
    pairs, community = undirected_pairs(g), np.asarray(communities(g).membership)
    first = map_layout(g.n, pairs, community=community, seed=7)
    again = map_layout(g.n, pairs, community=community, seed=7)
    other = map_layout(g.n, pairs, community=community, seed=8)
    assert np.array_equal(first.xy, again.xy) and not np.array_equal(first.xy, other.xy)
    assert first.xy.min() >= 0 and first.xy.max() <= 1


def test_components_of_equal_size_are_packed_side_by_side():
    graph = nx.disjoint_union(nx.cycle_graph(30), nx.cycle_graph(30))
    g = Graph.from_networkx(graph)
    placed = map_layout(g.n, undirected_pairs(g), seed=0)
    assert not placed.main_component and sorted(np.bincount(placed.component)) == [30, 30]
    boxes = [
        (placed.xy[placed.component == c].min(axis=0), placed.xy[placed.component == c].max(axis=0)) for c in (0, 1)
    ]
    (low0, high0), (low1, high1) = boxes
    assert (high0 < low1).any() or (high1 < low0).any()  # apart on some axis: no overlap


@pytest.mark.parametrize(
    ("edges", "nodes", "words"),
    [([], [], "no people"), ([], ["solo"], "one person"), ([], ["a", "b", "c"], "None of the 3 people are linked")],
    ids=["empty", "one-person", "only-isolates"],
)
def test_nothing_to_draw_is_a_message_not_an_empty_canvas(edges, nodes, words):
    g = Graph.from_networkx(nx.Graph(edges) if not nodes else nx.empty_graph(nodes))
    table = pd.DataFrame({"id": pd.Series([], dtype=str), "type": pd.Series([], dtype=str)})
    report = build(g, table, communities=np.zeros(g.n, dtype=int))
    assert report["map"]["mode"] == "empty" and words in report["map"]["message"]
    assert len(report["layout"]["x"]) == g.n
    assert json.loads(json.dumps(report)) == report
    assert map_png(report, width=600, height=400)[:4] == b"\x89PNG"


def test_focus_map_says_who_was_aggregated(named):
    graph = nx.les_miserables_graph()
    g = Graph.from_networkx(graph)
    membership = np.asarray(communities(g).membership)
    row = np.full(g.n, -1)
    row[:3] = np.arange(3)
    drawn, where = map_view(g, row=row, membership=membership, limit=20, seed=0)
    people = [i for i, members in zip(drawn["id"], drawn["members"], strict=True) if members == 0]
    folded = where["aggregated"]["people"]
    assert drawn["mode"] == "focus" and not set(people) & set(folded)
    assert len(people) + len(folded) + where["aggregated"]["hidden"] == g.n
    by_id = dict(zip(g.ids, membership, strict=True))
    assert [by_id[i] for i in folded] == list(where["aggregated"]["people_community"])
    assert set(where["aggregated"]["people_community"]) <= set(where["aggregated"]["community"])
    assert f"other {len(folded)} people are aggregated" in drawn["rule"]
    # The page never carries the aggregated ids (the JSON does): they could be most of a large network.
    page = render_html(build(g, pd.DataFrame({"id": g.ids[:3], "type": ["awareness"] * 3}), map_limit=20))
    assert '"people":[]' in page


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(0, 10_000))
def test_labels_never_overlap_each_other_or_a_marker_and_stay_inside(count, seed):
    rng = np.random.default_rng(seed)
    anchors = rng.uniform(0, 300, size=(count, 2))
    radii = rng.uniform(2, 10, count)
    sizes = np.column_stack([rng.uniform(10, 80, count), np.full(count, 14.0)])
    obstacles = np.column_stack([anchors, radii])
    boxes = place_labels(anchors, radii, sizes, frame=(300.0, 300.0), obstacles=obstacles)
    shown = [b for b in boxes if b is not None]
    for k, a in enumerate(shown):
        assert a[0] >= 0 and a[2] <= 300 and a[1] >= 0 and a[3] <= 300
        for b in shown[k + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        for x, y, r in obstacles:
            assert not (a[0] < x + r and x - r < a[2] and a[1] < y + r and y - r < a[3])


def test_a_crowd_loses_labels_rather_than_overlapping():
    anchors = np.full((40, 2), 100.0)
    boxes = place_labels(anchors, np.full(40, 3.0), np.tile([40.0, 12.0], (40, 1)), frame=(200.0, 200.0))
    shown = [b for b in boxes if b is not None]
    assert 8 <= len(shown) < 40 and boxes[-1] is None
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for k, a in enumerate(shown) for b in shown[k + 1 :]
    )
    # The first ones sit right beside the marker (right, left, above, below); later ones farther out.
    assert boxes[0] == (106.0, 94.0, 146.0, 106.0) and boxes[1] == (54.0, 94.0, 94.0, 106.0)
    assert boxes[2] == (80.0, 82.0, 120.0, 94.0) and boxes[3] == (80.0, 106.0, 120.0, 118.0)


def test_focus_map_fills_up_with_the_best_connected_when_contacts_run_out():
    graph = nx.path_graph(4)  # the shortlisted person 0 has one contact, 1
    graph.add_edges_from((10 + a, 10 + b) for a in range(8) for b in range(a + 1, 8))  # a clique: degree 7 each
    graph.add_nodes_from(range(20, 32))  # loners
    g = Graph.from_networkx(graph)
    row = np.full(g.n, -1)
    row[list(g.ids).index("0")] = 0
    drawn, _ = map_view(g, row=row, membership=np.zeros(g.n, dtype=int), limit=6, seed=0)
    people = {i for i, members in zip(drawn["id"], drawn["members"], strict=True) if members == 0}
    assert people == {"0", "1", "10", "11", "12", "13"} and "5 others, their contacts first" in drawn["rule"]
