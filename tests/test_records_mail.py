"""E-mail records: mbox, maildir, .eml folders and archives, read headers-only into a network with hand-checked
strengths; broken From_ lines, RFC 2047 names, missing dates, duplicate Message-IDs, mixed encodings."""

from __future__ import annotations

import contextlib
import io
import tarfile
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inroads.cli import main
from inroads.errors import InputError, InroadsError
from inroads.io import read
from inroads.io.records.mail import MailReader, mbox_headers
from inroads.io.records.ties import Records

# Each message: (From_ line date, header block, body). Hand-checked expectations are in the tests below.
MESSAGES = [
    # Ann (the owner) writes to Björn and Cy: 1/2 each. Björn's name is RFC 2047 (Latin-1, Q-encoded).
    (
        b"From: Ann Lee <Ann.Lee+work@Example.org>\n"
        b"To: =?iso-8859-1?q?Bj=F6rn_Berg?= <bjorn@y.org>, Cy <cy@z.org>\n"
        b"Date: Mon, 01 Jan 2024 10:00:00 +0000\nMessage-ID: <m1@example.org>\nSubject: plans\n",
        b"Hello both,\nFrom the desk of Ann: a body line that was never escaped.\nBye\n",
    ),
    # Björn answers (no Date header): a reply makes Ann-Björn a relationship.
    (
        b"From: =?utf-8?b?QmrDtnJuIEJlcmc=?= <BJORN@y.org>\nTo: ann.lee@example.org\nMessage-ID: <m2@y.org>\n",
        b"Sure.\n",
    ),
    # The same message again (another folder of the export): counted once.
    (b"From: Bjorn Berg <bjorn@y.org>\nTo: ann.lee@example.org\nMessage-ID: <M2@y.org>\n", b"Sure.\n"),
    # A newsletter, a no-reply notification: broadcasts, left out and counted.
    (b"From: News <news@list.org>\nTo: ann.lee@example.org\nList-Id: <news.list.org>\nMessage-ID: <m4@l>\n", b"x\n"),
    (b"From: noreply@service.com\nTo: ann.lee@example.org\nMessage-ID: <m5@s>\n", b"x\n"),
    # Raw Latin-1 in a header (an old mailer), folded To line; René and Ann write both ways.
    (
        b"From: Ren\xe9 Roy <rene@x.org>\nTo:\n ann.lee@example.org\nDate: Tue, 02 Jan 2024 10:00:00 +0100\n"
        b"Message-ID: <m6@x>\n",
        b"Bonjour\n",
    ),
    (
        b"From: ann.lee@example.org\nTo: rene@x.org\nDate: Wed, 03 Jan 2024 10:00:00 +0000\nMessage-ID: <m7@e>\n",
        b"ok\n",
    ),
    # 25 recipients: more than --max-recipients 20.
    (
        b"From: ann.lee@example.org\nTo: "
        + b", ".join(b"p%d@big.org" % i for i in range(25))
        + b"\nMessage-ID: <m8@e>\n",
        b"all hands\n",
    ),
    # One-way: Ann to Dan, never answered.
    (b"From: ann.lee@example.org\nTo: dan@d.org\nDate: garbage\nMessage-ID: <m9@e>\n", b"?\n"),
]


def mbox_bytes(messages=MESSAGES) -> bytes:
    out = b""
    for header, body in messages:
        out += b"From sender@example Mon Jan  1 00:00:00 2024\n" + header + b"\n" + body + b"\n"
    return out


def strengths(g) -> dict[tuple[str, str], float]:
    u, v, w = g.edges()
    ids = g.ids
    return {
        tuple(sorted((ids[a], ids[b]))): round(x, 9)
        for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=False)
    }


EXPECTED = {("ann.lee@example.org", "bjorn@y.org"): 1.5, ("ann.lee@example.org", "rene@x.org"): 2.0}


@pytest.fixture
def mbox(tmp_path):
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_bytes(mbox_bytes())
    return path


@pytest.fixture
def maildir(tmp_path):
    root = tmp_path / "Maildir"
    for folder in ("cur", "new", "tmp"):
        (root / folder).mkdir(parents=True)
    for i, (header, body) in enumerate(MESSAGES):
        folder = "new" if i % 3 == 0 else "cur"
        (root / folder / f"17040{i}.M{i}P1.host:2,S").write_bytes(header + b"\n" + body)
    (root / "tmp" / "half-delivered").write_bytes(b"From: ann.lee@example.org\nTo: zed@z.org\n\n")
    return root


