"""Reading a 1,000,000-edge CSV edge list: inroads against NetworkX, NetworKit, pandas and pyarrow, in one run.

Files (generated once into ``benchmarks/.cache``, git-ignored): 1,000,000 uniformly random edges over 100,000 nodes,
written ``u,v`` per line without a header, with integer ids, with text ids (``user123``), and with integer ids and a
third column (a strength, read with ``strength="3"``). Every reader turns the same file into what it returns:
inroads and NetworkX a graph, NetworKit a graph (integer ids only), pandas and pyarrow just a table (the goal:
inroads builds a graph no slower than pandas reads the table). Then the same graph reloads from ``.inroads``. Peak
memory of reading a 10,000,000-edge file is measured in a fresh process.

The fast readers are timed round-robin (one call of each in turn, five rounds, after one warm-up call each), so all
of them meet the same state of the memory allocator: run one after the other, whichever goes first pays for fresh
pages the others then reuse (on this VM a page fault costs ~1 us, 10-15 ms for a 1M-edge read).

Run: ``python -m benchmarks io`` (about a minute; NetworkX is timed once, it takes several seconds).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import cache_path, markdown_table, median_time, round_robin_medians

NODES, EDGES, BIG_EDGES = 100_000, 1_000_000, 10_000_000


def edge_file(name: str, edges: int, *, kind: str = "int") -> Path:
    """A cached ``u,v`` edge list of ``edges`` random edges over NODES (or edges/10) nodes; ``kind`` "int", "text"
    (ids ``user123``) or "weighted" (integer ids and a third column, a strength with three decimals)."""
    path = cache_path(name)
    if path.exists():
        return path
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(7)
    nodes = max(NODES, edges // 10)
    u, v = rng.integers(0, nodes, edges), rng.integers(0, nodes, edges)
    columns: dict[str, Any] = {"u": u, "v": v}
    if kind == "weighted":
        columns["w"] = np.round(rng.random(edges) * 10 + 0.1, 3)
    if kind == "text":
        columns = {
            k: pa.compute.binary_join_element_wise("user", pa.array(x).cast(pa.string()), "")
            for k, x in columns.items()
        }
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    pacsv.write_csv(pa.table(columns), str(path), write_options=options)
    return path


def _readers(path: Path, kind: str) -> dict[str, Any]:
    import networkx as nx
    import pandas as pd
    import pyarrow.csv as pacsv

    from inroads.io import read

    weighted = kind == "weighted"
    readers: dict[str, Any] = {
        "inroads.read": lambda: read(path, strength="3" if weighted else None),
        "pandas.read_csv (table only)": lambda: pd.read_csv(path, header=None),
        "pyarrow.csv.read_csv (table only)": lambda: pacsv.read_csv(
            path, read_options=pacsv.ReadOptions(autogenerate_column_names=True)
        ),
        "networkx.read_edgelist": lambda: nx.read_edgelist(
            path, delimiter=",", data=(("weight", float),) if weighted else True
        ),
    }
    if kind == "int":
        import networkit as nk

        readers["networkit EdgeListReader"] = lambda: nk.graphio.EdgeListReader(
            ",", 0, continuous=False, directed=False
        ).read(str(path))
    return readers


def peak_memory_of_read(path: Path) -> dict[str, Any]:
    """Read ``path`` in a fresh Python and report the graph size, the time and the peak resident memory."""
    code = (
        "import json, resource, time\nfrom inroads.io import read\nstart = time.perf_counter()\n"
        f"g = read({str(path)!r})\n"
        "print(json.dumps({'nodes': g.n, 'edges': g.m, 'seconds': time.perf_counter() - start,"
        " 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from inroads.io import read, read_inroads, write_inroads

    rows = []
    files = (
        ("1M edges, integer ids", "int"),
        ("1M edges, text ids", "text"),
        ("1M edges, integer ids + weight", "weighted"),
    )
    for label, kind in files:
        path = edge_file(f"edges-1m-{kind}.csv", EDGES, kind=kind)
        readers = _readers(path, kind)
        fast = {name: reader for name, reader in readers.items() if not name.startswith("networkx")}
        times = round_robin_medians(fast, repeat=5)
        for name, reader in readers.items():
            if name not in fast:
                times[name] = median_time(reader, repeat=1)
        binary = cache_path(f"edges-1m-{kind}.inroads")
        write_inroads(read(path, strength="3" if kind == "weighted" else None), binary)
        times["inroads read_inroads (reload, mmap)"] = median_time(
            lambda b=binary: read_inroads(b), repeat=5, warmup=True
        )
        base = times["inroads.read"]
        pandas = times["pandas.read_csv (table only)"]
        for name, seconds in times.items():
            rows.append(
                {
                    "file": label,
                    "reader": name,
                    "seconds": seconds,
                    "time / inroads.read": seconds / base,
                    "time / pandas.read_csv": seconds / pandas,
                }
            )
    print(markdown_table(rows))
    big = edge_file("edges-10m-int.csv", BIG_EDGES)
    memory = peak_memory_of_read(big)
    print(
        f"\n10M edges ({big.stat().st_size / 1e6:.0f} MB CSV): {memory['nodes']} nodes, {memory['edges']} edges "
        f"read in {memory['seconds']:.1f} s, peak resident memory {memory['peak_mb']:.0f} MB (fresh process)."
    )


if __name__ == "__main__":
    main()
