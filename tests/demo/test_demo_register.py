"""The business register: identifiers, size and industry distributions, plausible details."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.demo import Population
from destat.demo.classification import ISIC_CLASSES, REGIONS, SIZE_CLASSES
from destat.demo.names import is_valid_tax_id, tax_id_check_digits
from destat.demo.register import REGISTER_COLUMNS, build_register
from destat.errors import ConfigError
from destat.indicators.isic import class_section_map


@pytest.fixture(scope="module")
def register(population: Population) -> pd.DataFrame:
    return population.register


def test_columns_and_unique_identifiers(register: pd.DataFrame) -> None:
    assert tuple(register.columns) == REGISTER_COLUMNS
    assert register["enterprise_id"].is_unique
    assert register["tax_id"].is_unique
    assert register["enterprise_id"].str.fullmatch(r"E\d{7}").all()


def test_tax_ids_carry_a_valid_check_digit(register: pd.DataFrame) -> None:
    assert all(is_valid_tax_id(t) for t in register["tax_id"])
    base, check = register["tax_id"].iloc[0].split("-")
    wrong = f"{base}-{(int(check) + 1) % 10}"
    assert not is_valid_tax_id(wrong)


def test_check_digit_by_hand() -> None:
    # 12345678 with weights 37 29 23 19 17 13 7 3: 37+58+69+76+85+78+49+24 = 476;
    # 476 mod 11 = 3, so the check digit is 11 - 3 = 8.
    assert tax_id_check_digits(np.array([12345678])).tolist() == [8]


def test_isic_classes_are_real_and_sections_right() -> None:
    sections = class_section_map()
    assert all(sections.get(c.code) == c.section for c in ISIC_CLASSES)


def test_size_distribution_is_heavy_tailed(register: pd.DataFrame) -> None:
    shares = register["size_class"].value_counts(normalize=True)
    assert set(shares.index) == set(SIZE_CLASSES)
    assert 0.85 < shares["0-9"] < 0.96
    assert 0.0005 < shares["GE250"] < 0.005
    assert shares["10-49"] > shares["50-249"] > shares["GE250"]
    assert register["persons_employed"].max() >= 1_000
    assert register["persons_employed"].median() <= 3


def test_industry_mix_has_trade_first(register: pd.DataFrame) -> None:
    sections = register["section"].value_counts(normalize=True)
    assert sections.index[0] == "G"
    assert sections["G"] > 0.25
    assert {"C", "I", "M", "F", "J"} <= set(sections.index[:10])


def test_turnover_grows_with_persons_employed(register: pd.DataFrame) -> None:
    medians = register.groupby("size_class")["turnover"].median()
    assert medians["0-9"] < medians["10-49"] < medians["50-249"] < medians["GE250"]
    assert (register["turnover"] >= 0).all()


def test_regions_are_unequal(register: pd.DataFrame) -> None:
    shares = register["region"].value_counts(normalize=True)
    assert set(shares.index) == {r.code for r in REGIONS}
    assert shares[1] > 0.25 > shares.drop(1).max()


def test_owner_sex_and_websites(register: pd.DataFrame) -> None:
    sex = register["owner_sex"]
    assert set(sex) == {"F", "M", "_Z"}
    assert (sex[register["legal_form"] == "CORP"] == "_Z").all()
    female = (sex == "F").groupby(register["section"]).mean()
    assert female["S"] > female["F"]
    has_site = (register["website"] != "").groupby(register["size_class"]).mean()
    assert has_site["0-9"] < has_site["10-49"] < has_site["GE250"]
    with_site = register[register["website"] != ""]
    domains = with_site["website"].str.removeprefix("https://www.")
    assert (with_site["email"].str.split("@").str[1] == domains).all()


def test_same_generator_state_gives_same_register() -> None:
    first = build_register(500, np.random.default_rng(3))
    again = build_register(500, np.random.default_rng(3))
    other = build_register(500, np.random.default_rng(4))
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_empty_register_is_refused() -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        build_register(0, np.random.default_rng(0))
