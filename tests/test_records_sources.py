"""Calendars, Slack exports and co-authorship records, on files written here with hand-checked strengths; hypothesis
feeds malformed JSON: a graph or one clean error."""

from __future__ import annotations

import json
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inroads.errors import InroadsError
from inroads.io import read


def strengths(g) -> dict[tuple[str, str], float]:
    u, v, w = g.edges()
    return {
        tuple(sorted((g.ids[a], g.ids[b]))): round(x, 9)
        for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=False)
    }


# A Google Calendar export: a weekly meeting (4 occurrences less one EXDATE) that Cy declined, a lunch in another
# time zone, a cancelled meeting and a meeting of one person.
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
BEGIN:VEVENT
UID:weekly-1
DTSTART:20240101T100000Z
DTEND:20240101T110000Z
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE:20240115T100000Z
SUMMARY:Weekly
ORGANIZER;CN=Ann Lee:mailto:ann@x.org
ATTENDEE;CN=Ann Lee;PARTSTAT=ACCEPTED:mailto:ann@x.org
ATTENDEE;CN=Bo Berg;PARTSTAT=ACCEPTED:mailto:bo+cal@y.org
ATTENDEE;CN=Cy;PARTSTAT=DECLINED:mailto:cy@z.org
END:VEVENT
BEGIN:VEVENT
UID:lunch-1
DTSTART;TZID=Europe/Paris:20240105T120000
DTEND;TZID=Europe/Paris:20240105T130000
SUMMARY:Lunch
ORGANIZER;CN=Ann Lee:mailto:ann@x.org
ATTENDEE;PARTSTAT=ACCEPTED;CN="Cy":mailto:CY@z.org
ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:dee@d.org
END:VEVENT
BEGIN:VEVENT
UID:cancelled-1
DTSTART:20240110T100000Z
STATUS:CANCELLED
ORGANIZER:mailto:ann@x.org
ATTENDEE:mailto:eve@e.org
END:VEVENT
BEGIN:VEVENT
UID:alone
DTSTART;VALUE=DATE:20240111
ORGANIZER:mailto:ann@x.org
END:VEVENT
END:VCALENDAR
"""


def test_calendar_meetings_recurring_and_declined(tmp_path):
    path = tmp_path / "ann@x.org.ics"
    path.write_text(CALENDAR.replace("\n", "\r\n"), encoding="utf-8")
    g = read(path)
    assert g.meta["format"] == "ics"
    # Weekly: 4 occurrences less the EXDATE = 3, two people each (Cy declined): 3 x 1/(2-1).
    # Lunch: Ann, Cy, Dee: 1/(3-1) per pair.
    assert strengths(g) == {
        ("ann@x.org", "bo@y.org"): 3.0,
        ("ann@x.org", "cy@z.org"): 0.5,
        ("ann@x.org", "dee@d.org"): 0.5,
        ("cy@z.org", "dee@d.org"): 0.5,
    }
    assert g.meta["owners"] == ["ann@x.org"]
    assert g.meta["records_read"] == {"meetings": 6}
    assert g.meta["records_dropped"] == {
        "declined invitations": 3,
        "cancelled meetings": 1,
        "groups of one person": 1,
    }
    labels = dict(zip(g.ids.tolist(), g.labels.tolist(), strict=True))
    assert labels["bo@y.org"] == "Bo Berg" and labels["cy@z.org"] == "Cy"


def test_calendar_window_limits_the_recurrence(tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    g = read(path, rules={"since": "2024-01-09", "until": "2024-01-31"})
    # Only the weekly meeting of 22 January (1 and 8 January are before, 15 January is an EXDATE).
    assert strengths(g) == {("ann@x.org", "bo@y.org"): 1.0}


def slack_export(root):
    (root / "general").mkdir(parents=True)
    (root / "random").mkdir()
    users = [
        {"id": "U1", "name": "ann", "profile": {"display_name": "Ann", "email": "Ann@X.org"}},
        {"id": "U2", "name": "bo", "real_name": "Bo Berg", "profile": {"display_name": "", "real_name": "Bo Berg"}},
        {"id": "U3", "name": "cy", "profile": {"display_name": "Cy"}},
        {"id": "U4", "name": "gone", "deleted": True, "profile": {}},
        {"id": "B1", "name": "deploybot", "is_bot": True, "profile": {}},
    ]
    (root / "users.json").write_text(json.dumps(users))
    (root / "channels.json").write_text(json.dumps([{"id": "C1", "name": "general"}, {"id": "C2", "name": "random"}]))
    general = [
        {"type": "message", "user": "U1", "text": "Plan?", "ts": "1704103200.000100", "thread_ts": "1704103200.000100",
         "reply_count": 2, "reactions": [{"name": "+1", "users": ["U2", "U3", "B1"], "count": 3}]},
        {"type": "message", "user": "U2", "text": "yes", "ts": "1704103300.000200", "thread_ts": "1704103200.000100",
         "parent_user_id": "U1"},
        {"type": "message", "user": "U3", "text": "me too <@U2|bo>", "ts": "1704103400.000300",
         "thread_ts": "1704103200.000100"},
        {"type": "message", "subtype": "channel_join", "user": "U3", "text": "<@U3> has joined", "ts": "1704000000.1"},
        {"type": "message", "subtype": "bot_message", "bot_id": "B1", "text": "deployed <@U1>", "ts": "1704103500.1"},
    ]  # fmt: skip
    random = [
        {"type": "message", "user": "U4", "text": "<@U1> bye", "ts": "1704200000.000100"},
        {"type": "message", "user": "U2", "text": "<@U3> lunch?", "ts": "1704200100.000100"},
    ]
    (root / "general" / "2024-01-01.json").write_text(json.dumps(general))
    (root / "random" / "2024-01-02.json").write_text(json.dumps(random))


def test_slack_threads_mentions_reactions_and_bots(tmp_path):
    root = tmp_path / "Acme Slack export Jan 1 2024"
    slack_export(root)
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for file in root.rglob("*.json"):
            archive.write(file, "export/" + file.relative_to(root).as_posix())
    for source in (root, zipped):
        g = read(source)
        assert g.meta["format"] == "slack"
        # Bo: replied to Ann (1) + reacted to Ann (0.25); Ann never wrote to Bo: one way, dropped.
        # Cy: replied to Ann (1) + reacted (0.25); mentioned Bo (1), Bo mentioned Cy (1): Bo-Cy both ways = 2.
        assert strengths(g) == {("slack:U2", "slack:U3"): 2.0}
        one_way = strengths(read(source, rules={"one_way": True}))
        assert one_way == {("ann@x.org", "slack:U2"): 1.25, ("ann@x.org", "slack:U3"): 1.25,
                           ("slack:U2", "slack:U3"): 2.0}  # fmt: skip
        labels = dict(zip(g.ids.tolist(), g.labels.tolist(), strict=True))
        assert labels == {"slack:U2": "Bo Berg", "slack:U3": "Cy"}
        dropped = g.meta["records_dropped"]
        assert dropped["bots"] == 1 and dropped["deleted users"] == 1
        assert dropped["bot messages"] == 1 and dropped["channel events (joins, leaves, topics)"] == 1
        assert dropped["messages of bots, deleted or unknown users"] == 1
        assert g.meta["records_read"]["reactions"] == 2


BIBTEX = r"""% exported from a reference manager
@article{muller2001,
  author = {M{\"u}ller, J{\'e}r{\^o}me and Smith, J. and Newman, Mark},
  title = {Collaboration},
  year = {2001},
}
@book{smith1999,
  author = "Smith, J. and Jos{\'e} Garc{\'\i}a",
  year = 1999
}
@misc{noauthor, title = {Anonymous}}
@article{broken, author = {Unclosed {brace, year = 2005
"""


def test_bibtex_latex_names_and_newman(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIBTEX, encoding="utf-8")
    g = read(path)
    assert g.meta["format"] == "bibtex"
    assert strengths(g) == {
        ("j. smith", "jérôme müller"): 0.5,
        ("j. smith", "mark newman"): 0.5,
        ("jérôme müller", "mark newman"): 0.5,
        ("j. smith", "josé garcía"): 1.0,
    }
    assert "Jérôme Müller" in g.labels.tolist() and "José García" in g.labels.tolist()
    assert g.meta["records_dropped"] == {"papers without authors": 1, "BibTeX blocks that do not parse": 1}
    later = read(path, rules={"since": "2000-01-01"})
    assert ("j. smith", "josé garcía") not in strengths(later)
    aliases = tmp_path / "aliases.csv"
    aliases.write_text('"Smith, J.",John Smith\nMark Newman,M. E. J. Newman\n', encoding="utf-8")
    merged = read(path, rules={"aliases": str(aliases)})
    assert ("john smith", "m. e. j. newman") in strengths(merged)
    assert "John Smith" in merged.labels.tolist()


def test_openalex_orcid_and_jsonl(tmp_path):
    works = [
        {"id": "W1", "publication_year": 2020, "authorships": [
            {"author": {"id": "https://openalex.org/A1", "display_name": "Ann Lee",
                        "orcid": "https://orcid.org/0000-0001-0000-0001"}},
            {"author": {"id": "https://openalex.org/A2", "display_name": "Bo Berg", "orcid": None}},
            {"author": {"id": "https://openalex.org/A3", "display_name": "Cy Dee"}}]},
        {"id": "W2", "publication_year": 2021, "authorships": [
            {"author": {"id": "https://openalex.org/A9", "display_name": "A. Lee",
                        "orcid": "https://orcid.org/0000-0001-0000-0001"}},
            {"author": {"id": "https://openalex.org/A2", "display_name": "Bo Berg"}}]},
        {"id": "W3", "authorships": []},
    ]  # fmt: skip
    page = tmp_path / "works.json"
    page.write_text(json.dumps({"meta": {"count": 3}, "results": works}))
    lines = tmp_path / "works.jsonl"
    lines.write_text("\n".join(json.dumps(w) for w in works) + "\n")
    for path in (page, lines):
        g = read(path, format="openalex") if path.suffix == ".jsonl" else read(path)
        # The same ORCID under two OpenAlex ids is one person.
        assert strengths(g) == {
            ("openalex:A2", "orcid:0000-0001-0000-0001"): 1.5,
            ("openalex:A3", "orcid:0000-0001-0000-0001"): 0.5,
            ("openalex:A2", "openalex:A3"): 0.5,
        }
        assert g.meta["records_dropped"] == {"papers without authors": 1}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["id", "user", "ts", "text", "thread_ts", "reactions", "users", "profile", "authorships", "author",
         "orcid", "display_name", "is_bot", "deleted", "publication_year", "parent_user_id"]), inner, max_size=5),
    max_leaves=12,
)  # fmt: skip


@given(users=_json, day=_json, works=_json)
def test_malformed_json_gives_a_graph_or_one_clean_error(tmp_path_factory, users, day, works):
    root = tmp_path_factory.mktemp("slack")
    (root / "general").mkdir()
    (root / "users.json").write_text(json.dumps(users))
    (root / "channels.json").write_text("[]")
    (root / "general" / "2024-01-01.json").write_text(json.dumps(day))
    paper = root / "works.json"
    paper.write_text(json.dumps({"results": works}))
    for path, fmt in ((root, "slack"), (paper, "openalex")):
        try:
            g = read(path, format=fmt, rules={"one_way": True})
        except InroadsError as error:
            assert "\n" not in error.line()
        else:
            assert g.n >= 2


def test_broken_json_and_calendar_are_one_clean_error(tmp_path):
    root = tmp_path / "export"
    slack_export(root)
    (root / "general" / "2024-01-01.json").write_text("[{broken")
    with pytest.raises(InroadsError, match="not valid JSON"):
        read(root)
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\nEND:VEVENT\nEND:VCALENDAR\n")
    with pytest.raises(InroadsError):
        read(bad)


_ics_line = st.sampled_from(
    ["DTSTART:20240101T100000Z", "DTSTART;VALUE=DATE:2024", "DTSTART:garbage", "RRULE:FREQ=WEEKLY;COUNT=2",
     "RRULE:FREQ=NOPE", "EXDATE:x", "ATTENDEE;PARTSTAT=DECLINED:mailto:a@b.c", "ATTENDEE:mailto:d@e.f",
     "ATTENDEE;CN=\"x:mailto:g@h.i", "ORGANIZER:mailto:a@b.c", "STATUS:CANCELLED", "UID:1", "BEGIN:VALARM",
     "END:VALARM", "SUMMARY:;;;", ""]
)  # fmt: skip


@given(st.lists(_ics_line, max_size=10), st.text(max_size=20))
def test_malformed_calendars_give_a_graph_or_one_clean_error(tmp_path_factory, lines, noise):
    path = tmp_path_factory.mktemp("ics") / "cal.ics"
    body = "\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", *lines, noise, "END:VEVENT", "END:VCALENDAR"])
    path.write_text(body, encoding="utf-8")
    try:
        g = read(path, rules={"one_way": True})
    except InroadsError as error:
        assert "\n" not in error.line()
    else:
        assert g.n >= 2
