"""Do the two kinds differ, and does each do its job? The shortlist rules on shared networks with known groups.

For each network whose people belong to known groups (never given to inroads), the shortlist under the default rule
(``niche``) and under ``--rule global`` is checked against those groups: the median share of a pick's contacts who
are in the pick's own group (awareness picks should reach out, conversion picks should stay in), and the evidence of
:func:`inroads.evidence.evidence` against the top-degree baseline of the same size.

Run: ``.venv/bin/python experiments/two_kinds.py`` (about a minute on 2 cores; seeded). Writes ``two_kinds.json``
and prints the Markdown table kept in ``experiments/README.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from inroads.evidence import evidence
from inroads.influencers import shortlist
from inroads.io import read

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
NETWORKS = [  # (name, file, group column, list size)
    ("karate (club split)", "networkx-classics/karate_club.graphml", "club", 8),
    ("football (conferences)", "newman-football/football.gml", "value", 24),
    ("polbooks (leaning)", "newman-polbooks/polbooks.gml", "value", 24),
    ("polblogs (party)", "adamic-polblogs/polblogs.gml", "value", 50),
]


def inside_share(g, group: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Share of each node's distinct contacts (either direction) in its own known group."""
    a = g.adjacency()
    a = (a + a.T).tocsr() if g.directed else a
    out = []
    for v in nodes:
        contacts = a.indices[a.indptr[v] : a.indptr[v + 1]]
        out.append(float(np.mean(group[contacts] == group[v])) if contacts.size else np.nan)
    return np.asarray(out)


def measure(g, group: np.ndarray, size: int, rule: str) -> dict:
    result = evidence(g, size=size, rule=rule, runs=1000, seed=0)
    facts = result.facts["shortlist"]
    t = result.table
    table = shortlist(g, size=size, rule=rule)
    rows = g.indices_of(table["id"].astype(str))
    aware = (table["type"] == "awareness").to_numpy()

    def mean(test: str, measure_: str, name: str) -> float:
        return float(t[(t["test"] == test) & (t["measure"] == measure_) & (t["set"] == name)]["mean"].iloc[0])

    return {
        "rule": rule,
        "size": size,
        "niches": facts.get("niches"),
        "awareness_inside_median": float(np.nanmedian(inside_share(g, group, rows[aware]))),
        "conversion_inside_median": float(np.nanmedian(inside_share(g, group, rows[~aware]))),
        "conversion_betweenness_pct_median": float(table.loc[~aware, "betweenness_pct"].median()),
        "groups_with_a_conversion_pick": int(np.unique(group[rows[~aware]]).size),
        "groups": int(np.unique(group).size),
        "awareness_niches_reached": mean("awareness", "niches reached", "awareness"),
        "top_degree_niches_reached": mean("awareness", "niches reached", "top-degree"),
        "conversion_adopters_in_niches": mean("conversion", "adopters in the picks' niches", "conversion"),
        "top_degree_adopters_in_niches": mean("conversion", "adopters in the picks' niches", "top-degree"),
        "list_seeing_majority": mean("illusion", "see most contacts endorsing", "shortlist"),
        "top_degree_seeing_majority": mean("illusion", "see most contacts endorsing", "top-degree"),
        "lead": result.lead,
    }


def main() -> None:
    results = []
    for name, file, column, size in NETWORKS:
        path = DATA / file
        if not path.exists():
            print(f"skipped {name}: {path} not found")
            continue
        g = read(path)
        group = g.nodes[column].astype(str).to_numpy()
        results.extend(
            {"network": name, "people": g.n, **measure(g, group, size, rule)} for rule in ("niche", "global")
        )
    Path(__file__).with_name("two_kinds.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        "| network | rule | size | inside own group: awareness / conversion (median) | conversion betweenness "
        "pct (median) | groups with a conversion pick | niches reached: awareness / top-degree | adopters in "
        "niches: conversion / top-degree | seeing most endorsing: list / top-degree |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['network']} ({r['people']}) | {r['rule']} | {r['size']} | {r['awareness_inside_median']:.2f} / "
            f"{r['conversion_inside_median']:.2f} | {r['conversion_betweenness_pct_median']:.1f} | "
            f"{r['groups_with_a_conversion_pick']} of {r['groups']} | {r['awareness_niches_reached']:.1f} / "
            f"{r['top_degree_niches_reached']:.1f} | {r['conversion_adopters_in_niches']:.0f} / "
            f"{r['top_degree_adopters_in_niches']:.0f} | {r['list_seeing_majority']:.0f} / "
            f"{r['top_degree_seeing_majority']:.0f} |"
        )


if __name__ == "__main__":
    main()
