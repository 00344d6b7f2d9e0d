"""The Dask backend: same answers as the local engine, survives a lost worker, clean errors without Dask.

Cluster tests share one ``LocalCluster`` (2 worker processes x 1 thread) per session. Batch functions are defined
here and shipped to the workers by value (cloudpickle), so the workers need not import this module.
"""

from __future__ import annotations

import os
import signal
import sys
import time

import networkx as nx
import numpy as np
import pytest

from inroads.engine.local import graph_batch
from inroads.engine.worker import GraphRef, cached_graphs, graph_at, run_batch_task, sum_partials, tree_sum
from inroads.errors import InputError, OptionError
from inroads.graph import Graph


# ----------------------------------------------------------------------------------------- batch functions
def betweenness_batch(graph: Graph, sources: np.ndarray) -> np.ndarray:
    return graph_batch(graph, sources, kernel="betweenness")


def distance_batch(graph: Graph, sources: np.ndarray) -> np.ndarray:
    return graph_batch(graph, sources, kernel="distances")


def slow_batch(graph: Graph, sources: np.ndarray) -> np.ndarray:
    time.sleep(0.25)  # long enough that a worker can be killed while it holds batches
    return betweenness_batch(graph, sources)


def slow_sample(graph: Graph, batch):
    from inroads.measures.approx import sample_batch

    time.sleep(0.25)
    return sample_batch(graph, batch)


def source_batches(n: int, count: int) -> list[np.ndarray]:
    return [b for b in np.array_split(np.arange(n, dtype=np.int64), count) if b.size]


def run_local(batch_fn, graph: Graph, batches: list) -> np.ndarray:
    """The local reference: the same batches in this process, summed with the same tree."""
    return tree_sum([batch_fn(graph, b) for b in batches])


def closeness_from_sums(sums: np.ndarray, n: int) -> np.ndarray:
    """Wasserman-Faust closeness from distance sums (row 0) and reached counts (row 2), as NetworkX computes it."""
    total, reached = sums[0], sums[2]
    out = np.zeros(n)
    ok = total > 0
    out[ok] = (reached[ok] / total[ok]) * (reached[ok] / (n - 1))
    return out


# ------------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def backend():
    pytest.importorskip("distributed")
    import cloudpickle

    from inroads.engine.dask import connect

    # Ship this module's batch functions by value: workers need not (and cannot reliably) import a test module.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with connect(workers=2, threads_per_worker=1) as dask_backend:
        dask_backend.client.wait_for_workers(2, timeout=60)
        dask_backend.local_below = 0  # these tests are about the cluster, however small the graph
        yield dask_backend
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="session")
def named_graphs(named):
    """name -> (Graph, the NetworkX graph, its weight attribute or None); plus a directed graph."""
    references = dict(named, directed=nx.gnp_random_graph(60, 0.06, seed=3, directed=True))
    return {
        name: (
            Graph.from_networkx(g, distance="distance" if name == "lesmis" else None),
            g,
            "distance" if name == "lesmis" else None,
        )
        for name, g in references.items()
    }


# ----------------------------------------------------------------------------------- without a cluster
def test_tree_sum_is_fixed_by_batch_order_alone():
    rng = np.random.default_rng(0)
    parts = [rng.random(5) * 10.0 ** rng.integers(-8, 8, size=5) for _ in range(37)]
    first_level = [sum_partials(*parts[i : i + 8]) for i in range(0, 37, 8)]  # consecutive groups of 8
    assert np.array_equal(tree_sum(parts, 8), sum_partials(*first_level))
    assert np.allclose(tree_sum(parts, 3), np.sum(parts, axis=0), rtol=1e-12)


def test_partials_may_be_tuples():
    total = tree_sum([(np.array([1, 2]), 3), (np.array([10, 20]), 4)], 2)
    assert total[0].tolist() == [11, 22] and total[1] == 7


def test_missing_dask_says_how_to_install(monkeypatch):
    from inroads.engine import dask as backend_module

    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    with pytest.raises(OptionError, match=r"install inroads\[dask\]") as caught, backend_module.connect("tcp://x:1"):
        pass
    assert caught.value.where == "--scheduler"
    with pytest.raises(OptionError, match=r"--workers.*install inroads\[dask\]"), backend_module.connect(workers=2):
        pass


