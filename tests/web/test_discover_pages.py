"""Website discovery: identifiers of the enterprise found on crawled pages of a candidate."""

from __future__ import annotations

import csv
from io import BytesIO
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from destat.cli import app
from destat.web.discover import SearchHit, discover
from destat.web.discover.pages import site_facts
from destat.web.extract.sources import PageSource

REGISTER = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E3"],
        "name": ["Hotel Sol", "Taller Luna", "Bar Mar"],
        "tax_id": ["80.412.345-7", "", ""],
        "website": ["", "", ""],
        "email": ["", "", "BarMar@gmail.com"],
        "phone": ["", "+999 1 234 5678", ""],
    }
)


class LookAlikes:
    """Two look-alike sites per enterprise, the wrong one ranked first."""

    def search(self, enterprise_id: str, name: str) -> list[SearchHit]:
        slug = name.lower().replace(" ", "")
        return [SearchHit(1, f"https://{slug}.com/"), SearchHit(2, f"https://{slug}.dl/")]


def _page(host: str, html: str) -> PageSource:
    return PageSource(host, f"https://{host}/", host, "text/html", html.encode())


def test_identifiers_on_pages_pick_the_right_look_alike() -> None:
    pages = [
        _page("hotelsol.dl", "<footer>RUC 80412345-7 · 2024</footer>"),
        _page("tallerluna.dl", "<p>Llámenos: (1) 234-5678</p>"),
        _page("barmar.dl", "<a href='mailto:barmar@gmail.com'>Escríbanos</a>"),
        _page("hotelsol.com", "<p>Desde 1998, 12 habitaciones</p>"),
    ]
    without = discover(REGISTER, search=LookAlikes())
    with_pages = discover(REGISTER, search=LookAlikes(), pages=pages)
    assert without.best["url"].str.endswith(".com/").all()
    assert with_pages.best["url"].str.endswith(".dl/").all()
    found = with_pages.candidates.set_index("url")["page_identifier"]
    assert found["https://hotelsol.dl/"] == 1.0
    assert found["https://hotelsol.com/"] == 0.0


def test_short_numbers_and_pages_without_host_are_ignored() -> None:
    facts = site_facts(
        [_page("a.dl", "Tel 12-34, año 2024, CP 10101"), PageSource("x", "", "", None, b"1234567")]
    )
    assert facts["a.dl"].digit_runs == set()
    assert list(facts) == ["a.dl"]


def _warc(path: Path, url: str, html: str) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(record)


def test_cli_reads_a_crawl_for_identifiers(tmp_path: Path) -> None:
    REGISTER.to_csv(tmp_path / "register.csv", index=False)
    with (tmp_path / "search.csv").open("w", newline="", encoding="utf-8") as stream:
        rows = csv.writer(stream)
        rows.writerow(["enterprise_id", "rank", "url", "title", "snippet"])
        rows.writerow(["E1", 1, "https://hotelsol.com/", "Hotel Sol", ""])
        rows.writerow(["E1", 2, "https://www.hotelsol.dl/", "Hotel Sol", ""])
    _warc(tmp_path / "crawl-00001.warc.gz", "https://www.hotelsol.dl/", "RUC 80412345-7")
    result = CliRunner().invoke(
        app,
        [
            "web", "discover",
            "--register", str(tmp_path / "register.csv"),
            "--search", str(tmp_path / "search.csv"),
            "--pages", str(tmp_path / "crawl-00001.warc.gz"),
            "--out", str(tmp_path / "out"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    best = pd.read_csv(tmp_path / "out" / "best.csv", dtype=str, keep_default_na=False)
    assert best.loc[best["enterprise_id"] == "E1", "url"].tolist() == ["https://www.hotelsol.dl/"]
