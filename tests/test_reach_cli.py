"""``inroads reach``: the table, cascades by seed, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run


@pytest.fixture
def edges(tmp_path: Path) -> str:
    path = tmp_path / "edges.csv"
    path.write_text("source,target\na,b\nb,c\nc,d\nd,e\nx,y\n")
    return str(path)


def test_reach_hops_from_a_file(edges, tmp_path, capsys) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("a\n")
    code, out, _ = run(["reach", edges, "--seeds", str(seeds), "--hops", "2", "--format", "json"], capsys)
    rows = {row["strategy"]: row for row in json.loads(out)["rows"]}
    assert code == 0 and rows["given"]["within_hops"] == 3 and rows["given"]["ids"] == "a"
    assert set(rows) == {"given", "top-degree", "random"}


def test_reach_cascade_same_seed_same_numbers(edges, capsys) -> None:
    argv = ["reach", edges, "--seeds", "top-degree:2", "--cascade", "0.5", "--runs", "300", "--seed", "4",
            "--format", "csv"]  # fmt: skip
    first = run(argv, capsys)[1]
    second = run(argv, capsys)[1]
    assert first == second and "celf" in first


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        (["--seeds", "top-degree:2", "--cascade", "0"], "--cascade"),
        (["--seeds", "top-degree:2", "--cascade", "1.01"], "--cascade"),
        (["--seeds", "random:none"], "--seeds"),
    ],
)
def test_bad_input(edges, tmp_path, capsys, extra, where) -> None:
    target = tmp_path / "out.json"
    code, out, err = run(["reach", edges, *extra, "-o", str(target)], capsys)
    assert code == 2 and out == "" and not target.exists() and where in err and len(err.strip().splitlines()) == 1


def test_unknown_seed_ids_are_listed(edges, tmp_path, capsys) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("a\nghost1\nghost2\n")
    code, _, err = run(["reach", edges, "--seeds", str(seeds)], capsys)
    assert code == 2 and "'ghost1', 'ghost2'" in err and str(seeds) in err
