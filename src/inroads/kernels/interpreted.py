"""Small work in the interpreter: a kernel's own Python source, run by Python while numba is still cold.

The first call of any numba kernel in a process costs 0.4-0.8 s here even with every kernel cached on disk: numba
builds its typing and target contexts (hundreds of modules of registrations, and SciPy's BLAS for ``np.linalg``)
before it can load the first cached machine code. That is most of a small command's time: a 34-person shortlist
computes for a few milliseconds. So below :data:`SMALL_WORK` edge visits, and only while nothing has started numba's
compiler in this process, a kernel runs as plain Python: the same source (``dispatcher.py_func``), statement for
statement, so the same floating-point operations in the same order give the same bits (tests compare the two on
named graphs, weighted and directed ones included). Once numba is warm, or the work is larger, the compiled kernel
runs as always.

The Python twin of a kernel is its function rebuilt over a copy of its module's globals in which every kernel it
calls is replaced by that kernel's own twin, numba's ``prange`` by ``range`` and ``get_thread_id()`` by 0 (one work
area: small work runs on one thread in compiled code too, see ``SERIAL_WORK`` in :mod:`inroads.engine.local`), and
numba's intrinsics (bit counts, the parsers' eight-byte load) by their Python equivalents. This is what
``NUMBA_DISABLE_JIT=1`` does for a whole process, per kernel and per call instead. Covered: building the CSR, the
integer-id and text-id edge-list parsers, Brandes, the distance sums (BFS and Dijkstra) and the niche figures
(kernels/groups.py); sampling, top-k and cascade kernels always run compiled. A process whose kernels all ran here
never imports numba at all (:mod:`inroads.kernels.jit`).

Examples
--------
>>> import numpy as np
>>> from inroads.kernels.brandes import betweenness_bfs
>>> indptr, indices = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)  # path 0-1-2
>>> interpreted(betweenness_bfs)(indptr, indices, np.arange(3), np.ones(3), False, 1, 1).tolist()
[0.0, 2.0, 0.0]
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from inroads.kernels import jit

__all__ = ["SMALL_WORK", "choose", "interpreted", "jit_started"]

#: Edge visits (sources x (CSR entries + nodes)) up to which a kernel may run in the interpreter. About 1 µs a visit
#: in Python: at most ~0.1-0.2 s, less than starting numba (0.4-0.8 s here), and les_miserables (77 sweeps over
#: 585 entries and nodes, 45,000 visits per measure) stays under it.
SMALL_WORK = 100_000


def jit_started() -> bool:
    """Whether numba's compiler has been set up in this process (then compiled kernels cost nothing extra)."""
    if "numba" not in sys.modules:
        return False  # numba not even imported (kernels/jit.py): nothing has been compiled or loaded
    from numba.core.registry import cpu_target

    # The typing context exists once any kernel is defined; its registries are loaded (the 0.4-0.8 s) by the first
    # compilation or cache load. A numba without this private attribute counts as started: kernels then run compiled.
    registries = getattr(cpu_target.typing_context, "_registries", None)
    return registries is None or bool(registries)


def choose(kernel: Callable[..., Any], work: int) -> Callable[..., Any]:
    """``kernel`` itself, or its Python twin when ``work`` (edge visits) is small and numba is still cold."""
    if work <= SMALL_WORK and not jit_started():
        return interpreted(kernel)
    return kernel


def _leading_zeros(x: Any) -> int:
    return 64 - int(x).bit_length()


def _trailing_zeros(x: Any) -> int:
    value = int(x)
    return 64 if value == 0 else (value & -value).bit_length() - 1


class _SerialNumba(types.ModuleType):
    """:mod:`inroads.kernels.jit` (numba) as seen by a twin: one thread, ``prange`` is ``range``, the intrinsics in
    Python; anything else is the module's own."""

    prange = range

    @staticmethod
    def get_thread_id() -> int:
        return 0

    @staticmethod
    def get_num_threads() -> int:
        return 1

    def __getattr__(self, name: str) -> Any:
        try:
            return getattr(jit, name)
        except AttributeError:  # a kernel module that uses numba itself (``numba.int64`` ...)
            return getattr(jit.load(), name)


def _word(data: np.ndarray, i: Any) -> np.uint64:
    """:func:`inroads.kernels.words.word`: the little-endian uint64 of ``data[i:i + 8]``."""
    return np.uint64(int.from_bytes(data[int(i) : int(i) + 8].tobytes(), "little"))


_SERIAL = _SerialNumba("numba (serial, interpreted)")
_INTRINSICS = {id(jit.leading_zeros): _leading_zeros, id(jit.trailing_zeros): _trailing_zeros}


def _python_equivalent(value: Any) -> Any:
    """What a twin calls instead of a numba intrinsic (compiled-only code), or None when ``value`` is not one."""
    from inroads.kernels import words  # imported when a twin is first built, not by every kernel module

    if value is words.word:
        return _word
    unsafe = sys.modules.get("numba.cpython.unsafe.numbers")  # numba's own bit counts, imported by a kernel module
    if unsafe is not None and value is unsafe.leading_zeros:
        return _leading_zeros
    if unsafe is not None and value is unsafe.trailing_zeros:
        return _trailing_zeros
    return _INTRINSICS.get(id(value))


def _is_kernel(value: Any) -> bool:
    """A kernel declared through :mod:`inroads.kernels.jit`, or a dispatcher of numba's own (a kernel module that
    imports numba itself: it gets its twin all the same, only numba is then imported with it)."""
    if isinstance(value, jit.Kernel):
        return True
    numba = sys.modules.get("numba")
    return numba is not None and isinstance(value, numba.core.dispatcher.Dispatcher)


def _is_numba(value: Any) -> bool:
    return value is jit or (value is not None and value is sys.modules.get("numba"))


_twins: dict[int, types.FunctionType] = {}
_entries: dict[int, Callable[..., Any]] = {}


def interpreted(kernel: Callable[..., Any]) -> Callable[..., Any]:
    """The Python twin of a numba kernel (see the module notes); a plain function is returned as it is.

    numba's ``error_model="numpy"`` divides by zero into inf/nan silently; the twin's NumPy scalars do the same, with
    NumPy's warnings off for the call.
    """
    if not _is_kernel(kernel):
        return kernel
    entry = _entries.get(id(kernel))
    if entry is None:
        twin = _twin(kernel)

        def run(*args: Any) -> Any:
            with np.errstate(all="ignore"):
                return twin(*args)

        run.__name__, run.__doc__ = twin.__name__, twin.__doc__
        entry = _entries[id(kernel)] = run
    return entry


def _twin(kernel: Any) -> types.FunctionType:
    twin = _twins.get(id(kernel))
    if twin is not None:
        return twin
    source: types.FunctionType = kernel.py_func
    namespace = dict(source.__globals__)
    twin = types.FunctionType(source.__code__, namespace, source.__name__, source.__defaults__, source.__closure__)
    _twins[id(kernel)] = twin  # before its callees: kernels that call each other end in the same twins
    for name, value in source.__globals__.items():
        if _is_kernel(value):
            namespace[name] = _twin(value)
        elif _is_numba(value):
            namespace[name] = _SERIAL
        elif (equivalent := _python_equivalent(value)) is not None:
            namespace[name] = equivalent
    twin.__doc__ = source.__doc__
    return twin
