"""The Dask backend: the same batches as the local engine, run as pure tasks on a cluster.

A run is a list of *batches* (source sets for exact measures, seeded sample batches for approximate ones) and one
*batch function* ``batch_fn(graph, batch) -> partial sums``. :class:`DaskBackend` turns every batch into one pure task
(:func:`inroads.engine.worker.run_batch_task`) that finds the graph through a :class:`~inroads.engine.worker.GraphRef`
(a path on shared storage, memory-mapped and cached once per worker process), and sums the partials *on the cluster*
with a fixed tree: consecutive groups of ``fan_in`` partials, in batch order, level after level. The tree depends only
on the number of batches, never on the number of workers or the order tasks finish in, so the sum is bit-identical
whatever the cluster (and :func:`~inroads.engine.worker.tree_sum` computes the very same sum without Dask).

A lost worker costs a re-run of its batches elsewhere, never a different answer: tasks are pure (their keys are
content hashes, ``pure=True``) and the client holds their futures, so the scheduler recomputes whatever died with the
worker; ``retries`` also covers tasks that raised because of the machine (e.g. a full disk).

Dask is an optional extra (``pip install "inroads[dask]"``); this module imports it only inside functions, and
:func:`require_distributed` turns its absence into a one-line :class:`~inroads.errors.OptionError`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from inroads.engine.worker import (
    GraphRef,
    Partial,
    add_partials,
    run_batch_task,
    settle_numba_threads,
    sum_partials,
    tree_groups,
)
from inroads.errors import ClusterError, ClusterTaskError, InroadsError, OptionError
from inroads.graph import Graph

if TYPE_CHECKING:
    from distributed import Client, Future

    from inroads.engine.local import Kernel

__all__ = [
    "LOCAL_BELOW",
    "SCHEDULER_ENV",
    "DaskBackend",
    "active_backend",
    "batch_count",
    "connect",
    "require_distributed",
    "use_backend",
]

#: Environment variable naming the scheduler when ``--scheduler`` is not given.
SCHEDULER_ENV = "INROADS_SCHEDULER"
INSTALL_HINT = 'install inroads[dask]: pip install "inroads[dask]"'
#: Batches per worker thread in an exact run (the batch size rule, :func:`batch_count`).
BATCHES_PER_THREAD = 8
#: Exact runs estimated below this many edge visits (sources x CSR entries, ~0.1 s) run on the client: a cluster
#: round trip would cost more than the work (e.g. closeness within each small community).
LOCAL_BELOW = 20_000_000

log = logging.getLogger(__name__)

BatchFn = Callable[[Graph, Any], Partial]
Progress = Callable[[int, int | None], None]


def require_distributed(option: str = "--scheduler") -> ModuleType:
    """Import ``dask.distributed``, or raise :class:`OptionError` naming ``option`` and how to install it."""
    try:
        import distributed
    except ImportError as error:
        raise OptionError("this needs Dask, which is not installed", where=option, fix=INSTALL_HINT) from error
    return distributed


class DaskBackend:
    """Runs batch functions on a Dask cluster through a connected ``distributed.Client``.

    Parameters
    ----------
    client : distributed.Client
    cluster : object, optional
        A cluster this backend started (a ``LocalCluster``); closed with the backend.
    retries : int
        Extra attempts for a task that raised (lost workers are handled by the scheduler regardless).
    fan_in : int
        Partials summed per reduction task.
    shared_tmp : bool
        Whether a temporary folder on this machine is readable by the workers (true for a ``LocalCluster``).
    local_below : int
        :meth:`run_sources` runs on the client when sources x CSR entries is below this (0: always on the cluster).
    batches_per_thread : int
        Batches per worker thread in :meth:`run_sources` (the batch size rule, :func:`batch_count`).

    Notes
    -----
    Use it as a context manager; :attr:`notes` collects what the user should know (e.g. that an in-memory graph was
    written to a temporary file for the workers).
    """

    def __init__(
        self,
        client: Client,
        *,
        cluster: Any = None,
        retries: int = 3,
        fan_in: int = 8,
        shared_tmp: bool = False,
        local_below: int = LOCAL_BELOW,
        batches_per_thread: int = BATCHES_PER_THREAD,
    ) -> None:
        if fan_in < 2:
            raise OptionError(f"fan_in must be at least 2, got {fan_in}")
        self.client = client
        self.cluster = cluster
        self.retries = retries
        self.fan_in = fan_in
        self.shared_tmp = shared_tmp
        self.local_below = local_below
        self.batches_per_thread = batches_per_thread
        self.notes: list[str] = []
        self._tmpdir: str | None = None
        self._file_numbers = itertools.count()
        self._written: weakref.WeakKeyDictionary[Graph, GraphRef] = weakref.WeakKeyDictionary()

    # ---------------------------------------------------------------- lifecycle
    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect, stop a cluster this backend started, and delete temporary graph files."""
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    @property
    def threads(self) -> int:
        """Worker threads in the cluster now (batches that can run at once)."""
        return int(sum(self.client.nthreads().values()))

    def __repr__(self) -> str:
        return f"<DaskBackend {self.client.scheduler_info().get('address')}: {self.threads} threads>"

    # ------------------------------------------------------------- the graph
    def graph_ref(self, graph: Graph | GraphRef | str | os.PathLike[str]) -> GraphRef:
        """Where the workers find ``graph``: its ``.inroads`` file, or a temporary one written now.

        A graph read from an ``.inroads`` file (``graph.meta["format"] == "inroads"``) is referenced by its path. Any
        other graph is written once to a temporary folder on this machine, which the workers of a ``LocalCluster``
        share; :attr:`notes` says so, and for a remote cluster says that the workers need shared storage.
        """
        if isinstance(graph, GraphRef):
            return graph
        if isinstance(graph, str | os.PathLike):
            return GraphRef.of_file(graph)
        source = graph.meta.get("source")
        if graph.meta.get("format") == "inroads" and source and Path(source).is_file():
            return GraphRef.of_file(source)
        ref = self._written.get(graph)
        if ref is None:
            ref = self._write_temporary(graph)
            self._written[graph] = ref
        return ref

    def _write_temporary(self, graph: Graph) -> GraphRef:
        from inroads.io.binary import write_inroads

        if self._tmpdir is None:
            self._tmpdir = tempfile.mkdtemp(prefix="inroads-dask-")
        path = Path(self._tmpdir) / f"graph-{next(self._file_numbers)}.inroads"
        write_inroads(graph, path)
        where = "the local workers share it" if self.shared_tmp else "workers on other machines cannot read it"
        note = f"the graph has no .inroads file, so it was written to {path} for the workers ({where})"
        if not self.shared_tmp:
            note += "; write it with `inroads convert NETWORK -o shared/path.inroads` and pass that file instead"
        self.notes.append(note)
        log.info(note)
        return GraphRef.of_file(path)

    # ----------------------------------------------------------------- runs
    def _submit_tree(self, batch_fn: BatchFn, ref: GraphRef, batches: Sequence[Any]) -> tuple[list[Future], Future]:
        """Submit one task per batch and the reduction tree over them; return (batch futures, root future)."""
        submit = self.client.submit
        function: Any = batch_fn
        if isinstance(batch_fn, functools.partial):
            # A partial may hold arrays (a target mask): it travels once, as the result of a task every batch
            # depends on, and as a task (not scattered data) it is recomputed if its worker is lost.
            function = submit(_identity, batch_fn, pure=True, retries=self.retries)
        futures = [submit(run_batch_task, function, ref, batch, pure=True, retries=self.retries) for batch in batches]
        level: list[Future] = futures
        while len(level) > 1:
            level = [
                submit(sum_partials, *(level[i] for i in group), pure=True, retries=self.retries)
                for group in tree_groups(len(level), self.fan_in)
            ]
        return futures, level[0]

    def _cancel(self, futures: Sequence[Future]) -> None:
        with contextlib.suppress(Exception):
            self.client.cancel(list(futures), force=True)

    def _wait(
        self,
        futures: list[Future],
        root: Future,
        sizes: Sequence[int],
        progress: Progress | None,
        done: int,
        total: int | None,
    ) -> Partial:
        from distributed import as_completed

        try:
            if progress is not None:
                size_of = {future.key: size for future, size in zip(futures, sizes, strict=True)}
                for future in as_completed(futures):
                    done += size_of[future.key]
                    progress(done, total)
            result: Partial = root.result()
        except BaseException as error:
            # Ctrl-C or a failed batch: nothing of this run should keep the cluster busy.
            self._cancel([*futures, root])
            if isinstance(error, InroadsError | KeyboardInterrupt) or not isinstance(error, Exception):
                raise  # the user's own problem (e.g. a worker cannot read the file), already one line
            raise self._cluster_error(error) from error
        return result

    def _cluster_error(self, error: Exception) -> ClusterError:
        """One line for a run that failed on the cluster: the connection was lost, or a task raised."""
        import concurrent.futures

        address = self.client.scheduler.address if self.client.scheduler else "the scheduler"
        if isinstance(error, OSError | TimeoutError | concurrent.futures.CancelledError):
            return ClusterError(
                f"lost the Dask cluster during the run ({type(error).__name__}: {error})",
                where=str(address),
                fix="check that the scheduler and its workers are still running, then run the command again",
            )
        return ClusterTaskError(
            f"a task failed on a Dask worker: {type(error).__name__}: {error}",
            where=str(address),
            fix="this is a defect in inroads: run again with --debug for the traceback and report it",
        )

    def map_reduce(
        self,
        batch_fn: BatchFn,
        graph: Graph | GraphRef | str | os.PathLike[str],
        batches: Sequence[Any],
        *,
        sizes: Sequence[int] | None = None,
        progress: Progress | None = None,
        done_before: int = 0,
        total: int | None = None,
    ) -> Partial:
        """Sum of ``batch_fn(graph, batch)`` over ``batches``, computed on the cluster.

        Parameters
        ----------
        batch_fn : callable
            A pure, picklable function ``(graph, batch) -> array or tuple of arrays``.
        graph : Graph, GraphRef or path of an ``.inroads`` file
        batches : sequence
            The units of work, in order; each becomes one task.
        sizes : sequence of int, optional
            Work units in each batch (sources, samples) for progress; 1 each by default.
        progress : callable, optional
            ``progress(units done, units in all)`` on the client as batches finish; ``done_before`` and ``total``
            let several runs share one count.

        Returns
        -------
        numpy.ndarray or tuple of numpy.ndarray
            Bit-identical to ``tree_sum([batch_fn(graph, b) for b in batches], fan_in)``.
        """
        if len(batches) == 0:
            raise OptionError("there are no batches to run")
        sizes = [1] * len(batches) if sizes is None else list(sizes)
        total = done_before + sum(sizes) if total is None else total
        futures, root = self._submit_tree(batch_fn, self.graph_ref(graph), batches)
        return self._wait(futures, root, sizes, progress, done_before, total)

    def map_rounds(
        self,
        batch_fn: BatchFn,
        graph: Graph | GraphRef | str | os.PathLike[str],
        rounds: Iterable[Sequence[Any]],
        *,
        stop: Callable[[Partial, int], bool],
        sizes: Callable[[Any], int] | None = None,
        progress: Progress | None = None,
        total: int | None = None,
    ) -> tuple[Partial, int]:
        """Run rounds of batches until ``stop`` says enough; return (the sum, how many rounds it holds).

        ``rounds`` yields the batches of each round; a batch must derive its random numbers from the run's seed and
        its own position alone (e.g. a range of sample indices), never from where or when it runs. Each round is
        summed on the cluster (the fixed tree of :meth:`map_reduce`), rounds are added on the client in order, and
        ``stop(sum so far, rounds so far)`` is checked on the client after each round. The result therefore depends
        on the seed and the rounds only, not on the number of workers. The next round is submitted before the rule
        is checked, so the workers do not wait for the client; it is cancelled when the rule says stop.

        ``sizes(batch)`` gives a batch's work units for ``progress(units done, total)``.
        """
        graph_ref = self.graph_ref(graph)
        pending = iter(rounds)
        size_of = sizes or (lambda _batch: 1)

        def submit_next() -> tuple[list[Future], Future, list[int]] | None:
            batches = next(pending, None)
            if not batches:
                return None
            futures, root = self._submit_tree(batch_fn, graph_ref, batches)
            return futures, root, [size_of(b) for b in batches]

        current = submit_next()
        if current is None:
            raise OptionError("there are no batches to run")
        sum_so_far: Partial | None = None
        done = count = 0
        while current is not None:
            futures, root, units = current
            following = submit_next()
            try:
                partial = self._wait(futures, root, units, progress, done, total)
            except BaseException:
                if following is not None:
                    self._cancel([*following[0], following[1]])
                raise
            sum_so_far = partial if sum_so_far is None else add_partials(sum_so_far, partial)
            done += sum(units)
            count += 1
            if stop(sum_so_far, count):
                if following is not None:
                    self._cancel([*following[0], following[1]])
                break
            current = following
        assert sum_so_far is not None
        return sum_so_far, count

    def batches_for(self, count: int) -> int:
        """How many batches to cut ``count`` units of work into: see :func:`batch_count`."""
        return batch_count(count, self.threads, per_thread=self.batches_per_thread)

    def run_sources(
        self,
        kernel: Kernel,
        graph: Graph | GraphRef | str | os.PathLike[str],
        sources: np.ndarray,
        *,
        target: np.ndarray | None = None,
        endpoints: bool = False,
        progress: Progress | None = None,
        done_before: int = 0,
        total: int | None = None,
    ) -> np.ndarray:
        """The cluster's :func:`inroads.engine.local.run_sources`: the same kernel and partial sums, over ``graph``.

        Sources are cut into :meth:`batches_for` consecutive batches; each runs
        :func:`inroads.engine.local.graph_batch` on a worker. Runs smaller than :attr:`local_below` edge visits run
        locally (same kernels, same sums to 1e-12).
        """
        from inroads.engine.local import GraphArrays, batch_function
        from inroads.engine.local import run_sources as run_here

        sources = np.ascontiguousarray(sources, dtype=np.int64)
        if isinstance(graph, Graph) and sources.shape[0] * max(graph.indices.shape[0], 1) < self.local_below:
            return run_here(
                kernel,
                GraphArrays.of(graph),
                sources,
                target=target,
                endpoints=endpoints,
                progress=progress,
                done_before=done_before,
                total=total,
            )
        batches = [b for b in np.array_split(sources, self.batches_for(sources.shape[0])) if b.shape[0]]
        result = self.map_reduce(
            batch_function(kernel, target=target, endpoints=endpoints),
            graph,
            batches,
            sizes=[b.shape[0] for b in batches],
            progress=progress,
            done_before=done_before,
            total=done_before + sources.shape[0] if total is None else total,
        )
        assert isinstance(result, np.ndarray)
        return result


