"""Checks of the values a user gives a plan: dates, stages, log kinds, free text. One clear line when wrong."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import numpy as np

from inroads.errors import PlanError

__all__ = ["fingerprint", "parse_date", "text"]

#: Longest free text kept in one field (a note, a next step): long enough for any note, short enough that a pasted
#: file does not bloat every page.
MAX_TEXT = 20_000


def parse_date(value: str | date | None, *, where: str) -> str | None:
    """An ISO date ``YYYY-MM-DD`` (``None`` stays ``None``; ``""`` also means none).

    Examples
    --------
    >>> parse_date("2027-01-15", where="--due")
    '2027-01-15'
    >>> parse_date("15/01/2027", where="--due")
    Traceback (most recent call last):
    ...
    inroads.errors.PlanError: --due: '15/01/2027' is not a date — write it as YYYY-MM-DD, e.g. 2027-01-15
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    stripped = str(value).strip()
    if not stripped:
        return None
    try:
        if len(stripped) != 10:
            raise ValueError(stripped)
        return date.fromisoformat(stripped).isoformat()
    except ValueError:
        raise PlanError(
            f"{value!r} is not a date", where=where, fix="write it as YYYY-MM-DD, e.g. 2027-01-15"
        ) from None


def text(value: Any, *, where: str, required: bool = False) -> str:
    """Free text from the user, stripped of surrounding blanks; checked for length (and presence)."""
    result = "" if value is None else str(value).strip()
    if required and not result:
        raise PlanError("must not be empty", where=where)
    if len(result) > MAX_TEXT:
        raise PlanError(
            f"is {len(result):,} characters long, more than {MAX_TEXT:,}",
            where=where,
            fix="shorten it (keep long documents elsewhere and link them)",
        )
    if "\x00" in result:
        raise PlanError("holds a NUL character", where=where, fix="remove it")
    return result


def fingerprint(g: Any) -> str:
    """SHA-256 of a graph's ids, direction, structure and weights: equal for the same network however it was read.

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> a = fingerprint(Graph.from_edges(["a", "b"], ["b", "c"]))
    >>> a == fingerprint(Graph.from_edges(["b", "a"], ["c", "b"])), len(a)
    (True, 64)
    """
    ids = np.asarray(g.ids).astype(str)
    # Canonical order (ids sorted, edges sorted by their ids' places), so reading order does not matter.
    order = np.argsort(ids, kind="stable")
    place = np.empty_like(order)
    place[order] = np.arange(order.size)
    src, dst, weights = g.edges()
    u, v = place[src], place[dst]
    if not g.directed:
        u, v = np.minimum(u, v), np.maximum(u, v)
    edge_order = np.lexsort((v, u))
    digest = hashlib.sha256()
    digest.update(b"directed\x00" if g.directed else b"undirected\x00")
    for node_id in ids[order].tolist():
        digest.update(node_id.encode("utf-8", "surrogatepass") + b"\x00")
    digest.update(np.ascontiguousarray(u[edge_order], dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(v[edge_order], dtype=np.int64).tobytes())
    if weights is not None:
        digest.update(np.ascontiguousarray(weights[edge_order], dtype=np.float64).tobytes())
    return digest.hexdigest()
