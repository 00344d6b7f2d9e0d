"""The owners' interactions in mail and calendar records, one per message or meeting and person: what a plan logs.

The readers that see events (mail: ``email``; calendars: ``meeting``) keep a title beside each contact and group
(:class:`~inroads.io.records.ties.Records`); :func:`record_events` picks, under the same rules as the ties, those
that involve an owner of the records (``Graph.meta["owners"]``, see :mod:`inroads.owners`):

- a message from an owner to a person is ``email`` with that person, ``sent``; from a person to an owner (in To or
  Cc), ``received``. A message between two other people (the owner in Cc) is not an interaction of the owner with
  its sender's recipients, only with its sender;
- a meeting an owner attended is a ``meeting`` with every other attendee who did not decline;
- what the tie rules leave out is left out here too, for the same reasons: broadcasts (mailing lists, no-reply
  senders, more than ``--max-recipients``), duplicate Message-IDs, cancelled meetings, declined invitations, groups
  larger than ``--max-group``, anything outside ``--since``/``--until``, aliases merged. Reciprocity is *not*
  applied: a message the owner sent and nobody answered still happened.

:meth:`RecordEvents.table` gives them as the plan's interactions (``id, date, kind, note``;
:mod:`inroads.plan.interactions`): the date is the UTC day of the message or meeting (so the same records give the
same dates on every machine); records without a readable date, or dated after today (a recurring meeting expanded
ahead, a wrong clock), are not interactions yet. The note is neutral: ``sent: <subject>`` / ``received: <subject>``
for mail, the meeting's summary for a meeting; subjects are decoded only for the rows asked for.

Privacy: subjects and summaries are header fields of the user's own records (bodies are never read), and only
those with people already in the plan reach the plan file. A pseudonymized graph (``--pseudonymize``, see
:mod:`inroads.privacy`) carries pseudonymized ids here too and no titles at all (a subject often names people or
matters): the notes are then only ``sent``, ``received`` or empty.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from inroads.io.records.ties import Records, RuleOptions

__all__ = ["EVENT_COLUMNS", "RecordEvents", "record_events"]

#: Columns of :meth:`RecordEvents.table` (those of :data:`inroads.plan.interactions.INTERACTION_COLUMNS`).
EVENT_COLUMNS = ("id", "date", "kind", "note")
#: ``direction`` values: the owner wrote, the person wrote, they met.
SENT, RECEIVED, MET = 1, -1, 0
_NOTE = {SENT: "sent", RECEIVED: "received", MET: ""}
_YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC).timestamp()
#: Longest title kept in a note (a subject line is short; a pasted paragraph in a summary is not).
MAX_TITLE = 120


@dataclass(frozen=True, eq=False)
class RecordEvents:
    """One row per interaction of an owner with a person: ``ids`` (the person), ``when`` (epoch seconds, UTC),
    ``direction`` (:data:`SENT`, :data:`RECEIVED`, :data:`MET`) and ``titles`` (raw subject bytes or a summary;
    None: none). ``titles`` is empty when the graph was pseudonymized (no titles are kept)."""

    kind: str
    ids: np.ndarray
    when: np.ndarray
    direction: np.ndarray
    titles: Sequence[bytes | str | None]

    def __len__(self) -> int:
        return int(self.ids.size)

    def __repr__(self) -> str:  # short: ``meta`` is printed and written (``.inroads`` headers leave it out)
        return f"<RecordEvents {self.kind}: {len(self)} interactions>"

    def table(self, people: Iterable[str] | None = None, *, today: date | None = None) -> pd.DataFrame:
        """The interactions (``id, date, kind, note``) with ``people`` (all when None), in record order, dated on
        or before ``today`` (default: today, UTC).

        Examples
        --------
        >>> events = RecordEvents("email", np.array(["bo", "cy"], dtype=object), np.array([0.0, 86400.0]),
        ...                       np.array([SENT, RECEIVED], dtype=np.int8), [b"=?utf-8?q?Caf=C3=A9?=", None])
        >>> events.table().values.tolist()
        [['bo', '1970-01-01', 'email', 'sent: Café'], ['cy', '1970-01-02', 'email', 'received']]
        >>> len(events.table(["cy"]))
        1
        """
        today = today or datetime.now(UTC).date()
        end_of_today = datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp() + 86400
        # NaN (no readable date) fails both comparisons; before year 1 is a broken clock, not a date.
        keep = (self.when >= _YEAR_ONE) & (self.when < end_of_today)
        if people is not None:
            keep &= pd.Index(self.ids).isin(pd.Index(list(people), dtype=object))
        rows = np.flatnonzero(keep)
        # numpy, not pandas: pandas timestamps stop in 2262, a Date header can say anything.
        days = np.datetime_as_string(self.when[rows].astype("datetime64[s]"), unit="D")
        notes = []
        for row in rows.tolist():
            title = _title(self.titles[row]) if self.titles else ""
            label = _NOTE[int(self.direction[row])]
            notes.append(f"{label}: {title}" if label and title else label or title)
        return pd.DataFrame(
            {
                "id": self.ids[rows].astype(str) if rows.size else np.zeros(0, dtype=object),
                "date": np.asarray(days, dtype=object),
                "kind": self.kind,
                "note": np.asarray(notes, dtype=object),
            },
            columns=list(EVENT_COLUMNS),
        )

    def pseudonymized(self, salt: bytes) -> RecordEvents:
        """The same interactions with pseudonymized ids (:func:`inroads.privacy.pseudonym`) and no titles."""
        from inroads.privacy import pseudonym

        names = {value: pseudonym(str(value), salt) for value in dict.fromkeys(self.ids.tolist())}
        return replace(self, ids=np.asarray([names[v] for v in self.ids.tolist()], dtype=object), titles=())


def _title(raw: bytes | str | None) -> str:
    """A title as one short line: RFC 2047 words decoded, whitespace collapsed, cut at :data:`MAX_TITLE`."""
    if raw is None:
        return ""
    if isinstance(raw, bytes):
        from inroads.io.records.mail import _decoded, _text

        raw = _decoded(_text(raw))
    text = " ".join(raw.split())
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rstrip() + "…"


def record_events(
    records: Records,
    canonical: np.ndarray,
    who: np.ndarray,
    whom: np.ndarray,
    when: np.ndarray,
    keep: np.ndarray,
    options: RuleOptions,
) -> RecordEvents:
    """The owners' interactions in ``records`` (module docstring).

    ``who``, ``whom``, ``when`` are every contact (``who``/``whom`` already through ``canonical``, the aliases);
    ``keep`` marks those the tie rules keep before reciprocity (the window, no contact with oneself).
    """
    kind = str(records.events)
    owners = np.unique(canonical[[records.person(o) for o in records.owners]]) if records.owners else np.zeros(0, int)
    sent = keep & np.isin(who, owners)
    received = keep & ~sent & np.isin(whom, owners)
    rows = np.flatnonzero(sent | received)
    person = np.where(sent[rows], whom[rows], who[rows])
    direction = np.where(sent[rows], SENT, RECEIVED).astype(np.int8)
    times = when[rows]
    titles: list[bytes | str | None] = [records.titles[i] for i in rows.tolist()]
    met, met_when, met_titles = _meetings(records, canonical, set(owners.tolist()), options)
    ids = np.asarray(records.ids, dtype=object)
    return RecordEvents(
        kind=kind,
        ids=ids[np.concatenate([person, np.asarray(met, dtype=np.int64)])] if len(ids) else np.zeros(0, object),
        when=np.concatenate([times, np.asarray(met_when, dtype=np.float64)]),
        direction=np.concatenate([direction, np.full(len(met), MET, dtype=np.int8)]),
        titles=titles + met_titles,
    )


def _meetings(
    records: Records, canonical: np.ndarray, owners: set[int], options: RuleOptions
) -> tuple[list[int], list[float], list[bytes | str | None]]:
    """``(person, when, title)`` for every attendee of a meeting an owner attended, under the group rules."""
    people: list[int] = []
    times: list[float] = []
    titles: list[bytes | str | None] = []
    for (members, moment, _), title in zip(records.groups, records.group_titles, strict=True):
        if title is None or not owners:
            continue  # not an event (a message's co-recipients)
        if math.isfinite(moment) and (
            (options.since is not None and moment < options.since)
            or (options.until is not None and moment > options.until)
        ):
            continue
        present = list(dict.fromkeys(int(canonical[m]) for m in members))
        if len(present) < 2 or (options.max_group is not None and len(present) > options.max_group):
            continue
        hosts = owners.intersection(present)
        for member in present:
            if hosts - {member}:  # someone else in the meeting is an owner
                people.append(member)
                times.append(moment)
                titles.append(title)
    return people, times, titles
