"""Interactions found in records, proposed as log entries of the plan (added only when the user accepts them).

Two sources, one table: a network read from mail or calendar records carries its owners' interactions
(``Graph.meta["record_events"]``: one ``email`` per message, one ``meeting`` per meeting, with each person;
:mod:`inroads.io.records.events`), given by :func:`record_interactions`; and a CSV the user made
(:func:`read_interactions`, ``plan refresh --contacts``). Whatever produced them, a table with one row per
interaction — ``id`` (the person), ``date`` (YYYY-MM-DD), and optionally ``kind`` and ``note`` — is what
:func:`propose` matches against the plan: rows about people in the plan, not already in their log (same person,
date, kind and note), each once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from inroads.errors import InputError
from inroads.plan.values import parse_date

if TYPE_CHECKING:
    from inroads.graph import Graph
    from inroads.plan.store import Plan

__all__ = ["INTERACTION_COLUMNS", "propose", "read_interactions", "record_interactions"]

INTERACTION_COLUMNS = ("id", "date", "kind", "note")


def read_interactions(path: str | Path) -> pd.DataFrame:
    """A CSV of interactions (columns ``id``, ``date``; optional ``kind``, default ``contact``, and ``note``).

    Examples
    --------
    >>> import io
    >>> read_interactions(io.StringIO("id,date\\nbob,2026-11-02\\n")).values.tolist()
    [['bob', '2026-11-02', 'contact', '']]
    """
    where = str(path) if isinstance(path, str | Path) else "--contacts"
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError("file not found", where=where, fix="check the path") from None
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise InputError(f"cannot read the interactions ({error})", where=where) from None
    missing = [c for c in ("id", "date") if c not in table.columns]
    if missing:
        raise InputError(f"no column {missing[0]!r}", where=where,
                         fix="give a CSV with columns id,date (and optionally kind,note)")  # fmt: skip
    table = table.reindex(columns=list(INTERACTION_COLUMNS), fill_value="")
    table["kind"] = table["kind"].where(table["kind"].str.strip() != "", "contact")
    dates = []
    for line, value in enumerate(table["date"].tolist(), start=2):  # line 1 is the header
        dates.append(parse_date(value, where=f"{where}:{line}") or "")
    table["date"] = dates
    return table[table["date"] != ""].reset_index(drop=True)


def record_interactions(g: Graph, people: Iterable[str] | None = None) -> pd.DataFrame | None:
    """The interactions of the records ``g`` was read from with ``people`` (everyone when None): ``id, date, kind,
    note``, one row per message or meeting and person; None when ``g`` does not come from mail or calendar records
    (a graph file, Slack, a table).

    Examples
    --------
    >>> from inroads.graph import Graph
    >>> record_interactions(Graph.from_edges(["a"], ["b"])) is None
    True
    """
    events = g.meta.get("record_events")
    return None if events is None else events.table(people)


def propose(plan: Plan, interactions: pd.DataFrame) -> pd.DataFrame:
    """The interactions that would be new log entries: about people in the plan, not already logged, once each.

    Returns columns ``id, label, date, kind, note``, by date then id.
    """
    table = interactions.reindex(columns=list(INTERACTION_COLUMNS)).fillna("").astype(str)
    table["date"] = [parse_date(d, where="interactions") or "" for d in table["date"]]
    table["kind"] = table["kind"].where(table["kind"].str.strip() != "", "contact")
    labels = dict(plan.db.execute("SELECT id, label FROM people").fetchall())
    logged = {tuple(row) for row in plan.db.execute("SELECT person, date, kind, note FROM log")}
    keep = table["id"].isin(labels) & (table["date"] != "")
    table = table[keep].drop_duplicates()
    fresh = [tuple(row) not in logged for row in table[list(INTERACTION_COLUMNS)].itertuples(index=False)]
    table = table[fresh].sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    table.insert(1, "label", table["id"].map(labels))
    return table
