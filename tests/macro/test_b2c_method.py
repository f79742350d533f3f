"""The B2C E-commerce Index method, checked by hand calculation.

No published table of the four components could be read (see docs/b2c-index.md), so every
expected value here is worked out by hand in the comments; the economies are fictitious
(ISO 3166 user-assigned codes X..).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.errors import ConfigError
from destat.macro.b2c import (
    Method,
    ServerScaling,
    compute_index,
    edition_rules,
    read_groups,
    read_inputs,
    scale_servers,
    value_for_year,
)

DATA = Path(__file__).parent / "data"
FILES = [DATA / "b2c_components.csv", DATA / "b2c_wdi_servers.csv", DATA / "b2c_upu_pri.sdmx.csv"]


def test_cagr_between_two_surveys_by_hand() -> None:
    # Findex 2014 = 40, 2017 = 50; 2016 is 2/3 of the way: 40 · 1.25^(2/3).
    # 1.25^(2/3) = 1.5625^(1/3) = 1.16040 (1.1604³ = 1.56251), so 40 · 1.16040 = 46.416.
    filled = value_for_year({2014: 40.0, 2017: 50.0}, 2016, survey=True)
    assert filled is not None
    assert filled.value == pytest.approx(46.416, abs=1e-3)
    assert (filled.data_year, filled.method) == (2016, Method.CAGR)


def test_latest_available_after_the_last_survey_and_for_other_series() -> None:
    # Edition 2020 (reference year 2019) uses Findex 2017 as the latest available.
    after = value_for_year({2014: 40.0, 2017: 50.0}, 2019, survey=True)
    assert after is not None
    assert (after.value, after.data_year, after.method) == (50.0, 2017, Method.LATEST)
    # Internet use is not a survey series: between two years the earlier one is used.
    between = value_for_year({2017: 60.0, 2020: 90.0}, 2019, survey=False)
    assert between is not None
    assert (between.value, between.data_year, between.method) == (60.0, 2017, Method.LATEST)


def test_no_value_before_the_first_observation_and_zero_has_no_growth_rate() -> None:
    assert value_for_year({2017: 50.0}, 2016, survey=True) is None
    zero = value_for_year({2014: 0.0, 2017: 30.0}, 2016, survey=True)
    assert zero is not None
    assert (zero.value, zero.method) == (0.0, Method.LATEST)


def test_secure_servers_log_min_max_by_hand() -> None:
    # ln(x) between ln 1 and ln 10 000: 10 000 → 100, 100 → 2/4 → 50, 10 → 1/4 → 25, 1 → 0;
    # none at all scores 0.
    servers = pd.Series([10_000.0, 100.0, 10.0, 1.0, 0.0])
    scores = scale_servers(servers, ServerScaling.LOG_MIN_MAX)
    assert scores.tolist() == pytest.approx([100.0, 50.0, 25.0, 0.0, 0.0])


def test_secure_servers_linear_rescaling_by_hand() -> None:
    # 100 · x / max: 50/200 → 25, 200 → 100, 0 → 0.
    scores = scale_servers(pd.Series([50.0, 200.0, 0.0]), ServerScaling.LINEAR_MAX)
    assert scores.tolist() == pytest.approx([25.0, 100.0, 0.0])


def test_edition_2020_index_and_ranks_by_hand() -> None:
    # Reference year 2019. Payment: XAA Findex 2017 = 90 (latest); XBB 50 (2017) and 72 (2021)
    # → 50 · (72/50)^(2/4) = 50 · 1.2 = 60 (CAGR); XCC 30 observed; XDD 20 (2017, latest).
    # Servers (per million) 10 000, 100, 1, 10 → 100, 50, 0, 25 among the four indexed;
    # XEE (1 000 000 servers) has no postal score, so it is left out and sets no maximum.
    # Index: XAA (90+96+100+92)/4 = 94.5; XBB (60+70+50+58)/4 = 59.5;
    #        XDD (20+40+25+35)/4 = 30;    XCC (30+20+0+10)/4 = 15.
    result = compute_index(read_inputs(FILES), edition_rules(2020))
    latest = result.economies[result.economies["reference_year"] == 2019].set_index("country")
    assert latest["index"].to_dict() == pytest.approx(
        {"XAA": 94.5, "XBB": 59.5, "XDD": 30.0, "XCC": 15.0}
    )
    assert latest["rank"].to_dict() == {"XAA": 1, "XBB": 2, "XDD": 3, "XCC": 4}
    assert latest.loc["XBB", "payment_method"] == "cagr"
    assert latest.loc["XBB", "payment_value"] == pytest.approx(60.0)
    assert latest.loc["XDD", ["delivery_data_year", "delivery_method"]].tolist() == [2018, "latest"]
    assert set(latest["edition"]) == {2020}
    left_out = result.excluded[result.excluded["reference_year"] == 2019]
    assert left_out[["country", "missing"]].values.tolist() == [["XEE", "postal_reliability"]]


def test_previous_year_is_revised_under_the_same_edition(tmp_path: Path) -> None:
    # Edition 2018 computes 2017 and, again, 2016. For 2016 the account value comes from the
    # 2014 and 2017 surveys: 40 · 1.25^(2/3) = 46.416 (see above); with Internet 50, servers
    # 100 (the only economy, so the maximum) and postal 60 the 2016 index is
    # (46.416 + 50 + 100 + 60) / 4 = 64.104; for 2017 it is (50 + 50 + 100 + 60) / 4 = 65.
    rows = [
        ("XAA", 2014, "account", 40), ("XAA", 2017, "account", 50),
        ("XAA", 2016, "internet", 50), ("XAA", 2016, "servers", 300),
        ("XAA", 2016, "postal_reliability", 60),
    ]  # fmt: skip
    path = tmp_path / "one.csv"
    pd.DataFrame(rows, columns=["country", "year", "component", "value"]).to_csv(path, index=False)
    result = compute_index(read_inputs([path]), edition_rules(2018))
    by_year = result.economies.set_index("reference_year")
    assert by_year["index"].to_dict() == pytest.approx({2017: 65.0, 2016: 64.104}, abs=1e-3)
    assert by_year.loc[2016, "payment_method"] == "cagr"
    assert set(by_year["edition"]) == {2018}


def test_ties_share_the_better_rank(tmp_path: Path) -> None:
    # XAA and XBB both average (80+80+100+80)/4 = 85 (same servers, so both score 100);
    # XCC (40+40+0+40)/4 = 30 with the fewest servers. Ranks 1, 1, 3.
    rows = []
    for country, level, servers in (("XAA", 80, 500), ("XBB", 80, 500), ("XCC", 40, 5)):
        for component in ("account", "internet", "postal_reliability"):
            rows.append((country, 2019, component, level))
        rows.append((country, 2019, "servers", servers))
    path = tmp_path / "ties.csv"
    pd.DataFrame(rows, columns=["country", "year", "component", "value"]).to_csv(path, index=False)
    economies = compute_index(read_inputs([path]), edition_rules(2020)).economies
    ranks = economies[economies["reference_year"] == 2019].set_index("country")["rank"]
    assert ranks.to_dict() == {"XAA": 1, "XBB": 1, "XCC": 3}


def test_group_aggregates_are_unweighted_means_of_indexed_members() -> None:
    # North = XAA, XBB: index (94.5 + 59.5)/2 = 77; South = XCC, XDD (XEE not indexed):
    # (15 + 30)/2 = 22.5, servers (0 + 25)/2 = 12.5.
    result = compute_index(
        read_inputs(FILES), edition_rules(2020), read_groups(DATA / "b2c_groups.csv")
    )
    regions = result.aggregates[result.aggregates["grouping"] == "region"].set_index("group")
    assert regions["index"].to_dict() == pytest.approx({"North": 77.0, "South": 22.5})
    assert regions["economies"].to_dict() == {"North": 2, "South": 2}
    assert regions.loc["South", "servers_value"] == pytest.approx(12.5)


def test_editions_pick_their_payment_and_delivery_series() -> None:
    assert edition_rules(2016).payment == "credit_card"
    assert edition_rules(2017).payment == "account"
    assert edition_rules(2015).delivery == "home_delivery"
    assert edition_rules(2015).server_scaling is ServerScaling.LINEAR_MAX
    assert edition_rules(2020, ServerScaling.LINEAR_MAX).server_scaling is ServerScaling.LINEAR_MAX
    with pytest.raises(ConfigError, match="no B2C E-commerce Index edition 2012"):
        edition_rules(2012)


def test_edition_2015_rescales_servers_to_the_maximum(tmp_path: Path) -> None:
    # IER 2015: credit cards (Findex 2011), Internet (2013), servers (2013), home delivery (2012);
    # servers 400 and 100 per million → 100 and 25. XAA (50+80+100+90)/4 = 80;
    # XBB (10+30+25+70)/4 = 33.75.
    rows = [
        ("XAA", 2011, "credit_card", 50), ("XAA", 2013, "internet", 80),
        ("XAA", 2013, "servers", 400), ("XAA", 2012, "home_delivery", 90),
        ("XBB", 2011, "credit_card", 10), ("XBB", 2013, "internet", 30),
        ("XBB", 2013, "servers", 100), ("XBB", 2012, "home_delivery", 70),
        ("XBB", 2013, "account", 99), ("XBB", 2013, "postal_reliability", 99),
    ]  # fmt: skip
    path = tmp_path / "ier2015.csv"
    pd.DataFrame(rows, columns=["country", "year", "component", "value"]).to_csv(path, index=False)
    economies = compute_index(read_inputs([path]), edition_rules(2015)).economies
    latest = economies[economies["reference_year"] == 2013].set_index("country")
    assert latest["index"].to_dict() == pytest.approx({"XAA": 80.0, "XBB": 33.75})
    assert latest.loc["XAA", ["payment_data_year", "delivery_data_year"]].tolist() == [2011, 2012]
    assert set(latest["payment_series"]) == {"credit_card"}  # account and PRI are not used
