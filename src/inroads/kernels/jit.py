"""numba on demand: kernels are declared when their module loads and handed to numba on their first compiled call.

Importing numba costs 0.1-0.3 s of a process here (its compiler, llvmlite, the typing of NumPy), and a decorated
function is built at import. A small command never runs a kernel compiled (:mod:`inroads.kernels.interpreted` runs
small work in the interpreter while numba is cold), so it need not import numba at all. Kernel modules therefore use
this module in numba's place::

    from inroads.kernels import jit

    @jit.njit(cache=True, nogil=True, parallel=True)
    def kernel(...):
        for s in jit.prange(sources.shape[0]):
            t = jit.get_thread_id()

:func:`njit` returns a :class:`Kernel`: a stand-in that keeps the Python function and numba's options and builds
``numba.njit(**options)(function)`` on its first compiled call, the same dispatcher with the same on-disk cache
(numba keys its cache by the function's file, name and line, not by where the decorator ran). Everything else
numba offers is resolved to numba's own object when first asked for (``jit.prange`` *is* ``numba.prange`` once
numba is loaded), so numba's compiler sees exactly what it saw when the modules imported numba themselves:

- a kernel calling another one finds a :class:`Kernel` in its module's globals; numba types it through the
  ``_numba_type_`` protocol as the real dispatcher (so calls, ``inline="always"`` and caching behave as before);
- ``jit.prange``, ``jit.get_thread_id()`` ... are attributes of a module, which numba resolves with ``getattr`` at
  compile time, as it did ``nb.prange``.

A process that never calls a kernel compiled never imports numba (``tests/test_imports.py`` checks that a small
shortlist leaves ``numba`` out of ``sys.modules``).

Examples
--------
>>> import numpy as np
>>> @njit(cache=False, nogil=True)
... def total(values):
...     return values.sum()
>>> total(np.arange(4.0)), float(total.py_func(np.arange(4.0)))  # compiled, and the Python function itself
(6.0, 6.0)
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = [
    "NUMBA_NAMES",
    "Kernel",
    "Lazy",
    "configured_threads",
    "intrinsic",
    "leading_zeros",
    "load",
    "njit",
    "trailing_zeros",
]

#: numba's own names this module hands out (``jit.prange`` ...), each numba's object itself.
NUMBA_NAMES = frozenset({"config", "get_num_threads", "get_thread_id", "prange", "set_num_threads"})

# Re-entrant: building one kernel's dispatcher may import numba, whose import never comes back here, but a kernel
# built while another one is typed (``_numba_type_``, during a compilation) must not wait for itself.
_LOCK = threading.RLock()


_intrinsics: list[Lazy] = []
_loaded = False


def load() -> ModuleType:
    """numba, imported on first use (the rest of the process then pays nothing more for it).

    The intrinsics declared so far are built with it: numba registers an intrinsic's typing where every compilation
    looks first (``refresh``), so one built in the middle of compiling a kernel would not be seen by it.
    """
    global _loaded
    numba = importlib.import_module("numba")
    if not _loaded:
        with _LOCK:
            if not _loaded:
                for lazy in _intrinsics:
                    lazy.build_with(numba)
                _loaded = True
    return numba


def __getattr__(name: str) -> Any:
    """``jit.prange``, ``jit.get_thread_id`` ...: numba's object of that name (see :data:`NUMBA_NAMES`)."""
    if name not in NUMBA_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(load(), name)


def configured_threads() -> int:
    """numba's ``config.NUMBA_NUM_THREADS`` (the size of its thread pool), without importing numba where it can.

    numba fixes it when it is imported: ``$NUMBA_NUM_THREADS`` when set to a whole number, else the CPUs this process
    may run on (``os.sched_getaffinity``, or ``os.cpu_count()``), see ``numba/core/config.py``. That rule is repeated
    here so that a command which runs no kernel compiled can plan and report its threads without loading numba
    (0.1-0.3 s); in anything unusual (numba already loaded, a ``.numba_config.yaml`` in the working directory, a value
    numba would warn about and replace) numba itself answers. A test compares the two in fresh processes.
    """
    if "numba" in sys.modules or os.path.isfile(".numba_config.yaml"):
        return int(load().config.NUMBA_NUM_THREADS)
    value = os.environ.get("NUMBA_NUM_THREADS")
    if value is not None:
        count = int(value) if value.strip().isdigit() else 0
        return count if count > 0 else int(load().config.NUMBA_NUM_THREADS)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity on this platform (macOS, Windows): numba counts the CPUs
        return max(1, os.cpu_count() or 1)


