"""Primary confidentiality rules: which cells are sensitive, and how much protection they need.

All rules look at the *unweighted* contributors of a cell (the enterprises or persons whose
answers make up the cell), never at weighted counts.

* Minimum frequency (threshold rule): a cell with fewer than ``threshold`` contributors is
  sensitive. Empty cells (no contributor) disclose nothing and are not sensitive.
* Dominance ``(n, k)``: a cell is sensitive if its ``n`` largest contributions make up *more
  than* ``k`` per cent of the cell total.
* p% rule: a cell is sensitive if the total minus the two largest contributions is *less than*
  ``p`` per cent of the largest, i.e. the second largest contributor could estimate the largest
  to within ``p`` per cent.

The comparisons follow Hundepool et al. (2012, chapter 4), who state both rules with
strict inequalities ("contribute more than k %", "less than p %"). A cell exactly on the
boundary is therefore *not* sensitive by default; :class:`Boundary.SENSITIVE` makes it sensitive
(``>=`` for dominance, ``<=`` for the p% rule) for offices whose rules are written that way.

Protection levels: a sensitive cell with value ``x`` needs an attacker interval that reaches at
least ``x + upper`` and at most ``x - lower``. By default both are a fraction of ``x`` (with an
optional absolute minimum); with
:attr:`ProtectionMethod.FROM_RULES` the levels of the magnitude rules are those that make the
released interval as wide as the rule asks (Hundepool et al. 2012, chapter 4):
``100/k * (x_1 + ... + x_n) - X`` for dominance and ``p/100 * x_1 - (X - x_1 - x_2)`` for the
p% rule; the fraction stays as a floor.

References: A. Hundepool, J. Domingo-Ferrer, L. Franconi, S. Giessing, E. Schulte Nordholt,
K. Spicer, P.-P. de Wolf (2012), *Statistical Disclosure Control*, Wiley, chapter 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from destat.errors import ConfigError

__all__ = [
    "Boundary",
    "Dominance",
    "MinimumFrequency",
    "PPercent",
    "PrimaryAssessment",
    "PrimaryRules",
    "ProtectionLevels",
    "ProtectionMethod",
    "assess_cells",
]

# Relative tolerance under which a rule's two sides count as equal (boundary case), so that
# 0.9 * 100 computed in floating point still sits on the boundary.
_BOUNDARY_TOLERANCE = 1e-9


class Boundary(StrEnum):
    """Whether a cell exactly on a magnitude rule's boundary is sensitive."""

    SAFE = "safe"
    SENSITIVE = "sensitive"


def _exceeds(left: float, right: float, boundary: Boundary) -> bool:
    """``left > right`` (boundary safe) or ``left >= right`` (boundary sensitive)."""
    tolerance = _BOUNDARY_TOLERANCE * max(abs(left), abs(right), 1.0)
    if boundary is Boundary.SAFE:
        return left - right > tolerance
    return left - right >= -tolerance


def _sorted_contributions(contributions: Sequence[float]) -> npt.NDArray[np.float64]:
    values = np.sort(np.asarray(contributions, dtype=np.float64))[::-1]
    if values.size and values[-1] < 0:
        raise ConfigError(
            f"contributions must be non-negative for the dominance and p% rules, found "
            f"{values[-1]:g}; pass absolute values (e.g. of turnover) as contributions"
        )
    return values


@dataclass(frozen=True)
class MinimumFrequency:
    """Threshold rule: fewer than ``threshold`` contributors (but at least one) is sensitive."""

    threshold: int = 3

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ConfigError(f"minimum frequency threshold must be >= 1, got {self.threshold}")

    def is_sensitive(self, contributors: int) -> bool:
        """Whether a cell with this many unweighted contributors is sensitive."""
        return 0 < contributors < self.threshold


@dataclass(frozen=True)
class Dominance:
    """The ``(n, k)`` rule: the ``n`` largest contributions exceed ``k`` % of the cell total."""

    n: int = 1
    k: float = 85.0
    boundary: Boundary = Boundary.SAFE

    def __post_init__(self) -> None:
        if self.n < 1 or not 0 < self.k <= 100:
            raise ConfigError(
                f"dominance rule needs n >= 1 and 0 < k <= 100, got n={self.n}, k={self.k}"
            )

    def is_sensitive(self, contributions: Sequence[float]) -> bool:
        """Whether a cell with these unweighted contributions is dominated."""
        values = _sorted_contributions(contributions)
        total = float(values.sum())
        if total <= 0:
            return False
        return _exceeds(100.0 * float(values[: self.n].sum()), self.k * total, self.boundary)

    def protection(self, contributions: Sequence[float]) -> float:
        """Amount the total must be able to rise for the rule to be met: 100/k * top n - X."""
        values = _sorted_contributions(contributions)
        return max(0.0, 100.0 / self.k * float(values[: self.n].sum()) - float(values.sum()))


