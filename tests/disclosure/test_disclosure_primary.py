"""Primary rules: minimum frequency, dominance (n, k), p% rule, and protection levels."""

from __future__ import annotations

import pytest

from destat.disclosure import Boundary, Dominance, MinimumFrequency, PPercent, PrimaryRules
from destat.disclosure.primary import ProtectionLevels, ProtectionMethod, assess_cells
from destat.errors import ConfigError

# The (2, 90 %) example: top two contributions as a share of the total.
DOMINANCE_CASES = [
    [100],  # 100 % > 90 %
    [90, 10],  # 100 %
    [80, 20],  # 100 %
    [70, 30],  # 100 %
    [80, 10, 10],  # 90 / 100 = 90 %: exactly on the boundary
    [70, 10, 10, 10],  # 80 %
    [60, 20, 10, 10],  # 80 %
]


def test_dominance_default_boundary_is_safe_as_in_hundepool() -> None:
    # Hundepool et al. (2012): sensitive if the n largest contribute *more than* k %.
    rule = Dominance(n=2, k=90)
    assert rule.boundary is Boundary.SAFE
    found = [rule.is_sensitive(c) for c in DOMINANCE_CASES]
    assert found == [True, True, True, True, False, False, False]


def test_dominance_boundary_sensitive_setting_catches_exactly_k_percent() -> None:
    rule = Dominance(n=2, k=90, boundary=Boundary.SENSITIVE)
    found = [rule.is_sensitive(c) for c in DOMINANCE_CASES]
    assert found == [True, True, True, True, True, False, False]


def test_dominance_boundary_survives_float_rounding() -> None:
    # 0.7 + 0.2 + 0.1 sums to 0.9999999999999999 in binary floating point, so a naive
    # 100 * 0.7 > 70 * total would call this exact 70 % share "more than 70 %".
    assert not Dominance(n=1, k=70).is_sensitive([0.7, 0.1, 0.2])
    assert Dominance(n=1, k=70, boundary=Boundary.SENSITIVE).is_sensitive([0.7, 0.1, 0.2])
    assert Dominance(n=1, k=69.9).is_sensitive([0.7, 0.1, 0.2])


def test_p_percent_rule_and_its_boundary() -> None:
    rule = PPercent(p=10)
    # remainder after the two largest = 4 < 10 % of 100 = 10 -> sensitive
    assert rule.is_sensitive([100, 5, 4])
    # remainder 10 = 10 % of 100: boundary, safe by default (Hundepool: "less than p %")
    assert not rule.is_sensitive([100, 50, 6, 4])
    assert PPercent(p=10, boundary=Boundary.SENSITIVE).is_sensitive([100, 50, 6, 4])
    # remainder 11 > 10 -> safe under both settings
    assert not PPercent(p=10, boundary=Boundary.SENSITIVE).is_sensitive([100, 50, 11])
    # one or two contributors: remainder 0 < p % of the largest
    assert rule.is_sensitive([5])
    assert rule.is_sensitive([5, 5])


def test_minimum_frequency_counts_unweighted_contributors() -> None:
    rule = MinimumFrequency(threshold=3)
    # empty cells disclose nothing; 1 and 2 are below the threshold; 3 is not
    assert [rule.is_sensitive(n) for n in (0, 1, 2, 3, 40)] == [False, True, True, False, False]


def test_protection_levels_derived_from_rules() -> None:
    rules = PrimaryRules(
        minimum_frequency=None, dominance=Dominance(n=1, k=85), p_percent=PPercent(10)
    )
    # [90, 10]: dominance 100/85 * 90 - 100 = 5.882...; p%: 0.10 * 90 - 0 = 9 -> max 9.
    # [100, 5, 4]: dominance 100/85*100 - 109 = 8.647...; p%: 10 - 4 = 6 -> max 8.647...
    # The 1 % floor of the value is lower in both: 1.00 and 1.09.
    assessment = assess_cells(
        values=[100.0, 109.0, 300.0],
        contributors=[2, 3, 3],
        contributions=[[90, 10], [100, 5, 4], [100, 100, 100]],
        rules=rules,
        protection=ProtectionLevels(fraction=0.01, method=ProtectionMethod.FROM_RULES),
    )
    assert assessment.sensitive.tolist() == [True, True, False]
    assert assessment.reasons == (("dominance", "p%"), ("dominance", "p%"), ())
    assert assessment.upper_protection.tolist() == pytest.approx([9.0, 10000 / 85 - 109, 0.0])
    assert assessment.lower_protection.tolist() == pytest.approx([9.0, 10000 / 85 - 109, 0.0])


def test_fraction_protection_and_forced_cells() -> None:
    assessment = assess_cells(
        values=[50.0, 200.0, 80.0],
        contributors=[1, 10, 10],
        contributions=None,
        rules=PrimaryRules(),
        protection=ProtectionLevels(fraction=0.2),
        forced=[False, False, True],
    )
    # cell 0: 1 contributor < 3; cell 2: forced by the office; 20 % of 50 and of 80
    assert assessment.sensitive.tolist() == [True, False, True]
    assert assessment.reasons == (("frequency",), (), ("forced",))
    assert assessment.upper_protection.tolist() == pytest.approx([10.0, 0.0, 16.0])


def test_magnitude_rules_need_contributions() -> None:
    with pytest.raises(ConfigError, match="no contributor values"):
        assess_cells([1.0], [1], None, PrimaryRules(dominance=Dominance()), ProtectionLevels())


def test_rule_parameters_are_checked() -> None:
    with pytest.raises(ConfigError, match="0 < k <= 100"):
        Dominance(n=2, k=120)
    with pytest.raises(ConfigError, match="threshold"):
        MinimumFrequency(threshold=0)
    with pytest.raises(ConfigError, match="fraction"):
        ProtectionLevels(fraction=0.0)
    with pytest.raises(ConfigError, match="non-negative"):
        Dominance().is_sensitive([10, -5])
