"""``inroads report``: one offline HTML page (or its JSON) with the shortlist, charts and map, plus PNGs for slides."""

from __future__ import annotations

import os
import webbrowser
from pathlib import Path
from typing import Any

import click

from inroads.cli.options import input_options, load_graph
from inroads.cli.shortlist import shortlist_options, shortlist_settings
from inroads.errors import OptionError
from inroads.io.atomic import write_atomic

__all__ = ["report"]


def _check_target(output: str | None, png: str | None, open_page: bool) -> None:
    """Fail before the long computation when the result could not be written anyway."""
    if output is not None:
        folder = Path(output).parent
        if not folder.is_dir():
            raise OptionError(f"folder {str(folder)!r} does not exist", where=f"-o {output}", fix="create it first")
        if not os.access(folder, os.W_OK) or (Path(output).exists() and not os.access(output, os.W_OK)):
            raise OptionError("cannot write here (permission denied)", where=f"-o {output}", fix="pick a writable -o")
        if Path(output).is_dir():
            raise OptionError("is a folder", where=f"-o {output}", fix="give a file name, e.g. report.html")
    elif open_page:
        raise OptionError("--open needs a file to open", where="--open", fix="add -o report.html")
    if png is not None:
        # A missing folder is created when the PNGs are written; the nearest existing one must take it.
        existing = Path(png)
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            raise OptionError(f"{str(existing)!r} is a file, not a folder", where=f"--png {png}", fix="pick a folder")
        if not os.access(existing, os.W_OK):
            raise OptionError("cannot write here (permission denied)", where=f"--png {png}", fix="pick another folder")


@click.command()
@input_options
@shortlist_options
@click.option("--attribute", metavar="COL", help="Node attribute for the majority-illusion chart (from --nodes).")
@click.option("--value", metavar="V", help="The value of --attribute that counts as holding it (default: yes/no).")
@click.option(
    "--hops",
    type=click.IntRange(1, 10),
    default=3,
    show_default=True,
    help="Evidence charts: cascade steps reported (people reached after 1, 2, ... steps).",
)
@click.option(
    "--probability",
    type=float,
    help="Evidence charts: cascade probability per tie (default: the network's critical one).",
)
@click.option(
    "--png",
    "png",
    type=click.Path(file_okay=False),
    help="Also write the charts as PNG files into this folder (created if missing).",
)
@click.option("--map-size", type=click.Choice(["betweenness", "closeness", "degree"]), default="betweenness",
              show_default=True, help="What map node sizes follow (the page lets the reader switch).")  # fmt: skip
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser when written.")
@click.option("--format", "fmt", type=click.Choice(["html", "json"]), default="html", show_default=True,
              help="html: the page; json: the dict the page is drawn from.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically).")
def report(
    fmt: str,
    output: str | None,
    attribute: str | None,
    value: str | None,
    hops: int,
    probability: float | None,
    png: str | None,
    map_size: str,
    open_page: bool,
    **options: Any,
) -> None:
    """One self-contained HTML page about NETWORK for a marketer: figures, the shortlist (sortable, filterable), a
    betweenness-against-closeness chart, an interactive map, the role chart of the two kinds, the evidence charts
    (cascades, complex contagion, illusion what-if against baselines) and the majority-illusion chart. The page loads
    nothing from the network."""
    from inroads.report.assemble import build_report
    from inroads.report.html import render_html

    _check_target(output, png, open_page)
    settings = shortlist_settings(options)
    g = load_graph(options)
    data = build_report(
        g, attribute=attribute, value=value, probability=probability, steps=hops, map_size=map_size, **settings
    )
    if fmt == "json":
        import json

        text = json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"
    else:
        text = render_html(data)
    if png is not None:
        from inroads.report.plots import write_pngs

        write_pngs(data, png)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    click.echo(f"wrote {output} ({len(text.encode('utf-8')) / 1e6:.2f} MB)", err=True)
    if open_page:
        webbrowser.open(Path(output).resolve().as_uri())
