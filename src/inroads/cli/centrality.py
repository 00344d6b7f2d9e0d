"""``inroads centrality``: betweenness, closeness, harmonic and degree of every node, exact or with a guarantee."""

from __future__ import annotations

import time
from typing import Any

import click
import pandas as pd

from inroads.cli.options import compute_options, emit, input_options, load_graph, output_options
from inroads.cli.progress import progress_bar
from inroads.engine import get_threads
from inroads.errors import OptionError
from inroads.measures import MEASURES, METHODS, check_measures, degree
from inroads.measures import centrality as compute_centrality
from inroads.measures import methods as public
from inroads.measures.approx import check_guarantee
from inroads.measures.auto import check_budget, decide_method
from inroads.ranking import order_by_score
from inroads.report.render import Result

#: Rows shown by the table and Markdown formats when --top is not given (CSV and JSON carry every node).
SCREEN_ROWS = 20


def ranked_table(g: Any, scores: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """``id`` (``label``), then the measures; sorted by the first measure, highest first, ties by id."""
    table = scores.reset_index()
    if g.labels is not None:
        labels = dict(zip(g.ids, g.labels, strict=True))
        table.insert(1, "label", table["id"].map(labels))
    order = order_by_score(table[scores.columns[0]].to_numpy(dtype=float), table["id"].to_numpy())
    table = table.iloc[order].reset_index(drop=True)
    return table.head(top) if top is not None else table


@click.command()
@input_options
@click.option(
    "--measure",
    default=",".join(MEASURES),
    show_default=True,
    metavar="NAMES",
    help="Comma-separated measures, in the column order wanted; rows are sorted by the first.",
)
@click.option("--top", type=int, default=None, metavar="K", help="Only the K highest rows (table/md default: 20).")
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="auto",
    show_default=True,
    help="exact, approx (sampled, within --epsilon with probability 1 - --delta), or auto: exact when it "
    "fits --budget.",
)
@click.option("--epsilon", type=float, default=0.01, show_default=True, help="Approx: absolute error per score.")
@click.option("--delta", type=float, default=0.1, show_default=True, help="Approx: probability of a larger error.")
@click.option("--seed", type=int, default=0, show_default=True, help="Approx: seed (same seed, same answer).")
@click.option(
    "--budget",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Auto: longest estimated exact run before sampling instead (default 30).",
)
@compute_options
@output_options
def centrality(
    fmt: str,
    output: str | None,
    measure: str,
    top: int | None,
    method: str,
    epsilon: float,
    delta: float,
    seed: int,
    budget: float | None,
    threads: int,
    **options: Any,
) -> None:
    """Centrality of every node of NETWORK: betweenness, out-closeness, harmonic, degree (normalised as NetworkX;
    see DESIGN.md "Semantics"), exactly or, on large networks, sampled with a stated guarantee."""
    measures = check_measures(measure)
    if top is not None and top < 1:
        raise OptionError(f"must be at least 1, not {top}", where="--top", fix="give a positive number of rows")
    if method != "exact":
        check_guarantee(epsilon, delta)
    check_budget(budget)
    g = load_graph(options)
    started = time.perf_counter()
    runs: dict[str, dict[str, Any]] = {}
    with progress_bar("centrality") as progress:
        settings = {"epsilon": epsilon, "delta": delta, "seed": seed, "budget": budget, "threads": threads or None}
        if len(measures) == 1 and top is not None and measures[0] != "degree":
            # One measure, top k: the engines that answer only the top (pruned BFS, top-k sampling) apply.
            single = getattr(public, measures[0])(g, method=method, top=top, progress=progress, **settings)
            runs[measures[0]] = single.attrs.get("inroads", {})
            scores = single.to_frame()
        else:
            chosen, reason = decide_method(g, "betweenness", method, budget, threads=threads or None)
            if chosen == "exact":
                scores = compute_centrality(g, measures, threads=threads or None, progress=progress)
                runs = {name: {"method": "exact", "reason": reason} for name in measures}
            else:
                columns = {}
                for name in measures:
                    if name == "degree":
                        columns[name] = degree(g)
                        continue
                    columns[name] = getattr(public, name)(g, method="approx", progress=progress, **settings)
                    runs[name] = {**columns[name].attrs.get("inroads", {}), "reason": reason}
                scores = pd.DataFrame(columns, index=pd.Index(g.ids, name="id"))
    seconds = time.perf_counter() - started
    shown = top if top is not None else (SCREEN_ROWS if fmt in ("table", "md") else None)
    table = ranked_table(g, scores, shown)
    described = {name: run.get("guarantee") or run.get("reason", "") for name, run in runs.items()}
    if len(set(described.values())) == 1:
        notes = [next(iter(described.values()))]
    else:
        notes = [f"{name}: {text}" for name, text in described.items()]
    notes += [note for run in runs.values() for note in run.get("notes", [])]
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
        "methods": runs,
        "seconds": round(seconds, 3),
    }
    title = f"centrality of {meta['network'] or 'the network'}"
    emit(Result(table=table, title=title, notes=notes, meta=meta, sidecar=True), fmt, output)
