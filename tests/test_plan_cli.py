"""``inroads plan``: the commands, their output, and bad input (one line, exit 2, the plan unchanged)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import networkx as nx
import pytest

from inroads.cli import main
from inroads.plan.schema import SCHEMA_VERSION
from tests.conftest import dump, run


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("net") / "lesmis.csv"
    nx.write_edgelist(nx.les_miserables_graph(), path, delimiter=",", data=False)
    return path


@pytest.fixture(scope="module")
def template(network: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.db"
    with pytest.raises(SystemExit) as stop:
        main(["plan", "create", str(network), "-o", str(path), "--size", "10", "--no-report", "--me", "Napoleon"])
    assert stop.value.code == 0
    return path


@pytest.fixture
def plan(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.db"
    shutil.copy(template, path)
    return path


def test_set_log_show_status_export(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "plan",
            "set",
            str(plan),
            "Valjean",
            "--stage",
            "talking",
            "--next",
            "coffee",
            "--due",
            "2027-01-15",
            "--owner",
            "ann",
        ],
        capsys,
    )
    assert code == 0
    assert out.strip() == (
        "Valjean (Valjean): stage identified → talking; owner - → ann; next_step - → coffee; "
        "due - → 2027-01-15 (version 2)"
    )
    code, out, _ = run(
        ["plan", "log", str(plan), "Valjean", "--kind", "meeting", "--note", "<b>x</b>", "--date", "2026-11-02"], capsys
    )
    assert (code, out.strip()) == (0, "Valjean (Valjean): logged 'meeting' as entry 1")
    code, out, _ = run(["plan", "show", str(plan), "Valjean", "--format", "json"], capsys)
    shown = json.loads(out)
    assert (shown["stage"], shown["owner"], shown["intro_path"]) == ("talking", "ann", "Me → Myriel → Valjean")
    assert shown["rows"] == [{"date": "2026-11-02", "kind": "meeting", "note": "<b>x</b>", "source": "user"}]
    code, out, _ = run(["plan", "status", str(plan), "--format", "json", "--since", "2026-01-01"], capsys)
    status = json.loads(out)
    assert [row["total"] for row in status["funnel"]] == [9, 0, 1, 0, 0]
    assert status["since"]["stage_moves"][0]["to"] == "talking"
    code, out, _ = run(["plan", "status", str(plan)], capsys)
    assert code == 0 and "10 people on the list" in out and "no next step is overdue" in out
    code, out, _ = run(["plan", "export", str(plan), "--format", "ics"], capsys)
    assert code == 0 and out.count("BEGIN:VEVENT") == 1 and "DTSTART;VALUE=DATE:20270115" in out
    assert "SUMMARY:coffee — Valjean" in out and "BEGIN:VALARM" in out
    target = plan.with_name("plan.json")
    code, _, _ = run(["plan", "export", str(plan), "--format", "json", "-o", str(target)], capsys)
    exported = json.loads(target.read_text())
    assert len(exported["people"]) == 10 and exported["log"][0]["note"] == "<b>x</b>"
    assert {c["field"] for c in exported["changes"]} == {"stage", "owner", "next_step", "due"}
    code, out, _ = run(["plan", "export", str(plan)], capsys)
    assert out.splitlines()[0].startswith("id,label,kind,rank,listed,stage,owner")
    assert len(out.splitlines()) == 11


def test_refresh_command(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = nx.les_miserables_graph()
    graph.remove_edges_from(list(graph.edges("Valjean")))
    graph.add_edge("Valjean", "Cosette")
    newer = tmp_path / "newer.csv"
    nx.write_edgelist(graph, newer, delimiter=",", data=False)
    code, out, err = run(["plan", "refresh", str(plan), str(newer), "--format", "json"], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert {"change": "fell", "id": "Valjean"}.items() <= next(
        r for r in result["rows"] if r["id"] == "Valjean"
    ).items()
    assert result["summary"]["fell"] >= 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "set", "{plan}", "Valjan", "--stage", "talking"], "no person 'Valjan' in the plan"),
        (["plan", "set", "{plan}", "Valjean", "--stage", "dating"], "--stage: no stage 'dating'"),
        (["plan", "set", "{plan}", "Valjean", "--due", "next friday"], "--due: 'next friday' is not a date"),
        (["plan", "log", "{plan}", "Valjean", "--kind", "call", "--date", "2026-13-01"], "is not a date"),
        (["plan", "log", "{plan}", "nobody", "--kind", "call"], "no person 'nobody'"),
        (["plan", "status", "{plan}", "--since", "yesterday"], "--since: 'yesterday' is not a date"),
        (["plan", "refresh", "{plan}", "{stranger}"], "shares no ids with the plan"),
        (["plan", "set", "{plan}", "Valjean"], "nothing to change"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    stranger = tmp_path / "stranger.csv"
    stranger.write_text("x1,x2\nx2,x3\nx3,x1\n")
    before = dump(plan)
    code, _, err = run([a.format(plan=plan, stranger=stranger) for a in argv], capsys)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert dump(plan) == before


def test_not_a_plan_or_newer_plan(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    code, _, err = run(["plan", "status", str(text)], capsys)
    assert code == 2 and "not an inroads plan" in err and err.count("\n") == 1
    db = sqlite3.connect(plan)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = dump(plan)
    code, _, err = run(["plan", "set", str(plan), "Valjean", "--stage", "talking"], capsys)
    assert code == 2 and "written by a newer inroads" in err
    assert dump(plan) == before


def test_create_refuses_an_existing_file(plan: Path, network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(plan)
    code, _, err = run(["plan", "create", str(network), "-o", str(plan)], capsys)
    assert code == 2 and "never overwritten" in err
    assert dump(plan) == before


def test_damaged_plan_is_one_line(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(plan.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page but the first (the header and the schema) is garbage
    plan.write_bytes(bytes(data))
    code, _, err = run(["plan", "status", str(plan)], capsys)
    assert code == 2 and "the plan file cannot be used" in err and err.count("\n") == 1


def test_refresh_proposes_interactions_from_a_file(
    plan: Path, network: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = tmp_path / "found.csv"
    found.write_text("id,date,kind,note\nValjean,2026-11-05,email,re: lunch\n")
    code, out, _ = run(["plan", "refresh", str(plan), str(network), "--contacts", str(found), "--no-report"], capsys)
    assert code == 0 and "1 interactions from the records proposed (add them with --accept)" in out
    code, out, _ = run(["plan", "refresh", str(plan), str(network), "--contacts", str(found), "--accept",
                        "--no-report"], capsys)  # fmt: skip
    assert code == 0 and "1 interactions from the records added to the log" in out
    code, out, _ = run(["plan", "log", str(plan), "Valjean", "--format", "json"], capsys)
    assert [row["note"] for row in json.loads(out)["rows"]] == ["re: lunch"]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date\nValjean,2026-11-05\nMarius,soon\n")
    before = dump(plan)
    code, _, err = run(["plan", "refresh", str(plan), str(network), "--contacts", str(bad)], capsys)
    assert code == 2 and f"{bad}:3: 'soon' is not a date" in err
    assert dump(plan) == before


def test_every_plan_subcommand_is_documented() -> None:
    from inroads.cli.plan import plan as group

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in group.commands.items():
        assert command.help and len(command.help.strip()) > 20, name
        assert f"plan {name}" in readme, name
        for parameter in command.params:
            if parameter.param_type_name == "option":
                assert getattr(parameter, "help", None), f"plan {name} {parameter.opts} has no help"
