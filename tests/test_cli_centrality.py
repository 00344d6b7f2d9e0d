"""``inroads centrality``: columns, order, full precision, labels, errors, Ctrl-C and the kernel cache."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import networkx as nx
import pytest

from tests.centrality_reference import reference
from tests.conftest import run

LESMIS = "networkx:les_miserables"


def test_csv_has_every_node_at_full_precision_sorted_by_first_measure(capsys):
    code, out, _ = run(["centrality", LESMIS, "--measure", "closeness,betweenness,degree", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "closeness", "betweenness", "degree"]
    graph = nx.les_miserables_graph()
    assert len(rows) == graph.number_of_nodes()
    keys = [(-float(r["closeness"]), r["id"]) for r in rows]
    assert keys == sorted(keys)
    for measure in ("closeness", "betweenness", "degree"):
        expected = reference(graph, measure)
        for row in rows:
            assert float(row[measure]) == pytest.approx(expected[row["id"]], rel=1e-12, abs=1e-15)


def test_json_rows_and_facts(capsys):
    code, out, _ = run(["centrality", LESMIS, "--measure", "harmonic", "--format", "json", "--top", "5"], capsys)
    payload = json.loads(out)
    assert code == 0
    assert payload["measures"] == ["harmonic"] and payload["nodes"] == 77
    assert len(payload["rows"]) == 5
    expected = reference(nx.les_miserables_graph(), "harmonic")
    top = sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert [(r["id"], r["harmonic"]) for r in payload["rows"]] == [(k, pytest.approx(v, rel=1e-12)) for k, v in top]


def test_label_column_follows_id_and_weights_are_used(tmp_path, capsys):
    edges, nodes = tmp_path / "e.csv", tmp_path / "n.csv"
    edges.write_text("a,b,w\nx,y,2\ny,z,1\nz,x,3\nz,q,1\n")
    nodes.write_text("id,name\nx,Xavier\ny,Yvonne\nz,Zoe\nq,Quinn\n")
    out_file = tmp_path / "scores.csv"
    code, _, _ = run(
        [
            "centrality",
            str(edges),
            "--nodes",
            str(nodes),
            "--label-column",
            "name",
            "--strength",
            "w",
            "--measure",
            "betweenness",
            "--format",
            "csv",
            "-o",
            str(out_file),
        ],
        capsys,
    )
    assert code == 0
    rows = list(csv.DictReader(out_file.open()))
    assert list(rows[0]) == ["id", "label", "betweenness"]
    graph = nx.Graph()
    graph.add_weighted_edges_from([("x", "y", 1 / 2), ("y", "z", 1.0), ("z", "x", 1 / 3), ("z", "q", 1.0)])
    expected = nx.betweenness_centrality(graph, weight="weight")
    assert {r["id"]: float(r["betweenness"]) for r in rows} == pytest.approx(expected, rel=1e-12)
    assert {r["id"]: r["label"] for r in rows} == {"x": "Xavier", "y": "Yvonne", "z": "Zoe", "q": "Quinn"}


def test_table_shows_the_top_rows(capsys):
    code, out, _ = run(["centrality", LESMIS, "--top", "3"], capsys)
    assert code == 0 and "Valjean" in out and "top 3 of 77" in out.replace("\n", " ")


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--measure", "betweenness,pagerank"], "pagerank"),
        (["--top", "0"], "--top"),
        (["--threads", "-1"], "--threads"),
    ],
)
def test_bad_options_are_one_line_exit_2_and_write_nothing(tmp_path, capsys, args, mentions):
    target = tmp_path / "out.csv"
    code, out, err = run(["centrality", LESMIS, "--format", "csv", "-o", str(target), *args], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and mentions in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_ctrl_c_between_batches_exits_130_and_writes_nothing(tmp_path, capsys, monkeypatch):
    import inroads.engine.local as local

    real = local.run_batch
    calls = {"n": 0}

    def interrupted_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(local, "run_batch", interrupted_second_batch)
    target = tmp_path / "out.csv"
    code, out, err = run(["centrality", LESMIS, "--format", "csv", "-o", str(target)], capsys)
    assert code == 130 and out == "" and "Traceback" not in err
    assert not target.exists()


def _cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "inroads", "centrality", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def test_second_run_loads_kernels_from_the_cache(tmp_path):
    # The first run may compile (cold cache) and save; the second must only load. The network is large enough for
    # the compiled kernels (smaller work runs as Python while numba is cold: kernels/interpreted.py).
    network = tmp_path / "ba.csv"
    network.write_text("".join(f"{u},{v}\n" for u, v in nx.barabasi_albert_graph(400, 3, seed=1).edges()))
    for _ in range(2):
        process = _cli(str(network), "--format", "csv", env={"NUMBA_DEBUG_CACHE": "1"})
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0
    assert "data saved" not in out and "data loaded" in out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT semantics")
def test_real_ctrl_c_stops_within_a_second(tmp_path):
    edges = tmp_path / "ba.csv"
    graph = nx.barabasi_albert_graph(30_000, 4, seed=1)
    edges.write_text("".join(f"{u},{v}\n" for u, v in graph.edges()))
    args = [
        "centrality",
        str(edges),
        "--measure",
        "betweenness",
        "--method",
        "exact",
        "--threads",
        "1",
        "-o",
        str(tmp_path / "out.csv"),
    ]
    # Import first and say so, then run the command: the interrupt must land inside the command, not the imports.
    code = f"import sys; from inroads.cli import main; print('ready', file=sys.stderr, flush=True); main({args!r})"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    assert process.stderr.readline().strip() == "ready"
    time.sleep(3)  # reading the file, then the first batches of a run that takes far longer
    assert process.poll() is None, "the run should still be going"
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - sent < 1.5
    assert process.returncode == 130 and "Traceback" not in err and "interrupted" in err
    assert not (tmp_path / "out.csv").exists()


def test_progress_bar_draws_on_stderr_only_after_the_delay(monkeypatch, capsys):
    import inroads.cli.progress as progress_module

    with progress_module.progress_bar("quick", enabled=True) as update:
        update(1, 10)  # well under a second: nothing drawn
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    with progress_module.progress_bar("slow", enabled=True) as update:
        for done in range(1, 11):
            update(done, 10)
    captured = capsys.readouterr()
    assert captured.out == "" and "slow" in captured.err
