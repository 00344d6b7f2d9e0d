"""``--scheduler`` and ``--workers``: run a command's centrality on a Dask cluster.

Add :func:`cluster_options` under ``@compute_options`` on a command: it adds the two options, and runs the command
inside :func:`cluster_backend`, so every exact centrality the command computes goes to the cluster (through
:func:`inroads.engine.dask.active_backend`). Nothing imports Dask unless one of the options (or
``$INROADS_SCHEDULER``) is given; without Dask installed they fail with one line saying how to install it.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from typing import Any

import click

from inroads.engine.dask import SCHEDULER_ENV, DaskBackend, connect, use_backend

__all__ = ["cluster_backend", "cluster_options"]


@contextlib.contextmanager
def cluster_backend(scheduler: str | None, workers: int | None) -> Iterator[DaskBackend | None]:
    """The backend of ``--scheduler``/``--workers``, active inside the block; None (run locally) when neither is set.

    Examples
    --------
    >>> with cluster_backend(None, None) as backend:
    ...     backend is None
    True
    """
    if not (scheduler or workers or os.environ.get(SCHEDULER_ENV)):
        yield None
        return
    context = click.get_current_context(silent=True)
    debug = bool(context and (context.find_root().obj or {}).get("debug")) or os.environ.get("INROADS_DEBUG") == "1"
    with connect(scheduler, workers=workers, quiet=not debug) as backend, use_backend(backend):
        yield backend
        for note in backend.notes:
            click.echo(f"note: {note}", err=True)


def cluster_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--scheduler ADDRESS`` and ``--workers N`` and run ``command`` on that cluster (the command itself never
    sees the two options)."""

    @click.option(
        "--scheduler",
        metavar="ADDRESS",
        help=f"Run the centrality on this Dask scheduler (tcp://HOST:PORT; default ${SCHEDULER_ENV}). "
        "Needs inroads[dask]; give the network as an .inroads file on storage the workers share.",
    )
    @click.option(
        "--workers",
        type=click.IntRange(min=1),
        metavar="N",
        help="Run the centrality on a local Dask cluster of N one-thread processes (needs inroads[dask]).",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, scheduler: str | None = None, workers: int | None = None, **kwargs: Any) -> Any:
        with cluster_backend(scheduler, workers):
            return command(*args, **kwargs)

    return wrapper
