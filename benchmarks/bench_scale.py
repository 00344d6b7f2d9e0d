"""How inroads grows, 10 thousand to 100 million edges: time and peak memory of each step of the main job.

``python -m benchmarks scale`` (sizes up to 10M edges) or ``python -m benchmarks.bench_scale 100m`` (the 100M-edge
network: 1.5 GB of CSV, generated once into ``benchmarks/.cache``); ``--workers=2`` runs the centrality and shortlist
commands on a local cluster of that many one-thread processes. ``python -m benchmarks.scale_steps FILE.inroads``
breaks one shortlist into its steps (seconds and peak memory of each, in one process).

The networks are R-MAT graphs (Chakrabarti, Zhan & Faloutsos 2004; the Graph500 parameters a=0.57, b=c=0.19),
one node per ten edges, written as integer ``u,v`` CSV edge lists, undirected. Each step runs as a whole command in a
fresh process (``inroads convert``; then on the ``.inroads`` file: communities and niches, top-50 betweenness, top-50
closeness, ``inroads shortlist``), and its peak resident memory is that process's ``ru_maxrss``. :func:`cluster_model`
feeds the measured centrality work to the list-scheduling model of ``bench_dask`` for 8, 32 and 128 workers.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import cache_path, markdown_table

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000, "100m": 100_000_000}
DEFAULT = ("10k", "100k", "1m", "10m")
#: Edges generated and written per chunk: the generator never holds the whole list.
CHUNK = 5_000_000


def rmat_chunk(rng: np.random.Generator, count: int, scale: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` R-MAT edges over ``2**scale`` cells, folded onto ``n`` nodes (one quadrant draw per level)."""
    u = np.zeros(count, dtype=np.int64)
    v = np.zeros(count, dtype=np.int64)
    a, b, c = 0.57, 0.19, 0.19
    for _ in range(scale):
        draw = rng.random(count)
        right = (draw >= a) & (draw < a + b) | (draw >= a + b + c)
        down = draw >= a + b
        u = (u << 1) | down
        v = (v << 1) | right
    return u % n, v % n


