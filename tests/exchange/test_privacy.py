"""Differentially private release: accuracy, the privacy unit, the contribution bound, inputs."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest

from destat.exchange.privacy import (
    COUNT,
    PrivacyInputError,
    PrivacySpec,
    PrivacySpecError,
    release,
)

REGIONS = {"region": ["north", "south", "east", "west"]}


def _sales(rows_per_seller: dict[str, int], region: str = "north") -> pa.Table:
    sellers = [seller for seller, rows in rows_per_seller.items() for _ in range(rows)]
    return pa.table(
        {
            "seller": sellers,
            "region": [region] * len(sellers),
            "price": [25.0] * len(sellers),
        }
    )


def _mixed_table() -> pa.Table:
    # 12 sellers, 1 to 3 rows each, spread over three of the four declared regions.
    rng = np.random.default_rng(7)
    sellers, regions, prices = [], [], []
    for seller in range(12):
        for _ in range(1 + seller % 3):
            sellers.append(f"s{seller}")
            regions.append(["north", "south", "east"][seller % 3])
            prices.append(float(rng.uniform(-20, 60)))
    return pa.table({"seller": sellers, "region": regions, "price": prices})


def test_noise_scale_by_hand() -> None:
    # k = 3 rows per seller, epsilon 1 split equally between the count and one sum: 0.5 each.
    # Count: L1 sensitivity k = 3, discrete Laplace scale s = 3 / 0.5 = 6. With t = exp(-1/s),
    # P(|X| >= m) = 2 t^m / (1 + t), so the 95 % half-width is s * ln(2 / (0.05 (1 + t))).
    # Sum clamped to [-10, 40]: sensitivity 3 * 40 = 120, Laplace scale 240, P(|X| > a) =
    # exp(-a / 240), half-width 240 * ln(20) = 718.98.
    spec = PrivacySpec("seller", 1.0, ("region",), {"price": (-10.0, 40.0)}, 3)
    result = release(_mixed_table(), spec, categories=REGIONS)
    t = math.exp(-1 / 6)
    assert result.accuracy[COUNT] == pytest.approx(6 * math.log(2 / (0.05 * (1 + t))), rel=1e-9)
    assert result.accuracy["price"] == pytest.approx(240 * math.log(20), rel=1e-9)
    assert result.accuracy["price"] == pytest.approx(718.98, abs=0.01)
    assert result.epsilon_spent == pytest.approx(1.0, rel=1e-9)
    assert result.epsilon_spent <= 1.0
    assert "OpenDP" in result.mechanism


def test_cells_come_from_the_declared_domain_not_the_data() -> None:
    spec = PrivacySpec("seller", 1.0, ("region",), {"price": (-10.0, 40.0)}, 3)
    result = release(_mixed_table(), spec, categories=REGIONS)
    assert result.table.column_names == ["region", COUNT, "price"]
    assert result.table.column("region").to_pylist() == REGIONS["region"]  # "west" has no row
    only_north = release(_sales({"a": 2}), spec, categories=REGIONS)
    assert only_north.table.column("region").to_pylist() == REGIONS["region"]


@pytest.mark.slow
def test_reported_accuracy_matches_error_over_repeated_releases() -> None:
    table = _mixed_table()
    spec = PrivacySpec("seller", 1.0, ("region",), {"price": (-10.0, 40.0)}, 3)
    by_region = {r: [0, 0.0] for r in REGIONS["region"]}
    for region, price in zip(
        table.column("region").to_pylist(), table.column("price").to_pylist(), strict=True
    ):
        by_region[region][0] += 1
        by_region[region][1] += min(max(price, -10.0), 40.0)
    true_count = np.array([by_region[r][0] for r in REGIONS["region"]])
    true_sum = np.array([by_region[r][1] for r in REGIONS["region"]])
    count_errors, sum_errors = [], []
    for _ in range(500):
        result = release(table, spec, categories=REGIONS)
        count_errors.append(np.array(result.table.column(COUNT).to_pylist()) - true_count)
        sum_errors.append(np.array(result.table.column("price").to_pylist()) - true_sum)
    accuracy = result.accuracy
    draws = 500 * 4
    tolerance = 4 * math.sqrt(0.05 * 0.95 / draws)  # four binomial standard errors
    # Continuous Laplace: exactly 95 % of errors fall within the half-width.
    within_sum = np.mean(np.abs(np.concatenate(sum_errors)) <= accuracy["price"])
    assert abs(within_sum - 0.95) < tolerance
    # Discrete Laplace: integer errors, so the coverage is P(|X| <= floor(a)), slightly above.
    t = math.exp(-1 / 6)
    exact = 1 - 2 * t ** (math.floor(accuracy[COUNT]) + 1) / (1 + t)
    assert 0.95 <= exact < 0.96
    within_count = np.mean(np.abs(np.concatenate(count_errors)) <= accuracy[COUNT])
    assert abs(within_count - exact) < tolerance


def _noisy_counts(table: pa.Table, spec: PrivacySpec, releases: int) -> np.ndarray:
    return np.array(
        [
            release(table, spec, categories={"region": ["north"]}).table.column(COUNT)[0].as_py()
            for _ in range(releases)
        ]
    )


def _max_log_ratio(first: np.ndarray, second: np.ndarray) -> tuple[float, float]:
    """Largest log ratio of P(C >= c) and P(C <= c) between two samples, and its standard
    error, over the events with at least 40 draws on both sides."""
    best, best_se = -math.inf, 0.0
    for threshold in np.unique(np.concatenate([first, second])):
        for event in (lambda x: x >= threshold, lambda x: x <= threshold):  # noqa: B023
            a, b = int(event(first).sum()), int(event(second).sum())
            if min(a, b) < 40:
                continue
            for ratio in (math.log(a / b), math.log(b / a)):
                if ratio > best:
                    best, best_se = ratio, math.sqrt(1 / a + 1 / b)
    return best, best_se


@pytest.mark.slow
def test_removing_one_seller_changes_the_distribution_within_exp_epsilon() -> None:
    # 30 sellers with 2 rows each, plus seller "x" with 5 rows; k = 5, epsilon 1, count only.
    # Differential privacy bounds the ratio of the probability of any event with and without
    # x by exp(1); the tails of the discrete Laplace reach it, so the test also sees the bound.
    others = {f"s{i}": 2 for i in range(30)}
    spec = PrivacySpec("seller", 1.0, ("region",), {}, 5)
    with_x = _noisy_counts(_sales({**others, "x": 5}), spec, 1500)
    without_x = _noisy_counts(_sales(others), spec, 1500)
    assert with_x.mean() - without_x.mean() == pytest.approx(5, abs=1.0)
    ratio, se = _max_log_ratio(with_x, without_x)
    assert ratio <= 1.0 + 3 * se
    assert ratio >= 0.5  # the events are sharp enough to see a violation of the bound


@pytest.mark.slow
def test_seller_with_more_rows_than_the_bound_is_clamped() -> None:
    # Seller "x" has 25 rows but only k = 5 count: its presence shifts the noisy count by 5,
    # not 25 (which would make the ratio of probabilities reach exp(5)).
    others = {f"s{i}": 2 for i in range(30)}
    spec = PrivacySpec("seller", 1.0, ("region",), {}, 5)
    with_x = _noisy_counts(_sales({**others, "x": 25}), spec, 1500)
    without_x = _noisy_counts(_sales(others), spec, 1500)
    assert with_x.mean() - without_x.mean() == pytest.approx(5, abs=1.0)
    ratio, se = _max_log_ratio(with_x, without_x)
    assert ratio <= 1.0 + 3 * se


def test_contribution_bound_keeps_the_first_rows_of_each_unit() -> None:
    # Large epsilon: noise of scale 1/1000 rounds to 0, so the count is exact: 3 + 2 rows kept.
    table = pa.table(
        {
            "seller": ["a", "b", "a", "a", "a", "b"],
            "region": ["north", "south", "south", "north", "south", "south"],
        }
    )
    spec = PrivacySpec("seller", 1000.0, ("region",), {}, 3)
    counts = release(table, spec, categories=REGIONS).table.column(COUNT).to_pylist()
    assert counts == [2, 3, 0, 0]  # a keeps rows 1, 3, 4 (north, south, north); b both


def test_rows_outside_the_declared_domain_are_refused_with_their_row() -> None:
    table = pa.table({"seller": ["a", "b"], "region": ["north", "Norte"], "price": [1.0, 2.0]})
    spec = PrivacySpec("seller", 1.0, ("region",), {"price": (0.0, 10.0)}, 1)
    with pytest.raises(PrivacyInputError, match=r"'region'.*'Norte'.*row 2"):
        release(table, spec, categories=REGIONS)


def test_missing_units_and_columns_are_refused() -> None:
    spec = PrivacySpec("seller", 1.0, ("region",), {"price": (0.0, 10.0)}, 1)
    table = pa.table({"seller": ["a", None], "region": ["north", "south"], "price": [1.0, 2.0]})
    with pytest.raises(PrivacyInputError, match=r"'seller'.*row 2"):
        release(table, spec, categories=REGIONS)
    with pytest.raises(PrivacyInputError, match=r"no column 'price'"):
        release(table.drop_columns(["price"]), spec, categories=REGIONS)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (PrivacySpec("seller", 0.0, ("region",), {}, 1), "epsilon"),
        (PrivacySpec("seller", 1.0, ("region",), {}, 0), "max_rows_per_unit"),
        (PrivacySpec("seller", 1.0, ("region",), {"price": (5.0, 1.0)}, 1), "bounds"),
        (PrivacySpec("seller", 1.0, ("region",), {"price": (0.0, math.inf)}, 1), "bounds"),
        (PrivacySpec("seller", 1.0, ("seller",), {}, 1), "used twice"),
        (PrivacySpec("seller", 1.0, ("month",), {}, 1), "declare exactly"),
    ],
)
def test_invalid_specifications_are_refused(spec: PrivacySpec, message: str) -> None:
    table = pa.table({"seller": ["a"], "region": ["north"], "price": [1.0]})
    with pytest.raises(PrivacySpecError, match=message):
        release(table, spec, categories=REGIONS)
