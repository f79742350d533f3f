"""GREG with web auxiliaries: the calibrated weights hit the web totals, the SE drops where a
survey answer follows a web variable and not where it does not, and intervals cover the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.errors import ConfigError
from destat.survey.design import Design
from destat.web.auxiliary import calibration_targets, greg_comparison, web_columns


def _population(rng: np.random.Generator, n: int = 4000) -> pd.DataFrame:
    size = rng.choice(["10-49", "50-249", "GE250"], size=n, p=[0.8, 0.15, 0.05])
    persons = {"10-49": 25, "50-249": 120, "GE250": 600}
    has_website = (rng.random(n) < np.where(size == "10-49", 0.4, 0.8)).astype(int)
    sells = has_website * (rng.random(n) < 0.5)
    return pd.DataFrame(
        {
            "enterprise_id": [f"E{i:05d}" for i in range(n)],
            "size_class": size,
            "industry": rng.choice(["G47", "C10-C12", "I55-I56"], size=n),
            "persons_employed": [persons[s] + int(rng.integers(0, 10)) for s in size],
            "has_website": has_website,
            "sells_online": sells,
            "social_media": has_website * (rng.random(n) < 0.6),
            # B5 follows the website closely (5% disagree); B1 has nothing to do with it.
            "web_presence": np.where(rng.random(n) < 0.05, 1 - has_website, has_website),
            "uses_computer": (rng.random(n) < 0.7).astype(int),
        }
    )


def _sample(population: pd.DataFrame, rng: np.random.Generator, n_h: int = 120) -> pd.DataFrame:
    parts = []
    for size, units in population.groupby("size_class"):
        chosen = units.iloc[rng.choice(len(units), size=min(n_h, len(units)), replace=False)]
        parts.append(
            chosen.assign(
                stratum=size,
                stratum_population=float(len(units)),
                weight=len(units) / len(chosen),
            )
        )
    web = ["has_website", "sells_online", "social_media"]
    return pd.concat(parts, ignore_index=True).drop(columns=web)


def test_the_calibrated_weights_hit_the_register_and_web_totals() -> None:
    rng = np.random.default_rng(5)
    population = _population(rng)
    sizes = ["10-49", "50-249", "GE250"]
    sample = web_columns(
        _sample(population, rng).merge(
            population[["enterprise_id", "has_website", "sells_online", "social_media"]]
        ),
        sizes,
    )
    margins, totals = calibration_targets(population, web=True)
    web = ["has_website", "sells_online", "social_media"]
    assert set(totals) == {"persons_employed"} | {f"{v}__{s}" for v in web for s in sizes}
    design = Design(sample, weights="weight", strata="stratum", fpc="stratum_population")
    weights = design.calibrate(margins=margins, totals=totals, method="linear").weights()
    for column, total in totals.items():
        assert (weights * sample[column].to_numpy(float)).sum() == pytest.approx(total, rel=1e-9)
    # The web totals are the population's counts, by hand: e.g. websites among 50-249.
    in_class = population["size_class"] == "50-249"
    assert totals["has_website__50-249"] == population.loc[in_class, "has_website"].sum()
    for variable in web:  # and the weighted web counts add up to the population's
        weighted = sum((weights * sample[f"{variable}__{s}"].to_numpy(float)).sum() for s in sizes)
        assert weighted == pytest.approx(population[variable].sum(), rel=1e-9)
    for level, count in margins["industry"].items():
        assert weights[(sample["industry"] == level).to_numpy()].sum() == pytest.approx(count)


def test_the_se_drops_where_the_answer_follows_a_web_variable() -> None:
    rng = np.random.default_rng(6)
    population = _population(rng)
    table = greg_comparison(_sample(population, rng), population, indicators=("B1", "B5"))
    total = table[(table["size_class"] == "GE10") & (table["activity"] == "_T")]
    ratio = dict(zip(total["indicator"], total["se_ratio"], strict=True))
    assert ratio["B5"] < 0.6  # strong correlation: the residuals are mostly the 5% disagreeing
    assert 0.85 < ratio["B1"] < 1.15  # no correlation: no gain (and little loss)


@pytest.mark.slow
def test_greg_with_web_totals_covers_the_truth() -> None:
    rng = np.random.default_rng(7)
    population = _population(rng)
    truth = population["web_presence"].mean()
    margins, totals = calibration_targets(population, web=True)
    web = population[["enterprise_id", "has_website", "sells_online", "social_media"]]
    sizes = ["10-49", "50-249", "GE250"]
    covered, draws = 0, 40
    for _ in range(draws):
        sample = web_columns(_sample(population, rng, 60).merge(web), sizes)
        design = Design(sample, weights="weight", strata="stratum", fpc="stratum_population")
        greg = design.calibrate(margins=margins, totals=totals, method="linear")
        row = greg.mean("web_presence").to_pandas().iloc[0]
        covered += abs(row["estimate"] - truth) <= 1.96 * row["se"]
    # 95% intervals: 8 or more misses in 40 draws (binomial, p = 0.05) has probability 0.1%.
    assert covered >= 33


def test_unlinked_respondents_are_refused() -> None:
    rng = np.random.default_rng(8)
    population = _population(rng)
    with pytest.raises(ConfigError, match="not among the linked population units"):
        greg_comparison(_sample(population, rng), population.iloc[10:], indicators=("B5",))
