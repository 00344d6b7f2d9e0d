"""Label placement for the map: every label beside its marker, none overlapping another, hidden rather than overlap.

Greedy, in order of importance (the caller's order: shortlist rank first). Each label tries eight places around its
marker — right, left, above, below, then the four corners — and takes the first that stays inside the frame and meets
no label already placed and no important marker (the shortlisted people's, passed as ``obstacles``); when all eight
are taken it tries the same eight farther out (``RINGS``: 16 and 34 pixels more), where the drawing joins label and
marker with a thin leader line. A label with no free place is hidden; the page shows it on hover. This is the
classic point-feature labelling heuristic (the "eight-position model" of cartography); it is written here because
the graph libraries inroads uses place no labels, and the page's script (``static/map.js``, ``placeLabels``) runs
the same rule so the PNG and the page agree.

References
----------
Christensen, J., Marks, J. & Shieber, S. (1995). An empirical study of algorithms for point-feature label placement.
ACM Transactions on Graphics 14(3), 203–232. https://doi.org/10.1145/212332.212334
"""

from __future__ import annotations

import numpy as np

__all__ = ["CANDIDATES", "RINGS", "place_labels"]

#: Offsets of a label's box from its marker, in units of (marker radius + gap): (dx sign, dy sign) — dx = +1 puts the
#: box's left edge right of the marker, 0 centres it; dy likewise downwards.
CANDIDATES = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
#: Extra pixels between marker and label for each ring of candidates: beside the marker, then farther out.
RINGS = (0.0, 16.0, 34.0)


def _box(x: float, y: float, r: float, w: float, h: float, dx: int, dy: int, gap: float) -> tuple[float, ...]:
    reach = r + gap
    left = x + reach if dx > 0 else x - reach - w if dx < 0 else x - w / 2
    top = y + reach if dy > 0 else y - reach - h if dy < 0 else y - h / 2
    return left, top, left + w, top + h


def _meets(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    anchors: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    *,
    frame: tuple[float, float],
    obstacles: np.ndarray | None = None,
    gap: float = 3.0,
) -> list[tuple[float, float, float, float] | None]:
    """Boxes ``(left, top, right, bottom)`` for labels in the given order (most important first); ``None`` = hidden.

    Parameters
    ----------
    anchors : numpy.ndarray, shape (k, 2)
        Marker centres in pixels (y downwards).
    radii : numpy.ndarray, shape (k,)
        Marker radii in pixels: a label never covers its own marker.
    sizes : numpy.ndarray, shape (k, 2)
        Width and height of each label's text in pixels.
    frame : (float, float)
        Width and height of the drawing: labels stay inside.
    obstacles : numpy.ndarray, shape (j, 3), optional
        Markers no label may cover: centre x, centre y, radius.
    gap : float
        Pixels between a marker and its label.

    Returns
    -------
    list
        One box or ``None`` per label, in input order; no two boxes intersect.

    Examples
    --------
    >>> boxes = place_labels(np.array([[50.0, 50.0], [52.0, 50.0]]), np.array([4.0, 4.0]),
    ...                      np.array([[30.0, 10.0], [30.0, 10.0]]), frame=(200.0, 100.0))
    >>> boxes[0], boxes[1]
    ((57.0, 45.0, 87.0, 55.0), (15.0, 45.0, 45.0, 55.0))
    """
    placed: list[tuple[float, ...]] = []
    # Obstacles as boxes: a square around each important marker.
    blocks = (
        [] if obstacles is None else [(x - r, y - r, x + r, y + r) for x, y, r in np.asarray(obstacles).reshape(-1, 3)]
    )
    width, height = frame
    result: list[tuple[float, float, float, float] | None] = []
    for (x, y), r, (w, h) in zip(
        np.asarray(anchors, dtype=float), np.asarray(radii, dtype=float), np.asarray(sizes), strict=True
    ):
        chosen = None
        for ring, dx, dy in ((ring, dx, dy) for ring in RINGS for dx, dy in CANDIDATES):
            box = _box(float(x), float(y), float(r), float(w), float(h), dx, dy, gap + ring)
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                continue
            if any(_meets(box, other) for other in placed) or any(_meets(box, b) for b in blocks):
                continue
            chosen = box
            break
        if chosen is not None:
            placed.append(chosen)
        result.append(None if chosen is None else (chosen[0], chosen[1], chosen[2], chosen[3]))
    return result
