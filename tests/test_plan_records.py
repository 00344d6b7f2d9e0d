"""Refresh reads interactions straight from mail and calendar records: one log entry proposed per message or meeting
between the records' owner and a person of the plan, added with ``accept``, never twice, nothing deleted."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

import inroads.plan
from inroads.cli import main
from inroads.io import read, write_inroads
from inroads.plan.refresh import refresh
from tests.conftest import dump, run

OWNER = "ann@ex.org"
PEOPLE = [f"{name}@ex{i % 3}.org" for i, name in enumerate(("bo", "cy", "di", "ed", "fe", "gu", "hal"))]
BO, CY, DI, ED, FE, GU, HAL = PEOPLE


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def network_messages() -> list[tuple[str, list[str], datetime, str]]:
    """(sender, recipients, when, subject): the owner and seven people writing both ways, and a few pairs of people
    among themselves, so the shortlist has structure; dates in 2025."""
    messages = []
    for i, person in enumerate(PEOPLE):
        for k in range(1 + i % 3):
            messages.append((OWNER, [person], at(f"2025-0{1 + k}-{10 + i}"), f"hello {i}.{k}"))
            messages.append((person, [OWNER], at(f"2025-0{1 + k}-{11 + i}"), f"Re: hello {i}.{k}"))
    for a, b in ((BO, CY), (CY, DI), (DI, BO), (ED, FE), (FE, GU), (GU, HAL), (HAL, ED), (BO, ED)):
        messages.append((a, [b], at("2025-03-01"), "between us"))
        messages.append((b, [a], at("2025-03-02"), "Re: between us"))
    return messages


def newer_messages() -> list[tuple[str, list[str], datetime, str, dict[str, str]]]:
    """Messages of the newer records, with extra header fields; the tests compute what each should give."""
    return [
        (OWNER, [BO, CY], at("2025-11-03"), "Coffee =?utf-8?q?caf=C3=A9?=", {}),  # two interactions, sent
        (DI, [OWNER], at("2025-11-04", 23), "Intro", {}),  # received
        (BO, [CY], at("2025-11-05"), "not ours", {"Cc": OWNER}),  # the owner in Cc: with bo only
        (OWNER, ["stranger@else.org"], at("2025-11-06"), "cold mail", {}),  # not in the plan (nor the network)
        (ED, [OWNER], at("2025-11-07"), "newsletter", {"List-Id": "<news.ex1.org>"}),  # a broadcast: nothing
        (BO, [OWNER], at("2099-01-01"), "from the future", {}),  # not happened yet: nothing
        (BO, [OWNER], at("3000-01-01"), "a broken clock", {}),  # nothing (and no error)
        (BO, [OWNER], at("1000-01-01"), "an old clock", {}),  # a date, however unlikely
        (CY, [DI], at("2025-11-08"), "without the owner", {}),  # nothing
        *[(OWNER, [BO], at(f"2025-12-0{day}"), f"follow-up {day}", {}) for day in range(1, 7)],
    ]


def mbox(messages: list[tuple]) -> bytes:
    out = []
    for number, (sender, recipients, when, subject, *extra) in enumerate(messages):
        fields = {
            "From": sender,
            "To": ", ".join(recipients),
            "Date": when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            "Message-ID": f"<m{number}.{when.timestamp():.0f}@{sender.split('@')[1]}>",
            "Subject": subject,
            **(extra[0] if extra else {}),
        }
        head = "".join(f"{key}: {value}\n" for key, value in fields.items())
        out.append(f"From {sender} {when:%a %b %d %H:%M:%S %Y}\n{head}\nFrom the body, never read.\n\n")
    return "".join(out).encode()


def expected_mail(messages: list[tuple], plan_people: set[str]) -> list[tuple[str, str, str, str]]:
    """(id, date, kind, note) the owner's messages with people of the plan should give (computed from the list)."""
    rows = set()
    for sender, recipients, when, subject, *extra in messages:
        fields = extra[0] if extra else {}
        if "List-Id" in fields or when > datetime.now(UTC):
            continue
        subject = subject.replace("=?utf-8?q?caf=C3=A9?=", "café")
        day = when.strftime("%Y-%m-%d")
        if sender == OWNER:
            rows |= {(p, day, "email", f"sent: {subject}") for p in recipients if p in plan_people}
        elif sender in plan_people and OWNER in [*recipients, fields.get("Cc")]:
            rows.add((sender, day, "email", f"received: {subject}"))
    return sorted(rows, key=lambda r: (r[1], r[0]))


