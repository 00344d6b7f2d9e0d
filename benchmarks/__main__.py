"""Run benchmark suites: ``python -m benchmarks`` (all) or ``python -m benchmarks io centrality``.

Each suite is a module ``benchmarks/bench_<name>.py`` with a ``main()`` that prints its Markdown table.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.common import machine


def suites() -> list[str]:
    folder = Path(__file__).parent
    return sorted(
        m.name.removeprefix("bench_") for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )


def run(names: list[str]) -> None:
    print(f"machine: {machine()}")
    for name in names or suites():
        print(f"\n## {name}\n")
        importlib.import_module(f"benchmarks.bench_{name}").main()


if __name__ == "__main__":
    run(sys.argv[1:])