class Lazy:
    """A numba object (a dispatcher, an intrinsic) built from ``build(numba)`` the first time it is needed.

    numba's compiler types it as the object it stands for (``_numba_type_``); Python calls go to that object.
    """

    def __init__(self, build: Callable[[ModuleType], Any]) -> None:
        self._build = build
        self._real: Any = None

    @property
    def real(self) -> Any:
        """The numba object itself (built, and numba imported, on first access)."""
        real = self._real
        if real is None:
            numba = load()
            with _LOCK:
                real = self.build_with(numba)
        return real

    def build_with(self, numba: ModuleType) -> Any:
        """The numba object, built now with ``numba`` unless it exists (callers hold the lock)."""
        if self._real is None:
            self._real = self._build(numba)
        return self._real

    @property
    def built(self) -> bool:
        """Whether :attr:`real` exists yet (never imports numba)."""
        return self._real is not None

    @property
    def _numba_type_(self) -> Any:
        # numba's ``typeof`` asks a value it does not know for this attribute: the stand-in is typed as what it
        # stands for, so a kernel calling it compiles as if the global held numba's own object.
        from numba.core.registry import cpu_target

        return cpu_target.typing_context.resolve_value_type(self.real)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.real(*args, **kwargs)


class Kernel(Lazy):
    """A kernel: its Python function (``py_func``), and numba's dispatcher of it built on the first compiled call.

    Public attributes it does not have itself (``signatures``, ``targetoptions``, ``stats`` ...) are the
    dispatcher's. It pickles by reference (module and name), as a function does.
    """

    def __init__(self, function: Callable[..., Any], options: dict[str, Any]) -> None:
        super().__init__(lambda numba: numba.njit(**options)(function))
        functools.update_wrapper(self, function)  # name, qualname, module, doc, __wrapped__: doctests find kernels
        self.py_func = function
        self.options = dict(options)

    def __getattr__(self, name: str) -> Any:
        # Only public names: Python's own probes (``__signature__``, ``_partialmethod`` ...) must not import numba.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real, name)

    def __reduce__(self) -> tuple[Callable[[str, str], Kernel], tuple[str, str]]:
        return _kernel_named, (self.__module__, self.__qualname__)

    def __repr__(self) -> str:
        return f"<inroads kernel {self.__module__}.{self.__qualname__}>"


def _kernel_named(module: str, qualname: str) -> Kernel:
    kernel = importlib.import_module(module)
    for part in qualname.split("."):
        kernel = getattr(kernel, part)
    return kernel  # type: ignore[return-value]


def njit(**options: Any) -> Callable[[Callable[..., Any]], Kernel]:
    """``numba.njit(**options)``, applied on the kernel's first compiled call (see the module notes)."""

    def declare(function: Callable[..., Any]) -> Kernel:
        return Kernel(function, options)

    return declare


def intrinsic(definition: Callable[..., Any]) -> Lazy:
    """``numba.extending.intrinsic(definition)``, built when numba is loaded (now, if it is already)."""
    lazy = Lazy(lambda numba: importlib.import_module("numba.extending").intrinsic(definition))
    with _LOCK:
        if _loaded:
            lazy.build_with(load())
        else:
            _intrinsics.append(lazy)
    return lazy


def _unsafe_number(name: str) -> Lazy:
    return Lazy(lambda numba: getattr(importlib.import_module("numba.cpython.unsafe.numbers"), name))


#: numba's bit-count intrinsics (``numba.cpython.unsafe.numbers``): zero bits above / below the lowest set one of a
#: 64-bit integer, one instruction each in compiled code.
leading_zeros, trailing_zeros = _unsafe_number("leading_zeros"), _unsafe_number("trailing_zeros")
