"""The two-stage household sample: selection, inclusion probabilities, weights, destat designs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import destat
from destat.demo.household import (
    HouseholdDraw,
    HouseholdPopulation,
    build_population,
    draw_household_survey,
    draw_household_surveys,
    plan_household_sample,
    true_indicators,
)
from destat.demo.household.answers import RESPONSE_RATES
from destat.demo.household.sampling import select_systematic_pps
from destat.errors import ConfigError


@pytest.fixture(scope="module")
def population() -> HouseholdPopulation:
    return build_population(100_000, np.random.default_rng(8))


@pytest.fixture(scope="module")
def pps_draw(population: HouseholdPopulation) -> HouseholdDraw:
    plan = plan_household_sample(population, 160, 12, "pps")
    return draw_household_survey(population, plan, np.random.default_rng(1))


@pytest.fixture(scope="module")
def srs_draw(population: HouseholdPopulation) -> HouseholdDraw:
    plan = plan_household_sample(population, 160, 12, "srs")
    return draw_household_survey(population, plan, np.random.default_rng(1))


def _true_internet_use(population: HouseholdPopulation) -> pd.Series:
    truth = true_indicators(population)
    rows = truth[
        (truth["indicator"] == "uses_internet")
        & (truth["age_group"] == "_T")
        & (truth["area"] == "_T")
    ]
    return rows.set_index("sex")["value"]


def test_plan_allocates_eas_in_proportion_to_households(population: HouseholdPopulation) -> None:
    plan = plan_household_sample(population, 160, 12, "pps")
    strata = plan.strata
    assert int(strata["eas_sampled"].sum()) == 160
    assert (strata["eas_sampled"] >= 2).all()
    assert (strata["eas_sampled"] <= strata["eas"]).all()
    share = strata["eas_sampled"] / 160
    expected = strata["households"] / strata["households"].sum()
    assert np.abs(share - expected).max() < 0.02


@pytest.mark.parametrize("selection", ["pps", "srs"])
def test_sample_structure(population: HouseholdPopulation, selection: str) -> None:
    plan = plan_household_sample(population, 160, 12, selection)
    draw = draw_household_survey(population, plan, np.random.default_rng(2))
    households = draw.households
    assert households["household"].is_unique
    assert (households.groupby("ea").size() == 12).all()
    per_stratum = households.groupby("stratum")["ea"].nunique()
    expected = plan.strata.set_index("stratum")["eas_sampled"]
    assert (per_stratum == expected[per_stratum.index]).all()
    truth_ea = population.households["ea"].to_numpy()[households["household"] - 1]
    assert (truth_ea == households["ea"].to_numpy()).all()
    product = households["ea_probability"] * households["household_probability"]
    np.testing.assert_allclose(households["design_weight"], 1 / product)
    assert (households["household_probability"] == 12 / households["households_in_ea"]).all()


def test_pps_weights_add_up_to_the_households_of_each_stratum(
    population: HouseholdPopulation, pps_draw: HouseholdDraw
) -> None:
    households = pps_draw.households
    expected = population.strata.set_index("stratum")["households"]
    sampled = households.groupby("stratum")["design_weight"].sum()
    np.testing.assert_allclose(sampled, expected[sampled.index], rtol=1e-12)
    # Non-response is adjusted within EAs, so the respondents carry the same totals.
    respondents = households[households["responded"]].groupby("stratum")["weight"].sum()
    np.testing.assert_allclose(respondents, expected[respondents.index], rtol=1e-12)
    # PPS with a fixed take is self-weighting within strata.
    spread = households.groupby("stratum")["design_weight"].agg(["min", "max"])
    np.testing.assert_allclose(spread["min"], spread["max"], rtol=1e-12)


def test_srs_weights_add_up_to_the_eas_exactly_and_to_the_households_on_average(
    population: HouseholdPopulation,
) -> None:
    plan = plan_household_sample(population, 160, 12, "srs")
    expected_eas = population.strata.set_index("stratum")["eas"]
    expected_households = population.strata.set_index("stratum")["households"]
    sums = []
    for draw in draw_household_surveys(population, plan, 100, np.random.default_rng(3)):
        eas = draw.households.drop_duplicates("ea")
        ea_weights = (1 / eas["ea_probability"]).groupby(eas["stratum"]).sum()
        np.testing.assert_allclose(ea_weights, expected_eas[ea_weights.index], rtol=1e-12)
        sums.append(draw.households.groupby("stratum")["design_weight"].sum())
    # Σ (M_h/m_h)·N_i is unbiased for N_h; over 100 samples its mean is within a few percent.
    mean = pd.concat(sums, axis=1).mean(axis=1)
    relative = mean / expected_households[mean.index] - 1
    assert relative.abs().max() < 0.05, relative
    assert abs(mean.sum() / expected_households.sum() - 1) < 0.01


def testselect_systematic_pps_selects_in_proportion_to_size() -> None:
    sizes = np.array([50, 100, 150, 200, 60, 90, 120, 80, 250, 300, 100, 50], dtype=float)
    stratum = np.repeat([0, 1], [4, 8])
    sample_sizes = np.array([2, 3])
    totals = np.bincount(stratum, weights=sizes)
    expected = sample_sizes[stratum] * sizes / totals[stratum]
    rng = np.random.default_rng(4)
    counts = np.zeros(len(sizes))
    draws = 4_000
    for _ in range(draws):
        chosen = select_systematic_pps(sizes, stratum, sample_sizes, rng)
        assert np.bincount(stratum[chosen], minlength=2).tolist() == [2, 3]
        counts[chosen] += 1
    np.testing.assert_allclose(counts / draws, expected, atol=0.03)


def test_respondents_and_their_members(
    population: HouseholdPopulation, pps_draw: HouseholdDraw
) -> None:
    households, persons = pps_draw.households, pps_draw.persons
    rates = households.groupby("area")["responded"].mean()
    for area, rate in RESPONSE_RATES.items():
        assert abs(rates[area] - rate) < 0.05, area
    responding = households[households["responded"]]
    assert set(persons["household"]) == set(responding["household"])
    expected = population.scope_count[responding["household"].to_numpy() - 1].sum()
    assert len(persons) == expected
    assert (persons["age"] >= 15).all()
    weight = responding.set_index("household")["weight"]
    assert (persons["weight"].to_numpy() == weight[persons["household"]].to_numpy()).all()
    assert households.loc[~households["responded"], "has_computer"].isna().all()
    assert households.loc[~households["responded"], "weight"].isna().all()
    owners = persons[persons["business_owner"] == 1]
    assert len(owners) > 100
    assert persons.loc[persons["business_owner"] == 0, "sells_online"].isna().all()


def test_item_nonresponse(pps_draw: HouseholdDraw) -> None:
    persons = pps_draw.persons
    assert 0 < persons["uses_internet"].isna().mean() < 0.03
    missing_use = persons["uses_internet"].isna()
    assert persons.loc[missing_use, "act_email"].isna().all()
    owners = persons[persons["business_owner"] == 1]
    assert 0.02 < owners["sells_online"].isna().mean() < 0.2
    assert persons["sex"].notna().all()
    assert pps_draw.households.loc[pps_draw.households["responded"], "has_computer"].isna().any()


def _check_estimates(design: destat.Design, truth: pd.Series) -> None:
    result = design.mean("uses_internet", by=["sex"], na_rm=True).to_pandas().set_index("sex")
    for sex in ("F", "M"):
        estimate, se = result.loc[sex, ["estimate", "se"]]
        assert 0.003 < se < 0.05
        assert abs(estimate - truth[sex]) < 4 * se, (sex, estimate, truth[sex], se)
    assert (result["deff"] > 1).all()  # households of one EA resemble each other


def test_pps_draw_is_a_destat_design(
    population: HouseholdPopulation, pps_draw: HouseholdDraw
) -> None:
    design = destat.Design(pps_draw.persons, ids="ea", strata="stratum", weights="weight")
    _check_estimates(design, _true_internet_use(population))


def test_srs_draw_is_a_two_stage_destat_design_with_fpc(
    population: HouseholdPopulation, srs_draw: HouseholdDraw
) -> None:
    persons = srs_draw.persons
    design = destat.Design(
        persons, ids=["ea", "household"], strata="stratum", fpc=["ea_total", "households_in_ea"]
    )
    # Weights derived from the fpc (M_h/m_h · N_i/r_i) are the non-response adjusted weights.
    np.testing.assert_allclose(design.weights(), persons["weight"], rtol=1e-12)
    _check_estimates(design, _true_internet_use(population))


def test_same_generator_state_gives_the_same_draw(population: HouseholdPopulation) -> None:
    plan = plan_household_sample(population, 100, 10, "pps")
    first = draw_household_survey(population, plan, np.random.default_rng(9))
    second = draw_household_survey(population, plan, np.random.default_rng(9))
    pd.testing.assert_frame_equal(first.households, second.households)
    pd.testing.assert_frame_equal(first.persons, second.persons)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"selection": "cluster"}, "not known"),
        ({"n_eas": 10}, "two per stratum"),
        ({"households_per_ea": 80}, "smallest EA"),
        ({"n_eas": 500, "selection": "pps"}, "sampling interval"),
    ],
)
def test_plan_errors(
    population: HouseholdPopulation, arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        plan_household_sample(population, **arguments)
