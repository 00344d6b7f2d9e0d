"""The four parsing strategies of io/delimited.py: each one that accepts a file reads the same edges from it, and
the dispatcher hands each kind of file to the fastest strategy that takes it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.io import delimited
from inroads.io.parsed import Parsed


def rows(parsed: Parsed) -> list[tuple[Any, ...]]:
    """Each edge as (source id, target id, other columns as floats or text), in file order: what every strategy must
    agree on (ids come out as numbers or as text, attribute columns as numbers or text, by strategy)."""
    ids = [str(i) for i in (parsed.ids.to_pylist() if hasattr(parsed.ids, "to_pylist") else parsed.ids.tolist())]
    columns = {name: np.asarray(column) for name, column in parsed.columns.items()}
    out = []
    for row in range(len(parsed.sources)):
        extra = []
        for name in sorted(columns):
            value = columns[name][row]
            try:
                extra.append(float(value))
            except (TypeError, ValueError):
                extra.append(str(value))
        out.append((ids[parsed.sources[row]], ids[parsed.targets[row]], *extra))
    return out


def every_strategy(data: bytes, fmt: str = "csv") -> dict[str, Parsed | None]:
    """What each strategy makes of ``data`` on its own (None: it declines)."""
    layout = delimited._layout(data, where="x", format=fmt, source=None, target=None, wanted=())
    table = delimited._arrow_guess(layout)
    return {
        "int pairs": delimited._read_int_pairs(layout),
        "text pairs": delimited._read_text_pairs(layout) if len(layout.names) == 2 else None,
        "arrow ints": None if table is None else delimited._read_arrow_ints(layout, table),
        "arrow text": delimited._read_arrow_text(layout, None),
    }


@pytest.mark.parametrize(
    ("text", "accepting", "chosen_ids"),
    [
        # canonical integers: every strategy but the text pass (which takes them as text, also fine) reads them
        ("1,2\n2,3\n3,1\n", {"int pairs", "text pairs", "arrow ints", "arrow text"}, [1, 2, 3]),
        ("1,2,0.5\n2,3,2\n", {"int pairs", "arrow ints", "arrow text"}, [1, 2, 3]),
        # text ids: the numba text pass, or Arrow as text
        ("ann,bob\nbob,cy\n", {"text pairs", "arrow text"}, ["ann", "bob", "cy"]),
        # "007" is not the canonical spelling of 7: no integer strategy may take it
        ("007,1\n1,2\n", {"text pairs", "arrow text"}, ["007", "1", "2"]),
        # four columns: only Arrow
        ("1,2,a,b\n2,3,c,d\n", {"arrow ints", "arrow text"}, [1, 2, 3]),
        # a comment line inside the body: only the text strategy, which removes it
        ("a,b,1\n# note\nb,c,2\n", {"arrow text"}, ["a", "b", "c"]),
    ],
)
def test_strategies_agree_and_the_fastest_is_chosen(text: str, accepting: set[str], chosen_ids: list[Any]) -> None:
    data = text.encode()
    results = every_strategy(data)
    assert {name for name, parsed in results.items() if parsed is not None} == accepting
    expected = rows(results["arrow text"])  # type: ignore[arg-type]
    for name in accepting:
        assert rows(results[name]) == expected, name  # type: ignore[arg-type]
    # The dispatcher's result is the first accepting strategy's (its ids keep that strategy's type).
    chosen = delimited.read_delimited(data, where="x", format="csv")
    assert rows(chosen) == expected
    assert chosen.ids.to_pylist() == chosen_ids


ids = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(-50, 50).map(str),
    st.sampled_from(["007", "+7", "a", "bob", "x-1", "1.5"]),
)


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(st.tuples(ids, ids, st.integers(1, 9)), min_size=1, max_size=12),
    weighted=st.booleans(),
    delimiter=st.sampled_from([",", "\t", " "]),
)
def test_every_accepting_strategy_reads_the_same_edges(
    edges: list[tuple[str, str, int]], weighted: bool, delimiter: str
) -> None:
    # A header row, so that whether the first row names columns never depends on the ids drawn ("0,a" over "0,0"
    # reads as a header by design).
    names = ["source", "target", "weight"] if weighted else ["source", "target"]
    body = "".join(delimiter.join([s, t, str(w)] if weighted else [s, t]) + "\n" for s, t, w in edges)
    text = delimiter.join(names) + "\n" + body
    results = every_strategy(text.encode(), "edgelist" if delimiter == " " else "csv")
    expected = rows(results["arrow text"])  # type: ignore[arg-type]
    assert [r[:2] for r in expected] == [(s, t) for s, t, _ in edges]
    for name, parsed in results.items():
        if parsed is not None:
            assert rows(parsed) == expected, name
