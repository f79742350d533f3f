"""Experimental web indicators: hand counts on a small register, a sample's SE by hand, and the
table beside the survey's B5 and B7."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.errors import ConfigError
from destat.web.indicators import beside_survey, release_comparison, web_indicators

# Ten register units in scope, linked by hand.
UNITS = pd.DataFrame(
    {
        "enterprise_id": [f"E{i}" for i in range(1, 11)],
        "size_class": ["10-49"] * 6 + ["50-249"] * 3 + ["GE250"],
        "industry": [
            "G47",
            "G47",
            "G47",
            "C10-C12",
            "C10-C12",
            "I55-I56",
            "G47",
            "C10-C12",
            "I55-I56",
            "G47",
        ],
        "has_website": [1, 0, 1, 0, 0, 1, 1, 1, 1, 1],
        "sells_online": [1, 0, 0, 0, 0, 1, 1, 0, 0, 1],
        "social_media": [0, 0, 1, 0, 0, 1, 1, 0, 1, 1],
    }
)


def _row(table: pd.DataFrame, code: str, size: str = "GE10", activity: str = "_T") -> pd.Series:
    rows = table[
        (table["indicator"] == code)
        & (table["size_class"] == size)
        & (table["activity"] == activity)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_census_shares_are_the_hand_counts_with_no_sampling_error() -> None:
    table = web_indicators(UNITS)
    # Overall: websites 7 of 10, selling online 4 of 10, social media 5 of 10.
    assert _row(table, "WEB_SITE")["estimate"] == pytest.approx(0.7)
    assert _row(table, "WEB_SELLS")["estimate"] == pytest.approx(0.4)
    assert _row(table, "WEB_SOCIAL")["estimate"] == pytest.approx(0.5)
    # 10-49 (E1-E6): websites E1, E3, E6 = 3 of 6; selling E1, E6 = 2 of 6.
    assert _row(table, "WEB_SITE", "10-49")["estimate"] == pytest.approx(3 / 6)
    assert _row(table, "WEB_SELLS", "10-49")["estimate"] == pytest.approx(2 / 6)
    assert _row(table, "WEB_SITE", "10-49")["n"] == 6
    # G47 (E1, E2, E3, E7, E10): websites 4 of 5, selling E1, E7, E10 = 3 of 5.
    assert _row(table, "WEB_SITE", activity="G47")["estimate"] == pytest.approx(4 / 5)
    assert _row(table, "WEB_SELLS", activity="G47")["estimate"] == pytest.approx(3 / 5)
    assert np.allclose(table["se"], 0.0)
    assert table["experimental"].all()
    assert len(table) == 3 * (1 + 3 + 3)  # three series: total, three sizes, three industries


def test_a_sample_gets_the_stratified_estimate_and_its_linearised_se() -> None:
    # Two strata: A (N = 40, n = 4) and B (N = 60, n = 6); the units above are the sample.
    sample = UNITS.assign(
        stratum=["A"] * 4 + ["B"] * 6,
        population=[40.0] * 4 + [60.0] * 6,
        weight=[10.0] * 4 + [10.0] * 6,
    )
    table = web_indicators(sample, ((),), weights="weight", strata="stratum", fpc="population")
    y = sample["has_website"].to_numpy(float)
    w = sample["weight"].to_numpy()
    mean = (w * y).sum() / w.sum()  # (10 * 2 + 10 * 5) / 100 = 0.7
    assert mean == pytest.approx(0.7)
    # Taylor linearisation of the ratio mean: z = w (y - mean) / sum(w); per stratum,
    # (1 - n/N) n / (n - 1) * sum((z - mean_h(z))^2) (Lumley 2010, sec. 2.2).
    z = w * (y - mean) / w.sum()
    variance = 0.0
    for stratum, size, big in (("A", 4, 40), ("B", 6, 60)):
        zh = z[sample["stratum"] == stratum]
        variance += (1 - size / big) * size / (size - 1) * ((zh - zh.mean()) ** 2).sum()
    row = _row(table, "WEB_SITE")
    assert row["estimate"] == pytest.approx(mean)
    assert row["se"] == pytest.approx(np.sqrt(variance), rel=1e-10)
    assert row["se"] > 0


def test_beside_survey_pairs_each_series_with_its_indicator() -> None:
    web = web_indicators(UNITS)
    survey = pd.DataFrame(
        {
            "indicator": ["B5", "B7", "B5"],
            "size_class": ["GE10", "GE10", "10-49"],
            "activity": ["_T", "_T", "_T"],
            "region": ["_T"] * 3,
            "owner_sex": ["_T"] * 3,
            "estimate": [0.8, 0.3, 0.75],
            "se": [0.02, 0.03, 0.025],
            "n": [200, 200, 150],
        }
    )
    table = beside_survey(web, survey)
    total = table[(table["size_class"] == "GE10")].set_index("web_indicator")
    assert total.loc["WEB_SITE", "survey_indicator"] == "B5"
    assert total.loc["WEB_SITE", "difference"] == pytest.approx(0.7 - 0.8)
    assert total.loc["WEB_SELLS", "difference"] == pytest.approx(0.4 - 0.3)
    assert total.loc["WEB_SOCIAL", "survey_estimate"] == pytest.approx(0.8)
    small = table[table["size_class"] == "10-49"].set_index("web_indicator")
    assert small.loc["WEB_SITE", "difference"] == pytest.approx(0.5 - 0.75)
    assert len(table) == 3 + 2  # breakdowns without a survey figure are left out


def test_release_comparison_uses_the_survey_codes() -> None:
    table = release_comparison(web_indicators(UNITS))
    total = table[(table["size_class"] == "GE10") & (table["activity"] == "_T")]
    assert dict(zip(total["indicator"], total["estimate"], strict=True)) == pytest.approx(
        {"B5": 0.7, "B7": 0.4}
    )


def test_missing_web_variables_are_named() -> None:
    with pytest.raises(ConfigError, match="sells_online"):
        web_indicators(UNITS.drop(columns=["sells_online"]))
