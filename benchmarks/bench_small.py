"""The small end: whole ``inroads`` commands on small networks, as fresh processes, beside the same work in NetworkX.

``python -m benchmarks small``. Each command is a new Python process (what a user waits for: start Python, import,
read, compute, render), timed by wall clock; commands run round-robin, one untimed warm-up round first (so numba's
cache, the ``.pyc`` files and the file system's cache are warm), then the median of :data:`REPEAT` rounds.
``python -c pass`` is the floor; the NetworkX script (:mod:`benchmarks.small_networkx`) does the shortlist's work by
hand (betweenness, closeness, Louvain communities, print the top people).

``BASELINE_SRC=/other/tree/src python -m benchmarks small`` also runs every ``inroads`` command from that source tree
(``PYTHONPATH``) in the same rounds, so a before/after comparison meets the same machine load; ``cpu_s`` (user +
system time of the process) moves less with the load of a shared machine than wall time does.
"""

from __future__ import annotations

import os
import resource
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
        "inroads shortlist karate.csv --size 6": [
            *inroads, "shortlist", os.path.join(folder, "karate.csv"), "--size", "6",
        ],
        "inroads shortlist karate_names.csv --size 6 (text ids)": [
            *inroads, "shortlist", os.path.join(folder, "karate_names.csv"), "--size", "6",
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


def _seconds(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of ``command`` as a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def runs(folder: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each row's command and environment; with ``BASELINE_SRC``, each inroads row also from that tree."""
    found = {name: (command, ENVIRONMENT) for name, command in commands(folder).items()}
    baseline = os.environ.get("BASELINE_SRC")
    if baseline:
        before = {**ENVIRONMENT, "PYTHONPATH": baseline}
        for name, command in commands(folder).items():
            if "inroads" in name:
                found[f"{name} (before)"] = (command, before)
    return found


def _write_karate_csv(folder: str) -> None:
    """The karate club as a plain edge list: the same network read from a file, where NetworkX is not needed; and
    again with names for ids (``member0,member1``), which take the text-id parser."""
    import networkx as nx

    edges = nx.karate_club_graph().edges()
    Path(folder, "karate.csv").write_text("".join(f"{u},{v}\n" for u, v in edges), encoding="utf-8")
    named = "".join(f"member{u},member{v}\n" for u, v in edges)
    Path(folder, "karate_names.csv").write_text(named, encoding="utf-8")


def _in_order(names: dict[str, list[float]]) -> list[str]:
    """Rows in the order of :func:`commands`, each "(before)" row under its own."""
    return [row for name in commands("") for row in (name, f"{name} (before)") if row in names]


def main() -> None:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        _write_karate_csv(folder)
        rows_to_run = runs(folder)
        for command, environment in rows_to_run.values():
            _seconds(command, environment)  # warm-up: numba's cache, .pyc files, the page cache
        wall: dict[str, list[float]] = {name: [] for name in rows_to_run}
        cpu: dict[str, list[float]] = {name: [] for name in rows_to_run}
        for _ in range(REPEAT):
            for name, (command, environment) in rows_to_run.items():
                seconds, cpu_seconds = _seconds(command, environment)
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
    floor = statistics.median(wall["python -c pass (floor)"])
    rows = [
        {
            "command": name,
            "median_s": statistics.median(values),
            "min_s": min(values),
            "max_s": max(values),
            "cpu_s": statistics.median(cpu[name]),
            "above_floor_s": statistics.median(values) - floor,
        }
        for name, values in ((name, wall[name]) for name in _in_order(wall))
    ]
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after; {REPEAT} rounds after one warm-up round")
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
