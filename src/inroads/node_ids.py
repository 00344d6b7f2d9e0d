"""Node ids that stay in Arrow buffers until someone reads them as Python strings.

A graph read from a file or reloaded from ``.inroads`` holds its ids as an Arrow array (the numbers of an integer
edge list, or UTF-8 buffers mapped from the file); :attr:`Graph.ids <inroads.graph.Graph.ids>` turns them into
an object array of ``str`` on first access and keeps it. Making 100,000 Python strings costs about 4 ms, as long
as the whole reload of a 1M-edge graph, and a Dask worker that only needs the CSR never pays it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["IdsField", "arrow_strings", "take_ids"]


def _is_arrow(value: Any) -> bool:
    return isinstance(value, pa.Array | pa.ChunkedArray)


def arrow_strings(values: Any) -> pa.Array:
    """The ids as an Arrow ``large_string`` array (numbers printed as Python prints them)."""
    if not _is_arrow(values):
        return pa.array([str(v) for v in np.asarray(values, dtype=object).tolist()], type=pa.large_string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values if values.type == pa.large_string() else values.cast(pa.large_string())


def take_ids(values: Any, positions: np.ndarray) -> Any:
    """The ids at ``positions``, in the form they are stored (an Arrow array stays one)."""
    return values.take(pa.array(positions)) if _is_arrow(values) else values[positions]


def _python_strings(values: Any) -> np.ndarray:
    if not _is_arrow(values):
        return values
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = values.cast(pa.string())  # Arrow prints numbers three times faster than numpy's astype(str)
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=object)


class IdsField:
    """Descriptor of :attr:`Graph.ids`: stores an object array of ``str`` or an Arrow array, returns the former.

    The stored form sits in the instance ``__dict__`` under ``_ids``; the first read of an Arrow form replaces it
    with the strings (two threads racing both compute the same array, so no lock is needed).
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}"

    def __get__(self, graph: Any, owner: type | None = None) -> np.ndarray:
        if graph is None:  # class access: tells dataclasses the field has no default
            raise AttributeError(self._slot)
        stored = graph.__dict__[self._slot]
        if _is_arrow(stored):
            stored = _python_strings(stored)
            graph.__dict__[self._slot] = stored
        return stored

    def __set__(self, graph: Any, value: np.ndarray | pa.Array) -> None:
        graph.__dict__[self._slot] = value

    @staticmethod
    def stored(graph: Any) -> np.ndarray | pa.Array:
        """The ids as stored, without turning an Arrow form into Python strings."""
        return graph.__dict__["_ids"]
