"""``inroads shortlist``: the people worth building relationships with, and why."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from inroads.cli.options import compute_options, emit, input_options, load_graph, output_options
from inroads.cli.progress import progress_bar
from inroads.communities import DEFAULT_RESOLUTION, DEFAULT_SEED
from inroads.errors import InputError
from inroads.influencers import DEFAULTS, RULES, SCOPES
from inroads.influencers import shortlist as build_shortlist
from inroads.niches import DEFAULT_NICHE_SIZE
from inroads.report.render import Result, to_jsonable

__all__ = ["TABLE_COLUMNS", "read_id_list", "shortlist", "shortlist_options", "shortlist_settings"]

#: Columns of the terminal table (``--format table``); the other formats have them all.
TABLE_COLUMNS = ("rank", "label", "type", "betweenness", "closeness", "community", "reach_2", "why", "intro_path")
#: The terminal table of the default rule (niche): the figures its picks are chosen by.
NICHE_TABLE_COLUMNS = ("rank", "label", "type", "betweenness", "niche", "participation", "inside_share", "why",
                       "intro_path")  # fmt: skip


def shortlist_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that shape the list; shared by ``shortlist`` and ``export``."""
    decorators = [
        click.option("--size", type=int, default=DEFAULTS["size"], show_default=True,
                     help="How many people to list (2 to n)."),
        click.option("--split", type=float, default=DEFAULTS["split"], show_default=True,
                     help="Share of awareness influencers (bridges); the rest are conversion influencers."),
        click.option("--rule", default=DEFAULTS["rule"], show_default=True, metavar="|".join(RULES),
                     help="niche: connectors (ties over many niches) and niche experts (closest inside a niche, ties "
                          "mostly inside it); global: plain top-k by betweenness, then closeness."),
        click.option("--scope", type=click.Choice(SCOPES), default=DEFAULTS["scope"], show_default=True,
                     help="With --rule global; community: conversion influencers are the closest within each "
                          "community."),
        click.option("--niche-size", type=int, default=DEFAULT_NICHE_SIZE, show_default=True,
                     help="Largest niche (people) before it is split again into smaller ones."),
        click.option("--audience", multiple=True, metavar="COLUMN=VALUE",
                     help="Your potential clients, from the node table (repeatable; same column = any of the values)."),
        click.option("--me", metavar="ID", help="Your own id: adds hops and the warm introduction path to each."),
        click.option("--exclude", type=click.Path(dir_okay=False), help="File of ids to leave out, one per line."),
        click.option("--include-owners", is_flag=True,
                     help="List the owners of the records too (mailbox, calendar, exports: by default they are --me)."),
        click.option("--include", type=click.Path(dir_okay=False), help="File of ids to force in, one per line."),
        click.option("--resolution", type=float, default=DEFAULT_RESOLUTION, show_default=True,
                     help="Leiden resolution: higher gives more, smaller communities."),
        click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the community search."),
    ]  # fmt: skip
    for decorate in reversed(decorators):
        command = decorate(command)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapper


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--method``, ``--epsilon``, ``--delta``, ``--budget``: how the centralities behind the list are computed."""
    from inroads.measures.auto import METHODS

    decorators = [
        click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
                     help="exact, approx (sampled with a stated error), or auto: exact when it fits --budget; on "
                          "large networks auto samples betweenness and the closeness percentile (the footer says "
                          "how closely)."),
        click.option("--epsilon", type=float, default=0.01, show_default=True,
                     help="Sampled betweenness: absolute error per score."),
        click.option("--delta", type=float, default=0.1, show_default=True,
                     help="Sampled scores: probability of a larger error."),
        click.option("--budget", type=float, default=None, metavar="SECONDS",
                     help="Seconds an exact computation may take before auto samples instead."),
    ]  # fmt: skip
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


def read_id_list(path: str, option: str) -> list[str]:
    """Ids from a file, one per line; blank lines and lines starting with ``#`` are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", where=f"{option} {path}", fix="check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the file ({error})", where=f"{option} {path}") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def shortlist_settings(options: dict[str, Any]) -> dict[str, Any]:
    """Pop the shortlist options from a command's keyword arguments as keyword arguments of the library."""
    exclude, include = options.pop("exclude"), options.pop("include")
    return {
        "size": options.pop("size"),
        "split": options.pop("split"),
        "rule": options.pop("rule"),
        "scope": options.pop("scope"),
        "audience": list(options.pop("audience")) or None,
        "me": options.pop("me"),
        "exclude": read_id_list(exclude, "--exclude") if exclude else (),
        "include": read_id_list(include, "--include") if include else (),
        "resolution": options.pop("resolution"),
        "niche_size": options.pop("niche_size"),
        "seed": options.pop("seed"),
        "include_owners": options.pop("include_owners"),
    }


def _summary(attrs: dict[str, Any]) -> str:
    parts = [f"{attrs['awareness']} awareness"]
    if attrs.get("betweenness_cutoff") is not None:
        parts[-1] += f" (betweenness ≥ {attrs['betweenness_cutoff']:.4g})"
    parts.append(f"{attrs['conversion']} conversion")
    if attrs.get("closeness_cutoff") is not None:
        parts[-1] += f" (closeness ≥ {attrs['closeness_cutoff']:.4g})"
    facts = f"{attrs['communities']} communities, modularity {attrs['modularity']:.3f}; {attrs['method']} scores"
    if attrs.get("rule") == "niche":
        facts = (f"rule niche: {attrs['niches']} niches of up to {attrs['largest_niche']} people; "
                 f"{attrs['method']} scores")  # fmt: skip
    return f"{', '.join(parts)}; {facts}"


@click.command()
@input_options
@shortlist_options
@engine_options
@compute_options
@output_options
def shortlist(
    fmt: str,
    output: str | None,
    threads: int,
    method: str,
    epsilon: float,
    delta: float,
    budget: float | None,
    **options: Any,
) -> None:
    """The people of NETWORK worth building relationships with, with why: awareness influencers (connectors: high
    betweenness, ties spread over many niches) and conversion influencers (niche experts: the closest people inside a
    niche whose ties stay mostly inside it). --rule global gives plain top-k by betweenness, then closeness.

    The terminal table shows the key columns; --format csv, json or md give every column (percentiles, degree,
    communities reached, reach, constraint, hops)."""
    settings = shortlist_settings(options)
    g = load_graph(options)
    with progress_bar("shortlist") as progress:
        table = build_shortlist(g, **settings, method=method, epsilon=epsilon, delta=delta, budget=budget,
                                threads=threads or None, progress=progress)  # fmt: skip
    attrs = dict(table.attrs)
    notes = [_summary(attrs), *attrs.get("notes", [])]
    source = g.meta.get("source", "network")
    title = f"shortlist: {len(table)} of {g.n} people in {source}"
    table.attrs = {}
    if fmt == "table":
        # A terminal cannot hold all columns beside the sentence; csv, json and md carry every column.
        shown = NICHE_TABLE_COLUMNS if attrs.get("rule") == "niche" else TABLE_COLUMNS
        table = table[[c for c in shown if c in table.columns]]
    emit(Result(table=table, title=title, notes=notes, meta=to_jsonable(attrs)), fmt, output)
