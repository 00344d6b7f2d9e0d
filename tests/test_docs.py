"""Every command is documented: it has help text and the README shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from inroads.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_a_readme_entry(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20
    assert f"inroads {name}" in README


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_has_help(name: str) -> None:
    for parameter in cli.commands[name].params:
        if parameter.param_type_name == "option":
            assert getattr(parameter, "help", None), f"{name} {parameter.opts} has no help"
