"""Evidence of the two kinds: contagion kernels with hand-checked answers, determinism, the CLI and its sentences."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest

from inroads.cli import main
from inroads.errors import OptionError
from inroads.evidence import critical_probability, evidence, majority_seen
from inroads.graph import Graph
from inroads.illusion import what_if
from inroads.kernels.contagion import cascade_steps, complex_contagion


def csr(g: Graph) -> tuple[np.ndarray, np.ndarray]:
    return g.indptr, g.indices


def test_cascade_with_certain_transmission_is_breadth_first_search():
    # path 0-1-2-3-4 in niches 0 0 1 1 2: from 0, step 1 reaches 1, step 2 adds 2, step 3 adds 3
    g = Graph.from_networkx(nx.path_graph(5))
    reached, niches = cascade_steps(*csr(g), np.array([[0], [2]]), 1.0, True, 3, np.array([0, 0, 1, 1, 2]), 3, 3)
    assert reached.tolist() == [[1, 2, 3], [2, 4, 4]]
    assert niches.tolist() == [2, 3]  # run 1: {0, 1}; run 2 from node 2: nodes 1, 3, 0, 4 -> niches 0, 1, 2


def test_cascade_with_no_transmission_reaches_no_one():
    g = Graph.from_networkx(nx.complete_graph(6))
    reached, niches = cascade_steps(*csr(g), np.array([[0, 1]]), 1e-12, True, 3, np.zeros(6, dtype=np.int64), 1, 2)
    assert reached.tolist() == [[0, 0]] and niches.tolist() == [0]


def test_cascade_mean_matches_the_probability():
    # a star from its hub: after one step each of the 200 leaves is reached with probability p
    g = Graph.from_edges(["hub"] * 200, [f"leaf{i}" for i in range(200)])
    runs = 400
    reached, _ = cascade_steps(
        *csr(g), np.zeros((runs, 1), dtype=np.int64), 0.3, True, 9, np.zeros(201, np.int64), 1, 1
    )
    assert reached.mean() / 200 == pytest.approx(0.3, abs=0.01)


def test_complex_contagion_by_hand():
    # two triangles a-b-c and d-e-f joined by c-d; seeds a, b: c sees 2 of 3 (>= 25%, >= 2) and adopts;
    # d sees only c (1 person): the contagion stops at the bridge (Centola & Macy's weakness of long ties)
    g = Graph.from_edges(["a", "a", "b", "c", "d", "d", "e"], ["b", "c", "c", "d", "e", "f", "f"])
    adopted = complex_contagion(*csr(g), g.in_degree().astype(np.int64), np.array([[0, 1]]), 0.25, 2)
    assert g.ids[adopted[0]].tolist() == ["a", "b", "c"]
    # theta 0.9: c needs 3 of 3, so no one else adopts
    adopted = complex_contagion(*csr(g), g.in_degree().astype(np.int64), np.array([[0, 1]]), 0.9, 2)
    assert adopted[0].sum() == 2
    # seeds c and e: d sees both (2 of 3) and adopts; then f sees d and e (2 of 2)
    adopted = complex_contagion(*csr(g), g.in_degree().astype(np.int64), g.indices_of(["c", "e"])[None, :], 0.25, 2)
    assert sorted(g.ids[adopted[0]].tolist()) == ["c", "d", "e", "f"]


def test_majority_seen_equals_the_illusion_what_if(named):
    g = Graph.from_networkx(named["lesmis"])
    sets = np.array([[0, 11, 48], [5, 6, 7]])
    expected = [what_if(g, None, row)[1].summary["seeing_majority"] for row in sets]
    assert majority_seen(g, sets).tolist() == expected


def test_critical_probability_of_a_regular_graph():
    # every degree 4: <k> / (<k^2> - <k>) = 4 / 12
    assert critical_probability(Graph.from_networkx(nx.circulant_graph(20, [1, 2]))) == pytest.approx(1 / 3)


def test_evidence_is_deterministic_for_a_seed_and_compares_every_set(named):
    g = Graph.from_networkx(named["lesmis"])
    first = evidence(g, size=10, runs=200, seed=5)
    again = evidence(g, size=10, runs=200, seed=5)
    assert first.table.equals(again.table) and first.lead == again.lead
    sets = set(first.table.loc[first.table["test"] == "awareness", "set"])
    assert sets == {"awareness", "conversion", "top-degree", "top-betweenness", "top-closeness", "random"}
    other = evidence(g, size=10, runs=200, seed=6)
    assert not other.table.equals(first.table)  # the seed matters (random sets, coins)
    assert (first.table["low"] <= first.table["mean"]).all() and (first.table["mean"] <= first.table["high"]).all()
    assert first.lead[0].startswith("If these 10 endorsed you, ")
    assert first.lead[1].startswith("Awareness: ") and first.lead[2].startswith("Conversion: ")


def test_evidence_bad_options(named):
    g = Graph.from_networkx(named["karate"])
    for options, where in [({"runs": 0}, "--runs"), ({"theta": 0}, "--theta"), ({"steps": 11}, "--steps"),
                           ({"probability": 1.5}, "--probability"), ({"threshold": 1}, "--threshold")]:  # fmt: skip
        with pytest.raises(OptionError) as error:
            evidence(g, size=4, **options)
        assert error.value.where == where


def test_cli_evidence_leads_with_sentences(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["evidence", "networkx:karate_club", "--size", "6", "--runs", "50", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert stop.value.code == 0
    assert payload["lead"][0].startswith("If these 6 endorsed you") and payload["runs"] == 50
    with pytest.raises(SystemExit) as stop:
        main(["evidence", "networkx:karate_club", "--size", "6", "--runs", "50"])
    out = capsys.readouterr().out
    assert out.startswith("If these 6 endorsed you")  # the sentence comes before any table
    with pytest.raises(SystemExit) as stop:
        main(["evidence", "networkx:karate_club", "--theta", "2"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and len(err.strip().splitlines()) == 1 and "--theta" in err


def test_cli_illusion_leads_with_a_sentence(capsys, shared_data):
    path = str(shared_data / "newman-polbooks" / "polbooks.gml")
    with pytest.raises(SystemExit):
        main(["illusion", path, "--attribute", "value", "--value", "c"])
    out = capsys.readouterr().out
    assert out.startswith("47 people (45%) see most of their contacts holding value = c, while 47% of everyone")
