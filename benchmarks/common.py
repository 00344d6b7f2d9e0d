"""What every benchmark suite shares: timing (median of repeats), peak memory, cached graphs, a Markdown table.

Benchmarks are not tests: they print ratios of inroads against its peers on the same graphs, in one run.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CACHE = Path(__file__).resolve().parent / ".cache"


def median_time(function: Callable[[], Any], *, repeat: int = 3, warmup: bool = False) -> float:
    """Median wall time in seconds of ``repeat`` calls (after one untimed call when ``warmup``)."""
    if warmup:
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def round_robin_medians(functions: dict[str, Callable[[], Any]], *, repeat: int = 5) -> dict[str, float]:
    """Median wall time in seconds of each function, called in turn ``repeat`` times after one warm-up call each, so
    that every function meets the same state of the process (allocator, caches)."""
    for function in functions.values():
        function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux ``ru_maxrss`` is in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """One line naming the machine a table was measured on."""
    cpu = platform.processor() or platform.machine()
    return f"{platform.node() or 'host'}: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """Rows of dicts (same keys) as a Markdown table; floats to 3 significant digits."""
    if not rows:
        return ""
    columns = list(rows[0])

    def cell(value: Any) -> str:
        return f"{value:.3g}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def cache_path(name: str) -> Path:
    """A file in the benchmarks' cache folder (ignored by git), created on demand."""
    CACHE.mkdir(exist_ok=True)
    return CACHE / name
