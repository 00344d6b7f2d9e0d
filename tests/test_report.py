"""The report's dict (build), its HTML escaping, the map rule, the PNG charts and the ``inroads report`` command.

The page itself is driven in headless chromium by ``tests/browser/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.communities import communities
from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.illusion import illusion
from inroads.reach import reach
from inroads.report.build import build
from inroads.report.html import render_html, script_json
from inroads.report.layout import map_positions
from inroads.report.plots import write_pngs
from tests.conftest import run

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script>"]


def nx_table(graph: nx.Graph, size: int) -> tuple[Graph, pd.DataFrame, dict[str, np.ndarray]]:
    """A shortlist made from NetworkX scores: the top betweenness, then the top closeness of the rest."""
    g = Graph.from_networkx(graph)
    by_id = {str(node): node for node in graph.nodes}
    b, c = nx.betweenness_centrality(graph), nx.closeness_centrality(graph)
    betweenness = np.array([b[by_id[i]] for i in g.ids])
    closeness = np.array([c[by_id[i]] for i in g.ids])
    awareness = list(np.argsort(-betweenness, kind="stable")[: size // 2])
    conversion = [i for i in np.argsort(-closeness, kind="stable") if i not in awareness][: size - size // 2]
    chosen = awareness + conversion
    table = pd.DataFrame({
        "rank": np.arange(1, size + 1),
        "id": g.ids[chosen].astype(str),
        "type": ["awareness"] * len(awareness) + ["conversion"] * len(conversion),
        "betweenness": betweenness[chosen],
        "closeness": closeness[chosen],
        "why": "because",
    })  # fmt: skip
    table.attrs.update(betweenness_cutoff=float(betweenness[awareness].min()), method="exact")
    return g, table, {"betweenness": betweenness, "closeness": closeness}


def id_pairs(report: dict, *, people_only: bool = False) -> set[frozenset[str]]:
    m = report["map"]
    edges = np.asarray(m["edges"]).reshape(-1, 2)
    if people_only:
        edges = edges[(np.asarray(m["members"])[edges] == 0).all(axis=1)]
    return {frozenset((m["id"][u], m["id"][v])) for u, v in edges}


# ----------------------------------------------------------------------------------------------------- build
def test_build_karate_is_plain_json_with_the_graph_and_shortlist(named):
    karate = named["karate"]
    g, table, scores = nx_table(karate, 10)
    report = build(g, table, scores=scores)
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    schema = {"schema", "title", "network", "shortlist", "thresholds", "scatter", "map", "layout", "charts", "explain"}
    assert set(report) == schema
    network = report["network"]
    assert (network["nodes"], network["edges"], network["components"]) == (34, 78, 1)
    assert network["density"] == pytest.approx(nx.density(karate), rel=1e-12)
    assert network["diameter_estimate"] == nx.diameter(karate)
    assert network["method"] == "exact" and 0 < network["modularity"] < 1
    assert network["guarantee"] == "exact scores (no sampling error)"
    assert report["shortlist"]["rows"] == json.loads(json.dumps(table.to_numpy().tolist()))
    assert report["thresholds"] == {"betweenness": table.attrs["betweenness_cutoff"], "closeness": None}
    m, where = report["map"], report["layout"]
    assert m["mode"] == "full" and len(where["x"]) == 34 and where["id"] == m["id"]
    assert id_pairs(report) == {frozenset((str(u), str(v))) for u, v in karate.edges}
    assert all(0 <= v <= 1 for v in where["x"] + where["y"])
    for r, person in enumerate(table["id"]):
        assert m["row"][m["id"].index(person)] == r
    assert sum(r >= 0 for r in m["row"]) == 10
    assert len(report["scatter"]["betweenness"]) == 34
    assert [report["scatter"]["type"][i] for i in np.flatnonzero(np.asarray(report["scatter"]["row"]) >= 0)]


def test_scatter_without_scores_is_the_shortlist(named):
    g, table, _ = nx_table(named["florentine"], 4)
    report = build(g, table)
    assert report["scatter"]["row"] == [0, 1, 2, 3]
    assert report["scatter"]["closeness"] == table["closeness"].tolist()


def test_focus_map_past_the_limit_follows_the_rule(named):
    lesmis = named["lesmis"]
    g, table, _ = nx_table(lesmis, 4)
    report = build(g, table, map_limit=20)
    m = report["map"]
    members = np.asarray(m["members"])
    people = [m["id"][i] for i in np.flatnonzero(members == 0)]
    assert m["mode"] == "focus" and len(people) == 20 and "20" in m["rule"]
    chosen = set(table["id"])
    assert chosen <= set(people)
    neighbours = {str(v) for u in chosen for v in lesmis.neighbors(u)}
    assert set(people) - chosen <= neighbours
    drawn = {frozenset(p) for p in id_pairs(report, people_only=True)}
    real = {frozenset((u, v)) for u, v in lesmis.edges if u in people and v in people}
    assert drawn == real
    # One node per community for its people not drawn, when at least 3 are left (fewer than 300 such communities).
    membership = np.asarray(communities(g).membership)
    left = np.bincount(membership[~np.isin(g.ids, people)], minlength=membership.max() + 1)
    assert sorted(members[members > 0]) == sorted(left[left >= 3])


@settings(max_examples=20, deadline=None)
@given(
    st.integers(2, 50), st.floats(0.0, 0.3), st.booleans(), st.integers(3, 60), st.integers(1, 8), st.integers(0, 999)
)
def test_any_graph_gives_a_valid_map(n, p, directed, limit, size, seed):
    graph = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    g = Graph.from_networkx(graph)
    rng = np.random.default_rng(seed)
    chosen = rng.choice(g.n, size=min(size, g.n), replace=False)
    table = pd.DataFrame({"id": g.ids[chosen], "type": rng.choice(["awareness", "conversion"], chosen.size)})
    report = build(g, table, map_limit=limit)
    json.dumps(report, allow_nan=False)
    m, where = report["map"], report["layout"]
    drawn = len(where["x"])
    assert all(len(m[key]) == drawn for key in ("name", "id", "degree", "row", "members"))
    assert all(len(where[key]) == drawn for key in ("y", "id", "component", "community"))
    edges = np.asarray(m["edges"], dtype=np.int64).reshape(-1, 2)
    assert ((edges >= 0) & (edges < drawn)).all()
    people = np.asarray(m["members"]) == 0
    assert set(table["id"]) <= {m["id"][i] for i in np.flatnonzero(people)}
    undirected = graph.to_undirected()
    for u, v in edges[people[edges].all(axis=1)]:
        assert undirected.has_edge(int(m["id"][u]), int(m["id"][v]))
    if undirected.number_of_edges() == 0:  # nothing to map: the page says so instead of drawing an empty canvas
        assert m["mode"] == "empty" and "no map to draw" in m["message"] and drawn == n
    elif n <= limit:
        assert m["mode"] == "full" and drawn == n and len(edges) == undirected.number_of_edges()
    else:
        assert m["mode"] == "focus" and people.sum() <= max(limit, chosen.size)


@settings(max_examples=25, deadline=None)
@given(st.integers(5, 40), st.floats(0.05, 0.3), st.integers(0, 10_000))
def test_diameter_estimate_lies_between_radius_and_diameter(n, p, seed):
    graph = nx.gnp_random_graph(n, p, seed=seed)
    if graph.number_of_edges() == 0:
        return
    g = Graph.from_networkx(graph)
    biggest = graph.subgraph(max(nx.connected_components(graph), key=len))
    table = pd.DataFrame({"id": [str(next(iter(biggest)))], "type": ["awareness"]})
    estimate = build(g, table, communities=np.zeros(g.n, dtype=int))["network"]["diameter_estimate"]
    assert nx.radius(biggest) <= estimate <= nx.diameter(biggest)


def test_layout_is_seeded_and_in_the_unit_square(named):
    g = Graph.from_networkx(named["kite"])
    src, dst, _ = g.edges()
    pairs = np.column_stack([src, dst])
    first, again = map_positions(g.n, pairs, seed=3), map_positions(g.n, pairs, seed=3)
    assert np.array_equal(first, again)
    assert first.min() >= 0 and first.max() <= 1 and np.isclose(np.ptp(first, axis=0).max(), 1)


def test_approximate_runs_state_their_guarantee(named):
    g, table, _ = nx_table(named["P3"], 2)
    report = build(g, table, facts={"method": "approximate", "epsilon": 0.01, "delta": 0.1})
    assert report["network"]["guarantee"] == "scores within ±0.01 of exact, with probability at least 0.9"


def test_illusion_and_reach_become_charts():
    star = Graph.from_edges(["hub"] * 5, list("abcde"))
    table = pd.DataFrame({"id": ["hub"], "type": ["awareness"]})
    seen = illusion(star, np.array([True] + [False] * 5))
    spread = reach(star, [0], hops=1)
    report = build(star, table, communities=[0] * 6, illusion=seen, reach=spread)
    by_id = {chart["id"]: chart for chart in report["charts"]}
    decile = by_id["illusion"]
    assert decile["series"][0]["values"] == seen.by_degree_decile["holders_share"].tolist()
    assert "83%" in decile["explain"]  # 5 of 6 observers see a majority
    assert by_id["reach"]["x"] == ["given", "top-degree", "random"]
    assert by_id["reach"]["series"][0]["values"][0] == 1.0
    json.dumps(report, allow_nan=False)


# ------------------------------------------------------------------------------------------------------ html
@settings(max_examples=200)
@given(st.text())
def test_script_json_round_trips_and_never_holds_markup(text):
    encoded = script_json({"name": text})
    assert json.loads(encoded) == {"name": text}
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}


def test_page_holds_no_raw_hostile_name_and_no_external_url():
    graph = nx.relabel_nodes(nx.star_graph(3), dict(enumerate(HOSTILE)))
    g, table, scores = nx_table(graph, 2)
    page = render_html(build(g, table, scores=scores, title=HOSTILE[1]))
    assert HOSTILE[0] not in page and HOSTILE[1] not in page
    assert page.count("</script>") == 2
    assert "<title>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</title>" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # The SVG namespace is an identifier the script passes to createElementNS, never a request.
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", page))
    assert urls == {"http://www.w3.org/2000/svg"}


# ------------------------------------------------------------------------------------------------------ pngs
def test_pngs_are_written_and_drawn(tmp_path, named):
    from PIL import Image

    g, table, scores = nx_table(named["lesmis"], 6)
    spread = reach(g, g.indices_of(table["id"]), hops=1)
    paths = write_pngs(build(g, table, scores=scores, reach=spread), tmp_path)
    assert [p.name for p in paths] == ["scatter.png", "map.png", "map-square.png", "reach.png"]
    for path in paths:
        pixels = np.asarray(Image.open(path).convert("L"))
        assert pixels.shape[0] > 500 and (pixels < 200).mean() > 0.005
    assert Image.open(tmp_path / "map.png").size == (1920, 1080)
    assert Image.open(tmp_path / "map-square.png").size == (1080, 1080)


def test_pngs_into_a_missing_folder_create_it(tmp_path, named):
    g, table, _ = nx_table(named["P3"], 2)
    paths = write_pngs(build(g, table), tmp_path / "new" / "slides")
    assert [p.name for p in paths] == ["scatter.png", "map.png", "map-square.png"] and all(p.is_file() for p in paths)


def test_pngs_where_a_file_stands_is_an_option_error(tmp_path, named):
    g, table, _ = nx_table(named["P3"], 2)
    (tmp_path / "taken").write_text("x")
    with pytest.raises(OptionError, match="cannot create folder"):
        write_pngs(build(g, table), tmp_path / "taken")


# ------------------------------------------------------------------------------------------------------- cli
def test_cli_writes_the_page_the_json_and_the_pngs(tmp_path, capsys):
    page, pngs = tmp_path / "report.html", tmp_path / "png"  # --png creates the folder
    code, _, err = run(["report", "networkx:karate_club", "--size", "8", "-o", str(page), "--png", str(pngs)], capsys)
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', text, re.S).group(1))
    code, out, _ = run(["report", "networkx:karate_club", "--size", "8", "--format", "json"], capsys)
    again = json.loads(out)
    assert (
        code == 0
        and again["map"] == data["map"]
        and again["layout"] == data["layout"]
        and again["shortlist"]["columns"] == data["shortlist"]["columns"]
    )
    # Batches are fixed by the graph and thread count, so two runs agree to the last bit.
    assert again["scatter"] == data["scatter"]
    assert len(data["shortlist"]["rows"]) == 8 and data["network"]["nodes"] == 34
    # The scatter shows everyone (the network behind the thresholds), the shortlisted with their type.
    assert len(data["scatter"]["closeness"]) == 34
    assert sum(1 for kind in data["scatter"]["type"] if kind) == 8
    charts = ["roles", "evidence-awareness", "evidence-awareness-steps", "evidence-conversion", "evidence-illusion"]
    assert [c["id"] for c in data["charts"]] == charts  # the evidence charts replace the 2-hop reach bars
    assert again["charts"] == data["charts"]  # seeded: the same evidence twice
    assert sorted(p.name for p in pngs.iterdir()) == sorted(
        ["map-square.png", "map.png", "scatter.png"] + [f"{c}.png" for c in charts]
    )
    code, out, _ = run(
        ["report", "networkx:karate_club", "--size", "8", "--format", "json", "--map-size", "degree"], capsys
    )
    sized = json.loads(out)["map"]
    assert code == 0 and sized["size_by"] == "degree" and data["map"]["size_by"] == "betweenness"
    assert sized["size"]["degree"] == sized["degree"]


@pytest.mark.parametrize(
    "target",
    ["missing/report.html", "/proc/inroads-report.html", "."],
    ids=["missing-folder", "unwritable", "a-folder"],
)
def test_cli_bad_output_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["report", "networkx:karate_club", "--size", "4", "-o", target], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and "Traceback" not in err
    assert list(Path(tmp_path).iterdir()) == []


def test_cli_open_hands_the_written_page_to_the_browser(tmp_path, capsys, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    page = tmp_path / "report.html"
    code, _, _ = run(["report", "networkx:florentine_families", "--size", "4", "-o", str(page), "--open"], capsys)
    assert code == 0 and opened == [page.resolve().as_uri()]
    code, _, err = run(["report", "networkx:florentine_families", "--size", "4", "--open"], capsys)
    assert code == 2 and "--open" in err


def test_cli_png_under_a_file_writes_nothing(tmp_path, capsys):
    page, taken = tmp_path / "report.html", tmp_path / "taken"
    taken.write_text("x")
    code, _, err = run(["report", "networkx:karate_club", "-o", str(page), "--png", str(taken / "png")], capsys)
    assert code == 2 and "--png" in err and "is a file" in err and not page.exists()


@pytest.mark.data
def test_cli_illusion_chart_on_political_books(shared_data, capsys):
    books = shared_data / "newman-polbooks" / "polbooks.gml"
    code, out, err = run(["report", str(books), "--size", "10", "--attribute", "value", "--value", "c",
                          "--format", "json"], capsys)  # fmt: skip
    assert code == 0, err
    chart = next(c for c in json.loads(out)["charts"] if c["id"] == "illusion")
    leaning = [data["value"] for _, data in nx.read_gml(books).nodes(data=True)]
    assert chart["summary"]["global_share"] == pytest.approx(leaning.count("c") / len(leaning), rel=1e-12)
    assert len(chart["x"]) == 10 and len(chart["series"]) == 3