def test_mbox_strengths_counts_and_labels(mbox):
    g = read(mbox)
    assert g.meta["format"] == "mail" and not g.directed and g.weight_kind == "strength"
    assert strengths(g) == EXPECTED
    labels = dict(zip(g.ids.tolist(), g.labels.tolist(), strict=True))
    # RFC 2047 in two charsets, and raw Latin-1, all give the same readable names.
    assert labels == {"ann.lee@example.org": "Ann Lee", "bjorn@y.org": "Björn Berg", "rene@x.org": "René Roy"}
    assert g.meta["owners"] == ["ann.lee@example.org"]
    assert g.meta["records_read"] == {"messages": 9}
    assert g.meta["records_dropped"] == {
        "duplicate Message-IDs (counted once)": 1,
        "mailing-list messages (List-Id)": 1,
        "no-reply senders": 1,
        "messages to more than --max-recipients 20 people": 1,
        "one-way pairs (--one-way keeps them)": 2,
    }
    assert g.meta["records_notes"] == {"messages without a readable date": 2}


def test_maildir_reads_like_the_mbox_and_skips_tmp(maildir, mbox):
    g = read(maildir)
    assert strengths(g) == EXPECTED
    assert g.meta["records_dropped"] == read(mbox).meta["records_dropped"]


def test_eml_folder_zip_and_tar(tmp_path, mbox):
    folder = tmp_path / "eml"
    folder.mkdir()
    for i, (header, body) in enumerate(MESSAGES):
        (folder / f"{i}.eml").write_bytes(header + b"\n" + body)
    (folder / "notes.txt").write_bytes(b"not mail at all\n")
    g = read(folder)
    assert strengths(g) == EXPECTED
    assert g.meta["records_notes"]["files that are not mail (skipped)"] == 1
    zipped = tmp_path / "takeout.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(mbox, "Takeout/Mail/all.mbox")
    assert strengths(read(zipped)) == EXPECTED
    tarred = tmp_path / "mail.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        archive.add(folder, "eml")
    assert strengths(read(tarred)) == EXPECTED


def test_one_way_and_max_recipients_options(mbox):
    g = read(mbox, rules={"one_way": True, "max_recipients": 30})
    s = strengths(g)
    assert s[("ann.lee@example.org", "dan@d.org")] == 1.0
    assert s[("ann.lee@example.org", "cy@z.org")] == 0.5
    assert s[("ann.lee@example.org", "p0@big.org")] == pytest.approx(1 / 25)
    assert g.n == 3 + 2 + 25


def test_co_recipients_link_the_recipients(mbox):
    g = read(mbox, rules={"one_way": True, "co_recipients": True})
    # Björn and Cy received message 1 together: Newman weight 1/(2-1).
    assert strengths(g)[("bjorn@y.org", "cy@z.org")] == 1.0


def test_aliases_merge_addresses_into_one_person(tmp_path, mbox):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,person\nrene@x.org,Ann Lee\nann.lee@example.org,Ann Lee\n", encoding="utf-8")
    g = read(mbox, rules={"aliases": str(aliases)})
    # René's messages to and from Ann are now Ann writing to herself: dropped; Björn stays.
    assert strengths(g) == {("ann lee", "bjorn@y.org"): 1.5}
    assert "Ann Lee" in g.labels.tolist()


def test_since_until_window(mbox):
    g = read(mbox, rules={"since": "2024-01-02T12:00", "one_way": True})
    # Message 1 (1 Jan) is outside; René (2 Jan 09:00 UTC) too; Ann to René (3 Jan) stays; undated ones stay.
    assert ("ann.lee@example.org", "cy@z.org") not in strengths(g)
    assert strengths(g)[("ann.lee@example.org", "rene@x.org")] == 1.0
    assert g.meta["records_dropped"]["contacts outside --since/--until"] == 3  # message 1 reached two people


def test_broken_from_lines_split_only_at_messages():
    blocks = list(mbox_headers(io.BytesIO(mbox_bytes()), "x"))
    assert len(blocks) == len(MESSAGES)
    assert all(b.startswith(b"From:") for b in blocks)


def test_mbox_blocks_straddling_the_read_size(monkeypatch):
    import inroads.io.records.mail as mail

    monkeypatch.setattr(mail, "_BLOCK", 7)  # every header and From_ line crosses a block boundary
    blocks = list(mbox_headers(io.BytesIO(mbox_bytes()), "x"))
    assert len(blocks) == len(MESSAGES)
    assert blocks[0].endswith(b"Subject: plans")


