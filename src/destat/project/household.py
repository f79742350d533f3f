"""The project's household survey: the ITU indicators by sex and the female/male gaps, laid out
as publishable rows (codes, estimate, SE, CI, CV, n, quality and confidentiality flags). A share
from fewer respondents than ``[disclosure] min_frequency`` is confidential (C) and, like every
figure not free, leaves the office without its numbers.

A gap is as reliable as the less reliable of its two shares and as confidential as the more
confidential of them, so it takes the worse quality grade and confidentiality status of the
female and the male share of its domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from destat.errors import InputFileError
from destat.macro.household import estimate_household_indicators
from destat.project.confidentiality import without_hidden_numbers
from destat.project.config import ProjectConfig
from destat.project.tabulate import quality_grades
from destat.publish.sdmx.household import write_household_sdmx

__all__ = ["household_sdmx", "household_tables"]

_NOT_KEYS = {"unit", "estimate", "se", "ci_low", "ci_high", "cv", "deff", "n"}


def household_tables(folder: Path, config: ProjectConfig) -> dict[str, pd.DataFrame]:
    """``household`` (shares) and ``household_gaps`` tables; none without ``[household]``."""
    settings = config.household
    if settings is None:
        return {}
    households = _path(folder, settings.households) if settings.households else None
    estimated = estimate_household_indicators(
        _path(folder, settings.persons), households, design=settings.design
    )
    shares = _stamped(estimated.figures, config)
    shares["quality"] = quality_grades(shares["cv"], config)
    too_few = (shares["n"] > 0) & (shares["n"] < config.disclosure.min_frequency)
    shares["conf_status"] = np.where(too_few, "C", "F")
    shares["obs_status"] = "A"
    gaps = _flag_gaps(_stamped(estimated.gaps, config), shares)
    return {
        "household": without_hidden_numbers(shares),
        "household_gaps": without_hidden_numbers(gaps),
    }


def household_sdmx(tables: Mapping[str, pd.DataFrame], folder: Path, config: ProjectConfig) -> None:
    """Write the ``household`` and ``household_gaps`` tables, when the run has them, as the
    SDMX dataflow ICT_HH in ``folder`` (docs/sdmx.md)."""
    if "household" not in tables:
        return
    write_household_sdmx(
        tables["household"],
        tables["household_gaps"],
        folder,
        ref_area=config.project.ref_area,
        agency=config.project.agency,
        area_name=config.project.country,
    )


def _path(folder: Path, relative: Path) -> Path:
    path = folder / relative
    if not path.is_file():
        raise InputFileError(
            f"Household survey file not found: {path}. Check [household] in destat.toml."
        )
    return path


def _stamped(frame: pd.DataFrame, config: ProjectConfig) -> pd.DataFrame:
    at = list(frame.columns).index("estimate")
    frame = frame.copy()
    frame.insert(at, "ref_area", config.project.ref_area)
    frame.insert(at, "time_period", config.project.reference_period)
    return frame


def _flag_gaps(gaps: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in gaps.columns if c in shares.columns and c not in _NOT_KEYS]
    sexed = shares[shares["sex"] != "_T"]
    worst = sexed.groupby(keys, dropna=False).agg(
        quality=("quality", "max"),  # "A" < "B" < "C"
        conf_status=("conf_status", lambda s: "C" if (s == "C").any() else "F"),
    )
    flagged = gaps.join(worst, on=keys)
    flagged["obs_status"] = np.where(flagged["estimate"].isna(), "M", "A")
    return flagged
