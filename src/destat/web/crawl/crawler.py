"""The crawl: seeds in, WARC files and an index out, resumable at any moment.

Each site (a host, with or without ``www.``) gets its home page, then the same-site links most
likely to show online sales (see :mod:`destat.web.crawl.scoring`), best first, up to the page
budget. Links found on every fetched page join the site's frontier.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from destat.web.crawl.config import CrawlConfig
from destat.web.crawl.errors import CrawlError, RefusedAddressError
from destat.web.crawl.fetch import Fetcher, FetchResult, Outcome
from destat.web.crawl.pages import decoded_body
from destat.web.crawl.politeness import Politeness
from destat.web.crawl.recorder import Recorder
from destat.web.crawl.robots import RobotsCache, RobotsRules
from destat.web.crawl.seeds import SeedProblem, parse_seeds, read_seeds
from destat.web.crawl.site_crawl import SiteCrawl
from destat.web.crawl.state import CrawlState, SiteStart
from destat.web.crawl.urls import origin, site_key
from destat.web.crawl.warc_store import WarcStore

__all__ = ["CrawlProgress", "CrawlSummary", "crawl"]

log = logging.getLogger(__name__)

STATE_FILE = "crawl.duckdb"
# Sites whose state is read in one go when they are about to start.
_STARTS_AT_ONCE = 500


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
    seeds: str | os.PathLike[str] | Iterable[str],
    out_dir: str | os.PathLike[str],
    config: CrawlConfig | None = None,
    progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlSummary:
    """Crawl the sites of ``seeds`` into the folder ``out_dir``.

    ``seeds`` is the path of a seeds file, or a list (any iterable) of URL lines. Running it
    again on the same ``out_dir`` resumes: URLs already indexed are not fetched again, and the
    records of a URL that was being written when the run stopped are discarded.
    """
    config = config or CrawlConfig()
    out_dir = Path(out_dir)
    if isinstance(seeds, str | os.PathLike):
        found, problems = read_seeds(Path(seeds))
    else:
        found, problems = parse_seeds(seeds)
    for problem in problems:
        log.info("seeds line %d skipped (%s): %s", problem.line, problem.reason, problem.text)
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
    """One run of a crawl: the sites of the state, fetched politely and recorded."""

    def __init__(
        self,
        config: CrawlConfig,
        out_dir: Path,
        state: CrawlState,
        progress: Callable[[CrawlProgress], None] | None,
    ) -> None:
        self.config = config
        warc = WarcStore(out_dir, config.warc_file_bytes, config.user_agent)
        self._politeness = Politeness(config.concurrency, config.per_host_concurrency, config.delay)
        # While requests are under way, their pages are worth waiting for to share a commit.
        self.recorder = Recorder(warc, state, lambda: self._politeness.in_flight > 0)
        self._progress = progress
        self._robots = RobotsCache(self._fetch_robots, state.robots())
        self._claimed: set[str] = set()
        self._fetcher: Fetcher | None = None
        self._sites_total = 0
        self._sites_done = 0
        self._urls = 0

    async def run(self) -> int:
        """Crawl every site; return the number of URLs done in this run."""
        sites = self.recorder.state.sites()
        self.recorder.open()
        self._sites_total = len(sites)
        # Enough sites at once to keep every global slot busy while each host waits its delay.
        active = asyncio.Semaphore(self.config.concurrency * 4)
        try:
            async with Fetcher(self.config, self._politeness) as fetcher:
                self._fetcher = fetcher
                async with asyncio.TaskGroup() as group:
                    for first in range(0, len(sites), _STARTS_AT_ONCE):
                        chunk = sites[first : first + _STARTS_AT_ONCE]
                        names = [site for site, _ in chunk]
                        starts = await self.recorder.call(
                            partial(self.recorder.state.starts, names)
                        )
                        for site, seed in chunk:
                            await active.acquire()
                            start = starts[site]
                            group.create_task(self._site_task(site, seed, start, active))
        except* CrawlError as errors:
            raise _first(errors) from None
        finally:
            self.recorder.close()
        return self._urls

    async def _site_task(
        self, site: str, seed: str, start: SiteStart, active: asyncio.Semaphore
    ) -> None:
        try:
            await SiteCrawl(self, site, seed, start).run()
        finally:
            active.release()
            self._sites_done += 1
            self._report()

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(CrawlProgress(self._sites_total, self._sites_done, self._urls))

    def url_done(self) -> None:
        """Count a URL as done and report progress."""
        self._urls += 1
        self._report()

    def claim(self, url: str) -> bool:
        """Claim ``url`` for this run; False if another site task already has it."""
        if url in self._claimed:
            return False
        self._claimed.add(url)
        return True

    async def permit(self, url: str) -> tuple[Outcome, str] | None:
        """None if robots.txt lets us fetch ``url``, else why not; applies the Crawl-delay.

        A host whose robots.txt could not be fetched at all (no answer) is reported as an
        error rather than a robots.txt refusal: the host is down or does not exist.
        """
        robots_origin = origin(url)
        rules = await self._robots.rules(robots_origin)
        agent = self.config.robots_agent
        self._politeness.set_crawl_delay(site_key(url), rules.crawl_delay(agent))
        if rules.status is None:
            return Outcome.ERROR, f"no answer from {robots_origin} for its robots.txt"
        if not rules.allows(url, agent):
            return Outcome.ROBOTS, f"disallowed by robots.txt of {robots_origin}"
        return None

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
            encoding = final.header("Content-Encoding")
            body = decoded_body(final.body, encoding, self.config.max_bytes)
            rules = RobotsRules.from_response(final.status, body or b"")
        log.info("robots.txt of %s: %s", robots_origin, final.status if final else result.error)
        await self.recorder.record(result, "robots", site_key(url), robots=(robots_origin, rules))
        return rules


def _first(group: BaseExceptionGroup[CrawlError]) -> BaseException:
    """The first error of a (nested) exception group, to show it as it was raised."""
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error
