"""Experimental statistics on the portal: the marketplace and postal tables that a project
publishes from ``[sources]`` are dataflows of the SDMX REST API (structure and data queries for
each, sdmx1 reading one from a live server) and pages reachable from the index, marked as
experimental statistics in every language."""

from __future__ import annotations

import io
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sdmx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from destat.demo.providers import write_provider_files
from destat.demo.register import build_register
from destat.exchange.linkage import LinkageSecret
from destat.project.config import load_config
from destat.project.sources import write_source_outputs
from destat.sources.run import (
    TABLE_FLOWS,
    MarketplacePaths,
    RegisterLink,
    marketplace_tables,
    postal_tables,
)

from .project import AGENCY, TOKEN, write_project
from .server import running

pytestmark = pytest.mark.slow  # builds and protects provider tables (about 10 s)

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
FLOWS = {
    "marketplace_sellers": "MKT_SELLERS",
    "marketplace_prices": "MKT_PRICES",
    "marketplace_register_share": "MKT_REGISTER",
    "postal_flows": "POSTAL_FLOWS",
}
CSV = {"Accept": "application/vnd.sdmx.data+csv;version=2.0.0"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal's test project with the four provider tables published the way
    ``destat run`` publishes them, from small generated provider files."""
    folder = write_project(tmp_path_factory.mktemp("experimental") / "project")
    register = build_register(800, np.random.default_rng(4))
    files = write_provider_files(folder / "providers", seed=4, register=register, postal_items=60)
    market = marketplace_tables(
        MarketplacePaths(files.sellers, files.listings, files.prices, files.transactions),
        linkage=RegisterLink(files.register, LinkageSecret.generate(), phone_country_prefix="999"),
    )
    postal, _ = postal_tables(files.postal_items, files.exchange_rates)
    write_source_outputs(folder / "outputs", {**market.frames, **postal}, load_config(folder))
    return folder


def _texts(key: str) -> dict[str, str]:
    """The message ``key`` in each language, as the pages show it (HTML-escaped)."""
    resource = resources.files("destat.portal").joinpath("data", "messages.toml")
    entry: dict[str, str] = tomllib.loads(resource.read_text(encoding="utf-8"))[key]
    return {lang: str(escape(text)) for lang, text in entry.items()}


def _published(project: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(project / "outputs" / f"{name}.parquet")


def test_message_file_marks_non_english_texts_unofficial() -> None:
    resource = resources.files("destat.portal").joinpath("data", "messages.toml")
    header = resource.read_text(encoding="utf-8").split("[portal]")[0]
    assert "UNOFFICIAL" in header
    for key in ("experimental_heading", "experimental_note", *(f"table_{n}" for n in FLOWS)):
        texts = _texts(key)
        assert set(texts) == set(LANGUAGES), key
        assert len(set(texts.values())) == len(LANGUAGES), key  # translated, not copied


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_links_every_table_under_the_experimental_heading(
    client: TestClient, lang: str
) -> None:
    page = client.get(f"/{lang}/").text
    heading = _texts("experimental_heading")[lang]
    assert heading in page
    section = page.split(heading, 1)[1]
    for name in FLOWS:
        assert f'href="/{lang}/experimental/{name}"' in section
        assert _texts(f"table_{name}")[lang] in section


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(FLOWS))
def test_each_table_page_is_marked_experimental(
    client: TestClient, project: Path, lang: str, name: str
) -> None:
    answer = client.get(f"/{lang}/experimental/{name}")
    assert answer.status_code == 200
    assert _texts("experimental_heading")[lang] in answer.text
    assert _texts("experimental_note")[lang] in answer.text
    assert f'data-dataflow="{FLOWS[name]}"' in answer.text
    rows = answer.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")
    assert rows == len(_published(project, name))


def test_a_hidden_postal_cell_shows_no_number(client: TestClient, project: Path) -> None:
    flows = _published(project, "postal_flows")
    hidden = flows[flows["CONF_STATUS"] != "F"].iloc[0]
    cells = [hidden["month"], hidden["origin"], hidden["destination"], hidden["hs_chapter"]]
    row = "".join(f"<td>{c}</td>\n" for c in cells) + f"<td>{hidden['value_band']}</td>\n"
    empty = '<td class="num"></td>\n' * 3
    page = client.get("/en/experimental/postal_flows").text
    assert row + empty + f"<td>{hidden['CONF_STATUS']}</td>" in page


def test_an_unknown_table_is_not_found(client: TestClient) -> None:
    assert client.get("/en/experimental/household_secrets").status_code == 404


@pytest.mark.parametrize("name", list(FLOWS))
def test_structure_and_data_queries_answer_for_each_flow(
    client: TestClient, project: Path, name: str
) -> None:
    flow = FLOWS[name]
    structure = client.get(f"/sdmx/rest/dataflow/{AGENCY}/{flow}/latest")
    assert structure.status_code == 200
    assert f'id="{flow}"' in structure.text
    assert 'id="DSD_' in structure.text
    data = client.get(f"/sdmx/rest/data/{AGENCY},{flow},1.0/all", headers=CSV)
    assert data.status_code == 200
    observations = pd.read_csv(io.StringIO(data.text), dtype=str, keep_default_na=False)
    table = _published(project, name)
    assert len(observations) == len(table) * len(TABLE_FLOWS[name].measures)
    assert set(observations["EXPERIMENTAL"]) == {"Y"}
    assert set(observations["REF_AREA"]) == {"KE"}


def test_monthly_data_are_selected_by_month(client: TestClient) -> None:
    data = client.get("/sdmx/rest/data/MKT_PRICES/all?startPeriod=2025-Q4", headers=CSV)
    months = set(pd.read_csv(io.StringIO(data.text), dtype=str)["TIME_PERIOD"])
    assert months == {"2025-10", "2025-11", "2025-12"}
    data = client.get("/sdmx/rest/data/MKT_PRICES/all?endPeriod=2025-02", headers=CSV)
    assert set(pd.read_csv(io.StringIO(data.text), dtype=str)["TIME_PERIOD"]) == {
        "2025-01",
        "2025-02",
    }


def test_an_unknown_flow_is_refused(client: TestClient) -> None:
    answer = client.get("/sdmx/rest/data/NO_SUCH_FLOW/all")
    assert answer.status_code == 404
    assert "NO_SUCH_FLOW" in answer.text


def test_sdmx1_reads_an_experimental_flow_from_the_live_server(app: FastAPI, project: Path) -> None:
    share = _published(project, "marketplace_register_share")
    total = share[(share["size_class"] == "_T") & (share["industry"] == "_T")].iloc[0]
    with running(app) as base_url:
        sdmx.add_source(
            {"id": AGENCY, "url": f"{base_url}/sdmx/rest", "name": "destat portal (test)"},
            override=True,
        )
        client = sdmx.Client(AGENCY)
        client.session.headers["X-Embargo-Token"] = TOKEN
        structures = client.dataflow("MKT_REGISTER")
        dsd = structures.structure["DSD_MKT_REGISTER"]
        assert [d.id for d in dsd.dimensions] == [
            "REF_AREA", "FREQ", "MEASURE", "SIZE_CLASS", "ACTIVITY", "TIME_PERIOD",
        ]  # fmt: skip
        message = client.data(
            "MKT_REGISTER",
            key={"MEASURE": "ENTERPRISES", "SIZE_CLASS": "_T", "ACTIVITY": "_T"},
            dsd=dsd,
        )
    (observation,) = message.data[0].obs
    # The register count: 800 enterprises generated.
    assert float(observation.value) == total["enterprises"] == 800
    assert str(observation.attached_attribute["EXPERIMENTAL"].value) == "Y"
