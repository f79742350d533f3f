"""Imputation of a demo survey draw: deterministic, donors from the right cells, every change in
the edits table, and answers consistent with the questionnaire afterwards."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.demo import VARIABLES
from destat.survey.imputation import ImputationResult, impute
from destat.survey.imputation.hotdeck import cell_levels
from destat.survey.validation import validate
from destat.survey.validation.logic import bounds

NAMES = [var.name for var in VARIABLES]
CELLS = ("size_class", "industry")


@pytest.fixture(scope="module")
def imputed(respondents: pd.DataFrame) -> ImputationResult:
    return impute(respondents, np.random.default_rng(7), cells=CELLS)


def _as_input(respondents: pd.DataFrame) -> pd.DataFrame:
    """The respondents' answers as impute() reads them: numbers as float64, text as object."""
    table = respondents.reset_index(drop=True).copy()
    for name in NAMES:
        if name == "speed_band":
            table[name] = table[name].astype(object).where(table[name].notna(), None)
        else:
            table[name] = table[name].astype("float64")
    return table


def _could_donate(
    source: pd.DataFrame, result: pd.DataFrame, name: str, ratio_bound: dict[str, str]
) -> np.ndarray:
    """Units that reported ``name`` where it applies (with a usable ratio when it is bounded)."""
    var = next(v for v in VARIABLES if v.name == name)
    mask = source[name].notna().to_numpy().copy()
    if var.asked_if is not None:
        mask &= result[var.asked_if].to_numpy() == 1
    bound = ratio_bound.get(name)
    if bound is not None:
        limit = source[bound].to_numpy(dtype=float)
        value = source[name].to_numpy(dtype=float)
        mask &= (limit > 0) & (value >= 0) & (value <= limit)
    return mask


def test_item_non_response_is_there_to_impute(respondents: pd.DataFrame) -> None:
    assert respondents["speed_band"].isna().sum() > 10
    assert respondents["ecommerce_sales_value"].isna().sum() > 10


def test_same_seed_same_imputations(respondents: pd.DataFrame, imputed: ImputationResult) -> None:
    again = impute(respondents, np.random.default_rng(7), cells=CELLS)
    pd.testing.assert_frame_equal(again.frame, imputed.frame)
    pd.testing.assert_frame_equal(again.edits, imputed.edits)
    other = impute(respondents, np.random.default_rng(8), cells=CELLS)
    assert not other.edits["donor_row"].equals(imputed.edits["donor_row"])


def test_edits_account_for_every_changed_value(
    respondents: pd.DataFrame, imputed: ImputationResult
) -> None:
    before = _as_input(respondents)[NAMES]
    after = imputed.frame[NAMES]
    changed = set()
    for name in NAMES:
        same = (before[name] == after[name]) | (before[name].isna() & after[name].isna())
        changed |= {(int(row) + 1, name) for row in np.flatnonzero(~same.to_numpy())}
    edits = imputed.edits
    assert set(zip(edits["row"], edits["variable"], strict=True)) == changed
    assert not edits.duplicated(["row", "variable"]).any()
    for edit in edits.itertuples():
        old = before.at[edit.row - 1, edit.variable]
        new = after.at[edit.row - 1, edit.variable]
        assert (pd.isna(old) and edit.old_value is None) or old == edit.old_value
        assert new == edit.new_value
    # Only questionnaire variables change.
    others = [c for c in respondents.columns if c not in NAMES]
    pd.testing.assert_frame_equal(imputed.frame[others], respondents.reset_index(drop=True)[others])


def test_donors_come_from_the_recipients_cell_or_the_documented_fallback(
    respondents: pd.DataFrame, imputed: ImputationResult
) -> None:
    source = _as_input(respondents)
    levels = cell_levels(source, CELLS)
    ratio_bound = {b.name: b.bound for b in bounds()}
    hot = imputed.edits[imputed.edits["method"] == "hot_deck"]
    assert len(hot) > 50
    assert set(hot["cell"]) <= set(levels.names)
    assert (hot["cell"] != levels.names[0]).any()  # this draw needs the fallback somewhere
    for edit in hot.itertuples():
        recipient, donor = edit.row - 1, int(edit.donor_row) - 1
        keys = levels.keys[levels.names.index(edit.cell)]
        assert keys[recipient] == keys[donor]
        if edit.cell != levels.names[0]:  # a coarser cell only when the finest had no donor
            finest = levels.keys[0]
            possible = _could_donate(source, imputed.frame, edit.variable, ratio_bound)
            assert not (possible & (finest == finest[recipient])).any()
        donor_value = source.at[donor, edit.variable]
        assert pd.notna(donor_value)  # donors reported the value themselves
        bound = ratio_bound.get(edit.variable)
        if bound is None:
            assert edit.new_value == donor_value
        else:
            expected = donor_value / source.at[donor, bound] * imputed.frame.at[recipient, bound]
            assert edit.new_value == pytest.approx(expected, abs=0.5)


def test_answers_are_consistent_after_imputation(imputed: ImputationResult) -> None:
    result = validate(imputed.frame)
    assert result.problems.empty, result.problems.head().to_string()
    assert (imputed.rates["still_missing"] == 0).all()


def test_rates_count_the_edits(imputed: ImputationResult) -> None:
    rates = imputed.rates.set_index("variable")
    by_method = imputed.edits.groupby(["variable", "method"]).size()
    speed = rates.loc["speed_band"]
    assert speed["imputed"] == by_method["speed_band", "hot_deck"]
    assert speed["imputation_rate"] == pytest.approx(speed["imputed"] / speed["applicable"])
    assert speed["applicable"] == int((imputed.frame["uses_internet"] == 1).sum())
    assert rates.loc["uses_computer", "applicable"] == len(imputed.frame)
