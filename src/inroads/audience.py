"""The audience: the user's potential clients, picked from the node table by ``COLUMN=VALUE`` conditions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from inroads.errors import OptionError
from inroads.graph import Graph

__all__ = ["audience_mask", "parse_condition"]


def parse_condition(text: str) -> tuple[str, str]:
    """Split ``"COLUMN=VALUE"`` at the first ``=``; both sides are stripped of surrounding spaces.

    Examples
    --------
    >>> parse_condition("industry = finance")
    ('industry', 'finance')
    """
    column, sep, value = text.partition("=")
    if not sep or not column.strip():
        raise OptionError(f"{text!r} is not COLUMN=VALUE", where="--audience", fix='write it like "industry=finance"')
    return column.strip(), value.strip()


def _matches(column: pd.Series, value: str) -> np.ndarray:
    """Equal as text, or, for a numeric column, equal as a number (so ``value=3`` matches 3 and 3.0)."""
    present = column.notna().to_numpy()
    hit = (column.astype(str) == value).to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None:
            hit = hit | (pd.to_numeric(column, errors="coerce") == number).to_numpy(dtype=bool)
    return hit & present


def audience_mask(g: Graph, conditions: Sequence[str]) -> np.ndarray:
    """Boolean mask of the people matching the audience conditions.

    Conditions on the same column are alternatives (``sector=bank`` or ``sector=insurance``); conditions on
    different columns must all hold. Values compare as text, and as numbers for a numeric column.

    Parameters
    ----------
    g : Graph
        Needs a node table (``g.nodes``).
    conditions : sequence of str
        ``"COLUMN=VALUE"`` each.

    Raises
    ------
    OptionError
        A malformed condition, a column the node table lacks, or conditions that match no one.

    Examples
    --------
    >>> nodes = pd.DataFrame({"sector": ["bank", "shop", "insurer"], "city": ["Oslo", "Oslo", "Rome"]},
    ...                      index=["a", "b", "c"])
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"], nodes=nodes)
    >>> audience_mask(g, ["sector=bank", "sector=insurer"]).tolist()
    [True, False, True]
    >>> audience_mask(g, ["sector=bank", "sector=insurer", "city=Oslo"]).tolist()
    [True, False, False]
    """
    parsed = [parse_condition(text) for text in conditions]
    columns = [] if g.nodes is None else [str(c) for c in g.nodes.columns]
    by_column: dict[str, list[str]] = {}
    for column, value in parsed:
        if column not in columns:
            fix = f"node columns are: {', '.join(columns)}" if columns else "give a node table with --nodes"
            raise OptionError(f"no node column {column!r}", where="--audience", fix=fix)
        by_column.setdefault(column, []).append(value)
    assert g.nodes is not None  # a column was found above
    table = g.nodes.reindex(pd.Index(g.ids)) if len(g.nodes) != g.n else g.nodes
    mask = np.ones(g.n, dtype=bool)
    for column, values in by_column.items():
        any_value = np.zeros(g.n, dtype=bool)
        for value in values:
            any_value |= _matches(table[column], value)
        mask &= any_value
    if not mask.any():
        shown = ", ".join(f"{c}={v}" for c, v in parsed)
        first = next(iter(by_column))
        seen = ", ".join(repr(v) for v in pd.unique(table[first].dropna().astype(str))[:8])
        raise OptionError(f"no one matches {shown}", where="--audience", fix=f"values of {first} include {seen}")
    return mask
