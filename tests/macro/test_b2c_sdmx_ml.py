"""SDMX-ML reaches the index through any reader's table: here sdmx1 reading SDMX-ML 2.1."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sdmx

from destat.macro.b2c import (
    B2CInputError,
    combine_inputs,
    compute_index,
    edition_rules,
    from_table,
    read_series_file,
)

DATA = Path(__file__).parent / "data"


def _sdmx_ml_table(path: Path) -> pd.DataFrame:
    message = sdmx.read_sdmx(path)
    return sdmx.to_pandas(message.data[0]).reset_index()  # TIME_PERIOD, REF_AREA, INDICATOR, value


def test_sdmx_ml_gives_the_same_index_as_sdmx_csv() -> None:
    others = [read_series_file(DATA / n) for n in ("b2c_components.csv", "b2c_wdi_servers.csv")]
    via_xml = from_table(_sdmx_ml_table(DATA / "b2c_upu_pri.xml"), "b2c_upu_pri.xml")
    via_csv = read_series_file(DATA / "b2c_upu_pri.sdmx.csv")
    assert len(via_xml) == 4
    rules = edition_rules(2020)
    xml_index = compute_index(combine_inputs([*others, via_xml]), rules).economies
    csv_index = compute_index(combine_inputs([*others, via_csv]), rules).economies
    # Both equal the hand-worked values of test_b2c_method.py: 94.5, 59.5, 30, 15.
    assert xml_index["index"].round(6).tolist() == [94.5, 59.5, 30.0, 15.0]
    pd.testing.assert_series_equal(xml_index["index"], csv_index["index"])


def test_a_reader_table_with_a_bad_cell_names_its_row() -> None:
    table = pd.DataFrame(
        {"REF_AREA": ["XAA", "XBB"], "TIME_PERIOD": ["2019", "2019"], "INDICATOR": ["PRI", "PRI"],
         "OBS_VALUE": [92.0, 150.0]}
    )  # fmt: skip
    with pytest.raises(B2CInputError, match=r"upu\.xml, line 3, column value: postal_rel"):
        from_table(table, "upu.xml")
