"""The command line starts light: its help loads none of the heavy libraries, and the one-line
help that ``destat --help`` shows without importing a command is that command's own."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from destat.cli import COMMANDS, app, load_command

HEAVY = ("pandas", "duckdb", "scipy", "sklearn", "pyspark", "fastapi", "cryptography")


@pytest.mark.parametrize("arguments", [["--help"], ["run", "--help"], ["init", "--help"]])
def test_help_loads_no_heavy_library(arguments: list[str]) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from destat.cli import app\n"
        f"result = CliRunner().invoke(app, {arguments!r})\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "print(result.output)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, _, shown = out.stdout.partition("\n")
    assert loaded == "[]"
    assert "Usage: destat" in shown
    if arguments == ["--help"]:
        assert all(name in shown for name in COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    own = inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert COMMANDS[name][2] == own
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: destat {name}" in " ".join(result.output.split())


def test_unknown_command_is_refused_with_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["rnu"])
    assert result.exit_code == 2
    assert "No such command 'rnu'. Did you mean 'run'?" in result.output
