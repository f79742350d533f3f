"""Politeness: a global limit on requests in flight, and per host a limit and a least delay."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["HostGate", "Politeness"]


class HostGate:
    """Requests to one host: at most ``concurrency`` at once, ``delay`` seconds apart.

    The delay is kept both between the starts of two requests and between the end of one and
    the start of the next, so a slow server is never asked again the moment it answers.
    """

    def __init__(self, concurrency: int, delay: float) -> None:
        self.delay = delay
        self._slots = asyncio.Semaphore(concurrency)
        self._start_lock = asyncio.Lock()
        self._next_start = 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait for a free slot and for the delay to pass, then hold the slot."""
        loop = asyncio.get_running_loop()
        async with self._slots:
            async with self._start_lock:
                wait = self._next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = loop.time() + self.delay
            try:
                yield
            finally:
                self._next_start = max(self._next_start, loop.time() + self.delay)

    def raise_delay(self, delay: float) -> None:
        """Make the delay at least ``delay``, for the next request already."""
        if delay > self.delay:
            self._next_start += delay - self.delay
            self.delay = delay


class Politeness:
    """All the gates of a crawl, keyed by host (see :func:`destat.web.crawl.urls.site_key`).

    ``in_flight`` is the number of requests under way.
    """

    def __init__(self, concurrency: int, per_host_concurrency: int, delay: float) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host_concurrency
        self._delay = delay
        self._gates: dict[str, HostGate] = {}
        self.in_flight = 0

    def gate(self, host: str) -> HostGate:
        """The gate of ``host``, created on first use."""
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(self._per_host, self._delay)
        return gate

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Apply a robots.txt Crawl-delay: the host's delay becomes the larger of the two."""
        if seconds is not None:
            self.gate(host).raise_delay(float(seconds))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold a slot of ``host`` and one of the global limit for the time of one request."""
        async with self.gate(host).slot(), self._global:
            self.in_flight += 1
            try:
                yield
            finally:
                self.in_flight -= 1
