"""The plan's status: the funnel per kind, overdue next steps, the balance against the intended split, the niches
covered, and (``since``) what moved after a date. A handful of indexed aggregate queries: fast at any plan size."""

from __future__ import annotations

import json
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from inroads.plan.values import parse_date

if TYPE_CHECKING:
    from inroads.plan.store import Plan

__all__ = ["KINDS", "status"]

#: The two kinds of the shortlist, shown first and always (other kinds, if a rule makes them, follow).
KINDS = ("awareness", "conversion")


def _niches(plan: Plan, attrs: dict[str, Any]) -> dict[str, Any]:
    """Niches the listed people cover: the ``niche`` figure when the shortlist has one, else ``community``."""
    rows = plan.db.execute(
        "SELECT json_extract(figures, '$.niche'), json_extract(figures, '$.community') FROM people WHERE listed = 1"
    ).fetchall()
    column = "niche" if any(r[0] is not None for r in rows) else "community"
    values = sorted({r[0] if column == "niche" else r[1] for r in rows} - {None}, key=str)
    total = attrs.get("niches") if column == "niche" else attrs.get("communities")
    if isinstance(total, list | dict):
        total = len(total)
    return {"column": column, "covered": len(values), "total": total, "values": values}


def status(plan: Plan, *, since: str | Date | None = None, today: str | Date | None = None) -> dict[str, Any]:
    """Everything ``inroads plan status`` shows, as one JSON-ready dict.

    Keys: ``stages``; ``funnel`` (one dict per stage: ``stage``, a count per kind, ``total``), over the people on
    the latest list; ``listed`` and ``flagged`` (fell off the list, kept with their history); ``overdue`` (next
    steps due before ``today``, earliest first); ``balance`` (people per kind against the intended split);
    ``niches`` (covered, of how many); ``last_refresh``; and with ``since`` a ``since`` dict: stage moves, log
    entries, people added and refreshes after that date.
    """
    day = parse_date(today, where="today") or Date.today().isoformat()
    stages = plan.stages()
    counts: dict[tuple[str, str], int] = {}
    for stage, kind, count in plan.db.execute(
        "SELECT s.name, p.kind, count(*) FROM people p JOIN stages s ON s.position = p.stage "
        "WHERE p.listed = 1 GROUP BY p.stage, p.kind"
    ):
        counts[(stage, kind)] = count
    kinds = list(KINDS) + sorted({kind for _, kind in counts} - set(KINDS))
    funnel: list[dict[str, Any]] = [
        {
            "stage": stage,
            **{kind: counts.get((stage, kind), 0) for kind in kinds},
            "total": sum(counts.get((stage, kind), 0) for kind in kinds),
        }
        for stage in stages
    ]
    listed = sum(row["total"] for row in funnel)
    flagged = plan.db.execute("SELECT count(*) FROM people WHERE listed = 0").fetchone()[0]
    overdue = [
        dict(r)
        for r in plan.db.execute(
            "SELECT p.id, p.label, p.kind, s.name AS stage, p.owner, p.next_step, p.due FROM people p "
            "JOIN stages s ON s.position = p.stage WHERE p.due IS NOT NULL AND p.due < ? ORDER BY p.due, p.id",
            (day,),
        )
    ]
    head = plan.db.execute("SELECT id, at, source, options, attrs FROM refreshes ORDER BY id DESC LIMIT 1").fetchone()
    options = json.loads(head["options"]) if head else {}
    attrs = json.loads(head["attrs"]) if head else {}
    size = int(options.get("size", attrs.get("size", listed)) or listed)
    split = float(options.get("split", attrs.get("split", 0.5)))
    intended_awareness = round(size * split)
    per_kind = {kind: sum(row[kind] for row in funnel) for kind in kinds}
    result: dict[str, Any] = {
        "plan": plan.path,
        "today": day,
        "stages": stages,
        "kinds": kinds,
        "funnel": funnel,
        "listed": listed,
        "flagged": int(flagged),
        "overdue": overdue,
        "balance": {
            **per_kind,
            "intended": {"awareness": intended_awareness, "conversion": size - intended_awareness},
            "split": split,
        },
        "niches": _niches(plan, attrs),
        "last_refresh": None if head is None else {"refresh": head["id"], "at": head["at"], "source": head["source"]},
    }
    if since is not None:
        result["since"] = _since(plan, parse_date(since, where="--since") or day)
    return result


def _since(plan: Plan, start: str) -> dict[str, Any]:
    moves = [
        dict(r)
        for r in plan.db.execute(
            "SELECT c.person AS id, p.label, c.old AS 'from', c.new AS 'to', c.at FROM changes c "
            "JOIN people p ON p.id = c.person WHERE c.field = 'stage' AND c.at >= ? ORDER BY c.id",
            (start,),
        )
    ]
    log_entries = plan.db.execute("SELECT count(*) FROM log WHERE date >= ?", (start,)).fetchone()[0]
    added = plan.db.execute("SELECT count(*) FROM people WHERE added_at >= ?", (start,)).fetchone()[0]
    refreshes = [
        {"refresh": r["id"], "at": r["at"], "source": r["source"], **json.loads(r["summary"])}
        for r in plan.db.execute("SELECT id, at, source, summary FROM refreshes WHERE at >= ? ORDER BY id", (start,))
    ]
    return {
        "date": start,
        "stage_moves": moves,
        "log_entries": int(log_entries),
        "added": int(added),
        "refreshes": refreshes,
    }
