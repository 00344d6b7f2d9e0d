"""What every reader returns before it becomes a Graph, and the one place weights are chosen and checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from inroads.errors import InputError, OptionError
from inroads.graph import Graph
from inroads.kernels.edges import dense_first_appearance

__all__ = ["Parsed", "encode_ids", "encode_int_ids", "to_graph"]


@dataclass
class Parsed:
    """A network as read from a file, before options are applied.

    Attributes
    ----------
    sources, targets : numpy.ndarray of int
        Endpoints as positions into ``ids``.
    ids : numpy.ndarray of str (object), or a pyarrow Array
        Node ids in order of first appearance (isolated nodes included where the format lists nodes); the edge-list
        readers leave them in Arrow (numbers or strings), made into Python strings only when the graph's ids are read.
    directed : bool or None
        What the file declares; None when it says nothing (plain edge lists).
    columns : dict
        Edge attributes by name, aligned with ``sources`` (raw values: numbers or strings).
    line_of : callable
        Edge position → line number in the file (None when unknown); only called to word an error.
    """

    sources: np.ndarray
    targets: np.ndarray
    ids: np.ndarray | pa.Array
    directed: bool | None
    format: str
    columns: dict[str, Any] = field(default_factory=dict)
    labels: np.ndarray | None = None
    nodes: pd.DataFrame | None = None
    line_of: Callable[[int], int | None] = lambda _: None


def encode_ids(source: pa.Array | pa.ChunkedArray, target: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, ...]:
    """Integer codes of two id columns and the ids (an Arrow string array), numbered in order of first appearance.

    The columns are interleaved (row 1's source, row 1's target, row 2's source, ...) and dictionary-encoded by
    Arrow in one hashing pass, so no Python string is made per edge.

    Examples
    --------
    >>> s, t, ids = encode_ids(pa.array(["b", "c"]), pa.array(["a", "b"]))
    >>> s.tolist(), t.tolist(), ids.tolist()
    ([0, 2], [1, 0], ['b', 'a', 'c'])
    """
    source, target = _combine(source), _combine(target)
    if source.type != target.type:
        source, target = source.cast(pa.string()), target.cast(pa.string())
    m = len(source)
    if m == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), pa.array([], type=pa.string())
    order = np.empty(2 * m, dtype=np.int64)
    order[0::2] = np.arange(m)
    order[1::2] = np.arange(m, 2 * m)
    interleaved = pa.concat_arrays([source, target]).take(pa.array(order))
    encoded = interleaved.dictionary_encode()
    del interleaved
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    dictionary = encoded.dictionary
    if not pa.types.is_string(dictionary.type) and not pa.types.is_large_string(dictionary.type):
        dictionary = dictionary.cast(pa.string())
    return codes[0::2], codes[1::2], dictionary


def encode_int_ids(
    source: np.ndarray, target: np.ndarray, bounds: tuple[int, int] | None = None, *, in_place: bool = False
) -> tuple[np.ndarray, ...]:
    """Like :func:`encode_ids` for integer ids: ``(source codes, target codes, distinct ids)``, the ids as numbers
    (an int64 numpy array; a Graph prints them as Python does when its ids are first read). ``bounds``: the smallest
    and largest id, when known; ``in_place``: int32 inputs may be overwritten by the codes.

    Examples
    --------
    >>> s, t, ids = encode_int_ids(np.array([7, 9]), np.array([3, 7]))
    >>> s.tolist(), t.tolist(), ids.tolist()
    ([0, 2], [1, 0], [7, 3, 9])
    """
    dense = dense_first_appearance(source, target, bounds, in_place=in_place)
    if dense is not None:  # ids are small numbers, the usual case: a direct-address table, no hashing
        s_codes, t_codes, uniques = dense
    else:
        m = source.shape[0]
        interleaved = np.empty(2 * m, dtype=np.int64)
        interleaved[0::2], interleaved[1::2] = source, target
        codes, uniques = pd.factorize(interleaved)
        del interleaved
        dtype = np.int32 if uniques.size < np.iinfo(np.int32).max else np.int64
        s_codes, t_codes = codes[0::2].astype(dtype), codes[1::2].astype(dtype)
    return s_codes, t_codes, np.asarray(uniques)


def _combine(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _as_float(raw: Any) -> np.ndarray:
    """Numbers of a column; what is not a number becomes NaN."""
    if isinstance(raw, pa.ChunkedArray | pa.Array):
        try:
            # Arrow's cast is the fast path; it refuses the whole column at the first bad value.
            return np.asarray(raw.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raw = raw.to_numpy(zero_copy_only=False)
    return pd.to_numeric(pd.Series(raw, dtype=object), errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _weights(parsed: Parsed, column: str, kind: str, where: str) -> np.ndarray:
    if column not in parsed.columns:
        known = ", ".join(map(str, parsed.columns)) or "none"
        raise OptionError(
            f"{where} has no edge attribute {column!r}",
            where=f"--{kind}",
            fix=f"edge attributes are: {known}",
        )
    raw = parsed.columns[column]
    values = _as_float(raw)
    bad = ~np.isfinite(values) | (values <= 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        line = parsed.line_of(first)
        shown = raw[first] if not isinstance(raw, pa.ChunkedArray | pa.Array) else raw[first].as_py()
        place = f"{where}:{line}" if line is not None else where
        problem = "is not a number" if np.isnan(values[first]) else "is not positive"
        raise InputError(
            f"the edge has no {kind} value" if shown is None else f"{kind} {shown!r} {problem}",
            where=place,
            fix=f"{kind}s must be positive numbers: fix or remove that edge",
        )
    return values


def to_graph(
    parsed: Parsed,
    *,
    where: str,
    directed: bool | None = None,
    strength: str | None = None,
    distance: str | None = None,
) -> Graph:
    """The Graph of ``parsed``: direction from the option, else the file's declaration, else undirected."""
    if strength and distance:
        raise OptionError("give either --strength or --distance, not both", where="--strength/--distance")
    if len(parsed.ids) == 0:
        raise InputError("the file holds no nodes", where=where, fix="check the file (is it the right one?)")
    weights, kind = None, None
    if strength:
        weights, kind = _weights(parsed, strength, "strength", where), "strength"
    elif distance:
        weights, kind = _weights(parsed, distance, "distance", where), "distance"
    is_directed = directed if directed is not None else bool(parsed.directed)
    return Graph.from_edges(
        parsed.sources,
        parsed.targets,
        ids=parsed.ids,
        directed=is_directed,
        weights=weights,
        weight_kind=kind,  # type: ignore[arg-type]
        labels=parsed.labels,
        nodes=parsed.nodes,
        meta={"source": where, "format": parsed.format},
    )
