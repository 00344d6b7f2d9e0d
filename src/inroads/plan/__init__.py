"""The plan: the shortlist kept in one SQLite file and worked over time (stages, owners, notes, next steps, a log).

A notebook works the same file as ``inroads plan`` and ``inroads serve``::

    import inroads, inroads.plan
    plan = inroads.plan.create("plan.db", inroads.read("network.csv"), size=50)
    plan.update("alice", stage="talking", next_step="coffee", due="2027-01-15")
    plan.add_log("alice", kind="meeting", note="met at the conference")
    plan.people()            # a DataFrame: the plan's fields and the shortlist's figures
    plan.status()            # the funnel per kind, overdue steps, balance, niches

:mod:`~inroads.plan.schema` (the file, migrations, transactions), :mod:`~inroads.plan.store` (queries, changes),
:mod:`~inroads.plan.analysis` (create), :mod:`~inroads.plan.refresh`, :mod:`~inroads.plan.status`,
:mod:`~inroads.plan.export`.
"""

from __future__ import annotations

import os
from typing import Any

from inroads.errors import PlanBusyError, PlanConflictError, PlanError
from inroads.graph import Graph
from inroads.plan.schema import BUSY_TIMEOUT, SCHEMA_VERSION, STAGES
from inroads.plan.store import Plan

__all__ = [
    "SCHEMA_VERSION",
    "STAGES",
    "Plan",
    "PlanBusyError",
    "PlanConflictError",
    "PlanError",
    "create",
    "open",
]


def open(path: str | os.PathLike[str], *, timeout: float = BUSY_TIMEOUT) -> Plan:
    """Open an existing plan (migrating an older file); :class:`PlanError` when it is not a plan or too new."""
    return Plan.open(path, timeout=timeout)


def create(path: str | os.PathLike[str], g: Graph, *, report: bool = True, **options: Any) -> Plan:
    """Make a new plan at ``path`` from :func:`inroads.shortlist` of ``g`` (``options`` are its keyword
    arguments); everyone on the list starts at the first stage. ``report`` keeps the report for ``inroads serve``.
    """
    from inroads.plan.analysis import create as write_plan

    write_plan(path, g, report=report, **options)
    return Plan.open(path)
