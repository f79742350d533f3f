"""ITU household and individual ICT indicators by sex, with gender gaps as published figures.

Indicators and their populations follow the ITU *Manual for Measuring ICT Access and Use by
Households and Individuals* (2020 edition) and the Partnership on Measuring ICT for Development's
core list: HH5 and HH6 are shares of households, HH7 (SDG 17.8.1), the HH9 activities and HH18
(SDG 5.b.1) shares of persons in the survey's age scope. ``OWN_SELL``, the share of small
business owners (own-account workers and employers) whose business sells over the Internet, is
not an ITU indicator: it shows the micro and informal businesses that business surveys miss.

Every share is a design-based mean of a 0/1 answer (Horvitz–Thompson ratio estimator, SE by
Taylor linearisation: Särndal, Swensson and Wretman 1992, §5.6; Lumley 2010, ch. 2), with the
blank answers of an indicator left out of that indicator only. The gender gaps are the
female/male ratio (the gender parity index) and the difference female − male of two domain
means, with SEs from the covariance of the two estimates (as R ``svyby`` + ``svycontrast``;
Lumley 2010, §2.2 and §3.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from destat.errors import ConfigError
from destat.macro.household_design import HouseholdDesign
from destat.survey.design import Design
from destat.survey.sources import ROW, read_table

__all__ = [
    "HOUSEHOLD_INDICATORS",
    "HouseholdDesign",
    "HouseholdFigures",
    "HouseholdIndicator",
    "estimate_household_indicators",
]

TOTAL = "_T"
ESTIMATE_COLUMNS = ["estimate", "se", "ci_low", "ci_high", "cv", "deff", "n"]


@dataclass(frozen=True)
class HouseholdIndicator:
    """One indicator: its code, the 0/1 column it is the share of, and the unit it counts."""

    code: str
    variable: str
    unit: Literal["PC_HH", "PC_IND", "PC_OWN"]

    @property
    def of_households(self) -> bool:
        """Whether the indicator is a share of households (else of persons)."""
        return self.unit == "PC_HH"


HOUSEHOLD_INDICATORS: tuple[HouseholdIndicator, ...] = (
    HouseholdIndicator("HH5", "has_computer", "PC_HH"),
    HouseholdIndicator("HH6", "has_internet_home", "PC_HH"),
    HouseholdIndicator("HH7", "uses_internet", "PC_IND"),
    HouseholdIndicator("HH18", "owns_mobile_phone", "PC_IND"),
    HouseholdIndicator("HH9_EMAIL", "act_email", "PC_IND"),
    HouseholdIndicator("HH9_SOCIAL", "act_social_networks", "PC_IND"),
    HouseholdIndicator("HH9_CALLS", "act_internet_calls", "PC_IND"),
    HouseholdIndicator("HH9_NEWS", "act_news", "PC_IND"),
    HouseholdIndicator("HH9_PURCHASE", "act_purchasing", "PC_IND"),
    HouseholdIndicator("HH9_SELL", "act_selling", "PC_IND"),
    HouseholdIndicator("HH9_BANKING", "act_banking", "PC_IND"),
    HouseholdIndicator("HH9_GOVERNMENT", "act_government", "PC_IND"),
    HouseholdIndicator("HH9_LEARNING", "act_learning", "PC_IND"),
    HouseholdIndicator("OWN_SELL", "sells_online", "PC_OWN"),
)


@dataclass(frozen=True)
class HouseholdFigures:
    """Shares by sex and breakdown (``figures``) and the female/male gaps (``gaps``).

    Both frames have one column per breakdown, ``_T`` where a figure is not broken down by it;
    ``figures`` has ``sex`` (``_T`` for both sexes), ``gaps`` has ``unit`` ``RATIO_FM`` (female /
    male) or ``DIFF_FM`` (female − male)."""

    figures: pd.DataFrame
    gaps: pd.DataFrame


def estimate_household_indicators(
    persons: Any,
    households: Any | None = None,
    *,
    design: HouseholdDesign | None = None,
    indicators: Sequence[HouseholdIndicator] = HOUSEHOLD_INDICATORS,
    engine: str = "duckdb",
) -> HouseholdFigures:
    """Every indicator whose column is in its file, by sex and each breakdown, with the gaps.

    ``persons`` and ``households`` are anything :class:`~destat.survey.design.Design` reads;
    household indicators are estimated only when ``households`` is given, from the households
    whose ``responded`` column is 1 (all of them when the file has no such column)."""
    spec = design or HouseholdDesign()
    figures, gaps = [], []
    sources = [(persons, False, spec.sex, spec.person_breakdowns)]
    if households is not None:
        responding = _respondents(households, spec.responded)
        sources.append((responding, True, spec.household_sex, spec.household_breakdowns))
    for data, of_households, sex, breakdowns in sources:
        wanted = [i for i in indicators if i.of_households == of_households]
        sample = Design(
            data,
            ids=spec.ids,
            strata=spec.strata,
            weights=spec.weights,
            lonely_psu=spec.lonely_psu,
            engine=engine,
        )
        present = [i for i in wanted if i.variable in sample.data.column_names]
        columns = [sex, *breakdowns]
        _require(sample, columns, "households" if of_households else "persons")
        if present:
            figures.append(_shares(sample, present, sex, breakdowns))
            gaps.append(_gaps(sample, present, spec, sex, breakdowns))
    if not figures:
        raise ConfigError(
            "None of the household indicators' columns is in the files: expected some of "
            + ", ".join(i.variable for i in indicators)
            + ". Rename the columns in the mapping file or pass your own indicators."
        )
    every = list(dict.fromkeys([*spec.person_breakdowns, *spec.household_breakdowns]))
    return HouseholdFigures(_tidy(figures, ["sex", *every]), _tidy(gaps, every))


def _shares(
    sample: Design, present: Sequence[HouseholdIndicator], sex: str, breakdowns: Sequence[str]
) -> pd.DataFrame:
    splits = [[], [sex], *([b] for b in breakdowns), *([sex, b] for b in breakdowns)]
    variables = [i.variable for i in present]
    result = sample.mean(variables, breakdowns=splits, na_rm=True).to_pandas()
    return _coded(result.rename(columns={sex: "sex"}), present)


def _gaps(
    sample: Design,
    present: Sequence[HouseholdIndicator],
    spec: HouseholdDesign,
    sex: str,
    breakdowns: Sequence[str],
) -> pd.DataFrame:
    splits = [[], *([b] for b in breakdowns)]
    variables = [i.variable for i in present]
    groups = (spec.female, spec.male)
    result = sample.gap(variables, sex, groups, breakdowns=splits, na_rm=True).to_pandas()
    units = result.pop("measure").map({"ratio": "RATIO_FM", "difference": "DIFF_FM"})
    return _coded(result, present).assign(unit=units)


def _coded(result: pd.DataFrame, present: Sequence[HouseholdIndicator]) -> pd.DataFrame:
    by_variable = {i.variable: i for i in present}
    indicator = result.pop("variable").map(by_variable)
    return result.assign(indicator=[i.code for i in indicator], unit=[i.unit for i in indicator])


def _respondents(households: Any, responded: str) -> pa.Table:
    table = read_table(households).drop_columns([ROW])
    if responded not in table.column_names:
        return table
    return table.filter(pc.equal(pc.cast(table[responded], pa.float64()), 1.0))


def _require(sample: Design, columns: Sequence[str], file: str) -> None:
    missing = [c for c in columns if c not in sample.data.column_names]
    if missing:
        raise ConfigError(
            f"The {file} file has no column {', '.join(missing)}, needed to break the household "
            "indicators down. Add it, or name the breakdowns in HouseholdDesign."
        )


def _tidy(parts: list[pd.DataFrame], keys: Sequence[str]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True)
    for key in keys:
        values = frame[key] if key in frame else pd.Series(pd.NA, index=frame.index)
        frame[key] = values.astype(object).where(values.notna(), TOTAL)
    return frame[["indicator", "unit", *keys, *ESTIMATE_COLUMNS]].reset_index(drop=True)
