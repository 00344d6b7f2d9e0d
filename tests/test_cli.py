"""The command line as a whole: one-line errors, exit codes, no tracebacks, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys

from inroads.errors import InputError
from tests.conftest import run


def test_info_on_builtin_network(capsys) -> None:
    code, out, _ = run(["info", "networkx:les_miserables", "--format", "json"], capsys)
    facts = json.loads(out)
    assert code == 0
    assert (facts["nodes"], facts["edges"], facts["components"]) == (77, 254, 1)


def test_usage_error_is_one_line_exit_2(capsys) -> None:
    code, out, err = run(["info", "networkx:les_miserables", "--format", "xml"], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--format" in err


def test_inroads_error_is_one_line_exit_2(capsys, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise InputError("cannot parse", where="x.csv:3", fix="fix line 3")

    monkeypatch.setattr("inroads.io.read", broken)
    code, _, err = run(["info", "x.csv"], capsys)
    assert code == 2
    assert err.strip() == "error: x.csv:3: cannot parse — fix line 3"


def test_ctrl_c_exits_130_without_traceback(capsys, monkeypatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("inroads.io.read", interrupted)
    code, _, err = run(["info", "x.csv"], capsys)
    assert code == 130 and "Traceback" not in err


def test_nothing_written_on_failure(tmp_path, capsys, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise InputError("bad")

    monkeypatch.setattr("inroads.io.read", broken)
    out = tmp_path / "out.json"
    code, _, _ = run(["info", "x.csv", "-o", str(out)], capsys)
    assert code == 2 and not out.exists()


def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "inroads", "info", "networkx:florentine_families", "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "nodes,15" in done.stdout.replace('"', "")
