"""``inroads serve``: a local web app to work a plan — the funnel, the people, stages by drag and drop, notes, next
steps, the log — and the report (its charts and map, drawn by the report's own code).

:func:`create_app` builds the WSGI application (:mod:`inroads.serve.app`); :func:`run` serves it with waitress
and prints the URL to open, access token included, as the first line of standard output.
"""

from __future__ import annotations

import sys

from inroads.serve.app import create_app

__all__ = ["create_app", "run"]


def run(plan_path: str, *, host: str = "127.0.0.1", port: int = 8765, threads: int = 4) -> None:
    """Serve ``plan_path`` until interrupted; the first line printed is the URL (with its token)."""
    from waitress import create_server

    from inroads.errors import OptionError

    app = create_app(plan_path, host=host)
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="inroads")
    except OSError as error:
        raise OptionError(
            f"cannot listen on {host}:{port} ({error.strerror})",
            where="--port",
            fix="choose another --port, or 0 for any free one",
        ) from None
    shown = f"[{host}]" if ":" in host else host
    print(f"http://{shown}:{server.effective_port}/?token={app.config['TOKEN']}", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: listening on {host}: anyone on your network with the URL can change the plan",
            file=sys.stderr,
            flush=True,
        )
    try:
        server.run()
    finally:
        server.close()
