"""Generic tables for every other source (CRM exports, social-listening exports, event lists).

``--source``/``--target`` name other columns for who/whom (person/group), ``--strength`` the weight column.

* **Interactions** — columns ``who``, ``whom`` and optionally ``when`` (ISO date or date-time), ``kind`` and
  ``weight``: one row per message, reply, mention or meeting; a directed contact of that weight (default 1).
* **Memberships** — columns ``person``, ``group`` and optionally ``when`` and ``weight``: one row per attendance,
  board seat, authorship or channel membership. A group's members are linked pairwise with Newman's weight
  ``1/(size - 1)`` (see :mod:`~inroads.io.records.ties`); its date is its latest row's, its weight its largest.

Comma, tab or semicolon separated (sniffed from the header), UTF-8, compressed or not. A person is known by their
address (case-folded, ``+tag`` stripped) when the value holds ``@``, else by their name (spaces collapsed, case
folded); a name as written is the label. Rows with an empty person are left out and counted.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from inroads.errors import InputError, OptionError
from inroads.io.compression import read_bytes
from inroads.io.records.people import key_of
from inroads.io.records.ties import Records

__all__ = ["read_table"]

_COLUMNS = {"interactions": ("who", "whom"), "memberships": ("person", "group")}
_HOW = {"who": "name the column who or give --source", "whom": "name the column whom or give --target",
        "person": "name the column person or give --source", "group": "name the column group or give --target",
        "weight": "name the column weight or give --strength"}  # fmt: skip


def _frame(path: Path) -> pd.DataFrame:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", where=f"{path}:{line}", fix="save the table as UTF-8") from None
    header = text.split("\n", 1)[0]
    separator = max(("\t", ";", ","), key=header.count)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"cannot parse the table ({error})", where=str(path), fix="check the file") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame


def _column(frame: pd.DataFrame, name: str, given: str | None, path: Path, required: bool) -> str | None:
    wanted = (given or name).strip().lower()
    if wanted in frame.columns:
        return wanted
    if required or given:
        raise InputError(
            f"no column {wanted!r}",
            where=str(path),
            fix=f"columns are: {', '.join(frame.columns)}; {_HOW.get(name, 'rename the column')}",
        )
    return None


def _dates(frame: pd.DataFrame, column: str | None, path: Path) -> np.ndarray:
    if column is None:
        return np.full(len(frame), np.nan)
    raw = frame[column].str.strip()
    parsed = pd.to_datetime(raw.where(raw != ""), errors="coerce", utc=True, format="mixed")
    bad = parsed.isna() & (raw != "")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"cannot read the date {raw.iloc[row]!r}", where=f"{path}:{row + 2}", fix="write dates as YYYY-MM-DD"
        )
    seconds = (parsed - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(seconds=1)
    return seconds.to_numpy(dtype=np.float64, na_value=np.nan)


def _weights(frame: pd.DataFrame, column: str | None, path: Path) -> np.ndarray:
    if column is None:
        return np.ones(len(frame))
    raw = frame[column].str.strip()
    values = pd.to_numeric(raw.where(raw != "", "1"), errors="coerce").to_numpy(dtype=np.float64)
    bad = ~np.isfinite(values) | (values <= 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"weight {raw.iloc[row]!r} is not a positive number",
            where=f"{path}:{row + 2}",
            fix="weights must be positive numbers",
        )
    return values


def read_table(paths: list[Path], fmt: str, *, columns: Mapping[str, str | None] | None = None) -> Records:
    """Interaction (``fmt="interactions"``) or membership (``"memberships"``) tables into :class:`Records`.

    ``columns`` renames the expected columns, e.g. ``{"who": "from", "whom": "to"}``.
    """
    if fmt not in _COLUMNS:
        raise OptionError(f"unknown table kind {fmt!r}", fix="interactions or memberships")
    columns = columns or {}
    records = Records(fmt, str(paths[0]) if len(paths) == 1 else ", ".join(map(str, paths)))
    first, second = _COLUMNS[fmt]
    for path in paths:
        frame = _frame(path)
        a = _column(frame, first, columns.get(first), path, True)
        b = _column(frame, second, columns.get(second), path, True)
        when = _dates(frame, _column(frame, "when", columns.get("when"), path, False), path)
        weight = _weights(frame, _column(frame, "weight", columns.get("weight"), path, False), path)
        assert a is not None and b is not None
        left, right = frame[a].str.strip().to_numpy(), frame[b].str.strip().to_numpy()
        records.read["rows"] += len(frame)
        kind = _column(frame, "kind", columns.get("kind"), path, False)
        if kind is not None:  # what the rows are (message, reply, meeting): counted for ``info``
            for name, count in frame[kind].str.strip().replace("", "(none)").value_counts(sort=False).items():
                records.read[f"rows of kind {name}"] += int(count)
        if fmt == "interactions":
            for x, y, t, w in zip(left.tolist(), right.tolist(), when.tolist(), weight.tolist(), strict=True):
                if not x or not y:
                    records.drop("rows with an empty who or whom")
                    continue
                records.contact(_person(records, x), _person(records, y), t, w)
        else:
            _groups(records, left, right, when, weight)
    if records.read["rows"] == 0:
        raise InputError("the table has no rows", where=records.source, fix="check the file")
    return records


def _person(records: Records, value: str) -> int:
    """A person by address or name; a name as written (spaces collapsed) is the label."""
    return records.person(key_of(value), None if "@" in value else " ".join(value.split()))


def _groups(records: Records, people: np.ndarray, groups: np.ndarray, when: np.ndarray, weight: np.ndarray) -> None:
    members: dict[str, list[int]] = {}
    latest: dict[str, float] = {}
    strongest: dict[str, float] = {}
    for person, group, t, w in zip(people.tolist(), groups.tolist(), when.tolist(), weight.tolist(), strict=True):
        if not person or not group:
            records.drop("rows with an empty person or group")
            continue
        members.setdefault(group, []).append(_person(records, person))
        if not np.isnan(t):
            latest[group] = max(latest.get(group, t), t)
        strongest[group] = max(strongest.get(group, w), w)
    records.read["groups"] += len(members)
    for group, people_in in members.items():
        records.group(people_in, latest.get(group, np.nan), strongest[group])
