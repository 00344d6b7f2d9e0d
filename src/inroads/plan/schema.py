"""The plan file's schema, its migrations, and the one way to connect to it and write to it.

A plan is one SQLite database (Python's :mod:`sqlite3`). Every connection runs in WAL mode (readers never block the
writer, and a killed writer leaves the last committed state), with foreign keys on, ``synchronous=FULL`` (a commit
is on disk before it is acknowledged) and a busy timeout. Every change is one ``BEGIN IMMEDIATE`` transaction
(:func:`transaction`): the write lock is taken before anything is read, so two writers queue instead of failing
half-way, and a writer that waits longer than the timeout gets :class:`~inroads.errors.PlanBusyError`, one line
that says to try again.

Versions
--------
``PRAGMA application_id`` marks the file as an inroads plan; ``PRAGMA user_version`` is its schema version.
Opening a plan migrates an older file in one transaction (:data:`MIGRATIONS`), so old files keep working; a file
written by a newer inroads is refused (never rewritten).

1. The first plan: ``meta`` (fingerprint and options as keys), ``stages``, ``people`` (one row per person with the
   shortlist row as JSON), ``log``.
2. Adds ``people.version`` (the edit check of two tabs), ``people.listed`` (still on the latest list),
   ``people.added_at``/``updated_at``, the ``changes`` history of every edit, ``refreshes`` (one row per analysis:
   create and every refresh), the ``shortlist`` of each refresh and the ``report`` of the latest.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from inroads.errors import PlanBusyError, PlanError

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "STAGES", "connect", "create_schema", "now", "transaction"]

#: ``PRAGMA application_id`` of a plan: "inrd" in ASCII.
APPLICATION_ID = 0x696E7264
SCHEMA_VERSION = 2
#: The stages a relationship goes through, in order (renameable per plan).
STAGES = ("identified", "introduced", "talking", "relationship", "advocate")
#: Seconds a writer waits for another writer before giving up with :class:`PlanBusyError` (environment variable
#: ``INROADS_PLAN_TIMEOUT`` to change it for the command line).
BUSY_TIMEOUT = float(os.environ.get("INROADS_PLAN_TIMEOUT", "5"))
_SQLITE_HEADER = b"SQLite format 3\x00"

SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stages (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0));
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    rank INTEGER,
    stage INTEGER NOT NULL REFERENCES stages(position),
    owner TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    due TEXT CHECK (due IS NULL OR date(due) = due),
    intro_path TEXT NOT NULL DEFAULT '',
    figures TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person TEXT NOT NULL REFERENCES people(id),
    date TEXT NOT NULL CHECK (date(date) = date),
    kind TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX log_person ON log(person, date);
"""

MIGRATION_2 = """
ALTER TABLE people ADD COLUMN listed INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1));
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN added_at TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE log ADD COLUMN added_at TEXT NOT NULL DEFAULT '';
ALTER TABLE log ADD COLUMN source TEXT NOT NULL DEFAULT 'user';
CREATE INDEX log_date ON log(date);
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person TEXT NOT NULL REFERENCES people(id),
    field TEXT NOT NULL,
    old TEXT,
    new TEXT,
    at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX changes_at ON changes(at);
CREATE INDEX changes_person ON changes(person);
CREATE TABLE refreshes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    nodes INTEGER,
    edges INTEGER,
    options TEXT NOT NULL,
    attrs TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE shortlist (
    refresh INTEGER NOT NULL REFERENCES refreshes(id),
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    rank INTEGER NOT NULL,
    kind TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (refresh, id)
);
CREATE TABLE report (refresh INTEGER PRIMARY KEY REFERENCES refreshes(id), data TEXT NOT NULL);
"""


def now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ`` (sorts as text, so ``--since`` compares strings)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _migrate_to_2(db: sqlite3.Connection) -> None:
    """v1 kept the analysis in ``meta``; it becomes refresh 1, with the people's rows as its shortlist."""
    for statement in _statements(MIGRATION_2):
        db.execute(statement)
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    created = meta.get("created_at") or now()
    db.execute("UPDATE people SET added_at = ?, updated_at = ?", (created, created))
    db.execute("UPDATE log SET added_at = ?", (created,))
    cursor = db.execute(
        "INSERT INTO refreshes (at, source, fingerprint, nodes, edges, options, attrs, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            created,
            meta.get("source", ""),
            meta.get("fingerprint", ""),
            int(meta["nodes"]) if meta.get("nodes") else None,
            int(meta["edges"]) if meta.get("edges") else None,
            meta.get("options", "{}"),
            meta.get("attrs", "{}"),
            '{"event": "create", "migrated_from": 1}',
        ),
    )
    db.execute(
        "INSERT INTO shortlist (refresh, id, label, rank, kind, row) "
        "SELECT ?, id, label, rank, kind, figures FROM people WHERE rank IS NOT NULL",
        (cursor.lastrowid,),
    )


