"""``inroads centrality``: exact betweenness, closeness, harmonic and degree of every node."""

from __future__ import annotations

import time
from typing import Any

import click
import pandas as pd

from inroads.centrality import MEASURES, check_measures
from inroads.centrality import centrality as compute_centrality
from inroads.cli.options import compute_options, emit, input_options, load_graph, output_options
from inroads.cli.progress import progress_bar
from inroads.engine import get_threads
from inroads.errors import OptionError
from inroads.report.render import Result

#: Rows shown by the table and Markdown formats when --top is not given (CSV and JSON carry every node).
SCREEN_ROWS = 20


def ranked_table(g: Any, scores: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """``id`` (``label``), then the measures; sorted by the first measure, highest first, ties by id."""
    table = scores.reset_index()
    if g.labels is not None:
        table.insert(1, "label", g.labels)
    first = scores.columns[0]
    table = table.sort_values([first, "id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    return table.head(top) if top is not None else table


@click.command()
@input_options
@click.option(
    "--measure", default=",".join(MEASURES), show_default=True, metavar="NAMES",
    help="Comma-separated measures, in the column order wanted; rows are sorted by the first.",
)
@click.option("--top", type=int, default=None, metavar="K", help="Only the K highest rows (table/md default: 20).")
@compute_options
@output_options
def centrality(fmt: str, output: str | None, measure: str, top: int | None, threads: int, **options: Any) -> None:
    """Exact centrality of every node of NETWORK: betweenness, out-closeness, harmonic, degree (normalised as
    NetworkX; see DESIGN.md "Semantics")."""
    measures = check_measures(measure)
    if top is not None and top < 1:
        raise OptionError(f"must be at least 1, not {top}", where="--top", fix="give a positive number of rows")
    g = load_graph(options)
    started = time.perf_counter()
    with progress_bar("centrality") as progress:
        scores = compute_centrality(g, measures, threads=threads or None, progress=progress)
    seconds = time.perf_counter() - started
    shown = top if top is not None else (SCREEN_ROWS if fmt in ("table", "md") else None)
    table = ranked_table(g, scores, shown)
    notes = []
    if shown is not None and shown < g.n:
        notes.append(f"top {shown} of {g.n} nodes by {measures[0]}; --top K for more, --format csv for all")
    meta = {
        "network": g.meta.get("source", ""),
        "nodes": g.n,
        "edges": g.m,
        "directed": g.directed,
        "weighted": g.weight_kind,
        "measures": measures,
        "threads": get_threads(threads or None),
        "seconds": round(seconds, 3),
    }
    title = f"centrality of {meta['network'] or 'the network'}"
    emit(Result(table=table, title=title, notes=notes, meta=meta), fmt, output)
