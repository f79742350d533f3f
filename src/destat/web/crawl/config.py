"""Settings of a crawl: one frozen object with defaults an office can use as they are."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, fields

from destat.errors import ConfigError

__all__ = ["DEFAULT_USER_AGENT", "CrawlConfig"]

DEFAULT_USER_AGENT = "destat/0.1 (+https://github.com/destat/destat; statistics office crawler)"


@dataclass(frozen=True)
class CrawlConfig:
    """How politely, how deep and how far a crawl goes.

    Times are in seconds, sizes in bytes. ``delay`` is the least time between two requests to one
    host; a robots.txt ``Crawl-delay`` larger than it wins. ``allow_private`` lets the crawler
    reach private and loopback addresses: only tests need it. ``connect_to`` sends the requests
    for a host name to a fixed address and port, as curl's ``--connect-to`` does (the address must
    still pass the address guard): tests and the demo use it to serve named sites locally.
    """

    user_agent: str = DEFAULT_USER_AGENT
    robots_agent: str = "destat"
    max_pages_per_site: int = 20
    concurrency: int = 16
    per_host_concurrency: int = 1
    delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    request_timeout: float = 120.0
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 60.0
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    warc_file_bytes: int = 1_000_000_000
    fallback_encoding: str = "windows-1252"
    allow_private: bool = False
    connect_to: tuple[tuple[str, str, int], ...] = ()  # (host name, address, port)

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise ConfigError(
                    f"Crawl setting {field.name} must be zero or more, found {value}; "
                    "give a non-negative number."
                )
        for name in ("max_pages_per_site", "concurrency", "per_host_concurrency", "max_bytes"):
            if getattr(self, name) < 1:
                raise ConfigError(
                    f"Crawl setting {name} must be at least 1, found {getattr(self, name)}."
                )
        if not self.robots_agent.strip() or not self.user_agent.strip():
            raise ConfigError("Crawl settings user_agent and robots_agent must not be empty.")
        try:
            codecs.lookup(self.fallback_encoding)
        except LookupError:
            raise ConfigError(
                f"Crawl setting fallback_encoding={self.fallback_encoding!r} is not an encoding "
                "Python knows; use a name such as 'windows-1252' or 'windows-1251'."
            ) from None