def rows(table: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    return [tuple(r) for r in table[["id", "date", "kind", "note"]].itertuples(index=False)]


@pytest.fixture
def mail_plan(tmp_path: Path) -> tuple[inroads.plan.Plan, Path]:
    older = tmp_path / "older.mbox"
    older.write_bytes(mbox(network_messages()))
    plan = inroads.plan.create(tmp_path / "plan.db", read(older), size=4, report=False)
    newer = tmp_path / "newer.mbox"
    newer.write_bytes(mbox(network_messages()) + mbox(newer_messages()))
    yield plan, newer
    plan.close()


def test_mail_interactions_are_proposed_accepted_once_and_nothing_is_deleted(
    mail_plan: tuple[inroads.plan.Plan, Path],
) -> None:
    plan, newer = mail_plan
    people = set(plan.people()["id"])
    # The owner is never a target; the cases below need these people in the plan, and di out of it.
    assert OWNER not in people and {BO, CY, ED} <= people and DI not in people
    plan.update(BO, notes="met at the fair")
    plan.add_log(BO, kind="meeting", note="fair", date="2025-10-01")
    g = read(newer)
    expected = expected_mail([(*m, {}) for m in network_messages()] + newer_messages(), people)

    looked = refresh(plan, g, report=False)

    proposed = looked.attrs["proposed"]
    assert rows(proposed) == expected
    assert ("bo@ex0.org", "2025-11-03", "email", "sent: Coffee café") in expected
    assert ("bo@ex0.org", "2025-11-05", "email", "received: not ours") in expected
    assert not set(proposed["id"]) - people and len(proposed) == looked.attrs["summary"]["proposed"]
    assert set(proposed["kind"]) == {"email"}
    assert len(plan.log()) == 1  # proposed only

    taken = refresh(plan, g, accept=True, report=False)
    assert rows(taken.attrs["proposed"]) == expected and taken.attrs["summary"]["accepted"] == len(expected)
    log = plan.log()
    assert len(log) == 1 + len(expected)
    assert set(log.loc[log["source"] != "user", "source"]) == {f"refresh {taken.attrs['refresh']}"}
    assert plan.person(BO)["notes"] == "met at the fair" and "fair" in set(log["note"])

    again = refresh(plan, g, accept=True, report=False)
    assert len(again.attrs["proposed"]) == 0 and len(plan.log()) == 1 + len(expected)
    assert set(plan.people()["id"]) == people


def test_records_and_a_contacts_table_combine(mail_plan: tuple[inroads.plan.Plan, Path]) -> None:
    plan, newer = mail_plan
    g = read(newer)
    from_records = rows(refresh(plan, g, report=False).attrs["proposed"])
    extra = pd.DataFrame({"id": [BO, "nobody@else.org"], "date": ["2025-12-01"] * 2, "kind": ["call"] * 2})
    combined = refresh(plan, g, interactions=extra, report=False).attrs["proposed"]
    assert sorted(rows(combined)) == sorted([*from_records, (BO, "2025-12-01", "call", "")])


def test_a_graph_file_has_no_record_interactions(mail_plan: tuple[inroads.plan.Plan, Path], tmp_path: Path) -> None:
    plan, newer = mail_plan
    g = read(newer)
    u, v, _ = g.edges()
    edges = tmp_path / "edges.csv"
    pd.DataFrame({"a": g.ids[u], "b": g.ids[v]}).to_csv(edges, index=False, header=False)
    assert refresh(plan, read(edges), report=False).attrs["proposed"] is None
    converted = tmp_path / "mail.inroads"
    write_inroads(g, converted)  # a graph file keeps the graph, not the records' interactions
    assert "record_events" in g.meta and "record_events" not in read(converted).meta
    assert refresh(plan, read(converted), report=False).attrs["proposed"] is None


def calendar(events: list[dict[str, object]]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for number, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:e{number}@test", f"DTSTART:{event['start']:%Y%m%dT%H%M%SZ}"]
        lines.append(f"SUMMARY:{event['summary']}")
        lines.append(f"ORGANIZER;CN=Ann:mailto:{event.get('organizer', OWNER)}")
        for person in event["attendees"]:
            declined = person in event.get("declined", ())
            lines.append(f"ATTENDEE;PARTSTAT={'DECLINED' if declined else 'ACCEPTED'}:mailto:{person}")
        lines += [f"{key}:{value}" for key, value in event.get("extra", {}).items()]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def network_meetings() -> list[dict[str, object]]:
    meetings = []
    for i, person in enumerate(PEOPLE):
        meetings += [
            {"start": at(f"2025-0{1 + k}-{10 + i}"), "summary": f"1:1 {i}", "attendees": [person]}
            for k in range(1 + i % 2)
        ]
    meetings += [
        {"start": at("2025-03-01"), "summary": "team a", "attendees": [CY, DI], "organizer": BO},
        {"start": at("2025-03-02"), "summary": "team b", "attendees": [FE, GU, HAL], "organizer": ED},
    ]
    return meetings


def test_meetings_are_proposed_once_per_person_and_occurrence(tmp_path: Path) -> None:
    older = tmp_path / "older.ics"
    older.write_bytes(calendar(network_meetings()))
    newer = tmp_path / "newer.ics"
    newer.write_bytes(
        calendar(
            [
                *network_meetings(),
                {"start": at("2025-11-03"), "summary": "Planning", "attendees": [BO, CY, GU], "declined": [GU]},
                {
                    "start": at("2025-11-10", 9),
                    "summary": "Weekly",
                    "attendees": [ED],
                    "extra": {"RRULE": "FREQ=WEEKLY;COUNT=3"},
                },
                {"start": at("2025-11-12"), "summary": "Off", "attendees": [CY], "extra": {"STATUS": "CANCELLED"}},
                {"start": at("2099-05-01"), "summary": "Someday", "attendees": [BO]},
                {"start": at("2025-11-14"), "summary": "Not mine", "attendees": [CY], "organizer": DI},
            ]
        )
    )
    with inroads.plan.create(tmp_path / "plan.db", read(older), size=4, rule="global", report=False) as plan:
        people = set(plan.people()["id"])
        assert OWNER not in people and {BO, CY, ED, GU} <= people  # so each case below is about the plan
        candidates = [
            (BO, "2025-11-03", "meeting", "Planning"),
            (CY, "2025-11-03", "meeting", "Planning"),
            *[(ED, day, "meeting", "Weekly") for day in ("2025-11-10", "2025-11-17", "2025-11-24")],
        ]
        expected = sorted(
            [r for r in candidates if r[0] in people]
            + [
                (p, m["start"].strftime("%Y-%m-%d"), "meeting", m["summary"])
                for m in network_meetings()
                if m.get("organizer", OWNER) == OWNER
                for p in m["attendees"]
                if p in people
            ],
            key=lambda r: (r[1], r[0]),
        )
        looked = refresh(plan, read(newer), accept=True, report=False)
        assert rows(looked.attrs["proposed"]) == expected
        assert len(plan.log()) == len(expected)
        assert len(refresh(plan, read(newer), report=False).attrs["proposed"]) == 0


# ---------------------------------------------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def mail_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("mail")
    (folder / "older.mbox").write_bytes(mbox(network_messages()))
    (folder / "newer.mbox").write_bytes(mbox(network_messages()) + mbox(newer_messages()))
    plan = folder / "plan.db"
    with pytest.raises(SystemExit) as stop:
        main(["plan", "create", str(folder / "older.mbox"), "-o", str(plan), "--size", "4", "--no-report"])
    assert stop.value.code == 0
    return plan, folder / "newer.mbox"


@pytest.fixture
def plan_and_mail(mail_files: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the module's plan (tests change it) and the newer mailbox."""
    template, newer = mail_files
    plan = tmp_path / "plan.db"
    shutil.copy(template, plan)
    return plan, newer


def test_refresh_command_proposes_and_accepts_mail(
    plan_and_mail: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, newer = plan_and_mail
    with inroads.plan.open(plan) as opened:
        people = set(opened.people()["id"])
    expected = expected_mail([(*m, {}) for m in network_messages()] + newer_messages(), people)
    code, out, err = run(["plan", "refresh", str(plan), str(newer), "--no-report"], capsys)
    assert code == 0, err
    assert f"{len(expected)} interactions from the records proposed (add them with --accept)" in out
    assert "2025-11-03" in out and "sent: Coffee café" in out
    assert len(expected) > 20 and f"… and {len(expected) - 20} more (--format json lists them all" in out
    contacts = tmp_path / "found.csv"
    contacts.write_text(f"id,date,kind,note\n{BO},2025-12-01,call,phoned\n")
    code, out, err = run(
        [
            "plan",
            "refresh",
            str(plan),
            str(newer),
            "--contacts",
            str(contacts),
            "--accept",
            "--no-report",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0, err
    added = json.loads(out)["proposed"]
    assert len(added) == len(expected) + 1
    assert {(r["id"], r["date"], r["kind"], r["note"]) for r in added} == {
        *expected,
        (BO, "2025-12-01", "call", "phoned"),
    }
    code, out, _ = run(["plan", "log", str(plan), "--format", "json"], capsys)
    assert len(json.loads(out)["rows"]) == len(expected) + 1
    code, out, _ = run(["plan", "refresh", str(plan), str(newer), "--no-report"], capsys)
    assert code == 0 and "0 interactions from the records proposed" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n", "calendar"),
        ("empty.mbox", b"From nobody\nnot a header at all\n", "no e-mail messages found"),
    ],
)
def test_bad_records_leave_the_plan_unchanged(
    plan_and_mail: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    message: str,
) -> None:
    plan, _ = plan_and_mail
    bad = tmp_path / name
    bad.write_bytes(content)
    before = dump(plan)
    code, _, err = run(["plan", "refresh", str(plan), str(bad), "--accept", "--no-report"], capsys)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert dump(plan) == before


def test_pseudonymized_records_match_the_plan_and_carry_no_subjects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (tmp_path / "older.mbox").write_bytes(mbox(network_messages()))
    (tmp_path / "newer.mbox").write_bytes(mbox(network_messages()) + mbox(newer_messages()))
    plan = folder / "plan.db"
    monkeypatch.chdir(tmp_path)  # the salt goes beside the plan, not in the working folder
    code, _, err = run(
        ["plan", "create", "older.mbox", "-o", str(plan), "--size", "4", "--no-report", "--pseudonymize"], capsys
    )
    assert code == 0, err
    assert (folder / "inroads.salt").exists() and not (tmp_path / "inroads.salt").exists()
    code, out, err = run(
        ["plan", "refresh", str(plan), "newer.mbox", "--no-report", "--pseudonymize", "--format", "json"], capsys
    )
    assert code == 0, err
    proposed = json.loads(out)["proposed"]
    with inroads.plan.open(plan) as opened:
        people = set(opened.people()["id"])
    assert proposed and {row["id"] for row in proposed} <= people
    assert all(p.startswith("p") and "@" not in p for p in people)
    assert {row["note"] for row in proposed} <= {"sent", "received"} and "Coffee" not in out


def test_the_records_window_bounds_the_interactions(tmp_path: Path) -> None:
    newer = tmp_path / "newer.mbox"
    newer.write_bytes(mbox(network_messages()) + mbox(newer_messages()))
    everything = read(newer).meta["record_events"].table()
    window = {"since": "2025-11-04", "until": "2025-11-30", "one_way": True}
    windowed = read(newer, rules=window).meta["record_events"].table()
    assert len(everything) > len(windowed) > 0
    assert rows(windowed) == [r for r in rows(everything) if "2025-11-04" <= r[1] <= "2025-11-30"]


def test_aliases_merge_the_interactions_too(tmp_path: Path) -> None:
    """Two addresses of one person (an alias) give interactions under the person's one id, as the graph's node."""
    newer = tmp_path / "newer.mbox"
    newer.write_bytes(mbox(network_messages()) + mbox(newer_messages()))
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(f"alias,person\n{BO},Bo Berg\nbo.berg@home.net,Bo Berg\n")
    plain = read(newer).meta["record_events"].table()
    g = read(newer, rules={"aliases": str(aliases)})
    merged = g.meta["record_events"].table()
    assert "bo berg" in set(g.ids) and BO not in set(g.ids)
    assert BO not in set(merged["id"])
    assert merged.loc[merged["id"] == "bo berg"].values.tolist() == [
        ["bo berg", *row[1:]] for row in plain.loc[plain["id"] == BO].values.tolist()
    ]


def test_risers_added_with_add_suggested_get_their_interactions_proposed(
    mail_plan: tuple[inroads.plan.Plan, Path],
) -> None:
    plan, newer = mail_plan
    people = set(plan.people()["id"])
    messages = [(*m, {}) for m in network_messages()] + newer_messages()
    changes = refresh(plan, read(newer), add_suggested=True, report=False)
    risers = set(changes.loc[changes["change"] == "rose", "id"])
    assert DI in risers  # di wrote to the owner ("Intro"): that message is proposed now that di is in the plan
    assert rows(changes.attrs["proposed"]) == expected_mail(messages, people | risers)
    assert (DI, "2025-11-04", "email", "received: Intro") in rows(changes.attrs["proposed"])


def test_refresh_command_on_a_graph_file_says_nothing_of_interactions(
    plan_and_mail: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, newer = plan_and_mail
    g = read(newer)
    u, v, _ = g.edges()
    edges = tmp_path / "edges.csv"
    pd.DataFrame({"a": g.ids[u], "b": g.ids[v]}).to_csv(edges, index=False, header=False)
    code, out, err = run(["plan", "refresh", str(plan), str(edges), "--no-report"], capsys)
    assert code == 0, err
    assert "refresh 2:" in out and "interactions" not in out
    with inroads.plan.open(plan) as opened:
        assert len(opened.log()) == 0


@pytest.mark.parametrize("layout", ["maildir", "eml-zip"])
def test_every_mail_layout_gives_the_same_interactions(tmp_path: Path, layout: str) -> None:
    import zipfile

    messages = [(*m, {}) for m in network_messages()] + newer_messages()
    box = tmp_path / "all.mbox"
    box.write_bytes(mbox(messages))
    # One file per message: the mbox cut at its From_ lines (each message's own bytes, From_ line left out).
    singles = [b"\n".join(part.split(b"\n")[1:]) for part in mbox(messages).split(b"\n\nFrom ")]
    if layout == "maildir":
        source = tmp_path / "Maildir"
        for folder in ("cur", "new", "tmp"):
            (source / folder).mkdir(parents=True)
        for number, data in enumerate(singles):
            (source / "cur" / f"{number}.host:2,S").write_bytes(data)
    else:
        source = tmp_path / "mail.zip"
        with zipfile.ZipFile(source, "w") as archive:
            for number, data in enumerate(singles):
                archive.writestr(f"export/{number}.eml", data)
    expected = read(box).meta["record_events"].table()
    assert len(expected) > 20
    found = read(source).meta["record_events"].table()
    assert sorted(found.values.tolist()) == sorted(expected.values.tolist())  # in file order: names, not dates
