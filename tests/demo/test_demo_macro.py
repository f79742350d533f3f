"""The demo country's macro sources: SBS summed from the register, files as the international
bodies publish them (read back by destat and by the independent sdmx1 reader), the truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sdmx

from destat.demo.macro import DEMO_ECONOMY, NEIGHBOURS, b2c_tables, generate_macro_inputs
from destat.demo.macro.economy import sbs_table
from destat.macro.sdmx_input import read_data

# Five enterprises: two in computer programming (6201, ICT), one in retail (4711), one in
# wholesale of computers (4651, ICT) and one farm (0111, outside the business sector).
REGISTER = pd.DataFrame(
    {
        "isic": ["6201", "6201", "4711", "4651", "0111"],
        "persons_employed": [10, 30, 50, 10, 400],
        "turnover": [1000.0, 2000.0, 5000.0, 4000.0, 9000.0],
    }
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("macro")
    generate_macro_inputs(folder, REGISTER, seed=11, ref_area="DL", year="2025")
    return folder


def test_sbs_sums_the_register_by_class_and_its_truth_is_the_hand_calculation() -> None:
    sbs = sbs_table(REGISTER, np.random.default_rng(1), "2025")
    employed = dict(zip(sbs.table["isic"], sbs.table["persons_employed"], strict=True))
    assert employed == {"0111": 400, "4651": 10, "4711": 50, "6201": 40}
    # Business sector: 10 + 30 + 50 + 10 = 100 persons (the farm is outside); ICT 10 + 30 + 10.
    assert sbs.truth["ICT1"] == pytest.approx(100 * 50 / 100)
    # Value added of retail is a smaller share of turnover than that of programming.
    added = dict(zip(sbs.table["isic"], sbs.table["value_added"], strict=True))
    assert added["4711"] / 5000 < added["6201"] / 3000


def test_trade_is_sdmx_csv_and_services_sdmx_ml_read_alike_by_sdmx1(files: Path) -> None:
    trade = read_data(files / "trade_hs2017.csv")
    assert trade.attrs["structure"] == "NSO_DL:DF_TRADE_HS2017(1.0)"
    assert set(trade["FLOW"]) == {"M", "X"}
    assert trade["HS"].str.fullmatch(r"\d{6}").all()
    ours = read_data(files / "bop_services.xml")
    message = sdmx.read_sdmx(files / "bop_services.xml")
    theirs = sdmx.to_pandas(message.data[0]).reset_index()
    merged = ours.merge(theirs, on=["REF_AREA", "FLOW", "BOP_ITEM", "TIME_PERIOD"])
    assert len(merged) == len(ours) == len(theirs) == 2 * 15
    np.testing.assert_allclose(merged["OBS_VALUE"], merged["value"])
    # S is the sum of the main items and SK of SK1 and SK2, in each flow.
    for _, flow in ours.groupby("FLOW"):
        value = dict(zip(flow["BOP_ITEM"], flow["OBS_VALUE"], strict=True))
        main = [item for item in value if len(item) == 2]
        assert value["S"] == pytest.approx(sum(value[item] for item in main), abs=0.051)
        assert value["SK"] == pytest.approx(value["SK1"] + value["SK2"], abs=0.051)


def test_truth_of_trade_and_services_is_the_sum_of_the_files(files: Path) -> None:
    truth = pd.read_csv(files / "macro_truth.csv").set_index("measure")["value"]
    bop = read_data(files / "bop_services.xml")
    exports = bop[bop["FLOW"] == "X"].set_index("BOP_ITEM")["OBS_VALUE"]
    assert truth["ICT_SERVICES_X"] == pytest.approx(100 * exports["SI"] / exports["S"])
    shares = pd.read_csv(files / "services_delivery_survey.csv")
    pairs = zip(shares["ebops"], shares["share_ict_delivered"], strict=True)
    delivered = sum(exports[item] * share for item, share in pairs)
    assert truth["DELIVERED_X"] == pytest.approx(100 * delivered / exports["S"])


def test_the_same_seed_gives_the_same_files(files: Path, tmp_path: Path) -> None:
    generate_macro_inputs(tmp_path, REGISTER, seed=11, ref_area="DL", year="2025")
    for name in ("sbs_ciiu4.csv", "trade_hs2017.csv", "bop_services.xml", "b2c_components.csv"):
        assert (tmp_path / name).read_bytes() == (files / name).read_bytes()


def test_b2c_components_cover_thirteen_economies_one_without_postal_score() -> None:
    b2c = b2c_tables(np.random.default_rng(3))
    table = b2c.table
    assert set(table["country"]) == {DEMO_ECONOMY, *NEIGHBOURS}
    assert sorted(table.loc[table["component"] == "account", "year"].unique()) == [2014, 2017, 2021]
    postal = set(table.loc[table["component"] == "postal_reliability", "country"])
    assert NEIGHBOURS[-1] not in postal
    assert b2c.truth["B2C_INDEXED"] == 12
    assert 1 <= b2c.truth["B2C_RANK"] <= 12
