"""``destat run`` publishes the household figures (dataflow ICT_HH) and the macro figures
(ICT_SECTOR, ICT_GOODS_TRADE, ICT_SERVICES_TRADE) as SDMX beside the survey's: every file is
valid against the official schemas, read back by sdmx1 and pysdmx, and every observation is
compared with the table the run stored in its database, by the publication rules alone."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from lxml import etree
from pysdmx.io import read_sdmx as pysdmx_read

from destat.indicators.i18n import LANGUAGES
from destat.portal import create_app
from destat.project.pipeline import run_project
from destat.publish.sdmx import DataStructure, parse_xml
from destat.publish.sdmx.household import household_observations, write_household_sdmx
from destat.publish.sdmx.xml_data import data_namespace
from project.small_project import write_small_project

from .schemas import json_data_schema, message_schema, read_sdmx1, structure_specific_schema

pytestmark = pytest.mark.slow  # one real project run (about 10 s)

HOUSEHOLD_DATA = Path(__file__).parents[1] / "data" / "household"
MACRO_DATA = Path(__file__).parents[1] / "data" / "macro_project"
SECTIONS = """
[household]
persons = "household/persons.csv"
households = "household/households.csv"

[macro]
sbs = "sbs.csv"
trade = "trade.csv"
services = "bop.xml"
ebops = "BOP_ITEM"
"""
FLOWS = ("ICT_HH", "ICT_SECTOR", "ICT_GOODS_TRADE", "ICT_SERVICES_TRADE")
NUMBERS = ("OBS_VALUE", "SE", "CV", "CI_LOWER", "CI_UPPER")
Key = tuple[str, ...]
Observation = dict[str, Any]
# The survey's codes as published (docs/sdmx.md, "Household dataflow").
AREA = {"urban": "U", "rural": "R", "_T": "_T"}
EDUCATION = {
    "primary_or_less": "ISCED11_0T1",
    "secondary": "ISCED11_2T4",
    "tertiary": "ISCED11_5T8",
    "_T": "_T",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_small_project(tmp_path_factory.mktemp("hhsdmx") / "project")
    shutil.copytree(HOUSEHOLD_DATA, folder / "household")
    for name in ("sbs.csv", "trade.csv", "bop.xml"):
        shutil.copy(MACRO_DATA / name, folder / name)
    config = (folder / "destat.toml").read_text(encoding="utf-8")
    # Few enough respondents in some cells for primary confidentiality (C) to be exercised.
    config = config.replace("min_frequency = 3", "min_frequency = 40")
    (folder / "destat.toml").write_text(config + SECTIONS, encoding="utf-8")
    run_project(folder)
    return folder


def _stored(project: Path, table: str) -> pd.DataFrame:
    with duckdb.connect(str(project / "destat.duckdb"), read_only=True) as connection:
        return connection.execute(f"SELECT * FROM {table}").fetch_df()


def _files(project: Path, flow: str) -> dict[str, Path]:
    stem = project / "outputs" / "sdmx" / f"NSO_{flow}_1.0"
    return {kind: Path(f"{stem}_{kind}") for kind in ("structure.xml", "data.xml", "data.csv")}


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _scaled(value: Any, factor: float, shown: bool) -> float | None:
    return None if not shown or _missing(value) else factor * float(value)


def expected_household(project: Path) -> dict[Key, Observation]:
    """ICT_HH from the stored tables: shares and differences × 100, ratios as they are, the CV
    of a difference left out, every number of a figure not shown (C, or quality C) removed."""
    expected: dict[Key, Observation] = {}
    for table, gaps in (("household", False), ("household_gaps", True)):
        for row in _stored(project, table).to_dict("records"):
            statistic = row["unit"] if gaps else "SHARE"
            unit = {"RATIO_FM": "RATIO", "DIFF_FM": "PP"}.get(row["unit"], row["unit"])
            sex = "_Z" if gaps else row["sex"]
            key = (
                *("DL", "A", row["indicator"], statistic, unit, sex, row["age_group"]),
                *(AREA[row["area"]], EDUCATION[row["education"]], row["time_period"]),
            )
            shown = row["conf_status"] == "F" and row["quality"] != "C"
            factor = 1.0 if statistic == "RATIO_FM" else 100.0
            expected[key] = {
                "OBS_VALUE": _scaled(row["estimate"], factor, shown),
                "SE": _scaled(row["se"], factor, shown),
                "CI_LOWER": _scaled(row["ci_low"], factor, shown),
                "CI_UPPER": _scaled(row["ci_high"], factor, shown),
                "CV": None if statistic == "DIFF_FM" else _scaled(row["cv"], 100.0, shown),
                "N_RESP": int(row["n"]) if shown and not _missing(row["n"]) else None,
                "OBS_STATUS": row["obs_status"],
                "CONF_STATUS": row["conf_status"],
                "QUALITY": None if _missing(row["quality"]) else row["quality"],
                "UNIT_MULT": "0",
            }
    return expected


def expected_macro(project: Path, flow: str) -> dict[Key, Observation]:
    """The macro flows from the stored tables: value_pct as it is, missing shares flagged L."""
    rows: list[tuple[Key, Any]] = []
    if flow == "ICT_SECTOR":
        units = {"ICT1": "PC_EMP", "ICT2": "PC_GVA"}
        for row in _stored(project, "macro_ict_sector").to_dict("records"):
            key = ("DL", "A", row["indicator"], units[row["indicator"]], row["part"], row["year"])
            rows.append((key, row["value_pct"]))
        tiers = {"persons_employed": "ICT1", "value_added": "ICT2"}
        for row in _stored(project, "macro_tiers").to_dict("records"):
            measure = tiers[row["measure"]]
            rows.append(
                (("DL", "A", measure, units[measure], row["part"], row["year"]), row["value_pct"])
            )
    elif flow == "ICT_GOODS_TRADE":
        for row in _stored(project, "macro_trade").to_dict("records"):
            key = (row["reporter"], "A", "ICT_GOODS", "PC_TRADE", row["flow"], row["partner"])
            rows.append(((*key, row["part"], row["year"]), row["value_pct"]))
    else:
        for row in _stored(project, "macro_services").to_dict("records"):
            key = (row["ref_area"], "A", row["part"], "PC_SERV", row["flow"], row["year"])
            rows.append((key, row["value_pct"]))
    return {
        key: {
            "OBS_VALUE": None if _missing(value) else float(value),
            "OBS_STATUS": "L" if _missing(value) else "A",
            "CONF_STATUS": "F",
            "UNIT_MULT": "0",
        }
        for key, value in rows
    }


def expected(project: Path, flow: str) -> dict[Key, Observation]:
    return expected_household(project) if flow == "ICT_HH" else expected_macro(project, flow)


def assert_same(actual: dict[Key, Observation], wanted: dict[Key, Observation]) -> None:
    assert set(actual) == set(wanted)
    for key, want in wanted.items():
        got = actual[key]
        for name, value in want.items():
            found = got.get(name)
            if name in NUMBERS:
                number = None if found in (None, "") or _missing(found) else float(found)
                if value is None:
                    assert number is None, (key, name, found)
                else:
                    assert number == pytest.approx(value, abs=5e-7), (key, name)
            elif name == "N_RESP":
                count = None if found in (None, "") or _missing(found) else int(found)
                assert count == value, (key, name)
            else:
                assert (found or None) == value, (key, name, found)


def _from_sdmx1(dataset: Any) -> dict[Key, Observation]:
    return {
        tuple(str(kv.value) for kv in obs.key.values.values()): {
            "OBS_VALUE": obs.value,
            **{name: attr.value for name, attr in obs.attrib.items()},
        }
        for obs in dataset.obs
    }


def test_the_run_writes_the_three_formats_of_each_flow(project: Path) -> None:
    folder = project / "outputs" / "sdmx"
    for flow in FLOWS:
        for suffix in ("structure.xml", "data.xml", "data.csv", "data.json"):
            assert (folder / f"NSO_{flow}_1.0_{suffix}").is_file(), (flow, suffix)
    assert (folder / "NSO_ICT_BUS_1.0_data.xml").is_file()  # the survey's, as before


def test_the_run_has_confidential_and_missing_figures_to_publish(project: Path) -> None:
    """The checks below are not vacuous: some household figures are C, some gaps missing."""
    shares = _stored(project, "household")
    gaps = _stored(project, "household_gaps")
    assert (shares["conf_status"] == "C").sum() > 0
    assert (gaps["conf_status"] == "C").sum() > 0
    assert _stored(project, "macro_services")["value_pct"].isna().sum() == 1


@pytest.mark.parametrize("flow", FLOWS)
def test_structure_is_valid_and_named_in_six_languages(project: Path, flow: str) -> None:
    path = _files(project, flow)["structure.xml"]
    schema = message_schema()
    assert schema.validate(parse_xml(path)), schema.error_log
    message = read_sdmx1(path)
    assert list(message.dataflow) == [flow]
    for codelist in message.codelist.values():
        for code in codelist:
            assert set(code.name.localizations) == set(LANGUAGES), (codelist.id, code.id)


@pytest.mark.parametrize("flow", FLOWS)
def test_data_message_valid_against_the_dsd_schema_and_read_by_sdmx1(
    project: Path, flow: str, tmp_path: Path
) -> None:
    files = _files(project, flow)
    structure = read_sdmx1(files["structure.xml"])
    dsd = structure.structure[f"DSD_{flow}"]
    namespace = data_namespace(DataStructure("NSO", flow, "1.0", {}, ()))
    wrapper = structure_specific_schema(dsd, namespace, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(wrapper)))
    document = parse_xml(files["data.xml"])
    assert schema.validate(document), schema.error_log
    message = read_sdmx1(files["data.xml"], structure=dsd)
    assert_same(_from_sdmx1(message.data[0]), expected(project, flow))


@pytest.mark.parametrize("flow", FLOWS)
def test_sdmx_csv_read_by_sdmx1(project: Path, flow: str) -> None:
    files = _files(project, flow)
    structure = read_sdmx1(files["structure.xml"])
    message = read_sdmx1(files["data.csv"], structure=structure.dataflow[flow])
    assert_same(_from_sdmx1(message.data[0]), expected(project, flow))


@pytest.mark.parametrize("flow", FLOWS)
def test_sdmx_ml_data_read_by_pysdmx(project: Path, flow: str) -> None:
    message = pysdmx_read(_files(project, flow)["data.xml"], validate=True)
    table = message.data[0].data
    structure = read_sdmx1(_files(project, flow)["structure.xml"])
    key = [d.id for d in structure.structure[f"DSD_{flow}"].dimensions.components]
    observations = {
        tuple(str(row[k]) for k in key): {k: v for k, v in row.items() if k not in key}
        for row in table.to_dict("records")
    }
    assert_same(observations, expected(project, flow))


@pytest.mark.parametrize("flow", FLOWS)
def test_sdmx_json_is_valid(project: Path, flow: str) -> None:
    path = project / "outputs" / "sdmx" / f"NSO_{flow}_1.0_data.json"
    message = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(
        json_data_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(message)]
    assert not errors, errors[:5]
    observations = message["data"]["dataSets"][0]["observations"]
    assert len(observations) == len(expected(project, flow))


def test_figures_not_shown_lose_every_number_in_every_file(project: Path, tmp_path: Path) -> None:
    """A confidential share (C) and a share graded C keep their key and flags and lose value,
    SE, CV, limits and n, even when the table handed to the writer still holds them; so does
    a gap flagged C."""
    shares = _stored(project, "household").head(3).copy()
    gaps = _stored(project, "household_gaps").head(1).copy()
    for table in (shares, gaps):
        table[["estimate", "se", "ci_low", "ci_high", "cv", "n"]] = (
            0.123457,
            0.0111,
            0.101,
            0.145,
            0.0899,
            77,
        )
        table["conf_status"], table["quality"] = "F", "A"
    shares.loc[0, "conf_status"] = "C"
    shares.loc[1, "quality"] = "C"
    gaps.loc[0, "conf_status"] = "C"
    files = write_household_sdmx(shares, gaps, tmp_path, ref_area="DL")
    observations = household_observations(shares, gaps, ref_area="DL")[1]
    hidden = observations[(observations["CONF_STATUS"] == "C") | (observations["QUALITY"] == "C")]
    assert len(hidden) == 3
    assert hidden[[*NUMBERS, "N_RESP"]].isna().all().all()
    shown = observations.drop(hidden.index)
    assert shown["OBS_VALUE"].tolist() == [pytest.approx(12.3457)]
    for path in (files.data_xml, files.data_csv, files.data_json):
        text = path.read_text(encoding="utf-8")
        # 12.3457 once (the figure shown); the gap's 0.123457 scaled or not: never.
        assert text.count("12.3457") == 1, path.name
        assert "0.123457" not in text, path.name
        assert "10.1" in text, path.name


def test_the_portal_example_of_the_docs(project: Path) -> None:
    """docs/portal.md's household query, on this run, answers what the page shows."""
    text = (Path(__file__).parents[2] / "docs" / "portal.md").read_text(encoding="utf-8")
    section = text.split("## Household and macro figures", 1)[1]
    query = re.search(r"'http://127.0.0.1:8765(/sdmx/rest/data/[^']+)'", section)
    shown = re.search(r"```\n(STRUCTURE.*?)```", section, re.S)
    assert query is not None
    assert shown is not None
    token = "t" * 32
    portal = create_app(project, token=token)
    with TestClient(portal, headers={"X-Embargo-Token": token}) as client:
        answer = client.get(query.group(1))
    assert answer.status_code == 200
    assert answer.text.strip() == shown.group(1).strip()
