"""The small end: whole ``inroads`` commands on small networks, as fresh processes, beside the same work in NetworkX.

``python -m benchmarks small``. Each command is a new Python process (what a user waits for: start Python, import,
read, compute, render), timed by wall clock; commands run round-robin, one untimed warm-up round first (so numba's
cache, the ``.pyc`` files and the file system's cache are warm), then the median of :data:`REPEAT` rounds.
``python -c pass`` is the floor; the NetworkX script (:mod:`benchmarks.small_networkx`) does the shortlist's work by
hand (betweenness, closeness, Louvain communities, print the top people).

To compare with another tree, run the suite with ``PYTHONPATH=/that/tree/src``: every command inherits it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import markdown_table

REPEAT = 5
PEER = str(Path(__file__).with_name("small_networkx.py"))


def commands(folder: str) -> dict[str, list[str]]:
    """What is timed, by row name."""
    inroads = [sys.executable, "-m", "inroads"]
    return {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "python -c 'import inroads.cli'": [sys.executable, "-c", "import inroads.cli"],
        "inroads --help": [*inroads, "--help"],
        "NetworkX script, karate_club, top 6": [sys.executable, PEER, "karate_club", "6"],
        "inroads shortlist networkx:karate_club --size 6": [
            *inroads, "shortlist", "networkx:karate_club", "--size", "6",
        ],
        "NetworkX script, les_miserables, top 12": [sys.executable, PEER, "les_miserables", "12"],
        "inroads shortlist networkx:les_miserables --size 12": [
            *inroads, "shortlist", "networkx:les_miserables", "--size", "12",
        ],
        "inroads centrality networkx:les_miserables": [*inroads, "centrality", "networkx:les_miserables"],
        "inroads report networkx:les_miserables -o page.html": [
            *inroads, "report", "networkx:les_miserables", "-o", os.path.join(folder, "page.html"),
        ],
    }  # fmt: skip


#: A user's installation has its ``.pyc`` files: let the first run write them (some shells set this variable).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        runs = commands(folder)
        for command in runs.values():
            _seconds(command)  # warm-up: numba's cache, .pyc files, the page cache
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(REPEAT):
            for name, command in runs.items():
                times[name].append(_seconds(command))
    floor = statistics.median(times["python -c pass (floor)"])
    rows = [
        {
            "command": f"`{name}`" if name.startswith(("inroads", "python")) else name,
            "median_s": statistics.median(values),
            "min_s": min(values),
            "max_s": max(values),
            "above_floor_s": statistics.median(values) - floor,
        }
        for name, values in times.items()
    ]
    print(f"load average before/after: {os.getloadavg()[0]:.1f}; {REPEAT} rounds after one warm-up round")
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
