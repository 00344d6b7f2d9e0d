"""The map in headless chromium: labels never overlap (boxes read from the page), the two kinds differ in shape,
nothing-to-draw is a message, pan/zoom keeps its frame rate, and screenshots of three networks' maps."""

from __future__ import annotations

import io
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

LABEL_BOXES = """() => Array.from(document.querySelectorAll('#map-labels .map-label'))
  .filter(n => !n.hidden)
  .map(n => { const b = n.getBoundingClientRect();
              return {node: n.dataset.node, row: +n.dataset.row,
                      x0: b.left, y0: b.top, x1: b.right, y1: b.bottom}; })"""


def degree_shortlist(g: Graph, size: int, seed: int = 0) -> pd.DataFrame:
    """A shortlist of the best-connected people, kinds alternating: the map does not care how they were chosen."""
    degree = np.diff(g.indptr)
    chosen = np.argsort(-degree, kind="stable")[:size]
    return pd.DataFrame({
        "rank": np.arange(1, chosen.size + 1),
        "id": g.ids[chosen].astype(str),
        "type": ["awareness" if k % 2 == 0 else "conversion" for k in range(chosen.size)],
        "degree": degree[chosen],
        "why": "well connected",
    })  # fmt: skip


def planted(groups: int, size: int, p_in: float, p_out: float, seed: int) -> nx.Graph:
    graph = nx.planted_partition_graph(groups, size, p_in, p_out, seed=seed)
    start = graph.number_of_nodes()
    for k in range(size // 10):  # some loners and pairs, as real exports have
        graph.add_node(start + 3 * k)
        graph.add_edge(start + 3 * k + 1, start + 3 * k + 2)
    return graph


def write(tmp_path: Path, g: Graph, table: pd.DataFrame, name: str, **options: Any) -> tuple[Path, dict]:
    report = build(g, table, **options)
    path = tmp_path / f"{name}.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path, report


def intersecting(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["node"], b["node"])
        for k, a in enumerate(boxes)
        for b in boxes[k + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]


def networks(shared_data_or_none: Path | None) -> dict[str, Graph]:
    found = {
        "lesmis": Graph.from_networkx(nx.les_miserables_graph()),
        "planted-2000": Graph.from_networkx(planted(10, 180, 0.08, 0.002, seed=4)),
    }
    if shared_data_or_none is not None:
        from inroads.io import read

        found["facebook"] = read(shared_data_or_none / "snap-ego-Facebook" / "facebook_combined.txt.gz")
    return found


@pytest.mark.parametrize("name", ["lesmis", "planted-2000", pytest.param("facebook", marks=pytest.mark.data)])
def test_labels_never_overlap_and_three_maps_are_screenshot(tmp_path, visit, artifacts, request, name):
    shared = request.getfixturevalue("shared_data") if name == "facebook" else None
    g = networks(shared)[name]
    path, report = write(tmp_path, g, degree_shortlist(g, 50), name)
    seen = visit(path)
    page = seen.page
    page.locator("#map").scroll_into_view_if_needed()
    boxes = page.evaluate(LABEL_BOXES)
    shortlisted = [b for b in boxes if b["row"] >= 0]
    assert shortlisted and intersecting(boxes) == []
    frame = page.locator("#map").bounding_box()
    assert all(frame["x"] <= b["x0"] and b["x1"] <= frame["x"] + frame["width"] for b in boxes)
    note = page.inner_text("#map-label-note")
    assert str(len(shortlisted)) in note
    page.locator("#map-section").screenshot(path=str(artifacts / f"map-{name}.png"))
    # A hidden name comes back when the reader zooms in on its person.
    hidden = sorted(set(range(len(report["shortlist"]["rows"]))) - {b["row"] for b in shortlisted})
    if hidden:
        index = report["map"]["row"].index(hidden[0])
        spot = page.evaluate(
            "i => { const p = window.inroadsReport.screen(i); const b = document.getElementById('map-overlay')"
            ".getBoundingClientRect(); return {x: b.left + p.x, y: b.top + p.y}; }",
            index,
        )
        page.mouse.move(spot["x"], spot["y"])
        named = False
        for _ in range(10):  # zoom in a step at a time (each ×1.35) around the person, until their name fits
            page.mouse.wheel(0, -200)
            page.mouse.move(frame["x"] + 2, frame["y"] + 2)  # off the person: no hover label, only placed ones
            page.wait_for_timeout(60)
            boxes = page.evaluate(LABEL_BOXES)
            assert intersecting(boxes) == []
            named = hidden[0] in {b["row"] for b in boxes}
            if named:
                break
            page.mouse.move(spot["x"], spot["y"])
        assert named
    assert seen.errors == []


def fill_ratio(rgba: np.ndarray, x: float, y: float, reach: int) -> float:
    """Share of a marker's own bounding box its pixels cover: a disc ≈ π/4, a diamond ≈ 1/2."""
    window = rgba[int(y) - reach : int(y) + reach + 1, int(x) - reach : int(x) + reach + 1, 3] > 40
    rows, cols = np.flatnonzero(window.any(axis=1)), np.flatnonzero(window.any(axis=0))
    box = window[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return float(box.mean())


def test_awareness_and_conversion_markers_differ_in_shape(tmp_path, visit):
    # Separate groups, each with one shortlisted hub: every marker stands clear of the others.
    graph = nx.disjoint_union_all([nx.star_graph(8) for _ in range(6)])
    for k in range(5):
        graph.add_edge(9 * k + 1, 9 * (k + 1) + 1)
    g = Graph.from_networkx(graph)
    hubs = [str(9 * k) for k in range(6)]
    table = pd.DataFrame({"id": hubs, "type": ["awareness", "conversion"] * 3})
    path, _ = write(tmp_path, g, table, "shapes", communities=np.arange(g.n) // 9)
    page = visit(path).page
    from PIL import Image

    png = page.evaluate("() => document.getElementById('map-overlay').toDataURL('image/png')")
    import base64

    rgba = np.asarray(Image.open(io.BytesIO(base64.b64decode(png.split(",", 1)[1]))).convert("RGBA"))
    dpr = page.evaluate("window.devicePixelRatio")
    ratios: dict[str, list[float]] = {"awareness": [], "conversion": []}
    for hub, kind in zip(hubs, table["type"], strict=True):
        spot = page.evaluate("id => window.inroadsReport.screen(window.inroadsReport.nodeIndex(id))", hub)
        ratios[kind].append(fill_ratio(rgba, spot["x"] * dpr, spot["y"] * dpr, int(22 * dpr)))
    assert max(ratios["awareness"]) < 0.62 < 0.7 < min(ratios["conversion"]), ratios


def test_only_isolates_shows_a_message_instead_of_a_canvas(tmp_path, visit, artifacts):
    g = Graph.from_networkx(nx.empty_graph(["a", "b", "c"]))
    path, _ = write(tmp_path, g, pd.DataFrame({"id": ["a"], "type": ["awareness"]}), "isolates",
                    communities=np.zeros(3, dtype=int))  # fmt: skip
    seen = visit(path)
    page = seen.page
    assert "None of the 3 people are linked" in page.inner_text("#map-message")
    assert page.is_visible("#map-message") and not page.is_visible("#map-base")
    assert page.inner_text("#map-rule") == "Nothing is drawn: 3 people and no links."
    assert seen.errors == []
    page.locator("#map-section").screenshot(path=str(artifacts / "map-only-isolates.png"))


PAN_ZOOM = """async (frames) => {
  const o = document.getElementById('map-overlay'), b = o.getBoundingClientRect();
  const x = b.left + b.width / 2, y = b.top + b.height / 2, stamps = [];
  await new Promise(r => requestAnimationFrame(r));
  for (let k = 0; k < frames; k++) {
    if (k % 2) o.dispatchEvent(new WheelEvent('wheel', {deltaY: k % 4 === 1 ? -60 : 60, clientX: x, clientY: y,
                                                        bubbles: true, cancelable: true}));
    else { const at = (dx, dy) => ({clientX: x + dx, clientY: y + dy, pointerId: 1, bubbles: true});
           o.dispatchEvent(new PointerEvent('pointerdown', at(0, 0)));
           o.dispatchEvent(new PointerEvent('pointermove', at(9, 5)));
           o.dispatchEvent(new PointerEvent('pointerup', at(9, 5))); }
    await new Promise(r => requestAnimationFrame(r));
    stamps.push(performance.now());
  }
  return stamps;
}"""


@pytest.mark.parametrize("query", ["", "?map=2d"], ids=["chosen", "canvas-2d"])
def test_pan_and_zoom_of_a_5000_person_map_keep_30_frames_per_second(tmp_path, visit, artifacts, query):
    g = Graph.from_networkx(planted(24, 205, 0.04, 0.0008, seed=9))  # 4,920 in groups + 20 loners and 20 pairs
    assert g.n == 4980  # just under the 5,000 drawn in full
    path, report = write(tmp_path, g, degree_shortlist(g, 50), "pan")
    assert report["map"]["mode"] == "full"
    page = visit(path, query, timeout_ms=30000).page
    page.locator("#map").scroll_into_view_if_needed()
    if not query:  # the fourth, largest map of the screenshots (the three others: lesmis, planted-2000, facebook)
        page.locator("#map-section").screenshot(path=str(artifacts / "map-planted-5000.png"))
    start = time.perf_counter()
    stamps = np.asarray(page.evaluate(PAN_ZOOM, 90))
    took = time.perf_counter() - start
    # Each frame pans or zooms and waits for the next animation frame: the median gap is the frame time.
    fps = 1000.0 / float(np.median(np.diff(stamps)))
    renderer = page.evaluate("window.inroadsReport.renderer")
    (artifacts / f"map-pan-zoom-fps-{renderer}.txt").write_text(
        f"{renderer}: {fps:.1f} frames per second panning and zooming a {g.n:,}-person map "
        f"({len(report['map']['edges']) // 2:,} links), median of 90 frames; {took:.2f} s in all\n",
        encoding="utf-8",
    )
    assert fps >= 30, f"{fps:.1f} frames per second with {renderer}"