@dataclass(frozen=True)
class PPercent:
    """The p% rule: the remainder after the two largest is below ``p`` % of the largest."""

    p: float = 10.0
    boundary: Boundary = Boundary.SAFE

    def __post_init__(self) -> None:
        if not self.p > 0:
            raise ConfigError(f"p% rule needs p > 0, got p={self.p}")

    def is_sensitive(self, contributions: Sequence[float]) -> bool:
        """Whether the second largest contributor can estimate the largest within p %."""
        values = _sorted_contributions(contributions)
        if values.size == 0 or values[0] <= 0:
            return False
        remainder = float(values[2:].sum())
        return _exceeds(self.p / 100.0 * float(values[0]), remainder, self.boundary)

    def protection(self, contributions: Sequence[float]) -> float:
        """Amount the total must be able to rise for the rule to be met: p/100 x1 - remainder."""
        values = _sorted_contributions(contributions)
        if values.size == 0:
            return 0.0
        return max(0.0, self.p / 100.0 * float(values[0]) - float(values[2:].sum()))


@dataclass(frozen=True)
class PrimaryRules:
    """The primary rules one table is checked against; ``None`` switches a rule off."""

    minimum_frequency: MinimumFrequency | None = field(default_factory=MinimumFrequency)
    dominance: Dominance | None = None
    p_percent: PPercent | None = None

    @property
    def needs_contributions(self) -> bool:
        """Whether a magnitude rule is on, so contributor values are required."""
        return self.dominance is not None or self.p_percent is not None


class ProtectionMethod(StrEnum):
    """How the protection levels of sensitive cells are set."""

    FRACTION = "fraction"
    FROM_RULES = "from_rules"


@dataclass(frozen=True)
class ProtectionLevels:
    """Upper and lower protection levels: a fraction of the cell value, at least ``minimum``
    (e.g. 1 in a count table, so that sensitive zeros are protected too), and with
    :attr:`ProtectionMethod.FROM_RULES` at least what the magnitude rules ask."""

    fraction: float = 0.1
    method: ProtectionMethod = ProtectionMethod.FRACTION
    minimum: float = 0.0

    def __post_init__(self) -> None:
        if not 0 < self.fraction <= 1:
            raise ConfigError(
                f"protection fraction must be in (0, 1], got {self.fraction}; "
                "0.1 asks for an attacker interval of at least +/-10 % of the value"
            )
        if self.minimum < 0:
            raise ConfigError(f"minimum protection must be >= 0, got {self.minimum}")

    def fixed_level(self, value: float) -> float:
        """The level set by the fraction and the minimum for a cell of this value."""
        return max(self.fraction * abs(value), self.minimum)


@dataclass(frozen=True)
class PrimaryAssessment:
    """Per cell: sensitive or not, why, and the protection levels of sensitive cells."""

    sensitive: npt.NDArray[np.bool_]
    reasons: tuple[tuple[str, ...], ...]
    upper_protection: npt.NDArray[np.float64]
    lower_protection: npt.NDArray[np.float64]


def _cell_reasons(
    rules: PrimaryRules, contributors: int, contributions: Sequence[float] | None
) -> list[str]:
    reasons = []
    if rules.minimum_frequency is not None and rules.minimum_frequency.is_sensitive(contributors):
        reasons.append("frequency")
    if contributions is not None:
        if rules.dominance is not None and rules.dominance.is_sensitive(contributions):
            reasons.append("dominance")
        if rules.p_percent is not None and rules.p_percent.is_sensitive(contributions):
            reasons.append("p%")
    return reasons


def _rule_protection(
    rules: PrimaryRules, reasons: Sequence[str], contributions: Sequence[float] | None
) -> float:
    level = 0.0
    if contributions is None:
        return level
    if "dominance" in reasons and rules.dominance is not None:
        level = max(level, rules.dominance.protection(contributions))
    if "p%" in reasons and rules.p_percent is not None:
        level = max(level, rules.p_percent.protection(contributions))
    return level


def assess_cells(
    values: Sequence[float] | npt.NDArray[np.float64],
    contributors: Sequence[int],
    contributions: Sequence[Sequence[float] | None] | None,
    rules: PrimaryRules,
    protection: ProtectionLevels,
    forced: Sequence[bool] | None = None,
) -> PrimaryAssessment:
    """Apply the primary rules to every cell and set the protection levels of sensitive ones.

    ``forced`` marks cells the office declares sensitive whatever the rules say (reason
    ``"forced"``); their protection is the fraction of their value.
    """
    if rules.needs_contributions and contributions is None:
        raise ConfigError(
            "the dominance or p% rule is on but no contributor values were given; pass the "
            "column holding the list of unweighted contributions of each cell"
        )
    size = len(values)
    sensitive = np.zeros(size, dtype=bool)
    upper = np.zeros(size)
    all_reasons: list[tuple[str, ...]] = []
    for i in range(size):
        cell_contributions = None if contributions is None else contributions[i]
        reasons = _cell_reasons(rules, int(contributors[i]), cell_contributions)
        if forced is not None and forced[i]:
            reasons.append("forced")
        all_reasons.append(tuple(reasons))
        if not reasons:
            continue
        sensitive[i] = True
        level = protection.fixed_level(float(values[i]))
        if protection.method is ProtectionMethod.FROM_RULES:
            level = max(level, _rule_protection(rules, reasons, cell_contributions))
        upper[i] = level
    return PrimaryAssessment(
        sensitive=sensitive,
        reasons=tuple(all_reasons),
        upper_protection=upper,
        lower_protection=upper.copy(),
    )
