"""``CrawlConfig.connect_to``: named sites reached on a fixed local address, still guarded."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sites import Farm, html, index_of, page, pages_of

from destat.web.crawl import CrawlConfig, crawl


def test_a_name_is_sent_to_its_fixed_address_and_port(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    site = farm.add({"/": html(page("Tienda", [("/carrito", "Carrito")])), "/carrito": html(b"")})
    fixed = dataclasses.replace(config, connect_to=(("tienda.com.dl", "127.0.0.1", site.port),))
    summary = crawl(["http://tienda.com.dl/"], tmp_path, fixed)
    assert summary.pages_fetched == 2
    assert set(pages_of(tmp_path)) == {"http://tienda.com.dl/", "http://tienda.com.dl/carrito"}
    # robots.txt was asked for on that host too (404 here: everything allowed).
    assert [r["url"] for r in index_of(tmp_path) if r["kind"] == "robots"] == [
        "http://tienda.com.dl/robots.txt"
    ]
    assert site.paths() == ["/robots.txt", "/", "/carrito"]


def test_a_fixed_private_address_is_still_refused_by_default(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    site = farm.add({"/": html(page("Tienda", []))})
    guarded = dataclasses.replace(
        config, allow_private=False, connect_to=(("tienda.com.dl", "127.0.0.1", site.port),)
    )
    summary = crawl(["http://tienda.com.dl/"], tmp_path, guarded)
    assert summary.pages_fetched == 0
    assert site.paths() == []
