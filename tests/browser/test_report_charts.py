"""The report's charts of the two kinds in headless chromium: the role chart and the evidence charts are drawn, and
no legend covers a bar or a point (bounding boxes of legend entries and marks never intersect)."""

from __future__ import annotations

import pytest

from inroads.cli import main

pytestmark = pytest.mark.browser

OVERLAPS = """
chart => {
  const svg = document.querySelector('#chart-' + chart + ' svg');
  const boxes = sel => Array.from(svg.querySelectorAll(sel)).map(e => e.getBoundingClientRect())
    .filter(b => b.width > 0 || b.height > 0);
  const legend = boxes('.legend rect, .legend text'), marks = boxes('.mark');
  let hits = 0;
  for (const a of legend) for (const b of marks)
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits += 1;
  return {legend: legend.length, marks: marks.length, hits: hits};
}
"""


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("charts") / "lesmis.html"
    with pytest.raises(SystemExit) as done:  # the real pipeline: shortlist (niche rule), evidence, page
        main(["report", "networkx:les_miserables", "--size", "12", "-o", str(path)])
    assert done.value.code == 0
    return path


@pytest.mark.parametrize(
    "chart", ["roles", "evidence-awareness", "evidence-awareness-steps", "evidence-conversion", "evidence-illusion"]
)
def test_chart_is_drawn_and_its_legend_covers_no_mark(report_page, visit, chart):
    seen = visit(report_page)
    page = seen.page
    page.wait_for_selector("body[data-ready=true]")
    counts = page.evaluate(OVERLAPS, chart)
    assert counts["legend"] >= 2 and counts["hits"] == 0
    assert counts["marks"] >= (40 if chart == "roles" else 1)
    assert seen.errors == []


def test_role_chart_sets_the_kinds_apart(report_page, visit, artifacts):
    page = visit(report_page).page
    page.wait_for_selector("body[data-ready=true]")
    # red dots (awareness) sit right of the blue ones (conversion): connectors' ties leave their niche
    xs = page.evaluate(
        """() => { const out = {}; document.querySelectorAll('#chart-roles circle.mark').forEach(c => {
             const f = c.getAttribute('fill'); (out[f] = out[f] || []).push(Number(c.getAttribute('cx'))); });
             return out; }"""
    )
    aware, convert = sorted(xs["#d1495b"]), sorted(xs["#2e86ab"])
    assert aware[len(aware) // 2] > convert[len(convert) // 2]
    page.locator("#chart-roles").screenshot(path=str(artifacts / "report-roles.png"))
