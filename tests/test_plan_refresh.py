"""Refresh: who rose, who fell, what changed; nothing the user wrote is ever removed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import inroads.plan
from inroads.errors import PlanError
from inroads.graph import Graph
from inroads.plan.refresh import refresh


def moved_network() -> nx.Graph:
    """Les Misérables with Valjean's and Myriel's ties cut and a new hub joining every community."""
    graph = nx.les_miserables_graph()
    graph.remove_edges_from(list(graph.edges("Valjean")) + list(graph.edges("Myriel")))
    graph.add_edge("Valjean", "Cosette")
    graph.add_edge("Myriel", "Napoleon")
    for other in ("Fantine", "Thenardier", "Gavroche", "Marius", "Enjolras", "Javert", "Bossuet", "Courfeyrac"):
        graph.add_edge("Newcomer", other)
    return graph


@pytest.fixture
def plan(tmp_path: Path) -> inroads.plan.Plan:
    opened = inroads.plan.create(
        tmp_path / "plan.db", Graph.from_networkx(nx.les_miserables_graph()), size=10, rule="global", report=False
    )
    yield opened
    opened.close()


def test_refresh_flags_suggests_and_keeps_everything(plan: inroads.plan.Plan) -> None:
    plan.update("Valjean", stage="relationship", notes="old friend", next_step="lunch", due="2027-01-15")
    plan.add_log("Valjean", kind="meeting", note="dinner", date="2026-10-01")
    before_people = set(plan.people()["id"])
    new = Graph.from_networkx(moved_network())
    expected = inroads.shortlist(new, size=10, rule="global")

    changes = refresh(plan, new)

    new_ids = set(expected["id"])
    rose = set(changes.loc[changes["change"] == "rose", "id"])
    fell = set(changes.loc[changes["change"] == "fell", "id"])
    assert rose == new_ids - before_people and "Newcomer" in rose
    assert fell == before_people - new_ids and "Valjean" in fell
    people = plan.people().set_index("id")
    assert set(people.index) == before_people  # suggested, not added; nobody removed
    valjean = plan.person("Valjean")
    assert (valjean["listed"], valjean["rank"], valjean["stage"], valjean["notes"]) == (
        False,
        None,
        "relationship",
        "old friend",
    )
    assert [e["note"] for e in valjean["log"]] == ["dinner"]
    for row in expected.itertuples():
        if row.id in people.index:
            assert people.loc[row.id, "rank"] == row.rank and people.loc[row.id, "kind"] == row.type
    assert plan.refreshes()["summary"].iloc[-1]["fell"] == len(fell)
    assert plan.shortlist()["id"].tolist() == expected["id"].tolist()
    assert plan.shortlist(1)["id"].tolist() != expected["id"].tolist()  # the first analysis is kept
    status = plan.status(since="2000-01-01")
    assert status["flagged"] == len(fell) and status["listed"] == len(before_people) - len(fell)
    assert [r["event"] for r in status["since"]["refreshes"]] == ["create", "refresh"]


def test_refresh_can_add_the_risers_and_bring_people_back(plan: inroads.plan.Plan) -> None:
    old = Graph.from_networkx(nx.les_miserables_graph())
    first = refresh(plan, Graph.from_networkx(moved_network()), add_suggested=True)
    risers = set(first.loc[first["change"] == "rose", "id"])
    assert first.loc[first["change"] == "rose", "added"].all()
    assert plan.person("Newcomer")["stage"] == "identified"
    back = refresh(plan, old)
    assert "Valjean" in set(back.loc[back["change"] == "back", "id"])
    assert plan.person("Valjean")["listed"] and plan.person("Newcomer")["listed"] is False
    assert len(plan.people()) == 10 + len(risers)  # everyone ever added is still there
    assert set(plan.people()["id"]) >= set(inroads.shortlist(old, size=10, rule="global")["id"]) | {"Newcomer"}


def test_refresh_with_no_shared_ids_changes_nothing(plan: inroads.plan.Plan) -> None:
    before = list(sqlite3.connect(plan.path).iterdump())
    stranger = Graph.from_networkx(nx.relabel_nodes(nx.les_miserables_graph(), lambda name: f"x-{name}"))
    with pytest.raises(PlanError, match="shares no ids with the plan"):
        refresh(plan, stranger)
    assert list(sqlite3.connect(plan.path).iterdump()) == before


def test_interactions_are_proposed_then_accepted_once(plan: inroads.plan.Plan) -> None:
    plan.add_log("Valjean", kind="meeting", note="dinner", date="2026-10-01")
    found = pd.DataFrame(
        {
            "id": ["Valjean", "Valjean", "Marius", "Stranger", "Marius"],
            "date": ["2026-10-01", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-06"],
            "kind": ["meeting", "email", "meeting", "call", "meeting"],
            "note": ["dinner", "", "", "", ""],
        }
    )
    g = Graph.from_networkx(nx.les_miserables_graph())
    looked = refresh(plan, g, interactions=found)
    proposed = looked.attrs["proposed"]
    # Already logged, not in the plan, and the duplicate row are left out.
    assert proposed[["id", "date", "kind"]].values.tolist() == [
        ["Valjean", "2026-11-05", "email"],
        ["Marius", "2026-11-06", "meeting"],
    ]
    assert len(plan.log()) == 1  # proposed only
    taken = refresh(plan, g, interactions=found, accept=True)
    assert taken.attrs["summary"]["accepted"] == 2
    log = plan.log()
    assert len(log) == 3 and set(log.loc[log["source"] != "user", "source"]) == {f"refresh {taken.attrs['refresh']}"}
    again = refresh(plan, g, interactions=found, accept=True)
    assert len(again.attrs["proposed"]) == 0 and len(plan.log()) == 3