def _identity(value: Any) -> Any:
    return value


def batch_count(units: int, threads: int, *, per_thread: int = BATCHES_PER_THREAD) -> int:
    """The batch size rule: ``per_thread`` batches for every worker thread, never more batches than units.

    Several batches per thread let the scheduler even out uneven batches (a hub's search costs more, a worker is
    slower) and bound what a lost worker costs (its running batch, ~1/per_thread of its share); fewer, larger
    batches keep the per-task cost small (one scheduler round trip and one partial of n floats sent and summed:
    ~10-15 ms measured on a loaded 2-core machine). At 8 per thread that cost is ~0.1 s per thread, under 1% of a
    10 s run, while the last-batch imbalance stays under ~10% up to 8 workers (``benchmarks/README.md``, "Dask").

    Examples
    --------
    >>> batch_count(10_000, 2), batch_count(3, 8)
    (16, 3)
    """
    return max(1, min(units, per_thread * max(threads, 1)))


def _local_cluster(workers: int, threads_per_worker: int, *, quiet: bool) -> Any:
    from distributed import LocalCluster

    # No NUMBA_NUM_THREADS here: Dask applies a nanny's env after the worker has imported numba, and the next
    # compilation there then fails (see settle_numba_threads). Each task sets its own thread count instead.
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=threads_per_worker,
        processes=True,
        # The scheduler always serves HTTP (8787 unless told); any free port avoids clashing with other clusters.
        dashboard_address=":0",
        silence_logs=logging.CRITICAL if quiet else logging.ERROR,
    )


