"""The household population: frame, households, persons, answers and the truth behind them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.demo.household import HouseholdPopulation, build_population, true_indicators
from destat.demo.household.answers import ACTIVITIES, BUSINESS_OWNERS
from destat.demo.household.demography import AGE_GROUPS, EDUCATION_LEVELS, LABOUR_STATUSES
from destat.demo.household.geography import EA_SIZE_RANGE
from destat.errors import ConfigError

N_HOUSEHOLDS = 60_000


@pytest.fixture(scope="module")
def population() -> HouseholdPopulation:
    return build_population(N_HOUSEHOLDS, np.random.default_rng(5))


@pytest.fixture(scope="module")
def truth(population: HouseholdPopulation) -> pd.DataFrame:
    return true_indicators(population)


def _value(
    truth: pd.DataFrame, indicator: str, sex: str, age: str = "_T", area: str = "_T"
) -> float:
    row = truth[
        (truth["indicator"] == indicator)
        & (truth["sex"] == sex)
        & (truth["age_group"] == age)
        & (truth["area"] == area)
    ]
    assert len(row) == 1
    return float(row["value"].iloc[0])


def test_same_generator_state_gives_the_same_population() -> None:
    first = build_population(50_000, np.random.default_rng(3))
    second = build_population(50_000, np.random.default_rng(3))
    pd.testing.assert_frame_equal(first.areas, second.areas)
    pd.testing.assert_frame_equal(first.households, second.households)
    pd.testing.assert_frame_equal(first.persons, second.persons)
    other = build_population(50_000, np.random.default_rng(4))
    assert not first.households["size"].equals(other.households["size"])


def test_strata_and_enumeration_areas(population: HouseholdPopulation) -> None:
    areas, strata = population.areas, population.strata
    assert len(strata) == 20
    assert set(strata["area"]) == {"urban", "rural"}
    assert (strata["eas"] >= 2).all()
    low, high = EA_SIZE_RANGE
    assert areas["households"].between(low, high).all()
    assert areas["ea"].is_unique
    urban = areas["area"] == "urban"
    assert areas.loc[urban, "households"].mean() > areas.loc[~urban, "households"].mean()
    # Each stratum is cut into whole EAs, so it may overshoot its target by less than one EA.
    assert abs(int(strata["households"].sum()) - N_HOUSEHOLDS) < len(strata) * high
    totals = areas.groupby("stratum")["households"].sum()
    assert (totals.to_numpy() == strata.set_index("stratum")["households"][totals.index]).all()
    assert len(population.households) == int(strata["households"].sum())


def test_household_sizes(population: HouseholdPopulation) -> None:
    households = population.households
    assert households["size"].between(1, 10).all()
    mean_size = households.groupby("area")["size"].mean()
    assert 3.0 < mean_size["urban"] < mean_size["rural"] < 5.5
    assert 0.05 < (households["size"] == 1).mean() < 0.2
    assert 0.1 < (households["head_sex"] == "F").mean() < 0.35
    sizes = population.persons.groupby("household").size()
    assert (sizes.to_numpy() == households["size"].to_numpy()).all()


def test_persons(population: HouseholdPopulation) -> None:
    persons = population.persons
    children = persons["age"] < 15
    assert 0.25 < children.mean() < 0.4
    assert 0.45 < (persons["sex"] == "F").mean() < 0.55
    heads = persons[persons["line"] == 1]
    assert len(heads) == len(population.households)
    assert (heads["age"] >= 18).all()
    assert (population.scope_count >= 1).all()
    assert persons.loc[children, ["education", "labour_status"]].isna().all().all()
    adults = population.scope
    assert set(adults["age_group"]) == set(AGE_GROUPS)
    assert set(adults["education"]) == set(EDUCATION_LEVELS)
    assert set(adults["labour_status"]) == set(LABOUR_STATUSES)
    assert not ((adults["education"] == "tertiary") & (adults["age"] < 19)).any()
    shares = adults["education"].value_counts(normalize=True)
    assert shares["primary_or_less"] > shares["secondary"] > shares["tertiary"] > 0.03
    assert len(adults) == int(population.strata["persons_in_scope"].sum())


def test_answers_are_consistent(population: HouseholdPopulation) -> None:
    adults = population.scope
    assert population.persons.loc[population.persons["age"] < 15, "uses_internet"].isna().all()
    internet = adults["uses_internet"] == 1
    for name in ACTIVITIES:
        assert (adults.loc[~internet, name] == 0).all(), name
        assert adults.loc[internet, name].mean() > 0.02, name
    owner = adults["labour_status"].isin(BUSINESS_OWNERS)
    assert adults.loc[owner, "sells_online"].notna().all()
    assert adults.loc[~owner, "sells_online"].isna().all()
    sellers = adults["sells_online"] == 1
    assert (adults.loc[sellers, "uses_internet"] == 1).all()
    assert (adults.loc[sellers, "act_selling"] == 1).all()
    phone = adults["owns_mobile_phone"] == 1
    assert phone[internet].mean() > phone[~internet].mean()
    assert phone.mean() > internet.mean()
    households = population.households
    home = households["has_internet_home"].to_numpy(dtype=np.int64)[adults["household"] - 1] == 1
    assert internet[home].mean() > internet[~home].mean() + 0.1
    computer = households["has_computer"] == 1
    assert (
        households.loc[computer, "has_internet_home"].mean()
        > households["has_internet_home"].mean()
    )


def test_truth_is_the_population_share(
    population: HouseholdPopulation, truth: pd.DataFrame
) -> None:
    adults = population.scope
    women = adults[adults["sex"] == "F"]
    assert _value(truth, "uses_internet", "F") == pytest.approx(women["uses_internet"].mean())
    rural_men = adults[(adults["sex"] == "M") & (adults["area"] == "rural")]
    assert _value(truth, "act_banking", "M", area="rural") == pytest.approx(
        rural_men["act_banking"].mean()
    )
    owners = truth[(truth["indicator"] == "sells_online") & (truth["sex"] == "_T")]
    overall = owners[(owners["age_group"] == "_T") & (owners["area"] == "_T")]
    assert int(overall["population"].iloc[0]) == adults["labour_status"].isin(BUSINESS_OWNERS).sum()
    homes = truth[(truth["indicator"] == "has_computer") & (truth["area"] == "_T")]
    assert homes["value"].iloc[0] == pytest.approx(population.households["has_computer"].mean())
    assert truth["value"].between(0, 1).all()


def test_gender_gap_varies_by_age_and_area(truth: pd.DataFrame) -> None:
    for indicator in ("uses_internet", "owns_mobile_phone", "act_banking", "sells_online"):
        assert _value(truth, indicator, "F") < _value(truth, indicator, "M"), indicator

    def gap(age: str = "_T", area: str = "_T") -> float:
        male = _value(truth, "uses_internet", "M", age, area)
        return male - _value(truth, "uses_internet", "F", age, area)

    assert 0 < gap("Y15T24") < gap("Y25T74") < gap("Y_GE75")
    assert 0 < gap(area="urban") < gap(area="rural")


def test_small_business_owners_are_identified(population: HouseholdPopulation) -> None:
    adults = population.scope
    owners = adults[adults["labour_status"].isin(BUSINESS_OWNERS)]
    assert 0.1 < len(owners) / len(adults) < 0.4
    assert (owners["labour_status"] == "employer").any()
    assert 0.05 < owners["sells_online"].mean() < 0.4


def test_too_small_a_country_is_refused() -> None:
    with pytest.raises(ConfigError, match="too small"):
        build_population(5_000, np.random.default_rng(1))
