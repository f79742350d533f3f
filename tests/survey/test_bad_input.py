"""Bad input gets a DestatError subclass that names the column, the rows and the fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import destat


def _stratified(frame: pd.DataFrame, **kwargs: object) -> destat.Design:
    options = {"weights": "pw", "strata": "stype", "fpc": "fpc", **kwargs}
    return destat.Design(frame, **options)  # type: ignore[arg-type]


def test_missing_design_column_is_named_with_suggestion(apistrat: pd.DataFrame) -> None:
    with pytest.raises(destat.MissingColumnError, match=r"'stypes'.*Did you mean 'stype'"):
        _stratified(apistrat, strata="stypes")


def test_missing_analysis_column(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    with pytest.raises(destat.MissingColumnError, match="'api01'"):
        design.mean("api01")


def test_text_in_weights_names_rows_and_values(apistrat: pd.DataFrame) -> None:
    frame = apistrat.astype({"pw": object})
    frame.loc[[3, 7], "pw"] = "n/a"
    with pytest.raises(destat.DesignError, match=r"'pw' must be numeric.*rows 4, 8.*'n/a'"):
        _stratified(frame)


def test_negative_weights_are_refused(apistrat: pd.DataFrame) -> None:
    frame = apistrat.copy()
    frame.loc[10, "pw"] = -1.0
    with pytest.raises(destat.DesignError, match=r"'pw' has 1 negative value.*row 11"):
        _stratified(frame)


def test_missing_strata_values_name_the_rows(apistrat: pd.DataFrame) -> None:
    frame = apistrat.copy()
    frame.loc[[0, 5, 6], "stype"] = None
    with pytest.raises(destat.MissingValueError, match=r"'stype' has 3 missing.*rows 1, 6, 7"):
        _stratified(frame)


def test_fpc_smaller_than_sample(apistrat: pd.DataFrame) -> None:
    frame = apistrat.copy()
    frame.loc[frame["stype"] == "H", "fpc"] = 20  # 50 high schools sampled out of "20"
    with pytest.raises(destat.DesignError, match=r"population smaller than the sample.*stype='H'"):
        _stratified(frame)


def test_fpc_varying_within_a_stratum(apistrat: pd.DataFrame) -> None:
    frame = apistrat.copy()
    frame.loc[0, "fpc"] = frame.loc[0, "fpc"] + 1
    with pytest.raises(destat.DesignError, match="constant within each stratum"):
        _stratified(frame)


def test_no_weights_and_no_fpc(apistrat: pd.DataFrame) -> None:
    with pytest.raises(destat.DesignError, match="neither weights nor fpc"):
        destat.Design(apistrat, strata="stype")


def test_one_fpc_per_stage() -> None:
    frame = pd.DataFrame({"a": [1, 1, 2, 2], "b": [1, 2, 3, 4], "f": [10, 10, 10, 10]})
    with pytest.raises(destat.ConfigError, match="one fpc per sampling stage"):
        destat.Design(frame, ids=["a", "b"], fpc=["f"])


def test_unknown_lonely_psu_option(apistrat: pd.DataFrame) -> None:
    with pytest.raises(destat.ConfigError, match="'certainty'"):
        _stratified(apistrat, lonely_psu="ignore")


def test_lonely_psu_fail_names_the_stratum(apistrat: pd.DataFrame) -> None:
    frame = apistrat.copy()
    frame.loc[0, "stype"] = "X"
    with pytest.raises(destat.LonelyPSUError, match=r"stype='X'.*lonely_psu"):
        destat.Design(frame, weights="pw", strata="stype")


def test_missing_analysis_values_need_na_rm(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    with pytest.raises(destat.MissingValueError, match=r"'acs.46' has 66 missing.*na_rm=True"):
        design.mean("acs.46")
    result = design.mean("acs.46", na_rm=True)
    assert int(result.to_pandas()["n"].iloc[0]) == 200 - 66
    assert dict(result.excluded) == {"missing value of acs.46 (na_rm)": 66}


def test_non_numeric_analysis_variable(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    with pytest.raises(destat.DesignError, match=r"'sch.wide' is not numeric.*proportion\(\)"):
        design.mean("sch.wide")


def test_empty_domain_after_na_rm(apistrat: pd.DataFrame) -> None:
    # acs.k3 is missing for every high and middle school: those domains have no respondent.
    design = _stratified(apistrat)
    with pytest.raises(destat.EmptyDomainError, match=r"'acs.k3'.*stype="):
        design.mean("acs.k3", by=["stype"], na_rm=True)


def test_missing_breakdown_values_are_counted_not_hidden(apistrat: pd.DataFrame) -> None:
    frame = apistrat.copy()
    frame.loc[[1, 2, 3], "awards"] = None
    result = _stratified(frame).mean("api00", by=["awards"])
    assert dict(result.excluded) == {"missing value of awards": 3}
    assert int(result.to_pandas()["n"].sum()) == 197


def test_impossible_calibration_names_the_margin(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    # Every sampled weight can move only within 0.9..1.1, yet the E count asks for 10 times more.
    margins = {"stype": {"E": 44210, "H": 755, "M": 1018}}
    with pytest.raises(destat.CalibrationError, match=r"stype=E reaches .* instead of 44210"):
        design.calibrate(margins=margins, method="logit", bounds=(0.9, 1.1))


def test_calibration_margins_must_agree(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1000, "Yes": 1000}}
    with pytest.raises(destat.CalibrationError, match="disagree on the population size"):
        design.calibrate(margins=margins)


def test_calibration_level_without_count(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    with pytest.raises(
        destat.CalibrationError, match=r"no population count for level\(s\) \['M'\]"
    ):
        design.calibrate(margins={"stype": {"E": 4421, "H": 755}})


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(destat.InputFileError, match="File not found"):
        destat.Design(tmp_path / "nope.csv", weights="w")
    other = tmp_path / "data.json"
    other.write_text("{}")
    with pytest.raises(destat.InputFileError, match="Unsupported file type"):
        destat.Design(other, weights="w")


def test_bad_input_leaves_a_valid_design_untouched(apistrat: pd.DataFrame) -> None:
    design = _stratified(apistrat)
    before = design.mean("api00").to_pandas()
    with pytest.raises(destat.DestatError):
        design.mean("no-such-column")
    with pytest.raises(destat.DestatError):
        design.calibrate(margins={"stype": {"E": 1}})
    after = design.mean("api00").to_pandas()
    np.testing.assert_array_equal(before[["estimate", "se"]], after[["estimate", "se"]])
