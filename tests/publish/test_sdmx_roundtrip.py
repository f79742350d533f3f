"""Every file is read back by a reader that destat did not write (sdmx1 for SDMX-ML and SDMX-CSV,
a parser written from the SDMX-JSON 2.0 field guide for SDMX-JSON) and every observation is
compared with the results table: key, value, and every attribute."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from jsonschema import Draft202012Validator
from lxml import etree
from pysdmx.io import read_sdmx as pysdmx_read

from destat.indicators.i18n import LANGUAGES
from destat.publish.sdmx import SdmxFiles, parse_xml, write_all
from destat.publish.sdmx.xml_data import data_namespace

from .schemas import json_data_schema, read_sdmx1, structure_specific_schema
from .tables import PREPARED, REF_AREA

Key = tuple[str, ...]
Observation = dict[str, Any]
NUMBERS = ("OBS_VALUE", "SE", "CV", "CI_LOWER", "CI_UPPER")


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def expected_observations(results: pd.DataFrame) -> dict[Key, Observation]:
    """What the files must hold, derived from the table by the publication rules alone."""
    expected = {}
    for row in results.to_dict("records"):
        key = (
            REF_AREA,
            "A",
            row["indicator"],
            row["unit"],
            row["activity"],
            row["size_class"],
            row["owner_sex"],
            row["region"],
            row["time_period"],
        )
        shown = row["conf_status"] == "F" and row["quality"] != "C"

        def percent(value: Any, shown: bool = shown) -> float | None:
            if not shown or value is None or not math.isfinite(value):
                return None
            return 100 * value

        quality = row["quality"] if isinstance(row["quality"], str) else None
        n = row["n"] if shown and row["n"] is not None and not math.isnan(row["n"]) else None
        expected[key] = {
            "OBS_VALUE": percent(row["estimate"]),
            "OBS_STATUS": row["obs_status"],
            "CONF_STATUS": row["conf_status"],
            "UNIT_MULT": "0",
            "QUALITY": quality,
            "SE": percent(row["se"]),
            "CV": percent(row["cv"]),
            "CI_LOWER": percent(row["ci_low"]),
            "CI_UPPER": percent(row["ci_high"]),
            "N_RESP": None if n is None else int(n),
        }
    return expected


def assert_same(actual: dict[Key, Observation], expected: dict[Key, Observation]) -> None:
    assert set(actual) == set(expected)
    for key, want in expected.items():
        got = actual[key]
        for name, value in want.items():
            found = got.get(name)
            if name in NUMBERS:
                if value is None:
                    assert _number(found) is None, (key, name, found)
                else:
                    assert _number(found) == pytest.approx(value, abs=5e-7), (key, name)
            elif name == "N_RESP":
                assert (None if found in (None, "") else int(found)) == value, (key, name)
            else:
                assert (found or None) == value, (key, name, found)


def _from_sdmx1(dataset: Any) -> dict[Key, Observation]:
    observations = {}
    for obs in dataset.obs:
        key = tuple(str(kv.value) for kv in obs.key.values.values())
        found = {name: attr.value for name, attr in obs.attrib.items()}
        observations[key] = {"OBS_VALUE": obs.value, **found}
    return observations


@pytest.fixture(scope="module")
def structure_message(release: SdmxFiles) -> Any:
    return read_sdmx1(release.structure_xml)


def test_data_message_is_valid_against_sdmx_and_dsd_schemas(
    release: SdmxFiles, structure_message: Any, tmp_path: Path
) -> None:
    document = parse_xml(release.data_xml)
    wrapper = structure_specific_schema(
        structure_message.structure["DSD_ICT_BUS"], data_namespace(release.structure), tmp_path
    )
    schema = etree.XMLSchema(etree.parse(str(wrapper)))
    assert schema.validate(document), schema.error_log


def test_dsd_schema_catches_a_code_outside_its_code_list(
    release: SdmxFiles, structure_message: Any, tmp_path: Path
) -> None:
    """The schema check is not vacuous: an unknown size class makes it fail."""
    document = parse_xml(release.data_xml)
    document.getroot().find(".//Obs").set("SIZE_CLASS", "GE1000")
    wrapper = structure_specific_schema(
        structure_message.structure["DSD_ICT_BUS"], data_namespace(release.structure), tmp_path
    )
    assert not etree.XMLSchema(etree.parse(str(wrapper))).validate(document)


def test_sdmx_ml_data_read_by_sdmx1(
    release: SdmxFiles, structure_message: Any, results: pd.DataFrame
) -> None:
    message = read_sdmx1(release.data_xml, structure=structure_message.structure["DSD_ICT_BUS"])
    assert len(message.data) == 1
    assert message.header.sender.id == "KNBS"
    assert_same(_from_sdmx1(message.data[0]), expected_observations(results))


def test_sdmx_csv_read_by_sdmx1(
    release: SdmxFiles, structure_message: Any, results: pd.DataFrame
) -> None:
    header = release.data_csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    message = read_sdmx1(release.data_csv, structure=structure_message.dataflow["ICT_BUS"])
    assert_same(_from_sdmx1(message.data[0]), expected_observations(results))


def _from_json(message: dict[str, Any]) -> dict[Key, Observation]:
    structure = message["data"]["structures"][0]
    dimensions = sorted(structure["dimensions"]["observation"], key=lambda d: d["keyPosition"])
    attributes = structure["attributes"]["observation"]
    measure = structure["measures"]["observation"][0]["id"]
    observations = {}
    for key, values in message["data"]["dataSets"][0]["observations"].items():
        positions = [int(p) for p in key.split(":")]
        code = tuple(d["values"][p]["id"] for d, p in zip(dimensions, positions, strict=True))
        found: Observation = {measure: values[0]}
        for attribute, position in zip(attributes, values[1:], strict=False):
            if position is not None:
                value = attribute["values"][position]
                found[attribute["id"]] = value["id"] if "id" in value else value["value"]
        observations[code] = found
    return observations


def test_sdmx_json_is_valid_and_holds_every_observation(
    release: SdmxFiles, results: pd.DataFrame
) -> None:
    message = json.loads(release.data_json.read_text(encoding="utf-8"))
    validator = Draft202012Validator(
        json_data_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(message)]
    assert not errors, errors[:5]
    assert_same(_from_json(message), expected_observations(results))


def test_sdmx_json_names_in_six_languages(release: SdmxFiles) -> None:
    message = json.loads(release.data_json.read_text(encoding="utf-8"))
    assert set(message["meta"]["contentLanguages"]) == set(LANGUAGES)
    structure = message["data"]["structures"][0]
    for dimension in structure["dimensions"]["observation"]:
        assert set(dimension["names"]) == set(LANGUAGES)
        for value in dimension["values"]:
            assert set(value["names"]) == set(LANGUAGES)
    sex = next(d for d in structure["dimensions"]["observation"] if d["id"] == "SEX")
    female = next(v for v in sex["values"] if v["id"] == "F")
    assert female["names"]["es"] == "Mujer"


def test_confidential_cells_carry_no_number_in_any_file(
    release: SdmxFiles, results: pd.DataFrame
) -> None:
    """A suppressed 12.3456 % must not leak as a value, an SE, a CV, a CI limit or an n."""
    hidden = results[results["conf_status"] != "F"]
    secrets = {f"{100 * value:.4f}"[:-1] for value in hidden["estimate"]}
    secrets |= {f"{100 * value:.4f}"[:-1] for value in hidden["ci_low"]}
    for path in (release.data_xml, release.data_csv, release.data_json):
        text = path.read_text(encoding="utf-8")
        assert not [s for s in secrets if s in text], path.name


def test_files_are_reproducible(results: pd.DataFrame, tmp_path: Path) -> None:
    """The same table and timestamp give byte-identical files (a release can be re-made)."""
    first = write_all(results, tmp_path / "a", ref_area=REF_AREA, prepared=PREPARED)
    second = write_all(
        results.sample(frac=1, random_state=3), tmp_path / "b", ref_area=REF_AREA, prepared=PREPARED
    )
    for one, two in zip(
        (first.structure_xml, first.data_xml, first.data_csv, first.data_json),
        (second.structure_xml, second.data_xml, second.data_csv, second.data_json),
        strict=True,
    ):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_sdmx_ml_data_read_by_pysdmx(release: SdmxFiles, results: pd.DataFrame) -> None:
    """A second reader for the lxml-written data message (pysdmx validates it on reading)."""
    message = pysdmx_read(release.data_xml, validate=True)
    table = message.data[0].data
    key = [
        "REF_AREA",
        "FREQ",
        "MEASURE",
        "UNIT_MEASURE",
        "ACTIVITY",
        "SIZE_CLASS",
        "SEX",
        "REGION",
        "TIME_PERIOD",
    ]
    observations = {
        tuple(str(row[k]) for k in key): {k: v for k, v in row.items() if k not in key}
        for row in table.to_dict("records")
    }
    assert_same(observations, expected_observations(results))
