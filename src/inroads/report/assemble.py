"""The whole report of a network as one dict: the library's door to what ``inroads report`` shows.

:func:`build_report` runs the shortlist once and builds everything the page, the PNGs and ``--format json`` draw
from it: the role chart, the evidence charts (cascades, complex contagion and the illusion what-if against baselines)
and, for an attribute, the majority-illusion chart. The CLI only parses options, calls it and renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inroads.graph import Graph

__all__ = ["build_report"]


def build_report(
    g: Graph,
    *,
    attribute: str | None = None,
    value: Any = None,
    probability: float | None = None,
    steps: int = 3,
    map_size: str = "betweenness",
    title: str | None = None,
    **shortlist_options: Any,
) -> dict[str, Any]:
    """Everything the report shows about ``g``, as the JSON-serialisable dict of :func:`inroads.report.build.build`.

    Parameters
    ----------
    g : Graph
    attribute, value : optional
        A node attribute (and the value that counts as holding it) for the majority-illusion chart.
    probability : float, optional
        Cascade probability per tie of the evidence charts (default: the network's critical one).
    steps : int
        Cascade steps the evidence charts report.
    map_size : {"betweenness", "closeness", "degree"}
        The figure the map's node sizes follow.
    title : str, optional
    **shortlist_options
        Keywords of :func:`inroads.shortlist` (size, split, rule, niche_size, ...).

    Examples
    --------
    >>> import networkx as nx
    >>> from inroads.graph import Graph
    >>> data = build_report(Graph.from_networkx(nx.karate_club_graph()), size=6, steps=2)
    >>> len(data["shortlist"]["rows"]), [chart["id"] for chart in data["charts"]][:2]
    (6, ['roles', 'evidence-awareness'])
    """
    from inroads.evidence import evidence
    from inroads.illusion import illusion
    from inroads.influencers import shortlist_and_scores
    from inroads.report.build import build
    from inroads.report.charts import evidence_charts, role_chart

    table, scores, found = shortlist_and_scores(g, **shortlist_options)
    # The evidence charts replace the 2-hop reach bars, which told nothing apart (every set reached ~96%).
    proof = evidence(g, probability=probability, steps=steps, seed=0, table_and_scores=(table, scores))
    seen = illusion(g, attribute, value=value) if attribute else None
    charts = [role_chart(table, scores, g.ids), *evidence_charts(proof)]
    return build(
        g, table, communities=found, illusion=seen, scores=scores, charts=charts, map_size=map_size, title=title
    )
