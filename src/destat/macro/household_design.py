"""How a household survey was drawn and how its files name sex and the breakdowns.

Kept apart from :mod:`destat.macro.household` so that reading ``destat.toml`` does not load the
estimation engine.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HouseholdDesign"]


@dataclass(frozen=True)
class HouseholdDesign:
    """How the household survey was drawn and how its files name sex and the breakdowns.

    The defaults are those of the demo household survey: enumeration areas (``ea``) as primary
    sampling units within strata, non-response adjusted ``weight``, every member aged 15+ of a
    responding household interviewed (so persons carry their household's weight)."""

    ids: str = "ea"
    strata: str = "stratum"
    weights: str = "weight"
    sex: str = "sex"
    female: str = "F"
    male: str = "M"
    person_breakdowns: tuple[str, ...] = ("age_group", "area", "education")
    household_breakdowns: tuple[str, ...] = ("area",)
    household_sex: str = "head_sex"
    responded: str = "responded"
    lonely_psu: str = "fail"
