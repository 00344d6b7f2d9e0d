"""``inroads serve``: the local web app over a plan (see :mod:`inroads.serve`)."""

from __future__ import annotations

import click

__all__ = ["serve"]


@click.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0 = any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but 127.0.0.1/localhost exposes the plan to your network.",
)
def serve(plan_file: str, port: int, host: str) -> None:
    """Work PLAN in the browser: the funnel, the people, stages by drag and drop, notes, next steps, the log and
    the report. Prints the URL to open (with its access token) on the first line; Ctrl-C stops."""
    from inroads.serve import run

    run(plan_file, host=host, port=port)
