"""The kernels' numba shim (``inroads.kernels.jit``): numba's own objects at compile time, the same options as before,
and numba left unimported by a process that runs no kernel compiled (that last part in ``tests/test_imports.py``)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import warnings

import numba
import numpy as np
import pytest
from numba.core.caching import FunctionCache
from numba.core.dispatcher import Dispatcher
from numba.core.errors import NumbaPerformanceWarning
from numba.cpython.unsafe.numbers import trailing_zeros as numba_trailing_zeros

from inroads.kernels import brandes, heap, jit, words
from inroads.kernels.interpreted import interpreted
from inroads.kernels.radix import radix_arrays
from inroads.kernels.words import trailing_zeros


@jit.njit(parallel=True)
def _squares(n):
    out = np.empty(n)
    for i in jit.prange(n):
        out[i] = i * i + jit.get_thread_id() * 0
    return out


@jit.njit()
def _calls_a_kernel(keys):
    return radix_arrays(1, keys.shape[0])[0].shape[1] + trailing_zeros(np.uint64(8))


def test_numba_names_are_numbas_own_objects() -> None:
    assert jit.prange is numba.prange
    assert jit.get_thread_id is numba.get_thread_id
    assert jit.config is numba.config
    with pytest.raises(AttributeError, match="no attribute 'njitt'"):
        _ = jit.njitt


def test_a_prange_loop_through_the_shim_is_parallelised() -> None:
    """numba recognises ``jit.prange`` as its own: the loop becomes a parfor (no 'no transformation' warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", NumbaPerformanceWarning)
        assert _squares(5).tolist() == [0.0, 1.0, 4.0, 9.0, 16.0]
    dispatcher = _squares.real
    assert dispatcher.get_metadata(dispatcher.signatures[0])["parfor_diagnostics"].count_parfors() == 1


def test_kernels_and_intrinsics_from_other_modules_compile_inside_a_kernel() -> None:
    assert _calls_a_kernel(np.zeros(7)) == 7 + 3
    assert interpreted(_calls_a_kernel)(np.zeros(7)) == 7 + 3  # the twin: Python's bit count, same answer


def test_kernels_keep_their_options_and_numba_cache() -> None:
    """What ``@nb.njit(cache=True, nogil=True, ...)`` gave before the shim, dispatcher for dispatcher."""
    for kernel in (brandes.betweenness_bfs, brandes.betweenness_dijkstra, heap.heap_push, words.count_lines):
        assert kernel.options["cache"] is True
        dispatcher = kernel.real
        assert isinstance(dispatcher, Dispatcher)
        assert dispatcher.py_func is kernel.py_func
        assert isinstance(dispatcher._cache, FunctionCache)  # type: ignore[attr-defined]  # cache=True: kept on disk
        assert dispatcher.targetoptions["nogil"] is True
    assert brandes.betweenness_bfs.real.targetoptions["parallel"] is True
    assert heap.heap_push.real.targetoptions["inline"] == "always"


def test_a_kernel_looks_like_its_function_and_pickles_by_name() -> None:
    kernel = brandes.betweenness_bfs
    assert (kernel.__name__, kernel.__module__) == ("betweenness_bfs", "inroads.kernels.brandes")
    assert kernel.__doc__ == kernel.py_func.__doc__
    assert pickle.loads(pickle.dumps(kernel)) is kernel
    path = (np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32))
    areas = jit.get_num_threads()  # one work area per numba thread (the kernels' contract)
    assert kernel(*path, np.arange(3), np.ones(3), False, 1, areas).tolist() == [0.0, 2.0, 0.0]
    assert kernel.signatures  # the dispatcher's attributes, through the kernel


@pytest.mark.parametrize("setting", [None, "1", "3", " 2 ", "", "many"])
def test_configured_threads_is_numbas_pool_size(setting: str | None) -> None:
    """Read without numba where it can be, it still equals what numba reads at import (fresh processes)."""
    environment = {name: value for name, value in os.environ.items() if name != "NUMBA_NUM_THREADS"}
    if setting is not None:
        environment["NUMBA_NUM_THREADS"] = setting
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from inroads.kernels import jit\n"
        "before = jit.configured_threads()\n"
        "loaded = 'numba' in sys.modules\n"
        "import numba\n"
        "print(before, numba.config.NUMBA_NUM_THREADS, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    before, after, loaded = done.stdout.split()
    assert before == after
    assert loaded == str(setting not in (None, "1", "3", " 2 "))  # numba itself answers only the unusual settings


@numba.njit
def _old_style_inner(x):
    return numba_trailing_zeros(x)


@numba.njit(parallel=True)
def _old_style(n):
    """Written as kernels were before the shim (numba imported by the module): still given a twin."""
    out = np.zeros(n, dtype=np.int64)
    for i in numba.prange(n):
        out[i] = _old_style_inner(np.uint64(i + 1)) + numba.get_thread_id() * 0
    return out


def test_a_kernel_that_imports_numba_itself_still_has_a_twin() -> None:
    """A kernel module written without the shim (numba's own ``njit``, ``prange``, intrinsics) still gets its twin."""
    twin = interpreted(_old_style)
    assert twin is not _old_style
    assert twin(6).tolist() == _old_style(6).tolist() == [0, 1, 0, 2, 0, 1]
