"""From the records people have to a network: mail, calendars, Slack exports, interaction and membership tables,
co-authorship (BibTeX, OpenAlex).

Each source module turns its files into :class:`~inroads.io.records.ties.Records` (directed contacts and groups);
:func:`~inroads.io.records.ties.build_graph` applies the tie rules (reciprocity, ``1/recipients``, half-life decay,
broadcasts left out, Newman's ``1/(size-1)``, ``max_group``) and returns the Graph. :func:`detect` recognises a
source by its content (a folder, an archive, or a file's first bytes); :func:`read_records` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from inroads.errors import InputError, OptionError
from inroads.graph import Graph
from inroads.io.records.archive import is_archive, members
from inroads.io.records.people import parse_duration, parse_when, read_aliases
from inroads.io.records.ties import Records, RuleOptions, build_graph

__all__ = ["RECORD_FORMATS", "RuleOptions", "detect", "read_records", "records_summary", "rule_options"]

#: Formats of records (``--format-in``); ``mbox``, ``maildir`` and ``eml`` are all read as ``mail``.
RECORD_FORMATS = ("mail", "mbox", "maildir", "eml", "ics", "slack", "interactions", "memberships", "bibtex", "openalex")
_MAIL = ("mail", "mbox", "maildir", "eml")
# Used only when the content does not say (a .bib file starting with a long comment, say).
_BY_SUFFIX = {".bib": "bibtex", ".ics": "ics", ".mbox": "mail", ".eml": "mail"}


def rule_options(rules: RuleOptions | Mapping[str, Any] | None, *, directed: bool | None = None) -> RuleOptions:
    """A :class:`RuleOptions` from keywords as the CLI gives them (``half_life="180d"``, ``since="2024-01-01"``,
    ``aliases="aliases.csv"``); unknown keys are an :class:`~inroads.errors.OptionError`.

    Examples
    --------
    >>> rule_options({"half_life": "2d", "one_way": True}).half_life
    172800.0
    """
    if isinstance(rules, RuleOptions):
        options = rules
    else:
        given = dict(rules or {})
        known = {f.name for f in fields(RuleOptions)}
        unknown = sorted(set(given) - known)
        if unknown:
            raise OptionError(f"unknown records option {unknown[0]!r}", fix=f"options are: {', '.join(sorted(known))}")
        if given.get("half_life") is not None:
            given["half_life"] = parse_duration(given["half_life"], "--half-life")
        for key in ("since", "until"):
            if given.get(key) is not None:
                given[key] = parse_when(given[key], f"--{key}")
        aliases = given.get("aliases")
        if isinstance(aliases, str | Path):
            given["aliases"], given["alias_labels"] = read_aliases(aliases)
        for key in ("max_recipients", "max_group"):
            value = given.get(key)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise OptionError(f"{value!r} is not a positive whole number", where=f"--{key.replace('_', '-')}")
        options = RuleOptions(**{k: v for k, v in given.items() if v is not None})
    if options.since is not None and options.until is not None and options.since > options.until:
        raise OptionError("--since is after --until", where="--since", fix="swap them")
    if directed is not None:
        options = replace(options, directed=directed)
    return options


def _is_slack(names: set[str]) -> bool:
    return any(n.rsplit("/", 1)[-1] == "users.json" for n in names) and any(
        n.rsplit("/", 1)[-1] == "channels.json" for n in names
    )


def detect(path: Path, head: bytes | None = None) -> str | None:
    """The records format of ``path`` by its content, or None when it is not records inroads knows."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return "mail"
        if (path / "users.json").is_file() and (path / "channels.json").is_file():
            return "slack"
        files = [p for p in path.rglob("*") if p.is_file()]
        if any(p.suffix.lower() == ".ics" for p in files):
            return "ics"
        if any(p.suffix.lower() in (".eml", ".mbox") for p in files):
            return "mail"
        # A Thunderbird profile's mail folder: mbox files without an extension ("Inbox", "Sent") beside .msf indexes.
        return "mail" if any(_starts_like_mail(p) for p in files[:200]) else None
    kind = is_archive(path)
    if kind is not None:
        names = _archive_names(path, kind)
        if _is_slack(names):
            return "slack"
        if any(n.lower().endswith(".ics") for n in names):
            return "ics"
        return "mail"
    found = sniff(head) if head is not None else None
    return found or _BY_SUFFIX.get(path.suffix.lower())


def _starts_like_mail(path: Path) -> bool:
    from inroads.io.records.mail import looks_like_message

    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return sniff(head) == "mail" or looks_like_message(head)