def test_owner_of_several_mailboxes(tmp_path, mbox):
    other = tmp_path / "bjorn.mbox"
    other.write_bytes(
        mbox_bytes([(b"From: bjorn@y.org\nTo: cy@z.org\nMessage-ID: <b1@y>\n", b"x\n")] * 1)
        + mbox_bytes([(b"From: cy@z.org\nTo: bjorn@y.org\nMessage-ID: <c1@z>\n", b"x\n")])
        + mbox_bytes([(b"From: bjorn@y.org\nTo: cy@z.org\nMessage-ID: <b2@y>\n", b"x\n")])
    )
    g = read([mbox, other])
    assert g.meta["owners"] == ["ann.lee@example.org", "bjorn@y.org"]


def test_not_a_mailbox_and_unsafe_archives(tmp_path):
    fake = tmp_path / "fake.mbox"
    fake.write_bytes(b"just text\n")
    with pytest.raises(InputError):
        read(fake, format="mail")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../etc/cron.d/x.eml", b"From: a@b.c\nTo: d@e.f\n\nx")
    with pytest.raises(InputError, match="leaves it"):
        read(evil)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.mbox", b"From x\nFrom: a@b.c\nTo: d@e.f\n\n" + b"\0" * 10_000_000)
    with pytest.raises(InputError, match="zip bomb"):
        read(bomb)


def test_unreadable_mailbox_folder(tmp_path, monkeypatch):
    import os
    import pathlib

    root = tmp_path / "Maildir"
    (root / "cur").mkdir(parents=True)
    (root / "cur" / "1").write_bytes(MESSAGES[0][0] + b"\n")

    def walk_denied(top, onerror=None, **_):
        # What os.walk does on a folder the user may not list (tests may run as root, who may list anything).
        onerror(PermissionError(13, "Permission denied", str(top)))
        return iter(())

    monkeypatch.setattr(os, "walk", walk_denied)
    with pytest.raises(InputError, match="cannot read the folder"):
        read(root)
    monkeypatch.undo()

    opened = pathlib.Path.open

    def open_denied(self, *args, **kwargs):
        if self.parent.name == "cur":
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", open_denied)
    with pytest.raises(InputError, match="cannot read the file"):
        read(root)


@pytest.mark.parametrize(
    "argv_tail",
    [["--half-life", "soon"], ["--since", "last tuesday"], ["--aliases", "ALIASES"], ["--format-in", "mail"]],
)
def test_cli_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, mbox, argv_tail):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("a@x.org,Ann\na@x.org,Bob\n")
    target = str(mbox)
    if argv_tail == ["--format-in", "mail"]:
        target = str(tmp_path / "edges.csv")
        (tmp_path / "edges.csv").write_text("a,b\n")
    argv_tail = [str(aliases) if x == "ALIASES" else x for x in argv_tail]
    out = tmp_path / "out.json"
    with pytest.raises(SystemExit) as done:
        main(["info", target, "--format", "json", "-o", str(out), *argv_tail])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


_header_text = st.text(alphabet=st.characters(codec="latin-1"), max_size=60)


@given(
    st.lists(
        st.tuples(st.sampled_from(["From", "To", "Cc", "Date", "Message-ID", "List-Id", "X"]), _header_text),
        max_size=8,
    ),
    st.binary(max_size=40),
)
def test_malformed_headers_give_records_or_one_clean_error(fields, noise):
    block = b"\n".join(f"{k}: {v}".encode("latin-1") for k, v in fields) + noise
    records = Records("mail", "x")
    reader = MailReader(records)
    reader.message(block)  # never raises: a message it cannot use is counted
    assert records.read["messages"] == 1
    data = b"From x\n" + block.replace(b"\n\n", b"\n") + b"\n\nbody\n"
    with contextlib.suppress(InroadsError):
        list(mbox_headers(io.BytesIO(data), "x"))


_atom = st.text(alphabet="abcxyz019._-+", min_size=1, max_size=6)
_name = st.text(alphabet=st.sampled_from(list('abc XYZé,."()<>@;:\\')), max_size=10)