def _quiet_dask_logs() -> None:
    """Dask's own loggers say nothing: inroads reports a failure in one line of its own.

    Dask's logging configuration gives some child loggers levels of their own (``distributed.client``: warning), so
    each one is set, not only the parents.
    """
    families = ("distributed", "dask", "tornado", "asyncio")
    names = [name for name in logging.root.manager.loggerDict if name.split(".")[0] in families]
    for name in {*families, *names}:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _check_workers(client: Client, address: str, timeout: float) -> None:
    """Fail in one line unless the cluster has a worker and every worker runs this version of inroads."""
    from importlib.metadata import version

    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as error:
        raise ClusterError(
            f"the Dask scheduler has no workers (none joined within {timeout:g} s)",
            where=f"--scheduler {address}",
            fix="start workers: `dask worker ADDRESS --nworkers N --nthreads 1`",
        ) from error
    mine = version("inroads")
    found = client.run(version, "inroads", on_error="return")
    for worker, theirs in sorted(found.items()):
        if theirs != mine:
            have = "does not have inroads" if isinstance(theirs, BaseException) else f"runs inroads {theirs}"
            raise ClusterError(
                f"worker {worker} {have}, this client runs inroads {mine}",
                where=f"--scheduler {address}",
                fix=f'install the same version on every worker: pip install "inroads[dask]=={mine}"',
            )


