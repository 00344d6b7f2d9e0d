"""``inroads info``: what the network holds."""

from __future__ import annotations

from typing import Any

import click
import pandas as pd

from inroads.cli.options import emit, input_options, load_graph, output_options
from inroads.report.render import Result
from inroads.summary import summarize


@click.command()
@input_options
@output_options
def info(fmt: str, output: str | None, **options: Any) -> None:
    """Nodes, edges, components, density, degrees and node attributes of NETWORK."""
    g = load_graph(options)
    facts = summarize(g)
    table = pd.DataFrame({"measure": list(facts), "value": [str(v) for v in facts.values()]})
    emit(Result(table=table, title=f"network {facts['source']}", meta=facts, json_rows=False), fmt, output)
