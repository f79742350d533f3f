"""``[web]`` in destat.toml: the web step inside ``destat run`` (see docs/web-statistics.md).

``best`` is discovery's best candidate per enterprise (``best.csv`` of ``destat web discover``),
``crawl`` the folder ``destat web crawl`` wrote, ``classifier`` what decides whether a site sells
online: the shipped model or the rule baseline. Paths are relative to the project folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["WebSettings"]


class WebSettings(BaseModel):
    """Discovery's best candidates, the crawl folder and the classifier of the web step."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    best: Path
    crawl: Path
    classifier: Literal["model", "rules"] = "model"
