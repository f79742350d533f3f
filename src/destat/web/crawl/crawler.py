"""The crawl: seeds in, WARC files and an index out, resumable at any moment.

Each site (a host, with or without ``www.``) gets its home page, then the same-site links most
likely to show online sales (see :mod:`destat.web.crawl.scoring`), best first, up to the page
budget. Links found on every fetched page join the site's frontier.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from destat.web.crawl.config import CrawlConfig
from destat.web.crawl.errors import CrawlError, RefusedAddressError
from destat.web.crawl.fetch import Fetcher, FetchResult, Outcome
from destat.web.crawl.pages import content_type, decode_html, decoded_body, extract_links, is_html
from destat.web.crawl.politeness import Politeness
from destat.web.crawl.robots import RobotsCache, RobotsRules
from destat.web.crawl.scoring import score_link
from destat.web.crawl.seeds import SeedProblem, parse_seeds, read_seeds
from destat.web.crawl.state import CrawlState, FrontierEntry, IndexRow
from destat.web.crawl.urls import origin, site_key
from destat.web.crawl.warc_store import WarcStore

__all__ = ["CrawlProgress", "CrawlSummary", "crawl"]

log = logging.getLogger(__name__)

STATE_FILE = "crawl.duckdb"


@dataclass(frozen=True)
class CrawlProgress:
    """Where a running crawl stands; passed to the ``progress`` callback after every URL."""

    sites_total: int
    sites_done: int
    urls_done: int


@dataclass(frozen=True)
class CrawlSummary:
    """What a crawl directory holds after a run (counts over all runs, unless said otherwise)."""

    out_dir: Path
    sites: int
    pages_fetched: int
    skipped_by_robots: int
    errors: int
    refused: int
    truncated: int
    urls_this_run: int
    invalid_seeds: tuple[SeedProblem, ...]


def crawl(
    seeds: Path | Iterable[str],
    out_dir: Path,
    config: CrawlConfig | None = None,
    progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlSummary:
    """Crawl the sites of ``seeds`` (a seeds file, or URL lines) into ``out_dir``.

    Running it again on the same ``out_dir`` resumes: URLs already indexed are not fetched
    again, and the records of a URL that was being written when the run stopped are discarded.
    """
    config = config or CrawlConfig()
    found, problems = read_seeds(seeds) if isinstance(seeds, Path) else parse_seeds(seeds)
    for problem in problems:
        log.warning("seeds line %d skipped (%s): %s", problem.line, problem.reason, problem.text)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CrawlError(
            f"Cannot create the crawl folder {out_dir}: {exc}. Choose a folder you can write to."
        ) from None
    state = CrawlState(out_dir / STATE_FILE)
    try:
        state.add_seeds([(site_key(seed.url), seed.url, seed.line) for seed in found])
        urls = asyncio.run(_Crawl(config, out_dir, state, progress).run())
        totals = state.totals()
    finally:
        state.close()
    return CrawlSummary(
        out_dir=out_dir,
        sites=totals.get("sites", 0),
        pages_fetched=totals.get(Outcome.FETCHED, 0),
        skipped_by_robots=totals.get(Outcome.ROBOTS, 0),
        errors=totals.get(Outcome.ERROR, 0),
        refused=totals.get(Outcome.REFUSED, 0),
        truncated=totals.get("truncated", 0),
        urls_this_run=urls,
        invalid_seeds=tuple(problems),
    )


class _Crawl:
    """One run of a crawl over a state database and a WARC store."""

    def __init__(
        self,
        config: CrawlConfig,
        out_dir: Path,
        state: CrawlState,
        progress: Callable[[CrawlProgress], None] | None,
    ) -> None:
        self._config = config
        self._state = state
        self._progress = progress
        self._warc = WarcStore(out_dir, config.warc_file_bytes, config.user_agent)
        self._politeness = Politeness(config.concurrency, config.per_host_concurrency, config.delay)
        self._robots = RobotsCache(self._fetch_robots, state.robots())
        self._claimed: set[str] = set()
        self._fetcher: Fetcher | None = None
        self._sites_total = 0
        self._sites_done = 0
        self._urls = 0

    async def run(self) -> int:
        """Crawl every site; return the number of URLs done in this run."""
        self._warc.recover(self._state.warc_files())
        self._state.commit_warc_file(self._warc.current_file, self._warc.start_file())
        sites = self._state.sites()
        self._sites_total = len(sites)
        # Enough sites at once to keep every global slot busy while each host waits its delay.
        active = asyncio.Semaphore(self._config.concurrency * 4)
        try:
            async with Fetcher(self._config, self._politeness) as fetcher:
                self._fetcher = fetcher
                async with asyncio.TaskGroup() as group:
                    for site, seed in sites:
                        await active.acquire()
                        group.create_task(self._site_task(site, seed, active))
        finally:
            self._warc.close()
        return self._urls

    async def _site_task(self, site: str, seed: str, active: asyncio.Semaphore) -> None:
        try:
            await _SiteCrawl(self, site, seed).run()
        finally:
            active.release()
            self._sites_done += 1
            self._report()

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(CrawlProgress(self._sites_total, self._sites_done, self._urls))

    async def permit(self, url: str) -> bool:
        """True if robots.txt lets us fetch ``url``; applies the host's Crawl-delay."""
        rules = await self._robots.rules(origin(url))
        agent = self._config.robots_agent
        self._politeness.set_crawl_delay(site_key(url), rules.crawl_delay(agent))
        return rules.allows(url, agent)

    async def fetch(self, url: str) -> FetchResult:
        """Fetch a page URL under robots.txt rules."""
        assert self._fetcher is not None
        return await self._fetcher.fetch(url, self.permit)

    async def _fetch_robots(self, robots_origin: str) -> RobotsRules:
        assert self._fetcher is not None
        url = f"{robots_origin}/robots.txt"
        result = await self._fetcher.fetch(url)
        if result.outcome is Outcome.REFUSED:
            raise RefusedAddressError(result.error or f"Refused {url}")
        final = result.final
        if final is None:
            rules = RobotsRules.from_response(None, b"")
        else:
            body = decoded_body(
                final.body, final.header("Content-Encoding"), self._config.max_bytes
            )
            rules = RobotsRules.from_response(final.status, body or b"")
        log.info(
            "robots.txt of %s: status %s", robots_origin, final.status if final else "unreachable"
        )
        self.store(result, "robots", site_key(url), robots=(robots_origin, rules))
        return rules

    def claim(self, url: str) -> bool:
        """Claim ``url`` for this run; False if another site task already has it."""
        if url in self._claimed:
            return False
        self._claimed.add(url)
        return True

    def store(
        self,
        result: FetchResult,
        kind: str,
        site: str,
        links: list[tuple[str, int, int, str]] | None = None,
        robots: tuple[str, RobotsRules] | None = None,
    ) -> list[FrontierEntry]:
        """Write a result to WARC, then commit its index row (and links); return new entries."""
        refs, committed = self._warc.write(result.exchanges) if result.exchanges else ([], None)
        final = result.final
        ref = refs[-1] if refs else None
        row = IndexRow(
            kind=kind,
            url=result.url,
            site=site,
            final_url=final.url if final else None,
            status=final.status if final else None,
            content_type=final.header("Content-Type") if final else None,
            warc_file=ref.file if ref else None,
            warc_offset=ref.offset if ref else None,
            warc_length=ref.length if ref else None,
            fetched_at=final.fetched_at if final else None,
            sha1=ref.digest if ref else None,
            truncated=bool(final and final.truncated),
            outcome=result.outcome.value,
            error=result.error,
            responses=len(result.exchanges),
        )
        warc = (self._warc.current_file, committed) if committed is not None else None
        entries = self._state.commit([row], warc=warc, links=links or (), site=site, robots=robots)
        if kind == "page":
            self._urls += 1
            self._report()
        return entries


