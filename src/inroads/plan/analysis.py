"""Run the shortlist for a plan and keep it: ``create`` a plan, and the record both ``create`` and ``refresh`` write.

The shortlist is stored generically: each row keeps typed columns (``id``, ``label``, ``rank``, ``kind``) for
queries and the whole row (every column the library returned, whatever they are) as JSON; the table's ``attrs``
go with the refresh. So new shortlist columns reach the plan without a migration.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd

from inroads.errors import PlanError
from inroads.graph import Graph
from inroads.influencers import DEFAULTS
from inroads.plan.schema import create_schema, now, transaction
from inroads.plan.values import fingerprint
from inroads.report.render import to_jsonable

__all__ = ["SHORTLIST_OPTIONS", "analyse", "create", "record"]

#: The keyword arguments of :func:`inroads.shortlist` a plan keeps and runs again on refresh.
SHORTLIST_OPTIONS = (*DEFAULTS, "include_owners")


def _dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def analyse(
    g: Graph, options: dict[str, Any], *, report: bool = True, **centrality_options: Any
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """The shortlist of ``g`` under ``options`` (through the library, never a copy of its rule) and, with
    ``report``, the report dict of :func:`inroads.report.build.build` from the same scores and communities."""
    from inroads.influencers import shortlist_and_scores

    unknown = sorted(set(options) - set(SHORTLIST_OPTIONS))
    if unknown:
        raise PlanError(f"unknown shortlist option {unknown[0]!r}", fix=f"use {', '.join(SHORTLIST_OPTIONS)}")
    table, scores, found = shortlist_and_scores(g, **options, **centrality_options)
    if not report:
        return table, None
    from inroads.report.build import build

    return table, build(g, table, scores=scores, communities=found)


def _kept_options(options: dict[str, Any]) -> dict[str, Any]:
    kept = {}
    for key, value in options.items():
        kept[key] = list(value) if key in ("exclude", "include", "audience") and value is not None else value
    return to_jsonable(kept)


def record(
    db: sqlite3.Connection,
    g: Graph,
    table: pd.DataFrame,
    *,
    options: dict[str, Any],
    report: dict[str, Any] | None,
    summary: dict[str, Any],
    at: str,
) -> int:
    """Insert one analysis (a ``refreshes`` row, its shortlist, its report) inside the caller's transaction."""
    cursor = db.execute(
        "INSERT INTO refreshes (at, source, fingerprint, nodes, edges, options, attrs, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            str(g.meta.get("source", "")),
            fingerprint(g),
            int(g.n),
            int(g.m),
            _dumps(_kept_options(options)),
            _dumps(dict(table.attrs)),
            _dumps(summary),
        ),
    )
    refresh = int(cursor.lastrowid or 0)
    db.executemany(
        "INSERT INTO shortlist (refresh, id, label, rank, kind, row) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (refresh, str(row["id"]), str(row.get("label", row["id"])), int(row["rank"]), str(row["type"]), _dumps(row))
            for row in table.to_dict(orient="records")
        ],
    )
    if report is not None:
        db.execute("INSERT OR REPLACE INTO report (refresh, data) VALUES (?, ?)", (refresh, _dumps(report)))
        # Only the latest report is kept: it is derived from the stored analysis, not the user's data.
        db.execute("DELETE FROM report WHERE refresh <> ?", (refresh,))
    return refresh


def add_people(db: sqlite3.Connection, rows: list[dict[str, Any]], at: str) -> None:
    """New people at the first stage, from shortlist rows (inside the caller's transaction)."""
    first = db.execute("SELECT min(position) FROM stages").fetchone()[0]
    db.executemany(
        "INSERT INTO people (id, label, kind, rank, listed, stage, intro_path, figures, version, added_at, updated_at)"
        " VALUES (?, ?, ?, ?, 1, ?, ?, ?, 1, ?, ?)",
        [
            (
                str(row["id"]),
                str(row.get("label", row["id"])),
                str(row["type"]),
                int(row["rank"]),
                first,
                str(row.get("intro_path") or ""),
                _dumps(row),
                at,
                at,
            )
            for row in rows
        ],
    )


def create(
    path: str | os.PathLike[str], g: Graph, *, report: bool = True, **options: Any
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """Write a new plan at ``path`` from the shortlist of ``g``; ``options`` are those of :func:`inroads.shortlist`
    (plus ``threads``, ``progress`` for the engine). The file appears complete or not at all.

    Returns the shortlist and the report dict (or ``None``).
    """
    target = Path(path)
    if target.exists():
        raise PlanError(
            "the file already exists; a plan is never overwritten",
            where=str(target),
            fix="choose another -o, or update it with `inroads plan refresh`",
        )
    if not (target.parent if str(target.parent) else Path(".")).is_dir():
        raise PlanError("the folder does not exist", where=str(target), fix="create it or change -o")
    engine = {key: options.pop(key) for key in ("threads", "progress") if key in options}
    table, report_dict = analyse(g, options, report=report, **engine)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        db = create_schema(temporary)
        try:
            at = now()
            with transaction(db, temporary):
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("created_at", at), ("source", str(g.meta.get("source", ""))), ("fingerprint", fingerprint(g))],
                )
                record(db, g, table, options=options, report=report_dict, summary={"event": "create"}, at=at)
                add_people(db, table.to_dict(orient="records"), at)
        finally:
            db.close()  # the last connection's close checkpoints the WAL into the file
        try:
            os.link(temporary, target)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise PlanError("the file already exists; a plan is never overwritten", where=str(target)) from None
        except OSError:
            os.replace(temporary, target)  # a file system without hard links
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)
    return table, report_dict
