"""Property: whatever answers are blanked, imputation gives a table that passes validation, and
the edits table accounts for every value that changed."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from destat.demo import VARIABLES
from destat.survey.imputation import impute
from destat.survey.validation import validate

NAMES = [var.name for var in VARIABLES]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rate=st.floats(0.0, 0.6))
def test_any_blanks_are_completed_consistently(
    respondents: pd.DataFrame, seed: int, rate: float
) -> None:
    rng = np.random.default_rng(seed)
    table = respondents.head(200).copy()
    for name in NAMES:
        table[name] = table[name].mask(rng.random(len(table)) < rate)
    result = impute(table, rng)
    assert validate(result.frame).problems.empty
    before = table[NAMES].astype(object).where(table[NAMES].notna(), None)
    after = result.frame[NAMES].astype(object).where(result.frame[NAMES].notna(), None)
    changed = {
        (row + 1, name)
        for name in NAMES
        for row in np.flatnonzero(
            [
                not (a is None and b is None) and (a is None or b is None or float(a) != float(b))
                if name != "speed_band"
                else a != b
                for a, b in zip(before[name], after[name], strict=True)
            ]
        )
    }
    assert set(zip(result.edits["row"], result.edits["variable"], strict=True)) == changed
    missing = result.rates.set_index("variable")["still_missing"]
    assert missing.sum() == 0 or len(result.notes) > 0
