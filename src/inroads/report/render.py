"""Renderers of one result: a rich table, CSV, JSON and Markdown (written to files by
:func:`inroads.io.atomic.write_atomic`).

A command returns a :class:`Result` (a DataFrame plus metadata); these functions turn it into text. Floats are written
with Python's shortest round-trip ``repr`` in CSV and JSON, so every number can be checked to full precision.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from inroads.errors import OptionError

OutputFormat = Literal["table", "csv", "json", "md"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "md")

__all__ = ["FORMATS", "Result", "render", "to_jsonable"]


@dataclass
class Result:
    """What a command computed: a table of rows, a title, notes for the footer and metadata for JSON.

    ``lead`` are plain sentences that open the output, before any table (JSON: ``lead``); ``notes`` are one-line
    remarks shown under the table (and in italics under Markdown); ``meta`` goes into JSON
    output beside the rows, into a ``#`` comment header of CSV when ``csv_comments``, and, when ``sidecar``, into
    ``FILE.meta.json`` beside a CSV or Markdown ``-o FILE`` (so the CSV itself stays plain).
    """

    table: pd.DataFrame
    title: str = ""
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    csv_comments: bool = False
    json_rows: bool = True
    sidecar: bool = False
    lead: list[str] = field(default_factory=list)


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to plain Python for ``json.dumps``; NaN becomes None."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(row) for row in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return to_jsonable(value.to_dict())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _cell(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _short(value: Any) -> str:
    """Human-friendly cell for the table and Markdown: floats to 4 significant digits."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}"
    return _cell(value)


def _csv(result: Result) -> str:
    buffer = io.StringIO()
    if result.csv_comments and result.meta:
        for key, value in result.meta.items():
            buffer.write(f"# {key}: {json.dumps(to_jsonable(value))}\n")
    frame = result.table.astype(object).map(_cell) if len(result.table) else result.table
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _json(result: Result) -> str:
    payload = dict(to_jsonable(result.meta))
    if result.lead:
        payload["lead"] = list(result.lead)
    if result.json_rows:
        payload["rows"] = to_jsonable(result.table)
    if result.notes:
        payload["notes"] = list(result.notes)
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _markdown(result: Result) -> str:
    columns = [str(c) for c in result.table.columns]
    lines = [f"## {result.title}", ""] if result.title else []
    for sentence in result.lead:
        lines += [sentence, ""]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines.extend(
        "| " + " | ".join(_short(v).replace("|", "\\|") for v in row) + " |"
        for row in result.table.itertuples(index=False)
    )
    lines += [""] + [f"_{note}_" for note in result.notes] if result.notes else []
    return "\n".join(lines) + "\n"


def _rich_table(result: Result, width: int | None) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=result.title or None, caption="\n".join(result.notes) or None, caption_justify="left")
    numeric = [pd.api.types.is_numeric_dtype(result.table[c]) for c in result.table.columns]
    for column, is_number in zip(result.table.columns, numeric, strict=True):
        table.add_column(str(column), justify="right" if is_number else "left", overflow="fold")
    for row in result.table.itertuples(index=False):
        table.add_row(*(_short(v) for v in row))
    console = Console(file=io.StringIO(), width=width or 160, color_system=None, highlight=False)
    for sentence in result.lead:
        console.print(sentence, soft_wrap=False, markup=False)
    if result.lead:
        console.print()
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def render(result: Result, fmt: str, *, width: int | None = None) -> str:
    """Render ``result`` as ``table``, ``csv``, ``json`` or ``md`` text."""
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return _json(result)
    if fmt == "md":
        return _markdown(result)
    if fmt == "table":
        return _rich_table(result, width)
    raise OptionError(f"unknown format {fmt!r}", where="--format", fix=f"use one of {', '.join(FORMATS)}")
