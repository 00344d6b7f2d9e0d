"""``inroads convert IN OUT``: read a network in any input format and write it as ``.inroads``, CSV, TSV, GraphML
or GEXF (by OUT's extension, or ``--to``)."""

from __future__ import annotations

import time
from typing import Any

import click

from inroads.cli.options import input_options, load_graph
from inroads.io import WRITE_FORMATS, write


@click.command(options_metavar="[OPTIONS]")
@input_options
@click.option("-o", "--output", help="Where to write (instead of the last argument).")
@click.option("--to", "to_format", type=click.Choice(WRITE_FORMATS), help="Output format (default: OUT's extension).")
def convert(output: str | None, to_format: str | None, **options: Any) -> None:
    """Convert the network IN to OUT (the last argument, or -o OUT).

    `.inroads` is the binary format: it reloads in milliseconds and is memory-mapped, so Dask workers share it.

    \b
    Examples:
      inroads convert edges.csv.gz edges.inroads
      inroads convert follows.csv --directed --reverse -o follows.inroads
      inroads convert contacts.csv --nodes people.csv --label-column name team.graphml
    """
    paths = list(options["network"])
    if output is None:
        if len(paths) < 2:
            raise click.UsageError("give the network and where to write it: inroads convert IN OUT")
        output = paths.pop()
    options["network"] = tuple(paths)
    start = time.perf_counter()
    g = load_graph(options)
    path = write(g, output, format=to_format)
    seconds = time.perf_counter() - start
    kind = "directed" if g.directed else "undirected"
    click.echo(f"wrote {path}: {g.n} nodes, {g.m} edges ({kind}) in {seconds:.2f} s", err=True)
    if path.suffix.lower() in (".csv", ".tsv") or to_format in ("csv", "tsv"):
        # An edge list cannot say these things: tell the user how to get them back.
        isolated = int(((g.out_degree() + g.in_degree()) == 0).sum())
        if g.directed:
            click.echo("note: an edge list does not record direction: read it back with --directed", err=True)
        if isolated:
            click.echo(
                f"note: {isolated} nodes without edges are not in the edge list (use .inroads to keep them)", err=True
            )
