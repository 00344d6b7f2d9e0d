"""Headless chromium for the report's browser tests.

Chromium is Debian's (``/usr/bin/chromium``, installed by ``.ci/run``); the tests skip with the reason when it is
absent. Screenshots go to ``tests/artifacts/`` (git-ignored), which the README links.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("INROADS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # chromium refuses to start as root with its sandbox
    "--disable-gpu",  # no GPU here: WebGL falls back to SwiftShader, or the page to its canvas-2D map
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"chromium not found at {CHROMIUM} (.ci/run installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Visit:
    """An open report page with everything it logged, requested and tried to pop up."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)
        # Every request is caught; only the report file itself may load.
        page.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(path, query="")`` opens a report and waits until it is interactive; returns a :class:`Visit`."""
    contexts = []

    def open_page(path: Path, query: str = "", timeout_ms: int = 15000) -> Visit:
        context = browser.new_context(viewport={"width": 1300, "height": 900})
        contexts.append(context)
        seen = Visit(context.new_page())
        seen.page.goto(f"{path.resolve().as_uri()}{query}")
        seen.page.wait_for_selector("body[data-ready=true]", timeout=timeout_ms)
        return seen

    yield open_page
    for context in contexts:
        context.close()
