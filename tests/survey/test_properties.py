"""Invariants of the estimation engine, on random stratified samples (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import destat

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def stratified_samples(draw: st.DrawFn) -> pd.DataFrame:
    """A stratified sample: 2-4 strata of 2-8 units, weights N_h/n_h, a numeric y, a domain."""
    frames = []
    for h in range(draw(st.integers(2, 4))):
        n = draw(st.integers(2, 8))
        population = n + draw(st.integers(0, 40))
        values = draw(st.lists(st.floats(-50, 500, allow_nan=False), min_size=n, max_size=n))
        groups = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
        frames.append(
            pd.DataFrame(
                {
                    "stratum": f"s{h}",
                    "N": population,
                    "w": population / n,
                    "y": values,
                    "group": groups,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _table(design: destat.Design, kind: str, by: list[str] | None = None) -> pd.DataFrame:
    result = design.mean("y", by=by) if kind == "mean" else design.total("y", by=by)
    return result.to_pandas().sort_values(by or ["variable"]).reset_index(drop=True)


@SETTINGS
@given(stratified_samples(), st.integers(0, 2**31 - 1))
def test_results_do_not_depend_on_row_order(sample: pd.DataFrame, seed: int) -> None:
    order = np.random.default_rng(seed).permutation(len(sample))
    shuffled = sample.iloc[order].reset_index(drop=True)
    for kind in ("mean", "total"):
        a = _table(destat.Design(sample, weights="w", strata="stratum", fpc="N"), kind, ["group"])
        b = _table(destat.Design(shuffled, weights="w", strata="stratum", fpc="N"), kind, ["group"])
        np.testing.assert_allclose(
            a[["estimate", "se"]], b[["estimate", "se"]], rtol=1e-9, atol=1e-9
        )


@SETTINGS
@given(stratified_samples(), st.integers(1, 5))
def test_results_do_not_depend_on_how_rows_are_chunked(sample: pd.DataFrame, rows: int) -> None:
    whole = pa.Table.from_pandas(sample, preserve_index=False)
    chunked = pa.Table.from_batches(whole.to_batches(max_chunksize=rows))
    assert chunked.column("y").num_chunks >= len(sample) // rows
    a = _table(destat.Design(whole, weights="w", strata="stratum", fpc="N"), "total", ["group"])
    b = _table(destat.Design(chunked, weights="w", strata="stratum", fpc="N"), "total", ["group"])
    np.testing.assert_allclose(a[["estimate", "se"]], b[["estimate", "se"]], rtol=1e-9, atol=1e-9)


@SETTINGS
@given(stratified_samples())
def test_standard_errors_are_finite_and_not_negative(sample: pd.DataFrame) -> None:
    design = destat.Design(sample, weights="w", strata="stratum", fpc="N")
    for kind in ("mean", "total"):
        se = _table(design, kind, ["group"])["se"].to_numpy()
        assert np.all(np.isfinite(se))
        assert np.all(se >= 0)


@SETTINGS
@given(stratified_samples())
def test_a_census_has_no_sampling_error(sample: pd.DataFrame) -> None:
    census = sample.assign(N=sample.groupby("stratum")["y"].transform("size"), w=1.0)
    design = destat.Design(census, weights="w", strata="stratum", fpc="N")
    for kind in ("mean", "total"):
        assert np.all(_table(design, kind, ["group"])["se"].to_numpy() == 0.0)


@SETTINGS
@given(stratified_samples())
def test_total_variance_is_the_textbook_stratified_formula(sample: pd.DataFrame) -> None:
    # Var(T) = Σ_h N_h² (1 - n_h/N_h) s_h² / n_h (Cochran 1977, eq. 5.6), written out here.
    expected = 0.0
    for _, rows in sample.groupby("stratum"):
        n, population = len(rows), float(rows["N"].iloc[0])
        expected += population**2 * (1 - n / population) * rows["y"].var(ddof=1) / n
    design = destat.Design(sample, weights="w", strata="stratum", fpc="N")
    result = design.total("y").to_pandas()
    np.testing.assert_allclose(result["estimate"], (sample["w"] * sample["y"]).sum(), rtol=1e-9)
    np.testing.assert_allclose(result["se"] ** 2, expected, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(
    stratified_samples(),
    st.floats(50, 500),
    st.floats(0.2, 0.8),
    st.sampled_from(["linear", "raking"]),
)
def test_calibrated_weights_reproduce_every_control_total(
    sample: pd.DataFrame, size: float, share_a: float, method: str
) -> None:
    counts = {"a": size * share_a, "b": size * (1 - share_a)}
    present = set(sample["group"])
    counts = {level: count for level, count in counts.items() if level in present}
    # The constraints must be distinct in the sample, or no unique solution exists.
    model = np.column_stack([*(sample["group"] == level for level in counts), sample["y"]])
    assume(np.linalg.matrix_rank(model.astype(float)) == model.shape[1])
    total_y = float((sample["w"] * sample["y"]).sum())
    # Raking keeps weights positive, so a total of y is not always reachable: it gets the
    # margin alone (always solvable); linear calibration gets the margin and the total.
    totals = {"y": total_y} if method == "linear" else {}
    design = destat.Design(sample, weights="w", strata="stratum", fpc="N")
    calibrated = design.calibrate(margins={"group": counts}, totals=totals, method=method)
    weights = calibrated.weights()
    for level, count in counts.items():
        np.testing.assert_allclose(weights[sample["group"] == level].sum(), count, rtol=1e-8)
    if totals:
        np.testing.assert_allclose((weights * sample["y"]).sum(), total_y, rtol=1e-8, atol=1e-6)


@SETTINGS
@given(stratified_samples())
def test_zero_one_integers_give_the_same_results_as_floats(sample: pd.DataFrame) -> None:
    # 0/1 integer columns take an exact integer path (sums without the weight, weighted per
    # stratum afterwards); the same values as floats take the general path.
    flags = sample.assign(flag=(sample["y"] > 100).astype("int8"))
    as_float = flags.assign(flag=flags["flag"].astype(float))
    results = []
    for data in (flags, as_float):
        design = destat.Design(data, weights="w", strata="stratum", fpc="N")
        frame = design.mean("flag", by=["group"]).to_pandas().sort_values("group")
        results.append(frame[["estimate", "se", "deff"]].to_numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12, atol=1e-15)
