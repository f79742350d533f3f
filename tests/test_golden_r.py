"""destat's survey estimates checked against R ``survey`` on R's own ``api`` data.

The expected values, the data and the description of every case are committed under
``tests/golden`` and ``tests/data/api``; they are written by ``tests/golden/make_golden.R``
(``Rscript tests/golden/make_golden.R`` from the repository root; ``tests/golden/versions.txt``
says which R and survey versions produced them). Each case builds a ``destat.Design`` from the
keyword arguments recorded in ``cases.json``, runs one estimator and compares every domain,
variable and level with R: estimate, SE, design effect, CV and both confidence intervals to a
relative tolerance of 1e-9 (absolute 1e-12 near zero), and degrees of freedom and unweighted n
exactly. Calibrated weights are compared row by row.

The same cases run on every engine listed in ``ENGINES``.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import destat

ENGINES = ["duckdb", "spark"]
# Both confidence intervals on the default engine; Spark checks the default (normal) one, since
# the interval is computed after the engine has returned its sums.
ENGINE_INTERVALS = [("duckdb", "normal"), ("duckdb", "t"), ("spark", "normal")]

RTOL = 1e-9
ATOL = 1e-12

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
DATA = TESTS / "data" / "api"
CASES_FILE = GOLDEN / "cases.json"
EXPECTED_FILE = GOLDEN / "expected.csv"
REGENERATE = "regenerate them with `Rscript tests/golden/make_golden.R` from the repository root"

CI_COLUMNS = {"normal": ("ci_low", "ci_high"), "t": ("ci_low_t", "ci_high_t")}
FLOAT_COLUMNS = ("estimate", "se", "deff", "cv")


# --- the golden files -----------------------------------------------------------------------


def _golden_missing() -> list[str]:
    return [str(p) for p in (CASES_FILE, EXPECTED_FILE) if not p.is_file()]


@cache
def _spec() -> dict[str, Any]:
    missing = _golden_missing()
    if missing:
        pytest.fail(f"golden files missing: {', '.join(missing)}; {REGENERATE}", pytrace=False)
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))


def _number(text: str) -> float | None:
    """R's value: "" means R gives none (None); "NaN", "Inf" and numbers become floats."""
    return None if text == "" else float(text)


