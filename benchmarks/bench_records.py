"""Reading a 1,000,000-message mbox into a network: inroads against the standard library's ``mailbox`` loop.

The mailbox (generated once into ``benchmarks/.cache``, git-ignored, about 0.9 GB) is shaped like a Google Takeout
export: 5,000 correspondents around one owner, each message with a ``From_`` line, a dozen header fields
(``Received``, ``DKIM-Signature``, ``MIME-Version``, ...), one to four To/Cc recipients, 3% mailing-list and no-reply
messages, 1% duplicate Message-IDs, and a body of about 400 bytes. Each reader runs in a fresh process (its time
and peak resident memory are its own; ``cpu_s`` is its user + system CPU time, which other jobs on a shared machine
inflate less than the wall-clock ``seconds``):

* ``inroads.read`` — the whole path to a Graph: headers, tie rules, CSR build (a graph with strengths, owners, counts);
  a mailbox this large is parsed by two processes (:mod:`inroads.io.records.mbox_split`): ``cpu_s`` sums both, and
  ``peak_mb`` gives each process's peak (this one + the other);
* ``mailbox + BytesHeaderParser`` — the floor: the standard library's ``mailbox.mbox`` loop parsing only headers
  (``email.parser.BytesHeaderParser``) and doing nothing with them.

Run: ``python -m benchmarks records`` (first run: about a minute to write the mailbox).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks.common import cache_path, markdown_table

MESSAGES = 1_000_000
PEOPLE = 5_000


def mailbox_file(messages: int = MESSAGES) -> Path:
    """The cached mbox of ``messages`` messages (written in 10,000-message chunks, never held whole)."""
    path = cache_path(f"mail-{messages}.mbox")
    if path.exists():
        return path
    rng = np.random.default_rng(11)
    owner = "owner@example.com"
    people = [f"person{i}@domain{i % 97}.org" for i in range(PEOPLE)]
    popularity = 1.0 / np.arange(1, PEOPLE + 1)  # Zipf-like: a few correspondents get most mail
    popularity /= popularity.sum()
    body = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 7 + "\n") * 1
    temporary = path.with_suffix(".part")
    with temporary.open("w", encoding="utf-8", newline="\n") as out:
        for start in range(0, messages, 10_000):
            count = min(10_000, messages - start)
            contact = rng.choice(PEOPLE, size=count, p=popularity)
            outgoing = rng.random(count) < 0.45
            extra = rng.integers(0, 4, count)
            kind = rng.random(count)
            seconds = 1_600_000_000 + rng.integers(0, 4 * 365 * 86400, count)
            chunk = []
            for i in range(count):
                number = start + i
                other = people[contact[i]]
                cc = ", ".join(people[j] for j in rng.integers(0, PEOPLE, extra[i]))
                sender, to = (owner, other) if outgoing[i] else (other, owner)
                if kind[i] < 0.015:
                    sender = "no-reply@service.example"
                headers = [
                    f"From {sender} Mon Jan  1 00:00:00 2024",
                    "Return-Path: <bounce@example.com>",
                    "Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.com with ESMTPS",
                    "\tid abc123; Mon, 01 Jan 2024 10:00:00 +0000",
                    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=2024;",
                    "\th=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                    "MIME-Version: 1.0",
                    f'From: "Person {contact[i]}" <{sender}>',
                    f"To: {to}",
                    f"Subject: Re: project {number % 1000}",
                    f"Date: {_date(int(seconds[i]))}",
                    f"Message-ID: <{number if rng.random() > 0.01 else number - 1}@example.com>",
                    "Content-Type: text/plain; charset=UTF-8",
                ]
                if cc:
                    headers.append(f"Cc: {cc}")
                if 0.015 <= kind[i] < 0.03:
                    headers.append("List-Id: <announce.example.com>")
                chunk.append("\n".join(headers) + "\n\n" + body + "\n")
            out.write("".join(chunk))
    temporary.rename(path)
    return path


def _date(seconds: int) -> str:
    from email.utils import formatdate

    return formatdate(seconds)


_INROADS = """
import json, resource, sys, time
start = time.perf_counter()
from inroads.io import read
g = read(sys.argv[1])
elapsed = time.perf_counter() - start
usage, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "peak_mb": usage.ru_maxrss / 1024, "child_peak_mb": children.ru_maxrss / 1024,
                  "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
                  "nodes": g.n, "edges": g.m, "read": g.meta["records_read"], "dropped": g.meta["records_dropped"]}))
"""

_FLOOR = """
import json, mailbox, resource, sys, time
from email.parser import BytesHeaderParser
start = time.perf_counter()
parser, count = BytesHeaderParser(), 0
box = mailbox.mbox(sys.argv[1], factory=None, create=False)
for key in box.iterkeys():
    with box.get_file(key) as handle:
        parser.parse(handle)
    count += 1
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": elapsed, "peak_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
                  "messages": count}))
"""


def _run(script: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(messages: int = MESSAGES) -> None:
    path = mailbox_file(messages)
    size_mb = path.stat().st_size / 2**20
    ours = _run(_INROADS, path)
    floor = _run(_FLOOR, path)
    rows = [
        {"reader": "inroads.read (to a Graph)", "messages": messages, "seconds": ours["seconds"],
         "cpu_s": ours["cpu"], "peak_mb": f"{ours['peak_mb']:.0f} + {ours['child_peak_mb']:.0f}",
         "vs_floor": ours["seconds"] / floor["seconds"]},
        {"reader": "mailbox + BytesHeaderParser (floor)", "messages": floor["messages"], "seconds": floor["seconds"],
         "cpu_s": floor["cpu"], "peak_mb": f"{floor['peak_mb']:.0f}", "vs_floor": 1.0},
    ]  # fmt: skip
    print(f"mbox: {path.name}, {size_mb:.0f} MB")
    print(markdown_table(rows))
    print(f"\ninroads: {ours['nodes']} people, {ours['edges']} ties; read {ours['read']}; dropped {ours['dropped']}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else MESSAGES)
