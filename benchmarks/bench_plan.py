"""The plan and ``inroads serve`` at the size the issue names: 500 people with 50,000 log entries.

- The plan: ``inroads.plan.create`` on a Barabási–Albert graph (NetworkX, n = 3,000, m = 3, seed 1) with
  ``size=500``; then 50,000 log entries (100 per person, dates over two years), a stage, an owner and a due date for
  everyone, written in one transaction straight into the tables (the *reads* are measured here; the writes are
  one ``BEGIN IMMEDIATE`` each and are measured as ``plan set`` below).
- ``plan status``: the library call, and the command in-process (open, status, render the table).
- Every page of ``serve``: real HTTP against waitress on 127.0.0.1 (``http.client``, keep-alive off), median of 20.
- ``plan refresh``: against the shortlist it runs (same graph with 1% of edges rewired), report kept and not.

Target: ``plan status`` and every page under 100 ms; refresh no more than its shortlist plus 1 s.
Run: ``python -m benchmarks plan`` (about a minute).
"""

from __future__ import annotations

import contextlib
import http.client
import io
import random
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import markdown_table, median_time


def _graph(seed: int = 1, rewire: float = 0.0):  # type: ignore[no-untyped-def]
    import networkx as nx

    from inroads.graph import Graph

    graph = nx.barabasi_albert_graph(3000, 3, seed=seed)
    if rewire:
        rng = random.Random(seed)
        edges = list(graph.edges())
        for u, v in rng.sample(edges, int(rewire * len(edges))):
            graph.remove_edge(u, v)
            graph.add_edge(u, rng.randrange(3000))
    return Graph.from_networkx(graph)


def _fill(path: Path) -> None:
    import inroads.plan

    rng = random.Random(2)
    with inroads.plan.open(path) as plan:
        ids = plan.people()["id"].tolist()
        stamp = "2026-01-01T00:00:00Z"
        plan.db.execute("BEGIN IMMEDIATE")
        plan.db.executemany(
            "UPDATE people SET stage = ?, owner = ?, next_step = ?, due = ? WHERE id = ?",
            [
                (rng.randrange(5), rng.choice(["ann", "bob", ""]), "coffee", f"2026-{rng.randint(1, 12):02d}-15", i)
                for i in ids
            ],
        )
        plan.db.executemany(
            "INSERT INTO log (person, date, kind, note, added_at, source) VALUES (?, ?, ?, ?, ?, 'user')",
            [
                (i, f"{2025 + k % 2}-{1 + k % 12:02d}-{1 + k % 28:02d}", "meeting", f"note {k} about {i}", stamp)
                for i in ids
                for k in range(100)
            ],
        )
        plan.db.execute("COMMIT")


def _http(port: int, method: str, path: str, cookie: str, body: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie}
    if body is not None:
        headers.update({"Content-Type": "application/json", "X-CSRF-Token": "csrf"})
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def bench_plan() -> list[dict[str, object]]:
    import json

    from waitress import create_server

    import inroads
    import inroads.plan
    from inroads.cli import main
    from inroads.plan.refresh import refresh
    from inroads.serve import create_app

    rows: list[dict[str, object]] = []
    folder = Path(tempfile.mkdtemp(prefix="inroads-bench-plan-"))
    path = folder / "plan.db"
    g = _graph()
    inroads.shortlist(g, size=500)  # warm the kernels
    start = time.perf_counter()
    inroads.plan.create(path, g, size=500).close()
    rows.append({"task": "plan create (n=3,000, 500 people, report kept)", "ms": 1000 * (time.perf_counter() - start)})
    _fill(path)
    with inroads.plan.open(path) as plan:
        log_entries = plan.db.execute("SELECT count(*) FROM log").fetchone()[0]
        people = plan.db.execute("SELECT count(*) FROM people").fetchone()[0]
        rows.append(
            {
                "task": f"plan.status() ({people} people, {log_entries:,} log entries)",
                "ms": 1000 * median_time(plan.status, repeat=20, warmup=True),
            }
        )
        rows.append(
            {
                "task": "plan.people() (DataFrame with figures)",
                "ms": 1000 * median_time(plan.people, repeat=20, warmup=True),
            }
        )

    def command(*argv: str) -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main(list(argv))

    rows.append(
        {
            "task": "`inroads plan status` in-process (open, status, render)",
            "ms": 1000 * median_time(lambda: command("plan", "status", str(path)), repeat=20, warmup=True),
        }
    )
    counter = iter(range(10**6))
    rows.append(
        {
            "task": "`inroads plan set --notes` in-process (one transaction, fsync)",
            "ms": 1000
            * median_time(
                lambda: command("plan", "set", str(path), "0", "--notes", f"n{next(counter)}"), repeat=20, warmup=True
            ),
        }
    )

    app = create_app(str(path), token="token", csrf="csrf")
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    port = server.effective_port
    cookie = f"inroads_token_{port}=token"
    busiest = "0"
    pages = {
        "GET / (board, funnel)": lambda: _http(port, "GET", "/", cookie),
        "GET /person?id=ID (100 log entries)": lambda: _http(port, "GET", f"/person?id={busiest}", cookie),
        "GET /report (report + funnel chart)": lambda: _http(port, "GET", "/report", cookie),
        "GET /api/state": lambda: _http(port, "GET", "/api/state", cookie),
        "POST /api/log": lambda: _http(
            port, "POST", "/api/log", cookie, json.dumps({"id": busiest, "kind": "call", "note": "x"})
        ),
    }
    for name, request in pages.items():
        assert request() == 200, name
        rows.append({"task": f"serve {name}", "ms": 1000 * median_time(request, repeat=20)})

    def change_stage() -> None:
        with inroads.plan.open(path) as plan:
            version = plan.person(busiest)["version"]
        stage = random.choice(["identified", "talking", "advocate"])
        body = json.dumps({"id": busiest, "stage": stage, "version": version})
        assert _http(port, "POST", "/api/update", cookie, body) == 200

    rows.append(
        {
            "task": "serve POST /api/update (stage; + a version read)",
            "ms": 1000 * median_time(change_stage, repeat=20),
        }
    )
    server.task_dispatcher.shutdown()  # let the worker threads finish before the sockets close
    server.close()

    newer = _graph(rewire=0.01)
    shortlist_s = median_time(lambda: inroads.shortlist(newer, size=500), repeat=3, warmup=True)
    rows.append({"task": "inroads.shortlist on the newer network (what refresh runs)", "ms": 1000 * shortlist_s})
    with inroads.plan.open(path) as plan:
        start = time.perf_counter()
        refresh(plan, newer, report=False)
        rows.append({"task": "plan refresh, no report", "ms": 1000 * (time.perf_counter() - start)})
        start = time.perf_counter()
        refresh(plan, newer)
        rows.append(
            {"task": "plan refresh, report kept (map layout, scatter)", "ms": 1000 * (time.perf_counter() - start)}
        )
    return rows


def main() -> None:
    print(markdown_table(bench_plan()))


if __name__ == "__main__":
    main()
