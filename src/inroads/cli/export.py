"""``inroads export``: the network with every score, community and shortlist type as attributes, for Gephi."""

from __future__ import annotations

import io
import math
from typing import Any

import click
import pandas as pd

from inroads.cli.options import compute_options, input_options, load_graph
from inroads.cli.progress import progress_bar
from inroads.cli.shortlist import shortlist_options, shortlist_settings
from inroads.errors import OptionError
from inroads.graph import Graph
from inroads.influencers import annotate
from inroads.io.atomic import write_atomic

__all__ = ["export", "to_gexf"]


def _plain(value: Any) -> Any:
    """A value GEXF can hold (str, int, float, bool), or None to leave the attribute out."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value if isinstance(value, str | int | float | bool) else str(value)


def to_gexf(g: Graph, scores: pd.DataFrame) -> bytes:
    """GEXF 1.2 of ``g``: node attributes from the node table, then ``scores`` (:func:`inroads.influencers.annotate`).

    The node ``label`` is the display name; edges carry ``weight`` when the graph is weighted. Missing values are
    left out of a node's attributes rather than written as NaN.
    """
    import networkx as nx  # here: 0.2-0.3 s that every other command (a file's shortlist) would pay at start

    graph = nx.DiGraph() if g.directed else nx.Graph()
    table = scores.copy()
    if g.nodes is not None:
        extra = g.nodes.drop(columns=[c for c in g.nodes.columns if str(c) in table.columns], errors="ignore")
        extra.index = extra.index.astype(str)
        table = extra.join(table, how="right")
    for node_id, row in zip(table.index.astype(str), table.to_dict(orient="records"), strict=True):
        attributes = {str(k): v for k, v in ((k, _plain(v)) for k, v in row.items()) if v is not None}
        graph.add_node(node_id, **attributes)
    u, v, w = g.edges()
    ids = g.ids.astype(str)
    if w is None:
        graph.add_edges_from(zip(ids[u].tolist(), ids[v].tolist(), strict=True))
    else:
        graph.add_weighted_edges_from(zip(ids[u].tolist(), ids[v].tolist(), w.tolist(), strict=True))
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()


@click.command()
@input_options
@shortlist_options
@compute_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .gexf file to write.")
def export(output: str, threads: int, **options: Any) -> None:
    """Write NETWORK as GEXF (opens in Gephi) with betweenness, closeness, degree, community, type and rank on
    every person."""
    if not output.lower().endswith(".gexf"):
        raise OptionError(f"cannot tell the format of {output!r}", where="-o", fix="name the file *.gexf")
    settings = shortlist_settings(options)
    g = load_graph(options)
    with progress_bar("export") as progress:
        scores = annotate(g, **settings, threads=threads or None, progress=progress)
    write_atomic(output, to_gexf(g, scores))
    chosen = scores.attrs["awareness"] + scores.attrs["conversion"]
    click.echo(f"wrote {output}: {g.n} people, {g.m} ties, {chosen} on the shortlist", err=True)
