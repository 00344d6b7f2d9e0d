"""The ``inroads`` command line: a thin layer over the Python API.

Each command lives in its own module, parses options, calls one public function and renders the result with the
shared output options. :func:`main` turns every :class:`~inroads.errors.InroadsError` into one line on standard
error and exit code 2, and Ctrl-C into exit code 130, without a traceback (unless ``--debug``).
"""

from __future__ import annotations

import os
import sys

import click

from inroads.cli.centrality import centrality
from inroads.cli.convert import convert
from inroads.cli.endorsers import endorsers_command
from inroads.cli.evidence import evidence_command
from inroads.cli.export import export
from inroads.cli.illusion import illusion_command
from inroads.cli.info import info
from inroads.cli.plan import plan
from inroads.cli.reach import reach_command
from inroads.cli.report import report
from inroads.cli.serve import serve
from inroads.cli.shortlist import shortlist
from inroads.errors import InroadsError
from inroads.igraph_loader import skip_igraph_plotting

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="inroads")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Find the few people in a network worth building relationships with, and say why."""
    ctx.obj = {"debug": debug}


for command in (
    info,
    centrality,
    shortlist,
    export,
    illusion_command,
    endorsers_command,
    reach_command,
    evidence_command,
    convert,
    report,
    plan,
    serve,
):
    cli.add_command(command)


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("INROADS_DEBUG") == "1"


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and ``python -m inroads``."""
    args = list(sys.argv[1:] if argv is None else argv)
    skip_igraph_plotting()  # no command plots with igraph: its import need not load matplotlib.pyplot (0.6 s)
    debug = _debug_requested(args)
    try:
        cli.main(args=args, prog_name="inroads", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "inroads"
        click.echo(f"error: {where}: {error.format_message()} (see --help)", err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(2)
    except InroadsError as error:
        if debug:
            raise
        click.echo(f"error: {error.line()}", err=True)
        sys.exit(error.exit_code)
    except (KeyboardInterrupt, click.Abort):
        if debug:
            raise
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(0)
