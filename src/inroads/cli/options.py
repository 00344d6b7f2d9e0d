"""Options shared by every command: how to read the network, and how to write the result."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.io.atomic import write_atomic
from inroads.report.render import FORMATS, Result, render, to_jsonable

__all__ = ["compute_options", "emit", "input_options", "load_graph", "output_options"]

#: Options of records that become :func:`inroads.io.records.rule_options` (``aliases`` is added by name).
RECORD_KEYS = ("one_way", "half_life", "since", "until", "max_recipients", "co_recipients", "max_group")
INPUT_KEYS = (
    "format_in",
    "directed",
    "reverse",
    "source",
    "target",
    "strength",
    "distance",
    "nodes",
    "label_column",
    "owner",
    "link_same_company",
    *RECORD_KEYS,
    "aliases",
    "interactions",
    "memberships",
    "pseudonymize",
)


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The reading options of :func:`inroads.read`, identical on every command; NETWORK may be given several times
    (LinkedIn exports of several colleagues)."""
    decorators = [
        click.argument("network", nargs=-1, required=True),
        click.option(
            "--format-in",
            help="Force the input format (csv, tsv, edgelist, snap, konect, metis, graphml, gexf, gml, pajek, "
            "linkedin, inroads; records: mail, ics, slack, interactions, memberships, bibtex, openalex).",
        ),
        click.option(
            "--directed/--undirected",
            default=None,
            help="Edge lists are undirected unless --directed; other formats follow their declaration.",
        ),
        click.option(
            "--reverse", is_flag=True, help="Turn every edge round (follower exports listed as follower,followed)."
        ),
        click.option("--source", help="Column of the edge source (default: the first; tables: who/person)."),
        click.option("--target", help="Column of the edge target (default: the second; tables: whom/group)."),
        click.option(
            "--strength", metavar="COL", help="Column of tie strength (more = closer); path length is 1/strength."
        ),
        click.option("--distance", metavar="COL", help="Column of path length, used as given."),
        click.option(
            "--nodes", "nodes", type=click.Path(dir_okay=False), help="Node attribute table (CSV), joined on id."
        ),
        click.option("--label-column", help="Column of --nodes holding display names."),
        click.option(
            "--owner",
            multiple=True,
            help="LinkedIn: owner name of each export, in order (default: from the file name).",
        ),
        click.option("--link-same-company", is_flag=True, help="LinkedIn: link contacts who share an employer."),
        *record_options(),
    ]
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


def record_options() -> list[Callable[..., Any]]:
    """The options of records (mail, calendars, Slack, tables, co-authorship): how records become ties."""
    return [
        click.option("--one-way", is_flag=True, help="Records: keep ties whose contact went only one way."),
        click.option("--half-life", metavar="DURATION", help="Records: contact this old weighs half (180d, 12w, 1y)."),
        click.option("--since", metavar="DATE", help="Records: leave out contact before this date (YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="Records: leave out contact after this date (YYYY-MM-DD)."),
        click.option(
            "--max-recipients",
            type=int,
            metavar="N",
            help="Mail: messages to more people are broadcasts, left out [default: 20].",
        ),
        click.option("--co-recipients", is_flag=True, help="Mail: also link the recipients of a message."),
        click.option("--max-group", type=int, metavar="N", help="Records: leave out groups of more people."),
        click.option(
            "--aliases",
            type=click.Path(dir_okay=False),
            help="Records: CSV of alias,person rows mapping several addresses or names to one person.",
        ),
        click.option("--interactions", is_flag=True, help="NETWORK is a who,whom[,when,weight] interaction table."),
        click.option("--memberships", is_flag=True, help="NETWORK is a person,group[,when,weight] membership table."),
        click.option(
            "--pseudonymize",
            is_flag=True,
            help="Replace every id and name by a salted hash in all output (salt kept in inroads.salt beside it).",
        ),
    ]


def load_graph(options: dict[str, Any]) -> Graph:
    """Pop the input options from a command's keyword arguments and read the network."""
    from inroads.io import read

    paths = list(options.pop("network"))
    settings = {key: options.pop(key) for key in INPUT_KEYS}
    settings["format"] = settings.pop("format_in")
    settings["owner"] = list(settings["owner"]) or None
    rules = {key: settings.pop(key) for key in (*RECORD_KEYS, "aliases")}
    settings["rules"] = {key: value for key, value in rules.items() if value not in (None, False)} or None
    pseudonymize = settings.pop("pseudonymize")
    for table in ("interactions", "memberships"):
        if settings.pop(table):
            if settings["format"] not in (None, table):
                raise OptionError(f"--{table} and --format-in {settings['format']} disagree", where=f"--{table}")
            settings["format"] = table
    g = read(paths if len(paths) > 1 else paths[0], **settings)
    if pseudonymize:
        from inroads.privacy import pseudonymize_graph, salt_beside

        params = click.get_current_context().params
        # The salt sits beside the file the command writes; for `plan` commands, beside the plan (so `plan refresh`
        # finds the pseudonyms `plan create` gave, wherever its own -o goes).
        g = pseudonymize_graph(g, salt_beside(params.get("plan_file") or params.get("output")))
    return g


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--format`` and ``-o``: the same on every command."""

    @click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=False),
        help="Write to this file (atomically) instead of standard output.",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapper


def compute_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--threads N`` (the command receives ``threads``) and ``--scheduler``/``--workers`` (the command runs on that
    Dask cluster; see :mod:`inroads.cli.cluster`)."""
    from inroads.cli.cluster import cluster_options

    return click.option(
        "--threads",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        metavar="N",
        help="Threads for the computation (0 = all cores).",
    )(cluster_options(command))


def emit(result: Result, fmt: str, output: str | None) -> None:
    """Render ``result`` and write it to ``output`` (atomically) or standard output; a CSV or Markdown file of a
    result with ``sidecar`` gets its metadata (method, guarantee, ...) in ``OUTPUT.meta.json`` beside it."""
    text = render(result, fmt, width=None if output else _terminal_width())
    if output:
        if result.sidecar and fmt in ("csv", "md") and result.meta:
            payload = {**to_jsonable(result.meta), "notes": list(result.notes)}
            write_atomic(f"{output}.meta.json", json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def _terminal_width() -> int | None:
    import shutil

    return shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 160