def _archive_names(path: Path, kind: str) -> set[str]:
    import tarfile
    import zipfile

    try:
        if kind == "zip":
            with zipfile.ZipFile(path) as archive:
                return set(archive.namelist())
        with tarfile.open(path) as archive:
            return set(archive.getnames())
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as error:
        raise InputError(f"damaged {kind} archive ({error})", where=str(path), fix="export it again") from None


def sniff(head: bytes) -> str | None:
    """The records format named by a file's first bytes, or None."""
    from inroads.io.records.mail import looks_like_message

    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"From "):
        second = text.split(b"\n", 2)[1:2]
        if second and looks_like_message(second[0] + b"\n"):
            return "mail"
    if text[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if _bibtex_entry(text[:8192]):
        return "bibtex"
    if text.startswith((b"{", b"[")) and (b'"authorships"' in text[:65536]):
        return "openalex"
    first = text.split(b"\n", 1)[0].strip().lower().replace(b'"', b"").replace(b"\t", b",").replace(b";", b",")
    columns = [c.strip() for c in first.split(b",")]
    if b"who" in columns and b"whom" in columns:
        return "interactions"
    if b"person" in columns and b"group" in columns:
        return "memberships"
    if looks_like_message(text):
        return "mail"
    return None


def _bibtex_entry(text: bytes) -> bool:
    import re

    # Comment lines (``%``) may come before the first entry.
    return re.match(rb"(?:%[^\n]*\s*)*@\s*[A-Za-z]+\s*[{(]", text) is not None


def read_records(
    paths: list[Path],
    fmt: str,
    rules: RuleOptions | Mapping[str, Any] | None = None,
    *,
    directed: bool | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> Graph:
    """Read records of format ``fmt`` (one of :data:`RECORD_FORMATS`) into a Graph under the tie rules.

    ``columns`` names the table columns (``who``, ``whom``, ``when``, ``weight``, ``person``, ``group``) when they
    differ from those names.
    """
    options = rule_options(rules, directed=directed)
    records = _records(paths, fmt, options, columns or {})
    return build_graph(records, options)


def _records(paths: list[Path], fmt: str, options: RuleOptions, columns: Mapping[str, str | None]) -> Records:
    if fmt in _MAIL:
        from inroads.io.records.mail import read_mail

        return read_mail(paths, max_recipients=options.max_recipients, co_recipients=options.co_recipients)
    if fmt in ("interactions", "memberships"):
        from inroads.io.records.tables import read_table

        return read_table(paths, fmt, columns=columns)
    if fmt == "ics":
        from inroads.io.records.calendar import read_calendar

        return read_calendar(paths, since=options.since, until=options.until)
    if fmt == "slack":
        from inroads.io.records.slack import read_slack

        return read_slack(paths)
    from inroads.io.records.bibliography import read_bibliography

    return read_bibliography(paths, fmt)


def json_load(data: bytes, where: str) -> Any:
    """JSON from bytes, as one clean error when it is not JSON."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"not valid JSON ({error})", where=where, fix="check the file or --format-in") from None


def all_members(path: Path) -> list[tuple[str, bytes]]:
    """Every ``(name, content)`` of a folder or archive (a plain file: itself)."""
    if path.is_file() and not is_archive(path):
        return [(path.name, path.read_bytes())]
    return list(members(path))


def records_summary(meta: Mapping[str, Any]) -> dict[str, Any]:
    """What ``inroads info`` says about records: what was read, what was left out and why, the owners.

    Examples
    --------
    >>> records_summary({"records_read": {"messages": 3}, "records_dropped": {"no-reply senders": 1}, "owners": ["a"]})
    {'read: messages': 3, 'dropped: no-reply senders': 1, 'owners': 'a'}
    """
    facts: dict[str, Any] = {}
    if "records_read" not in meta and not meta.get("owners") and not meta.get("pseudonymized"):
        return facts
    facts.update({f"read: {k}": v for k, v in meta.get("records_read", {}).items()})
    facts.update({f"dropped: {k}": v for k, v in meta.get("records_dropped", {}).items()})
    facts.update({f"note: {k}": v for k, v in meta.get("records_notes", {}).items()})
    if meta.get("owners"):
        facts["owners"] = ", ".join(map(str, meta["owners"]))
    if meta.get("pseudonymized"):
        facts["pseudonymized"] = "yes: ids and names are salted hashes (salt in inroads.salt)"
    return facts