def rmat_file(name: str, edges: int) -> Path:
    """The cached CSV edge list of an R-MAT graph with ``edges`` edges over ``edges // 10`` nodes (self-loops and
    repeated edges are kept, as real exports have them: reading drops and merges them and says how many)."""
    path = cache_path(f"rmat-{name}.csv")
    if path.exists():
        return path
    n = max(edges // 10, 2)
    scale = int(np.ceil(np.log2(n)))
    rng = np.random.default_rng(11)
    import pyarrow as pa
    import pyarrow.csv as pacsv

    partial = path.with_suffix(".part")
    schema = pa.schema([("u", pa.int64()), ("v", pa.int64())])
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    with pacsv.CSVWriter(str(partial), schema, write_options=options) as out:
        for start in range(0, edges, CHUNK):
            u, v = rmat_chunk(rng, min(CHUNK, edges - start), scale, n)
            out.write_table(pa.table({"u": u, "v": v}, schema=schema))
    partial.rename(path)
    return path


def measured(command: list[str]) -> dict[str, float]:
    """Seconds, CPU seconds (user + system: steadier than wall time on a shared machine) and peak resident memory
    (MB) of ``command`` run to completion in a fresh process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    # ru_maxrss of children is the largest of any child so far, so each step runs in its own helper process.
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": _child_peak_mb()}


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def step(kind: str, *args: str) -> dict[str, float]:
    """Run ``inroads KIND ARGS...`` in its own Python so that its children's peak memory is its own."""
    return step_command([str(Path(sys.executable).parent / "inroads"), kind, *args])


#: What is measured per size, each a whole command in a fresh process: (column, command after ``inroads``).
COMMANDS = (
    ("top-50 betweenness", ("centrality", "{binary}", "--measure", "betweenness", "--top", "50", "--format", "csv")),
    ("top-50 closeness", ("centrality", "{binary}", "--measure", "closeness", "--top", "50", "--format", "csv")),
    ("shortlist", ("shortlist", "{binary}", "--size", "50", "--format", "csv")),
)
#: Communities and niches alone (the shortlist's ``communities_and_niches``), as a Python one-liner.
NICHES = (
    "import sys, inroads; from inroads.niches import communities_and_niches; "
    "communities_and_niches(inroads.read(sys.argv[1]))"
)


def python_step(code: str, *args: str) -> dict[str, float]:
    """Like :func:`step`, for a Python snippet (``sys.argv[1:]`` = ``args``) instead of an ``inroads`` command."""
    return step_command([sys.executable, "-c", code, *args])


def step_command(command: list[str]) -> dict[str, float]:
    """Run ``command`` in its own helper Python so that its children's peak memory is its own."""
    import json

    code = f"import json; from benchmarks.bench_scale import measured; print(json.dumps(measured({command!r})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(names: tuple[str, ...] = DEFAULT, *, workers: int | None = None) -> None:
    """One row per size: seconds and peak MB of convert (read), top-50 betweenness, top-50 closeness, communities
    and niches, the whole shortlist; ``workers`` adds ``--workers N`` to the centrality and shortlist commands."""
    inroads = str(Path(sys.executable).parent / "inroads")
    rows = []
    for name in names:
        csv = rmat_file(name, SIZES[name])
        binary = cache_path(f"rmat-{name}.inroads")
        row: dict[str, object] = {"edges (generated)": f"{SIZES[name]:,}"}
        convert = step("convert", str(csv), "-o", str(binary))
        row |= {"read s": convert["seconds"], "read cpu s": convert["cpu_s"], "read MB": convert["peak_mb"]}
        niches = python_step(NICHES, str(binary))
        row |= {"niches s": niches["seconds"], "niches cpu s": niches["cpu_s"], "niches MB": niches["peak_mb"]}
        for column, command in COMMANDS:
            args = [part.format(binary=binary) for part in command]
            if workers:
                args += ["--workers", str(workers)]
            try:
                done = step_command([inroads, *args])
                row |= {
                    f"{column} s": done["seconds"],
                    f"{column} cpu s": done["cpu_s"],
                    f"{column} MB": done["peak_mb"],
                }
            except subprocess.CalledProcessError as error:  # one step that fails does not hide the others
                failed = f"failed: {error.stderr.strip().splitlines()[-1][:80]}"
                row |= {f"{column} s": failed, f"{column} cpu s": "", f"{column} MB": ""}
        rows.append(row)
        print(markdown_table(rows[-1:]), flush=True)
    print(markdown_table(rows))


def cluster_model(
    points: list[dict[str, float]], workers: tuple[int, ...] = (8, 32, 128), task_cost: float = 0.0074
) -> list[dict[str, object]]:
    """Predicted wall time of the shortlist on W one-thread workers, from measured points.

    Each point gives ``edges``, ``parallel_s`` (single-thread CPU seconds of the work the cluster runs: the
    centrality batches) and ``serial_s`` (what stays on the client: reading, communities and niches, the rule, the
    table). Wall time = ``serial_s + parallel_s / W / (1 - overhead)``, the overhead from
    :func:`benchmarks.bench_dask.simulate` (8 batches per worker, lognormal speed noise 0.2, ``task_cost`` s per task:
    the measured 7.4 ms). Amdahl's law with a measured scheduling loss; not a measurement of a cluster.
    """
    from benchmarks.bench_dask import simulate

    rows = []
    for point in points:
        row: dict[str, object] = {"edges": f"{int(point['edges']):,}", "client (serial) s": point["serial_s"],
                                  "centrality 1-thread s": point["parallel_s"]}  # fmt: skip
        for count in workers:
            overhead = simulate(count, 8, work=point["parallel_s"], task_cost=task_cost)
            row[f"{count} workers s"] = point["serial_s"] + point["parallel_s"] / count / (1.0 - overhead)
        rows.append(row)
    return rows


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--workers=")]
    chosen = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--workers=")]
    main(tuple(arguments) or DEFAULT, workers=chosen[0] if chosen else None)
