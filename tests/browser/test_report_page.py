"""The report page in headless chromium: offline, sortable, the map draws and answers, names stay text."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from inroads.graph import Graph
from inroads.report.build import build
from inroads.report.html import render_html

pytestmark = pytest.mark.browser

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script>"]


def reference_shortlist(graph: nx.Graph, size: int) -> tuple[Graph, pd.DataFrame, dict[str, np.ndarray]]:
    """A shortlist made with NetworkX scores (top betweenness, then top closeness), independent of inroads' own."""
    g = Graph.from_networkx(graph)
    by_id = {str(node): node for node in graph.nodes}
    betweenness_of = nx.betweenness_centrality(graph)
    closeness_of = nx.closeness_centrality(graph)
    betweenness = np.array([betweenness_of[by_id[i]] for i in g.ids])
    closeness = np.array([closeness_of[by_id[i]] for i in g.ids])
    half = size // 2
    awareness = list(np.argsort(-betweenness, kind="stable")[:half])
    conversion = [i for i in np.argsort(-closeness, kind="stable") if i not in awareness][: size - half]
    chosen = np.array(awareness + conversion)
    table = pd.DataFrame(
        {
            "rank": np.arange(1, len(chosen) + 1),
            "id": g.ids[chosen].astype(str),
            "label": g.display_names()[chosen].astype(str),
            "type": ["awareness"] * len(awareness) + ["conversion"] * len(conversion),
            "betweenness": betweenness[chosen],
            "closeness": closeness[chosen],
            "degree": np.diff(g.indptr)[chosen],
            "why": [f"why {g.ids[i]}" for i in chosen],
        }
    )
    table.attrs.update(
        betweenness_cutoff=float(betweenness[awareness].min()),
        closeness_cutoff=float(closeness[conversion].min()),
        method="exact",
    )
    return g, table, {"betweenness": betweenness, "closeness": closeness}


def write_report(tmp_path: Path, graph: nx.Graph, size: int, name: str = "report.html", **options: Any) -> tuple:
    g, table, scores = reference_shortlist(graph, size)
    report = build(g, table, scores=scores, **options)
    path = tmp_path / name
    path.write_text(render_html(report), encoding="utf-8")
    return path, report


def table_column(page: Any, column: str) -> list[str]:
    index = page.eval_on_selector_all("#shortlist th", "ths => ths.map(t => t.dataset.column)").index(column)
    return page.eval_on_selector_all(
        "#shortlist tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].textContent)"
    )


def non_background_pixels(png: bytes) -> int:
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)
    return int((np.abs(image - 255).sum(axis=2) > 60).sum())


def changed_pixels(before: bytes, after: bytes) -> int:
    from PIL import Image

    first, second = (np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16) for png in (before, after))
    return int((np.abs(first - second).sum(axis=2) > 60).sum())


def hover_node(page: Any, node_id: str) -> dict[str, float]:
    spot = page.evaluate(
        "id => { const r = window.inroadsReport; const p = r.screen(r.nodeIndex(id)); "
        "const b = document.getElementById('map-overlay').getBoundingClientRect(); "
        "return {x: b.left + p.x, y: b.top + p.y}; }",
        node_id,
    )
    page.locator("#map").scroll_into_view_if_needed()
    spot = page.evaluate(
        "id => { const r = window.inroadsReport; const p = r.screen(r.nodeIndex(id)); "
        "const b = document.getElementById('map-overlay').getBoundingClientRect(); "
        "return {x: b.left + p.x, y: b.top + p.y}; }",
        node_id,
    )
    page.mouse.move(spot["x"], spot["y"])
    return spot


def test_page_loads_offline_without_errors(tmp_path, visit, artifacts):
    path, report = write_report(tmp_path, nx.karate_club_graph(), 10)
    seen = visit(path)
    assert seen.errors == []
    assert seen.requests == [path.resolve().as_uri()]
    assert seen.page.title() == report["title"]
    figures = seen.page.eval_on_selector_all("#figures dt", "dts => dts.map(d => d.textContent)")
    assert figures[:2] == ["nodes", "edges"] and "modularity" in figures
    seen.page.screenshot(path=str(artifacts / "report-karate.png"), full_page=True)


def test_table_has_the_shortlist_and_sorts_by_a_clicked_column(tmp_path, visit):
    path, report = write_report(tmp_path, nx.les_miserables_graph(), 12)
    page = visit(path).page
    ids = [row[report["shortlist"]["columns"].index("id")] for row in report["shortlist"]["rows"]]
    assert table_column(page, "id") == ids
    page.click("#shortlist th[data-column=closeness]")
    shown = [float(v) for v in table_column(page, "closeness")]
    assert shown == sorted(shown) and shown != [float(v) for v in table_column(page, "closeness")][::-1]
    assert page.get_attribute("#shortlist th[data-column=closeness]", "aria-sort") == "ascending"
    page.click("#shortlist th[data-column=closeness]")
    shown = [float(v) for v in table_column(page, "closeness")]
    assert shown == sorted(shown, reverse=True)
    page.click("#shortlist th[data-column=id]")
    assert table_column(page, "id") == sorted(ids)
    page.focus("#shortlist th[data-column=rank]")
    page.keyboard.press("Enter")
    assert table_column(page, "id") == ids  # by rank again, from the keyboard
    page.fill("#filter", ids[3])
    assert ids[3] in table_column(page, "id") and len(table_column(page, "id")) < len(ids)
    page.fill("#filter", "")
    page.select_option("#type-filter", "conversion")
    assert set(table_column(page, "type")) == {"conversion"}


