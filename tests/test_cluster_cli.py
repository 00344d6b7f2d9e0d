"""The cluster path from the outside, as a user runs it: real ``dask scheduler``/``dask worker`` processes (not a
``LocalCluster`` in this process), workers with an empty numba cache, and the ``inroads`` command line.

The workers compile every kernel signature themselves (e.g. for the read-only arrays of the memory-mapped ``.inroads``
file), which is where ``--workers N`` used to die with numba's ``Cannot set NUMBA_NUM_THREADS ...``. Each cluster run
is compared with the same command run locally.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")
pytestmark = [pytest.mark.cluster, pytest.mark.timeout(600)]

BIN = Path(sys.executable).parent
#: Any free ports, so the test never clashes with a scheduler the machine already runs.
SCHEDULER_PORTS = ("--port", "0", "--dashboard-address", ":0")


def inroads(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "inroads"), *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def fresh_env(tmp_path: Path, name: str, **extra: str) -> dict[str, str]:
    """This process's environment with an empty numba cache of its own (a fresh install's state)."""
    cache = tmp_path / f"numba-cache-{name}"
    cache.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "INROADS_"))}
    return {**env, "NUMBA_CACHE_DIR": str(cache), **extra}


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ``.inroads`` file big enough that its exact runs go to the cluster (over ``LOCAL_BELOW`` edge visits)."""
    folder = tmp_path_factory.mktemp("cluster-net")
    graph = nx.barabasi_albert_graph(2500, 3, seed=7)
    edges = folder / "edges.csv"
    edges.write_text("".join(f"p{u},p{v}\n" for u, v in graph.edges()))
    done = inroads("convert", str(edges), "-o", str(folder / "net.inroads"))
    assert done.returncode == 0, done.stderr
    return folder / "net.inroads"


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` as the README starts them, cache empty."""
    folder = tmp_path_factory.mktemp("cluster")
    env = fresh_env(folder, "workers", NUMBA_NUM_THREADS="1")
    address_file = folder / "scheduler.json"
    logs = (folder / "scheduler.log").open("w"), (folder / "workers.log").open("w")
    processes = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--scheduler-file", str(address_file), *SCHEDULER_PORTS],
            env=env,
            stdout=logs[0],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert address_file.exists(), "dask scheduler did not start"
        address = json.loads(address_file.read_text())["address"]
        processes.append(
            subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1"],
                env=env,
                stdout=logs[1],
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        yield address
    finally:
        for process in reversed(processes):
            with_group(process, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with_group(process, signal.SIGKILL)
        for log in logs:
            log.close()


def with_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def scores(result: subprocess.CompletedProcess[str]) -> pd.DataFrame:
    assert result.returncode == 0, result.stderr
    return pd.read_csv(io.StringIO(result.stdout), dtype={"id": str}).set_index("id").sort_index()


def assert_quiet(result: subprocess.CompletedProcess[str]) -> None:
    """No Dask logs or tracebacks on standard error: at most inroads' own short notes."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith(("note:", "exact", "approx")) for line in lines), result.stderr
    assert "Traceback" not in result.stderr and "distributed." not in result.stderr


CENTRALITY = ("centrality", "--measure", "betweenness,closeness", "--method", "exact", "--format", "csv")


def test_centrality_on_external_workers_equals_local(network: Path, scheduler: str, tmp_path: Path) -> None:
    here = scores(inroads(*CENTRALITY, str(network)))
    remote = inroads(*CENTRALITY, str(network), "--scheduler", scheduler, env=fresh_env(tmp_path, "client"))
    assert_quiet(remote)
    there = scores(remote)
    assert list(there.index) == list(here.index)
    for column in ("betweenness", "closeness"):
        np.testing.assert_allclose(there[column], here[column], rtol=1e-12, atol=1e-15)


def test_shortlist_on_external_workers_equals_local(network: Path, scheduler: str, tmp_path: Path) -> None:
    command = ("shortlist", str(network), "--size", "10", "--format", "csv")
    here = inroads(*command)
    remote = inroads(*command, "--scheduler", scheduler, env=fresh_env(tmp_path, "client"))
    assert_quiet(remote)
    assert remote.returncode == 0, remote.stderr
    ours, theirs = (pd.read_csv(io.StringIO(r.stdout), dtype={"id": str}) for r in (here, remote))
    assert ours.columns.tolist() == theirs.columns.tolist()
    numbers = ours.select_dtypes("number").columns
    # The same people, kinds and reasons; figures equal to rounding (the cluster sums batches in a tree).
    pd.testing.assert_frame_equal(ours.drop(columns=numbers), theirs.drop(columns=numbers))
    np.testing.assert_allclose(theirs[numbers].to_numpy(float), ours[numbers].to_numpy(float), rtol=1e-9)


def test_local_workers_compile_from_an_empty_cache(network: Path, tmp_path: Path) -> None:
    """``--workers 2`` from a fresh install, with a thread count in the environment that Dask must not fight."""
    env = fresh_env(tmp_path, "local", NUMBA_NUM_THREADS="2")
    here = scores(inroads(*CENTRALITY, str(network)))
    result = inroads(*CENTRALITY, str(network), "--workers", "2", env=env)
    assert_quiet(result)
    np.testing.assert_allclose(scores(result)["betweenness"], here["betweenness"], rtol=1e-12, atol=1e-15)


def test_unreachable_scheduler_is_one_line_exit_2(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = inroads(*CENTRALITY, str(network), "--scheduler", "tcp://127.0.0.1:9", "-o", str(out), timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "scheduler" in result.stderr, result.stderr
    assert not out.exists()


def test_workers_zero_is_one_line_exit_2(network: Path) -> None:
    result = inroads(*CENTRALITY, str(network), "--workers", "0")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--workers" in result.stderr, result.stderr
