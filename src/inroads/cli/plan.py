"""``inroads plan``: keep the shortlist in a plan file and work it (stages, next steps, a log), refresh it later.

Each subcommand opens the plan, calls one method of :mod:`inroads.plan`, and renders; the plan file comes first.
"""

from __future__ import annotations

from typing import Any

import click
import pandas as pd

from inroads.cli.options import compute_options, emit, input_options, load_graph, output_options
from inroads.cli.progress import progress_bar
from inroads.cli.shortlist import shortlist_options, shortlist_settings
from inroads.io.atomic import write_atomic
from inroads.report.render import Result, to_jsonable

__all__ = ["plan"]


class _PlanGroup(click.Group):
    """Turns what SQLite says about a damaged file (any ``sqlite3.Error`` escaping the library) into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        from inroads.errors import PlanError

        try:
            return super().invoke(ctx)
        except sqlite3.Error as error:
            raise PlanError(
                f"the plan file cannot be used ({error})",
                fix="restore it from a copy, or try `sqlite3 FILE .recover`; inroads changed nothing",
            ) from None


_PLAN = click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))


@click.group(cls=_PlanGroup)
def plan() -> None:
    """Keep the shortlist in a plan file (SQLite) and work it: stages, owners, next steps, a log; refresh it.

    Stages: identified → introduced → talking → relationship → advocate (rename with `plan rename-stage`)."""


@plan.command("create")
@input_options
@shortlist_options
@compute_options
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The plan file to create (never overwritten).",
)
@click.option("--no-report", is_flag=True, help="Do not keep the report (charts, map) for `inroads serve`.")
def create_command(output: str, threads: int, no_report: bool, **options: Any) -> None:
    """Make a plan from the shortlist of NETWORK: everyone starts at the first stage."""
    from inroads.plan.analysis import create

    settings = shortlist_settings(options)
    g = load_graph(options)
    with progress_bar("shortlist") as progress:
        table, _ = create(output, g, report=not no_report, **settings, threads=threads or None, progress=progress)
    kinds = table["type"].value_counts().to_dict()
    shown = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    click.echo(f"{output}: plan of {len(table)} people ({shown}) from {g.meta.get('source', 'the network')}")


def _open(path: str) -> Any:
    from inroads.plan import open as open_plan

    return open_plan(path)


def _status_notes(status: dict[str, Any]) -> list[str]:
    balance = status["balance"]
    intended = balance["intended"]
    notes = [
        f"{status['listed']} people on the list ({balance.get('awareness', 0)} awareness, "
        f"{balance.get('conversion', 0)} conversion; intended {intended['awareness']} and {intended['conversion']})"
        + (f"; {status['flagged']} fell off the list (kept)" if status["flagged"] else ""),
    ]
    niches = status["niches"]
    of = f" of {niches['total']}" if niches["total"] is not None else ""
    notes.append(f"{niches['covered']}{of} {'niches' if niches['column'] == 'niche' else 'communities'} covered")
    if status["overdue"]:
        notes.append(f"{len(status['overdue'])} next steps overdue:")
        notes.extend(
            f"  {o['due']}  {o['label']} ({o['id']}): {o['next_step'] or '(no step written)'}"
            for o in status["overdue"][:20]
        )
        if len(status["overdue"]) > 20:
            notes.append(f"  … and {len(status['overdue']) - 20} more (--format json lists them all)")
    else:
        notes.append("no next step is overdue")
    since = status.get("since")
    if since:
        notes.append(
            f"since {since['date']}: {len(since['stage_moves'])} stage moves, {since['log_entries']} log entries, "
            f"{since['added']} people added, {len(since['refreshes'])} analyses"
        )
        notes.extend(f"  {m['at'][:10]}  {m['label']}: {m['from']} → {m['to']}" for m in since["stage_moves"][-20:])
        notes.extend(
            f"  {r['at'][:10]}  refresh {r['refresh']}: {r.get('rose', 0)} rose, {r.get('fell', 0)} fell, "
            f"{r.get('rank', 0)} rank and {r.get('kind', 0)} kind changes"
            for r in since["refreshes"]
            if r.get("event") == "refresh"
        )
    return notes


@plan.command("status")
@_PLAN
@click.option("--since", metavar="DATE", help="Also show what moved on or after this date (YYYY-MM-DD).")
@output_options
def status_command(plan_file: str, since: str | None, fmt: str, output: str | None) -> None:
    """The funnel: how many awareness and conversion people at each stage, overdue next steps, the balance
    against the intended split, niches covered."""
    with _open(plan_file) as opened:
        status = opened.status(since=since)
    table = pd.DataFrame(status["funnel"])
    emit(
        Result(
            table=table,
            title=f"plan {plan_file}",
            notes=_status_notes(status),
            meta=to_jsonable(status),
            json_rows=False,
        ),
        fmt,
        output,
    )


@plan.command("show")
@_PLAN
@click.argument("person")
@output_options
def show_command(plan_file: str, person: str, fmt: str, output: str | None) -> None:
    """One person (PERSON is an id or a unique name): stage, owner, next step, notes, figures and the log."""
    with _open(plan_file) as opened:
        record = opened.person(person)
        changes = opened.changes(record["id"])
    log = pd.DataFrame(record["log"], columns=["date", "kind", "note", "source"])
    facts = ["stage", "kind", "rank", "listed", "owner", "next_step", "due", "intro_path", "notes", "version"]
    notes = [f"{key.replace('_', ' ')}: {record[key]}" for key in facts if record[key] not in (None, "")]
    if record["figures"].get("why"):
        notes.append(f"why: {record['figures']['why']}")
    notes.append(f"{len(changes)} edits in the history")
    meta = {key: value for key, value in record.items() if key != "log"}
    meta["changes"] = to_jsonable(changes)
    title = (
        f"{record['label']} ({record['id']}): log" if len(log) else f"{record['label']} ({record['id']}): no log yet"
    )
    emit(Result(table=log, title=title, notes=notes, meta=to_jsonable(meta)), fmt, output)


@plan.command("set")
@_PLAN
@click.argument("person")
@click.option("--stage", help="Move to this stage (by name).")
@click.option("--owner", help="Who on the team owns the relationship.")
@click.option("--notes", help="Replace the notes (the old text stays in the history).")
@click.option("--next", "next_step", help="The next step, e.g. 'coffee'.")
@click.option("--due", metavar="DATE", help="Due date of the next step (YYYY-MM-DD; '' clears it).")
@click.option("--if-version", "version", type=int, help="Change only if the person is still at this version.")
def set_command(plan_file: str, person: str, version: int | None, **fields: Any) -> None:
    """Change a person's stage, owner, notes or next step (one transaction; every old value is kept)."""
    if all(value is None for value in fields.values()):
        raise click.UsageError("nothing to change: give --stage, --owner, --notes, --next or --due")
    with _open(plan_file) as opened:
        before = opened.person(person)
        after = opened.update(person, version=version, **fields)
    moved = [
        f"{key} {before[key] or '-'} → {after[key] or '-'}"
        for key in ("stage", "owner", "next_step", "due")
        if before[key] != after[key]
    ]
    if before["notes"] != after["notes"]:
        moved.append("notes changed")
    click.echo(f"{after['label']} ({after['id']}): {'; '.join(moved) or 'unchanged'} (version {after['version']})")


