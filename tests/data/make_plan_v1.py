"""How ``plan_v1.db`` was made: a plan as the first schema wrote it (kept, never regenerated, so the migration is
always tested against a real old file). Run once: ``python tests/data/make_plan_v1.py``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from inroads.plan.schema import APPLICATION_ID, SCHEMA_V1, STAGES

PATH = Path(__file__).with_name("plan_v1.db")
PEOPLE = [
    ("Valjean", "Jean Valjean", "awareness", 1, 2, "ann", "met twice", "coffee", "2026-11-01", "Me → Valjean", 6),
    ("Myriel", "Myriel", "awareness", 2, 0, "", "", "", None, "", 2),
    ("Marius", "<img src=x onerror=alert(1)>", "conversion", 3, 1, "bob", "<b>bold</b>", "call", None, "", 1),
    ("Javert", "Javert", "conversion", 4, 4, "", "", "", None, "", 1),
]

if __name__ == "__main__":
    PATH.unlink(missing_ok=True)
    db = sqlite3.connect(PATH, isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")
    db.executescript(SCHEMA_V1)
    db.executemany("INSERT INTO stages VALUES (?, ?)", list(enumerate(STAGES)))
    options = {
        "size": 4,
        "split": 0.5,
        "scope": "network",
        "audience": None,
        "me": None,
        "exclude": [],
        "include": [],
        "resolution": 1.0,
        "seed": 42,
    }
    attrs = {"method": "exact", "size": 4, "split": 0.5, "communities": 6}
    meta = {
        "created_at": "2026-09-01T10:00:00Z",
        "source": "lesmis.csv",
        "fingerprint": "0" * 64,
        "nodes": "77",
        "edges": "254",
        "options": json.dumps(options),
        "attrs": json.dumps(attrs),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
    for pid, label, kind, rank, stage, owner, notes, step, due, path, community in PEOPLE:
        figures = {
            "rank": rank,
            "id": pid,
            "label": label,
            "type": kind,
            "betweenness": 0.5 / rank,
            "community": community,
            "why": f"why {pid}",
        }
        db.execute(
            "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, label, kind, rank, stage, owner, notes, step, due, path, json.dumps(figures)),
        )
    db.executemany(
        "INSERT INTO log (person, date, kind, note) VALUES (?, ?, ?, ?)",
        [
            ("Valjean", "2026-09-10", "meeting", "first coffee"),
            ("Valjean", "2026-10-02", "call", "follow-up"),
            ("Marius", "2026-09-20", "email", "<script>alert(1)</script>"),
        ],
    )
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.close()
