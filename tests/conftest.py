"""Shared fixtures: named graphs (built once, in one place) and the real networks of ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import settings

# The same examples on every run: CI must not pass or fail by the luck of the draw (explore with
# HYPOTHESIS_PROFILE=explore for fresh random examples).
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def named_graphs() -> dict[str, nx.Graph]:
    """Small graphs with published centrality values, as NetworkX graphs (the reference implementation)."""
    lesmis = nx.les_miserables_graph()
    for _, _, data in lesmis.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return {
        "K5": nx.complete_graph(5),
        "P3": nx.path_graph(3),
        "star": nx.star_graph(6),
        "cycle": nx.cycle_graph(9),
        "kite": nx.krackhardt_kite_graph(),
        "florentine": nx.florentine_families_graph(),
        "karate": nx.karate_club_graph(),
        "lesmis": lesmis,
    }


@pytest.fixture(scope="session")
def named() -> dict[str, nx.Graph]:
    return named_graphs()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real networks; tests using it skip (with the reason) when it is absent."""
    if not DATA.is_dir():
        pytest.skip(f"real networks not found at {DATA} (the ../shared/data folder beside the checkout)")
    return DATA


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command line in this process: ``(exit code, standard output, standard error)``."""
    from inroads.cli import main

    with pytest.raises(SystemExit) as stop:
        main(argv)
    captured = capsys.readouterr()
    return int(stop.value.code or 0), captured.out, captured.err


def dump(path: Path) -> list[str]:
    """A SQLite file's whole content as SQL statements (to compare a plan before and after)."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()