@plan.command("log")
@_PLAN
@click.argument("person", required=False)
@click.option("--kind", help="Add an entry of this kind (meeting, call, email, intro, ...); without it, list.")
@click.option("--note", default="", help="What happened.")
@click.option("--date", "day", metavar="DATE", help="When (YYYY-MM-DD; default today).")
@output_options
def log_command(
    plan_file: str, person: str | None, kind: str | None, note: str, day: str | None, fmt: str, output: str | None
) -> None:
    """Log an interaction with PERSON (--kind, --note, --date), or list the log (of PERSON, or everyone)."""
    with _open(plan_file) as opened:
        if kind is not None:
            if person is None:
                raise click.UsageError("give the PERSON the entry is about")
            entry = opened.add_log(person, kind=kind, note=note, date=day)
            record = opened.person(person)
            click.echo(f"{record['label']} ({record['id']}): logged {kind!r} as entry {entry}")
            return
        table = opened.log(person)
    emit(Result(table=table, title=f"log of {person or plan_file}"), fmt, output)


@plan.command("export")
@_PLAN
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("csv", "json", "ics")),
    default="csv",
    show_default=True,
    help="csv: one row per person; json: everything; ics: dated next steps as calendar reminders.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically).")
def export_command(plan_file: str, fmt: str, output: str | None) -> None:
    """Export the plan (people, log, history) as CSV, JSON or an iCalendar file of next steps."""
    from inroads.plan.export import export

    with _open(plan_file) as opened:
        text = export(opened, fmt)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@plan.command("refresh")
