"""robots.txt: fetched once per origin, kept for the whole crawl (and across resumes).

The conventions of RFC 9309 are followed: a robots.txt that is missing or forbidden (4xx)
allows everything; one that cannot be read because the server fails (5xx, 429), that cannot
be reached, or that redirects more than the redirect limit disallows everything on that origin.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from protego import Protego

__all__ = ["RobotsCache", "RobotsRules"]

# RFC 9309: crawlers must parse at least the first 500 KiB.
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin, and why they are what they are."""

    status: int | None
    body: bytes = b""
    parser: Protego | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_response(cls, status: int | None, body: bytes) -> RobotsRules:
        """Rules from the final status and body of a robots.txt fetch (None: unreachable)."""
        if status is not None and 200 <= status < 300:
            text = body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
            return cls(status, body, Protego.parse(text))
        return cls(status, body)

    @property
    def allows_all(self) -> bool:
        """True when no robots.txt applies (4xx)."""
        return (
            self.parser is None
            and self.status is not None
            and 400 <= self.status < 500
            and self.status != 429
        )

    def allows(self, url: str, agent: str) -> bool:
        """True if ``agent`` may fetch ``url``."""
        if self.parser is not None:
            return bool(self.parser.can_fetch(url, agent))
        return self.allows_all

    def crawl_delay(self, agent: str) -> float | None:
        """The Crawl-delay for ``agent``, in seconds, if one is set."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


class RobotsCache:
    """The rules of every origin met; each robots.txt is fetched once, even under concurrency."""

    def __init__(
        self,
        fetch_rules: Callable[[str], Awaitable[RobotsRules]],
        known: dict[str, RobotsRules] | None = None,
    ) -> None:
        self._fetch_rules = fetch_rules
        self._rules: dict[str, RobotsRules] = dict(known or {})
        self._pending: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules(self, origin: str) -> RobotsRules:
        """The rules of ``origin`` (``scheme://host[:port]``), fetching robots.txt if needed."""
        known = self._rules.get(origin)
        if known is not None:
            return known
        task = self._pending.get(origin)
        if task is None:
            task = self._pending[origin] = asyncio.ensure_future(self._fetch_rules(origin))
        try:
            rules = await asyncio.shield(task)
        finally:
            if task.done():
                self._pending.pop(origin, None)
        self._rules[origin] = rules
        return rules
