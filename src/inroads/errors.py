"""The one exception family of inroads.

Every error a user can cause is an :class:`InroadsError`. Its :meth:`~InroadsError.line` is the one line the CLI
prints: what went wrong, where (file:line or option), and what to do about it.
"""

from __future__ import annotations


class InroadsError(Exception):
    """A problem the user can fix: bad input, a bad option, an impossible request.

    Parameters
    ----------
    what : str
        What is wrong, in plain words.
    where : str, optional
        Where: ``path:line``, ``path`` or ``--option``.
    fix : str, optional
        What to do about it.
    """

    #: The command line's exit code for this error: 2, the user can fix it.
    exit_code = 2

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.line())

    def line(self) -> str:
        """The single line shown to the user."""
        text = f"{self.where}: {self.what}" if self.where else self.what
        if self.fix:
            text = f"{text} — {self.fix}"
        return " ".join(text.split())


class InputError(InroadsError):
    """A file that cannot be read as a network or node table."""


class OptionError(InroadsError):
    """An option or argument value that cannot be used."""


class GraphError(InroadsError):
    """A request that does not fit the graph (unknown node, empty graph, ...)."""


class ClusterError(InroadsError):
    """The Dask cluster cannot serve the run: unreachable or lost scheduler, no workers, workers without inroads."""


class ClusterTaskError(ClusterError):
    """A task raised on a worker for a reason that is not the user's: a defect, reported in one line (exit 1)."""

    exit_code = 1


class PlanError(InroadsError):
    """A plan file that cannot be used as asked: not a plan, too new, unknown person or stage, a bad value."""


class PlanBusyError(PlanError):
    """Another process held the plan's write lock for longer than the busy timeout: nothing was changed."""


class PlanConflictError(PlanError):
    """The person changed since the caller read them (another tab or process): nothing was changed."""
