"""Calendars: ``.ics`` files (one, a folder of them, or a zip), read with ``icalendar``; recurring meetings are
expanded with ``recurring-ical-events`` (RRULE, RDATE, EXDATE and moved occurrences).

Each occurrence of a meeting is a group: its organizer and every attendee who did not decline (``PARTSTAT=DECLINED``
is left out and counted), linked pairwise with Newman's weight ``1/(attendees - 1)`` (see
:mod:`~inroads.io.records.ties`). Cancelled meetings and meetings of one person are left out and counted. People are
their addresses (``mailto:``, case-folded, ``+tag`` stripped); ``CN`` gives the label. The owner of a calendar is
the person in most of its meetings. Each meeting keeps its ``SUMMARY`` for the owner's interactions a plan can log
(:mod:`~inroads.io.records.events`).

Recurrences are expanded within ``since``/``until``; without them, from the first meeting to one year after the
latest meeting start in the file (an open-ended weekly meeting must stop somewhere, and "today" would make the same
file give different networks on different days).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from inroads.errors import InputError
from inroads.io.records.archive import is_archive, members
from inroads.io.records.people import address_key
from inroads.io.records.ties import Records

__all__ = ["read_calendar"]

_DEFAULT_TAIL = timedelta(days=365)


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.timestamp()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()
    return math.nan


def _files(path: Path) -> list[tuple[str, bytes]]:
    if not path.exists():
        raise InputError("file not found", where=str(path), fix="check the path")
    if path.is_file() and not is_archive(path):
        try:
            return [(str(path), path.read_bytes())]
        except OSError as error:
            raise InputError(f"cannot read the file ({error.strerror})", where=str(path)) from None
    return [(f"{path}:{name}", data) for name, data in members(path) if name.lower().endswith(".ics")]


def _person(records: Records, prop: Any) -> tuple[int | None, str]:
    """The person of an ORGANIZER or ATTENDEE property, and their PARTSTAT."""
    value = str(prop)
    address = value.split(":", 1)[1] if value.lower().startswith("mailto:") else value
    if "@" not in address:
        return None, ""
    params = getattr(prop, "params", {})
    name = str(params.get("CN", "")).strip().strip('"')
    key = address_key(address)
    return records.person(key, name if name and name.casefold() != key else None), str(
        params.get("PARTSTAT", "")
    ).upper()


def read_calendar(paths: list[Path], *, since: float | None = None, until: float | None = None) -> Records:
    """Meetings of ``.ics`` files as groups of people (module docstring)."""
    import icalendar
    import recurring_ical_events

    records = Records("ics", str(paths[0]) if len(paths) == 1 else ", ".join(map(str, paths)), events="meeting")
    for path in paths:
        in_meetings: Counter[int] = Counter()
        files = _files(path)
        if not files:
            raise InputError("no .ics files here", where=str(path), fix="give a calendar export (.ics)")
        for where, data in files:
            try:
                calendar = icalendar.Calendar.from_ical(data.decode("utf-8-sig", errors="replace"))
            except (ValueError, IndexError, KeyError, TypeError) as error:
                raise InputError(f"not a valid calendar ({error})", where=where, fix="export it again") from None
            starts = [_epoch(e.decoded("DTSTART", None)) for e in calendar.walk("VEVENT")]
            starts = [s for s in starts if math.isfinite(s)]
            if not starts:
                records.counts["calendars without meetings"] += 1
                continue
            low = since if since is not None else min(starts)
            high = until if until is not None else max(starts) + _DEFAULT_TAIL.total_seconds()
            try:
                occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(
                    datetime.fromtimestamp(low, UTC), datetime.fromtimestamp(high, UTC) + timedelta(seconds=1)
                )
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                raise InputError(f"cannot expand the meetings ({error})", where=where, fix="export it again") from None
            for event in occurrences:
                _meeting(records, event, in_meetings)
        if in_meetings:
            best = max(in_meetings.values())
            records.owners.append(records.ids[min(p for p, c in in_meetings.items() if c == best)])
    if records.read["meetings"] == 0:
        raise InputError("no meetings found", where=records.source, fix="check the calendar or --since/--until")
    return records


def _meeting(records: Records, event: Any, in_meetings: Counter[int]) -> None:
    records.read["meetings"] += 1
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        records.drop("cancelled meetings")
        return
    people: list[int] = []
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        person, _ = _person(records, organizer)
        if person is not None:
            people.append(person)
    attendees = event.get("ATTENDEE", [])
    for prop in attendees if isinstance(attendees, list) else [attendees]:
        person, status = _person(records, prop)
        if person is None:
            continue
        if status == "DECLINED":
            records.drop("declined invitations")
            if person in people:
                people.remove(person)  # an organizer who declined their own meeting
            continue
        people.append(person)
    people = list(dict.fromkeys(people))
    in_meetings.update(people)
    # The summary titles the meeting in a plan's log (the owner's interactions, :mod:`~inroads.io.records.events`).
    records.group(people, _epoch(event.decoded("DTSTART", None)), title=str(event.get("SUMMARY", "")))
