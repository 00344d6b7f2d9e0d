"""``inroads illusion``: how many people see a majority that does not exist, and what endorsers would change."""

from __future__ import annotations

from typing import Any

import click
import pandas as pd

from inroads.cli.options import emit, input_options, load_graph, output_options
from inroads.errors import OptionError
from inroads.illusion import IllusionResult, illusion, what_if
from inroads.influencers_why import share_text
from inroads.reach import resolve_people
from inroads.report.render import Result, to_jsonable


def _summary_rows(results: dict[str, IllusionResult]) -> pd.DataFrame:
    first = next(iter(results.values())).summary
    table = pd.DataFrame({"measure": list(first)})
    for when, result in results.items():
        # object dtype keeps counts as integers beside the shares (a float column would print 1490.0)
        table[when] = pd.Series([result.summary[key] for key in first], dtype=object)
    return table.rename(columns={"now": "value"})


def plain_sentence(results: dict[str, IllusionResult], holding: str, endorsers: int | None = None) -> str:
    """The one sentence that opens the output: how many see a majority (and, with endorsers, how that changes).

    Shares are over the people who observe anyone (``share_seeing_majority``), as in the table below it.
    """
    if endorsers is not None and "after" in results:
        before, after = results["before"].summary, results["after"].summary
        return (
            f"If these {endorsers} endorsed it, {after['seeing_majority']:,} people "
            f"({share_text(100 * after['share_seeing_majority'])}) would see most of their contacts holding {holding}, "
            f"{'up' if after['seeing_majority'] >= before['seeing_majority'] else 'down'} from "
            f"{before['seeing_majority']:,} ({share_text(100 * before['share_seeing_majority'])})."
        )
    now = next(iter(results.values())).summary
    return (
        f"{now['seeing_majority']:,} people ({share_text(100 * now['share_seeing_majority'])}) see most of their "
        f"contacts holding {holding}, while {share_text(100 * now['global_share'])} of everyone holds it."
    )


def _stacked(results: dict[str, IllusionResult], part: str) -> pd.DataFrame:
    frames = []
    for when, result in results.items():
        frame = getattr(result, part)
        frames.append(frame.assign(when=when) if len(results) > 1 else frame)
    return pd.concat(frames, ignore_index=True)


@click.command(name="illusion")
@input_options
@click.option("--attribute", required=True, metavar="COL", help="Node attribute column (from --nodes or the file).")
@click.option("--value", metavar="V", help="The value that counts as holding it (default: a yes/no column).")
@click.option(
    "--threshold", type=float, default=0.5, show_default=True, help="Share that counts as a majority, in (0, 1)."
)
@click.option("--per-node", is_flag=True, help="One row per person: what they observe and their perceived share.")
@click.option("--by-decile", is_flag=True, help="One row per decile of how many people each observes.")
@click.option(
    "--endorsers",
    metavar="SPEC",
    help="What-if: these people take it up too (shortlist, FILE of ids, top-degree:K or random:K).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of random:K.")
@output_options
def illusion_command(
    fmt: str,
    output: str | None,
    attribute: str,
    value: str | None,
    threshold: float,
    per_node: bool,
    by_decile: bool,
    endorsers: str | None,
    seed: int,
    **options: Any,
) -> None:
    """The majority illusion of an attribute in NETWORK (Lerman, Yan & Wu 2016).

    Everyone observes the people whose messages reach them (in-neighbours when directed). Reports the global share,
    the share of people who see more than --threshold of those they observe holding it, the share under the illusion,
    the degree–attribute correlation rho_kx and the degree assortativity r_kk.
    """
    if per_node and by_decile:
        raise OptionError("choose --per-node or --by-decile, not both", where="--by-decile")
    g = load_graph(options)
    results: dict[str, IllusionResult]
    notes: list[str] = []
    if endorsers:
        people, described = resolve_people(g, endorsers, size=50, seed=seed, option="--endorsers")
        before, after = what_if(g, attribute, people, value=value, threshold=threshold)
        results = {"before": before, "after": after}
        notes.append(f"what-if: {len(people)} endorsers ({described}) hold it on top of the existing holders")
    else:
        results = {"now": illusion(g, attribute, value=value, threshold=threshold)}
    holding = f"{attribute} = {value}" if value is not None else attribute
    meta: dict[str, Any] = {"attribute": attribute, "value": value, "threshold": threshold}
    meta |= {when: {"summary": r.summary, "by_degree_decile": r.by_degree_decile} for when, r in results.items()}
    if per_node:
        table, title = _stacked(results, "per_node"), f"perceived share of {holding}, per person"
    elif by_decile:
        table, title = _stacked(results, "by_degree_decile"), f"majority illusion of {holding}, by degree decile"
    else:
        table, title = _summary_rows(results), f"majority illusion of {holding}"
    notes.append(
        f"sees a majority: more than {threshold:g} of the people one observes hold it; "
        "people nobody's messages reach (no_neighbours) are left out of the shares"
    )
    lead = [plain_sentence(results, holding, len(people) if endorsers else None)]
    emit(Result(table=table, title=title, notes=notes, meta=to_jsonable(meta), lead=lead), fmt, output)
