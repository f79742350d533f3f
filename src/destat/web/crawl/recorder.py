"""The one writer of a crawl folder: WARC records first, then the index rows, in batches.

Every write and every read of the crawl state runs, in order, on a single writer thread, so the
event loop never stalls while the disk syncs. Writes are committed in groups: the writer takes
every result that arrived while it was busy with the previous group and, while requests are
still in flight, those that arrive within ``linger`` seconds (up to ``batch_pages`` in all);
it appends all their records to the WARC file, flushes and fsyncs it once, then commits all their
index rows, links and the file's new committed length in one database transaction. A result is
reported recorded only once its group has committed, and an index row never commits before its
WARC bytes are on disk, so a crawl killed at any moment resumes exactly (see
:mod:`destat.web.crawl.warc_store`).
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb

from destat.web.crawl.errors import CrawlError
from destat.web.crawl.fetch import FetchResult
from destat.web.crawl.robots import RobotsRules
from destat.web.crawl.state import CrawlState, FrontierEntry, IndexRow, Links, Write
from destat.web.crawl.warc_store import RecordRef, WarcStore

__all__ = ["Recorder"]

T = TypeVar("T")


@dataclass(frozen=True)
class _Record:
    """A fetch result waiting to be written."""

    result: FetchResult
    kind: str
    site: str
    links: Links
    robots: tuple[str, RobotsRules] | None
    done: Future[list[FrontierEntry]] = field(default_factory=Future)


@dataclass(frozen=True)
class _Call:
    """A function to run on the writer thread, after the writes queued before it."""

    function: Callable[[], Any]
    done: Future[Any] = field(default_factory=Future)


class Recorder:
    """Records fetch results into the WARC store and the crawl state, in committed groups."""

    def __init__(
        self,
        warc: WarcStore,
        state: CrawlState,
        more_coming: Callable[[], bool] = lambda: False,
        batch_pages: int = 512,
        linger: float = 0.1,
    ) -> None:
        self.state = state
        self._warc = warc
        self._more_coming = more_coming
        self._batch_pages = batch_pages
        self._linger = linger
        self._jobs: queue.SimpleQueue[_Record | _Call | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="destat-crawl-writer", daemon=True)
        self._failure: BaseException | None = None

    def open(self) -> None:
        """Recover the WARC files of an interrupted run and start the writer; this run writes
        to a new file."""
        with _write_errors():
            self._warc.recover(self.state.warc_files())
        self._thread.start()

    def close(self) -> None:
        """Write what is queued, stop the writer and close the current WARC file."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        self._warc.close()

    async def call(self, function: Callable[[], T]) -> T:
        """Run ``function`` (which may use the state) on the writer thread."""
        job = _Call(function)
        self._jobs.put(job)
        result: T = await asyncio.wrap_future(job.done)
        return result

    async def record(
        self,
        result: FetchResult,
        kind: str,
        site: str,
        links: Links | None = None,
        robots: tuple[str, RobotsRules] | None = None,
    ) -> list[FrontierEntry]:
        """Write a result to WARC, then commit its index row, links and robots rules.

        Returns, once committed, the frontier entries that the links added.
        """
        job = _Record(result, kind, site, links or [], robots)
        self._jobs.put(job)
        with _write_errors():
            return await asyncio.wrap_future(job.done)

    def _run(self) -> None:
        """The writer thread: take what is queued, write it in groups, until told to stop."""
        while True:
            jobs = self._take()
            group: list[_Record] = []
            for job in jobs:
                if isinstance(job, _Record):
                    group.append(job)
                    continue
                self._write(group)
                group = []
                if job is None:
                    return
                self._call(job)
            self._write(group)

    def _take(self) -> list[_Record | _Call | None]:
        """The next jobs: what is queued, and while requests are in flight, what arrives
        within ``linger`` seconds, up to ``batch_pages`` (fewer, larger transactions)."""
        jobs = [self._jobs.get()]
        deadline = time.monotonic() + self._linger
        while len(jobs) < self._batch_pages and isinstance(jobs[-1], _Record):
            wait = deadline - time.monotonic() if self._more_coming() else 0.0
            try:
                jobs.append(self._jobs.get(timeout=wait) if wait > 0 else self._jobs.get_nowait())
            except queue.Empty:
                break
        return jobs

    def _call(self, job: _Call) -> None:
        try:
            job.done.set_result(job.function())
        except BaseException as exc:  # handed to the waiting task
            job.done.set_exception(exc)

    def _write(self, group: list[_Record]) -> None:
        """Write a group: all WARC records, one fsync, one transaction; then tell the waiters."""
        if not group:
            return
        if self._failure is None:
            try:
                refs = [self._warc.append(job.result.exchanges) for job in group]
                lengths = self._warc.sync()
                writes = [_write_of(job, found) for job, found in zip(group, refs, strict=True)]
                added = self.state.commit(writes, lengths)
            except BaseException as exc:  # handed to the waiting task
                # Records may be on disk without index rows: later groups must not commit a
                # length past them, so the crawl stops here and the next run cuts them off.
                self._failure = exc
            else:
                for job, entries in zip(group, added, strict=True):
                    job.done.set_result(entries)
                return
        for job in group:
            job.done.set_exception(self._failure)


def _write_of(job: _Record, refs: list[RecordRef]) -> Write:
    """The index row (and the rest) of one recorded result."""
    result = job.result
    final = result.final
    ref = refs[-1] if refs else None
    row = IndexRow(
        kind=job.kind,
        url=result.url,
        site=job.site,
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
    return Write(row, job.site, job.links, job.robots)


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
