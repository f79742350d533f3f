"""Resuming: a crawl killed with SIGKILL goes on without losing or repeating a page."""

from __future__ import annotations

import asyncio
import collections
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sites import Farm, html, page, pages_of
from warcio.archiveiterator import ArchiveIterator

from destat.web.crawl import CrawlConfig, CrawlError, crawl
from destat.web.crawl.fetch import Exchange, FetchResult, Outcome
from destat.web.crawl.recorder import Recorder
from destat.web.crawl.state import CrawlState, FrontierEntry, Write
from destat.web.crawl.warc_store import WarcStore

PAGES = 12


def _site(farm: Farm) -> str:
    links = [(f"/p{i}", f"Page {i}") for i in range(PAGES)]
    routes: dict[str, object] = {"/": html(page("Home", links), wait=0.02)}
    routes |= {href: html(page(text, [("/", "Home")]), wait=0.02) for href, text in links}
    return farm.add(routes).url


def _start(seeds: Path, out: Path) -> subprocess.Popen[bytes]:
    command = "from destat.cli import main; main()"
    args = ["web", "crawl", "--seeds", str(seeds), "--out", str(out), "--allow-private"]
    args += ["--delay", "0", "--max-pages-per-site", str(PAGES + 1)]
    return subprocess.Popen(
        [sys.executable, "-c", command, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _kill_after(process: subprocess.Popen[bytes], farm: Farm, hits: int) -> int:
    """SIGKILL the crawl once the sites have received ``hits`` requests in all."""
    while process.poll() is None and farm.hits() < hits:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    return process.wait()


@pytest.mark.parametrize(("sites", "kills"), [(3, (6, 24)), (10, (15, 60, 100))])
def test_killed_crawl_resumes_without_loss_or_duplicates(
    farm: Farm, tmp_path: Path, sites: int, kills: tuple[int, ...]
) -> None:
    urls = [_site(farm) for _ in range(sites)]
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(urls) + "\n")
    out = tmp_path / "crawl"
    # Killed at different points, the first time surely before the end; with more sites,
    # pages are written in larger groups.
    codes = [_kill_after(_start(seeds, out), farm, hits) for hits in kills]
    assert codes[0] == -signal.SIGKILL
    summary = crawl(
        seeds, out, CrawlConfig(delay=0.0, allow_private=True, max_pages_per_site=PAGES + 1)
    )

    expected = {url + path for url in urls for path in ["", *(f"p{i}" for i in range(PAGES))]}
    pages = pages_of(out)
    assert set(pages) == expected
    assert summary.pages_fetched == len(expected)
    responses: collections.Counter[str] = collections.Counter()
    for warc in out.glob("*.warc.gz"):
        with warc.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    responses[record.rec_headers.get_header("WARC-Target-URI")] += 1
    assert responses == collections.Counter(expected | {url + "robots.txt" for url in urls})


def _exchange(url: str) -> Exchange:
    return Exchange(
        url=url,
        request_headers=(("User-Agent", "destat"),),
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        headers=(("Content-Type", "text/html"),),
        body=b"<html>" + url.encode() + b"</html>",
        truncated=False,
        fetched_at=datetime.now(UTC),
    )


def _responses(path: Path) -> list[str]:
    with path.open("rb") as handle:
        return [
            record.rec_headers.get_header("WARC-Target-URI")
            for record in ArchiveIterator(handle)
            if record.rec_type == "response"
        ]


def test_recovery_cuts_uncommitted_records_and_removes_empty_files(tmp_path: Path) -> None:
    store = WarcStore(tmp_path, 10_000_000, "destat-test")
    store.start_file()
    name = store.current_file
    _, committed = store.write((_exchange("http://a.example/1"),))
    store.write((_exchange("http://a.example/2"),))  # written, its index row never committed
    store.close()
    with (tmp_path / name).open("ab") as handle:
        handle.write(b"\x1f\x8b\x08half a record")
    (tmp_path / "crawl-00002.warc.gz").write_bytes(b"\x1f\x8b started, never committed")

    again = WarcStore(tmp_path, 10_000_000, "destat-test")
    again.recover({name: committed})
    assert (tmp_path / name).stat().st_size == committed
    assert not (tmp_path / "crawl-00002.warc.gz").exists()
    assert _responses(tmp_path / name) == ["http://a.example/1"]
    again.start_file()
    assert again.current_file == "crawl-00003.warc.gz"
    again.close()


def test_recovery_refuses_a_warc_file_shorter_than_committed(tmp_path: Path) -> None:
    store = WarcStore(tmp_path, 10_000_000, "destat-test")
    committed = store.start_file()
    store.close()
    with pytest.raises(CrawlError, match="changed or cut outside destat"):
        WarcStore(tmp_path, 10_000_000, "destat-test").recover({store.current_file: committed + 10})
    with pytest.raises(CrawlError, match="is missing"):
        WarcStore(tmp_path, 10_000_000, "destat-test").recover({"crawl-00009.warc.gz": 10})


def test_warc_files_rotate_at_their_size_limit(tmp_path: Path) -> None:
    store = WarcStore(tmp_path, 1, "destat-test")
    store.start_file()
    refs = [store.write((_exchange(f"http://a.example/{i}"),))[0][0] for i in range(3)]
    store.close()
    assert [ref.file for ref in refs] == [f"crawl-0000{i}.warc.gz" for i in (2, 3, 4)]


def test_an_unwritable_crawl_folder_is_explained(tmp_path: Path) -> None:
    (tmp_path / "crawl-00001.warc.gz").mkdir()  # in the way of the recovery
    with pytest.raises(CrawlError, match="Cannot write to the crawl folder"):
        crawl(["http://127.0.0.1:9/"], tmp_path, CrawlConfig(allow_private=True))


class _CountingState(CrawlState):
    """The crawl state, counting the writes of each transaction."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.groups: list[int] = []

    def commit(
        self, writes: list[Write], warc_lengths: dict[str, int]
    ) -> list[list[FrontierEntry]]:
        self.groups.append(len(writes))
        return super().commit(writes, warc_lengths)


def _fetched(url: str) -> FetchResult:
    return FetchResult(url, Outcome.FETCHED, (_exchange(url),))


async def _record(recorder: Recorder, urls: list[str]) -> list[list[FrontierEntry]]:
    return await asyncio.gather(
        *(
            recorder.record(_fetched(url), "page", "a.example", links=[(url + "/next", 1, 1, url)])
            for url in urls
        )
    )


def test_pages_recorded_together_share_one_commit(tmp_path: Path) -> None:
    state = _CountingState(tmp_path / "crawl.duckdb")
    recorder = Recorder(WarcStore(tmp_path, 10_000_000, "destat-test"), state)
    recorder.open()
    urls = [f"http://a.example/{i}" for i in range(40)]
    added = asyncio.run(_record(recorder, urls))
    recorder.close()
    assert [[entry.url for entry in entries] for entries in added] == [[u + "/next"] for u in urls]
    assert sum(state.groups) == len(urls)
    assert len(state.groups) < len(urls)
    ((name, committed),) = state.warc_files().items()
    assert (tmp_path / name).stat().st_size == committed
    assert _responses(tmp_path / name) == urls
    state.close()


def test_a_failed_group_stops_the_writer_and_its_records_are_cut_on_resume(
    tmp_path: Path,
) -> None:
    state = CrawlState(tmp_path / "crawl.duckdb")
    recorder = Recorder(WarcStore(tmp_path, 10_000_000, "destat-test"), state)
    recorder.open()
    asyncio.run(_record(recorder, ["http://a.example/1"]))
    with pytest.raises(CrawlError, match="Cannot write to the crawl folder"):
        asyncio.run(_record(recorder, ["http://a.example/1"]))  # a second index row: refused
    with pytest.raises(CrawlError, match="Cannot write to the crawl folder"):
        asyncio.run(_record(recorder, ["http://a.example/2"]))
    recorder.close()
    ((name, committed),) = state.warc_files().items()
    assert (tmp_path / name).stat().st_size > committed

    again = Recorder(WarcStore(tmp_path, 10_000_000, "destat-test"), state)
    again.open()
    again.close()
    assert _responses(tmp_path / name) == ["http://a.example/1"]
    state.close()
