"""Access to the data files shipped in ``destat/indicators`` (works from a wheel or a checkout)."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from destat.indicators.errors import CatalogueError

__all__ = ["read_package_bytes", "read_package_text", "read_package_toml"]

_PACKAGE = "destat.indicators"


def read_package_bytes(*parts: str) -> bytes:
    """Return the bytes of a file under the package, e.g. ``("data", "isic_rev4.csv")``."""
    resource = resources.files(_PACKAGE).joinpath(*parts)
    try:
        return resource.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogueError(
            f"The data file {'/'.join(parts)} is missing from the destat installation; "
            "reinstall destat (pip install --force-reinstall destat)."
        ) from exc


def read_package_text(*parts: str) -> str:
    """Return a UTF-8 text file under the package."""
    return read_package_bytes(*parts).decode("utf-8")


def read_package_toml(*parts: str) -> dict[str, Any]:
    """Parse a TOML file under the package, naming the file and line if it is malformed."""
    try:
        return tomllib.loads(read_package_text(*parts))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{'/'.join(parts)} is not valid TOML: {exc}.") from exc
