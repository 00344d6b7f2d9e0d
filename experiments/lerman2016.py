"""Reproduce Lerman, Yan & Wu (2016), "The 'Majority Illusion' in Social Networks", with inroads.

Synthetic part (their Fig. 3): configuration-model networks with power-law degrees (exponents 2.1, 2.4, 3.1;
N = 10,000) and an Erdős–Rényi network of the same mean degree as the 2.1 one. 5% of nodes are active. The
degree–attribute correlation rho_kx is raised step by step by swapping the attribute from a lower- to a higher-degree
node; the degree assortativity r_kk is set beforehand by degree-preserving rewiring (Xulvi-Brunet & Sokolov 2004).
For every (network, r_kk, rho_kx) we measure P_{>1/2} with :func:`inroads.illusion` and compute the paper's analytic
prediction (their Eq. 4) from the network's joint degree distribution.

Real part: ``adamic-polblogs`` with the top 20% of blogs by degree active.

Run: ``make experiments`` (or ``.venv/bin/python experiments/lerman2016.py``); a couple of minutes on 2 cores.
Writes ``experiments/lerman2016.png`` and ``experiments/lerman2016.json`` (the numbers quoted in README.md).
"""

# ruff: noqa: NPY002 (numba kernels support only the legacy np.random API, seeded per call)
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numba
import numpy as np
from numba import types
from numba.typed import Dict
from scipy import stats

from inroads.graph import Graph
from inroads.illusion import illusion

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data"
N = 10_000
ACTIVE_SHARE = 0.05
EXPONENTS = (2.1, 2.4, 3.1)
K_MIN = 2  # smallest degree of the power laws; the paper's mean degrees imply a small k_min
SEED = 2016


# ------------------------------------------------------------------ networks


def power_law_degrees(exponent: float, rng: np.random.Generator) -> np.ndarray:
    """N degrees from p(k) ∝ k^-exponent on K_MIN..sqrt(N)·10, with an even sum (a configuration model needs it)."""
    k = np.arange(K_MIN, int(10 * np.sqrt(N)) + 1)
    p = k.astype(float) ** -exponent
    degrees = rng.choice(k, size=N, p=p / p.sum())
    if degrees.sum() % 2:
        degrees[np.argmin(degrees)] += 1
    return degrees


