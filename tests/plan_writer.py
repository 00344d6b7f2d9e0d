"""Writers for the plan's crash and concurrency tests, run as a separate process: ``python -m tests.plan_writer``.

``kill PLAN ROUNDS SEED``: imports the command line once, then ROUNDS times forks a child that runs ``inroads plan
set`` and ``inroads plan log`` (the real commands, through :func:`inroads.cli.main`) in a loop, writing one line
to a pipe after each command returned success; the parent sends the child SIGKILL after a random 10–150 ms, at
whatever point of a write it is. Printed: one line per acknowledged write, ``set<TAB>person<TAB>value`` or
``log<TAB>person<TAB>note``.

``serve-kill PLAN ROUNDS SEED``: the same for ``inroads serve``: forked waitress servers of the app, written to
over HTTP by two client threads, killed at random moments; a write counts as acknowledged when its 200 came back.

``race PLAN TAG COUNT START``: COUNT writes in a row (no kill) from the time START on, printing the same lines,
or ``busy<TAB>message`` for a write refused as busy; two of these run at once in the concurrency test.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import sys
import time

PEOPLE = ("Valjean", "Myriel", "Marius", "Javert", "Gavroche")


def _write(cli_main, path: str, n: int, tag: str) -> tuple[str, str, str, int, str]:  # type: ignore[no-untyped-def]
    person = PEOPLE[n % len(PEOPLE)]
    value = f"{tag}-{n}"
    if n % 2:
        kind, argv = "set", ["plan", "set", path, person, "--notes", value]
    else:
        kind, argv = "log", ["plan", "log", path, person, "--kind", "meeting", "--note", value]
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            cli_main(argv)
        except SystemExit as stop:
            code = int(stop.code or 0)
    return kind, person, value, code, err.getvalue().strip()


def kill(path: str, rounds: int, seed: int) -> None:
    from inroads.cli import main as cli_main

    # Warm up in the parent (lazy imports, first queries), so each forked writer starts writing at once.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        cli_main(["plan", "show", path, PEOPLE[0]])
    rng = random.Random(seed)
    for round_number in range(rounds):
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # the writer: loops until killed
            os.close(read_end)
            n = round_number * 1_000_000
            while True:
                n += 1
                kind, person, value, code, err = _write(cli_main, path, n, f"k{seed}")
                if code != 0:
                    os.write(write_end, f"error\t{person}\t{err}\n".encode())
                    os._exit(3)
                os.write(write_end, f"{kind}\t{person}\t{value}\n".encode())
        os.close(write_end)
        time.sleep(rng.uniform(0.01, 0.15))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        with os.fdopen(read_end, "rb") as pipe:
            sys.stdout.write(pipe.read().decode())
        sys.stdout.flush()


def race(path: str, tag: str, count: int, start_at: float) -> None:
    from inroads.cli import main as cli_main

    time.sleep(max(0.0, start_at - time.time()))  # both racers start writing at the same moment
    for n in range(count):
        kind, person, value, code, err = _write(cli_main, path, n, tag)
        if code == 0:
            print(f"{kind}\t{person}\t{value}", flush=True)
        else:
            print(f"busy\t{person}\t{err}", flush=True)


def _post(port: int, path: str, body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    import http.client
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "X-CSRF-Token": "csrf",
                "Cookie": f"inroads_token_{port}=token",
            },
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def _get_state(port: int) -> dict:  # type: ignore[type-arg]
    import http.client
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/api/state?token=token")
        response = connection.getresponse()
        if response.status == 303:  # the token is traded for a cookie first
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/api/state", headers={"Cookie": f"inroads_token_{port}=token"})
            response = connection.getresponse()
        return json.loads(response.read())
    finally:
        connection.close()


def serve_kill(path: str, rounds: int, seed: int) -> None:
    """Like ``kill``, for ``inroads serve``: each round forks a waitress server of the app (4 threads), sends it
    changes and log entries from two client threads, and sends it SIGKILL after a random 20–250 ms."""
    import threading

    from waitress import create_server

    from inroads.serve import create_app

    app = create_app(path, token="token", csrf="csrf")
    rng = random.Random(seed)
    acknowledged: list[str] = []
    lock = threading.Lock()
    for round_number in range(rounds):
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(read_end)
            server = create_server(app, host="127.0.0.1", port=0, threads=4)
            os.write(write_end, f"{server.effective_port}\n".encode())
            os.close(write_end)
            with contextlib.redirect_stderr(io.StringIO()):
                server.run()
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            port = int(pipe.readline())
        versions = {p["id"]: p["version"] for p in _get_state(port)["people"]}
        stop = threading.Event()

        def client(
            number: int,
            port: int = port,
            versions: dict = versions,
            stop: threading.Event = stop,
            round_number: int = round_number,
        ) -> None:  # type: ignore[type-arg]
            n = round_number * 1_000_000 + number * 100_000
            while not stop.is_set():
                n += 1
                person = PEOPLE[n % len(PEOPLE)]
                value = f"s{seed}-{n}"
                try:
                    if n % 2:
                        status, answer = _post(
                            port, "/api/update", {"id": person, "notes": value, "version": versions[person]}
                        )
                        if status == 200:
                            versions[person] = answer["person"]["version"]
                            with lock:
                                acknowledged.append(f"set\t{person}\t{value}")
                        elif status == 409:
                            versions[person] = answer["person"]["version"]
                        else:
                            with lock:
                                acknowledged.append(f"error\t{person}\t{status} {answer}")
                    else:
                        status, answer = _post(port, "/api/log", {"id": person, "kind": "call", "note": value})
                        if status == 200:
                            with lock:
                                acknowledged.append(f"log\t{person}\t{value}")
                except (OSError, ValueError):
                    return  # the server died under this request: not acknowledged

        clients = [threading.Thread(target=client, args=(k,)) for k in range(2)]
        for thread in clients:
            thread.start()
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        stop.set()
        for thread in clients:
            thread.join()
    sys.stdout.write("".join(line + "\n" for line in acknowledged))


if __name__ == "__main__":
    command, plan_path, *rest = sys.argv[1:]
    if command == "kill":
        kill(plan_path, int(rest[0]), int(rest[1]))
    elif command == "serve-kill":
        serve_kill(plan_path, int(rest[0]), int(rest[1]))
    else:
        race(plan_path, rest[0], int(rest[1]), float(rest[2]))
