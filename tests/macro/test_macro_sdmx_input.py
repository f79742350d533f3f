"""Reading SDMX-CSV, SDMX-ML and plain CSV: files written by destat's own SDMX writers, hand-written
samples in the layouts UNCTADstat, ITU and the World Bank publish, and hostile XML."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
import sdmx
from pysdmx.io import read_sdmx as pysdmx_read

from destat.errors import InputFileError
from destat.macro.errors import MacroInputError
from destat.macro.sdmx_input import read_data, read_plain_csv, read_sdmx_csv, read_sdmx_ml
from destat.publish.sdmx import UnsafeXmlError, write_all

MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
GENERIC = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"


def _results() -> pd.DataFrame:
    rows = []
    for indicator, unit, region, estimate in (
        ("B1", "PC_ENT", "_T", 0.812),
        ("B1", "PC_ENT", "NBO", 0.9),
        ("B2", "PC_EMP", "_T", 0.455),
    ):
        rows.append(
            {
                "indicator": indicator,
                "unit": unit,
                "size_class": "GE10",
                "activity": "_T",
                "owner_sex": "_T",
                "region": region,
                "time_period": "2025",
                "ref_area": "KE",
                "estimate": estimate,
                "se": 0.02,
                "ci_low": estimate - 0.0392,
                "ci_high": estimate + 0.0392,
                "cv": 0.02 / estimate,
                "n": 120,
                "quality": "A",
                "conf_status": "F",
                "obs_status": "A",
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    files = write_all(
        _results(),
        tmp_path_factory.mktemp("sdmx"),
        ref_area="KE",
        agency="KNBS",
        regions={"NBO": "Nairobi"},
        prepared=datetime(2026, 1, 15, tzinfo=UTC),
    )
    return files.data_csv, files.data_xml


def _by_key(table: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(row["MEASURE"], row["REGION"]): row["OBS_VALUE"] for _, row in table.iterrows()}


def test_reads_destat_sdmx_csv_2(written: tuple[Path, Path]) -> None:
    table = read_sdmx_csv(written[0])
    assert table.attrs["structure"] == "KNBS:ICT_BUS(1.0)"
    assert "STRUCTURE" not in table.columns
    # destat publishes proportions as percentages: 0.812 -> 81.2 (docs/sdmx.md).
    assert _by_key(table) == pytest.approx(
        {("B1", "_T"): 81.2, ("B1", "NBO"): 90.0, ("B2", "_T"): 45.5}
    )
    assert set(table["TIME_PERIOD"]) == {"2025"}


def test_reads_destat_structure_specific_xml(written: tuple[Path, Path]) -> None:
    table = read_sdmx_ml(written[1])
    assert table.attrs["structure"] == "KNBS:ICT_BUS(1.0)"
    assert _by_key(table) == pytest.approx(_by_key(read_sdmx_csv(written[0])))
    assert "{http://www.w3.org/2001/XMLSchema-instance}type" not in table.columns


def test_read_data_recognises_each_format(written: tuple[Path, Path]) -> None:
    assert _by_key(read_data(written[0])) == _by_key(read_data(written[1]))


UNCTAD_HEADER = (
    "DATAFLOW,FREQ: Frequency,ECONOMY: Economy,FLOW: Flow,TIME_PERIOD: Period,OBS_VALUE: Value,"
    "UNIT_MULT: Unit multiplier\n"
)
UNCTAD_CSV = (
    UNCTAD_HEADER
    + """\
