"""The portal on a real server (uvicorn on 127.0.0.1): read by a real SDMX client (sdmx1) and
used in headless Chromium (Playwright, Debian's chromium): the embargo form, three languages
including Arabic, a breakdown change, a download, screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sdmx
from fastapi import FastAPI

from .project import AGENCY, SECRETS, TOKEN
from .server import running

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    """The portal over the test project (under embargo, token set) on a free local port."""
    with running(app) as url:
        yield url


def test_sdmx1_reads_the_dataflow_and_data(base_url: str) -> None:
    sdmx.add_source(
        {"id": AGENCY, "url": f"{base_url}/sdmx/rest", "name": "destat portal (test)"},
        override=True,
    )
    client = sdmx.Client(AGENCY)
    client.session.headers["X-Embargo-Token"] = TOKEN
    structures = client.dataflow("ICT_BUS")
    flow = structures.dataflow["ICT_BUS"]
    assert str(flow.name.localizations["en"])
    dsd = structures.structure["DSD_ICT_BUS"]
    assert [d.id for d in dsd.dimensions][:3] == ["REF_AREA", "FREQ", "MEASURE"]

    # A key given as a dict is checked against the DSD by sdmx1, which then asks for
    # structure-specific data and reads it with the DSD.
    message = client.data(
        "ICT_BUS",
        key={"MEASURE": "B1", "SIZE_CLASS": ["GE10", "10-49"], "ACTIVITY": "_T", "REGION": "_T"},
        params={"startPeriod": "2025"},
        dsd=dsd,
    )
    values = {
        (str(obs.key.values["SIZE_CLASS"].value), str(obs.key.values["TIME_PERIOD"].value)): float(
            obs.value
        )
        for obs in message.data[0].obs
    }
    # 100 × 0.473 and 100 × 0.412, 2025 only.
    assert values == {("GE10", "2025"): pytest.approx(47.3), ("10-49", "2025"): pytest.approx(41.2)}


@pytest.mark.slow
def test_browser_languages_breakdown_download(
    base_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    requested: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                accept_downloads=True, viewport={"width": 1100, "height": 900}
            )
            page = context.new_page()
            page.on("request", lambda r: requested.append(r.url))

            # Under embargo: the form, then the page once the token is given.
            page.goto(f"{base_url}/en/indicator/B1")
            assert page.locator("h1").inner_text() == "Results under embargo"
            page.fill("#token", TOKEN)
            page.click("form.embargo button")
            page.wait_for_url(f"{base_url}/en/indicator/B1")
            assert "Proportion of businesses using computers" in page.locator("h1").inner_text()
            first = page.locator("#figures tbody tr td:first-of-type").all_inner_texts()
            assert first == ["47.3", "41.2", "65.5", ".."]
            page.screenshot(path=str(tmp_path / "indicator-en.png"), full_page=True)

            # Change the breakdown: the selector submits itself (static/portal.js).
            page.select_option("#by", "activity")
            page.wait_for_url("**/en/indicator/B1?by=activity&period=2025")
            rows = page.locator("#figures tbody tr th").all_inner_texts()
            assert len(rows) == 3
            assert page.locator("#figures tbody tr td:first-of-type").all_inner_texts() == [
                "47.3",
                "51.2",
                "38.8",
            ]
            page.screenshot(path=str(tmp_path / "indicator-en-activity.png"), full_page=True)

            # French through the language switcher, keeping the breakdown.
            page.click('nav.languages a[hreflang="fr"]')
            page.wait_for_url("**/fr/indicator/B1?by=activity&period=2025")
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.locator("#figures tbody tr td:first-of-type").first.inner_text() == "47,3"
            page.screenshot(path=str(tmp_path / "indicator-fr.png"), full_page=True)

            # Arabic, laid out right to left.
            page.click('nav.languages a[hreflang="ar"]')
            page.wait_for_url("**/ar/indicator/B1?by=activity&period=2025")
            assert page.locator("html").get_attribute("dir") == "rtl"
            direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
            assert direction == "rtl"
            # The heading's text starts at the right edge of the content, not the left.
            left_gap, right_gap = page.evaluate(
                """() => {
                    const range = document.createRange();
                    range.selectNodeContents(document.querySelector('h1'));
                    const text = range.getBoundingClientRect();
                    const box = document.querySelector('main').getBoundingClientRect();
                    return [text.left - box.left, box.right - text.right];
                }"""
            )
            assert right_gap < 40 < left_gap
            page.screenshot(path=str(tmp_path / "indicator-ar.png"), full_page=True)

            # Download the CSV and read it.
            with page.expect_download() as info:
                page.click('a[href="/ar/indicator/B1/download.csv"]')
            download = info.value
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            table = pd.read_csv(saved, dtype=str, keep_default_na=False)
            assert download.suggested_filename == "KNBS_B1_ar.csv"
            assert len(table) == 9
            assert table["indicator_name"].iloc[0] == "نسبة المؤسسات التي تستخدم الحواسيب"
            assert not [s for s in SECRETS if s in saved.read_text("utf-8")]
        finally:
            browser.close()

    assert requested
    outside = [url for url in requested if not url.startswith(f"{base_url}/")]
    assert outside == []
    for name in (
        "indicator-en.png",
        "indicator-en-activity.png",
        "indicator-fr.png",
        "indicator-ar.png",
    ):
        assert (tmp_path / name).stat().st_size > 10_000
