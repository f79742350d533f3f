"""The SDMX REST API over the test project: every route, content negotiation, wildcards,
periods and errors. Answers are read back with sdmx1 (SDMX-ML, SDMX-CSV) and the SDMX-JSON 2.0
field guide; expected values are the project's hand-picked figures (tests/portal/project.py)."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
import sdmx
from fastapi.testclient import TestClient
from lxml import etree

from publish.schemas import message_schema, structure_specific_schema

from .project import AGENCY, SECRETS

SS_XML = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
SDMX_CSV = "application/vnd.sdmx.data+csv;version=2.0.0"
SDMX_JSON = "application/vnd.sdmx.data+json;version=2.0.0"
B1_GE10 = "KE.A.B1.PC_ENT._T.GE10._T._T"
MES = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message}"


def _structure(client: TestClient) -> Any:
    answer = client.get(f"/sdmx/rest/datastructure/{AGENCY}/DSD_ICT_BUS/1.0")
    assert answer.status_code == 200
    return sdmx.read_sdmx(io.BytesIO(answer.content), format="XML")


def _observations(dataset: Any) -> dict[tuple[str, ...], dict[str, Any]]:
    found = {}
    for obs in dataset.obs:
        key = tuple(str(kv.value) for kv in obs.key.values.values())
        found[key] = {"OBS_VALUE": obs.value} | {k: a.value for k, a in obs.attrib.items()}
    return found


def _error_code(content: bytes) -> str:
    root = etree.fromstring(content)
    assert root.tag == f"{MES}Error"
    return str(root.find(f"{MES}ErrorMessage").get("code"))


@pytest.mark.parametrize(
    "path",
    [
        "dataflow",
        "dataflow/all/all/latest",
        f"dataflow/{AGENCY}/ICT_BUS/1.0",
        f"dataflow/{AGENCY}/ICT_BUS",
        f"datastructure/{AGENCY}/DSD_ICT_BUS/1.0",
        f"conceptscheme/{AGENCY}/CS_ICT_BUS/latest",
        f"codelist/{AGENCY}/CL_SIZE_CLASS/1.0",
    ],
)
def test_structure_queries_answer_with_the_structure_message(client: TestClient, path: str) -> None:
    answer = client.get(f"/sdmx/rest/{path}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.sdmx.structure+xml")
    message = sdmx.read_sdmx(io.BytesIO(answer.content), format="XML")
    flow = message.dataflow["ICT_BUS"]
    assert flow.maintainer.id == AGENCY
    assert str(flow.name.localizations["fr"])
    sizes = message.codelist["CL_SIZE_CLASS"]
    assert {"10-49", "50-249", "GE250", "GE10"} <= {c.id for c in sizes}


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("dataflow/OECD/ICT_BUS/1.0", 404, "100"),
        (f"dataflow/{AGENCY}/ICT_HH/1.0", 404, "100"),
        (f"dataflow/{AGENCY}/ICT_BUS/2.0", 404, "100"),
        (f"codelist/{AGENCY}/CL_NOPE/1.0", 404, "100"),
        (f"categoryscheme/{AGENCY}/CAT/1.0", 501, "501"),
    ],
)
def test_structure_queries_that_match_nothing(
    client: TestClient, path: str, status: int, code: str
) -> None:
    answer = client.get(f"/sdmx/rest/{path}")
    assert answer.status_code == status
    assert _error_code(answer.content) == code


def test_structure_in_a_format_not_served_is_406(client: TestClient) -> None:
    answer = client.get(
        f"/sdmx/rest/dataflow/{AGENCY}/ICT_BUS/1.0",
        headers={"Accept": "application/vnd.sdmx.structure+json;version=1.0.0"},
    )
    assert answer.status_code == 406
    assert _error_code(answer.content) == "406"


def test_data_as_sdmx_ml_read_by_sdmx1(client: TestClient) -> None:
    dsd = _structure(client).structure["DSD_ICT_BUS"]
    answer = client.get(f"/sdmx/rest/data/ICT_BUS/{B1_GE10}", headers={"Accept": SS_XML})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(
        "application/vnd.sdmx.structurespecificdata+xml"
    )
    message = sdmx.read_sdmx(io.BytesIO(answer.content), format="XML", structure=dsd)
    found = _observations(message.data[0])
    assert set(found) == {
        ("KE", "A", "B1", "PC_ENT", "_T", "GE10", "_T", "_T", "2024"),
        ("KE", "A", "B1", "PC_ENT", "_T", "GE10", "_T", "_T", "2025"),
    }
    latest = found[("KE", "A", "B1", "PC_ENT", "_T", "GE10", "_T", "_T", "2025")]
    # 100 × 0.473; SE 100 × 0.015; lower limit 100 × (0.473 − 1.96 × 0.015) = 44.36.
    assert float(latest["OBS_VALUE"]) == pytest.approx(47.3)
    assert float(latest["SE"]) == pytest.approx(1.5)
    assert float(latest["CI_LOWER"]) == pytest.approx(44.36)
    assert latest["N_RESP"] == "812"


def test_data_as_sdmx_csv(client: TestClient) -> None:
    answer = client.get(f"/sdmx/rest/data/ICT_BUS/{B1_GE10}", headers={"Accept": SDMX_CSV})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.sdmx.data+csv")
    lines = answer.text.strip().splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert header[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    assert {r["STRUCTURE_ID"] for r in rows} == {f"{AGENCY}:ICT_BUS(1.0)"}
    by_year = {r["TIME_PERIOD"]: r for r in rows}
    assert float(by_year["2024"]["OBS_VALUE"]) == pytest.approx(45.0)
    # CV in %: 100 × 0.016 / 0.45.
    assert float(by_year["2024"]["CV"]) == pytest.approx(100 * 0.016 / 0.45)


def test_data_as_sdmx_json(client: TestClient) -> None:
    answer = client.get(f"/sdmx/rest/data/ICT_BUS/{B1_GE10}", headers={"Accept": SDMX_JSON})
    assert answer.status_code == 200
    message = json.loads(answer.content)
    structure = message["data"]["structures"][0]
    dimensions = structure["dimensions"]["observation"]
    time = next(d for d in dimensions if d["id"] == "TIME_PERIOD")
    values = {}
    for key, (value, *_) in message["data"]["dataSets"][0]["observations"].items():
        position = int(key.split(":")[time["keyPosition"]])
        values[time["values"][position]["id"]] = value
    assert values == {"2024": pytest.approx(45.0), "2025": pytest.approx(47.3)}


@pytest.mark.parametrize(
    ("accept", "query", "expected"),
    [
        (None, "", "application/vnd.sdmx.structurespecificdata+xml"),
        ("*/*", "", "application/vnd.sdmx.structurespecificdata+xml"),
        ("application/xml", "", "application/vnd.sdmx.structurespecificdata+xml"),
        ("text/csv", "", "application/vnd.sdmx.data+csv"),
        ("application/json", "", "application/vnd.sdmx.data+json"),
        (f"{SDMX_CSV};q=0.5, {SDMX_JSON}", "", "application/vnd.sdmx.data+json"),
        ("text/html, */*;q=0.1", "", "application/vnd.sdmx.structurespecificdata+xml"),
        (None, "?format=csvfile", "application/vnd.sdmx.data+csv"),
        (None, "?format=jsondata", "application/vnd.sdmx.data+json"),
    ],
)
def test_content_negotiation(
    client: TestClient, accept: str | None, query: str, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    answer = client.get(f"/sdmx/rest/data/ICT_BUS/{B1_GE10}{query}", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(expected)


@pytest.mark.parametrize(
    "accept",
    [
        "application/vnd.sdmx.genericdata+xml;version=2.1",
        "application/vnd.sdmx.data+json;version=1.0.0",
        "application/vnd.sdmx.data+csv;version=1.0.0",
        "text/html",
        "application/json;q=0",
    ],
)
def test_media_types_not_served_are_406(client: TestClient, accept: str) -> None:
    answer = client.get(f"/sdmx/rest/data/ICT_BUS/{B1_GE10}", headers={"Accept": accept})
    assert answer.status_code == 406
    assert _error_code(answer.content) == "406"


def _keys(client: TestClient, path: str) -> set[tuple[str, ...]]:
    answer = client.get(f"/sdmx/rest/data/{path}", headers={"Accept": SDMX_CSV})
    assert answer.status_code == 200, answer.text
    lines = answer.text.strip().splitlines()
    header = lines[0].split(",")
    wanted = [
        header.index(c) for c in ("MEASURE", "SIZE_CLASS", "ACTIVITY", "REGION", "TIME_PERIOD")
    ]
    return {tuple(line.split(",")[i] for i in wanted) for line in lines[1:]}


def test_wildcards_and_alternatives(client: TestClient) -> None:
    everything = _keys(client, "ICT_BUS")
    assert len(everything) == 13  # every figure of the project
    assert _keys(client, "ICT_BUS/all") == everything
    assert _keys(client, f"{AGENCY},ICT_BUS,1.0/all/{AGENCY}") == everything
    # Empty positions are wildcards; + separates alternatives.
    assert _keys(client, "ICT_BUS/..B7...GE250+10-49..") == {
        ("B7", "GE250", "_T", "_T", "2025"),
        ("B7", "10-49", "_T", "_T", "2025"),
    }
    assert _keys(client, "ICT_BUS/*.*.B1.*.C10-C33+G47.*.*.*") == {
        ("B1", "GE10", "C10-C33", "_T", "2025"),
        ("B1", "GE10", "G47", "_T", "2025"),
    }
    assert _keys(client, "ICT_BUS/.......NBO") == {("B1", "GE10", "_T", "NBO", "2025")}


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("startPeriod=2025", {"2025"}),
        ("endPeriod=2024", {"2024"}),
        ("startPeriod=2024&endPeriod=2025", {"2024", "2025"}),
        # Annual periods that overlap the range are kept: 2024 overlaps 2024-07 onwards.
        ("startPeriod=2024-07", {"2024", "2025"}),
        ("endPeriod=2024-12-31", {"2024"}),
    ],
)
def test_periods(client: TestClient, query: str, years: set[str]) -> None:
    found = _keys(client, f"ICT_BUS/..B1...10-49..?{query}")
    assert {key[-1] for key in found} == years


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("ICT_BUS/..B99.....", 404, "100"),
        ("ICT_BUS/..B1.....?startPeriod=2030", 404, "100"),
        ("OTHER_FLOW/all", 404, "100"),
        ("OECD,ICT_BUS,1.0/all", 404, "100"),
        ("ICT_BUS/all/OTHER_PROVIDER", 404, "100"),
        ("ICT_BUS/B1.GE10", 400, "140"),
        ("ICT_BUS/all?startPeriod=last year", 400, "140"),
        ("A,B,C,D/all", 400, "140"),
        ("ICT_BUS/all?dimensionAtObservation=TIME_PERIOD", 501, "501"),
    ],
)
def test_data_errors_are_sdmx_error_messages(
    client: TestClient, path: str, status: int, code: str
) -> None:
    answer = client.get(f"/sdmx/rest/data/{path}")
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/xml")
    assert _error_code(answer.content) == code


@pytest.mark.parametrize("accept", [SS_XML, SDMX_CSV, SDMX_JSON])
def test_confidential_and_unreliable_figures_have_no_value_in_the_api(
    client: TestClient, accept: str
) -> None:
    answer = client.get("/sdmx/rest/data/ICT_BUS/all", headers={"Accept": accept})
    assert answer.status_code == 200
    assert not [s for s in SECRETS if s in answer.text]
    dsd = _structure(client).structure["DSD_ICT_BUS"]
    if accept == SS_XML:
        found = _observations(
            sdmx.read_sdmx(io.BytesIO(answer.content), format="XML", structure=dsd).data[0]
        )
        hidden = found[("KE", "A", "B1", "PC_ENT", "_T", "GE250", "_T", "_T", "2025")]
        assert hidden["CONF_STATUS"] == "C"
        assert hidden["OBS_VALUE"] is None or math.isnan(float(hidden["OBS_VALUE"]))
        assert "SE" not in hidden


def test_a_key_of_the_wrong_length_gets_an_example(client: TestClient) -> None:
    answer = client.get("/sdmx/rest/data/ICT_BUS/B1.GE10")
    assert "e.g. ..B1+B3....." in answer.text


def test_data_and_error_messages_are_valid_sdmx_ml(client: TestClient, tmp_path: Path) -> None:
    """The official SDMX-ML 2.1 schemas (and the DSD's own, for the data) accept the answers."""
    dsd = _structure(client).structure["DSD_ICT_BUS"]
    namespace = (
        f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={AGENCY}:ICT_BUS(1.0)"
        ":ObsLevelDim:AllDimensions"
    )
    data_schema = etree.XMLSchema(
        etree.parse(str(structure_specific_schema(dsd, namespace, tmp_path)))
    )
    data = client.get("/sdmx/rest/data/ICT_BUS/..B1+B7.....", headers={"Accept": SS_XML})
    document = etree.fromstring(data.content)
    assert data_schema.validate(document), data_schema.error_log
    messages = message_schema()
    for path in ("data/ICT_BUS/..B99.....", "data/ICT_BUS/B1", f"dataflow/{AGENCY}/ICT_BUS/1.0"):
        document = etree.fromstring(client.get(f"/sdmx/rest/{path}").content)
        assert messages.validate(document), (path, messages.error_log)


def test_an_unknown_format_parameter_is_406(client: TestClient) -> None:
    answer = client.get(f"/sdmx/rest/data/ICT_BUS/{B1_GE10}?format=pdf")
    assert answer.status_code == 406
