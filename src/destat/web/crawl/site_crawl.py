"""Crawling one site: the home page, then the best links first, up to the page budget.

Links found on every fetched HTML page join the site's frontier, ranked by
:func:`destat.web.crawl.scoring.score_link`, then by depth, then by discovery order.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
from typing import Protocol

from destat.web.crawl.config import CrawlConfig
from destat.web.crawl.fetch import FetchResult, Outcome
from destat.web.crawl.pages import decode_html, decoded_body, extract_links, is_html
from destat.web.crawl.recorder import Recorder
from destat.web.crawl.scoring import score_link
from destat.web.crawl.state import FrontierEntry, SiteStart
from destat.web.crawl.urls import site_key

__all__ = ["Crawler", "SiteCrawl"]

log = logging.getLogger(__name__)


class Crawler(Protocol):
    """What a site crawl needs from the crawl it belongs to."""

    config: CrawlConfig
    recorder: Recorder

    async def fetch(self, url: str) -> FetchResult:
        """Fetch a page under robots.txt rules."""
        ...

    def claim(self, url: str) -> bool:
        """Claim a URL for this run; False if it is already claimed."""
        ...

    def url_done(self) -> None:
        """Count a URL as done."""
        ...


class SiteCrawl:
    """The pages of one site, with at most ``per_host_concurrency`` fetches at once."""

    def __init__(self, crawler: Crawler, site: str, seed: str, start: SiteStart) -> None:
        self._crawler = crawler
        self._config = crawler.config
        self._site = site
        self._seed = seed
        self._scope = {site}
        if start.home is not None:
            self._scope.add(site_key(start.home))
        self._heap: list[tuple[int, int, int, FrontierEntry]] = []
        for entry in start.pending:
            self._push(entry)
        self._seen = start.done | {entry.url for entry in start.pending}
        self._spent = start.spent
        self._in_flight = 0
        self._changed = asyncio.Condition()

    async def run(self) -> None:
        """Crawl the site until its budget is spent or its frontier is empty."""
        async with asyncio.TaskGroup() as group:
            for _ in range(self._config.per_host_concurrency):
                group.create_task(self._worker())

    def _push(self, entry: FrontierEntry) -> None:
        heapq.heappush(self._heap, (-entry.score, entry.depth, entry.seq, entry))

    async def _next(self) -> FrontierEntry | None:
        """The best URL left within the budget; waits while others may still add links."""
        async with self._changed:
            while True:
                if self._spent + self._in_flight >= self._config.max_pages_per_site:
                    return None
                if self._heap:
                    entry = heapq.heappop(self._heap)[3]
                    if not self._crawler.claim(entry.url):
                        continue
                    self._in_flight += 1
                    return entry
                if self._in_flight == 0:
                    return None
                await self._changed.wait()

    async def _worker(self) -> None:
        while (entry := await self._next()) is not None:
            result = await self._crawler.fetch(entry.url)
            if entry.url == self._seed and result.final is not None:
                # A home page that redirects to another host brings that host into the site.
                self._scope.add(site_key(result.final.url))
            links = self._links(result, entry)
            new = await self._crawler.recorder.record(result, "page", self._site, links=links)
            self._crawler.url_done()
            async with self._changed:
                self._in_flight -= 1
                if result.outcome is not Outcome.ROBOTS:
                    self._spent += 1
                self._seen.update(exchange.url for exchange in result.exchanges)
                self._seen.update(item.url for item in new)
                for item in new:
                    self._push(item)
                self._changed.notify_all()

    def _links(
        self, result: FetchResult, entry: FrontierEntry
    ) -> list[tuple[str, int, int, str | None]]:
        """New same-site links of a fetched HTML page, with their scores."""
        final = result.final
        if result.outcome is not Outcome.FETCHED or final is None or not 200 <= final.status < 300:
            return []
        header = final.header("Content-Type")
        if not is_html(header):
            return []
        encoding = final.header("Content-Encoding")
        body = decoded_body(final.body, encoding, self._config.max_bytes)
        if body is None:
            log.info("%s: Content-Encoding %s not understood; links not read", final.url, encoding)
            return []
        text, _ = decode_html(body, header, self._config.fallback_encoding)
        hops = {exchange.url for exchange in result.exchanges}

        def wanted(url: str) -> bool:
            return url not in self._seen and url not in hops and site_key(url) in self._scope

        depth = entry.depth + 1
        return [
            (link.url, score_link(link), depth, entry.url)
            for link in extract_links(text, final.url, wanted)
        ]
