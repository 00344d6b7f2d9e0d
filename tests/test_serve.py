"""``inroads serve`` without a browser: the guard (token, Host, CSRF, Origin, JSON), the API's answers, and the
real command printing its URL first."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import inroads.plan
from inroads.graph import Graph
from inroads.serve import create_app

CSRF = {"X-CSRF-Token": "csrf"}


@pytest.fixture(scope="module")
def plan_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "plan.db"
    inroads.plan.create(
        path, Graph.from_networkx(nx.les_miserables_graph()), size=8, rule="global", report=False
    ).close()
    return path


@pytest.fixture
def client(plan_path: Path) -> Any:
    app = create_app(str(plan_path), token="token", csrf="csrf")
    test_client = app.test_client()
    assert test_client.get("/?token=token").status_code == 303  # sets the cookie
    return test_client


def test_token_is_required_and_traded_for_a_cookie(plan_path: Path) -> None:
    fresh = create_app(str(plan_path), token="token", csrf="csrf").test_client()
    assert fresh.get("/").status_code == 403
    assert fresh.get("/api/state").status_code == 403
    assert fresh.get("/?token=nope").status_code == 403
    answer = fresh.get("/person?id=Valjean&token=token")
    assert answer.status_code == 303 and answer.headers["Location"] == "/person?id=Valjean"
    assert "HttpOnly" in answer.headers["Set-Cookie"] and "SameSite=Strict" in answer.headers["Set-Cookie"]
    assert fresh.get("/person?id=Valjean").status_code == 200


def test_guard_refuses_foreign_hosts_and_forged_changes(client: Any) -> None:
    assert client.get("/", headers={"Host": "attacker.example:8765"}).status_code == 403
    change = {"id": "Valjean", "notes": "x", "version": 1}
    assert client.post("/api/update", json=change).status_code == 403  # no CSRF token
    assert client.post("/api/update", json=change, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert (
        client.post("/api/update", json=change, headers={**CSRF, "Origin": "http://attacker.example"}).status_code
        == 403
    )
    assert client.post("/api/update", data="notes=x", headers=CSRF).status_code == 415
    page = client.get("/")
    assert (
        "nonce-" in page.headers["Content-Security-Policy"]
        and "default-src 'none'" in page.headers["Content-Security-Policy"]
    )
    with inroads.plan.open(client.application.config["PLAN"]) as plan:
        assert plan.person("Valjean")["notes"] == ""


def test_api_changes_conflicts_and_bad_values(client: Any) -> None:
    with inroads.plan.open(client.application.config["PLAN"]) as plan:
        version = plan.person("Myriel")["version"]
    done = client.post("/api/update", json={"id": "Myriel", "stage": "talking", "version": version}, headers=CSRF)
    assert done.status_code == 200 and done.json["person"]["stage"] == "talking"
    talking = next(row for row in done.json["state"]["funnel"] if row["stage"] == "talking")
    assert talking["total"] >= 1
    stale = client.post("/api/update", json={"id": "Myriel", "stage": "advocate", "version": version}, headers=CSRF)
    assert stale.status_code == 409 and stale.json["person"]["stage"] == "talking"
    bad = client.post("/api/update", json={"id": "Myriel", "stage": "dating", "version": version + 1}, headers=CSRF)
    assert bad.status_code == 400 and "no stage 'dating'" in bad.json["error"]
    assert client.post("/api/update", json={"id": "Myriel", "rank": 1, "version": 2}, headers=CSRF).status_code == 400
    assert client.post("/api/update", json={"id": "Myriel", "stage": "talking"}, headers=CSRF).status_code == 400
    unknown = client.post("/api/update", json={"id": "nobody", "stage": "talking", "version": 1}, headers=CSRF)
    assert unknown.status_code == 400 and "no person 'nobody'" in unknown.json["error"]
    logged = client.post("/api/log", json={"id": "Myriel", "kind": "call", "note": "<b>hi</b>"}, headers=CSRF)
    assert logged.status_code == 200 and logged.json["log"][0]["note"] == "<b>hi</b>"
    assert (
        client.post("/api/log", json={"id": "Myriel", "kind": "call", "date": "01/02/2026"}, headers=CSRF).status_code
        == 400
    )
    assert client.get("/person?id=nobody").status_code == 404
    assert client.get("/report").status_code == 404  # made with report=False


def test_pages_escape_what_users_wrote(client: Any) -> None:
    hostile = "</script><img src=x onerror=alert(1)>"
    with inroads.plan.open(client.application.config["PLAN"]) as plan:
        plan.update("Javert", notes=hostile, owner=hostile)
    for url in ("/", "/person?id=Javert"):
        text = client.get(url).get_data(as_text=True)
        assert "<img" not in text and "</script><" not in text


def test_the_command_prints_its_url_first_and_serves(plan_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "inroads", "serve", str(plan_path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        bare = url.split("?")[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bare, timeout=10)
        assert refused.value.code == 403
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(url, timeout=10) as page:  # follows the redirect with the cookie
            assert page.status == 200 and b"inroads plan" in page.read()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)


def test_serve_refuses_a_file_that_is_not_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from inroads.cli import main

    text = tmp_path / "x.txt"
    text.write_text("nothing")
    with pytest.raises(SystemExit) as stop:
        main(["serve", str(text)])
    assert stop.value.code == 2 and "not an inroads plan" in capsys.readouterr().err
