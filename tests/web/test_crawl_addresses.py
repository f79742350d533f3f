"""The address guard: private addresses are refused before any connection, redirects included."""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass
from pathlib import Path

import pytest
from sites import Farm, html, page, pages_of, redirect

from destat.web.crawl import CrawlConfig, RefusedAddressError, crawl
from destat.web.crawl.addresses import (
    GuardedResolver,
    IPAddress,
    PublicAddressPolicy,
    check_url,
    is_public_address,
)
from destat.web.crawl.fetch import Fetcher, Outcome
from destat.web.crawl.politeness import Politeness

PUBLIC = PublicAddressPolicy()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://100.64.0.1/",
        "http://2130706433/",
        "http://127.1/",
        "http://0x7f000001/",
        "http://127.0.0.1./",
        "http://[::]/",
        "http://[fe80::1%25eth0]/",
        "ftp://example.org/",
        "file:///etc/passwd",
        "http://user:secret@example.org/",
        "http:///nohost",
    ],
)
def test_check_url_refuses(url: str) -> None:
    with pytest.raises(RefusedAddressError):
        check_url(url, PUBLIC)


@pytest.mark.parametrize(
    "url", ["http://93.184.215.14/", "https://example.org/a?b=c", "http://[2606:4700::1]/"]
)
def test_check_url_lets_public_urls_through(url: str) -> None:
    check_url(url, PUBLIC)


def test_public_addresses() -> None:
    assert is_public_address(ipaddress.ip_address("8.8.8.8"))
    assert not is_public_address(ipaddress.ip_address("2002:7f00:1::1"))  # 6to4 of 127.0.0.1
    assert PublicAddressPolicy(allow_private=True).permits(ipaddress.ip_address("127.0.0.1"), 80)


def test_resolver_refuses_a_name_that_resolves_to_loopback() -> None:
    async def resolve() -> None:
        resolver = GuardedResolver(PUBLIC)
        try:
            await resolver.resolve("localhost", 80)
        finally:
            await resolver.close()

    with pytest.raises(RefusedAddressError, match=r"resolves to 127\.0\.0\.1"):
        asyncio.run(resolve())


def test_crawl_refuses_private_seeds_without_connecting(farm: Farm, tmp_path: Path) -> None:
    site = farm.add({"/": html(page("Home", []))})
    seeds = [
        site.url,
        f"http://localhost:{site.port}/",
        f"http://[::1]:{site.port}/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
    ]
    summary = crawl(seeds, tmp_path, CrawlConfig(delay=0.0))
    assert site.hits == []
    assert summary.refused == len(seeds)
    assert {row["outcome"] for row in pages_of(tmp_path).values()} == {"refused"}
    assert summary.pages_fetched == 0


@dataclass(frozen=True)
class OnlyPort:
    """Test policy: 127.0.0.1 on one port (the first hop), and public addresses."""

    port: int

    def permits(self, address: IPAddress, port: int) -> bool:
        return (str(address), port) == ("127.0.0.1", self.port) or is_public_address(address)


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{other}/",
        "http://localhost:{other}/",
        "http://[::1]:{other}/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://127.0.0.1/",
        "http://user:pw@127.0.0.1:{other}/",
    ],
)
def test_redirect_to_a_private_address_is_refused(farm: Farm, target: str) -> None:
    """The first hop is allowed through a test policy; the redirect goes through the real checks."""
    other = farm.add({"/": html(page("Internal", []))})
    location = target.format(other=other.port)
    start = farm.add({"/go": redirect(location)})

    async def fetch() -> tuple[Outcome, int, str | None]:
        config = CrawlConfig(delay=0.0, retries=0)
        async with Fetcher(config, Politeness(4, 1, 0.0), policy=OnlyPort(start.port)) as fetcher:
            result = await fetcher.fetch(start.url + "go")
        return result.outcome, len(result.exchanges), result.error

    outcome, exchanges, error = asyncio.run(fetch())
    assert (outcome, exchanges) == (Outcome.REFUSED, 1)
    assert error is not None
    assert "Refused" in error
    assert start.paths() == ["/go"]
    assert other.hits == []
