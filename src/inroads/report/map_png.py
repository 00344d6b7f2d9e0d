"""The network map as a PNG for slides: the page's layout and labels at 1920×1080 or 1080×1080 pixels.

Drawn with matplotlib (a bare ``Figure``: Agg, no display) from the ``map`` and ``layout`` of
:func:`inroads.report.build.build`, so the picture is the one on the page: the same positions, community colours,
marker shapes (awareness: diamond, conversion: circle — told apart without colour), node sizes (the map's
``size_by`` figure) and labels placed by :func:`inroads.report.labels.place_labels` (shortlist by rank, never
overlapping; a label with no free place is left out).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from inroads.report.labels import place_labels

__all__ = ["SHAPES", "map_png", "marker_radii"]

TYPE_COLOUR = {"awareness": "#d1495b", "conversion": "#2e86ab"}
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948", "#b07aa1", "#9c755f", "#86bcb6",
           "#8cd17d", "#d4a6c8", "#bab0ac", "#499894"]  # fmt: skip
OTHER_COMMUNITY = "#c4c8cc"
#: Marker of each kind (matplotlib marker codes; the page draws the same shapes).
SHAPES = {"awareness": "D", "conversion": "o"}
DPI = 100
FONT_PX = 13
#: Community regions are their colour mixed with this share of white (the page's ``REGION_TINT`` = 1 - this).
REGION_WHITE = 0.86


def marker_radii(report: dict[str, Any], *, scale: float = 1.0) -> np.ndarray:
    """Marker radius of each drawn node in pixels: the size figure (``size_by``) on a square-root scale.

    Shortlisted people 5–12 px, others 1.5–8 px (2–8 when fewer than 2,000 are drawn), summary nodes 8–34 px by their
    members (the largest 12 px to 34 px: smaller when there are more than 30 of them); the page uses the same rule
    (``computeRadii`` in ``static/map.js``).

    Examples
    --------
    >>> report = {"map": {"members": [0, 0, 0], "row": [0, -1, -1], "size_by": "degree",
    ...                   "size": {"degree": [2, 1, 0]}}}
    >>> marker_radii(report).round(2).tolist()
    [12.0, 6.24, 2.0]
    """
    m = report["map"]
    members = np.asarray(m["members"], dtype=np.float64)
    chosen = np.asarray(m["row"]) >= 0
    figure = np.asarray(m["size"][m["size_by"]], dtype=np.float64)
    people = members == 0
    top = float(figure[people].max()) if people.any() else 0.0
    share = np.sqrt(np.clip(figure / top, 0.0, 1.0)) if top > 0 else np.zeros_like(figure)
    small = 1.5 if people.sum() >= 2000 else 2.0
    radius = np.where(chosen, 5.0 + 7.0 * share, small + (8.0 - small) * share)
    biggest = float(members.max()) if members.size else 0.0
    if biggest > 0:
        top_radius = float(np.clip(34.0 * np.sqrt(30.0 / (members > 0).sum()), 12.0, 34.0))  # many: smaller
        radius = np.where(members > 0, 8.0 + (top_radius - 8.0) * np.sqrt(members / biggest), radius)
    return radius * scale


def _kinds(report: dict[str, Any]) -> np.ndarray:
    columns = report["shortlist"]["columns"]
    row = np.asarray(report["map"]["row"], dtype=np.int64)
    if "type" not in columns:
        return np.full(row.size, "", dtype=object)
    types = [r[columns.index("type")] for r in report["shortlist"]["rows"]]
    return np.array([str(types[r]) if r >= 0 else "" for r in row], dtype=object)


def _pale(colour: str, white: float = 0.6) -> str:
    """``colour`` mixed with a share ``white`` of white."""
    value = int(colour[1:], 16)
    mix = [round(c + (255 - c) * white) for c in ((value >> 16) & 255, (value >> 8) & 255, value & 255)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def map_png(report: dict[str, Any], *, width: int = 1920, height: int = 1080) -> bytes:
    """The map of ``report`` as PNG bytes of ``width`` × ``height`` pixels.

    Examples
    --------
    >>> import pandas as pd
    >>> from inroads.graph import Graph
    >>> from inroads.report.build import build
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> report = build(g, pd.DataFrame({"id": ["b"], "type": ["awareness"]}), communities=[0, 0, 0])
    >>> map_png(report, width=400, height=300)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    m, geo = report["map"], report["layout"]
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)  # its renderer measures the labels' text
    title = "Network map: colours are communities; shortlisted people ringed — ◆ awareness, ● conversion"
    figure.text(0.01, 0.985, title, fontsize=12, va="top", ha="left", color="#1d232b")
    if m.get("message"):
        figure.text(0.5, 0.5, m["message"], fontsize=15, ha="center", va="center", wrap=True, color="#1d232b")
        return _png(figure)
    top_px, pad = 40.0, 24.0  # room for the title, and a margin around the drawing
    frame_w, frame_h = width - 2 * pad, height - top_px - pad
    axes = figure.add_axes((pad / width, pad / height, frame_w / width, frame_h / height))
    x, y = np.asarray(geo["x"], dtype=np.float64), np.asarray(geo["y"], dtype=np.float64)
    # Pixels per layout unit: the drawing's own box fills the frame (as the page's fit()), aspect kept.
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    k = min((frame_w - 40) / max(x1 - x0, 1e-9), (frame_h - 40) / max(y1 - y0, 1e-9))
    px = (frame_w - (x1 - x0) * k) / 2 + (x - x0) * k
    py = (frame_h - (y1 - y0) * k) / 2 + (y - y0) * k  # downwards, as on the page
    axes.set_xlim(0, frame_w)
    axes.set_ylim(frame_h, 0)
    axes.set_axis_off()
    community = np.asarray(geo["community"], dtype=np.int64)
    members = np.asarray(m["members"], dtype=np.int64)
    # Community regions, as on the page: a disc of the community's colour mixed with white under each of its people;
    # opaque, so a group's discs merge into one tinted region (about 1.1% of the frame's width, 10 px on the page).
    tinted = (members == 0) & (community >= 0) & (community < len(PALETTE))
    if tinted.any():
        region = (0.011 * frame_w * 72.0 / DPI) ** 2 * np.pi
        tints = [_pale(PALETTE[c], REGION_WHITE) for c in community[tinted]]
        axes.scatter(px[tinted], py[tinted], s=region, c=tints, linewidths=0, zorder=0)
    edges = np.asarray(m["edges"], dtype=np.int64).reshape(-1, 2)
    if len(edges):
        segments = np.stack([np.column_stack([px[edges[:, j]], py[edges[:, j]]]) for j in (0, 1)], axis=1)
        alpha = float(np.clip(6.0 / np.sqrt(len(edges) + 1), 0.025, 0.45))  # dense maps: fainter links (as the page)
        axes.add_collection(LineCollection(list(segments), colors="#5a6675", linewidths=0.5, alpha=alpha, zorder=1))
    colours = np.array([PALETTE[c] if 0 <= c < len(PALETTE) else OTHER_COMMUNITY for c in community], dtype=object)
    # Community nodes pale, except those already grey (past the palette): paler would vanish on white.
    colours = np.where((members > 0) & (colours != OTHER_COMMUNITY), [_pale(c) for c in colours], colours)
    radius = marker_radii(report)
    kinds = _kinds(report)
    chosen = np.asarray(m["row"]) >= 0
    area = (radius * 72.0 / DPI) ** 2 * np.pi  # scatter sizes are in points²; a disc of radius r px
    order = np.lexsort((radius, members == 0))  # summaries underneath, then people by size
    rest = order[~chosen[order]]
    axes.scatter(px[rest], py[rest], s=area[rest], c=list(colours[rest]), linewidths=0, zorder=2)
    for kind in sorted(set(kinds[chosen])):
        mine = chosen & (kinds == kind)
        shape = SHAPES.get(kind, "s")
        scale = 0.75 if shape == "D" else 1.0  # a diamond of the same box looks larger than a disc
        axes.scatter(px[mine], py[mine], s=area[mine] * scale * 1.3, c=list(colours[mine]), marker=shape, zorder=3,
                     edgecolors=TYPE_COLOUR.get(kind, "#7b6d8d"), linewidths=2.2)  # fmt: skip
    # Labels: shortlist by rank, then summary nodes by size, placed as on the page.
    rows = np.asarray(m["row"], dtype=np.int64)
    labelled = list(np.flatnonzero(chosen)[np.argsort(rows[chosen], kind="stable")])
    labelled += list(np.flatnonzero(members > 0)[np.argsort(-members[members > 0], kind="stable")])
    font = FontProperties(size=FONT_PX * 72.0 / DPI)
    renderer = canvas.get_renderer()
    texts = [str(m["name"][i]) for i in labelled]
    sizes = np.array([renderer.get_text_width_height_descent(t, font, ismath=False)[:2] for t in texts]).reshape(-1, 2)
    obstacles = np.column_stack([px[chosen], py[chosen], radius[chosen] + 2])
    boxes = place_labels(
        np.column_stack([px[labelled], py[labelled]]), radius[labelled] + 2, sizes + 4.0,
        frame=(frame_w, frame_h), obstacles=obstacles,
    )  # fmt: skip
    for i, text, box in zip(labelled, texts, boxes, strict=True):
        if box is None:
            continue
        # A label placed away from its marker (an outer ring) is joined to it by a thin leader line.
        near_x, near_y = min(max(px[i], box[0]), box[2]), min(max(py[i], box[1]), box[3])
        if np.hypot(near_x - px[i], near_y - py[i]) > radius[i] + 2 + 3 + 8:
            axes.plot([px[i], near_x], [py[i], near_y], color="#1d232b", alpha=0.55, linewidth=0.8, zorder=3.5)
        backing = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75}
        axes.text(box[0] + 2, (box[1] + box[3]) / 2, text, fontproperties=font, va="center", ha="left", zorder=4,
                  color="#1d232b", bbox=backing)  # fmt: skip
    return _png(figure)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()