def configuration_model(degrees: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random pairing of stubs; self-loops and repeated pairs are dropped (Graph.from_edges does it)."""
    stubs = np.repeat(np.arange(degrees.size), degrees)
    rng.shuffle(stubs)
    u, v = stubs[0::2], stubs[1::2]
    keep = u != v
    u, v = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    pairs = np.unique(u * N + v)
    return pairs // N, pairs % N


def erdos_renyi(mean_degree: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    m = round(mean_degree * N / 2)
    u, v = rng.integers(0, N, size=(2, int(m * 1.05)))
    keep = u != v
    u, v = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    pairs = np.unique(u * N + v)[:m]
    return pairs // N, pairs % N


@numba.njit(cache=True)
def rewire(u: np.ndarray, v: np.ndarray, degree: np.ndarray, swaps: int, assortative: bool, seed: int) -> int:
    """Xulvi-Brunet–Sokolov rewiring in place: take two edges, and re-pair their four ends by degree (the two highest
    together for assortative; highest with lowest for disassortative), unless that repeats an edge or a node.
    Degrees are preserved. Returns the number of accepted swaps."""
    np.random.seed(seed)
    n = degree.size
    present = Dict.empty(key_type=types.int64, value_type=types.boolean)
    for i in range(u.size):
        present[min(u[i], v[i]) * n + max(u[i], v[i])] = True
    accepted = 0
    ends = np.empty(4, dtype=np.int64)
    for _ in range(swaps):
        i = np.random.randint(u.size)
        j = np.random.randint(u.size)
        ends[0], ends[1], ends[2], ends[3] = u[i], v[i], u[j], v[j]
        if ends[0] == ends[2] or ends[0] == ends[3] or ends[1] == ends[2] or ends[1] == ends[3]:
            continue
        order = np.argsort(degree[ends])
        s = ends[order]  # by degree, ascending
        if assortative:
            a, b, c, d = s[3], s[2], s[1], s[0]
        else:
            a, b, c, d = s[3], s[0], s[2], s[1]
        key1, key2 = min(a, b) * n + max(a, b), min(c, d) * n + max(c, d)
        if key1 in present or key2 in present:
            continue
        del present[min(u[i], v[i]) * n + max(u[i], v[i])]
        del present[min(u[j], v[j]) * n + max(u[j], v[j])]
        present[key1] = True
        present[key2] = True
        u[i], v[i], u[j], v[j] = a, b, c, d
        accepted += 1
    return accepted


@numba.njit(cache=True)
def raise_correlation(active: np.ndarray, degree: np.ndarray, attempts: int, seed: int) -> None:
    """Swap the attribute from a random active node to a random inactive one of higher degree, ``attempts`` times."""
    np.random.seed(seed)
    on = np.flatnonzero(active)
    off = np.flatnonzero(~active)
    for _ in range(attempts):
        i = np.random.randint(on.size)
        j = np.random.randint(off.size)
        if degree[off[j]] > degree[on[i]]:
            active[on[i]], active[off[j]] = False, True
            on[i], off[j] = off[j], on[i]


# ------------------------------------------------------------------ prediction


def predicted_share(g: Graph, active: np.ndarray) -> float:
    """Lerman et al. Eq. (4): P_{>1/2} = sum_k p(k) sum_{n > k/2} C(k, n) q_k^n (1 - q_k)^(k - n), where
    q_k = P(x' = 1 | k) = sum_k' P(k' | k) P(x = 1 | k') is the chance that a neighbour of a degree-k node is active,
    taken from the network's joint degree distribution e(k, k') and the share of active nodes of each degree."""
    degree = g.out_degree()
    observers = degree > 0
    # Per degree k: the share of active ends over all edge ends leaving degree-k nodes = sum_k' e(k,k')/q(k) P(x|k').
    active_ends = np.bincount(degree[g.sources()], weights=active[g.indices].astype(float))
    all_ends = np.bincount(degree[g.sources()]).astype(float)
    ks = np.flatnonzero(all_ends)
    q = active_ends[ks] / all_ends[ks]
    p_k = np.bincount(degree[observers])[ks] / observers.sum()
    return float(np.sum(p_k * stats.binom.sf(np.floor(ks / 2), ks, q)))


# ------------------------------------------------------------------ experiment


def curve(g: Graph, rng_seed: int, points: int = 14) -> list[dict[str, float]]:
    degree = g.out_degree()
    rng = np.random.default_rng(rng_seed)
    active = np.zeros(g.n, dtype=bool)
    active[rng.choice(g.n, size=int(ACTIVE_SHARE * g.n), replace=False)] = True
    rows = []
    attempts = 0
    for step in range(points):
        result = illusion(g, active)
        rows.append(
            {
                "rho_kx": result.summary["rho_kx"],
                "P_gt_half": result.summary["share_seeing_majority"],
                "predicted": predicted_share(g, active),
            }
        )
        batch = int(200 * 1.8**step)
        raise_correlation(active, degree, batch, rng_seed + step)
        attempts += batch
    return rows


def synthetic() -> dict[str, dict[str, object]]:
    rng = np.random.default_rng(SEED)
    networks: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for exponent in EXPONENTS:
        networks[f"scale-free {exponent}"] = configuration_model(power_law_degrees(exponent, rng), rng)
    mean_21 = 2 * networks["scale-free 2.1"][0].size / N
    networks["Erdős–Rényi"] = erdos_renyi(mean_21, rng)
    out: dict[str, dict[str, object]] = {}
    for name, (u0, v0) in networks.items():
        base = Graph.from_edges(u0, v0, ids=np.arange(N))
        degree = base.out_degree().astype(np.int64)
        variants = {"neutral": (u0, v0)}
        for label, assortative in (("assortative", True), ("disassortative", False)):
            u, v = u0.astype(np.int64).copy(), v0.astype(np.int64).copy()
            rewire(u, v, degree, 20 * u.size, assortative, SEED)
            variants[label] = (u, v)
        out[name] = {"mean_degree": float(degree.mean()), "max_degree": int(degree.max()), "curves": {}}
        for label, (u, v) in variants.items():
            g = Graph.from_edges(u, v, ids=np.arange(N))
            assert np.array_equal(g.out_degree(), degree), "rewiring must keep every degree"
            r_kk = illusion(g, np.zeros(N, dtype=bool)).summary["r_kk"]
            out[name]["curves"][label] = {"r_kk": r_kk, "points": curve(g, SEED + 7)}  # type: ignore[index]
            print(
                f"{name:16s} {label:15s} r_kk={r_kk:+.3f} max P>1/2="
                f"{max(p['P_gt_half'] for p in out[name]['curves'][label]['points']):.3f}",
                flush=True,
            )  # type: ignore[index]
    return out


def polblogs() -> dict[str, object]:
    path = DATA / "adamic-polblogs" / "polblogs.gml"
    if not path.exists():
        return {"skipped": f"{path} not found"}
    from inroads.io import read

    directed = read(str(path))
    undirected = Graph.from_edges(*directed.edges()[:2], ids=directed.ids)
    result: dict[str, object] = {}
    for label, g in (("undirected", undirected), ("undirected, largest component", undirected.largest_component()),
                     ("directed, a blog observes blogs linking to it", directed),
                     ("directed, a blog observes blogs it links to", directed.reverse())):  # fmt: skip
        # "Top 20% by degree": total degree (in + out) in every variant, so the same blogs are active.
        degree_for_rank = g.out_degree() + (g.in_degree() if g.directed else 0)
        top = np.argsort(-degree_for_rank, kind="stable")[: round(0.2 * g.n)]
        active = np.zeros(g.n, dtype=bool)
        active[top] = True
        summary = illusion(g, active).summary
        result[label] = {
            "nodes": g.n,
            "observers": summary["observers"],
            "P_gt_half": summary["share_seeing_majority"],
            "share_of_inactive_seeing_majority": summary["share_of_non_holders_seeing_majority"],
            "rho_kx": summary["rho_kx"],
            "r_kk": summary["r_kk"],
            "predicted": predicted_share(g, active) if not g.directed else None,
        }
    return result


def plot(results: dict[str, dict[str, object]], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(13, 3.6), sharey=True)
    colours = {"assortative": "tab:red", "neutral": "tab:gray", "disassortative": "tab:blue"}
    for ax, (name, info) in zip(axes, results.items(), strict=True):
        for label, data in info["curves"].items():  # type: ignore[attr-defined]
            points = data["points"]
            x = [p["rho_kx"] for p in points]
            ax.plot(x, [p["P_gt_half"] for p in points], "o", ms=3.5, color=colours[label],
                    label=f"r_kk={data['r_kk']:+.2f}")  # fmt: skip
            ax.plot(x, [p["predicted"] for p in points], "-", lw=1, color=colours[label])
        ax.set_title(f"{name} (<k>={info['mean_degree']:.1f})", fontsize=10)
        ax.set_xlabel("degree–attribute correlation ρ_kx")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
    axes[0].set_ylabel("P_{>1/2} (share seeing an active majority)")
    fig.suptitle(
        "Majority illusion, 5% active: measured (dots) vs Lerman et al. Eq. 4 from e(k,k') (lines)", fontsize=10
    )
    fig.tight_layout()
    fig.savefig(target, dpi=80)


def main() -> None:
    start = time.perf_counter()
    results = synthetic()
    blogs = polblogs()
    print(json.dumps(blogs, indent=2))
    plot(results, HERE / "lerman2016.png")
    (HERE / "lerman2016.json").write_text(json.dumps({"synthetic": results, "polblogs": blogs}, indent=1) + "\n")
    print(f"done in {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
