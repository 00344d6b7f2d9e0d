"""Who is who in records: address and name keys, the ``--aliases`` file, and the ``--half-life``/``--since`` values.

An address is known case-folded with its ``+tag`` removed (``Ann.Lee+news@Example.com`` → ``ann.lee@example.com``);
a name with its spaces collapsed and case folded. The aliases file maps several addresses or names to one person.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

from inroads.errors import InputError, OptionError

__all__ = ["address_key", "key_of", "name_key", "parse_duration", "parse_when", "read_aliases"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365.25 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdwy]?)\s*$", re.IGNORECASE)


def address_key(address: str) -> str:
    """The key of an e-mail address: case-folded, ``+tag`` stripped.

    Examples
    --------
    >>> address_key("Ann.Lee+news@Example.COM")
    'ann.lee@example.com'
    """
    address = address.strip().strip("<>").casefold()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    return f"{local.split('+', 1)[0] or local}@{domain}"


def name_key(name: str) -> str:
    """The key of a person's name: "Last, First" turned to "First Last", spaces collapsed, case folded.

    Examples
    --------
    >>> name_key("  John   SMITH "), name_key("Smith, J.")
    ('john smith', 'j. smith')
    """
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    return " ".join(name.split()).casefold()


def key_of(value: str) -> str:
    """An address key when ``value`` holds ``@``, else a name key."""
    return address_key(value) if "@" in value else name_key(value)


def parse_duration(text: str | float | None, option: str = "--half-life") -> float | None:
    """Seconds in ``180d``, ``12w``, ``1y``, ``36h`` (a bare number is days); None stays None.

    Examples
    --------
    >>> parse_duration("180d"), parse_duration("2w"), parse_duration("1.5")
    (15552000.0, 1209600.0, 129600.0)
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        match = _DURATION.match(text)
        if not match:
            raise OptionError(
                f"cannot read the duration {text!r}", where=option, fix="write a number and a unit, like 180d, 12w, 1y"
            )
        seconds = float(match.group(1)) * _UNITS[(match.group(2) or "d").lower()]
    if not seconds > 0:
        raise OptionError(f"the duration {text!r} is not positive", where=option, fix="give a positive duration")
    return seconds


def parse_when(text: str | float | date | None, option: str = "--since") -> float | None:
    """Epoch seconds of an ISO date or date-time (``2024-03-01``, ``2024-03-01T09:00``, UTC unless it says); None
    stays None.

    Examples
    --------
    >>> parse_when("1970-01-02")
    86400.0
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    if isinstance(text, datetime):
        moment = text
    elif isinstance(text, date):
        moment = datetime(text.year, text.month, text.day)
    else:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise OptionError(
                f"cannot read the date {text!r}", where=option, fix="write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def read_aliases(path: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """The aliases file: one ``alias,person`` row per address or name (a header row ``alias,person`` is optional).

    Returns ``(alias key → person key, person key → display name)``; the display name is the person as written when
    it is a name. An alias mapped to two different people is an error, as is a person who is also another's alias.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "aliases.csv")
    >>> _ = open(path, "w").write("alias,person\\nsmith, j.,John Smith\\njs@x.org,John Smith\\n")
    >>> read_aliases(path)[0]
    {'j. smith': 'john smith', 'js@x.org': 'john smith', 'john smith': 'john smith'}
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", where=f"--aliases {where}", fix="check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            f"cannot read the file ({error})", where=f"--aliases {where}", fix="save it as UTF-8"
        ) from None
    aliases: dict[str, str] = {}
    labels: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and [c.casefold() for c in cells[:2]] == ["alias", "person"]:
            continue
        if len(cells) < 2 or not cells[-1]:
            raise InputError(
                "a row needs an alias and a person", where=f"{where}:{number}", fix="write rows as alias,person"
            )
        # A name written "Smith, J." holds a comma: every cell but the last is the alias.
        alias, person = ",".join(row[:-1]).strip(), cells[-1]
        alias_key, person_key = key_of(alias), key_of(person)
        if aliases.get(alias_key, person_key) != person_key:
            raise InputError(
                f"{alias!r} is mapped to two people ({aliases[alias_key]!r} and {person_key!r})",
                where=f"{where}:{number}",
                fix="map each address or name to one person",
            )
        aliases[alias_key] = person_key
        if "@" not in person:
            labels.setdefault(person_key, person)
    for person_key in set(aliases.values()):
        target = aliases.setdefault(person_key, person_key)
        if target != person_key:
            raise InputError(
                f"{person_key!r} is a person and also an alias of {target!r}",
                where=where,
                fix="map each address or name to one person",
            )
    return aliases, labels
