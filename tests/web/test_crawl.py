"""The crawler against real local web servers: politeness, robots.txt, limits, WARC and index."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import itertools
from pathlib import Path
from typing import Any

import pytest
from sites import (
    NAVIGATION,
    Farm,
    Reply,
    generated_site,
    html,
    index_of,
    page,
    pages_of,
    redirect,
    robots,
)
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

from destat.web.crawl import CrawlConfig, crawl


def _shop(n_pages: int = 4, wait: float = 0.0, robots_txt: str = "") -> dict[str, object]:
    links = [(f"/p{i}", f"Page {i}") for i in range(n_pages)]
    routes: dict[str, object] = {"/": html(page("Home", links), wait=wait)}
    routes |= {href: html(page(text, []), wait=wait) for href, text in links}
    if robots_txt:
        routes["/robots.txt"] = robots(robots_txt)
    return routes


def test_robots_rules_are_honoured_for_our_agent(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    site = farm.add(
        {
            "/robots.txt": robots(
                "User-agent: *\nDisallow: /private\n\nUser-agent: destat\nDisallow: /secret\n"
                "Disallow: /private\n\nUser-agent: otherbot\nDisallow: /\n"
            ),
            "/": html(page("Home", [("/private/a", "a"), ("/secret", "s"), ("/shop", "Shop")])),
            "/shop": html(page("Shop", [])),
        }
    )
    summary = crawl([site.url], tmp_path, dataclasses.replace(config, per_host_concurrency=2))
    assert sorted(site.paths()) == ["/", "/robots.txt", "/shop"]
    pages = pages_of(tmp_path)
    assert pages[site.url + "private/a"]["outcome"] == "robots"
    assert pages[site.url + "secret"]["outcome"] == "robots"
    assert summary.skipped_by_robots == 2
    assert summary.pages_fetched == 2


@pytest.mark.parametrize(
    ("status", "fetched"), [(404, ["/", "/p0", "/p1"]), (403, ["/", "/p0", "/p1"]), (500, [])]
)
def test_robots_error_statuses(
    farm: Farm, config: CrawlConfig, tmp_path: Path, status: int, fetched: list[str]
) -> None:
    site = farm.add(_shop(2) | {"/robots.txt": robots("oops", status)})
    summary = crawl([site.url], tmp_path, config)
    assert sorted(p for p in site.paths() if p != "/robots.txt") == fetched
    assert summary.skipped_by_robots == (1 if status >= 500 else 0)


def test_unreachable_robots_disallows_and_connection_errors_are_retried(
    config: CrawlConfig, tmp_path: Path, unused_port: int
) -> None:
    origin = f"http://127.0.0.1:{unused_port}"
    summary = crawl([origin + "/"], tmp_path, config)
    robots_row = next(row for row in index_of(tmp_path) if row["kind"] == "robots")
    assert "after 3 attempts" in robots_row["error"]
    (home,) = pages_of(tmp_path).values()
    assert (home["outcome"], home["error"]) == (
        "error",
        f"no answer from {origin} for its robots.txt",
    )
    assert (summary.errors, summary.skipped_by_robots) == (1, 0)


def test_robots_fetched_once_per_host_and_not_again_on_resume(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    site = farm.add(_shop(6, robots_txt="User-agent: *\nDisallow:\n"))
    crawl(
        [site.url],
        tmp_path,
        dataclasses.replace(config, per_host_concurrency=3, max_pages_per_site=4),
    )
    crawl([site.url], tmp_path, dataclasses.replace(config, max_pages_per_site=7))
    assert site.paths().count("/robots.txt") == 1
    assert len(pages_of(tmp_path)) == 7


def test_crawl_delay_is_kept_between_requests(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    site = farm.add(_shop(3, robots_txt="User-agent: destat\nCrawl-delay: 0.2\n"))
    crawl([site.url], tmp_path, config)
    hits = sorted(site.hits, key=lambda hit: hit.start)
    assert len(hits) == 5
    gaps = [later.start - earlier.start for earlier, later in itertools.pairwise(hits)]
    assert min(gaps) >= 0.2
    assert all(hit.user_agent == config.user_agent for hit in hits)


def test_per_host_concurrency_is_never_exceeded(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    one = farm.add(_shop(8, wait=0.02))
    two = farm.add(_shop(8, wait=0.02))
    crawl([one.url], tmp_path / "one", config)
    crawl([two.url], tmp_path / "two", dataclasses.replace(config, per_host_concurrency=2))
    assert len(one.hits) == len(two.hits) == 10
    assert one.in_flight.most == 1
    assert two.in_flight.most <= 2


def test_global_concurrency_is_never_exceeded(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    sites = [farm.add(_shop(3, wait=0.02)) for _ in range(5)]
    crawl([site.url for site in sites], tmp_path, dataclasses.replace(config, concurrency=2))
    assert sum(len(site.hits) for site in sites) == 25
    assert farm.in_flight.most <= 2


def test_server_errors_and_429_are_retried(farm: Farm, config: CrawlConfig, tmp_path: Path) -> None:
    fail = Reply(b"busy", 500, (("Content-Type", "text/plain"),))
    slow_down = Reply(b"", 429, (("Retry-After", "3600"),))
    site = farm.add(
        {
            "/": html(page("Home", [("/flaky", "f"), ("/limited", "l"), ("/broken", "b")])),
            "/flaky": [fail, fail, html(page("Flaky", []))],
            "/limited": [slow_down, html(page("Limited", []))],
            "/broken": fail,
        }
    )
    summary = crawl([site.url], tmp_path, config)
    pages = pages_of(tmp_path)
    assert site.paths().count("/flaky") == 3
    assert (pages[site.url + "flaky"]["status"], pages[site.url + "flaky"]["responses"]) == (200, 3)
    # Retry-After: 3600 is capped at max_retry_after, so the crawl goes on.
    assert (pages[site.url + "limited"]["status"], pages[site.url + "limited"]["responses"]) == (
        200,
        2,
    )
    assert site.paths().count("/broken") == config.retries + 1
    assert pages[site.url + "broken"]["outcome"] == "error"
    assert "HTTP 500" in pages[site.url + "broken"]["error"]
    assert summary.errors == 1


def test_slow_page_times_out_and_is_recorded(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    site = farm.add({"/": html(page("Home", [("/slow", "s")])), "/slow": html(b"late", wait=0.5)})
    crawl([site.url], tmp_path, dataclasses.replace(config, read_timeout=0.1, retries=1))
    slow = pages_of(tmp_path)[site.url + "slow"]
    assert slow["outcome"] == "error"
    assert "after 2 attempts" in slow["error"]


def test_redirects_loops_and_limits(farm: Farm, config: CrawlConfig, tmp_path: Path) -> None:
    other = farm.add({"/landing": html(page("Elsewhere", []))})
    chain = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(9)}
    site = farm.add(
        {
            "/": html(page("Home", [("/loop-a", "a"), ("/r0", "r"), ("/away", "x"), ("/ok", "o")])),
            "/loop-a": redirect("/loop-b"),
            "/loop-b": redirect("/loop-a", 301),
            "/away": redirect(other.url + "landing"),
            "/ok": redirect("/target"),
            "/target": html(page("Target", [])),
            **chain,
        }
    )
    crawl([site.url], tmp_path, config)
    pages = pages_of(tmp_path)
    loop = pages[site.url + "loop-a"]
    assert loop["outcome"] == "error"
    assert "redirect loop" in loop["error"]
    assert site.paths().count("/loop-a") == 1
    assert site.paths().count("/loop-b") == 1
    assert "too many redirects" in pages[site.url + "r0"]["error"]
    assert sum(path[2:].isdigit() for path in site.paths()) == config.max_redirects + 1
    away = pages[site.url + "away"]
    assert (away["final_url"], away["status"], away["outcome"]) == (
        other.url + "landing",
        200,
        "fetched",
    )
    assert other.paths() == ["/robots.txt", "/landing"]
    assert pages[site.url + "ok"]["final_url"] == site.url + "target"
    # The redirect's target is not fetched a second time through the link.
    assert site.paths().count("/target") == 1


def test_pages_beyond_max_bytes_are_cut_and_marked(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    huge = b"<html><body>" + b"x" * 3_000_000 + b"</body></html>"
    site = farm.add({"/": html(page("Home", [("/huge", "h")])), "/huge": html(huge)})
    summary = crawl([site.url], tmp_path, dataclasses.replace(config, max_bytes=100_000))
    row = pages_of(tmp_path)[site.url + "huge"]
    assert row["truncated"] is True
    assert summary.truncated == 1
    headers, payload = _record_at(tmp_path, row)
    assert headers.get_header("WARC-Truncated") == "length"
    assert len(payload) == 100_000


def test_wrong_content_types_are_stored_but_only_html_is_parsed(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    binary = bytes(range(256)) * 40 + b'<a href="/from-binary">x</a>' + bytes(range(256))
    site = farm.add(
        {
            "/": html(page("Home", [("/binary", "b"), ("/plain", "p")])),
            "/binary": html(binary, charset=None),
            "/plain": Reply(
                page("Plain", [("/from-plain", "cart")]), 200, (("Content-Type", "text/plain"),)
            ),
            "/from-binary": html(page("Found", [])),
        }
    )
    crawl([site.url], tmp_path, config)
    pages = pages_of(tmp_path)
    assert pages[site.url + "binary"]["outcome"] == "fetched"
    assert pages[site.url + "plain"]["content_type"] == "text/plain"
    assert "/from-plain" not in site.paths()


SALES_LINKS = [
    ("en", "utf-8", "header", "Shopping cart"),
    ("fr", "iso-8859-1", "none", "Voir le panier et régler"),
    ("es", "utf-8", "meta", "Carrito de compra"),
    ("pt", "iso-8859-1", "header", "Carrinho de compras"),
    ("de", "iso-8859-1", "meta", "Warenkorb öffnen"),
    ("ru", "windows-1251", "header", "Корзина"),
    ("ru", "windows-1251", "meta", "Интернет-магазин"),
    ("ar", "utf-8", "none", "سلة التسوق"),
    ("zh", "gbk", "meta", "购物车"),
    ("zh", "gbk", "header", "网上商店"),
]


@pytest.mark.parametrize(("lang", "charset", "declared", "text"), SALES_LINKS)
def test_sales_links_are_followed_first(
    farm: Farm,
    config: CrawlConfig,
    tmp_path: Path,
    lang: str,
    charset: str,
    declared: str,
    text: str,
) -> None:
    fillers = [(f"/page-{i}", f"Page {i}") for i in range(8)]
    links = [*fillers[:4], ("/p-x", text), *fillers[4:]]
    home = page(f"Home {lang}", links, charset=charset, meta=declared == "meta")
    routes: dict[str, object] = {"/": html(home, charset if declared == "header" else None)}
    routes |= {href: html(page("Other", [])) for href, _ in links}
    site = farm.add(routes)
    crawl([site.url], tmp_path, dataclasses.replace(config, max_pages_per_site=2))
    assert site.paths() == ["/robots.txt", "/", "/p-x"]


def test_fallback_encoding_reads_undeclared_legacy_pages(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    links = [("/a", "О компании"), ("/b", "Новости"), ("/c", "Корзина")]
    site = farm.add({"/": html(page("Главная", links, charset="windows-1251"), None)})
    russian = dataclasses.replace(config, max_pages_per_site=2, fallback_encoding="windows-1251")
    crawl([site.url], tmp_path, russian)
    assert site.paths() == ["/robots.txt", "/", "/c"]


def test_max_pages_per_site_follows_the_best_links(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    links = [
        ("/about", "About us"),
        ("/news", "News"),
        ("/contact", "Contact"),
        ("/shop", "Shop"),
        ("/jobs", "Jobs"),
        ("/basket", "Basket"),
        ("/history", "History"),
    ]
    routes: dict[str, object] = {"/": html(page("Home", links))}
    routes |= {
        href: html(page(text, [("/checkout", "Checkout")] if href == "/basket" else []))
        for href, text in links
    }
    routes["/checkout"] = html(page("Checkout", []))
    site = farm.add(routes)
    crawl([site.url], tmp_path, dataclasses.replace(config, max_pages_per_site=5))
    assert site.paths()[1:] == ["/", "/shop", "/basket", "/checkout", "/contact"]


def test_only_same_site_links_are_followed(farm: Farm, config: CrawlConfig, tmp_path: Path) -> None:
    other = farm.add(_shop(1))
    site = farm.add(
        {
            "/": html(page("Home", [(other.url + "p0", "Shop elsewhere"), ("/p0", "p")])),
            "/p0": html(b""),
        }
    )
    crawl([site.url], tmp_path, config)
    assert other.hits == []
    assert site.paths() == ["/robots.txt", "/", "/p0"]


def _record_at(out_dir: Path, row: dict[str, Any]) -> tuple[StatusAndHeaders, bytes]:
    """The WARC headers and the payload of the response record an index row points to."""
    with (out_dir / row["warc_file"]).open("rb") as handle:
        handle.seek(row["warc_offset"])
        record = next(iter(ArchiveIterator(handle)))
        return record.rec_headers, record.raw_stream.read()


def test_every_index_row_points_to_its_record(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    fail = Reply(b"busy", 503, (("Content-Type", "text/plain"),))
    site = farm.add(_shop(3) | {"/robots.txt": robots("User-agent: *\nDisallow: /p2\n")})
    other = farm.add(
        {"/": [fail, html(page("Other", [("/x", "x")]))], "/x": redirect("/y"), "/y": html(b"y")}
    )
    crawl([site.url, other.url], tmp_path, config)
    rows = [row for row in index_of(tmp_path) if row["warc_file"] is not None]
    assert len(rows) == 7  # two robots.txt, four pages, /x via /y
    for row in rows:
        with (tmp_path / row["warc_file"]).open("rb") as handle:
            handle.seek(row["warc_offset"])
            iterator = ArchiveIterator(handle)
            record = next(iter(iterator))
            payload = record.raw_stream.read()
            iterator.read_to_end()
            assert iterator.get_record_length() == row["warc_length"]
        digest = "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == row["final_url"]
        assert record.rec_headers.get_header("WARC-Payload-Digest") == digest == row["sha1"]
        assert record.http_headers.get_statuscode() == str(row["status"])
    responses = requests = 0
    for warc in sorted(tmp_path.glob("*.warc.gz")):
        with warc.open("rb") as handle:
            for record in ArchiveIterator(handle):
                responses += record.rec_type == "response"
                requests += record.rec_type == "request"
    assert responses == requests == sum(row["responses"] for row in index_of(tmp_path))


def test_a_home_page_that_moved_brings_its_new_host_into_the_site(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    new_home = farm.add({"/": html(page("New home", [("/shop", "Shop")])), "/shop": html(b"")})
    old_home = farm.add({"/": redirect(new_home.url)})
    summary = crawl([old_home.url], tmp_path, config)
    assert new_home.paths() == ["/robots.txt", "/", "/shop"]
    assert set(pages_of(tmp_path)) == {old_home.url, new_home.url + "shop"}
    assert summary.sites == 1


def test_generated_shops_and_other_sites_in_eight_languages(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    shops = {lang: farm.add(generated_site(lang, shop=True)) for lang in NAVIGATION}
    others = {lang: farm.add(generated_site(lang, shop=False)) for lang in ("en", "ru", "zh")}
    seeds = [site.url for site in [*shops.values(), *others.values()]]
    summary = crawl(seeds, tmp_path, dataclasses.replace(config, max_pages_per_site=2))
    assert summary.sites == len(seeds)
    for lang, site in shops.items():
        assert site.paths() == ["/robots.txt", "/", "/n5"], lang
    for lang, site in others.items():
        assert len(site.paths()) == 3, lang
        assert "/n5" not in site.paths()
