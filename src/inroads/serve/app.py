"""The Flask application of ``inroads serve``: pages and a small JSON API over one plan file.

Why Flask + waitress: the plan is :mod:`sqlite3`, a blocking API, and every request is a few milliseconds of it;
a synchronous WSGI app calls it directly (Starlette would push each call to a thread pool or block its event loop).
waitress is pure Python (no compiled parts, runs wherever inroads does, Windows included), serves with a thread
pool, and has been the production WSGI server of Pyramid/Plone for years. Flask brings Jinja2, which the report
already uses.

Security, in one place (:func:`_guard`): the server listens on 127.0.0.1 unless told otherwise; every request needs
the random token printed with the URL (as ``?token=``, then as an HttpOnly, SameSite=Strict cookie); the ``Host``
header must name this machine (no DNS rebinding); every change is a JSON ``POST`` carrying the page's CSRF token in
``X-CSRF-Token`` (a header another site cannot set) and, when the browser sends one, an ``Origin`` of this server.
Pages carry a Content-Security-Policy that allows only their own nonce'd inline script and style and requests to
this server: nothing leaves the machine. Every user string reaches the page as text (Jinja2 autoescape, JSON in a
``<script type="application/json">`` escaped by :func:`inroads.report.html.script_json`, ``textContent`` in the
script).
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from inroads.errors import InroadsError, PlanBusyError, PlanConflictError, PlanError
from inroads.plan import open as open_plan
from inroads.report.html import script_json
from inroads.report.render import to_jsonable

__all__ = ["create_app"]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Fields the page may change, with the keyword of :meth:`inroads.plan.Plan.update` they go to.
FIELDS = {"stage": "stage", "owner": "owner", "notes": "notes", "next_step": "next_step", "due": "due"}


@cache
def _asset(name: str) -> str:
    return resources.files("inroads.serve").joinpath(name).read_text(encoding="utf-8")


def _state(plan: Any) -> dict[str, Any]:
    """What the board shows: stages, the funnel, and one small record per person (no figures)."""
    people = plan.db.execute(
        "SELECT p.id, p.label, p.kind, p.rank, p.listed, s.name AS stage, p.owner, p.next_step, p.due, p.version, "
        "json_extract(p.figures, '$.why') AS why FROM people p JOIN stages s ON s.position = p.stage "
        "ORDER BY p.listed DESC, p.rank IS NULL, p.rank, p.id"
    ).fetchall()
    status = plan.status()
    return {
        "stages": status["stages"],
        "kinds": status["kinds"],
        "funnel": status["funnel"],
        "overdue": len(status["overdue"]),
        "balance": status["balance"],
        "niches": status["niches"],
        "listed": status["listed"],
        "flagged": status["flagged"],
        "today": status["today"],
        "people": [dict(row) for row in people],
    }


def funnel_chart(state: dict[str, Any]) -> dict[str, Any]:
    """The funnel as a chart of the report (:func:`inroads.report.build.build`'s ``charts`` schema), so the
    report's own chart code draws it."""
    return {
        "id": "funnel",
        "title": "The plan's funnel: people at each stage",
        "kind": "bar",
        "x": state["stages"],
        "xlabel": "stage",
        "ylabel": "people",
        "series": [{"name": kind, "values": [row[kind] for row in state["funnel"]]} for kind in state["kinds"]],
        "explain": f"{state['listed']} people on the list; {state['overdue']} next steps overdue.",
    }


def create_app(plan_path: str, *, token: str | None = None, csrf: str | None = None, host: str = "127.0.0.1") -> Any:
    """The WSGI application over ``plan_path``; ``token`` and ``csrf`` are random unless given (tests give them).

    The plan is opened once here (so a bad file fails before the server starts) and then per request: each
    request has its own connection, and SQLite's locking orders the writers.
    """
    import flask

    open_plan(plan_path).close()
    app = flask.Flask("inroads.serve", template_folder=str(resources.files("inroads.serve").joinpath("templates")))
    app.jinja_env.autoescape = True  # every template, whatever its name
    app.config.update(
        TOKEN=token or secrets.token_urlsafe(24),
        CSRF=csrf or secrets.token_urlsafe(24),
        PLAN=str(plan_path),
        BIND_HOST=host,
        MAX_CONTENT_LENGTH=256 * 1024,
    )

    def cookie_name() -> str:
        port = flask.request.host.rsplit(":", 1)[-1] if ":" in flask.request.host else "80"
        return f"inroads_token_{port}"

    def _refuse(status: int, message: str) -> Any:
        response = flask.make_response(message + "\n", status)
        response.mimetype = "text/plain"
        return response

    @app.before_request
    def _guard() -> Any:
        request = flask.request
        bound = app.config["BIND_HOST"]
        hostname = urlsplit(f"//{request.host}").hostname or ""
        if bound not in ("0.0.0.0", "::") and hostname not in LOCAL_HOSTS | {bound}:
            return _refuse(403, "refused: unknown Host header")
        given = request.args.get("token") or request.cookies.get(cookie_name()) or ""
        if not hmac.compare_digest(given.encode(), app.config["TOKEN"].encode()):
            return _refuse(403, "refused: open the URL that `inroads serve` printed (it holds the access token)")
        if request.method not in ("GET", "HEAD"):
            sent = request.headers.get("X-CSRF-Token", "")
            if not hmac.compare_digest(sent.encode(), app.config["CSRF"].encode()):
                return _refuse(403, "refused: missing or wrong CSRF token (reload the page)")
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != request.host:
                return _refuse(403, "refused: the request came from another site")
            if not request.is_json:
                return _refuse(415, "refused: changes are sent as JSON")
        if request.method == "GET" and "token" in request.args:
            # Trade the token in the URL for a cookie, and drop it from the address bar (and from history).
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            response = flask.redirect(request.path + (f"?{urlencode(rest)}" if rest else ""), code=303)
            response.set_cookie(cookie_name(), app.config["TOKEN"], httponly=True, samesite="Strict", path="/")
            return response
        flask.g.nonce = secrets.token_urlsafe(16)
        return None

    @app.after_request
    def _headers(response: Any) -> Any:
        nonce = getattr(flask.g, "nonce", "none")
        if response.headers.get("X-Inroads-Report") == "1":
            # The report page brings its own meta policy (inline script and style, nothing else); the header says
            # the same, so neither loosens the other.
            policy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
            del response.headers["X-Inroads-Report"]
        else:
            policy = (
                f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
                "connect-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
            )
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(template: str, data: dict[str, Any], title: str) -> Any:
        return flask.render_template(
            template,
            title=title,
            nonce=flask.g.nonce,
            csrf=app.config["CSRF"],
            data=script_json(to_jsonable(data)),
            css=_asset("static/app.css"),
            js=_asset("static/app.js"),
        )

    def json_error(status: int, message: str, **extra: Any) -> Any:
        return flask.jsonify({"error": message, **extra}), status

    @app.errorhandler(InroadsError)
    def _inroads_error(error: InroadsError) -> Any:
        if isinstance(error, PlanConflictError):
            return json_error(409, error.line())
        if isinstance(error, PlanBusyError):
            return json_error(503, error.line())
        return json_error(400 if isinstance(error, PlanError) else 500, error.line())

    @app.errorhandler(sqlite3.Error)
    def _sqlite_error(error: sqlite3.Error) -> Any:
        return json_error(500, f"the plan file cannot be used ({error}); nothing was changed")

    @app.get("/")
    def index() -> Any:
        with open_plan(app.config["PLAN"]) as plan:
            state = _state(plan)
            has_report = plan.db.execute("SELECT count(*) FROM report").fetchone()[0] > 0
        state["report"] = bool(has_report)
        return page("index.html", state, "inroads plan")

    # The person's id travels in the query string or the JSON body, never in the path: ids are arbitrary text
    # (a "/" or a trailing "/log" in an id must not change which route answers).
    @app.get("/person")
    def person() -> Any:
        person_id = flask.request.args.get("id", "")
        with open_plan(app.config["PLAN"]) as plan:
            try:
                record = plan.person(person_id)
            except PlanError:
                flask.abort(404)
            record["changes"] = plan.changes(record["id"]).tail(50)
            record["stages"] = plan.stages()
        return page("person.html", record, f"{record['label']} — inroads plan")

    @app.get("/report")
    def report() -> Any:
        from inroads.report.html import render_html

        with open_plan(app.config["PLAN"]) as plan:
            stored = plan.report()
            state = _state(plan)
        if stored is None:
            return _refuse(404, "this plan keeps no report (it was made with --no-report)")
        stored["charts"] = [funnel_chart(state), *stored.get("charts", [])]
        response = flask.make_response(render_html(stored))
        response.headers["X-Inroads-Report"] = "1"
        return response

    @app.get("/api/state")
    def api_state() -> Any:
        with open_plan(app.config["PLAN"]) as plan:
            return flask.jsonify(_state(plan))

    @app.post("/api/update")
    def api_update() -> Any:
        body = flask.request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            return json_error(400, "the body must be a JSON object with the person's id")
        person_id = body["id"]
        unknown = sorted(set(body) - set(FIELDS) - {"version", "id"})
        if unknown:
            return json_error(400, f"unknown field {unknown[0]!r}")
        version = body.get("version")
        if not isinstance(version, int):
            return json_error(400, "the version the page read is required (reload the page)")
        changes = {FIELDS[key]: ("" if value is None else str(value)) for key, value in body.items() if key in FIELDS}
        with open_plan(app.config["PLAN"]) as plan:
            try:
                after = plan.update(person_id, version=version, source="serve", **changes)
            except PlanConflictError as error:
                current = plan.person(person_id)
                current.pop("log")
                return json_error(409, error.line(), person=current)
            after.pop("log")
            return flask.jsonify({"person": after, "state": _state(plan)})

    @app.post("/api/log")
    def api_log() -> Any:
        body = flask.request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            return json_error(400, "the body must be a JSON object with the person's id")
        person_id = body["id"]
        with open_plan(app.config["PLAN"]) as plan:
            entry = plan.add_log(
                person_id,
                kind=str(body.get("kind") or ""),
                note=str(body.get("note") or ""),
                date=body.get("date") or None,
                source="serve",
            )
            return flask.jsonify({"entry": entry, "log": plan.person(person_id)["log"]})

    return app
