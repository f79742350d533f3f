"""Method choices of the survey estimation engine, as enums."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from destat.errors import ConfigError


class LonelyPSU(StrEnum):
    """What to do with a stratum that has a single sampled unit (R ``survey.lonely.psu``).

    ``fail`` stops; ``certainty`` and ``remove`` let the stratum contribute nothing at that stage
    (R treats them the same in Taylor linearisation); ``adjust`` centres the unit's total at zero,
    the population mean of influence values, instead of the stratum mean; ``average`` replaces the
    stratum's contribution by the average of the other strata.
    """

    FAIL = "fail"
    CERTAINTY = "certainty"
    REMOVE = "remove"
    ADJUST = "adjust"
    AVERAGE = "average"


class CalibrationMethod(StrEnum):
    """Calibration distance (Deville and Särndal 1992): linear (GREG), raking, bounded logit."""

    LINEAR = "linear"
    RAKING = "raking"
    LOGIT = "logit"


class Interval(StrEnum):
    """Confidence interval: normal quantile, or Student t on the design degrees of freedom."""

    NORMAL = "normal"
    T = "t"


E = TypeVar("E", bound=StrEnum)


def choose(kind: type[E], value: str | E, argument: str) -> E:
    """Convert a user's string to the enum, with an error listing the valid choices."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ConfigError(f"{argument}={value!r} is not valid: choose one of {choices}.") from None
