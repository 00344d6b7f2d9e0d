"""What runs inside a Dask worker process: the per-process graph cache and the pure tasks.

Nothing here imports Dask, so the module loads in any process and its tasks can be tested without a cluster.
A task receives a :class:`GraphRef` (a path with the file's size and modification time), never the graph: the worker
memory-maps the ``.inroads`` file the first time a task needs it and keeps the :class:`~inroads.graph.Graph` for the
life of the process, so a graph crosses the network zero times however many batches run.
"""

from __future__ import annotations

import importlib
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inroads.engine.local import threads_in_this_thread
from inroads.errors import InputError
from inroads.graph import Graph
from inroads.kernels import jit

__all__ = [
    "GraphRef",
    "Partial",
    "add_partials",
    "cached_graphs",
    "graph_at",
    "memo",
    "run_batch_task",
    "settle_numba_threads",
    "sum_partials",
    "tree_groups",
    "tree_sum",
]

#: What a batch returns: one array of partial sums, or a tuple of them (summed element by element).
Partial = np.ndarray | tuple[np.ndarray, ...]

#: Graphs kept per worker process; a long-lived worker serving several runs keeps the most recent few.
CACHE_SIZE = 4

_GRAPHS: OrderedDict[GraphRef, Graph] = OrderedDict()
_DERIVED: weakref.WeakKeyDictionary[Graph, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class GraphRef:
    """A graph file, identified by path, size and modification time.

    Size and mtime are part of the identity so that a file rewritten in place between runs is read again, and so that
    Dask's content-addressed task keys (``pure=True``) never match results computed on an older file.

    Attributes
    ----------
    path : str
        Absolute path of the ``.inroads`` file, as the workers see it (shared storage).
    size : int
    mtime_ns : int
    loader : str
        ``"module:function"`` called as ``function(path, mmap=True)`` on the worker.
    """

    path: str
    size: int
    mtime_ns: int
    loader: str = "inroads.io.binary:read_inroads"

    @classmethod
    def of_file(cls, path: str | os.PathLike[str], *, loader: str | None = None) -> GraphRef:
        """The reference of an existing file (stat taken now, on the client)."""
        resolved = Path(path).resolve()
        try:
            stat = resolved.stat()
        except OSError as error:
            raise InputError(f"cannot read the graph file: {error.strerror}", where=str(path)) from error
        extra = {"loader": loader} if loader else {}
        return cls(path=str(resolved), size=stat.st_size, mtime_ns=stat.st_mtime_ns, **extra)


def _load(ref: GraphRef) -> Graph:
    module, _, name = ref.loader.partition(":")
    read: Callable[..., Graph] = getattr(importlib.import_module(module), name)
    try:
        stat = os.stat(ref.path)
    except OSError as error:
        raise InputError(
            f"a worker cannot read the graph file ({error.strerror})",
            where=ref.path,
            fix="put the .inroads file on storage every worker mounts at the same path",
        ) from error
    if (stat.st_size, stat.st_mtime_ns) != (ref.size, ref.mtime_ns):
        raise InputError(
            "the graph file a worker sees differs from the client's (size or modification time)",
            where=ref.path,
            fix="do not rewrite the file during a run; check that workers mount the same storage",
        )
    return read(ref.path, mmap=True)


def graph_at(ref: GraphRef) -> Graph:
    """The graph of ``ref``, read (memory-mapped) once per process and then served from the cache."""
    with _LOCK:
        graph = _GRAPHS.get(ref)
        if graph is not None:
            _GRAPHS.move_to_end(ref)
            return graph
    # Read outside the lock: two threads of one worker may both read a new file once, which is harmless (pure).
    graph = _load(ref)
    with _LOCK:
        graph = _GRAPHS.setdefault(ref, graph)
        while len(_GRAPHS) > CACHE_SIZE:
            _GRAPHS.popitem(last=False)
    return graph


def memo(graph: Graph, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per graph object and key, kept as long as the graph is (e.g. the reversed CSR).

    Batch functions use it for arrays derived from the graph that every batch needs, so a worker computes them once
    per process instead of once per batch; on the client it works the same on an in-memory graph.

    Examples
    --------
    >>> g = Graph.from_edges(["a"], ["b"])
    >>> memo(g, "n", lambda: g.n), memo(g, "n", lambda: -1)
    (2, 2)
    """
    with _LOCK:
        store = _DERIVED.setdefault(graph, {})
        if key in store:
            return store[key]
    value = compute()
    with _LOCK:
        return store.setdefault(key, value)


def cached_graphs() -> list[str]:
    """Paths of the graphs this process holds (for tests and diagnostics)."""
    with _LOCK:
        return [ref.path for ref in _GRAPHS]


def settle_numba_threads() -> None:
    """Make ``$NUMBA_NUM_THREADS`` agree with the thread count numba was loaded with.

    numba reads the variable once, when it is imported, and reads it again before every compilation, raising
    ``RuntimeError: Cannot set NUMBA_NUM_THREADS to a different value once the threads have been launched`` if it
    changed in between. A worker process can see it change: Dask applies a nanny's ``env`` and its
    ``pre-spawn-environ`` (where the environment of the process that started the cluster wins) after the process
    has imported numba, and a worker compiles signatures the client never did (e.g. the read-only arrays of a
    memory-mapped file). A later change has no effect on the running pool anyway, so the loaded value is written back.
    """
    loaded = str(jit.config.NUMBA_NUM_THREADS)
    if os.environ.get("NUMBA_NUM_THREADS", loaded) != loaded:
        os.environ["NUMBA_NUM_THREADS"] = loaded


def run_batch_task(batch_fn: Callable[[Graph, Any], Partial], ref: GraphRef, batch: Any) -> Partial:
    """The one task every batch becomes: ``batch_fn(graph, batch)`` on the worker's cached graph.

    It is pure (same arguments, same result, no side effects but the cache), which is what lets Dask run it again
    on another worker when the first one is lost. Its kernels run on one thread: the worker's task threads are the
    parallelism (one per core), so more would only oversubscribe the cores.
    """
    settle_numba_threads()
    with threads_in_this_thread(1):
        return batch_fn(graph_at(ref), batch)


def add_partials(left: Partial, right: Partial) -> Partial:
    """Element-wise sum of two partials of the same shape (arrays, or tuples of arrays)."""
    if isinstance(left, tuple):
        return tuple(a + b for a, b in zip(left, right, strict=True))
    return left + right


def sum_partials(*partials: Partial) -> Partial:
    """Sum partials strictly left to right, so the same inputs in the same order give bit-identical sums.

    Examples
    --------
    >>> sum_partials(np.array([1.0, 2.0]), np.array([0.5, 0.5]), np.array([1.0, 0.0]))
    array([2.5, 2.5])
    """
    total = partials[0]
    for partial in partials[1:]:
        total = add_partials(total, partial)
    return total


def tree_groups(count: int, fan_in: int) -> list[range]:
    """One level of the reduction tree: consecutive groups of at most ``fan_in`` of ``count`` items.

    Examples
    --------
    >>> tree_groups(5, 2)
    [range(0, 2), range(2, 4), range(4, 5)]
    """
    return [range(start, min(start + fan_in, count)) for start in range(0, count, fan_in)]


def tree_sum(partials: list[Partial], fan_in: int = 8) -> Partial:
    """Sum ``partials`` with the fixed tree the Dask backend uses, giving bit-identical results without a cluster.

    Floating-point addition is not associative, so the *shape* of a reduction decides the last bits of a sum. Fixing
    it by batch order alone (level by level, consecutive groups of ``fan_in``) makes a run's result independent of
    the number of workers and of the order in which batches finish.

    Examples
    --------
    >>> parts = [np.array([0.1]), np.array([0.2]), np.array([0.3])]
    >>> float(tree_sum(parts, 2)[0]) == (0.1 + 0.2) + 0.3
    True
    """
    level = list(partials)
    while len(level) > 1:
        level = [sum_partials(*(level[i] for i in group)) for group in tree_groups(len(level), fan_in)]
    return level[0]
