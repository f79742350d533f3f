"""Potential answers: consistent with the questionnaire's filters, shaped by size and industry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.demo import VARIABLES, Kind, Population
from destat.demo.responses import ITEM_NONRESPONSE_RATES, apply_item_nonresponse
from destat.survey.questionnaire import SPEED_BANDS


@pytest.fixture(scope="module")
def answers(population: Population) -> pd.DataFrame:
    return population.responses


def _yes(answers: pd.DataFrame, name: str) -> pd.Series:
    return answers[name].fillna(0).astype(int) == 1


def test_columns_follow_the_questionnaire(answers: pd.DataFrame) -> None:
    assert list(answers.columns) == [v.name for v in VARIABLES]
    for var in VARIABLES:
        values = answers[var.name].dropna()
        if var.kind is Kind.BINARY:
            assert set(values.unique()) <= {0, 1}, var.name
        elif var.kind is Kind.CATEGORY:
            assert set(values.unique()) <= set(SPEED_BANDS)
        else:
            assert (values >= 0).all(), var.name
        if var.kind is Kind.PERCENT:
            assert (values <= 100).all(), var.name


def test_filters_hold_everywhere(answers: pd.DataFrame) -> None:
    for var in VARIABLES:
        if var.asked_if is None:
            continue
        not_asked = ~_yes(answers, var.asked_if)
        skipped = answers.loc[not_asked, var.name]
        if var.if_not_asked is None:
            assert skipped.isna().all(), var.name
        else:
            assert (skipped == var.if_not_asked).all(), var.name
    assert not (_yes(answers, "uses_internet") & ~_yes(answers, "uses_computer")).any()


def test_counts_and_values_within_bounds(population: Population, answers: pd.DataFrame) -> None:
    persons = population.register["persons_employed"]
    assert (answers["persons_using_computer"] <= persons).all()
    assert (answers["persons_using_internet"] <= answers["persons_using_computer"]).all()
    assert (answers["ecommerce_sales_value"] <= population.register["turnover"]).all()
    sellers = _yes(answers, "receives_orders_internet")
    shares = answers[sellers]
    assert (shares["web_sales_share"] + shares["edi_sales_share"] == 100).all()
    assert (shares["b2c_share"] <= shares["web_sales_share"]).all()


def test_every_internet_user_has_a_connection(answers: pd.DataFrame) -> None:
    connections = answers[["conn_narrowband", "conn_fixed_broadband", "conn_mobile_broadband"]]
    internet = _yes(answers, "uses_internet")
    assert (connections[internet].sum(axis=1) >= 1).all()


def test_larger_enterprises_use_more_ict(population: Population, answers: pd.DataFrame) -> None:
    by_size = answers[["uses_internet", "web_presence", "receives_orders_internet"]].astype(float)
    means = by_size.groupby(population.register["size_class"]).mean()
    for name in means.columns:
        assert means.loc["0-9", name] < means.loc["10-49", name] < means.loc["GE250", name], name


def test_some_industries_use_more_ict(population: Population, answers: pd.DataFrame) -> None:
    frame = population.register.iloc[population.frame.rows]
    web = answers["web_presence"].iloc[population.frame.rows].astype(float)
    by_industry = web.groupby(frame["industry"].to_numpy()).mean()
    assert by_industry["J58-J63"] > by_industry["F41-F43"]


def test_response_propensity_rises_with_size(population: Population) -> None:
    propensity = pd.Series(population.propensity).groupby(
        population.register["size_class"].to_numpy()
    )
    means = propensity.mean()
    assert means["10-49"] < means["50-249"] < means["GE250"]
    assert propensity.std().max() > 0.0  # industry matters too


def test_item_nonresponse_only_among_those_asked(answers: pd.DataFrame) -> None:
    observed = apply_item_nonresponse(answers, np.random.default_rng(5))
    for name, rate in ITEM_NONRESPONSE_RATES.items():
        var = next(v for v in VARIABLES if v.name == name)
        assert var.asked_if is not None
        asked = _yes(answers, var.asked_if)
        newly_missing = observed[name].isna() & answers[name].notna()
        assert not (newly_missing & ~asked).any(), name
        assert abs(newly_missing[asked].mean() - rate) < 0.05, name
