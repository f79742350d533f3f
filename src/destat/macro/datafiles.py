"""The code lists shipped in ``destat/macro/data`` (CSV and TOML, each with its source)."""

from __future__ import annotations

import csv
import io
import tomllib
from importlib import resources
from typing import Any

from destat.indicators.errors import CatalogueError

__all__ = ["read_csv_rows", "read_toml"]


def _text(name: str) -> str:
    try:
        return resources.files("destat.macro").joinpath("data", name).read_text("utf-8")
    except FileNotFoundError as exc:
        raise CatalogueError(
            f"The data file macro/data/{name} is missing from the destat installation; "
            "reinstall destat."
        ) from exc


def read_toml(name: str) -> dict[str, Any]:
    """Parse a TOML file of ``macro/data``."""
    try:
        return tomllib.loads(_text(name))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"macro/data/{name} is not valid TOML: {exc}.") from exc


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file of ``macro/data``, skipping ``#`` comment lines before the header."""
    lines = [line for line in _text(name).splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))