def test_connect_needs_exactly_one_cluster(monkeypatch):
    from inroads.engine.dask import SCHEDULER_ENV, connect

    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    with pytest.raises(OptionError, match="no cluster"), connect():
        pass
    with pytest.raises(OptionError, match="not both"), connect("tcp://127.0.0.1:1", workers=2):
        pass
    with pytest.raises(OptionError, match="at least one worker"), connect(workers=0):
        pass


def test_unreachable_scheduler_is_an_option_error(monkeypatch):
    pytest.importorskip("distributed")
    from inroads.engine.dask import SCHEDULER_ENV, connect

    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:9")  # the environment variable is used when no option is
    with pytest.raises(OptionError, match="cannot reach") as caught, connect(timeout=1):
        pass
    assert "tcp://127.0.0.1:9" in caught.value.line()


def test_graph_ref_of_missing_file():
    with pytest.raises(InputError, match="cannot read the graph file"):
        GraphRef.of_file("/nonexistent/graph.inroads")


def test_worker_cache_reads_once_and_notices_a_rewritten_file(tmp_path, named_graphs):
    from inroads.io.binary import write_inroads

    path = tmp_path / "kite.inroads"
    write_inroads(named_graphs["kite"][0], path)
    ref = GraphRef.of_file(path)
    first = graph_at(ref)
    assert graph_at(ref) is first and str(path.resolve()) in cached_graphs()
    sources = np.arange(first.n, dtype=np.int64)
    assert np.array_equal(run_batch_task(betweenness_batch, ref, sources), betweenness_batch(first, sources))
    write_inroads(named_graphs["K5"][0], path)  # rewritten in place: a new reference reads the new file
    assert graph_at(GraphRef.of_file(path)).n == 5
    stale = GraphRef(path=ref.path, size=ref.size + 1, mtime_ns=ref.mtime_ns)
    with pytest.raises(InputError, match="differs from the client"):
        graph_at(stale)


