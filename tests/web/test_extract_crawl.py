"""From a real crawl to features: ``destat web crawl`` against a local site, then ``extract``."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from sites import Farm, html, redirect
from typer.testing import CliRunner

from destat.cli import app

HOME = (
    "<html><head><title>Музыкальный дом</title></head><body>"
    "<a href='/korzina'>Корзина</a> <a href='/piano'>Пианино</a></body></html>"
)
PIANO = (
    "<html><body><h1>Пианино Petrof</h1><p>Цена: 250 000 руб.</p>"
    "<form action='/cart/add'><input name='qty' value='1'>"
    "<input type='submit' value='В корзину'></form>"
    "<img src='/img/visa.png'><img src='/img/mastercard.png'></body></html>"
)


def test_crawled_warc_files_give_page_and_site_features(farm: Farm, tmp_path: Path) -> None:
    site = farm.add(
        {
            "/": html(HOME.encode("cp1251"), charset="windows-1251"),
            "/piano": html(PIANO.encode("cp1251"), charset=None),
            "/korzina": redirect("/"),
        }
    )
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(site.url + "\n", encoding="utf-8")
    crawl = tmp_path / "crawl"
    runner = CliRunner()
    crawled = runner.invoke(
        app,
        [
            "web",
            "crawl",
            "--seeds",
            str(seeds),
            "--out",
            str(crawl),
            "--allow-private",
            "--delay",
            "0",
        ],
    )
    assert crawled.exit_code == 0, crawled.output

    out = tmp_path / "features.parquet"
    extracted = runner.invoke(app, ["web", "extract", "--warc", str(crawl), "--out", str(out)])
    assert extracted.exit_code == 0, extracted.output
    rows = pq.read_table(out).to_pylist()
    pages = {row["url"].removeprefix(site.url.rstrip("/")): row for row in rows}
    assert set(pages) == {"/", "/piano"}
    assert pages["/"]["encoding_source"] == "header"
    assert pages["/piano"]["encoding"] == "cp1251"  # undeclared: recognised by its bytes
    assert pages["/piano"]["add_to_cart_words"] == 1
    assert pages["/piano"]["prices"] == 1
    assert pages["/piano"]["payment_providers"] == ["cards"]
    (shop,) = pq.read_table(tmp_path / "features-sites.parquet").to_pylist()
    assert shop["pages"] == len(rows)  # every capture counts, a URL fetched twice included
    assert shop["cart_words"] >= 1
    assert shop["quantity_fields"] == 1
