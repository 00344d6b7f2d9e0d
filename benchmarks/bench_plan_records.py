"""``plan refresh`` on mail records of a realistic size: what reading the owner's interactions costs on top of the
shortlist refresh runs.

The mailbox (written to a temporary folder): 5,000 messages over two years around one owner and 400 correspondents
in 20 teams; 70% between the owner and one person (either way, sometimes a teammate in Cc), 30% between two
teammates (the owner in Cc half the time); 2% mailing-list messages. A plan of 50 is made from the first year; the
refresh reads the whole mailbox. In process, after a warm-up (numba compiled, the mailbox in the page cache):

- ``read`` — :func:`inroads.read` of the mailbox (ties, owners and the owner's interactions);
- ``shortlist`` — :func:`inroads.shortlist` with the plan's options on that graph (what refresh runs);
- ``record_interactions`` — the owner's interactions with the plan's people (the table refresh proposes from);
- ``refresh`` — :func:`inroads.plan.refresh.refresh` without the report, proposing (``accept=False``) and accepting
  (median of 5, each on a fresh copy of the plan), and once with the report kept;
- the command, in process: ``inroads shortlist MAILBOX`` against ``inroads plan refresh plan.db MAILBOX
  --no-report`` (both read the mailbox).

Target (issue 15): refresh costs no more than the shortlist it runs plus 1 s.
Run: ``python -m benchmarks plan_records`` (about half a minute).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import numpy as np

from benchmarks.common import markdown_table, median_time

MESSAGES = 5_000
PEOPLE = 400
TEAMS = 20
OWNER = "owner@example.com"


def mailbox(path: Path, messages: int = MESSAGES, *, until: float = 1.0) -> Path:
    """Write the benchmark's mailbox (the first ``until`` share of its time span) to ``path``."""
    rng = np.random.default_rng(5)
    people = [f"person{i}@team{i % TEAMS}.example.org" for i in range(PEOPLE)]
    start = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    span = 2 * 365 * 86400
    out = []
    for number in range(messages):
        when = start + span * number / messages
        if number / messages > until:
            break
        person = int(rng.integers(PEOPLE))
        mate = people[(person + TEAMS * int(rng.integers(1, PEOPLE // TEAMS))) % PEOPLE]
        cc = ""
        if rng.random() < 0.7:
            sender, to = (OWNER, people[person]) if rng.random() < 0.5 else (people[person], OWNER)
            cc = mate if rng.random() < 0.3 else ""
        else:
            sender, to = people[person], mate
            cc = OWNER if rng.random() < 0.5 else ""
        fields = [
            f"From {sender} Mon Jan  1 00:00:00 2024",
            "Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.com with ESMTPS",
            f'From: "Person {person}" <{sender}>',
            f"To: {to}",
            *([f"Cc: {cc}"] if cc else []),
            f"Subject: Re: project {number % 300}",
            f"Date: {format_datetime(datetime.fromtimestamp(when, UTC))}",
            f"Message-ID: <{number}@example.com>",
            *(["List-Id: <news.example.com>"] if rng.random() < 0.02 else []),
        ]
        out.append("\n".join(fields) + "\n\nBody text, never read.\n\n")
    path.write_text("".join(out), encoding="utf-8")
    return path


def _quiet(*argv: str) -> None:
    from inroads.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(list(argv))


def bench_plan_records() -> list[dict[str, object]]:
    import inroads
    import inroads.plan
    from inroads.plan.interactions import record_interactions
    from inroads.plan.refresh import refresh

    folder = Path(tempfile.mkdtemp(prefix="inroads-bench-plan-records-"))
    try:
        older = mailbox(folder / "older.mbox", until=0.5)
        newer = mailbox(folder / "newer.mbox")
        template = folder / "template.db"
        inroads.plan.create(template, inroads.read(older), size=50, report=False).close()
        g = inroads.read(newer)
        events = g.meta["record_events"]
        with inroads.plan.open(template) as plan:
            options = plan.options()
            people = plan.people()["id"].tolist()
        for key in ("exclude", "include"):
            options[key] = tuple(options.get(key) or ())
        rows: list[dict[str, object]] = [
            {"task": f"read the mailbox ({MESSAGES:,} messages; {g.n} people, {len(events):,} owner interactions)",
             "ms": 1000 * median_time(lambda: inroads.read(newer), repeat=5, warmup=True)},
            {"task": "shortlist with the plan's options (what refresh runs)",
             "ms": 1000 * median_time(lambda: inroads.shortlist(g, **options), repeat=5, warmup=True)},
            {"task": f"record_interactions with the plan's {len(people)} people",
             "ms": 1000 * median_time(lambda: record_interactions(g, people), repeat=5, warmup=True)},
        ]  # fmt: skip

        def fresh() -> Path:
            copy = folder / "plan.db"
            copy.unlink(missing_ok=True)
            shutil.copy(template, copy)
            return copy

        for accept in (False, True):
            times = []
            proposed = 0
            for _ in range(5):
                with inroads.plan.open(fresh()) as plan:
                    start = time.perf_counter()
                    result = refresh(plan, g, accept=accept, report=False)
                    times.append(time.perf_counter() - start)
                    proposed = len(result.attrs["proposed"])
            rows.append(
                {
                    "task": f"refresh, no report, {'accepting' if accept else 'proposing'} {proposed:,} log entries",
                    "ms": 1000 * float(np.median(times)),
                }
            )
        with inroads.plan.open(fresh()) as plan:
            start = time.perf_counter()
            refresh(plan, g)
            rows.append(
                {"task": "refresh, report kept (map layout), proposing", "ms": 1000 * (time.perf_counter() - start)}
            )
        rows.append(
            {
                "task": "`inroads shortlist MAILBOX --size 50` in process (read + shortlist + render)",
                "ms": 1000
                * median_time(lambda: _quiet("shortlist", str(newer), "--size", "50"), repeat=5, warmup=True),
            }
        )
        times = []
        for _ in range(5):
            plan_path = fresh()
            start = time.perf_counter()
            _quiet("plan", "refresh", str(plan_path), str(newer), "--no-report")
            times.append(time.perf_counter() - start)
        rows.append(
            {
                "task": "`inroads plan refresh plan.db MAILBOX --no-report` in process",
                "ms": 1000 * float(np.median(times)),
            }
        )
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    print(markdown_table(bench_plan_records()))


if __name__ == "__main__":
    main()
