"""The report's map: layout time and the two figures of the picture, on planted-community graphs and real networks.

- ``layout``: :func:`inroads.report.layout.map_layout` on every person (communities given), for planted-partition
  graphs of 10,000 people (target: under 10 s on 2 cores) and eight networks of ``../shared/data`` when it is there.
- ``map_view``: the whole map of the report (:func:`inroads.report.mapview.map_view`: focus rule, aggregation, layout)
  for 10,000 and 100,000 people, past the 5,000 drawn in full (target for 100,000: under 30 s).
- Figures of each layout: ``main_share`` (the main component's box over the drawing's box, target ≥ 0.6) and
  ``ratio`` (mean link length inside communities over between them, target < 0.5).

Communities are found once with :func:`inroads.communities.communities` (timed apart: ``communities_s``), as the
report does before drawing. Run: ``python -m benchmarks map`` (about a minute).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from benchmarks.common import DATA, markdown_table


def planted_edges(groups: int, size: int, inner_degree: float, outer_degree: float, seed: int) -> np.ndarray:
    """Random pairs: about ``inner_degree`` links per person inside their group and ``outer_degree`` across."""
    rng = np.random.default_rng(seed)
    n = groups * size
    inside = int(n * inner_degree / 2)
    group = rng.integers(0, groups, inside)
    u = group * size + rng.integers(0, size, inside)
    v = group * size + rng.integers(0, size, inside)
    across = int(n * outer_degree / 2)
    pairs = np.concatenate([np.column_stack([u, v]), rng.integers(0, n, size=(across, 2))])
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(np.sort(pairs, axis=1), axis=0)


def figures(xy: np.ndarray, component: np.ndarray, pairs: np.ndarray, community: np.ndarray) -> dict[str, float]:
    whole = np.prod(xy.max(axis=0) - xy.min(axis=0))
    main = xy[component == 0]
    length = np.linalg.norm(xy[pairs[:, 0]] - xy[pairs[:, 1]], axis=1)
    same = community[pairs[:, 0]] == community[pairs[:, 1]]
    return {
        "main_share": round(float(np.prod(main.max(axis=0) - main.min(axis=0)) / whole), 3),
        "ratio": round(float(length[same].mean() / length[~same].mean()), 3),
    }


def graphs() -> dict[str, Any]:
    from inroads.graph import Graph

    found: dict[str, Any] = {}
    for name, (groups, size) in {"planted-10k": (50, 200), "planted-100k": (400, 250)}.items():
        pairs = planted_edges(groups, size, 10.0, 2.0, seed=groups)
        found[name] = Graph.from_edges(pairs[:, 0].astype(str), pairs[:, 1].astype(str))
    if DATA.is_dir():
        from inroads.io import read

        for name, path in {
            "polblogs": "adamic-polblogs/polblogs.gml",
            "netscience": "newman-netscience/netscience.gml",
            "power-grid": "newman-power-grid/power.graph",
            "ca-GrQc": "snap-ca-GrQc/CA-GrQc.txt",
            "bitcoin-otc": "snap-bitcoin-otc/soc-sign-bitcoinotc.csv.gz",
            "facebook": "snap-ego-Facebook/facebook_combined.txt.gz",
            "wiki-Vote": "snap-wiki-Vote/wiki-Vote.txt",
            "twitch": "musae-twitch/edges.csv",
        }.items():
            found[name] = read(DATA / path)
    return found


def bench() -> list[dict[str, object]]:
    from inroads.communities import communities
    from inroads.report.layout import map_layout
    from inroads.report.mapview import map_view, undirected_pairs

    rows: list[dict[str, object]] = []
    for name, g in graphs().items():
        pairs = undirected_pairs(g)
        start = time.perf_counter()
        membership = np.asarray(communities(g).membership)
        communities_s = time.perf_counter() - start
        row: dict[str, object] = {"graph": name, "n": g.n, "m": len(pairs), "communities_s": round(communities_s, 2),
                                  "layout_all_s": "", "main_share": "", "ratio": ""}  # fmt: skip
        if g.n <= 20_000:
            start = time.perf_counter()
            placed = map_layout(g.n, pairs, community=membership, seed=0)
            row["layout_all_s"] = round(time.perf_counter() - start, 2)
            row.update(figures(placed.xy, placed.component, pairs, membership))
        # 50 shortlisted (the report's default), and for the 100,000 enough that their contacts fill the 5,000 drawn.
        for size in (50, 600) if g.n > 50_000 else (50,):
            chosen = np.argsort(-np.diff(g.indptr), kind="stable")[:size]
            shortlist_row = np.full(g.n, -1)
            shortlist_row[chosen] = np.arange(chosen.size)
            start = time.perf_counter()
            drawn, _ = map_view(g, row=shortlist_row, membership=membership, seed=0)
            rows.append({**row, "shortlist": size, "map_view_s": round(time.perf_counter() - start, 2),
                         "drawn": len(drawn["id"])})  # fmt: skip
    return rows


def main() -> None:
    print(markdown_table(bench()))


if __name__ == "__main__":
    main()
