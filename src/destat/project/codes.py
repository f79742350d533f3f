"""Breakdown codes of the published figures: a code for each domain, the total code only where
a figure is not broken down by that variable.

A respondent without a code (say no industry) falls in no domain of that breakdown, so the
breakdown's domains no longer add up to the total; and a domain whose code is the total's (a
size class coded ``GE10``) would repeat the total's row. Both stop the run with the column,
the value and the fix, before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from destat.errors import InputFileError


def check_respondent_codes(
    data: pd.DataFrame,
    breakdowns: Sequence[Sequence[str]],
    totals: Mapping[str, str],
    id_column: str,
    sample_file: str,
) -> None:
    """Every respondent has a code in each breakdown variable, and none is a total code."""
    for variable in dict.fromkeys(v for b in breakdowns for v in b if v in data):
        values = data[variable]
        missing = values.isna() | (values.astype(str).str.strip() == "")
        if missing.any():
            ids = ", ".join(map(str, data.loc[missing, id_column].head(5)))
            raise InputFileError(
                f"{int(missing.sum())} respondent(s) have no {variable} code ({id_column} "
                f"{ids}), so they would fall in no domain of the breakdown by {variable}. Give "
                f"them their code in {sample_file} or the survey (column {variable}), or remove "
                f"{variable} from [estimation] breakdowns."
            )
        _refuse_total_code(values, variable, totals[variable], sample_file)


def _refuse_total_code(values: pd.Series, variable: str, total: str, where: str) -> None:
    if (values.astype(str) == total).any():
        raise InputFileError(
            f"Column {variable} of {where} has the code {total!r}, which is the code of all "
            f"{variable} together: its figures would repeat the total's. Recode that domain "
            "in the mapping file."
        )


def published_codes(
    estimates: pd.DataFrame, breakdowns: Sequence[Sequence[str]], totals: Mapping[str, str]
) -> dict[str, pd.Series]:
    """Each variable's code in every estimates row: its own, or the total code where the row's
    breakdown does not include the variable. A row coded in a set of variables that is not one
    of ``breakdowns`` lacks a code: an error names it rather than write it as the total."""
    present = [v for v in totals if v in estimates]
    coded = estimates[present].notna().to_numpy()
    patterns, first = np.unique(coded, axis=0, return_index=True)
    allowed = {frozenset(b) for b in breakdowns}
    for flags, row in zip(patterns, first, strict=True):
        have = frozenset(v for v, flag in zip(present, flags, strict=True) if flag)
        if have not in allowed:
            wanted = min((b for b in allowed if have < b), key=len, default=have)
            lacking = ", ".join(sorted(wanted - have)) or "breakdown"
            raise InputFileError(
                f"A figure of {estimates['variable'].iloc[int(row)]} by "
                f"{', '.join(sorted(wanted))} has no {lacking} code; written as the total code "
                f"it would repeat the total's row. Give every respondent a {lacking} code."
            )
    codes = {}
    for variable, total in totals.items():
        values = estimates[variable] if variable in estimates else pd.Series(None, estimates.index)
        codes[variable] = values.astype(object).where(values.notna(), total).astype(str)
    keys = pd.DataFrame(codes).assign(variable=estimates["variable"].to_numpy())
    repeated = keys.duplicated(keep=False).to_numpy()
    if repeated.any():
        shown = keys[repeated].iloc[0].to_dict()
        raise InputFileError(
            f"Two figures would be published with the same codes {shown}: a breakdown code is "
            "missing or repeats a total code. Give every respondent its codes."
        )
    return codes
