"""The renderers of one result and the atomic write."""

from __future__ import annotations

import csv
import io
import json
import os

import numpy as np
import pandas as pd
import pytest

from inroads.errors import OptionError
from inroads.io.atomic import _umask, write_atomic
from inroads.report.render import Result, render, to_jsonable


@pytest.fixture
def result() -> Result:
    table = pd.DataFrame({"id": ["a", "b|c"], "score": [1 / 3, np.float64(0.1) + 0.2], "n": [1, 2]})
    return Result(table=table, title="scores", notes=["exact"], meta={"method": "exact", "samples": np.int64(0)})


def test_csv_keeps_full_precision(result: Result) -> None:
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert [float(r["score"]) for r in rows] == [1 / 3, 0.1 + 0.2]
    assert rows[1]["id"] == "b|c"


def test_csv_comments_carry_meta(result: Result) -> None:
    result.csv_comments = True
    text = render(result, "csv")
    assert text.splitlines()[0] == '# method: "exact"'
    header = next(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    assert header == ["id", "score", "n"]


def test_json_round_trips_floats_and_meta(result: Result) -> None:
    payload = json.loads(render(result, "json"))
    assert payload["method"] == "exact" and payload["samples"] == 0
    assert [row["score"] for row in payload["rows"]] == [1 / 3, 0.1 + 0.2]
    assert payload["notes"] == ["exact"]


def test_markdown_escapes_pipes_and_shows_notes(result: Result) -> None:
    text = render(result, "md")
    assert "| b\\|c |" in text
    assert text.splitlines()[2] == "| id | score | n |"
    assert "_exact_" in text


def test_table_lists_every_row(result: Result) -> None:
    text = render(result, "table")
    assert "b|c" in text and "0.3333" in text and "exact" in text


def test_unknown_format_is_an_option_error(result: Result) -> None:
    with pytest.raises(OptionError, match="--format"):
        render(result, "xml")


def test_to_jsonable_turns_nan_into_null() -> None:
    assert to_jsonable({"x": float("nan"), "y": np.array([1.5])}) == {"x": None, "y": [1.5]}


def test_write_atomic_replaces_whole_file(tmp_path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.csv"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_write_atomic_into_missing_folder_fails_cleanly(tmp_path) -> None:
    with pytest.raises(OptionError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "out.csv", "x")


def test_write_atomic_leaves_nothing_when_interrupted(tmp_path, monkeypatch) -> None:
    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.csv", "x")
    assert os.listdir(tmp_path) == []
