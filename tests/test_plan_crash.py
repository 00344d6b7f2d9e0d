"""The plan survives what machines do: writers killed with SIGKILL mid-write, and two writers at once.

After every run the file must pass SQLite's integrity and foreign-key checks, every write that was acknowledged
(the command returned success) must be in it, and each person's version must equal one plus their recorded edits
(an update and its history row land together or not at all).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

import inroads.plan
from inroads.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash tests fork writers (POSIX only)")


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.db"
    inroads.plan.create(
        path, Graph.from_networkx(nx.les_miserables_graph()), size=10, rule="global", report=False
    ).close()
    return path


def writer(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tests.plan_writer", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=True,
    )


def acknowledged(lines: list[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    sets, logs = [], []
    for line in lines:
        kind, person, value = line.split("\t", 2)
        assert kind in ("set", "log"), line
        (sets if kind == "set" else logs).append((person, value))
    return sets, logs


def check_consistent(path: Path, sets: list[tuple[str, str]], logs: list[tuple[str, str]]) -> None:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        stored_notes = set(db.execute("SELECT person, new FROM changes WHERE field = 'notes'").fetchall())
        stored_logs = set(db.execute("SELECT person, note FROM log").fetchall())
        assert set(sets) <= stored_notes, f"lost {len(set(sets) - stored_notes)} acknowledged edits"
        assert set(logs) <= stored_logs, f"lost {len(set(logs) - stored_logs)} acknowledged log entries"
        drift = db.execute(
            "SELECT p.id, p.version, (SELECT count(*) FROM changes c WHERE c.person = p.id) FROM people p"
        ).fetchall()
        assert all(version == 1 + edits for _, version, edits in drift), drift
        # The last edit of each person is the value they hold.
        last = dict(
            db.execute(
                "SELECT person, new FROM changes WHERE id IN (SELECT max(id) FROM changes GROUP BY person)"
            ).fetchall()
        )
        held = dict(db.execute("SELECT id, notes FROM people WHERE version > 1").fetchall())
        assert last == held
    finally:
        db.close()


def test_kill_9_in_the_middle_of_plan_set_and_plan_log(plan_path: Path) -> None:
    rounds = 30
    done = writer("kill", str(plan_path), str(rounds), "7")
    lines = done.stdout.splitlines()
    assert not [line for line in lines if line.startswith("error")], lines[:3]
    sets, logs = acknowledged(lines)
    assert len(sets) + len(logs) >= rounds  # the writers got work done between kills
    check_consistent(plan_path, sets, logs)
    with inroads.plan.open(plan_path) as plan:  # and the plan still works
        plan.update("Valjean", notes="after the crashes")


def test_two_processes_writing_at_once_both_land(plan_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = f"{time.time() + 4.0:.3f}"  # both have imported inroads by then
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.plan_writer", "race", str(plan_path), tag, "40", start],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for tag in ("a", "b")
    ]
    outputs = [racer.communicate(timeout=120) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), [err for _, err in outputs]
    lines = [line for out, _ in outputs for line in out.splitlines()]
    busy = [line for line in lines if line.startswith("busy")]
    # Each write either landed or was refused with the retry line; with the default 5 s wait all of them land.
    assert all("try again" in line for line in busy)
    sets, logs = acknowledged([line for line in lines if not line.startswith("busy")])
    assert len(sets) + len(logs) + len(busy) == 80
    assert len(busy) == 0
    check_consistent(plan_path, sets, logs)


def test_kill_9_of_serve_in_the_middle_of_writes(plan_path: Path) -> None:
    rounds = 15
    done = writer("serve-kill", str(plan_path), str(rounds), "11")
    lines = done.stdout.splitlines()
    assert not [line for line in lines if line.startswith("error")], lines[:3]
    sets, logs = acknowledged(lines)
    assert len(sets) >= rounds and len(logs) >= rounds
    check_consistent(plan_path, sets, logs)
