"""The shortlist's closeness columns on large networks: the picks' closeness exact, its percentile sampled (DKW)."""

from __future__ import annotations

import io
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from inroads.cli import main
from inroads.graph import Graph
from inroads.influencers import annotate, shortlist, shortlist_and_scores
from inroads.influencers_rule import percentile
from inroads.measures import exact
from inroads.measures.closeness_sample import PERCENTILE_ERROR, closeness_of_picks, sample_size


@pytest.fixture(scope="module")
def clustered() -> Graph:
    return Graph.from_networkx(nx.powerlaw_cluster_graph(6_000, 4, 0.2, seed=4))  # n·m over the "surely cheap" line


def _exact_percentile(g: Graph, picks: np.ndarray) -> np.ndarray:
    return percentile(exact.closeness(g).to_numpy())[picks]


@pytest.mark.parametrize("directed", [False, True])
def test_sampled_percentiles_are_within_the_stated_error(directed: bool) -> None:
    h = nx.gnp_random_graph(1_500, 0.004, seed=9, directed=directed)  # disconnected pieces, zero-closeness people
    g = Graph.from_networkx(h)
    everyone = exact.closeness(g).to_numpy()
    picks = np.arange(0, g.n, 7)
    missed = 0
    for seed in range(20):
        scores, sample = closeness_of_picks(g, picks, seed=seed)
        np.testing.assert_allclose(scores, everyone[picks], rtol=1e-12)
        assert sample.size == sample_size(PERCENTILE_ERROR, 0.1)
        # DKW bounds the gap at every value at once: test it at everyone's, not only the picks'
        missed += np.abs(sample.percentile(everyone) - percentile(everyone)).max() > 100 * PERCENTILE_ERROR
    assert missed <= 4  # at most 10% of runs expected (delta 0.1); 20 seeds, so a little slack


def test_a_large_network_samples_the_percentile_and_says_so(clustered: Graph) -> None:
    exact_run = shortlist(clustered, size=20, method="exact")
    sampled = shortlist(clustered, size=20, budget=1e-9)  # auto, over budget: both centralities sampled
    assert "closeness_sample" in sampled.attrs and "closeness_sample" not in exact_run.attrs
    assert sampled.attrs["method"] == "approx, sampled"
    assert any("closeness_pct from 2,397 people sampled" in note for note in sampled.attrs["notes"])
    assert any("approximate betweenness" in note for note in sampled.attrs["notes"])
    rows = clustered.indices_of(sampled["id"].tolist())
    np.testing.assert_allclose(sampled["closeness"], exact.closeness(clustered).to_numpy()[rows], rtol=1e-12)
    gap = np.abs(sampled["closeness_pct"].to_numpy() - _exact_percentile(clustered, rows))
    assert gap.max() <= 100 * PERCENTILE_ERROR
    # the picks: equal to the exact run's but where betweenness is within the sampled error
    assert len(set(sampled["id"]) & set(exact_run["id"])) >= 16


def test_exact_where_asked_or_where_the_rule_needs_everyone(clustered: Graph) -> None:
    for options in ({"method": "exact"}, {"rule": "global", "budget": 1e-9}):
        table = shortlist(clustered, size=10, **options)
        assert "closeness_sample" not in table.attrs
        rows = clustered.indices_of(table["id"].tolist())
        np.testing.assert_array_equal(table["closeness_pct"], _exact_percentile(clustered, rows))
    # the report, evidence and export want everyone's closeness: never sampled
    _, scores, _ = shortlist_and_scores(clustered, size=10, method="approx")
    assert np.isfinite(scores["closeness"]).all()
    assert np.isfinite(annotate(clustered, size=10, method="approx")["closeness"]).all()


def test_small_networks_stay_exact() -> None:
    g = Graph.from_networkx(nx.les_miserables_graph())
    table = shortlist(g, size=8)
    assert table.attrs["method"] == "exact" and "closeness_sample" not in table.attrs


def test_cli_method_options(tmp_path, capsys) -> None:
    def run(argv: list[str]) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as stop:
            main(argv)
        out, err = capsys.readouterr()
        return int(stop.value.code or 0), out, err

    code, out, err = run(["shortlist", "networkx:karate_club", "--size", "6", "--method", "approx", "--format", "json"])
    assert code == 0, err
    meta = json.loads(out)
    assert meta["closeness_sample"]["sample"] == 2_397 and meta["method"] == "approx, sampled"
    code, out, _ = run(["shortlist", "networkx:karate_club", "--size", "6", "--method", "exact", "--format", "csv"])
    assert code == 0 and pd.read_csv(io.StringIO(out))["closeness_pct"].max() == 100.0
    code, _, err = run(["shortlist", "networkx:karate_club", "--method", "sometimes", "-o", str(tmp_path / "x.csv")])
    assert code == 2 and len(err.strip().splitlines()) == 1 and not (tmp_path / "x.csv").exists()
