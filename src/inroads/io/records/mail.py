"""E-mail: mbox (Gmail/Google Takeout, Thunderbird), maildir, a folder of ``.eml`` files, and archives of those.

Only headers are read: each message is cut at its first blank line and the body is skipped unread (an mbox is
scanned for the next ``From`` line in 4 MiB blocks, so a mailbox of any size streams in constant memory). A
message is a directed contact from the sender to each distinct To/Cc recipient, weighing ``1/recipients``;
with ``co_recipients`` the recipients also form a group (Newman weighting, see :mod:`~inroads.io.records.ties`).
Each contact keeps its message's raw ``Subject`` for the owner's interactions a plan can log
(:mod:`~inroads.io.records.events`; decoded only for those).

Left out, and counted: duplicate ``Message-ID`` (the same message in two folders counts once); broadcasts
(``List-Id``, ``Precedence: bulk/list/junk``, ``Auto-Submitted``, ``no-reply``-style senders, more than
``max_recipients`` recipients); messages without a sender or recipient. The owner of each mailbox is its most
frequent sender.

Why hand-written: :mod:`mailbox` reads every message whole (bodies and attachments included) and splits an mbox on
any ``From`` line, so a body line starting "From " cuts a message in two. Here a ``From`` line starts a message only
when the line after it is a header field, and header values go through the standard library's :mod:`email.utils`
and :mod:`email.header` (RFC 2047 names, address lists, dates).
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.utils import getaddresses, mktime_tz, parsedate_tz
from pathlib import Path
from typing import BinaryIO, Protocol

from inroads.errors import InputError
from inroads.io.records.archive import files_under, is_archive, members
from inroads.io.records.mbox_split import read_mbox_split
from inroads.io.records.people import address_key
from inroads.io.records.ties import Records

__all__ = ["MailReader", "looks_like_message", "read_mail"]

_BLOCK = 4 << 20
_FIELD = re.compile(rb"[!-9;-~]+:")  # match() anchors at its position; "^" would not
_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|notifications?|bounces?|automated)\b"
)
_WANTED = (
    b"from", b"to", b"cc", b"date", b"message-id", b"list-id", b"precedence", b"auto-submitted", b"subject"
)  # fmt: skip
_SENDER = ("sender", "reply-to")


def looks_like_message(head: bytes) -> bool:
    """True when ``head`` starts like an RFC 5322 message (header fields, one of them a sender or recipient)."""
    text = head.lstrip(b"\r\n")
    if not _FIELD.match(text):
        return False
    block = text[:65536].split(b"\n\n", 1)[0].lower()
    return any(block.startswith(f) or b"\n" + f in block for f in (b"from:", b"to:", b"message-id:"))


def _text(raw: bytes) -> str:
    """Header bytes as text: UTF-8 when it is, else Latin-1 (old mailers wrote 8-bit headers in their charset)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _decoded(value: str) -> str:
    """A header value with its RFC 2047 encoded words decoded; the raw value when they are malformed."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, ValueError, UnicodeError, AssertionError, TypeError):
        return value


_WANTED_NAMES = tuple(b"\n" + name + b":" for name in _WANTED)


def _fields(block: bytes) -> dict[bytes, bytes]:
    """The wanted header fields of a header block (folded lines joined), the first occurrence of each.

    Each wanted name is found with one ``bytes.find`` on the lower-cased block (in C), instead of a Python loop over
    every line: a message carries a dozen fields (``Received``, ``DKIM-Signature``, ...) and eight are wanted.
    """
    lower = b"\n" + block.lower()
    found: dict[bytes, bytes] = {}
    for marker in _WANTED_NAMES:
        at = lower.find(marker)
        if at < 0:
            continue
        start = at + len(marker) - 1  # in ``block`` (``lower`` has one more byte in front)
        end = block.find(b"\n", start)
        while end >= 0 and block[end + 1 : end + 2] in (b" ", b"\t"):
            end = block.find(b"\n", end + 1)  # a folded field goes on
        value = block[start : end if end >= 0 else len(block)]
        found[marker[1:-1]] = (
            b" ".join(part.strip() for part in value.split(b"\n")) if b"\n" in value else value.strip()
        )
    return found


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}  # fmt: skip
# The common RFC 5322 form, ``Mon, 01 Jan 2024 10:00:00 +0000``; anything else goes to email.utils.parsedate_tz.
_DATE = re.compile(
    rb"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-])(\d{2})(\d{2})"
)


def _fast_date(raw: bytes) -> float | None:
    match = _DATE.match(raw)
    if match is None:
        return None
    day, month_name, year, hour, minute, second, sign, zone_h, zone_m = match.groups()
    month = _MONTHS.get(month_name.lower().decode("ascii"))
    if month is None:
        return None
    try:
        moment = calendar.timegm((int(year), month, int(day), int(hour), int(minute), int(second or 0)))
    except (ValueError, OverflowError):
        return None
    offset = (int(zone_h) * 3600 + int(zone_m) * 60) * (1 if sign == b"+" else -1)
    return float(moment - offset)


class Readable(Protocol):
    """What the mbox reader needs of a stream: ``read(size)``."""

    def read(self, size: int = -1, /) -> bytes: ...


#: What parsing one message gives: a drop reason, or (sender key, sender name, recipients, when: NaN if unknown,
#: the raw Subject: decoded only if the message reaches a plan, see :mod:`~inroads.io.records.events`).
Outcome = str | tuple[str, str, tuple[tuple[str, str], ...], float, bytes]


def parse_message(block: bytes) -> tuple[int, Outcome]:
    """``(Message-ID digest or 0, outcome)`` of one header block; pure (no state), so any process may run it.

    The digest is the first 8 bytes of BLAKE2b of the case-folded Message-ID: the same in every process (Python's
    ``hash`` of bytes is salted per process), and 1,000,000 ids collide with probability about 3e-8.
    """
    fields = _fields(block.replace(b"\r", b"") if b"\r" in block else block)
    message_id = fields.get(b"message-id", b"").strip().strip(b"<>").lower()
    digest = int.from_bytes(hashlib.blake2b(message_id, digest_size=8).digest(), "little") | 1 if message_id else 0
    raw_from = fields.get(b"from")
    senders = _addresses(raw_from) if raw_from else ()
    if not senders:
        return digest, "messages without a sender"
    sender_key, sender_name = senders[0]
    reason = _broadcast(fields, sender_key)
    if reason:
        return digest, reason
    recipients: dict[str, str] = {}
    for header in (b"to", b"cc"):
        raw = fields.get(header)
        for key, name in _addresses(raw) if raw else ():
            if key != sender_key and (key not in recipients or not recipients[key]):
                recipients[key] = name
    if not recipients:
        return digest, "messages without recipients"
    subject = fields.get(b"subject", b"")
    return digest, (sender_key, sender_name, tuple(recipients.items()), _date(fields.get(b"date")), subject)


def _broadcast(fields: dict[bytes, bytes], sender_key: str) -> str | None:
    if b"list-id" in fields:
        return "mailing-list messages (List-Id)"
    if fields.get(b"precedence", b"").strip().lower() in (b"bulk", b"list", b"junk"):
        return "bulk messages (Precedence)"
    if fields.get(b"auto-submitted", b"no").strip().lower() not in (b"no", b""):
        return "automatic messages (Auto-Submitted)"
    if _no_reply(sender_key):
        return "no-reply senders"
    return None


def _date(raw: bytes | None) -> float:
    if raw:
        fast = _fast_date(raw)
        if fast is not None:
            return fast
        try:
            parsed = parsedate_tz(_text(raw))
            if parsed is not None:
                return float(mktime_tz(parsed))
        except (ValueError, OverflowError, TypeError, IndexError):
            pass
    return math.nan


class MailReader:
    """Reads mailboxes into one :class:`Records`; ``message(header_block)`` is the unit, the rest finds blocks."""

    def __init__(self, records: Records, *, max_recipients: int = 20, co_recipients: bool = False) -> None:
        self.records = records
        self.max_recipients = max_recipients
        self.co_recipients = co_recipients
        self.seen: set[int] = set()
        self.senders: Counter[int] = Counter()

    # ------------------------------------------------------------------ one message
    def message(self, block: bytes) -> None:
        """Record the contacts of one message from its header block (bytes up to the first blank line)."""
        self.apply(*parse_message(block))

    def apply(self, digest: int, outcome: Outcome) -> None:
        """Record one parsed message (:func:`parse_message`): duplicates, drops, the date note, the contacts.

        Kept apart from parsing, which is pure, so another process may parse while this one records, in order.
        """
        records = self.records
        records.read["messages"] += 1
        if digest:
            if digest in self.seen:
                records.drop("duplicate Message-IDs (counted once)")
                return
            self.seen.add(digest)
        if isinstance(outcome, str):
            records.drop(outcome)
            return
        sender_key, sender_name, recipients, when, subject = outcome
        if len(recipients) > self.max_recipients:
            records.drop(f"messages to more than --max-recipients {self.max_recipients} people")
            return
        if when != when:  # NaN: no readable date
            records.counts["messages without a readable date"] += 1
        who = records.person(sender_key, sender_name)
        self.senders[who] += 1
        weight = 1.0 / len(recipients)
        people = [records.person(key, name) for key, name in recipients]
        for whom in people:
            records.contact(who, whom, when, weight, subject)
        if self.co_recipients and len(people) > 1:
            records.group(people, when)

    # ------------------------------------------------------------------ where messages are
    def mbox(self, handle: Readable, where: str) -> None:
        """Every message of an mbox stream, reading only header blocks."""
        for block in mbox_headers(handle, where):
            self.message(block)

    def single(self, data: bytes) -> None:
        """One message file (``.eml``, a maildir entry)."""
        self.message(_header_block(data))

    def owner(self) -> None:
        """The most frequent sender since the last call owns this mailbox (ties: the first seen)."""
        if self.senders:
            best = max(self.senders.values())
            owner = min(who for who, count in self.senders.items() if count == best)
            self.records.owners.append(self.records.ids[owner])
        self.senders = Counter()


# One address in its plain forms: ``a@b``, ``Name <a@b>``, ``"Name" <a@b>`` (no comments, groups, escapes or quoted
# commas); anything else goes to email.utils.getaddresses.
_ADDRESS = r"[^<>\s,;:()\"\\@]+@[^<>\s,;:()\"\\@]+"
_PLAIN = re.compile(rf'\s*(?:({_ADDRESS})|(?:"([^"\\]*)"|([^"<>,;:()\\@]*?))\s*<({_ADDRESS})>)\s*')


def _plain_addresses(text: str) -> list[tuple[str, str]] | None:
    """``(name, address)`` of a header in the plain forms, or None when it needs the full RFC 5322 parser."""
    pairs = []
    for item in text.split(","):
        if not item.strip():
            continue
        match = _PLAIN.fullmatch(item)
        if match is None:
            return None
        bare, quoted, name, address = match.groups()
        pairs.append(("", bare) if bare else (quoted if quoted is not None else name, address))
    return pairs


@functools.lru_cache(maxsize=1 << 16)
def _addresses(raw: bytes) -> tuple[tuple[str, str], ...]:
    """``(key, label)`` of each address of a From/To/Cc value. Cached: real mailboxes repeat the same values (the
    owner's address in To, each correspondent's From) thousands of times, and address parsing is most of the cost
    of reading headers."""
    text = _text(raw)
    parsed = _plain_addresses(text) if "=?" not in text else None
    if parsed is None:
        parsed = getaddresses([text])
    pairs = []
    for name, address in parsed:
        if "@" not in address:
            continue
        label = " ".join(_decoded(name).split()).strip("'\" ")
        pairs.append((address_key(address), label))
    return tuple(pairs)


@functools.lru_cache(maxsize=1 << 14)
def _no_reply(address: str) -> bool:
    return _NO_REPLY.match(address.split("@", 1)[0]) is not None


def _header_block(data: bytes) -> bytes:
    data = data.lstrip(b"\r\n")
    end = _block_end(data, 0)
    return data if end < 0 else data[:end]


def mbox_headers(handle: Readable, where: str) -> Iterator[bytes]:
    """The header block of each message of an mbox, in order; bodies are skipped without being parsed.

    A line ``From ...`` starts a message when it opens the file or follows a line break, and the line after it is a
    header field; other ``From`` lines are body text that was not escaped (a "broken" mbox).
    """
    buffer = handle.read(_BLOCK)
    if not buffer.startswith(b"From "):
        raise InputError("not an mbox (it does not start with a 'From ' line)", where=where, fix="check --format-in")
    position = 0
    at_eof = False
    while True:
        # Here ``position`` is at a candidate "From " line; make sure its header block is in the buffer.
        while not at_eof:
            end = _block_end(buffer, position)
            if end >= 0:
                break
            more = handle.read(_BLOCK)
            at_eof = not more
            buffer = buffer[position:] + more
            position = 0
        line_end = buffer.find(b"\n", position)
        if line_end < 0:
            return
        end = _block_end(buffer, position)
        end = len(buffer) if end < 0 else end
        if _FIELD.match(buffer, line_end + 1):
            yield buffer[line_end + 1 : end]
        # Skip the body: find the next "From " line that opens a message.
        search = end
        while True:
            found = buffer.find(b"\nFrom ", search)
            pending = -1
            if found >= 0:
                next_line = buffer.find(b"\n", found + 1)
                complete = next_line >= 0 and buffer.find(b"\n", next_line + 1) >= 0
                if not complete and not at_eof:
                    pending = found  # the line after the candidate is not all read yet
                elif next_line < 0 or _FIELD.match(buffer, next_line + 1):
                    position = found + 1
                    break
                else:
                    search = found + 1
                    continue
            if at_eof:
                return
            # Keep a pending candidate, or the last bytes (a "\nFrom " may straddle two blocks).
            keep = pending if pending >= 0 else max(search, len(buffer) - 6)
            more = handle.read(_BLOCK)
            at_eof = not more
            buffer = buffer[keep:] + more
            search = 0


def _block_end(buffer: bytes, start: int) -> int:
    """Where the header block starting at ``start`` ends (its blank line), or -1 when it is not all in ``buffer``."""
    end = buffer.find(b"\n\n", start)
    # A CRLF mailbox: look for "\n\r\n" only up to the first "\n\n" (searching the whole 4 MiB buffer for it, once
    # per message, made reading quadratic in the block size).
    crlf = buffer.find(b"\n\r\n", start, end if end >= 0 else len(buffer))
    return crlf if crlf >= 0 else end


def read_mail(
    paths: list[Path], *, max_recipients: int = 20, co_recipients: bool = False, kind: str = "mail"
) -> Records:
    """Read mailboxes (each: an mbox file, a maildir or ``.eml`` folder, one ``.eml``, or a zip/tar of those)."""
    records = Records(kind, str(paths[0]) if len(paths) == 1 else ", ".join(map(str, paths)), events="email")
    reader = MailReader(records, max_recipients=max_recipients, co_recipients=co_recipients)
    for path in paths:
        where = str(path)
        if not path.exists():
            raise InputError("file not found", where=where, fix="check the path")
        if path.is_file() and _large_mbox(path) and read_mbox_split(reader, path):
            pass  # read by two processes
        elif path.is_file() and not is_archive(path):
            try:
                with _open(path) as handle:
                    head = handle.read(5)
                    if head == b"From ":
                        reader.mbox(_Prefixed(head, handle), where)
                    else:
                        data = head + handle.read()
                        if not looks_like_message(data):
                            raise InputError(
                                "not an e-mail message or mbox", where=where, fix="check the file or --format-in"
                            )
                        reader.single(data)
            except (OSError, EOFError) as error:
                problem = getattr(error, "strerror", None) or error
                raise InputError(f"cannot read the file ({problem})", where=where, fix="check the file") from None
        else:
            _container(reader, path)
        reader.owner()
    if records.read["messages"] == 0:
        raise InputError("no e-mail messages found", where=records.source, fix="check the path or --format-in")
    return records


def _large_mbox(path: Path) -> bool:
    """An uncompressed mbox of at least :data:`~inroads.io.records.mbox_split.PARALLEL_BYTES`."""
    from inroads.io.records.mbox_split import PARALLEL_BYTES

    if path.stat().st_size < PARALLEL_BYTES:
        return False
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


class _Prefixed:
    """A stream with bytes already read put back in front (compressed streams cannot seek back cheaply)."""

    def __init__(self, head: bytes, handle: BinaryIO) -> None:
        self.head, self.handle = head, handle

    def read(self, size: int = -1) -> bytes:
        head, self.head = self.head, b""
        return head + self.handle.read(size - len(head) if size >= 0 else -1)


def _open(path: Path) -> BinaryIO:
    """A file, decompressed on the fly when its first bytes say it is gzip, bzip2 or xz (streaming, never whole)."""
    import bz2
    import gzip
    import lzma

    from inroads.io.compression import compression_of

    with path.open("rb") as handle:
        kind = compression_of(handle.read(8))
    if kind == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if kind == "xz":
        return lzma.open(path, "rb")  # type: ignore[return-value]
    if kind is not None:
        raise InputError(f"{kind} mailboxes are not read", where=str(path), fix="decompress it first")
    return path.open("rb")


def _container(reader: MailReader, path: Path) -> None:
    """A maildir, a folder of ``.eml`` or mbox files (Thunderbird) or an archive: every member that is mail."""
    import io

    if path.is_dir():
        # Files of a folder are opened one by one: an mbox in it (a Thunderbird "Inbox") streams like any other.
        for file in files_under(path):
            name = file.relative_to(path).as_posix()
            if _skipped(name):
                continue
            try:
                with file.open("rb") as handle:
                    head = handle.read(5)
                    if head == b"From ":
                        reader.mbox(_Prefixed(head, handle), str(file))
                    else:
                        _one(reader, head + handle.read())
            except OSError as error:
                raise InputError(
                    f"cannot read the file ({error.strerror})", where=str(file), fix="check its permissions"
                ) from None
        return
    for name, data in members(path):
        if _skipped(name):
            continue
        if data.startswith(b"From "):
            reader.mbox(io.BytesIO(data), f"{path}:{name}")
        else:
            _one(reader, data)


def _skipped(name: str) -> bool:
    """maildir's tmp/ holds messages being delivered; dot files are not mail."""
    parts = name.split("/")
    return "tmp" in parts[:-1] or parts[-1].startswith(".")


def _one(reader: MailReader, data: bytes) -> None:
    if looks_like_message(data[:65536]):
        reader.single(data)
    else:
        reader.records.counts["files that are not mail (skipped)"] += 1