@cache
def _expected() -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with EXPECTED_FILE.open(newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            row: dict[str, Any] = dict(raw)
            for column in (*FLOAT_COLUMNS, *CI_COLUMNS["normal"], *CI_COLUMNS["t"]):
                row[column] = _number(raw[column])
            row["df"] = int(raw["df"])
            row["n"] = int(raw["n"])
            rows[raw["case"]].append(row)
    return dict(rows)


def _params(section: str) -> list[Any]:
    """Test parameters from cases.json; one failing parameter when the golden files are missing."""
    if _golden_missing():
        return [pytest.param(None, id="golden-files-missing")]
    spec = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    if section == "cases":
        return [pytest.param(case, id=case["id"]) for case in spec["cases"]]
    if section == "calibrations":
        return [pytest.param(name, id=name) for name in spec["calibrations"]]
    return [pytest.param(error, id=error["design"]) for error in spec["errors"]]


def _require(item: Any) -> Any:
    if item is None:
        _spec()  # fails with the names of the missing files
    return item


# --- engines and designs --------------------------------------------------------------------


@pytest.fixture(
    params=[pytest.param(e, marks=[pytest.mark.spark] if e == "spark" else []) for e in ENGINES]
)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _design_kwargs(name: str) -> tuple[Path, dict[str, Any]]:
    spec = dict(_spec()["designs"][name])
    return DATA / spec.pop("data"), spec


@cache
def _design(name: str, engine: str) -> Any:
    data, kwargs = _design_kwargs(name)
    return destat.Design(data, **kwargs, engine=engine)


def _calibrate_kwargs(name: str) -> dict[str, Any]:
    cal = _spec()["calibrations"][name]
    kwargs: dict[str, Any] = {"margins": cal["margins"], "method": cal["method"]}
    if "totals" in cal:
        kwargs["totals"] = cal["totals"]
    if "bounds" in cal:
        kwargs["bounds"] = tuple(cal["bounds"])
    return kwargs


@cache
def _calibrated(name: str, engine: str) -> Any:
    cal = _spec()["calibrations"][name]
    return _design(cal["design"], engine).calibrate(**_calibrate_kwargs(name))


def _estimate(design: Any, case: dict[str, Any], ci: str) -> Any:
    variables = case["variables"]
    what = variables[0] if len(variables) == 1 else list(variables)
    kwargs: dict[str, Any] = {}
    if case["by"]:
        kwargs["by"] = list(case["by"])
    if case["na_rm"]:
        kwargs["na_rm"] = True
    if ci != "normal":  # "normal" is the default: leave it out to check that too
        kwargs["ci"] = ci
    estimator = case["estimator"]
    if estimator == "ratio":
        return design.ratio(what, case["denominator"], **kwargs)
    return getattr(design, estimator)(what, **kwargs)


# --- comparing ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A by-value or level as text, the way R writes it (integers without a decimal point)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, np.generic):
        return _text(value.item())
    return str(value)


def _key(case: dict[str, Any], domain: str, variable: str, level: str) -> tuple[str, ...]:
    # a ratio has one statistic per domain; its variable label is destat's to choose
    if case["estimator"] == "ratio":
        return (domain,)
    return (domain, variable, level if case["estimator"] == "proportion" else "")


def _actual_rows(case: dict[str, Any], frame: Any) -> dict[tuple[str, ...], dict[str, Any]]:
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for record in frame.to_dict(orient="records"):
        domain = ";".join(f"{column}={_text(record[column])}" for column in case["by"])
        level = _text(record.get("level", ""))
        key = _key(case, domain, _text(record["variable"]), level)
        assert key not in rows, f"destat returned two rows for {key}"
        rows[key] = record
    return rows


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _differs(actual: Any, expected: float) -> bool:
    value = _float(actual)
    if math.isnan(expected):
        return value is not None and not math.isnan(value)
    if value is None or math.isnan(value):
        return True
    if math.isinf(expected):
        return value != expected
    return not math.isclose(value, expected, rel_tol=RTOL, abs_tol=ATOL)


def _describe(actual: Any, expected: float) -> str:
    value = _float(actual)
    if value is None or not math.isfinite(expected) or not math.isfinite(value):
        return f"destat {actual!r}, R {expected!r}"
    rel = abs(value - expected) / max(abs(expected), ATOL)
    return f"destat {value!r}, R {expected!r} (relative difference {rel:.3g})"


def _compare(case: dict[str, Any], frame: Any, ci: str) -> list[str]:
    expected = {
        _key(case, row["domain"], row["variable"], row["level"]): row
        for row in _expected()[case["id"]]
    }
    actual = _actual_rows(case, frame)
    problems = []
    if set(actual) != set(expected):
        problems.append(
            f"rows differ: missing {sorted(set(expected) - set(actual))}, "
            f"unexpected {sorted(set(actual) - set(expected))}"
        )
    columns = (*FLOAT_COLUMNS, *CI_COLUMNS[ci])
    for key in sorted(set(actual) & set(expected)):
        want, got = expected[key], actual[key]
        for column in columns:
            r_value = want[column]
            r_name = column.removesuffix("_t")  # destat names both intervals ci_low/ci_high
            if r_value is not None and _differs(got.get(r_name), r_value):
                problems.append(f"{key} {r_name}: {_describe(got.get(r_name), r_value)}")
        for column in ("df", "n"):
            if _float(got.get(column)) != want[column]:
                problems.append(f"{key} {column}: destat {got.get(column)!r}, R {want[column]}")
    return problems


# --- the tests ------------------------------------------------------------------------------


def test_golden_files_are_complete() -> None:
    spec = _spec()
    expected = _expected()
    ids = [case["id"] for case in spec["cases"]]
    assert len(ids) == len(set(ids)), "duplicate case ids in cases.json"
    assert set(ids) == set(expected), (
        f"cases.json and expected.csv disagree: {sorted(set(ids) ^ set(expected))}; {REGENERATE}"
    )
    for cal in spec["calibrations"].values():
        assert (GOLDEN / cal["weights_file"]).is_file(), f"{cal['weights_file']}: {REGENERATE}"
    for name in spec["designs"]:
        data, _ = _design_kwargs(name)
        assert data.is_file(), f"{data} is missing; {REGENERATE}"


@pytest.mark.parametrize(
    ("engine_name", "ci"),
    [
        pytest.param(e, ci, marks=[pytest.mark.spark] if e == "spark" else [], id=f"{e}-{ci}")
        for e, ci in ENGINE_INTERVALS
    ],
)
@pytest.mark.parametrize("case", _params("cases"))
def test_estimate_matches_r(case: dict[str, Any] | None, ci: str, engine_name: str) -> None:
    engine = engine_name
    case = _require(case)
    if "calibration" in case:
        design = _calibrated(case["calibration"], engine)
    else:
        design = _design(case["design"], engine)
    frame = _estimate(design, case, ci).to_pandas()
    problems = _compare(case, frame, ci)
    if problems:
        pytest.fail(f"{case['id']} ({ci} CI) differs from R:\n  " + "\n  ".join(problems))


@pytest.mark.parametrize("name", _params("calibrations"))
def test_calibrated_weights_match_r(name: str | None, engine: str) -> None:
    name = _require(name)
    weights_file = GOLDEN / _spec()["calibrations"][name]["weights_file"]
    with weights_file.open(newline="", encoding="utf-8") as handle:
        rows = sorted((int(r["row"]), float(r["weight"])) for r in csv.DictReader(handle))
    expected = np.array([weight for _, weight in rows])
    actual = np.asarray(_calibrated(name, engine).weights(), dtype=float)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=0)


@pytest.mark.parametrize("error", _params("errors"))
def test_lonely_psu_fail_raises_like_r(error: dict[str, Any] | None, engine: str) -> None:
    # R: "Stratum (C) has only one PSU at stage 1" under options(survey.lonely.psu = "fail")
    error = _require(error)
    data, kwargs = _design_kwargs(error["design"])
    kwargs["lonely_psu"] = error["lonely_psu"]

    def design_and_estimate() -> None:
        design = destat.Design(data, **kwargs, engine=engine)
        getattr(design, error["estimator"])(error["variables"][0]).to_pandas()

    # destat may refuse the design itself or its first estimate; R stops at the first estimate
    with pytest.raises(destat.LonelyPSUError):
        design_and_estimate()
