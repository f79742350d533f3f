"""The portal serves the household and macro figures as SDMX dataflows (ICT_HH, ICT_SECTOR,
ICT_GOODS_TRADE, ICT_SERVICES_TRADE) beside the survey's: structure by id, one series by key,
values as the published tables hold them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from destat.project.config import load_config
from destat.project.household import household_tables
from destat.project.macro import macro_tables

from .project import AGENCY, REF_AREA, write_project

DATA = Path(__file__).parents[1] / "data"
SECTIONS = """
[household]
persons = "household/persons.csv"
households = "household/households.csv"

[macro]
sbs = "sbs.csv"
services = "bop.xml"
ebops = "BOP_ITEM"
"""
pytestmark = pytest.mark.slow  # estimates the household tables (about 6 s)
CSV = {"Accept": "application/vnd.sdmx.data+csv;version=2.0.0"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal's test project with the household and macro tables published as
    ``destat run`` publishes them (Parquet in outputs/)."""
    folder = write_project(tmp_path_factory.mktemp("figures") / "project")
    shutil.copytree(DATA / "household", folder / "household")
    for name in ("sbs.csv", "bop.xml"):
        shutil.copy(DATA / "macro_project" / name, folder / name)
    with (folder / "destat.toml").open("a", encoding="utf-8") as toml:
        toml.write(SECTIONS)
    config = load_config(folder)
    tables = household_tables(folder, config) | macro_tables(folder, config)
    for name, table in tables.items():
        table.to_parquet(folder / "outputs" / f"{name}.parquet", index=False)
    return folder


def _published(project: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(project / "outputs" / f"{name}.parquet")


@pytest.mark.parametrize("flow", ["ICT_HH", "ICT_SECTOR", "ICT_SERVICES_TRADE"])
def test_each_flow_has_its_structure(client: TestClient, flow: str) -> None:
    answer = client.get(f"/sdmx/rest/dataflow/{AGENCY}/{flow}/latest")
    assert answer.status_code == 200
    assert f'id="{flow}"' in answer.text
    assert f'id="DSD_{flow}"' in answer.text


def test_no_flow_without_its_tables(client: TestClient) -> None:
    """No trade file in [macro]: no ICT_GOODS_TRADE dataflow."""
    assert client.get(f"/sdmx/rest/dataflow/{AGENCY}/ICT_GOODS_TRADE/latest").status_code == 404


def test_one_household_series_by_key(client: TestClient, project: Path) -> None:
    """Internet use (HH7) of women and men in rural areas, all ages and education levels."""
    key = f"{REF_AREA}.A.HH7.SHARE.PC_IND.F+M._T.R._T"
    answer = client.get(f"/sdmx/rest/data/{AGENCY},ICT_HH,1.0/{key}", headers=CSV)
    assert answer.status_code == 200
    got = pd.read_csv(io.StringIO(answer.text), dtype=str, keep_default_na=False)
    shares = _published(project, "household")
    rural = shares[
        (shares["indicator"] == "HH7")
        & (shares["area"] == "rural")
        & (shares["age_group"] == "_T")
        & (shares["education"] == "_T")
        & shares["sex"].isin(["F", "M"])
    ]
    assert len(rural) == 2
    assert sorted(got["SEX"]) == ["F", "M"]
    assert set(got["URBANISATION"]) == {"R"}
    for row in rural.to_dict("records"):
        (value,) = got.loc[got["SEX"] == row["sex"], "OBS_VALUE"]
        assert float(value) == pytest.approx(100 * row["estimate"], abs=5e-7)


def test_one_gap_series_by_key(client: TestClient, project: Path) -> None:
    key = f"{REF_AREA}.A.HH7.RATIO_FM.RATIO._Z._T._T._T"
    answer = client.get(f"/sdmx/rest/data/{AGENCY},ICT_HH,1.0/{key}", headers=CSV)
    got = pd.read_csv(io.StringIO(answer.text), dtype=str, keep_default_na=False)
    gaps = _published(project, "household_gaps")
    (ratio,) = gaps.loc[
        (gaps["indicator"] == "HH7")
        & (gaps["unit"] == "RATIO_FM")
        & (gaps[["age_group", "area", "education"]] == "_T").all(axis=1),
        "estimate",
    ]
    assert float(got["OBS_VALUE"].item()) == pytest.approx(ratio, abs=5e-7)


def test_one_macro_series_by_key(client: TestClient) -> None:
    """ICT1 of the hand-written SBS file: 7,600 / 36,500 persons employed (docs/macro.md)."""
    answer = client.get(
        f"/sdmx/rest/data/{AGENCY},ICT_SECTOR,1.0/DL.A.ICT1.PC_EMP.ICT", headers=CSV
    )
    got = pd.read_csv(io.StringIO(answer.text), dtype=str, keep_default_na=False)
    assert float(got["OBS_VALUE"].item()) == pytest.approx(100 * 7600 / 36500, abs=5e-7)
