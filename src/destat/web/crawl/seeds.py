"""The seeds file: one URL per line; blank lines and ``#`` comments are ignored."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from destat.errors import InputFileError
from destat.web.crawl.urls import normalize_url

__all__ = ["Seed", "SeedProblem", "parse_seeds", "read_seeds"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Seed:
    """A valid seed URL and its line in the seeds file (1-based)."""

    line: int
    url: str


@dataclass(frozen=True)
class SeedProblem:
    """A line of the seeds file that is not a URL the crawler can use, and why."""

    line: int
    text: str
    reason: str


def _check(text: str) -> str:
    """The normalised URL of a seed line, or raise ValueError saying what is wrong."""
    # Business registers often list bare domain names: read "example.com" as http://example.com/.
    candidate = text if _SCHEME.match(text) else f"http://{text}"
    scheme = urlsplit(candidate).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"the scheme {scheme!r} is not crawled; use http:// or https://")
    url = normalize_url(candidate)
    if url is None or " " in url:
        raise ValueError("not a valid web address")
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise ValueError("URLs with a user name or password are not crawled")
    if (
        "." not in (parts.hostname or "")
        and ":" not in (parts.hostname or "")
        and parts.hostname != "localhost"
    ):
        raise ValueError(f"the host {parts.hostname!r} is not a domain name or an address")
    return url


def parse_seeds(lines: Iterable[str]) -> tuple[list[Seed], list[SeedProblem]]:
    """Valid seeds and the problems of the other lines, both with 1-based line numbers."""
    seeds: list[Seed] = []
    problems: list[SeedProblem] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        try:
            seeds.append(Seed(number, _check(text)))
        except ValueError as exc:
            problems.append(SeedProblem(number, text, str(exc)))
    return seeds, problems


def read_seeds(path: Path) -> tuple[list[Seed], list[SeedProblem]]:
    """Read a seeds file (UTF-8); see :func:`parse_seeds`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(
            f"The seeds file {path} does not exist; give a file with one URL per line."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(
            f"The seeds file {path} cannot be read as UTF-8 text ({exc}); "
            "save it as UTF-8 with one URL per line."
        ) from None
    return parse_seeds(text.splitlines())
