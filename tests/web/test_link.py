"""Linking crawled sites to register units: a real local server, a real crawl, rows by hand."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from sites import Farm, Reply
from warcio.archiveiterator import ArchiveIterator

from destat.demo.web_demo import crawl_config
from destat.demo.web_pages import page
from destat.demo.web_server import serve_sites
from destat.demo.websites import SiteSpec
from destat.errors import InputFileError
from destat.web.classify import ClassifierKind, make_classifier
from destat.web.crawl import CrawlConfig, crawl
from destat.web.link import LINK_COLUMNS, link_units


def _spec(
    host: str,
    unit: str,
    language: str,
    *,
    shop: bool,
    social: tuple[str, ...],
    blocks: bool = False,
) -> SiteSpec:
    return SiteSpec(
        host=host,
        enterprise_id=unit,
        name=f"Empresa {unit} S.A.",
        language=language,
        shop=shop,
        price_list=not shop,
        social=social,
        tax_id="12345678-9",
        phone="+999 1 234 5678",
        email=f"ventas@{host.removeprefix('www.')}",
        blocks_crawlers=blocks,
    )


SPECS = (
    _spec("www.panaderiasol.com.dl", "E1", "es", shop=True, social=("facebook",)),
    _spec("www.modaslumiere.com.dl", "E2", "fr", shop=False, social=()),
    _spec("www.hotelsol.com.dl", "E3", "zh", shop=False, social=("instagram", "linkedin")),
    _spec("www.cerrajeria.com.dl", "E7", "es", shop=True, social=(), blocks=True),
)
# Discovery's verdicts, written by hand: E3's site was not kept, E4's kept site does not exist
# on the web (the server answers 404), E5 has no candidate at all; E6 is not in this table; E7's
# site shuts crawlers out in its robots.txt.
BEST = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E3", "E4", "E5", "E7"],
        "url": [
            "http://www.panaderiasol.com.dl/",
            "http://modaslumiere.com.dl/",
            "http://www.hotelsol.com.dl/",
            "http://cerrado.com.dl/",
            "",
            "http://www.cerrajeria.com.dl/",
        ],
        "probability": [0.99, 0.9, 0.3, 0.8, 0.0, 0.97],
        "kept": [True, True, False, True, False, True],
    }
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crawl")
    seeds = list(BEST.loc[BEST["kept"], "url"])
    gone = _spec("cerrado.com.dl", "E4", "es", shop=False, social=())
    with serve_sites(SPECS) as port:
        config = crawl_config((*SPECS, gone), port)
        summary = crawl(seeds, folder, config)
    assert summary.pages_fetched == 3  # with E4's 404, which the link leaves out
    assert summary.skipped_by_robots == 1  # E7's home page
    return folder


def test_link_rows_by_hand(crawled: Path) -> None:
    units = ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]
    links = link_units(BEST, crawled, make_classifier(ClassifierKind.MODEL), units)
    assert list(links.columns) == list(LINK_COLUMNS)
    rows = links.set_index("enterprise_id")
    web = rows[["has_website", "sells_online", "social_media", "pages"]]
    assert web.to_dict("index") == {
        "E1": {"has_website": 1, "sells_online": 1, "social_media": 1, "pages": 1},
        "E2": {"has_website": 1, "sells_online": 0, "social_media": 0, "pages": 1},
        "E3": {"has_website": 0, "sells_online": 0, "social_media": 0, "pages": 0},
        "E4": {"has_website": 0, "sells_online": 0, "social_media": 0, "pages": 0},
        "E5": {"has_website": 0, "sells_online": 0, "social_media": 0, "pages": 0},
        "E6": {"has_website": 0, "sells_online": 0, "social_media": 0, "pages": 0},
        "E7": {"has_website": 0, "sells_online": 0, "social_media": 0, "pages": 0},
    }
    assert rows.loc["E1", "social_networks"] == "facebook"
    assert rows.loc["E1", "url"] == "http://www.panaderiasol.com.dl/"
    assert rows.loc["E3", "url"] == ""  # not kept: no URL is attributed to the unit
    assert (
        rows.loc["E1", "sells_online_probability"]
        > 0.5
        > rows.loc["E2", "sells_online_probability"]
    )
    # Each unit's record ids name the WARC response records of its own site.
    records = _responses(crawled)
    for unit, host in (("E1", "www.panaderiasol.com.dl"), ("E2", "modaslumiere.com.dl")):
        ids = rows.loc[unit, "warc_records"].split()
        assert len(ids) == 1
        assert records[ids[0]].startswith(f"http://{host}/")
    assert rows.loc["E5", "warc_records"] == ""


def _responses(folder: Path) -> dict[str, str]:
    found = {}
    for path in folder.glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    record_id = record.rec_headers.get_header("WARC-Record-ID").strip("<>")
                    found[record_id] = record.rec_headers.get_header("WARC-Target-URI")
    return found


def test_bad_inputs_are_named(crawled: Path, tmp_path: Path) -> None:
    classify = make_classifier(ClassifierKind.RULES)
    with pytest.raises(InputFileError, match="kept"):
        link_units(BEST.drop(columns=["kept"]), crawled, classify)
    with pytest.raises(InputFileError, match="does not exist"):
        link_units(BEST, tmp_path / "nowhere", classify)


def test_only_the_final_successful_answer_of_a_url_is_read(
    farm: Farm, config: CrawlConfig, tmp_path: Path
) -> None:
    # The home page first fails with an HTML error page (stored in the WARC file, then retried);
    # the link must read the shop page that finally came, not the error page.
    shop = page(_spec("www.tienda.com.dl", "E1", "es", shop=True, social=()), "/")
    assert shop is not None
    error = Reply(b"<html><body><a href='https://facebook.com/x'>fb</a></body></html>", 503)
    site = farm.add({"/": [error, Reply(shop.encode())]})
    fixed = dataclasses.replace(config, connect_to=(("tienda.com.dl", "127.0.0.1", site.port),))
    crawl(["http://tienda.com.dl/"], tmp_path, fixed)
    assert len([path for path in site.paths() if path == "/"]) == 2
    best = pd.DataFrame(
        {
            "enterprise_id": ["E1"],
            "url": ["http://tienda.com.dl/"],
            "probability": [0.9],
            "kept": [True],
        }
    )
    row = link_units(best, tmp_path, make_classifier(ClassifierKind.MODEL)).iloc[0]
    assert row["pages"] == 1
    assert row["sells_online"] == 1
    assert row["social_media"] == 0  # the error page's link is not counted
