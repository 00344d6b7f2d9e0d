"""The public centrality functions: method auto/exact/approx, top=k, and what they report."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest

from inroads import Graph, OptionError, betweenness, closeness, harmonic
from inroads.cli import main


@pytest.fixture(scope="module")
def karate() -> Graph:
    return Graph.from_networkx(nx.karate_club_graph())


def test_auto_on_a_small_graph_is_exact_and_says_so(karate) -> None:
    scores = betweenness(karate)
    expected = nx.betweenness_centrality(nx.karate_club_graph())
    np.testing.assert_allclose(scores.to_numpy(), [expected[int(i)] for i in scores.index], rtol=1e-9)
    assert scores.attrs["inroads"]["method"] == "exact"


def test_approx_is_within_epsilon_and_states_its_guarantee(karate) -> None:
    exact = betweenness(karate, method="exact")
    sampled = betweenness(karate, method="approx", epsilon=0.05, delta=0.1, seed=3)
    assert np.abs(sampled.to_numpy() - exact.to_numpy()).max() <= 0.05
    info = sampled.attrs["inroads"]
    assert info["method"] == "approx" and info["epsilon"] == 0.05 and "±0.05" in info["guarantee"]
    again = betweenness(karate, method="approx", epsilon=0.05, delta=0.1, seed=3)
    assert sampled.equals(again)


def test_top_k_is_ranked_with_ties_by_id(karate) -> None:
    full = closeness(karate, method="exact")
    top = closeness(karate, top=5)
    order = sorted(full.index, key=lambda node: (-full[node], node))[:5]
    assert top.index.tolist() == order
    np.testing.assert_allclose(top.to_numpy(), full[order].to_numpy(), rtol=1e-12)
    assert (
        harmonic(karate, top=3).index.tolist()
        == harmonic(karate, method="exact").sort_values(ascending=False, kind="mergesort").index[:3].tolist()
    )


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda g: betweenness(g, method="fast"), "--method"),
        (lambda g: betweenness(g, method="approx", sources=["0"]), "method"),
        (lambda g: betweenness(g, method="approx", epsilon=1.5), "--epsilon"),
        (lambda g: closeness(g, top=0), "--top"),
    ],
)
def test_bad_settings_are_option_errors(karate, call, where) -> None:
    with pytest.raises(OptionError) as error:
        call(karate)
    assert where in error.value.line()


def test_cli_writes_method_beside_a_csv(tmp_path, capsys) -> None:
    out = tmp_path / "scores.csv"
    with pytest.raises(SystemExit) as done:
        main(
            [
                "centrality",
                "networkx:karate_club",
                "--method",
                "approx",
                "--epsilon",
                "0.05",
                "--measure",
                "betweenness",
                "-o",
                str(out),
                "--format",
                "csv",
            ]
        )
    assert done.value.code == 0
    assert out.read_text().splitlines()[0] == "id,betweenness"
    meta = json.loads((tmp_path / "scores.csv.meta.json").read_text())
    assert meta["methods"]["betweenness"]["method"] == "approx"


def test_cli_rejects_a_bad_epsilon_in_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["centrality", "networkx:karate_club", "--epsilon", "2"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.count("\n") == 1 and "--epsilon" in err


def test_cli_top_beyond_n_shows_everyone_with_a_note(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(
            ["centrality", "networkx:florentine_families", "--measure", "closeness", "--top", "99", "--format", "json"]
        )
    payload = json.loads(capsys.readouterr().out)
    assert done.value.code == 0 and len(payload["rows"]) == 15
    assert any("all nodes" in note for note in payload["notes"])
