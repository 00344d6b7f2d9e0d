"""Export a plan: CSV (one row per person), JSON (everything: people, log, changes, refreshes) and iCalendar (each
dated next step as an all-day event with a reminder, for any calendar application)."""

from __future__ import annotations

import hashlib
import json
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING

from inroads.errors import OptionError
from inroads.report.render import Result, render, to_jsonable

if TYPE_CHECKING:
    from inroads.plan.store import Plan

__all__ = ["EXPORT_FORMATS", "export"]

EXPORT_FORMATS = ("csv", "json", "ics")


def export(plan: Plan, fmt: str) -> str:
    """The plan as ``csv``, ``json`` or ``ics`` text.

    ``ics``: one all-day ``VEVENT`` per person with a next step and a due date, with a display alarm at 9:00 on
    the day; the ``UID`` is derived from the plan's first analysis and the person's id, so importing a later export
    updates the events instead of duplicating them (RFC 5545).
    """
    if fmt == "csv":
        return render(Result(table=plan.people()), "csv")
    if fmt == "json":
        people = plan.people(figures=False)
        payload = {
            "plan": plan.path,
            "stages": plan.stages(),
            "people": [{**record, "figures": plan.person(record["id"])["figures"]} for record in to_jsonable(people)],
            "log": to_jsonable(plan.log()),
            "changes": to_jsonable(plan.changes()),
            "refreshes": to_jsonable(plan.refreshes()),
            "options": plan.options(),
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if fmt == "ics":
        return _ics(plan)
    raise OptionError(f"unknown format {fmt!r}", where="--format", fix=f"use one of {', '.join(EXPORT_FORMATS)}")


def _ics(plan: Plan) -> str:
    import icalendar

    from inroads import __version__

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//inroads//plan {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "inroads plan")
    first = plan.db.execute("SELECT fingerprint || at FROM refreshes ORDER BY id LIMIT 1").fetchone()
    salt = first[0] if first else plan.path
    rows = plan.db.execute(
        "SELECT p.id, p.label, p.kind, s.name AS stage, p.owner, p.notes, p.next_step, p.due, p.updated_at "
        "FROM people p JOIN stages s ON s.position = p.stage WHERE p.due IS NOT NULL ORDER BY p.due, p.id"
    ).fetchall()
    for row in rows:
        day = Date.fromisoformat(row["due"])
        event = icalendar.Event()
        uid = hashlib.sha256(f"{salt}\x00{row['id']}".encode()).hexdigest()[:32]
        event.add("uid", f"{uid}@inroads.plan")
        event.add("dtstamp", icalendar.vDatetime.from_ical(row["updated_at"].replace("-", "").replace(":", "")))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        step = row["next_step"] or "next step"
        event.add("summary", f"{step} — {row['label']}")
        details = [f"{row['label']} ({row['id']}), {row['kind']} influencer, stage: {row['stage']}"]
        if row["owner"]:
            details.append(f"owner: {row['owner']}")
        if row["notes"]:
            details.append(f"notes: {row['notes']}")
        event.add("description", "\n".join(details))
        event.add("categories", ["inroads", row["kind"]])
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{step} — {row['label']}")
        alarm.add("trigger", timedelta(hours=9))  # 9:00 on the day (relative to the all-day start)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
