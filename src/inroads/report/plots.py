"""The report's charts as PNG files, for slides: drawn with matplotlib (Agg, no display) from the dict of ``build()``.

Each chart is written atomically; the files are ``scatter.png``, ``map.png`` (1920×1080) and ``map-square.png``
(1080×1080) drawn by :mod:`inroads.report.map_png`, and ``<chart id>.png`` for each of the report's extra charts
(``illusion.png``, ``reach.png``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from inroads.errors import OptionError
from inroads.io.atomic import write_atomic
from inroads.report.map_png import map_png

__all__ = ["write_pngs"]

TYPE_COLOUR = {"awareness": "#d1495b", "conversion": "#2e86ab"}
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948", "#b07aa1", "#9c755f", "#86bcb6",
           "#8cd17d", "#d4a6c8", "#bab0ac", "#499894"]  # fmt: skip
OTHER_COMMUNITY = "#c4c8cc"


def _floats(values: list[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _figure(width: float = 9.0, height: float = 5.0) -> Any:
    from matplotlib.figure import Figure

    # A bare Figure uses the Agg canvas and never touches pyplot's global state or a display.
    return Figure(figsize=(width, height), dpi=150, layout="constrained")


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _scatter(report: dict[str, Any]) -> bytes:
    s = report["scatter"]
    betweenness, closeness = _floats(s["betweenness"]), _floats(s["closeness"])
    row = np.asarray(s["row"])
    kinds = np.asarray(s["type"], dtype=object)
    figure = _figure()
    axes = figure.add_subplot()
    # percentile ranks, as on the page: raw scores crowd most people into one strip
    x, y = _percentiles(betweenness), _percentiles(closeness)
    others = row < 0
    axes.scatter(x[others], y[others], s=6, c="#9aa3ad", alpha=0.5, label="not shortlisted")
    for kind in sorted(set(kinds[~others])):
        mine = ~others & (kinds == kind)
        axes.scatter(x[mine], y[mine], s=30, c=TYPE_COLOUR.get(kind, "#7b6d8d"), label=kind)
    cut = report["thresholds"]
    if cut.get("betweenness") is not None:
        at = 100 * np.sum(betweenness < cut["betweenness"]) / max(betweenness.size - 1, 1)
        axes.axvline(at, ls="--", c=TYPE_COLOUR["awareness"], lw=1, label="awareness cut-off")
    if cut.get("closeness") is not None:
        at = 100 * np.sum(closeness < cut["closeness"]) / max(closeness.size - 1, 1)
        axes.axhline(at, ls="--", c=TYPE_COLOUR["conversion"], lw=1, label="conversion cut-off")
    axes.set_xlabel("betweenness (bridge): percentile rank")
    axes.set_ylabel("closeness (reach): percentile rank")
    axes.set_title("Bridges and hubs", pad=40)
    _legend_above(axes)
    return _png(figure)


def _percentiles(values: np.ndarray) -> np.ndarray:
    """0 (lowest) to 100 (highest) by rank; equal scores share their mean rank (as the page's scatter)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.nan_to_num(values, nan=-np.inf), method="average") - 1.0
    return 100.0 * ranks / max(values.size - 1, 1)


def _points(chart: dict[str, Any]) -> bytes:
    """The role chart: one dot per person, the shortlisted coloured by type, the rule's thresholds dashed."""
    figure = _figure()
    axes = figure.add_subplot()
    p = chart["points"]
    x, y, kinds = _floats(p["x"]), _floats(p["y"]), np.asarray(p["type"], dtype=object)
    others = kinds == ""
    axes.scatter(x[others], y[others], s=6, c="#9aa3ad", alpha=0.5, label="not shortlisted")
    for kind in sorted(set(kinds[~others])):
        mine = kinds == kind
        axes.scatter(x[mine], y[mine], s=30, c=TYPE_COLOUR.get(kind, "#7b6d8d"), label=kind)
    for line in chart.get("xlines", []):
        axes.axvline(line["at"], ls="--", c=TYPE_COLOUR["conversion"], lw=1, label=line["label"])
    axes.set_xlabel(chart.get("xlabel", ""))
    axes.set_ylabel(chart.get("ylabel", ""))
    axes.set_title(chart.get("title", ""), pad=40)
    _legend_above(axes)
    return _png(figure)


def _legend_above(axes: Any) -> None:
    """The legend in a band above the plot area, where it cannot cover a bar or a point."""
    handles, labels = axes.get_legend_handles_labels()
    if handles:
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=min(len(labels), 3), fontsize=8, frameon=False)


def _chart(chart: dict[str, Any]) -> bytes:
    if chart.get("kind") == "points":
        return _points(chart)
    figure = _figure()
    axes = figure.add_subplot()
    labels = [str(v) for v in chart["x"]]
    positions = np.arange(len(labels))
    series = chart["series"]
    for j, s in enumerate(series):
        values = _floats(s["values"])
        colour = PALETTE[j % len(PALETTE)]
        if chart.get("kind") == "bar":
            width = 0.8 / max(len(series), 1)
            errors = None
            if s.get("low") is not None and s.get("high") is not None:
                errors = np.vstack([values - _floats(s["low"]), _floats(s["high"]) - values])
            axes.bar(positions - 0.4 + width * (j + 0.5), values, width=width, color=colour, label=s["name"],
                     yerr=errors, ecolor="#222")  # fmt: skip
        else:
            axes.plot(positions, values, marker="o", color=colour, label=s["name"])
    axes.set_xticks(positions, labels)
    axes.set_xlabel(chart.get("xlabel", ""))
    axes.set_ylabel(chart.get("ylabel", ""))
    axes.set_title(chart.get("title", ""), pad=40)
    _legend_above(axes)
    return _png(figure)


def write_pngs(report: dict[str, Any], folder: str | Path) -> list[Path]:
    """Write the report's charts as PNG files into ``folder`` (created when missing); returns the paths written.

    Examples
    --------
    >>> import tempfile
    >>> from inroads.graph import Graph
    >>> from inroads.report.build import build
    >>> import pandas as pd
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> table = pd.DataFrame({"id": ["b"], "type": ["awareness"], "betweenness": [1.0], "closeness": [1.0]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_pngs(build(g, table, communities=[0, 0, 0]), folder)]
    ['scatter.png', 'map.png', 'map-square.png']
    """
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OptionError(f"cannot create folder {str(target)!r} ({error.strerror})", where="--png",
                          fix="pick a folder you can write to") from None  # fmt: skip
    drawings = [("scatter", _scatter(report)), ("map", map_png(report)), ("map-square", map_png(report, width=1080))]
    drawings += [(str(chart["id"]), _chart(chart)) for chart in report.get("charts", [])]
    written = []
    for name, data in drawings:
        path = target / f"{name}.png"
        write_atomic(path, data)
        written.append(path)
    return written
