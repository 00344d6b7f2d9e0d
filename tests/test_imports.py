"""What a command imports: the pieces it never uses stay unimported (fresh processes, ``sys.modules``; never timed).

A small shortlist takes about a second as a whole process and most of it is importing; these tests keep the heavy
packages a command does not need (Dask, matplotlib, jinja2, the web app, the report, the records readers, and
matplotlib.pyplot through igraph) out of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: Never imported by ``import inroads.cli``, ``inroads --help`` or a shortlist/centrality run.
NEVER_ON_SMALL_COMMANDS = (
    "dask",
    "distributed",
    "matplotlib",
    "jinja2",
    "flask",
    "waitress",
    "inroads.report.html",
    "inroads.report.build",
    "inroads.report.plots",
    "inroads.serve",
    "inroads.plan",
    # The records readers and their libraries (content sniffing of any file is cheap and stays: ~10 ms).
    "inroads.io.records.calendar",
    "inroads.io.records.slack",
    "inroads.io.records.bibliography",
    "inroads.io.records.tables",
    "icalendar",
    "recurring_ical_events",
    "bibtexparser",
)


def imported_after(code: str) -> set[str]:
    """Modules loaded by a fresh interpreter after running ``code`` (which may call the CLI and exit)."""
    script = textwrap.dedent(
        """
        import atexit, json, sys

        def report():
            sys.__stdout__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")

        atexit.register(report)
        """
    ) + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    line = [row for row in done.stdout.splitlines() if row.startswith("MODULES ")]
    assert line, f"the child printed no module list (exit {done.returncode}): {done.stderr[-2000:]}"
    return set(json.loads(line[-1].removeprefix("MODULES ")))


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(module.startswith(name + ".") for module in modules)


def unwanted(modules: set[str]) -> list[str]:
    return [name for name in NEVER_ON_SMALL_COMMANDS if loaded(modules, name)]


def test_import_inroads_loads_no_science() -> None:
    modules = imported_after("import inroads")
    assert not [name for name in ("numpy", "pandas", "scipy", "numba", "networkx", "igraph") if loaded(modules, name)]


def test_import_cli_leaves_out_what_no_command_needs_to_start() -> None:
    modules = imported_after("import inroads.cli")
    assert unwanted(modules) == []
    assert not loaded(modules, "igraph")
    assert not loaded(modules, "numba")


def test_help_leaves_out_what_it_does_not_use() -> None:
    modules = imported_after("from inroads.cli import main\nmain(['--help'])")
    assert unwanted(modules) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["shortlist", "networkx:karate_club", "--size", "6"],
        ["centrality", "networkx:les_miserables", "--format", "csv"],
    ],
)
def test_small_commands_import_igraph_without_pyplot(argv: list[str]) -> None:
    modules = imported_after(f"from inroads.cli import main\nmain({argv!r})")
    assert unwanted(modules) == []
    if argv[0] == "shortlist":
        assert loaded(modules, "igraph")  # the communities ran, with igraph, but not its plotting stack


def test_a_file_shortlist_never_imports_networkx(tmp_path) -> None:
    """NetworkX is read only for ``networkx:`` names and GEXF export; a file's shortlist goes without it (0.2-0.3 s)."""
    network = tmp_path / "two_triangles.csv"
    network.write_text("a,b\nb,c\nc,a\nc,d\nd,e\ne,f\nf,d\n")
    modules = imported_after(f"from inroads.cli import main\nmain(['shortlist', {str(network)!r}, '--size', '2'])")
    assert loaded(modules, "inroads.influencers")  # it did run
    assert not loaded(modules, "networkx")
    assert unwanted(modules) == []


@pytest.mark.parametrize("network", ["networkx:karate_club", "file"])
def test_a_small_shortlist_never_imports_numba(tmp_path, network: str) -> None:
    """Its kernels run in the interpreter (kernels/interpreted.py), so numba is never imported (kernels/jit.py)."""
    if network == "file":
        network = str(tmp_path / "two_triangles.csv")
        Path(network).write_text("1,2\n2,3\n3,1\n3,4\n4,5\n5,6\n6,4\n")  # integer ids: the twin-run parser
    modules = imported_after(f"from inroads.cli import main\nmain(['shortlist', {network!r}, '--size', '4'])")
    assert loaded(modules, "inroads.influencers")  # it did run
    assert not loaded(modules, "numba")
    assert not loaded(modules, "llvmlite")


def test_library_import_of_igraph_is_untouched() -> None:
    """Outside the command line, igraph is imported as it is (it may plot with matplotlib afterwards)."""
    modules = imported_after("from inroads.igraph_loader import load_igraph\nload_igraph()")
    assert loaded(modules, "matplotlib.pyplot")


def test_public_names_resolve_and_shadowed_submodules_stay_functions() -> None:
    import inroads
    import inroads.communities  # binds nothing on the package: the function stays inroads.communities

    assert sorted(inroads.__all__) == sorted(inroads._HOMES)
    for name in inroads.__all__:
        assert getattr(inroads, name) is not None
    for name in ("communities", "illusion", "reach"):
        assert callable(getattr(inroads, name)), name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = inroads.nope  # type: ignore[attr-defined]