UNCTAD:US_ICTGOODS(1.0),A: Annual,404: Kenya,M: Imports,2022,9.81,0: Units
UNCTAD:US_ICTGOODS(1.0),A: Annual,404: Kenya,X: Exports,2022,,0: Units
"""
)


def test_sdmx_csv_1_with_labels_keeps_codes(tmp_path: Path) -> None:
    path = tmp_path / "unctad.csv"
    path.write_text(UNCTAD_CSV, encoding="utf-8")
    table = read_data(path)
    assert list(table.columns) == [
        "FREQ",
        "ECONOMY",
        "FLOW",
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MULT",
    ]
    assert table.attrs["structure"] == "UNCTAD:US_ICTGOODS(1.0)"
    assert list(table["ECONOMY"]) == ["404", "404"]
    assert table.loc[0, "OBS_VALUE"] == 9.81
    assert math.isnan(table.loc[1, "OBS_VALUE"])


ITU_GENERIC = f"""<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="{MESSAGE}" xmlns:generic="{GENERIC}" xmlns:common="{COMMON}">
  <message:Header>
    <message:ID>ITU1</message:ID><message:Test>false</message:Test>
    <message:Prepared>2025-06-01T00:00:00</message:Prepared>
    <message:Sender id="ITU"/>
    <message:Structure structureID="ITU_ICT" dimensionAtObservation="TIME_PERIOD">
      <common:Structure><Ref agencyID="ITU" id="ICT_HH" version="1.0"/></common:Structure>
    </message:Structure>
  </message:Header>
  <message:DataSet structureRef="ITU_ICT">
    <generic:Series>
      <generic:SeriesKey>
        <generic:Value id="FREQ" value="A"/>
        <generic:Value id="REF_AREA" value="KE"/>
        <generic:Value id="INDICATOR" value="HH_INTERNET"/>
      </generic:SeriesKey>
      <generic:Attributes><generic:Value id="UNIT_MEASURE" value="PT"/></generic:Attributes>
      <generic:Obs>
        <generic:ObsDimension value="2021"/>
        <generic:ObsValue value="29.5"/>
        <generic:Attributes><generic:Value id="OBS_STATUS" value="E"/></generic:Attributes>
      </generic:Obs>
      <generic:Obs>
        <generic:ObsDimension value="2022"/>
        <generic:ObsValue value="32.1"/>
      </generic:Obs>
    </generic:Series>
  </message:DataSet>
</message:GenericData>
"""


def test_generic_message_matches_sdmx1_reader(tmp_path: Path) -> None:
    path = tmp_path / "itu.xml"
    path.write_text(ITU_GENERIC, encoding="utf-8")
    table = read_data(path)
    assert table.attrs["structure"] == "ITU:ICT_HH(1.0)"
    assert list(table["TIME_PERIOD"]) == ["2021", "2022"]
    assert list(table["OBS_VALUE"]) == [29.5, 32.1]
    assert list(table["UNIT_MEASURE"]) == ["PT", "PT"]
    assert list(table["OBS_STATUS"]) == ["E", ""]
    # An independent reader (sdmx1) finds the same observations.
    message = sdmx.read_sdmx(path)
    independent = sdmx.to_pandas(message.data[0])
    assert sorted(independent.to_numpy().tolist()) == sorted(table["OBS_VALUE"].tolist())


WORLD_BANK_SS = f"""<?xml version="1.0" encoding="utf-8"?>
<message:StructureSpecificData xmlns:message="{MESSAGE}" xmlns:common="{COMMON}"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:sdmx:WB:WDI">
  <message:Header>
    <message:ID>WB1</message:ID><message:Test>false</message:Test>
    <message:Prepared>2025-06-01T00:00:00</message:Prepared>
    <message:Sender id="WB"/>
    <message:Structure structureID="WB_WDI_1_0" namespace="urn:sdmx:WB:WDI"
        dimensionAtObservation="TIME_PERIOD">
      <common:Structure><Ref agencyID="WB" id="WDI" version="1.0"/></common:Structure>
    </message:Structure>
  </message:Header>
  <message:DataSet xsi:type="ns1:DataSetType">
    <Series FREQ="A" SERIES="TM_VAL_ICTG_ZS_UN" REF_AREA="KEN">
      <Obs TIME_PERIOD="2020" OBS_VALUE="10.2"/>
      <Obs TIME_PERIOD="2021" OBS_VALUE="NaN" OBS_STATUS="M"/>
    </Series>
  </message:DataSet>
