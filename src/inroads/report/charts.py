"""Chart specs of the two kinds: the role chart and the evidence charts (plain dicts, drawn by the page and the PNGs).

A spec is ``{"id", "title", "kind", "x", "xlabel", "ylabel", "series", "explain"}`` as in :mod:`inroads.report.build`;
bar series may carry ``low``/``high`` (a 95% interval per bar), and ``kind="points"`` carries ``points`` (``x``,
``y``, ``type``, ``name`` per person) and ``xlines`` (``{"at", "label"}`` thresholds) instead of bars.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from inroads.influencers_niche import INSIDE_SHARE

__all__ = ["evidence_charts", "role_chart"]

#: Points past this are thinned to every k-th person not on the list (the list is always kept).
ROLE_POINTS_LIMIT = 20000


def role_chart(table: pd.DataFrame, scores: dict[str, np.ndarray], ids: np.ndarray) -> dict[str, Any]:
    """Everyone's share of ties that leave their niche (across) against their closeness inside it (up).

    Connectors sit to the right (their ties leave their niche), niche experts top left (close to their niche, ties
    inside it); the dashed line is the rule's threshold: conversion picks keep at least half their ties inside.

    Examples
    --------
    >>> table = pd.DataFrame({"id": ["b"], "type": ["awareness"]})
    >>> scores = {"inside_share": np.array([1.0, 0.5, 1.0]), "niche_closeness": np.array([0.6, 1.0, 0.6])}
    >>> chart = role_chart(table, scores, np.array(["a", "b", "c"], dtype=object))
    >>> chart["points"]["x"], chart["points"]["type"], chart["xlines"][0]["at"]
    ([0.0, 0.5, 0.0], ['', 'awareness', ''], 0.5)
    """
    leaving = 1.0 - np.nan_to_num(np.asarray(scores["inside_share"], dtype=np.float64), nan=1.0)
    closeness = np.asarray(scores["niche_closeness"], dtype=np.float64)
    kind = np.full(ids.shape[0], "", dtype=object)
    position = pd.Index(np.asarray(ids).astype(str)).get_indexer(table["id"].astype(str))
    kind[position] = table["type"].astype(str).to_numpy()
    keep = np.ones(ids.shape[0], dtype=bool)
    if ids.shape[0] > ROLE_POINTS_LIMIT:
        step = int(np.ceil(ids.shape[0] / ROLE_POINTS_LIMIT))
        keep = (np.arange(ids.shape[0]) % step == 0) | (kind != "")
    aware = kind == "awareness"
    convert = kind == "conversion"
    return {
        "id": "roles",
        "title": "Two kinds: connectors and niche experts",
        "kind": "points",
        "x": [],
        "xlabel": "share of their ties that leave their niche",
        "ylabel": "closeness inside their niche",
        "series": [],
        "points": {
            "x": np.round(leaving[keep], 4).tolist(),
            "y": np.round(np.nan_to_num(closeness[keep]), 4).tolist(),
            "type": kind[keep].tolist(),
            "name": np.asarray(ids)[keep].astype(str).tolist(),
        },
        "xlines": [{"at": 1.0 - INSIDE_SHARE, "label": "conversion picks keep most ties inside (left)"}],
        "explain": (
            f"Each dot is a person. Awareness influencers (red) are connectors: most of their ties leave their niche "
            f"(median {_median(leaving[aware])}). Conversion influencers (blue) are niche experts: close to the rest "
            f"of their niche, their ties mostly inside it (median share leaving {_median(leaving[convert])}). "
            "Guimerà & Amaral call them connector hubs and provincial hubs (Nature 2005)."
        ),
    }


def _median(values: np.ndarray) -> str:
    return f"{np.median(values):.0%}" if values.size else "none"


def evidence_charts(result: Any) -> list[dict[str, Any]]:
    """The evidence of :func:`inroads.evidence.evidence` as bar charts, one per question, each opening with its
    plain sentence; every bar carries its 95% interval (``low``/``high``).

    Examples
    --------
    >>> from inroads.evidence import EvidenceResult
    >>> rows = [{"test": "illusion", "measure": "see most contacts endorsing", "set": s, "people": 2, "mean": m,
    ...          "low": m, "high": m} for s, m in (("shortlist", 5.0), ("random", 1.0))]
    >>> charts = evidence_charts(EvidenceResult(["If these 2 endorsed you, ..."], pd.DataFrame(rows)))
    >>> [c["id"] for c in charts], charts[0]["x"], charts[0]["series"][0]["values"]
    (['evidence-illusion'], ['shortlist', 'random'], [5.0, 1.0])
    """
    table = result.table
    lead = {sentence.split(":")[0]: sentence for sentence in result.lead}
    illusion_lead = next((s for s in result.lead if s.startswith("If these")), "")
    specs = [
        ("awareness", ["niches reached"], "Awareness: niches a cascade reaches from each set", "niches",
         lead.get("Awareness", "")),
        ("awareness", [m for m in table["measure"].unique() if str(m).startswith("reached after")],
         "Awareness: people a cascade reaches, step by step", "people", lead.get("Awareness", "")),
        ("conversion", ["adopters in the picks' niches"],
         "Conversion: adopters in the picks' niches (complex contagion)", "people", lead.get("Conversion", "")),
        ("illusion", ["see most contacts endorsing"], "If each set endorsed you: people who would see most of their "
         "contacts endorsing", "people", illusion_lead),
    ]  # fmt: skip
    charts = []
    for test, measures, title, ylabel, explain in specs:
        part = table[(table["test"] == test) & (table["measure"].isin(measures))]
        if part.empty:
            continue
        sets = list(dict.fromkeys(part["set"]))
        series = []
        for measure in measures:
            rows = part[part["measure"] == measure].set_index("set").reindex(sets)
            series.append({"name": str(measure), "values": rows["mean"].to_numpy().tolist(),
                           "low": rows["low"].to_numpy().tolist(),
                           "high": rows["high"].to_numpy().tolist()})  # fmt: skip
        suffix = "-steps" if len(measures) > 1 else ""
        charts.append({
            "id": f"evidence-{test}{suffix}", "title": title, "kind": "bar", "x": sets,
            "xlabel": f"who is chosen ({int(part['people'].iloc[0])} people each)", "ylabel": ylabel,
            "series": series, "explain": explain,
        })  # fmt: skip
    return charts