#: ``MIGRATIONS[v]`` turns a version ``v - 1`` file into version ``v``, inside the caller's transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _migrate_to_2}


def _statements(script: str) -> list[str]:
    """Split a script of plain DDL (no triggers, no ``;`` inside literals) into statements: ``executescript``
    would commit the open transaction, and a migration must be one transaction."""
    return [part.strip() for part in script.split(";") if part.strip()]


def _busy(path: str | os.PathLike[str]) -> PlanBusyError:
    return PlanBusyError(
        "another inroads is writing to this plan and did not finish in time; nothing was changed",
        where=str(path),
        fix="try again in a moment (close other tabs of `inroads serve` if it keeps happening)",
    )


def _is_locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


@contextmanager
def transaction(db: sqlite3.Connection, path: str | os.PathLike[str] = "plan") -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction: committed when the block ends, rolled back on any exception.

    A lock held by another writer for longer than the busy timeout becomes :class:`PlanBusyError`.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _is_locked(error):
            raise _busy(path) from None
        raise
    try:
        yield db
        db.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if _is_locked(error):
            raise _busy(path) from None
        raise
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _configure(db: sqlite3.Connection, timeout: float) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = FULL")


def create_schema(path: str | os.PathLike[str], *, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """A new, empty plan of the current schema at ``path`` (which must not exist), with the default stages."""
    db = sqlite3.connect(str(path), isolation_level=None, timeout=timeout, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    _configure(db, timeout)
    with transaction(db, path):
        for statement in _statements(SCHEMA_V1):
            db.execute(statement)
        for statement in _statements(MIGRATION_2):
            db.execute(statement)
        db.executemany("INSERT INTO stages (position, name) VALUES (?, ?)", list(enumerate(STAGES)))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db


def connect(path: str | os.PathLike[str], *, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """Open an existing plan, migrating it to :data:`SCHEMA_VERSION` when it is older.

    Raises
    ------
    PlanError
        The file is missing, is not an inroads plan, or was written by a newer inroads.
    """
    where = str(path)
    file = Path(path)
    if not file.is_file():
        raise PlanError("no such plan file", where=where, fix="check the path, or make one with `inroads plan create`")
    try:
        with file.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise PlanError(f"cannot read the plan ({error.strerror})", where=where) from None
    if header != _SQLITE_HEADER:
        raise PlanError(
            "not an inroads plan (not an SQLite file)", where=where, fix="give a file made by `plan create`"
        )
    # mode=rw: opening never creates a file, even if it vanished since the check above.
    uri = f"{file.resolve().as_uri()}?mode=rw"
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout, check_same_thread=False)
        _configure(db, timeout)
        application, version = _identity(db)
    except sqlite3.DatabaseError as error:
        raise PlanError(f"cannot open the plan ({error})", where=where) from None
    if application != APPLICATION_ID:
        db.close()
        raise PlanError(
            "not an inroads plan (an SQLite file of something else)",
            where=where,
            fix="give a file made by `inroads plan create`",
        )
    if version > SCHEMA_VERSION:
        db.close()
        raise PlanError(
            f"the plan was written by a newer inroads (schema {version}; this one reads up to {SCHEMA_VERSION})",
            where=where,
            fix="upgrade inroads to open it",
        )
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    if version < SCHEMA_VERSION:
        _migrate(db, where)
    return db


def _identity(db: sqlite3.Connection) -> tuple[int, int]:
    application = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    return int(application), int(version)


def _migrate(db: sqlite3.Connection, where: str) -> None:
    with transaction(db, where):
        # Read again under the write lock: another process may have migrated the file meanwhile.
        _, version = _identity(db)
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise PlanError(f"the plan's links are broken after migration ({len(problems)} rows)", where=where)
