"""``inroads shortlist`` on the command line: output formats, options, one-line errors with exit 2."""

from __future__ import annotations

import io
import json

import networkx as nx
import pandas as pd
import pytest

from inroads.graph import Graph
from inroads.influencers import COLUMNS
from tests.conftest import run


def test_demo_table_starts_with_valjean(capsys):
    code, out, err = run(["shortlist", "networkx:les_miserables", "--size", "12"], capsys)
    assert code == 0, err
    first_row = next(line for line in out.splitlines() if line.startswith("│"))
    assert "Valjean" in first_row and "awareness" in first_row
    assert "6 awareness" in out and "6 conversion" in out and "rule niche: 6 niches" in out
    code, out, err = run(["shortlist", "networkx:les_miserables", "--size", "12", "--rule", "global"], capsys)
    assert code == 0 and "6 awareness" in out and "modularity" in out


def test_csv_has_every_column_in_order(capsys):
    code, out, _ = run(["shortlist", "networkx:les_miserables", "--size", "10", "--format", "csv"], capsys)
    table = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert list(table.columns[: len(COLUMNS)]) == COLUMNS
    assert table["type"].value_counts().to_dict() == {"awareness": 5, "conversion": 5}
    assert table["id"].iloc[0] == "Valjean"


def test_json_carries_the_facts_and_rows(capsys):
    code, out, _ = run(
        [
            "shortlist",
            "networkx:karate_club",
            "--size",
            "20",
            "--split",
            "0.25",
            "--format",
            "json",
            "--rule",
            "global",
        ],
        capsys,
    )
    payload = json.loads(out)
    assert code == 0
    assert (payload["awareness"], payload["conversion"]) == (5, 15)
    assert len(payload["rows"]) == 20
    assert payload["betweenness_cutoff"] == min(r["betweenness"] for r in payload["rows"] if r["type"] == "awareness")
    assert payload["notes"][-1] == "--size 20 is more than half of the 34 people: the list is most of the network"


def test_output_file_and_exclude_include_files(tmp_path, capsys):
    exclude = tmp_path / "known.txt"
    exclude.write_text("# people I know\nValjean\n\nMyriel\n")
    include = tmp_path / "must.txt"
    include.write_text("Napoleon\n")
    target = tmp_path / "list.md"
    argv = ["shortlist", "networkx:les_miserables", "--size", "6", "--format", "md", "-o", str(target), "--rule=global"]
    code, out, _ = run([*argv, "--exclude", str(exclude), "--include", str(include)], capsys)
    assert code == 0 and out == ""
    text = target.read_text()
    assert "| Valjean |" not in text and "| Myriel |" not in text and "| Napoleon |" in text
    assert "| 1 | Gavroche |" in text  # the next bridge after the two excluded


def test_me_and_scope_community_columns(capsys):
    argv = ["shortlist", "networkx:les_miserables", "--size", "8", "--me", "Myriel", "--scope", "community"]
    code, out, _ = run([*argv, "--format", "csv"], capsys)
    table = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert "Myriel" not in set(table["id"])
    assert table.columns[-3:].tolist() == ["closeness_in_community", "hops_from_me", "intro_path"]
    assert table["intro_path"].str.startswith("Me → ").all()
    assert (table.loc[table["id"] == "Valjean", "intro_path"] == "Me → Valjean").all()


def test_audience_from_a_node_table(capsys, monkeypatch):
    graph = nx.karate_club_graph()
    monkeypatch.setattr("inroads.io.read", lambda *args, **kwargs: Graph.from_networkx(graph))
    code, out, _ = run(
        ["shortlist", "karate.csv", "--size", "4", "--audience", "club=Officer", "--format", "json"], capsys
    )
    payload = json.loads(out)
    assert code == 0
    assert payload["audience"] == {"conditions": ["club=Officer"], "members": 17}
    assert all(row["reach_1"] <= 17 for row in payload["rows"])


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        (["--size", "1"], "--size"),
        (["--size", "78"], "--size"),
        (["--split", "1.5"], "--split"),
        (["--split", "-0.5"], "--split"),
        (["--audience", "house=Gryffindor"], "--audience"),
        (["--me", "Harry"], "--me"),
        (["--exclude", "/nonexistent/ids.txt"], "--exclude"),
        (["--rule", "local"], "--rule"),
        (["--niche-size", "1"], "--niche-size"),
        (["--resolution", "0"], "--resolution"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, extra, where):
    target = tmp_path / "out.csv"
    code, out, err = run(["shortlist", "networkx:les_miserables", "-o", str(target), *extra], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and where in err and "Traceback" not in err
    assert not target.exists()


def test_audience_matching_no_one(capsys, monkeypatch):
    monkeypatch.setattr("inroads.io.read", lambda *args, **kwargs: Graph.from_networkx(nx.karate_club_graph()))
    code, _, err = run(["shortlist", "karate.csv", "--size", "4", "--audience", "club=Nobody"], capsys)
    assert code == 2
    assert err.startswith("error: --audience: no one matches club=Nobody")
