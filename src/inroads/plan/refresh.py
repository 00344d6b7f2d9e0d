"""Refresh: run the plan's shortlist again on a newer network and show what moved, never deleting the user's data.

Who rose into the top is *suggested* (added only when asked); who fell out is *flagged* (``listed = 0``) and kept
with every note, step and log entry; rank and kind changes are applied to the people still listed. Each refresh is
one row of ``refreshes`` with its whole shortlist, so the plan's history can be replayed (``plan status --since``).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import PlanError
from inroads.graph import Graph
from inroads.plan.analysis import _dumps, add_people, analyse, record
from inroads.plan.schema import now, transaction
from inroads.plan.store import Plan

__all__ = ["CHANGE_COLUMNS", "refresh"]

#: Columns of the table :func:`refresh` returns, one row per person whose place changed.
CHANGE_COLUMNS = ("change", "id", "label", "old_rank", "new_rank", "old_kind", "new_kind", "added")


def refresh(
    plan: Plan,
    g: Graph,
    *,
    add_suggested: bool = False,
    interactions: pd.DataFrame | None = None,
    accept: bool = False,
    report: bool = True,
    **centrality_options: Any,
) -> pd.DataFrame:
    """Run the plan's shortlist options on ``g`` and record the result.

    Parameters
    ----------
    plan : Plan
    g : Graph
        The newer network. It must share ids with the plan, or :class:`PlanError` (nothing changes).
    add_suggested : bool
        Add the people who rose into the list to the plan, at the first stage (otherwise they are only suggested);
        their interactions are then proposed too.
    interactions : pandas.DataFrame, optional
        More interactions (``id``, ``date``, ``kind``, ``note``; e.g. a ``--contacts`` CSV, see
        :mod:`inroads.plan.interactions`), besides those of the records ``g`` was read from (mail: one ``email``
        per message, calendars: one ``meeting`` per meeting, between the records' owners and each person; see
        :mod:`inroads.io.records.events`). Those with people of the plan that are not in the log yet are proposed.
    accept : bool
        Add the proposed interactions to the log (``source`` = ``refresh N``).
    report : bool
        Keep the new report for ``inroads serve``.

    Returns
    -------
    pandas.DataFrame
        :data:`CHANGE_COLUMNS`; ``change`` is ``rose`` (new on the list, not in the plan: suggested), ``fell``
        (in the plan, off the list: flagged), ``back`` (fell out earlier, listed again), ``rank`` or ``kind``;
        ``attrs["refresh"]`` is the refresh's number, ``attrs["summary"]`` its counts and ``attrs["proposed"]``
        the proposed log entries (a DataFrame, added when ``accept``; None when ``g`` is not mail or calendar
        records and no ``interactions`` were given).
    """
    from inroads.plan.interactions import propose, record_interactions

    known = [row[0] for row in plan.db.execute("SELECT id FROM people")]
    shared = pd.Index(known).isin(pd.Index(np.asarray(g.ids).astype(str)))
    if known and not shared.any():
        raise PlanError(
            f"the network shares no ids with the plan (none of its {len(known)} people is in it)",
            where=str(g.meta.get("source", "NETWORK")),
            fix="give a newer version of the same network (the same ids), with the same reading options",
        )
    options = plan.options()
    for key in ("exclude", "include"):
        options[key] = tuple(options.get(key) or ())
    table, report_dict = analyse(g, options, report=report, **centrality_options)
    rows = {str(row["id"]): row for row in table.to_dict(orient="records")}
    # The records' interactions with the plan's people (and the risers about to join it, with add_suggested).
    found = [
        t for t in (record_interactions(g, [*known, *rows] if add_suggested else known), interactions) if t is not None
    ]
    interactions = pd.concat(found, ignore_index=True) if found else None
    at = now()
    with transaction(plan.db, plan.path):
        people = {r["id"]: dict(r) for r in plan.db.execute("SELECT id, label, rank, kind, listed FROM people")}
        changes = _compare(people, rows)
        risers = [rows[c["id"]] for c in changes if c["change"] == "rose"]
        if add_suggested and risers:
            add_people(plan.db, risers, at)
            for change in changes:
                change["added"] = change["change"] == "rose"
        # After the risers joined: with add_suggested, their interactions are proposed too.
        proposed = propose(plan, interactions) if interactions is not None else None
        summary = {
            "event": "refresh",
            **{
                name: int(sum(c["change"] == name for c in changes))
                for name in ("rose", "fell", "back", "rank", "kind")
            },
            "proposed": 0 if proposed is None else len(proposed),
            "accepted": 0 if proposed is None or not accept else len(proposed),
        }
        refresh_id = record(plan.db, g, table, options=options, report=report_dict, summary=summary, at=at)
        for person_id, row in rows.items():
            if person_id in people:
                plan.db.execute(
                    "UPDATE people SET label = ?, kind = ?, rank = ?, listed = 1, intro_path = ?, figures = ? "
                    "WHERE id = ?",
                    (
                        str(row.get("label", person_id)),
                        str(row["type"]),
                        int(row["rank"]),
                        str(row.get("intro_path") or ""),
                        _dumps(row),
                        person_id,
                    ),
                )
        # Fell out: flagged and kept, with their last figures and everything the user wrote.
        plan.db.executemany(
            "UPDATE people SET listed = 0, rank = NULL WHERE id = ?",
            [(c["id"],) for c in changes if c["change"] == "fell"],
        )
        # The listing moves are history too: `plan status --since` and `plan show` see them.
        plan.db.executemany(
            "INSERT INTO changes (person, field, old, new, at, source) VALUES (?, 'listed', ?, ?, ?, ?)",
            [
                (c["id"], *(("1", "0") if c["change"] == "fell" else ("0", "1")), at, f"refresh {refresh_id}")
                for c in changes
                if c["change"] in ("fell", "back") or (c["change"] == "rose" and c["added"])
            ],
        )
        if proposed is not None and accept and len(proposed):
            plan.db.executemany(
                "INSERT INTO log (person, date, kind, note, added_at, source) VALUES (?, ?, ?, ?, ?, ?)",
                [(r.id, r.date, r.kind, r.note, at, f"refresh {refresh_id}") for r in proposed.itertuples()],
            )
    result = pd.DataFrame(changes, columns=list(CHANGE_COLUMNS))
    result["old_rank"] = result["old_rank"].astype("Int64")
    result["new_rank"] = result["new_rank"].astype("Int64")
    result.attrs.update(
        refresh=refresh_id, summary=summary, proposed=proposed, shortlist=json.loads(_dumps(dict(table.attrs)))
    )
    return result


def _compare(people: dict[str, dict[str, Any]], rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One dict per person whose place changed, in the new list's order, then the ones who fell out by old rank."""
    changes = []
    for person_id, row in rows.items():
        base = {
            "id": person_id,
            "label": str(row.get("label", person_id)),
            "new_rank": int(row["rank"]),
            "new_kind": str(row["type"]),
            "added": False,
        }
        before = people.get(person_id)
        if before is None:
            changes.append({**base, "change": "rose", "old_rank": None, "old_kind": None})
        elif not before["listed"]:
            changes.append({**base, "change": "back", "old_rank": None, "old_kind": before["kind"]})
        elif before["kind"] != base["new_kind"]:
            changes.append({**base, "change": "kind", "old_rank": before["rank"], "old_kind": before["kind"]})
        elif before["rank"] != base["new_rank"]:
            changes.append({**base, "change": "rank", "old_rank": before["rank"], "old_kind": before["kind"]})
    fell = [p for p in people.values() if p["listed"] and p["id"] not in rows]
    changes.extend(
        {
            "change": "fell",
            "id": before["id"],
            "label": before["label"],
            "old_rank": before["rank"],
            "new_rank": None,
            "old_kind": before["kind"],
            "new_kind": None,
            "added": False,
        }
        for before in sorted(fell, key=lambda p: (p["rank"] is None, p["rank"] or 0, p["id"]))
    )
    return changes
