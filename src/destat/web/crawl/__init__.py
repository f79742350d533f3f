"""Polite, resumable crawling of enterprise websites into WARC files with a DuckDB index.

``crawl(seeds, out_dir, config)`` is the library entry point; ``destat web crawl`` the command.
See ``docs/crawling.md`` for the politeness rules, how resuming works and the address policy.
The HTTP client and the database are imported on first use, so that the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from destat.web.crawl.config import DEFAULT_USER_AGENT, CrawlConfig
from destat.web.crawl.errors import CrawlError, RefusedAddressError

if TYPE_CHECKING:
    from destat.web.crawl.crawler import CrawlProgress, CrawlSummary, crawl
    from destat.web.crawl.seeds import SeedProblem

__all__ = [
    "DEFAULT_USER_AGENT",
    "CrawlConfig",
    "CrawlError",
    "CrawlProgress",
    "CrawlSummary",
    "RefusedAddressError",
    "SeedProblem",
    "crawl",
]

_LAZY = {
    "CrawlProgress": "destat.web.crawl.crawler",
    "CrawlSummary": "destat.web.crawl.crawler",
    "crawl": "destat.web.crawl.crawler",
    "SeedProblem": "destat.web.crawl.seeds",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
