"""The team is not a target: the owners of the records are the user and their colleagues.

A mailbox's owner (its most frequent sender), a calendar's owner, the owners of several LinkedIn exports are listed
in ``Graph.meta["owners"]`` by the readers. They are never shortlisted (they would top it: every tie runs through
them), and the first of them is ``me`` when the user gives no ``--me``. ``include_owners`` brings them back (and
leaves ``me`` unset), for an analyst studying the team itself.

For a team, :func:`inroads.intro.intro_paths` starts each introduction chain from whichever owner is closest.
"""

from __future__ import annotations

from collections.abc import Iterable

from inroads.graph import Graph

__all__ = ["owner_rule"]


def owner_rule(
    g: Graph, me: str | None, exclude: Iterable[str], include_owners: bool = False
) -> tuple[str | None, list[str]]:
    """``(me, exclude)`` with the owners of ``g``'s records applied: ``me`` defaults to the first owner, and the
    other owners join ``exclude``; with ``include_owners`` (an analyst studying the team) nothing changes.

    Examples
    --------
    >>> g = Graph.from_edges(["ann", "ann", "bo"], ["bo", "cy", "cy"], meta={"owners": ["ann", "bo"]})
    >>> owner_rule(g, None, ["zed"])
    ('ann', ['zed', 'bo'])
    >>> owner_rule(g, None, [], include_owners=True)
    (None, [])
    """
    owners = [str(o) for o in g.meta.get("owners", ())]
    excluded = list(exclude)
    if not owners or include_owners:
        return me, excluded
    if me is None:
        me = owners[0]
    excluded += [o for o in owners if o != me and o not in excluded]
    return me, excluded
