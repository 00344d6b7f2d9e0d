"""The Dask backend against the local engine on the same machine: what the cluster machinery costs.

Local: numba with 2 threads in this process. Dask: a ``LocalCluster`` of 2 single-threaded worker processes, the graph
in an ``.inroads`` file the workers memory-map. Both run the same kernels on the same batches' worth of work, so the
difference is the backend's overhead: ``1 - local / dask`` of the Dask wall time. Times are medians of 3 runs after
one warm-up (compiled kernels loaded and the graph cached on every worker; cluster start-up is reported apart).

Then a simulated scaling table: the measured cost per task and per source, fed to a list-scheduling model of W
workers with b batches each, gives the overhead of the batch size rule on clusters this machine cannot hold.

Run: ``python -m benchmarks dask`` (about two minutes; the graphs are cached in ``benchmarks/.cache``).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import markdown_table, median_time

EPSILON, DELTA, TOP, SEED = 0.01, 0.1, 50, 1
THREADS = 2


def _graph(name: str) -> Any:
    from benchmarks.bench_approx import inroads_graph

    return inroads_graph(name)


def _overhead(local: float, dask: float) -> float:
    return 1.0 - local / dask


def _interleaved(local: Any, dask: Any, repeat: int = 3) -> tuple[float, float]:
    """Median times of ``local`` and ``dask`` run alternately, so both see the same load from other processes."""
    times: dict[str, list[float]] = {"local": [], "dask": []}
    for _ in range(repeat):
        for name, function in (("local", local), ("dask", dask)):
            began = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - began)
    return statistics.median(times["local"]), statistics.median(times["dask"])


def _exact_rows(backend: Any, folder: Path) -> list[dict[str, Any]]:
    from inroads.engine.local import GraphArrays, run_sources
    from inroads.io import read, write_inroads

    path = folder / "ba-10k.inroads"
    write_inroads(_graph("ba-10k"), path)
    g = read(str(path))  # read back, so the backend references the file instead of writing a temporary one
    arrays, sources = GraphArrays.of(g), np.arange(g.n, dtype=np.int64)
    rows = []
    for kernel in ("betweenness", "distances"):
        local_result = run_sources(kernel, arrays, sources, threads=THREADS)
        dask_result = backend.run_sources(kernel, g, sources)
        assert np.allclose(dask_result, local_result, rtol=1e-12, atol=1e-9), kernel
        local, dask = _interleaved(
            lambda k=kernel: run_sources(k, arrays, sources, threads=THREADS),
            lambda k=kernel: backend.run_sources(k, g, sources),
            repeat=2,
        )
        rows.append(
            {
                "run": f"BA n=10k m=5, exact {kernel}",
                "local 2 threads s": local,
                "dask 2x1 s": dask,
                "overhead": _overhead(local, dask),
                "batches": backend.batches_for(g.n),
                "same answer": "1e-12",
            }
        )
    return rows


def _approx_row(backend: Any, folder: Path) -> dict[str, Any]:
    from inroads.io import read, write_inroads
    from inroads.measures.approx import approx_betweenness as local_approx
    from inroads.measures.approx_dask import approx_betweenness

    path = folder / "ba-100k.inroads"
    write_inroads(_graph("ba-100k"), path)
    g = read(str(path))

    def local() -> Any:
        return local_approx(g, epsilon=EPSILON, delta=DELTA, top=TOP, seed=SEED, threads=THREADS)

    def dask() -> Any:
        return approx_betweenness(g, backend=backend, epsilon=EPSILON, delta=DELTA, top=TOP, seed=SEED)

    (local_top, local_info), (dask_top, dask_info) = local(), dask()
    same = list(local_top.index) == list(dask_top.index) and local_info.samples == dask_info.samples
    t_local, t_dask = _interleaved(local, dask)
    return {
        "run": f"BA n=100k m=5, approx top-{TOP} (eps {EPSILON})",
        "local 2 threads s": t_local,
        "dask 2x1 s": t_dask,
        "overhead": _overhead(t_local, t_dask),
        "batches": f"{dask_info.samples:,} samples",
        "same answer": "top-50 identical" if same else "DIFFERENT",
    }


def _task_cost(backend: Any, n: int) -> float:
    """Seconds of wall time per task of no work that returns an n-vector partial (submit, run, reduce, gather)."""
    from inroads.graph import Graph

    g = Graph.from_edges(np.arange(n - 1), np.arange(1, n), ids=np.arange(n))
    batches = [np.array([i], dtype=np.int64) for i in range(200)]
    backend.map_reduce(_empty_partial, g, batches)
    seconds = median_time(lambda: backend.map_reduce(_empty_partial, g, batches))
    return seconds * backend.threads / len(batches)


def _empty_partial(graph: Any, sources: np.ndarray) -> np.ndarray:
    return np.zeros(graph.n)


def simulate(
    workers: int, per_worker: int, *, work: float, task_cost: float, noise: float = 0.2, seeds: int = 20
) -> float:
    """Overhead ``1 - ideal / makespan`` of ``work`` seconds cut into ``workers * per_worker`` equal batches.

    Each batch takes ``work / batches`` times a lognormal factor (sigma ``noise``: machines and their loads differ;
    the batches themselves hardly do, as every exact search visits the whole component) plus ``task_cost``, and goes
    to the worker that frees up first (as Dask's scheduler hands out equal tasks). The mean over ``seeds`` draws.
    """
    overheads = []
    for seed in range(seeds):
        sizes = np.random.default_rng(seed).lognormal(0.0, noise, workers * per_worker)
        sizes *= work / sizes.sum()
        free = np.zeros(workers)
        for size in sizes:
            free[np.argmin(free)] += size + task_cost
        overheads.append(1.0 - (work / workers) / free.max())
    return float(np.mean(overheads))


def main() -> None:
    from inroads.engine.dask import connect

    with tempfile.TemporaryDirectory(prefix="inroads-bench-dask-") as tmp:
        began = time.perf_counter()
        with connect(workers=THREADS, threads_per_worker=1) as backend:
            backend.client.wait_for_workers(THREADS)
            startup = time.perf_counter() - began
            rows = [*_exact_rows(backend, Path(tmp)), _approx_row(backend, Path(tmp))]
            per_task = {n: _task_cost(backend, n) for n in (10_000, 100_000)}
    print(markdown_table(rows))
    print(f"\nload average during the run (1 min, {os.cpu_count()} cores): {os.getloadavg()[0]:.1f}")
    print(f"\nLocalCluster start-up (2 processes, not in the times above): {startup:.2f} s")
    print(
        "cost of one task returning an n-float partial: "
        + ", ".join(f"n={n:,}: {cost * 1000:.1f} ms" for n, cost in per_task.items())
    )
    work = rows[0]["local 2 threads s"] * THREADS  # single-thread seconds of BA-10k exact betweenness
    table = []
    for workers in (2, 8, 32, 128):
        row: dict[str, Any] = {"workers": workers, "work per worker s": work / workers}
        for per_worker in (1, 2, 4, 8, 16):
            row[f"{per_worker}/worker"] = simulate(workers, per_worker, work=work, task_cost=per_task[10_000])
        table.append(row)
    print(
        f"\nsimulated overhead of BA-10k exact betweenness ({work:.1f} single-thread s, "
        f"{per_task[10_000] * 1000:.1f} ms per task, speed noise 0.2), by batches per worker; a lost worker "
        "costs about one batch, 1/b of its share:\n"
    )
    print(markdown_table(table))


if __name__ == "__main__":
    main()
