"""``inroads serve`` in headless chromium: the token, a stage change by drag and drop, hostile notes stay text, the
funnel follows, two tabs conflict, the report draws with the funnel chart; no console errors, nothing leaves."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import inroads.plan
from inroads.graph import Graph

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A plan of Les Misérables (one person renamed to a hostile name), served by waitress in a thread."""
    from waitress import create_server

    from inroads.serve import create_app

    graph = nx.les_miserables_graph()
    nx.set_node_attributes(graph, {name: name for name in graph.nodes}, "label")
    graph.nodes["Valjean"]["label"] = '<script>alert("v")</script>'
    # The hostile names of the report's browser tests, on people of the list.
    graph.nodes["Gavroche"]["label"] = '"><img src=x onerror=alert(1)>'
    graph.nodes["Thenardier"]["label"] = "</script>"
    g = Graph.from_networkx(graph)
    path = tmp_path_factory.mktemp("serve") / "plan.db"
    inroads.plan.create(path, g, size=12).close()
    app = create_app(str(path), token="secret-token", csrf="csrf-token")
    http = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=http.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{http.effective_port}"
    yield {"base": base, "url": f"{base}/?token=secret-token", "path": path}
    http.close()


class Tab:
    """A page that records console errors, dialogs (an alert would mean markup ran) and every request."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture
def tabs(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    # Tall enough that nothing scrolls: a drag that scrolls the page picks up whatever card is then under the pointer.
    context = browser.new_context(viewport={"width": 1400, "height": 2200})

    def open_tab(path: str = "") -> Tab:
        tab = Tab(context.new_page(), server["base"])
        tab.page.goto(f"{server['base']}{path or '/'}{'&' if '?' in path else '?'}token=secret-token")
        tab.page.wait_for_selector("body[data-ready=true]", timeout=15000)
        return tab

    yield open_tab
    context.close()


def funnel_count(page: Any, stage: str, kind: str) -> int:
    return int(page.text_content(f'#funnel tr[data-stage="{stage}"] td[data-kind="{kind}"]'))


def test_refused_without_the_token(browser: Any, server: dict[str, Any]) -> None:
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(server["base"] + "/")
    assert response.status == 403 and "access token" in page.text_content("body")
    response = page.goto(server["base"] + "/?token=wrong")
    assert response.status == 403
    context.close()


def test_board_drag_a_stage_and_the_funnel_follows(tabs: Any, artifacts: Path) -> None:
    tab = tabs()
    page = tab.page
    assert "token" not in page.url  # traded for a cookie
    hostile = page.locator('.card[data-id="Valjean"] .name')
    assert hostile.text_content() == '<script>alert("v")</script>'
    kind = page.get_attribute('.card[data-id="Valjean"]', "class").split("kind-")[1].split()[0]
    before = funnel_count(page, "talking", kind)
    page.drag_and_drop('.card[data-id="Valjean"]', '.column[data-stage="talking"]')
    page.wait_for_selector('.column[data-stage="talking"] .card[data-id="Valjean"]')
    assert funnel_count(page, "talking", kind) == before + 1
    # The keyboard way: the stage menu on the card.
    page.select_option('.card[data-id="Myriel"] .stage-select', "introduced")
    page.wait_for_selector('.column[data-stage="introduced"] .card[data-id="Myriel"]')
    assert page.text_content('.card[data-id="Gavroche"] .name') == '"><img src=x onerror=alert(1)>'
    assert page.text_content('.card[data-id="Thenardier"] .name') == "</script>"
    assert page.locator("img").count() == 0
    page.fill("#filter", "alert")
    assert page.locator(".card").count() == 2
    page.screenshot(path=str(artifacts / "serve-board.png"), full_page=True)
    assert tab.errors == [] and tab.dialogs == [] and tab.outside == []


def test_person_page_hostile_note_and_log_stay_text(tabs: Any, server: dict[str, Any], artifacts: Path) -> None:
    tab = tabs("/person?id=Marius")
    page = tab.page
    page.fill("#notes", HOSTILE)
    page.fill("#next_step", HOSTILE)
    page.fill("#due", "2027-01-15")
    page.click("#save")
    page.wait_for_selector("#message:has-text('Saved')")
    page.fill("#log-kind", "meeting")
    page.fill("#log-note", HOSTILE)
    page.click("#add")
    page.wait_for_selector("#log tbody tr")
    assert page.text_content("#log tbody tr td:nth-child(3)") == HOSTILE
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value("#notes") == HOSTILE
    assert page.locator("img").count() == 0
    page.screenshot(path=str(artifacts / "serve-person.png"), full_page=True)
    with inroads.plan.open(server["path"]) as plan:
        record = plan.person("Marius")
    assert (record["notes"], record["next_step"], record["due"]) == (HOSTILE, HOSTILE, "2027-01-15")
    assert record["log"][0]["note"] == HOSTILE and record["log"][0]["source"] == "serve"
    assert tab.errors == [] and tab.dialogs == [] and tab.outside == []


def test_two_tabs_do_not_overwrite_each_other(tabs: Any, server: dict[str, Any]) -> None:
    first, second = tabs("/person?id=Javert"), tabs("/person?id=Javert")
    first.page.fill("#owner", "ann")
    first.page.click("#save")
    first.page.wait_for_selector("#message:has-text('Saved')")
    second.page.fill("#owner", "bob")
    second.page.click("#save")
    second.page.wait_for_selector("#conflict:not([hidden])")
    assert "changed in another tab" in second.page.text_content("#conflict-text")
    assert "ann" in second.page.text_content("#conflict-theirs")
    with inroads.plan.open(server["path"]) as plan:
        assert plan.person("Javert")["owner"] == "ann"
    second.page.click("#reload")
    second.page.wait_for_selector("body[data-ready=true]")
    assert second.page.input_value("#owner") == "ann"
    # Chromium logs every non-2xx answer as a console error; the 409 is the expected answer here, and the only one.
    assert [e for e in second.errors if "409 (CONFLICT)" not in e] == [] and len(second.errors) == 1
    assert first.errors == []
    for tab in (first, second):
        assert tab.dialogs == [] and tab.outside == []


def test_report_reuses_the_report_page_with_the_funnel_chart(tabs: Any, artifacts: Path) -> None:
    tab = tabs()
    tab.page.click("#report-link")
    tab.page.wait_for_selector("body[data-ready=true]", timeout=60000)
    assert tab.page.locator("#shortlist tbody tr").count() == 12
    assert "The plan's funnel" in tab.page.text_content("#charts-section")
    tab.page.screenshot(path=str(artifacts / "serve-report.png"), full_page=True)
    assert tab.errors == [] and tab.dialogs == [] and tab.outside == []
