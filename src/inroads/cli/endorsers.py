"""``inroads endorsers``: whom to win over so that many people see the threshold among those they observe."""

from __future__ import annotations

from typing import Any

import click

from inroads.cli.options import emit, input_options, load_graph, output_options
from inroads.endorsers import compare_endorsers
from inroads.errors import OptionError
from inroads.report.render import Result


@click.command(name="endorsers")
@input_options
@click.option("--budget", type=int, required=True, metavar="K", help="How many endorsers to choose.")
@click.option(
    "--threshold", type=float, default=0.5, show_default=True, help="Share of holders someone must observe, in (0, 1)."
)
@click.option("--attribute", metavar="COL", help="Existing holders: a node attribute column (default: nobody).")
@click.option("--value", metavar="V", help="The value of --attribute that counts as holding it.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random endorsers.")
@output_options
def endorsers_command(
    fmt: str,
    output: str | None,
    budget: int,
    threshold: float,
    attribute: str | None,
    value: str | None,
    seed: int,
    **options: Any,
) -> None:
    """Choose --budget endorsers in NETWORK so that as many people as possible observe at least --threshold of
    holders; compared with the shortlist, top-degree and random endorsers of the same size."""
    if value is not None and attribute is None:
        raise OptionError("--value needs --attribute", where="--value")
    g = load_graph(options)
    table = compare_endorsers(g, budget, threshold=threshold, attribute=attribute, value=value, seed=seed)
    notes = [
        "greedy with lazy evaluation: NP-hard problem, no guarantee (never worse than top-degree by construction)",
        f"seeing_threshold: people who observe at least {threshold:g} of holders among those they observe",
    ]
    meta = {"budget": budget, "threshold": threshold, "attribute": attribute, "value": value, "seed": seed}
    emit(Result(table=table, title=f"{budget} endorsers", notes=notes, meta=meta), fmt, output)
