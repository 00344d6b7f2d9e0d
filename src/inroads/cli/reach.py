"""``inroads reach``: how far the chosen people get a message, by hops and by independent cascade."""

from __future__ import annotations

from typing import Any

import click

from inroads.cli.options import emit, input_options, load_graph, output_options
from inroads.reach import reach, resolve_people
from inroads.report.render import Result


@click.command(name="reach")
@input_options
@click.option(
    "--seeds",
    "seeds_spec",
    required=True,
    metavar="SPEC",
    help="Who starts: shortlist, a FILE of ids, top-degree:K or random:K.",
)
@click.option("--hops", type=int, default=2, show_default=True, help="Count people within this many hops.")
@click.option("--cascade", type=float, metavar="P", help="Independent-cascade probability per edge, in (0, 1].")
@click.option("--runs", type=int, default=1000, show_default=True, help="Cascade runs.")
@click.option("--celf-runs", type=int, default=100, show_default=True, help="Cascade runs per CELF evaluation.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the cascades and random choices.")
@output_options
def reach_command(
    fmt: str,
    output: str | None,
    seeds_spec: str,
    hops: int,
    cascade: float | None,
    runs: int,
    celf_runs: int,
    seed: int,
    **options: Any,
) -> None:
    """Unique people within --hops of the --seeds in NETWORK and, with --cascade, their expected independent-cascade
    spread (95% confidence interval), beside top-degree, random and greedy (CELF) seed sets of the same size."""
    g = load_graph(options)
    people, described = resolve_people(g, seeds_spec, size=50, seed=seed, option="--seeds")
    result = reach(g, people, hops=hops, probability=cascade, runs=runs, seed=seed, celf_runs=celf_runs)
    table = result.table.assign(ids=[",".join(g.ids[p].astype(str)) for p in result.chosen.values()])
    notes = [f"given seeds: {described}; within_hops counts the seeds themselves"]
    if cascade is not None:
        notes.append(
            f"cascade: mean of {runs} runs, 95% CI = mean ± 1.96 sd/√runs; CELF uses {celf_runs} runs per evaluation"
        )
    emit(Result(table=table, title=f"reach of {described}", notes=notes, meta=result.meta), fmt, output)
