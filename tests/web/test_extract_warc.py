"""Reading pages back from WARC files written with warcio, and the ``extract`` command."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from destat.cli import app
from destat.web.extract.features import extract_page_features
from destat.web.extract.sources import read_warc

SHOP_RU = (
    "<html><body><a href='/cart'>Корзина</a><button>В корзину</button> 1 299 руб.</body></html>"
)
NEWS_EN = "<html><head><meta property='og:type' content='article'></head><body>News</body></html>"
ABOUT_RU = "<html><body><p>О компании. Оформить заказ можно в корзине.</p></body></html>"


def write_warc(path: Path, records: list[tuple[str, str, bytes]], status: str = "200 OK") -> None:
    """Write (url, content type, body) responses, gzip-compressed like Common Crawl."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, content_type, body in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def sample_records() -> list[tuple[str, str, bytes]]:
    return [
        ("https://shop.example.ru/", "text/html; charset=windows-1251", SHOP_RU.encode("cp1251")),
        ("https://shop.example.ru/about", "text/html", ABOUT_RU.encode()),
        ("https://news.example.com/a/1", "text/html; charset=utf-8", NEWS_EN.encode()),
        ("https://news.example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ]


def test_html_responses_are_read_back_with_headers_and_bodies(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, sample_records())
    pages = list(read_warc(warc))
    redirect = tmp_path / "redirect.warc.gz"
    write_warc(redirect, sample_records()[:1], status="301 Moved Permanently")
    assert list(read_warc(redirect)) == []
    assert [page.url for page in pages] == [
        "https://shop.example.ru/",
        "https://shop.example.ru/about",
        "https://news.example.com/a/1",
    ]
    assert [page.host for page in pages] == [
        "shop.example.ru",
        "shop.example.ru",
        "news.example.com",
    ]
    assert pages[0].content_type == "text/html; charset=windows-1251"
    assert pages[0].body == SHOP_RU.encode("cp1251")
    assert all(page.page_id.startswith("urn:uuid:") for page in pages)
    shop = extract_page_features(pages[0].body, pages[0].content_type)
    assert (shop.encoding, shop.encoding_source) == ("cp1251", "header")
    assert shop.add_to_cart_words == 1
    assert shop.prices == 1
    assert shop.language == "ru"


def test_extract_command_writes_page_and_site_tables(tmp_path: Path) -> None:
    folder = tmp_path / "warcs"
    folder.mkdir()
    write_warc(folder / "part-0.warc.gz", sample_records()[:2])
    write_warc(folder / "part-1.warc.gz", sample_records()[2:])
    out = tmp_path / "features.parquet"
    result = CliRunner().invoke(app, ["web", "extract", "--warc", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Extracted 3 pages" in result.output
    pages = pq.read_table(out).to_pylist()
    assert [page["host"] for page in pages] == [
        "shop.example.ru",
        "shop.example.ru",
        "news.example.com",
    ]
    assert pages[0]["add_to_cart_words"] == 1
    assert pages[1]["checkout_words"] == 1
    sites = {
        row["host"]: row for row in pq.read_table(tmp_path / "features-sites.parquet").to_pylist()
    }
    assert sites["shop.example.ru"]["pages"] == 2
    assert sites["shop.example.ru"]["add_to_cart_words"] == 1
    assert sites["shop.example.ru"]["checkout_words"] == 1
    assert sites["news.example.com"]["schema_articles"] == 1


def test_not_a_warc_file_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.warc.gz"
    bogus.write_bytes(b"this is not an archive at all")
    result = CliRunner().invoke(
        app, ["web", "extract", "--warc", str(bogus), "--out", str(tmp_path / "x.parquet")]
    )
    assert result.exit_code != 0
    assert "not a readable WARC file" in str(result.exception)


def test_extract_command_reads_saved_pages_with_a_manifest(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a1.html").write_bytes(SHOP_RU.encode("cp1251"))
    (pages / "a2.html.gz").write_bytes(gzip.compress(ABOUT_RU.encode()))
    (pages / "b1.htm").write_bytes(NEWS_EN.encode())
    (pages / "notes.txt").write_text("not a page", encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "id,host,language\na1,shop.example.ru,ru\na2,shop.example.ru,ru\nb1,news.example.com,en\n",
        encoding="utf-8",
    )
    out = tmp_path / "f.parquet"
    result = CliRunner().invoke(
        app,
        ["web", "extract", "--warc", str(pages), "--manifest", str(manifest), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    assert [(row["page_id"], row["host"], row["encoding"]) for row in rows] == [
        ("a1", "shop.example.ru", "cp1251"),
        ("a2", "shop.example.ru", "utf-8"),
        ("b1", "news.example.com", "utf-8"),
    ]
    assert pq.read_table(tmp_path / "f-sites.parquet").num_rows == 2


def test_gzip_content_encoding_of_a_response_is_undone(tmp_path: Path) -> None:
    warc = tmp_path / "encoded.warc.gz"
    body = gzip.compress(SHOP_RU.encode())
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                "https://shop.example.ru/", "response", payload=BytesIO(body), http_headers=headers
            )
        )
    (page,) = read_warc(warc)
    assert page.body == SHOP_RU.encode()