@given(st.lists(st.tuples(_name, _atom, _atom, st.sampled_from(["bare", "quoted", "plain"])), min_size=1, max_size=4))
def test_plain_address_fast_path_agrees_with_getaddresses(items):
    from email.utils import getaddresses

    from inroads.io.records.mail import _plain_addresses

    parts = []
    for name, local, domain, form in items:
        address = f"{local}@{domain}"
        parts.append(
            address if form == "bare" else f'"{name}" <{address}>' if form == "quoted" else f"{name} <{address}>"
        )
    text = ", ".join(parts)
    fast = _plain_addresses(text)
    if fast is not None:  # None: the header needs the full parser, which then reads it
        # Entries without an address (an empty item between commas) are skipped by the reader either way.
        expected = [(" ".join(n.split()), a) for n, a in getaddresses([text]) if "@" in a]
        assert [(" ".join(n.split()), a) for n, a in fast] == expected


@given(st.datetimes(), st.integers(-12 * 60, 14 * 60), st.booleans())
def test_fast_date_agrees_with_parsedate_tz(moment, offset_minutes, weekday):
    from email.utils import mktime_tz, parsedate_tz

    from inroads.io.records.mail import _fast_date

    sign = "+" if offset_minutes >= 0 else "-"
    zone = f"{sign}{abs(offset_minutes) // 60:02d}{abs(offset_minutes) % 60:02d}"
    text = moment.strftime(("%a, " if weekday else "") + "%d %b %Y %H:%M:%S ") + zone
    if moment.year < 1000:
        return
    assert _fast_date(text.encode()) == mktime_tz(parsedate_tz(text))


def test_thunderbird_folder_of_mbox_files(tmp_path):
    profile = tmp_path / "Mail" / "Local Folders"
    profile.mkdir(parents=True)
    (profile / "Inbox").write_bytes(mbox_bytes(MESSAGES[:5]))
    (profile / "Inbox.msf").write_bytes(b'// <!-- <mdb:mork:z v="1.4"/> -->\n< <(a=c)> // (f=iso-8859-1)\n')
    (profile / "Sent").write_bytes(mbox_bytes(MESSAGES[5:]))
    g = read(tmp_path / "Mail")
    assert strengths(g) == EXPECTED
    assert g.meta["records_notes"]["files that are not mail (skipped)"] == 1


def test_two_process_read_equals_one_process(tmp_path, monkeypatch, mbox):
    import inroads.io.records.mbox_split as split

    # The same messages twice over (duplicates across the halves), with a body line that is not a message start.
    path = tmp_path / "big.mbox"
    path.write_bytes(mbox_bytes() + mbox_bytes(MESSAGES[::-1]))
    one = read(path)
    assert split.split_point(path, path.stat().st_size) is not None
    monkeypatch.setattr(split, "PARALLEL_BYTES", 0)

    def not_here(*_):
        raise AssertionError("the second half was parsed in this process, not the other one")

    monkeypatch.setattr(split, "parse_range", not_here)  # the child imports its own, unpatched
    two = read(path)
    assert strengths(two) == strengths(one)
    assert two.meta["records_dropped"] == one.meta["records_dropped"]
    assert two.meta["records_notes"] == one.meta["records_notes"]
    assert two.meta["owners"] == one.meta["owners"] and two.labels.tolist() == one.labels.tolist()
    assert two.meta["record_events"].table().values.tolist() == one.meta["record_events"].table().values.tolist()


def test_the_owners_interactions_one_per_message_and_person(tmp_path):
    """Hand-checked on MESSAGES: undated (Björn's reply, Dan's garbage date), duplicate, broadcast and too-many-
    recipient messages are not interactions; René's +0100 morning is the UTC day; a missing subject leaves the
    direction alone."""
    path = tmp_path / "box.mbox"
    path.write_bytes(mbox_bytes())
    table = read(path).meta["record_events"].table()
    assert table.values.tolist() == [
        ["bjorn@y.org", "2024-01-01", "email", "sent: plans"],
        ["cy@z.org", "2024-01-01", "email", "sent: plans"],
        ["rene@x.org", "2024-01-02", "email", "received"],
        ["rene@x.org", "2024-01-03", "email", "sent"],
    ]


@given(st.lists(st.binary(max_size=80), min_size=1, max_size=6))
def test_malformed_mailbox_files_give_a_graph_or_one_clean_error(tmp_path_factory, headers):
    path = tmp_path_factory.mktemp("mbox") / "box.mbox"
    messages = [b"From x\nFrom: a@b.c\nTo: d@e.f\n" + h + b"\n\nbody\n" for h in headers]
    messages.append(b"From y\nFrom: d@e.f\nTo: a@b.c\n\nreply\n")
    path.write_bytes(b"".join(messages))
    try:
        g = read(path)
    except InroadsError as error:
        assert "\n" not in error.line()
    else:
        assert g.n >= 2
