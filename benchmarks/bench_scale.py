"""How inroads grows, 10 thousand to 100 million edges: time and peak memory of each step of the main job.

``python -m benchmarks scale`` (sizes up to 10M edges, a few minutes) or ``python -m benchmarks.bench_scale 100m``
(adds the 100M-edge network: about 2 GB of CSV, generated once into ``benchmarks/.cache``, and tens of minutes).

The networks are R-MAT graphs (Chakrabarti, Zhan & Faloutsos 2004; the Graph500 parameters a=0.57, b=c=0.19),
one node per ten edges, written as integer ``u,v`` CSV edge lists, undirected. Each step runs as a whole command in a
fresh process (``inroads convert``, then ``inroads shortlist`` on the ``.inroads`` file), and its peak resident memory
is that process's ``ru_maxrss``.
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
    """Seconds and peak resident memory (MB) of ``command`` run to completion in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    # ru_maxrss of children is the largest of any child so far, so each step runs in its own helper process.
    return {"seconds": seconds, "peak_mb": _child_peak_mb()}


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def step(kind: str, *args: str) -> dict[str, float]:
    """Run one step in its own Python so that its children's peak memory is its own."""
    code = (
        "import json, sys; from benchmarks.bench_scale import measured; "
        f"print(json.dumps(measured({[str(Path(sys.executable).parent / 'inroads'), kind, *args]!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def main(names: tuple[str, ...] = DEFAULT) -> None:
    rows = []
    for name in names:
        csv = rmat_file(name, SIZES[name])
        binary = cache_path(f"rmat-{name}.inroads")
        convert = step("convert", str(csv), "-o", str(binary))
        shortlist = step("shortlist", str(binary), "--size", "50", "--format", "csv")
        rows.append(
            {
                "edges (generated)": SIZES[name],
                "CSV MB": csv.stat().st_size / 1e6,
                "convert s": convert["seconds"],
                "convert peak MB": convert["peak_mb"],
                "shortlist s": shortlist["seconds"],
                "shortlist peak MB": shortlist["peak_mb"],
            }
        )
        print(markdown_table(rows[-1:]), flush=True)
    print(markdown_table(rows))


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or DEFAULT)