@pytest.mark.parametrize("query", ["?map=webgl", "?map=2d"], ids=["webgl", "canvas-2d"])
def test_map_draws_and_hover_and_click_show_the_row(tmp_path, visit, artifacts, query):
    path, report = write_report(tmp_path, nx.les_miserables_graph(), 10)
    seen = visit(path, query)
    page = seen.page
    renderer = page.evaluate("window.inroadsReport.renderer")
    assert renderer == ("canvas-2d" if query == "?map=2d" else "webgl")  # here WebGL is software: asked for by name
    assert non_background_pixels(page.locator("#map-base").screenshot()) > 2000
    person = report["shortlist"]["rows"][0]
    columns = report["shortlist"]["columns"]
    person_id = person[columns.index("id")]
    hover_node(page, person_id)
    page.wait_for_selector("#map-tooltip:not([hidden])", timeout=2000)
    tooltip = page.inner_text("#map-tooltip")
    assert person_id in tooltip and person[columns.index("why")] in tooltip
    before = page.locator("#map").screenshot()
    page.mouse.down()
    page.mouse.up()
    assert page.get_attribute("#selected-row", "data-node") == person_id
    page.mouse.move(1, 1)  # away from the map, so only the click's highlight remains
    page.wait_for_selector("#map-tooltip", state="hidden")
    after = page.locator("#map").screenshot()
    assert changed_pixels(before, after) > 200  # the neighbourhood lights up
    assert person[columns.index("why")] in page.inner_text("#selected-row")
    selected = page.eval_on_selector_all("#shortlist tr.selected", "rows => rows.map(r => r.dataset.row)")
    assert selected == ["0"]
    assert seen.errors == []
    page.locator("#map-section").screenshot(path=str(artifacts / f"report-map-{renderer}.png"))


def test_hostile_names_render_as_text_and_fire_no_dialog(tmp_path, visit, artifacts):
    graph = nx.relabel_nodes(nx.star_graph(6), dict(enumerate(HOSTILE)))
    path, _ = write_report(tmp_path, graph, 4)
    source = path.read_text(encoding="utf-8")
    # Only escaped forms reach the file: the page's own two script elements are the only ones closed.
    assert HOSTILE[0] not in source and HOSTILE[1] not in source
    assert source.count("</script>") == 2 and source.lower().count("<script") == 2
    seen = visit(path)
    page = seen.page
    ids = table_column(page, "id")
    assert set(HOSTILE) <= set(ids)
    for name in HOSTILE:
        hover_node(page, name)
        page.wait_for_selector("#map-tooltip:not([hidden])", timeout=2000)
        assert name in page.inner_text("#map-tooltip")
        page.mouse.down()
        page.mouse.up()
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2  # the data and our script, nothing injected
    page.wait_for_timeout(300)
    assert seen.dialogs == []
    assert seen.errors == []
    page.screenshot(path=str(artifacts / "report-hostile-names.png"), full_page=True)


def test_focus_map_past_the_limit_draws_shortlist_neighbours_and_communities(tmp_path, visit):
    graph = nx.les_miserables_graph()
    path, report = write_report(tmp_path, graph, 6, map_limit=30)
    seen = visit(path)
    page = seen.page
    assert report["map"]["mode"] == "focus"
    assert "more than the 30" in page.inner_text("#map-rule")
    assert non_background_pixels(page.locator("#map-base").screenshot()) > 1000
    summary = next(i for i, m in enumerate(report["map"]["members"]) if m > 0)
    hover_node(page, report["map"]["id"][summary])
    page.wait_for_selector("#map-tooltip:not([hidden])", timeout=2000)
    assert "members" in page.inner_text("#map-tooltip")
    assert seen.errors == []


@pytest.mark.data
def test_facebook_report_opens_interactive_within_5_seconds(tmp_path, browser, shared_data, artifacts):
    from inroads.cli import main

    path = tmp_path / "facebook.html"
    with pytest.raises(SystemExit) as done:  # the real pipeline: read, shortlist, communities, reach, page
        main(["report", str(shared_data / "snap-ego-Facebook" / "facebook_combined.txt.gz"), "-o", str(path)])
    assert done.value.code == 0
    text = path.read_text(encoding="utf-8")
    report = json.loads(re.search(r'id="report-data">(.*?)</script>', text, re.S).group(1))
    assert path.stat().st_size < 20 * 1024 * 1024
    assert report["map"]["mode"] == "full" and len(report["layout"]["x"]) == 4039
    assert len(report["shortlist"]["rows"]) == 50
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=5000)
    person = report["shortlist"]["rows"][0][report["shortlist"]["columns"].index("id")]
    hover_node(page, person)
    page.wait_for_selector("#map-tooltip:not([hidden])", timeout=5000)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"interactive after {elapsed:.2f} s"
    assert errors == []
    page.screenshot(path=str(artifacts / "report-facebook.png"), full_page=True)
    in_page = page.evaluate("window.inroadsReport.readyAfterMs") / 1000
    (artifacts / "report-facebook-timing.txt").write_text(
        f"interactive (hover answered) after {elapsed:.2f} s; page script done {in_page:.2f} s after navigation; "
        f"file {path.stat().st_size / 1e6:.2f} MB\n",
        encoding="utf-8",
    )
    context.close()
