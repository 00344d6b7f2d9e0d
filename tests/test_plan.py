"""The plan file: create, query, update with history and version check, log, status, migration, bad input."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import networkx as nx
import pytest

import inroads.plan
from inroads.errors import PlanBusyError, PlanConflictError, PlanError
from inroads.graph import Graph
from inroads.plan.schema import SCHEMA_VERSION
from tests.conftest import dump

FIXTURE_V1 = Path(__file__).with_name("data") / "plan_v1.db"


def lesmis() -> Graph:
    return Graph.from_networkx(nx.les_miserables_graph())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One plan made once (the shortlist costs a run); each test works on its own copy."""
    path = tmp_path_factory.mktemp("plan") / "template.db"
    inroads.plan.create(path, lesmis(), size=10, report=False).close()
    return path


@pytest.fixture
def plan(template: Path, tmp_path: Path) -> inroads.plan.Plan:
    path = tmp_path / "plan.db"
    shutil.copy(template, path)
    opened = inroads.plan.open(path)
    yield opened
    opened.close()


def test_create_keeps_the_shortlist_whole(plan: inroads.plan.Plan) -> None:
    expected = inroads.shortlist(lesmis(), size=10)
    people = plan.people()
    assert people["id"].tolist() == expected["id"].tolist()
    assert people["kind"].tolist() == expected["type"].tolist()
    assert set(people["stage"]) == {"identified"}
    stored = plan.shortlist()
    assert list(stored.columns) == list(expected.columns)
    assert stored["betweenness"].tolist() == expected["betweenness"].tolist()  # JSON keeps floats exactly
    assert stored["why"].tolist() == expected["why"].tolist()
    assert stored.attrs["size"] == 10 and stored.attrs["method"] == expected.attrs["method"]
    assert plan.options()["size"] == 10


def test_create_never_overwrites(template: Path) -> None:
    before = dump(template)
    with pytest.raises(PlanError, match="already exists"):
        inroads.plan.create(template, lesmis(), size=10, report=False)
    assert dump(template) == before


def test_update_keeps_history_and_bumps_version(plan: inroads.plan.Plan) -> None:
    after = plan.update("Valjean", stage="talking", next_step="coffee", due="2027-01-15", notes="first")
    assert (after["stage"], after["next_step"], after["due"], after["version"]) == (
        "talking",
        "coffee",
        "2027-01-15",
        2,
    )
    again = plan.update("Valjean", notes="second")
    assert again["version"] == 3
    history = plan.changes("Valjean")
    assert history[history["field"] == "notes"][["old", "new"]].values.tolist() == [["", "first"], ["first", "second"]]
    assert history[history["field"] == "stage"][["old", "new"]].values.tolist() == [["identified", "talking"]]
    unchanged = plan.update("Valjean", notes="second")
    assert unchanged["version"] == 3  # nothing changed, no new version


def test_version_check_refuses_a_stale_edit(plan: inroads.plan.Plan) -> None:
    seen = plan.person("Valjean")["version"]
    plan.update("Valjean", notes="from tab one", version=seen)
    with pytest.raises(PlanConflictError, match="changed elsewhere"):
        plan.update("Valjean", notes="from tab two", version=seen)
    assert plan.person("Valjean")["notes"] == "from tab one"


def test_log_and_status(plan: inroads.plan.Plan) -> None:
    entry = plan.add_log("Valjean", kind="meeting", note="<script>alert(1)</script>", date="2026-10-02")
    assert entry == 1
    plan.update("Valjean", stage="introduced", next_step="call", due="2026-01-01")
    plan.update("Marius", stage="introduced")
    status = plan.status(today="2026-06-01", since="2020-01-01")
    funnel = {row["stage"]: row for row in status["funnel"]}
    kinds = plan.people().set_index("id")["kind"]
    assert funnel["introduced"]["total"] == 2
    assert funnel["introduced"][kinds["Valjean"]] >= 1
    assert sum(row["total"] for row in status["funnel"]) == status["listed"] == 10
    assert [o["id"] for o in status["overdue"]] == ["Valjean"]
    assert status["balance"]["intended"] == {"awareness": 5, "conversion": 5}
    assert status["niches"]["column"] == "niche"  # the shortlist's niches (issue 13), not its communities
    assert status["niches"]["covered"] == plan.people()["niche"].nunique()
    assert status["niches"]["total"] == plan.shortlist().attrs.get("niches", status["niches"]["total"])
    assert [m["id"] for m in status["since"]["stage_moves"]] == ["Valjean", "Marius"]
    assert status["since"]["log_entries"] == 1
    log = plan.log("Valjean")
    assert log["note"].tolist() == ["<script>alert(1)</script>"]