</message:StructureSpecificData>
"""


def test_structure_specific_series(tmp_path: Path) -> None:
    path = tmp_path / "wb.xml"
    path.write_text(WORLD_BANK_SS, encoding="utf-8")
    table = read_sdmx_ml(path)
    assert table.attrs["structure"] == "WB:WDI(1.0)"
    assert list(table["SERIES"]) == ["TM_VAL_ICTG_ZS_UN"] * 2
    assert table.loc[0, "OBS_VALUE"] == 10.2
    assert math.isnan(table.loc[1, "OBS_VALUE"])
    assert list(table["OBS_STATUS"]) == ["", "M"]


XXE = """<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
  &secret;
</message:GenericData>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">&lol2;</message:GenericData>
"""


@pytest.mark.parametrize("text", [XXE, LAUGHS], ids=["external-entity", "entity-expansion"])
def test_hostile_xml_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnsafeXmlError, match="DTD"):
        read_data(path)


def test_sdmx_20_message_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(
        '<CompactData xmlns="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message"/>',
        encoding="utf-8",
    )
    with pytest.raises(MacroInputError, match=r"CompactData.*SDMX-ML 2\.1"):
        read_sdmx_ml(path)


def test_bad_number_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(UNCTAD_CSV.replace(",9.81,", ",9,81,").replace("2022,,", "2022,1,"), "utf-8")
    with pytest.raises(MacroInputError, match=r"bad.csv, line 2: 8 fields where the header has 7"):
        read_data(path)
    path.write_text(UNCTAD_CSV.replace(",9.81,", ",9.8%,"), encoding="utf-8")
    with pytest.raises(MacroInputError, match=r"bad.csv, line 2, column OBS_VALUE: '9.8%'"):
        read_data(path)


def test_bad_number_in_xml_names_observation_and_line(tmp_path: Path) -> None:
    path = tmp_path / "wb.xml"
    path.write_text(WORLD_BANK_SS.replace('"10.2"', '"n/a"'), encoding="utf-8")
    with pytest.raises(MacroInputError, match=r"observation 1 \(line 15\), column OBS_VALUE"):
        read_sdmx_ml(path)


def test_plain_csv_keeps_leading_zeros_and_refuses_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("isic,persons_employed\n0111,12\n6201,30\n", encoding="utf-8")
    table = read_data(path)
    assert list(table["isic"]) == ["0111", "6201"]
    assert table.attrs["structure"] is None
    path.write_text("isic,isic\n0111,12\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="line 1: column names must be unique"):
        read_plain_csv(path)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(MacroInputError, match="Cannot open"):
        read_data(tmp_path / "absent.csv")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(MacroInputError, match="is empty"):
        read_plain_csv(tmp_path / "empty.csv")


def test_encodings(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("pays,valeur\nCôte d'Ivoire,1\n".encode("latin-1"))
    with pytest.raises(MacroInputError, match="not a UTF-8 CSV file"):
        read_data(latin)
    utf16 = tmp_path / "utf16.xml"
    utf16.write_text(WORLD_BANK_SS.replace('encoding="utf-8"', 'encoding="utf-16"'), "utf-16")
    assert list(read_data(utf16)["TIME_PERIOD"]) == ["2020", "2021"]


def test_sdmx_csv_matches_pysdmx_reader(tmp_path: Path, written: tuple[Path, Path]) -> None:
    plain = tmp_path / "unctad.csv"
    plain.write_text(
        "DATAFLOW,FREQ,ECONOMY,FLOW,TIME_PERIOD,OBS_VALUE\n"
        "UNCTAD:US_ICTGOODS(1.0),A,404,M,2022,9.81\n"
        "UNCTAD:US_ICTGOODS(1.0),A,404,X,2022,0.5\n",
        encoding="utf-8",
    )
    for path in (plain, written[0]):
        ours = read_sdmx_csv(path)
        theirs = pysdmx_read(str(path)).data[0].data
        assert ours["OBS_VALUE"].tolist() == pytest.approx(
            theirs["OBS_VALUE"].astype(float).tolist()
        )
        assert ours["TIME_PERIOD"].tolist() == theirs["TIME_PERIOD"].astype(str).tolist()