@contextlib.contextmanager
def connect(
    scheduler: str | None = None,
    *,
    workers: int | None = None,
    threads_per_worker: int = 1,
    retries: int = 3,
    timeout: float = 10.0,
    quiet: bool = False,
) -> Iterator[DaskBackend]:
    """A :class:`DaskBackend` connected to ``scheduler`` (or ``$INROADS_SCHEDULER``), or to a new ``LocalCluster``.

    Parameters
    ----------
    scheduler : str, optional
        Address such as ``tcp://10.0.0.5:8786``. Defaults to ``$INROADS_SCHEDULER`` unless ``workers`` is given.
    workers : int, optional
        Start a ``LocalCluster`` of this many worker processes instead (not together with ``scheduler``).
    threads_per_worker : int
        Threads of each local worker.
    retries : int
        See :class:`DaskBackend`.
    timeout : float
        Seconds to wait for the scheduler to answer, and for a first worker to join it.
    quiet : bool
        Silence Dask's own logging (the CLI does, unless ``--debug``): failures still raise one-line errors.

    Raises
    ------
    OptionError
        Dask is not installed, both or neither of a scheduler and workers were given, or the scheduler is unreachable.
    ClusterError
        The scheduler has no workers, or a worker lacks this version of inroads.
    """
    if not scheduler and not workers:  # an explicit --workers wins over the environment
        scheduler = os.environ.get(SCHEDULER_ENV) or None
    if workers is not None and workers < 1:
        raise OptionError(f"need at least one worker, got {workers}", where="--workers")
    if scheduler and workers:
        raise OptionError("give --scheduler or --workers, not both", where="--workers")
    if not scheduler and not workers:
        fix = f"pass --scheduler ADDRESS, set {SCHEDULER_ENV}, or --workers N"
        raise OptionError("no cluster given", where="--scheduler", fix=fix)
    distributed = require_distributed("--scheduler" if scheduler else "--workers")
    if quiet:
        _quiet_dask_logs()
    cluster = None
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError, ValueError) as error:  # refused, silent, or not an address
            raise OptionError(
                f"cannot reach the Dask scheduler ({error})",
                where=f"--scheduler {scheduler}",
                fix="check the address and that `dask scheduler` is running",
            ) from error
    else:
        assert workers is not None
        cluster = _local_cluster(workers, threads_per_worker, quiet=quiet)
        client = distributed.Client(cluster)
    # Starting a cluster writes Dask's pre-spawn environment into this process too (see settle_numba_threads).
    settle_numba_threads()
    if scheduler:
        try:
            _check_workers(client, scheduler, timeout)
        except BaseException:
            client.close()
            raise
    backend = DaskBackend(client, cluster=cluster, retries=retries, shared_tmp=cluster is not None)
    with backend:
        yield backend


# ------------------------------------------------------------------------------------ the active backend
_ACTIVE: ContextVar[DaskBackend | None] = ContextVar("inroads_dask_backend", default=None)


def active_backend() -> DaskBackend | None:
    """The backend set by :func:`use_backend` in this context, or None (run locally)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def use_backend(backend: DaskBackend | None) -> Iterator[DaskBackend | None]:
    """Run the centrality measures called inside this block on ``backend`` (None: locally).

    Examples
    --------
    >>> with use_backend(None):
    ...     active_backend() is None
    True
    """
    token = _ACTIVE.set(backend)
    try:
        yield backend
    finally:
        _ACTIVE.reset(token)
