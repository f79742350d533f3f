"""The one writer of a crawl folder: WARC records first, then the index row, on one thread.

Writing a URL's records and committing its index row must not interleave with another URL's,
and must not stall the event loop while the disk syncs. Both hold when every write and every
read of the crawl state runs, in order, on a single worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import duckdb

from destat.web.crawl.errors import CrawlError
from destat.web.crawl.fetch import FetchResult
from destat.web.crawl.robots import RobotsRules
from destat.web.crawl.state import CrawlState, FrontierEntry, IndexRow
from destat.web.crawl.warc_store import WarcStore

__all__ = ["Recorder"]

T = TypeVar("T")


class Recorder:
    """Records fetch results into the WARC store and the crawl state."""

    def __init__(self, warc: WarcStore, state: CrawlState) -> None:
        self.state = state
        self._warc = warc
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="destat-crawl-writer")

    def open(self) -> None:
        """Recover the WARC files of an interrupted run; this run writes to a new file."""
        with _write_errors():
            self._warc.recover(self.state.warc_files())

    def close(self) -> None:
        """Wait for pending writes and close the current WARC file."""
        self._thread.shutdown(wait=True)
        self._warc.close()

    async def call(self, function: Callable[[], T]) -> T:
        """Run ``function`` (which may use the state) on the writer thread."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, function)

    async def record(
        self,
        result: FetchResult,
        kind: str,
        site: str,
        links: list[tuple[str, int, int, str | None]] | None = None,
        robots: tuple[str, RobotsRules] | None = None,
    ) -> list[FrontierEntry]:
        """Write a result to WARC, then commit its index row, links and robots rules.

        Returns the frontier entries that the links added.
        """
        with _write_errors():
            return await self.call(lambda: self._record(result, kind, site, links or [], robots))

    def _record(
        self,
        result: FetchResult,
        kind: str,
        site: str,
        links: list[tuple[str, int, int, str | None]],
        robots: tuple[str, RobotsRules] | None,
    ) -> list[FrontierEntry]:
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
        return self.state.commit([row], warc=warc, links=links, site=site, robots=robots)


@contextmanager
def _write_errors() -> Iterator[None]:
    """Turn a failing disk or database into an error that says how to go on."""
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        raise CrawlError(
            f"Cannot write to the crawl folder: {exc}. Make room on the disk or fix the "
            "folder's permissions, then run the same command again: the crawl resumes."
        ) from exc
