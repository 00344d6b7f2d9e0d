"""The local engine: runs kernels on this machine's threads, in batches of sources, with progress and Ctrl-C.

A run is split into *batches* of sources. :func:`run_batch` is the pure unit of work: one kernel over one batch,
returning partial sums that add up over batches. :func:`run_sources` calls it batch after batch, sizing batches so
each holds about :data:`BATCH_VISITS` edge visits per thread; between batches it reports progress and lets Python
deliver Ctrl-C, so an interrupted run stops within about a second (kernels hold no Python state, so nothing needs
cleaning up).
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

# OpenMP threads that finish their share of a parallel region spin by default, waiting for the next one. Between
# the many short regions of a batched run, and on a machine shared with other jobs, that spinning doubled the CPU time
# of a 2-thread betweenness run and made it slower than 1 thread (benchmarks/README.md); passive waiting sleeps instead.
# It must be set before numba loads its OpenMP runtime (at the first parallel call), and a user's own setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np

from inroads import kernels
from inroads.errors import OptionError
from inroads.kernels import jit
from inroads.kernels.interpreted import choose

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = [
    "BATCH_VISITS",
    "GraphArrays",
    "Kernel",
    "Progress",
    "batch_function",
    "get_threads",
    "graph_batch",
    "run_batch",
    "run_sources",
    "set_threads",
    "threads_in_this_thread",
]

Kernel = Literal["betweenness", "distances"]
Progress = Callable[[int, int], None]

#: Edge visits per thread in one batch (about 0.1-0.3 s here): short enough for a prompt Ctrl-C and a smooth progress
#: bar, long enough that the per-batch cost (work areas, summing partials) stays small.
BATCH_VISITS = 20_000_000

#: How much dearer a weighted (Dijkstra) visit is than a BFS one, for batch sizing.
DIJKSTRA_COST = 4

#: Sources per parallel work item inside a batch, per thread: many small chunks keep both threads busy to the end.
CHUNKS_PER_THREAD = 16

#: Below this many edge visits (sources x CSR entries) a batch runs on one thread: waking a second thread costs more
#: than the work, and on a busy machine a parallel region can wait milliseconds for a descheduled thread.
SERIAL_WORK = 1_000_000

_threads: int | None = None
# A per-thread override of the setting above: a Dask worker runs each task's kernels on the task's own thread.
_this_thread = threading.local()


def set_threads(threads: int | None) -> None:
    """Set how many threads the kernels use from now on; ``None`` or 0 means all cores.

    Examples
    --------
    >>> set_threads(1); get_threads()
    1
    >>> set_threads(None)
    """
    global _threads
    _threads = _check_threads(threads)


def get_threads(threads: int | None = None) -> int:
    """The thread count a run uses: ``threads`` when given, else :func:`set_threads`'s, else all cores."""
    chosen = _check_threads(threads) if threads is not None else getattr(_this_thread, "threads", None) or _threads
    cores = jit.configured_threads()  # numba's pool size, read without importing numba when it can be
    return min(chosen or cores, cores)


@contextlib.contextmanager
def threads_in_this_thread(threads: int) -> Iterator[None]:
    """Inside the block, kernels called from this Python thread use ``threads`` threads (others are unaffected).

    Examples
    --------
    >>> with threads_in_this_thread(1):
    ...     get_threads()
    1
    """
    previous = getattr(_this_thread, "threads", None)
    _this_thread.threads = _check_threads(threads)
    try:
        yield
    finally:
        _this_thread.threads = previous


def _check_threads(threads: int | None) -> int | None:
    if threads is None:
        return None
    if isinstance(threads, bool) or not isinstance(threads, int | np.integer) or threads < 0:
        raise OptionError(
            f"threads must be a whole number >= 0, not {threads!r}",
            where="--threads",
            fix="give 1, 2, ... (0 = all cores)",
        )
    return int(threads) or None


@dataclass(frozen=True)
class GraphArrays:
    """The arrays a kernel sees: CSR out-adjacency and per-entry path lengths (empty when unweighted)."""

    indptr: np.ndarray
    indices: np.ndarray
    lengths: np.ndarray
    #: Every edge is stored both ways with the same length (an undirected graph): lets weighted Brandes do one pass.
    symmetric: bool = False

    @property
    def n(self) -> int:
        return int(self.indptr.shape[0] - 1)

    @property
    def weighted(self) -> bool:
        return self.lengths.shape[0] > 0

    @classmethod
    def of(cls, graph: Graph) -> GraphArrays:
        lengths = graph.lengths
        return cls(
            indptr=np.ascontiguousarray(graph.indptr, dtype=np.int64),
            indices=np.ascontiguousarray(graph.indices, dtype=np.int32),
            lengths=np.zeros(0) if lengths is None else np.ascontiguousarray(lengths, dtype=np.float64),
            symmetric=not graph.directed,
        )