@_PLAN
@input_options
@compute_options
@click.option("--add-suggested", is_flag=True, help="Add the people who rose into the list (at the first stage).")
@click.option("--no-report", is_flag=True, help="Do not rebuild the report for `inroads serve` (saves the map layout).")
@click.option(
    "--contacts",
    "contacts_file",
    type=click.Path(dir_okay=False),
    help="CSV of contacts found in the records (id,date[,kind][,note]): new ones are proposed as log entries.",
)
@click.option("--accept", is_flag=True, help="Add the proposed interactions (records, --contacts) to the log.")
@output_options
def refresh_command(
    plan_file: str,
    threads: int,
    add_suggested: bool,
    no_report: bool,
    contacts_file: str | None,
    accept: bool,
    fmt: str,
    output: str | None,
    **options: Any,
) -> None:
    """Run the plan's shortlist again on a newer NETWORK: who rose (suggested), who fell (flagged, kept), rank and
    kind changes. When NETWORK is mail or calendar records, each message or meeting between their owner and someone
    in the plan is proposed as a log entry (--accept adds them), with those of --contacts. Nothing the user wrote is
    ever removed; every refresh is kept in the history."""
    from inroads.plan.interactions import read_interactions
    from inroads.plan.refresh import refresh

    found = read_interactions(contacts_file) if contacts_file else None
    with _open(plan_file) as opened:
        g = load_graph(options)
        with progress_bar("shortlist") as progress:
            changes = refresh(
                opened, g, add_suggested=add_suggested, interactions=found, accept=accept, report=not no_report,
                threads=threads or None, progress=progress,
            )  # fmt: skip
    summary = changes.attrs["summary"]
    note = (
        f"refresh {changes.attrs['refresh']}: {summary['rose']} rose "
        f"({'added' if add_suggested else 'suggested; add them with --add-suggested'}), {summary['fell']} fell "
        f"(flagged, kept), {summary['back']} back, {summary['rank']} rank and {summary['kind']} kind changes"
    )
    notes = [note]
    proposed = changes.attrs["proposed"]
    if proposed is not None:
        verb = "added to the log" if accept else "proposed (add them with --accept)"
        notes.append(f"{len(proposed)} interactions from the records {verb}")
        notes.extend(
            f"  {r.date}  {r.label} ({r.id}): {r.kind} {r.note}".rstrip() for r in proposed.head(20).itertuples()
        )
        if len(proposed) > 20:  # a mailbox's first refresh may propose years of messages
            notes.append(
                f"  … and {len(proposed) - 20} more (--format json lists them all; --since bounds the records)"
            )
    meta = {"refresh": changes.attrs["refresh"], "summary": summary}
    if proposed is not None:
        meta["proposed"] = to_jsonable(proposed)
    changes.attrs = {}
    emit(Result(table=changes, title=f"refresh of {plan_file}", notes=notes, meta=meta), fmt, output)


@plan.command("rename-stage")
@_PLAN
@click.argument("old")
@click.argument("new")
def rename_stage_command(plan_file: str, old: str, new: str) -> None:
    """Rename a stage; people keep their place in the funnel."""
    with _open(plan_file) as opened:
        stages = opened.rename_stage(old, new)
    click.echo(f"stages: {' → '.join(stages)}")