class _SiteCrawl:
    """The pages of one site, best first, up to the budget, with per-host concurrency."""

    def __init__(self, crawl: _Crawl, site: str, seed: str) -> None:
        self._crawl = crawl
        self._config = crawl._config
        state = crawl._state
        self._site = site
        self._seed = seed
        self._scope = {site}
        home = state.home_final_url(site)
        if home is not None:
            self._scope.add(site_key(home))
        pending = state.pending(site)
        self._heap = [(-e.score, e.depth, e.seq, e) for e in pending]
        heapq.heapify(self._heap)
        self._seen = state.done_urls(site) | {e.url for e in pending}
        self._spent = state.pages_spent(site)
        self._in_flight = 0
        self._changed = asyncio.Condition()

    async def run(self) -> None:
        """Crawl the site until its budget is spent or its frontier is empty."""
        async with asyncio.TaskGroup() as group:
            for _ in range(self._config.per_host_concurrency):
                group.create_task(self._worker())

    async def _next(self) -> FrontierEntry | None:
        async with self._changed:
            while True:
                if self._spent + self._in_flight >= self._config.max_pages_per_site:
                    return None
                if self._heap:
                    entry = heapq.heappop(self._heap)[3]
                    if not self._crawl.claim(entry.url):
                        continue
                    self._in_flight += 1
                    return entry
                if self._in_flight == 0:
                    return None
                await self._changed.wait()

    async def _worker(self) -> None:
        while (entry := await self._next()) is not None:
            result = await self._crawl.fetch(entry.url)
            if entry.url == self._seed and result.final is not None:
                self._scope.add(site_key(result.final.url))
            new = self._crawl.store(result, "page", self._site, links=self._links(result, entry))
            async with self._changed:
                self._in_flight -= 1
                if result.outcome is not Outcome.ROBOTS:
                    self._spent += 1
                self._seen.update(exchange.url for exchange in result.exchanges)
                self._seen.update(item.url for item in new)
                for item in new:
                    heapq.heappush(self._heap, (-item.score, item.depth, item.seq, item))
                self._changed.notify_all()

    def _links(self, result: FetchResult, entry: FrontierEntry) -> list[tuple[str, int, int, str]]:
        """New same-site links of a fetched HTML page, with their scores."""
        final = result.final
        if result.outcome is not Outcome.FETCHED or final is None or not 200 <= final.status < 300:
            return []
        header = final.header("Content-Type")
        if not is_html(header):
            return []
        body = decoded_body(final.body, final.header("Content-Encoding"), self._config.max_bytes)
        if body is None:
            log.info(
                "%s: Content-Encoding %s not understood; links not read",
                final.url,
                final.header("Content-Encoding"),
            )
            return []
        text, _ = decode_html(body, header, self._config.fallback_encoding)
        links = []
        seen = self._seen | {exchange.url for exchange in result.exchanges}
        for link in extract_links(text, final.url):
            if link.url not in seen and site_key(link.url) in self._scope:
                seen.add(link.url)
                links.append((link.url, score_link(link), entry.depth + 1, entry.url))
        log.debug("%s: %d new links (%s)", final.url, len(links), content_type(header))
        return links