# ------------------------------------------------------------------------------------------- on a cluster
@pytest.mark.cluster
@pytest.mark.parametrize("name", ["K5", "P3", "star", "cycle", "kite", "florentine", "karate", "lesmis", "directed"])
def test_exact_sums_equal_local_and_networkx(backend, named_graphs, name):
    g, reference, weight = named_graphs[name]
    batches = source_batches(g.n, 5)
    between = backend.map_reduce(betweenness_batch, g, batches)
    distance = backend.map_reduce(distance_batch, g, batches)
    np.testing.assert_allclose(between, run_local(betweenness_batch, g, batches), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(distance, run_local(distance_batch, g, batches), rtol=1e-12, atol=1e-12)
    # and right: raw sums count ordered pairs, which NetworkX's normalized=True divides by (n-1)(n-2)
    nx_between = nx.betweenness_centrality(reference, normalized=True, weight=weight)
    expected = np.array([nx_between[node] for node in reference.nodes]) * (g.n - 1) * (g.n - 2)
    np.testing.assert_allclose(between, expected, rtol=1e-9, atol=1e-9)
    outward = reference.reverse() if reference.is_directed() else reference
    nx_closeness = nx.closeness_centrality(outward, distance=weight, wf_improved=True)
    expected = np.array([nx_closeness[node] for node in reference.nodes])
    np.testing.assert_allclose(closeness_from_sums(distance, g.n), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.cluster
def test_in_memory_graph_is_written_once_and_said(backend, named_graphs):
    g = named_graphs["karate"][0]
    first = backend.graph_ref(g)
    assert backend.graph_ref(g) == first and first.path.endswith(".inroads")
    assert any(first.path in note and "local workers share it" in note for note in backend.notes)


@pytest.mark.cluster
def test_graph_never_travels_through_the_scheduler(backend, named_graphs, tmp_path):
    from inroads.io.binary import write_inroads

    path = tmp_path / "florentine.inroads"
    write_inroads(named_graphs["florentine"][0], path)
    batches = source_batches(named_graphs["florentine"][0].n, 4)
    from inroads.io import read

    notes = len(backend.notes)
    assert backend.graph_ref(read(str(path))).path == str(path.resolve())  # a graph read from .inroads: its file
    assert len(backend.notes) == notes  # and nothing written, nothing to say
    backend.map_reduce(betweenness_batch, path, batches)
    held = backend.client.run(cached_graphs)
    assert any(str(path.resolve()) in paths for paths in held.values())


@pytest.mark.cluster
def test_progress_reports_every_batch(backend, named_graphs):
    seen: list[tuple[int, int | None]] = []
    kite = named_graphs["kite"][0]
    backend.map_reduce(betweenness_batch, kite, source_batches(10, 6), progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 6) for i in range(1, 7)]


@pytest.mark.cluster
def test_rounds_stop_between_rounds_and_sum_like_one_batch(backend, named_graphs):
    from inroads.measures.approx import SampleBatch, sample_batch

    g = named_graphs["karate"][0]
    rounds = ([SampleBatch(r * 900 + i * 300, 300, 11) for i in range(3)] for r in range(100))
    seen: list[int] = []

    def stop(total, count: int) -> bool:
        seen.append(count)
        return count == 3

    counts, done = backend.map_rounds(sample_batch, g, rounds, stop=stop, sizes=lambda b: b.count)
    assert done == 3 and seen == [1, 2, 3]  # checked on the client after every round, and no further
    local = sample_batch(g, SampleBatch(0, 2700, 11))
    assert np.array_equal(counts[0], local[0]) and np.array_equal(counts[1], local[1])


@pytest.mark.cluster
@pytest.mark.parametrize("top", [None, 5])
def test_approx_betweenness_matches_local_for_the_same_seed(backend, named_graphs, top):
    from inroads.measures.approx import approx_betweenness as local_approx
    from inroads.measures.approx_dask import approx_betweenness

    g = named_graphs["lesmis"][0]
    local, local_info = local_approx(g, epsilon=0.05, delta=0.1, top=top, seed=7)
    remote, info = approx_betweenness(g, backend=backend, epsilon=0.05, delta=0.1, top=top, seed=7)
    assert info.samples == local_info.samples and info.stopped == local_info.stopped
    assert list(remote.index) == list(local.index)
    np.testing.assert_array_equal(remote.to_numpy(), local.to_numpy())


@pytest.mark.cluster
@pytest.mark.parametrize("during", ["batches", "rounds"])
def test_a_killed_worker_changes_nothing(backend, during):
    from inroads.measures.approx import SampleBatch, sample_batch

    g = Graph.from_networkx(nx.barabasi_albert_graph(400, 3, seed=5))
    client = backend.client
    client.wait_for_workers(2, timeout=60)
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one(done: int, total: int | None) -> None:
        if killed:
            return
        busy = [address for address, tasks in client.processing().items() if tasks]
        victim = pids[busy[0]] if busy else next(iter(pids.values()))
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    if during == "batches":
        batches = source_batches(g.n, 16)
        result = backend.map_reduce(slow_batch, g, batches, progress=kill_one)
        np.testing.assert_allclose(result, run_local(betweenness_batch, g, batches), rtol=1e-12, atol=1e-12)
    else:
        rounds = ([SampleBatch(r * 2000 + i * 500, 500, 3) for i in range(4)] for r in range(4))
        counts, done = backend.map_rounds(slow_sample, g, rounds, stop=lambda total, count: False, progress=kill_one)
        assert done == 4
        local = sample_batch(g, SampleBatch(0, 8000, 3))
        assert np.array_equal(counts[0], local[0]) and np.array_equal(counts[1], local[1])
    assert killed, "no worker was killed"
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the process; later tests get both workers back
    assert killed[0] not in client.run(os.getpid).values()


@pytest.mark.cluster
@pytest.mark.parametrize("during", ["batches", "rounds"])
def test_ctrl_c_stops_the_run_and_frees_the_cluster(backend, named_graphs, during):
    import threading

    g = named_graphs["karate"][0]
    batches = source_batches(g.n, 24)  # 24 x 0.25 s on 2 workers: ~3 s, interrupted after 0.7 s
    timer = threading.Timer(0.7, os.kill, (os.getpid(), signal.SIGINT))
    began = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            if during == "batches":
                backend.map_reduce(slow_batch, g, batches, progress=lambda done, total: None)
            else:
                rounds = (batches[i : i + 4] for i in range(0, len(batches), 4))
                backend.map_rounds(slow_batch, g, rounds, stop=lambda total, count: False)
    finally:
        timer.cancel()
    assert time.perf_counter() - began < 2.5

    def tasks_left(dask_scheduler) -> int:
        return sum(1 for task in dask_scheduler.tasks.values() if task.state in ("processing", "queued", "waiting"))

    deadline = time.monotonic() + 10
    while backend.client.run_on_scheduler(tasks_left) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert backend.client.run_on_scheduler(tasks_left) == 0


# ------------------------------------------------------------------------------- wired into the measures
@pytest.fixture
def routed(monkeypatch):
    """Count the exact runs that reach a Dask backend; until ``inroads.measures.exact`` asks
    :func:`~inroads.engine.dask.active_backend` itself, route its ``run_sources`` there (the wiring the lead adds)."""
    import inspect

    from inroads.engine.dask import DaskBackend, active_backend
    from inroads.measures import exact

    calls: list[str] = []
    original = DaskBackend.run_sources

    def counted(self, kernel, *args, **kwargs):
        calls.append(kernel)
        return original(self, kernel, *args, **kwargs)

    monkeypatch.setattr(DaskBackend, "run_sources", counted)
    if "active_backend" not in inspect.getsource(exact):
        local = exact.run_sources

        def route(kernel, arrays, sources, *, threads=None, **kwargs):
            chosen = active_backend()
            if chosen is None:
                return local(kernel, arrays, sources, threads=threads, **kwargs)
            graph = Graph(
                indptr=arrays.indptr,
                indices=arrays.indices,
                directed=True,
                ids=np.arange(arrays.n).astype(str).astype(object),
                weights=arrays.lengths if arrays.weighted else None,
                weight_kind="distance" if arrays.weighted else None,
            )
            return chosen.run_sources(kernel, graph, sources, **kwargs)

        monkeypatch.setattr(exact, "run_sources", route)
    return calls


def _public_measures_agree(g: Graph, backend, routed: list[str]) -> None:
    from inroads.engine.dask import use_backend
    from inroads.measures import betweenness, closeness

    with use_backend(backend):
        remote = betweenness(g), closeness(g)
    assert routed == ["betweenness", "distances"]  # both ran on the cluster
    for got, expected in zip(remote, (betweenness(g), closeness(g)), strict=True):
        assert list(got.index) == list(expected.index)
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.cluster
@pytest.mark.parametrize("name", ["kite", "florentine", "karate", "lesmis", "directed"])
def test_public_measures_on_the_backend_equal_local(backend, named_graphs, routed, name):
    _public_measures_agree(named_graphs[name][0], backend, routed)


@pytest.mark.cluster
@pytest.mark.data
def test_facebook_exact_equals_local(backend, shared_data, routed):
    from inroads.io import read

    _public_measures_agree(read(shared_data / "snap-ego-Facebook" / "facebook_combined.txt.gz"), backend, routed)


@pytest.fixture
def karate_csv(tmp_path, named):
    path = tmp_path / "karate.csv"
    path.write_text("source,target\n" + "".join(f"{u},{v}\n" for u, v in named["karate"].edges()))
    return path


@pytest.fixture
def wired_cli(monkeypatch):
    """``inroads.cli.main`` with ``shortlist`` taking ``--scheduler``/``--workers`` (added here until the lead wires
    :func:`inroads.cli.cluster.cluster_options` into the command)."""
    import click

    from inroads.cli import cli
    from inroads.cli.cluster import cluster_options
    from inroads.cli.shortlist import shortlist

    if not any(param.name == "workers" for param in shortlist.params):
        wrapped = cluster_options(shortlist.callback)
        command = click.Command(
            "shortlist", callback=wrapped, params=[*shortlist.params, *reversed(wrapped.__click_params__)]
        )
        monkeypatch.setitem(cli.commands, "shortlist", command)

    def run(args: list[str]) -> int:
        from inroads.cli import main

        with pytest.raises(SystemExit) as done:
            main(args)
        return int(done.value.code)

    return run


def test_cli_without_dask_says_how_to_install(monkeypatch, wired_cli, karate_csv, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    out = tmp_path / "out.csv"
    for option in (["--scheduler", "tcp://10.0.0.1:8786"], ["--workers", "2"]):
        assert wired_cli(["shortlist", str(karate_csv), *option, "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "install inroads[dask]" in err and option[0] in err
        assert not out.exists()


@pytest.mark.cluster
def test_cli_shortlist_with_workers_gives_the_same_table(wired_cli, karate_csv, routed, capsys):
    pytest.importorskip("distributed")
    args = ["shortlist", str(karate_csv), "--size", "10", "--format", "csv"]
    assert wired_cli(args) == 0
    local = capsys.readouterr().out
    assert wired_cli([*args, "--workers", "2"]) == 0
    remote = capsys.readouterr().out
    assert routed, "the shortlist's centrality did not run on the cluster"
    # Same people, ranks, types and reasons; scores agree to 1e-12 (the last bits depend on how partial sums were
    # grouped: per numba thread locally, per batch on the cluster).
    import io

    import pandas as pd

    here, there = pd.read_csv(io.StringIO(local)), pd.read_csv(io.StringIO(remote))
    assert len(here) == 10 and list(here.columns) == list(there.columns)
    numbers = here.select_dtypes("float").columns
    pd.testing.assert_frame_equal(there.drop(columns=numbers), here.drop(columns=numbers))
    np.testing.assert_allclose(there[numbers].to_numpy(), here[numbers].to_numpy(), rtol=1e-12, atol=1e-15)


# ------------------------------------------------------------------------------ failures on the cluster
def failing_batch(graph: Graph, sources: np.ndarray) -> np.ndarray:
    raise RuntimeError("boom in a kernel")


@pytest.mark.cluster
def test_a_worker_that_cannot_read_the_file_is_the_users_one_line_error(backend, named_graphs, tmp_path):
    path = tmp_path / "gone.inroads"
    path.write_bytes(b"x")
    ref = GraphRef.of_file(path)
    path.unlink()  # the client saw it; the workers will not
    with pytest.raises(InputError, match="a worker cannot read the graph file") as caught:
        backend.map_reduce(betweenness_batch, ref, source_batches(4, 2))
    assert caught.value.exit_code == 2 and str(path) in caught.value.line()


@pytest.mark.cluster
def test_a_task_that_raises_is_one_line_internal_error(backend, named_graphs):
    from inroads.errors import ClusterTaskError

    with pytest.raises(ClusterTaskError, match="RuntimeError: boom in a kernel") as caught:
        backend.map_reduce(failing_batch, named_graphs["kite"][0], source_batches(10, 2))
    assert caught.value.exit_code == 1 and "\n" not in caught.value.line()


def test_workers_without_inroads_or_another_version_are_refused():
    from inroads.engine.dask import _check_workers
    from inroads.errors import ClusterError

    class FakeClient:
        def __init__(self, found):
            self.found = found

        def wait_for_workers(self, count, timeout):
            if not self.found:
                raise TimeoutError

        def run(self, function, *args, on_error):
            return self.found

    with pytest.raises(ClusterError, match="does not have inroads"):
        _check_workers(FakeClient({"tcp://w:1": ModuleNotFoundError("inroads")}), "tcp://s:1", 1)
    with pytest.raises(ClusterError, match=r"runs inroads 0\.0\.1"):
        _check_workers(FakeClient({"tcp://w:1": "0.0.1"}), "tcp://s:1", 1)
    with pytest.raises(ClusterError, match="no workers"):
        _check_workers(FakeClient({}), "tcp://s:1", 1)
    from importlib.metadata import version

    _check_workers(FakeClient({"tcp://w:1": version("inroads")}), "tcp://s:1", 1)  # the same version passes


def test_numba_thread_variable_is_settled_to_the_loaded_value(monkeypatch):
    import numba

    from inroads.engine.worker import settle_numba_threads

    loaded = str(numba.config.NUMBA_NUM_THREADS)
    monkeypatch.setenv("NUMBA_NUM_THREADS", str(int(loaded) + 5))
    settle_numba_threads()
    assert os.environ["NUMBA_NUM_THREADS"] == loaded
    numba.core.config.reload_config()  # what every compilation does first: no longer raises
