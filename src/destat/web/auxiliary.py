"""Web variables as auxiliary information: GREG calibration on register and web totals.

The survey's weights are calibrated twice with the linear (GREG) method of Deville and Särndal
(1992): once to the register's counts by size class and industry and its total persons employed,
as the project does, and once to those plus the population totals, in each size class, of the
linked web variables (units with a website found, selling online via it, on social media). The
web variables are known for every in-scope unit, so their totals are population totals, as
calibration requires.
Both sets of estimates get SEs from the calibration residuals (Särndal, Swensson and Wretman
1992, sec. 6.6; Lumley 2010, sec. 7.3): where a survey answer correlates with a web variable
(B5 with a website, B7 with a web shop) the residuals shrink and so does the SE, while the
estimator stays approximately design-unbiased whatever the correlation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from destat.errors import ConfigError
from destat.project.plan import plan_figures
from destat.survey.design import Design
from destat.web.indicators import breakdown_keys
from destat.web.link import WEB_VARIABLES

__all__ = ["DesignColumns", "calibration_targets", "greg_comparison", "web_columns"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DesignColumns:
    """Columns of the respondents table that carry the design, and the lonely-PSU rule."""

    weight: str = "weight"
    stratum: str = "stratum"
    fpc: str = "stratum_population"
    id: str = "enterprise_id"
    lonely_psu: str = "adjust"


def web_columns(frame: pd.DataFrame, size_classes: Sequence[str]) -> pd.DataFrame:
    """``frame`` with one column per web variable and size class (``has_website__10-49``, ...):
    the variable within the size class, 0 outside it."""
    columns = {
        f"{variable}__{size}": pd.to_numeric(frame[variable]) * (frame["size_class"] == size)
        for variable in WEB_VARIABLES
        for size in size_classes
    }
    return frame.assign(**{name: values.astype(float) for name, values in columns.items()})


def calibration_targets(
    population: pd.DataFrame, web: bool
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Margins (counts by size class and by industry) and totals (persons employed, and with
    ``web`` each web variable's total in each size class) of the in-scope population.

    Web totals by size class let the calibration fit the link between web variables and
    answers in each size class; one overall total per variable lowers the overall SE but can
    raise it in the larger size classes, where that link differs.
    """
    margins = {
        m: {str(k): float(v) for k, v in population[m].value_counts().items()}
        for m in ("size_class", "industry")
    }
    totals = {"persons_employed": float(pd.to_numeric(population["persons_employed"]).sum())}
    if web:
        sizes = sorted(set(population["size_class"]))
        split = web_columns(population, sizes)
        totals |= {
            f"{v}__{s}": float(split[f"{v}__{s}"].sum()) for v in WEB_VARIABLES for s in sizes
        }
    return margins, totals


def _with_web(respondents: pd.DataFrame, population: pd.DataFrame, key: str) -> pd.DataFrame:
    """The respondents with their units' web variables; every respondent must be linked."""
    web = population[[key, *WEB_VARIABLES]]
    data = respondents.drop(columns=[c for c in WEB_VARIABLES if c in respondents.columns])
    data = data.merge(web, on=key, how="left")
    unlinked = data[list(WEB_VARIABLES)].isna().any(axis=1)
    if unlinked.any():
        raise ConfigError(
            f"{int(unlinked.sum())} respondent(s) are not among the linked population units "
            f"(e.g. {data.loc[unlinked, key].iloc[0]}); link every in-scope register unit."
        )
    return data


def _represented(population: pd.DataFrame, respondents: pd.DataFrame) -> pd.DataFrame:
    """The population units whose size class and industry have respondents: no weight can
    stand for the others. (The project's own calibration merges such levels into a neighbour;
    this comparison leaves them out of both calibrations alike, with a warning.)"""
    inside = population["size_class"].isin(set(respondents["size_class"])) & population[
        "industry"
    ].isin(set(respondents["industry"]))
    if not inside.all():
        logger.warning(
            "%d population unit(s) are in a size class or industry without respondents; the "
            "calibration leaves them out.",
            int((~inside).sum()),
        )
    return population[inside]


def greg_comparison(
    respondents: pd.DataFrame,
    population: pd.DataFrame,
    indicators: Sequence[str] = ("B1", "B3", "B5", "B7", "B8"),
    breakdowns: tuple[tuple[str, ...], ...] = ((), ("size_class",), ("industry",)),
    columns: DesignColumns | None = None,
) -> pd.DataFrame:
    """Each share-of-businesses indicator in every breakdown, calibrated without and with the
    web totals: estimates, SEs and ``se_ratio`` = SE with web / SE without.

    ``respondents`` is the project's respondents table (design weights, strata, answers,
    size_class, industry, persons_employed); ``population`` the in-scope register units with
    size_class, industry, persons_employed and the linked web variables.
    """
    names = columns or DesignColumns()
    missing = sorted({names.id, *WEB_VARIABLES, "persons_employed"} - set(population.columns))
    if missing:
        raise ConfigError(
            f"The population table lacks {missing}: merge the register units in scope with the "
            "linked web variables (destat.web.link) first."
        )
    figures, data = plan_figures(indicators, _with_web(respondents, population, names.id))
    means = [f for f in figures if f.denominator is None]
    for column in [f.column for f in means] + ["persons_employed", *WEB_VARIABLES]:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    population = _represented(population, data)
    data = web_columns(data, sorted(set(population["size_class"])))
    design = Design(
        data,
        weights=names.weight,
        strata=names.stratum,
        fpc=names.fpc,
        lonely_psu=names.lonely_psu,
    )
    split = [list(b) for b in breakdowns]
    results = []
    for label, use_web in (("register", False), ("web", True)):
        margins, totals = calibration_targets(population, use_web)
        calibrated = design.calibrate(margins=margins, totals=totals, method="linear")
        estimates = calibrated.mean([f.column for f in means], breakdowns=split, na_rm=True)
        frame = estimates.to_pandas()
        keyed = pd.concat([frame[["variable"]], breakdown_keys(frame)], axis=1)
        keyed[f"estimate_{label}"] = frame["estimate"]
        keyed[f"se_{label}"] = frame["se"]
        results.append(keyed)
    table = results[0].merge(results[1], on=["variable", "size_class", "activity"])
    code = {f.column: f.code for f in means}
    table.insert(0, "indicator", table.pop("variable").map(code))
    table["se_ratio"] = table["se_web"] / table["se_register"]
    return table
