"""The shortlist at scale (issue 16 part 2): whole ``inroads shortlist`` commands against a NetworKit script doing the
same work, in the same run, and the picks against those of exact scores.

``python -m benchmarks shortlist`` runs it after the small graphs; ``python -m benchmarks.shortlist_scale`` alone.
The networks are generated once and cached in ``benchmarks/.cache`` as CSV edge lists (both commands read the CSV):

* ``plc-1m``: the Holme–Kim powerlaw-cluster graph of the approx suite (100,000 people, 999,833 edges, undirected);
* ``directed-870k``: a directed R-MAT graph (Graph500 parameters) folded onto 135,000 ids, a third of the ties
  followed back, 870,000 distinct edges over about 86,000 people (a follower network's shape).

The picks are compared with those of exact scores where that reference is cached: ``python -m
benchmarks.shortlist_scale reference NAME`` computes it once (exact betweenness of everyone: about half an hour of
CPU per network).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.common import cache_path, markdown_table

SCALE = {"plc-1m": False, "directed-870k": True}
EPSILON = 0.01  # inroads' default betweenness error, and KADABRA's here
#: Whole inroads commands per network (the best is kept); the NetworKit script runs once (KADABRA's top-50 mode
#: takes minutes on plc-1m).
RUNS = 2


def _directed_rmat() -> tuple[np.ndarray, np.ndarray]:
    from benchmarks.bench_scale import rmat_chunk

    ids, wanted = 135_000, 870_000
    rng = np.random.default_rng(5)
    u, v = rmat_chunk(rng, 1_400_000, int(np.ceil(np.log2(ids))), ids)
    back = rng.random(u.size) < 0.3  # follow-backs
    u, v = np.concatenate([u, v[back]]), np.concatenate([v, u[back]])
    keep = u != v
    codes = rng.permutation(np.unique(u[keep] * ids + v[keep]))[:wanted]
    return codes // ids, codes % ids


def scale_csv(name: str) -> Path:
    """The cached CSV edge list (``source,target``) of a scale network."""
    path = cache_path(f"{name}.csv")
    if not path.exists():
        if name == "plc-1m":
            from benchmarks.bench_approx import edges_of

            u, v, _ = edges_of("plc-1m")
        else:
            u, v = _directed_rmat()
        pd.DataFrame({"source": u, "target": v}).to_csv(path.with_suffix(".part"), index=False)
        path.with_suffix(".part").rename(path)
    return path


def exact_reference(name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The ``--method exact`` shortlist of a scale network and everyone's exact betweenness (cached)."""
    table_path, scores_path = cache_path(f"{name}.exact-shortlist.csv"), cache_path(f"{name}.betweenness-exact.npy")
    if not table_path.exists() or not scores_path.exists():
        import inroads
        from inroads import measures

        g = inroads.read(str(scale_csv(name)), directed=SCALE[name])
        exact = measures.betweenness(g, method="exact")
        np.save(scores_path, exact.to_numpy())
        original = measures.betweenness
        # the shortlist asks the measures module for betweenness: hand it the scores just computed, not a second run
        measures.betweenness = lambda graph, **options: exact if graph is g else original(graph, **options)
        try:
            inroads.shortlist(g, size=50, method="exact").to_csv(table_path, index=False)
        finally:
            measures.betweenness = original
    return pd.read_csv(table_path, dtype={"id": str}), np.load(scores_path)


def _seconds(command: list[str]) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - began, done.stdout


def agreement(name: str, ours: pd.DataFrame) -> dict[str, Any]:
    """Picks shared with the exact run, and whether the ones not shared are explained by the sampled error."""
    import inroads

    reference, exact_b = exact_reference(name)
    g = inroads.read(str(scale_csv(name)), directed=SCALE[name])
    shared = set(ours["id"]) & set(reference["id"])
    aware_ours = ours[ours["type"] == "awareness"]
    rows = g.indices_of(aware_ours["id"].tolist())
    error = float(np.abs(aware_ours["betweenness"].to_numpy() - exact_b[rows]).max())

    # connector score = betweenness x participation; a swap is within error when the exact scores of the people
    # swapped differ by at most twice the sampled error (each estimate may be off by epsilon)
    def connector(table: pd.DataFrame, ids: set[str]) -> np.ndarray:
        part = table[table["id"].isin(ids) & (table["type"] == "awareness")]
        return exact_b[g.indices_of(part["id"].tolist())] * part["participation"].to_numpy()

    only_exact = connector(reference, set(reference["id"]) - shared)
    only_ours = connector(ours, set(ours["id"]) - shared)
    gap = float(only_exact.max() - only_ours.min()) if only_exact.size and only_ours.size else 0.0
    return {
        "shared picks": f"{len(shared)}/{len(reference)}",
        "largest betweenness error of the picks": error,
        "swaps within 2 epsilon": "yes" if gap <= 2 * EPSILON else f"no (gap {gap:.3g})",
    }


def main() -> None:
    inroads_cli = str(Path(sys.executable).parent / "inroads")
    rows = []
    for name, directed in SCALE.items():
        csv = str(scale_csv(name))
        flag = ["--directed"] if directed else []
        out = cache_path(f"{name}.shortlist.csv")
        ours = sorted(
            _seconds([inroads_cli, "shortlist", csv, *flag, "--size", "50", "--format", "csv", "-o", str(out)])[0]
            for _ in range(RUNS)
        )[0]
        peer_total, printed = _seconds([sys.executable, "-m", "benchmarks.networkit_shortlist", csv, *flag])
        steps = json.loads(printed.strip().splitlines()[-1])
        row = {
            "network": name,
            "inroads shortlist s": ours,
            "NetworKit script s": peer_total,
            "ratio": ours / peer_total,
            "NetworKit steps s": ", ".join(f"{k} {v:.1f}" for k, v in steps.items()),
        }
        if cache_path(f"{name}.exact-shortlist.csv").exists() and cache_path(f"{name}.betweenness-exact.npy").exists():
            row |= agreement(name, pd.read_csv(out, dtype={"id": str}))
        else:
            row["shared picks"] = f"no exact reference (python -m benchmarks.shortlist_scale reference {name})"
            row["largest betweenness error of the picks"] = row["swaps within 2 epsilon"] = "–"
        rows.append(row)
        print(markdown_table(rows[-1:]), flush=True)
    print(markdown_table(rows))


if __name__ == "__main__":
    if sys.argv[1:2] == ["reference"]:
        for name in sys.argv[2:]:
            exact_reference(name)
    else:
        main()
