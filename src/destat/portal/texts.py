"""The portal's interface texts in the six UN languages: its own (``data/messages.toml``), then
the release's, so that a column is called the same in the release and on the portal."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from destat.publish.release.messages import Messages

__all__ = ["PortalTexts", "portal_table"]


@lru_cache(maxsize=1)
def portal_table() -> dict[str, Any]:
    """The parsed portal message file: message id -> {language: text}."""
    resource = resources.files("destat.portal").joinpath("data", "messages.toml")
    return tomllib.loads(resource.read_text(encoding="utf-8"))


class PortalTexts(Messages):
    """The texts of one language: ``texts("embargo_heading")``."""

    def __call__(self, key: str, **values: object) -> str:
        """The text ``key`` in this language (the portal's own, else the release's)."""
        entry = portal_table().get(key)
        if entry is None:
            return super().__call__(key, **values)
        text = str(entry.get(self.lang, entry["en"]))
        return text.format(**values) if values else text
