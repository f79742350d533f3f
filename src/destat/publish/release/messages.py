"""The interface texts of the release and the quality report in the six UN languages.

They live in ``data/messages.toml`` (the household release's in ``data/household.toml``, the
web step's in ``data/web.toml``);
English is the source and the other five are unofficial translations (see ``docs/release.md``).
A text missing in a language falls back to English.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from destat.indicators.i18n import LANGUAGES
from destat.publish.release.errors import ReleaseError

__all__ = ["MESSAGE_FILES", "Messages", "message_table"]

# The business release and quality report, the household release, the digital-economy release,
# the web step's part of the business release.
MESSAGE_FILES = ("messages.toml", "household.toml", "economy.toml", "web.toml")


@lru_cache(maxsize=1)
def message_table() -> dict[str, Any]:
    """The parsed message files: message id -> {language: text} (named codes nested)."""
    table: dict[str, Any] = {}
    for name in MESSAGE_FILES:
        resource = resources.files("destat.publish.release").joinpath("data", name)
        try:
            table |= tomllib.loads(resource.read_text(encoding="utf-8"))
        except (FileNotFoundError, tomllib.TOMLDecodeError) as exc:
            raise ReleaseError(
                f"The release's message file data/{name} cannot be read ({exc}); reinstall destat."
            ) from exc
    return table


class Messages:
    """The texts of one language: ``messages("cite_text", year=2026)``."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ReleaseError(f"No interface texts for language {lang!r}.")
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        """The text ``key`` in this language, with its ``{placeholders}`` filled in."""
        entry = message_table().get(key)
        if not isinstance(entry, dict) or "en" not in entry:
            raise ReleaseError(f"data/messages.toml has no text {key!r}; add it there.")
        text = str(entry.get(self.lang, entry["en"]))
        return text.format(**values) if values else text

    def size_short(self, code: str) -> str:
        """A short chart label for a size class (``250+``), or the code itself."""
        return self.named("size_short", code)

    def named(self, group: str, code: str) -> str:
        """The name of ``code`` in the nested message group ``group``, or the code itself."""
        entry = message_table().get(group, {}).get(code)
        return code if entry is None else str(entry.get(self.lang, entry["en"]))
