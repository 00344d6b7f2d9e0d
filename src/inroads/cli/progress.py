"""A progress bar on standard error for long computations, shown only once a run has taken about a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["SHOW_AFTER_SECONDS", "progress_bar"]

#: Runs shorter than this never flash a bar.
SHOW_AFTER_SECONDS = 1.0


@contextmanager
def progress_bar(description: str, *, enabled: bool | None = None) -> Iterator[Callable[[int, int], None]]:
    """Yield a ``progress(done, total)`` callback that draws a rich bar on standard error after a second.

    The bar is drawn only when standard error is a terminal (``enabled`` overrides), and is removed when the run ends,
    normally or by Ctrl-C, so the terminal keeps only the result.
    """
    show = sys.stderr.isatty() if enabled is None else enabled
    started = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if not show:
            return
        if "bar" not in state:
            if time.monotonic() - started < SHOW_AFTER_SECONDS:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True, force_terminal=True),
                transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(description, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