def test_status_reads_niche_when_present(plan: inroads.plan.Plan) -> None:
    plan.db.execute("UPDATE people SET figures = json_set(figures, '$.niche', 'n' || (rank % 3))")
    niches = plan.status()["niches"]
    assert {key: niches[key] for key in ("column", "covered", "values")} == {
        "column": "niche",
        "covered": 3,
        "values": ["n0", "n1", "n2"],
    }


def test_rename_stage_keeps_people_in_place(plan: inroads.plan.Plan) -> None:
    plan.update("Valjean", stage="talking")
    assert plan.rename_stage("talking", "in conversation")[2] == "in conversation"
    assert plan.person("Valjean")["stage"] == "in conversation"
    with pytest.raises(PlanError, match="already called"):
        plan.rename_stage("advocate", "identified")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stage": "dating"}, "no stage 'dating'"),
        ({"due": "15/01/2027"}, "is not a date"),
        ({"due": "2027-02-30"}, "is not a date"),
    ],
)
def test_bad_values_change_nothing(plan: inroads.plan.Plan, change: dict, message: str) -> None:
    before = dump(Path(plan.path))
    with pytest.raises(PlanError, match=message):
        plan.update("Valjean", notes="should not land", **change)
    assert dump(Path(plan.path)) == before


def test_unknown_person_is_one_clear_line(plan: inroads.plan.Plan) -> None:
    with pytest.raises(PlanError) as caught:
        plan.update("Valjan", stage="talking")
    assert caught.value.line().endswith("no person 'Valjan' in the plan — did you mean 'Valjean'?")
    with pytest.raises(PlanError, match="no person"):
        plan.add_log("nobody", kind="call")
    with pytest.raises(PlanError, match="must not be empty"):
        plan.add_log("Valjean", kind=" ")


def test_not_a_plan(tmp_path: Path) -> None:
    text = tmp_path / "edges.csv"
    text.write_text("a,b\n")
    with pytest.raises(PlanError, match="not an SQLite file"):
        inroads.plan.open(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(PlanError, match="SQLite file of something else"):
        inroads.plan.open(other)
    with pytest.raises(PlanError, match="no such plan file"):
        inroads.plan.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_newer_plan_is_refused_untouched(plan: inroads.plan.Plan) -> None:
    plan.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    path = Path(plan.path)
    plan.close()
    before = dump(path)
    with pytest.raises(PlanError, match="newer inroads"):
        inroads.plan.open(path)
    assert dump(path) == before


def test_version_1_fixture_opens_and_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE_V1, path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1  # the fixture really is a version-1 file
    assert "version" not in {row[1] for row in old.execute("PRAGMA table_info(people)")}
    old.close()
    with inroads.plan.open(path) as plan:
        assert plan.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert plan.db.execute("PRAGMA foreign_key_check").fetchall() == []
        people = plan.people().set_index("id")
        assert people.loc["Valjean", "stage"] == "talking" and people.loc["Valjean", "notes"] == "met twice"
        assert people.loc["Marius", "label"] == "<img src=x onerror=alert(1)>"
        assert people["version"].tolist() == [1, 1, 1, 1] and people["listed"].all()
        assert len(plan.log()) == 3
        history = plan.refreshes()
        assert history["summary"].tolist() == [{"event": "create", "migrated_from": 1}]
        assert plan.shortlist()["id"].tolist() == ["Valjean", "Myriel", "Marius", "Javert"]
        assert plan.options()["size"] == 4
        # The migrated file works like a new one.
        assert plan.update("Javert", stage="talking", version=1)["version"] == 2
        assert plan.status(today="2026-12-01")["overdue"][0]["id"] == "Valjean"
    with inroads.plan.open(path) as again:  # opening a migrated file migrates nothing
        assert again.person("Javert")["stage"] == "talking"


def test_busy_plan_gives_a_retry_message_and_changes_nothing(plan: inroads.plan.Plan) -> None:
    holder = sqlite3.connect(plan.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        waiting = inroads.plan.open(plan.path, timeout=0.2)
        with pytest.raises(PlanBusyError, match="try again"):
            waiting.update("Valjean", notes="blocked")
        waiting.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert plan.person("Valjean")["notes"] == ""