def run_batch(
    kernel: Kernel,
    arrays: GraphArrays,
    sources: np.ndarray,
    *,
    target: np.ndarray | None = None,
    endpoints: bool = False,
    threads: int | None = None,
) -> np.ndarray:
    """Run one kernel over one batch of sources; the partial sums of batches add up to the full result.

    Parameters
    ----------
    kernel : {"betweenness", "distances"}
        ``betweenness``: raw Brandes dependencies, shape ``(n,)`` (:mod:`inroads.kernels.brandes`).
        ``distances``: distance sums, reciprocal sums and reached counts, shape ``(3, n)``
        (:mod:`inroads.kernels.distances`).
    arrays : GraphArrays
    sources : array of int
        Node indices to sweep from.
    target : float64 array, optional
        1.0 for nodes whose paths count, 0.0 otherwise; all nodes when None.
    endpoints : bool
        Betweenness only: count path endpoints.
    threads : int, optional
        Threads for this batch (default: :func:`get_threads`).

    Examples
    --------
    >>> arrays = GraphArrays(np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32), np.zeros(0))
    >>> run_batch("betweenness", arrays, np.array([0])) + run_batch("betweenness", arrays, np.array([1, 2]))
    array([0., 2., 0.])
    """
    n = arrays.n
    sources = np.ascontiguousarray(sources, dtype=np.int64)
    target = np.ones(n) if target is None else np.ascontiguousarray(target, dtype=np.float64)
    count = get_threads(threads)
    visits = sources.shape[0] * (arrays.indices.shape[0] + n)
    if visits < SERIAL_WORK:
        count = 1
    function: Callable[..., np.ndarray]
    if kernel == "betweenness":
        function = kernels.betweenness_dijkstra if arrays.weighted else kernels.betweenness_bfs
    elif kernel == "distances":
        # Bit-parallel BFS: 64 sources share each edge scan (about 4x faster than one BFS per source).
        function = kernels.distance_sums_dijkstra if arrays.weighted else kernels.distance_sums_msbfs
    else:
        raise ValueError(f"unknown kernel {kernel!r}")
    # Small work while numba is cold runs as plain Python (kernels/interpreted.py): on one thread, as compiled code
    # would here, so the result is the same; no thread pool is started.
    chosen = choose(function, visits * (DIJKSTRA_COST if arrays.weighted else 1))
    if chosen is not function:
        chunk = max(1, sources.shape[0] // CHUNKS_PER_THREAD)  # one thread's chunks, as compiled code gets here
        return _call(kernel, chosen, arrays, sources, target, endpoints, chunk, 1)
    previous = jit.get_num_threads()
    jit.set_num_threads(count)
    try:
        chunk = max(1, sources.shape[0] // (count * CHUNKS_PER_THREAD))
        # The work areas are sized by the thread count numba actually runs with (thread ids < it).
        return _call(kernel, function, arrays, sources, target, endpoints, chunk, jit.get_num_threads())
    finally:
        jit.set_num_threads(previous)


def _call(
    kernel: Kernel,
    function: Callable[..., np.ndarray],
    arrays: GraphArrays,
    sources: np.ndarray,
    target: np.ndarray,
    endpoints: bool,
    chunk: int,
    areas: int,
) -> np.ndarray:
    """One kernel's call, each with its own arguments."""
    if kernel == "betweenness":
        if arrays.weighted:
            return function(
                *(arrays.indptr, arrays.indices, arrays.lengths, sources, target),
                *(endpoints, chunk, areas, arrays.symmetric),
            )
        return function(arrays.indptr, arrays.indices, sources, target, endpoints, chunk, areas)
    if arrays.weighted:
        return function(arrays.indptr, arrays.indices, arrays.lengths, sources, target, chunk, areas)
    return function(arrays.indptr, arrays.indices, sources, target, areas)


def graph_batch(
    graph: Graph, sources: np.ndarray, *, kernel: Kernel, target: np.ndarray | None = None, endpoints: bool = False
) -> np.ndarray:
    """:func:`run_batch` on a :class:`~inroads.graph.Graph`: the ``batch_fn(graph, batch)`` shape Dask runs."""
    return run_batch(kernel, GraphArrays.of(graph), sources, target=target, endpoints=endpoints)


def batch_function(
    kernel: Kernel, *, target: np.ndarray | None = None, endpoints: bool = False
) -> Callable[[Graph, np.ndarray], np.ndarray]:
    """A picklable ``batch_fn(graph, sources) -> partial`` for a backend that runs batches elsewhere (Dask)."""
    return functools.partial(graph_batch, kernel=kernel, target=target, endpoints=endpoints)


def run_sources(
    kernel: Kernel,
    arrays: GraphArrays,
    sources: np.ndarray,
    *,
    target: np.ndarray | None = None,
    endpoints: bool = False,
    threads: int | None = None,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> np.ndarray:
    """Run ``kernel`` over all ``sources`` in timed batches and return the summed partials.

    ``progress(done, total)`` is called after every batch; ``done_before`` and ``total`` let several runs (e.g.
    betweenness then distances) share one progress count. Ctrl-C raises :class:`KeyboardInterrupt` between batches.
    """
    sources = np.ascontiguousarray(sources, dtype=np.int64)
    count = sources.shape[0]
    total = count if total is None else total
    threads = get_threads(threads)
    shape = (arrays.n,) if kernel == "betweenness" else (3, arrays.n)
    result = np.zeros(shape)
    # Sources per work item: the bit-parallel BFS takes them 64 at a time, the other kernels one by one.
    granule = threads * (kernels.WORD if kernel == "distances" and not arrays.weighted else 1)
    # Batches are sized by estimated work, not by measured time: the same graph and thread count always give the
    # same batches, so the partial sums are added in the same order and the result is identical to the last bit.
    visits = (arrays.indices.shape[0] + arrays.n) * (DIJKSTRA_COST if arrays.weighted else 1)
    size = max(granule, (BATCH_VISITS * threads // max(visits, 1)) // granule * granule)
    start = 0
    while start < count:
        batch = sources[start : start + size]
        result += run_batch(kernel, arrays, batch, target=target, endpoints=endpoints, threads=threads)
        start += batch.shape[0]
        if progress is not None:
            progress(done_before + start, total)
    return result
