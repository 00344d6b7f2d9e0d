"""The plan as a Python object: query it (pandas out) and change it (one transaction per change).

Every change goes through :func:`inroads.plan.schema.transaction` and leaves a row in ``changes`` (old and new
value), so an edit overwrites a field but never loses what it held. Nothing here deletes a person or a log entry.
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
from datetime import date as Date
from typing import Any

import pandas as pd

from inroads.errors import PlanConflictError, PlanError
from inroads.plan.schema import BUSY_TIMEOUT, connect, now, transaction
from inroads.plan.values import parse_date, text

__all__ = ["EDITABLE", "PERSON_COLUMNS", "Plan"]

#: The fields a user edits (``set``); ``stage`` is stored as the stage's position, shown by name.
EDITABLE = ("stage", "owner", "notes", "next_step", "due")
#: Columns of :meth:`Plan.people`, before the shortlist's own figures.
PERSON_COLUMNS = (
    "id",
    "label",
    "kind",
    "rank",
    "listed",
    "stage",
    "owner",
    "notes",
    "next_step",
    "due",
    "intro_path",
    "version",
    "added_at",
    "updated_at",
)
_PEOPLE_SQL = (
    "SELECT p.id, p.label, p.kind, p.rank, p.listed, s.name AS stage, p.owner, p.notes, p.next_step, p.due, "
    "p.intro_path, p.version, p.added_at, p.updated_at, p.figures, p.stage AS stage_position "
    "FROM people p JOIN stages s ON s.position = p.stage"
)


class Plan:
    """An open plan file. Use :func:`inroads.plan.open` or :func:`inroads.plan.create` to get one.

    Queries return pandas DataFrames (or plain dicts for one person); changes are one transaction each and return
    what was stored. A ``Plan`` is a context manager (closing the connection on exit).
    """

    def __init__(self, path: str | os.PathLike[str], db: sqlite3.Connection) -> None:
        self.path = str(path)
        self.db = db
        self.db.row_factory = sqlite3.Row

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, timeout: float = BUSY_TIMEOUT) -> Plan:
        return cls(path, connect(path, timeout=timeout))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Plan({self.path!r})"

    # ------------------------------------------------------------------------------------------------ queries
    def stages(self) -> list[str]:
        """Stage names in order."""
        return [row[0] for row in self.db.execute("SELECT name FROM stages ORDER BY position")]

    def people(self, *, listed: bool | None = None, figures: bool = True) -> pd.DataFrame:
        """Everyone in the plan, by rank (people who fell off the list last).

        Columns :data:`PERSON_COLUMNS` then, with ``figures``, every column of the person's latest shortlist row
        that the plan does not already hold (``betweenness``, ``closeness``, ``why``, ``niche``, ...).
        ``listed=True`` keeps the people on the latest list, ``False`` the ones who fell off it.
        """
        where = "" if listed is None else f" WHERE p.listed = {int(bool(listed))}"
        rows = self.db.execute(f"{_PEOPLE_SQL}{where} ORDER BY p.listed DESC, p.rank IS NULL, p.rank, p.id").fetchall()
        table = pd.DataFrame([tuple(r)[: len(PERSON_COLUMNS)] for r in rows], columns=list(PERSON_COLUMNS))
        table["listed"] = table["listed"].astype(bool)
        table["rank"] = table["rank"].astype("Int64")
        if figures and rows:
            extra = pd.DataFrame([json.loads(r["figures"]) for r in rows])
            keep = [c for c in extra.columns if c not in table.columns and c != "type"]
            table = pd.concat([table, extra[keep]], axis=1)
        return table

    def person(self, person: str) -> dict[str, Any]:
        """One person: the plan's fields, ``figures`` (the latest shortlist row as a dict) and ``log`` (a list)."""
        person_id = self.resolve(person)
        row = self.db.execute(f"{_PEOPLE_SQL} WHERE p.id = ?", (person_id,)).fetchone()
        record = {key: row[key] for key in PERSON_COLUMNS}
        record["listed"] = bool(record["listed"])
        record["figures"] = json.loads(row["figures"])
        record["log"] = [
            dict(r)
            for r in self.db.execute(
                "SELECT id, date, kind, note, source, added_at FROM log WHERE person = ? ORDER BY date DESC, id DESC",
                (person_id,),
            )
        ]
        return record

    def log(self, person: str | None = None, *, since: str | None = None) -> pd.DataFrame:
        """Log entries (newest first): ``entry, id, label, date, kind, note, source, added_at``."""
        clauses: list[str] = []
        values: list[str | None] = []
        if person is not None:
            clauses.append("l.person = ?")
            values.append(self.resolve(person))
        if since is not None:
            clauses.append("l.date >= ?")
            values.append(parse_date(since, where="--since"))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        query = (
            "SELECT l.id AS entry, l.person AS id, p.label, l.date, l.kind, l.note, l.source, l.added_at "
            f"FROM log l JOIN people p ON p.id = l.person{where} ORDER BY l.date DESC, l.id DESC"
        )
        return pd.read_sql_query(query, self.db, params=values)

    def changes(self, person: str | None = None, *, since: str | None = None) -> pd.DataFrame:
        """The history of every edit: ``id, field, old, new, at, source`` (oldest first)."""
        clauses: list[str] = []
        values: list[str | None] = []
        if person is not None:
            clauses.append("person = ?")
            values.append(self.resolve(person))
        if since is not None:
            clauses.append("at >= ?")
            values.append(parse_date(since, where="--since"))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return pd.read_sql_query(
            f"SELECT person AS id, field, old, new, at, source FROM changes{where} ORDER BY id", self.db, params=values
        )

    def refreshes(self) -> pd.DataFrame:
        """One row per analysis (``create`` and every refresh): ``refresh, at, source, fingerprint, nodes, edges``
        and ``summary`` (a dict: who rose, who fell, rank and kind changes)."""
        table = pd.read_sql_query(
            "SELECT id AS refresh, at, source, fingerprint, nodes, edges, summary FROM refreshes ORDER BY id", self.db
        )
        table["summary"] = [json.loads(s) for s in table["summary"]]
        return table

    def shortlist(self, refresh: int | None = None) -> pd.DataFrame:
        """The shortlist of one analysis (default: the latest) as the library returned it: every column, attrs."""
        chosen = refresh if refresh is not None else self.latest_refresh()
        head = self.db.execute("SELECT attrs, options FROM refreshes WHERE id = ?", (chosen,)).fetchone()
        if head is None:
            raise PlanError(f"no refresh {chosen}", where=self.path, fix="see `inroads plan status` for the history")
        rows = self.db.execute("SELECT row FROM shortlist WHERE refresh = ? ORDER BY rank", (chosen,)).fetchall()
        table = pd.DataFrame([json.loads(r[0]) for r in rows])
        table.attrs.update(json.loads(head["attrs"]))
        return table

    def latest_refresh(self) -> int:
        found = self.db.execute("SELECT max(id) FROM refreshes").fetchone()[0]
        if found is None:
            raise PlanError("the plan holds no analysis", where=self.path, fix="make it with `inroads plan create`")
        return int(found)

    def options(self) -> dict[str, Any]:
        """The shortlist options of the latest analysis (what ``refresh`` runs again)."""
        row = self.db.execute("SELECT options FROM refreshes ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row else {}

    def report(self) -> dict[str, Any] | None:
        """The report dict (:func:`inroads.report.build.build`) of the latest analysis, when it was kept."""
        row = self.db.execute("SELECT data FROM report ORDER BY refresh DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row else None

    def status(self, *, since: str | Date | None = None, today: str | Date | None = None) -> dict[str, Any]:
        """The funnel and its health; see :func:`inroads.plan.status.status`."""
        from inroads.plan.status import status

        return status(self, since=since, today=today)

    # --------------------------------------------------------------------------------------------- lookups
    def resolve(self, person: str) -> str:
        """The id of ``person``: an id, or else a display name held by exactly one person."""
        key = str(person)
        if self.db.execute("SELECT 1 FROM people WHERE id = ?", (key,)).fetchone():
            return key
        named = self.db.execute("SELECT id FROM people WHERE label = ? LIMIT 2", (key,)).fetchall()
        if len(named) == 1:
            return str(named[0][0])
        if len(named) > 1:
            raise PlanError(f"{key!r} is the name of several people", where=self.path, fix="give the id instead")
        ids = [r[0] for r in self.db.execute("SELECT id FROM people")]
        close = difflib.get_close_matches(key, ids, n=3)
        hint = f"did you mean {', '.join(repr(c) for c in close)}?" if close else "`inroads plan status` lists them"
        raise PlanError(f"no person {key!r} in the plan", where=self.path, fix=hint)

    def _stage_position(self, stage: str) -> int:
        wanted = str(stage).strip().casefold()
        for position, name in self.db.execute("SELECT position, name FROM stages ORDER BY position"):
            if name.casefold() == wanted:
                return int(position)
        raise PlanError(f"no stage {stage!r}", where="--stage", fix=f"use one of {', '.join(self.stages())}")

    # --------------------------------------------------------------------------------------------- changes
    def update(
        self,
        person: str,
        *,
        stage: str | None = None,
        owner: str | None = None,
        notes: str | None = None,
        next_step: str | None = None,
        due: str | Date | None = None,
        version: int | None = None,
        source: str = "user",
    ) -> dict[str, Any]:
        """Change some of a person's fields (``None`` leaves a field as it is; ``due=""`` clears the date).

        ``version``, when given, must be the person's current version (what the caller last read): otherwise
        :class:`~inroads.errors.PlanConflictError` and nothing changes — two tabs cannot silently overwrite each
        other. Each changed field leaves a row in ``changes``; the version goes up by one when anything changed.

        Returns
        -------
        dict
            The person after the change, as :meth:`person`.
        """
        wanted: dict[str, Any] = {}
        if owner is not None:
            wanted["owner"] = text(owner, where="--owner")
        if notes is not None:
            wanted["notes"] = text(notes, where="--notes")
        if next_step is not None:
            wanted["next_step"] = text(next_step, where="--next")
        if due is not None:
            wanted["due"] = parse_date(due, where="--due")
        with transaction(self.db, self.path):
            person_id = self.resolve(person)
            if stage is not None:
                wanted["stage"] = self._stage_position(stage)
            current = self.db.execute(
                "SELECT stage, owner, notes, next_step, due, version FROM people WHERE id = ?", (person_id,)
            ).fetchone()
            if version is not None and int(version) != int(current["version"]):
                raise PlanConflictError(
                    f"{person_id!r} was changed elsewhere since you read it (version {current['version']}, "
                    f"you had {version}); nothing was saved",
                    where=self.path,
                    fix="reload, check the other change, and make yours again",
                )
            changed = {key: value for key, value in wanted.items() if current[key] != value}
            if changed:
                at = now()
                names = dict(self.db.execute("SELECT position, name FROM stages").fetchall())
                assignments = ", ".join(f"{key} = ?" for key in changed)
                self.db.execute(
                    f"UPDATE people SET {assignments}, version = version + 1, updated_at = ? WHERE id = ?",
                    (*changed.values(), at, person_id),
                )
                self.db.executemany(
                    "INSERT INTO changes (person, field, old, new, at, source) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            person_id,
                            key,
                            *((names[current[key]], names[value]) if key == "stage" else (current[key], value)),
                            at,
                            source,
                        )
                        for key, value in changed.items()
                    ],
                )
        return self.person(person_id)

    def add_log(
        self, person: str, *, kind: str, note: str = "", date: str | Date | None = None, source: str = "user"
    ) -> int:
        """Log an interaction (``date`` defaults to today); returns the new entry's number."""
        kind_text = text(kind, where="--kind", required=True)
        note_text = text(note, where="--note")
        day = parse_date(date, where="--date") or Date.today().isoformat()
        with transaction(self.db, self.path):
            person_id = self.resolve(person)
            cursor = self.db.execute(
                "INSERT INTO log (person, date, kind, note, added_at, source) VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, day, kind_text, note_text, now(), source),
            )
        return int(cursor.lastrowid or 0)

    def rename_stage(self, old: str, new: str) -> list[str]:
        """Rename a stage (people keep their place in the funnel); returns the stage names."""
        name = text(new, where="NEW", required=True)
        with transaction(self.db, self.path):
            position = self._stage_position(old)
            clash = self.db.execute("SELECT position FROM stages WHERE name = ?", (name,)).fetchone()
            if clash is not None and int(clash[0]) != position:
                raise PlanError(f"a stage is already called {name!r}", where="NEW", fix="choose another name")
            self.db.execute("UPDATE stages SET name = ? WHERE position = ?", (name, position))
        return self.stages()
