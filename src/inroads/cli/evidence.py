"""``inroads evidence``: does each kind of the shortlist do its job on this network, against baselines?"""

from __future__ import annotations

from typing import Any

import click

from inroads.cli.options import compute_options, emit, input_options, load_graph, output_options
from inroads.cli.shortlist import shortlist_options, shortlist_settings
from inroads.evidence import DEFAULT_THETA, evidence
from inroads.report.render import Result, to_jsonable


@click.command(name="evidence")
@input_options
@shortlist_options
@click.option("--runs", type=int, default=1000, show_default=True, help="Cascade runs (and random draws) per set.")
@click.option("--probability", type=float, metavar="P",
              help="Independent-cascade probability per tie (default: the critical one of this network).")  # fmt: skip
@click.option("--theta", type=float, default=DEFAULT_THETA, show_default=True,
              help="Complex contagion: adopt when 2+ and at least this share of one's contacts have.")  # fmt: skip
@click.option("--steps", type=int, default=3, show_default=True, help="Cascade steps to report.")
@click.option("--threshold", type=float, default=0.5, show_default=True, help="'Most of their contacts': above this.")
@click.option("--cascade-seed", type=int, default=0, show_default=True, help="Seed of the cascades and random sets.")
@compute_options
@output_options
def evidence_command(
    fmt: str,
    output: str | None,
    threads: int,
    runs: int,
    probability: float | None,
    theta: float,
    steps: int,
    threshold: float,
    cascade_seed: int,
    **options: Any,
) -> None:
    """Evidence that each kind of influencer in NETWORK does its job, against sets of the same size (the other kind,
    top degree, top betweenness, top closeness, random): independent cascades from the awareness picks (people and
    niches reached after each step), a complex contagion from the conversion picks (adopters in their niches), and
    how many people would see most of their contacts endorsing if the list did. Opens with one plain sentence each;
    a kind that does not beat a baseline says so."""
    settings = shortlist_settings(options)
    settings["community_seed"] = settings.pop("seed")
    g = load_graph(options)
    result = evidence(g, runs=runs, probability=probability, theta=theta, steps=steps, threshold=threshold,
                      seed=cascade_seed, **settings, threads=threads or None)  # fmt: skip
    source = g.meta.get("source", "network")
    notes = [
        f"{runs} runs per set; low/high: 95% interval of the mean (a fixed set's contagion is deterministic)",
        f"cascade probability {result.facts['probability']:.3g} per tie; "
        f"complex contagion: {result.facts['at_least']}+ "
        f"contacts and theta {theta:g}",
    ]
    emit(
        Result(table=result.table, title=f"evidence of the two kinds in {source}", notes=notes,
               meta=to_jsonable(result.facts), lead=result.lead),
        fmt, output,
    )  # fmt: skip
