"""Experimental web indicators by size class and industry, beside the survey's B5 and B7.

The shares of enterprises with a website, selling online via the website and present on social
media are means of the linked units' 0/1 web variables, estimated with destat's survey engine
(:class:`destat.survey.design.Design`): on every in-scope register unit (a census of the web:
weight 1, stratum population = stratum count, so the sampling SE is 0) or on a probability sample
of units with its design weights and stratum populations (then with Taylor-linearised SEs,
Lumley 2010, ch. 2). They measure what a crawl can see: a website that discovery found and that
answered, and what its pages show; they are published as experimental statistics, with their
own codes, beside the survey's B5 (web presence: website, or a page on social media or another
site) and B7 (orders received over the Internet, on any channel). Eurostat's web intelligence
work discusses why they differ (ESSnet Big Data II, WPC Enterprise characteristics, 2020).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from destat.errors import ConfigError
from destat.project.tabulate import DIMENSIONS
from destat.survey.design import Design
from destat.web.link import WEB_VARIABLES

__all__ = [
    "SURVEY_PAIRS",
    "WEB_CODES",
    "beside_survey",
    "breakdown_keys",
    "release_comparison",
    "web_indicators",
]

# Web variable -> code of the experimental series.
WEB_CODES = {
    "has_website": "WEB_SITE",
    "sells_online": "WEB_SELLS",
    "social_media": "WEB_SOCIAL",
}
# Experimental series -> the survey indicator it is set beside.
SURVEY_PAIRS = {"WEB_SITE": "B5", "WEB_SOCIAL": "B5", "WEB_SELLS": "B7"}
_STATISTICS = ["estimate", "se", "ci_low", "ci_high", "n"]
_KEYS = ["size_class", "activity"]


def web_indicators(
    units: pd.DataFrame,
    breakdowns: tuple[tuple[str, ...], ...] = ((), ("size_class",), ("industry",)),
    *,
    weights: str | None = None,
    strata: str | None = None,
    fpc: str | None = None,
) -> pd.DataFrame:
    """The experimental series in every breakdown: one row each with ``indicator``,
    ``size_class``, ``activity``, estimate, SE, 95% CI, n and ``experimental`` = True.

    ``units`` holds the linked units (the web variables of WEB_VARIABLES, and ``size_class`` and
    ``industry``). Without ``weights`` they are taken as every in-scope unit (a census); with
    it, as a sample with those weights, ``strata`` and ``fpc`` (stratum population sizes).
    """
    missing = sorted({*WEB_VARIABLES, "size_class", "industry"} - set(units.columns))
    if missing:
        raise ConfigError(
            f"The linked units lack the column(s) {missing}; link them with "
            "destat.web.link.link_units and add size_class and industry from the register."
        )
    if len(units) == 0:
        raise ConfigError("There are no linked units: nothing to estimate.")
    data = units.copy()
    if weights is None:
        data["__weight"] = 1.0
        data["__stratum"] = "all"
        data["__fpc"] = float(len(data))
        weights, strata, fpc = "__weight", "__stratum", "__fpc"
    for variable in WEB_VARIABLES:
        data[variable] = pd.to_numeric(data[variable]).astype(float)
    design = Design(data, weights=weights, strata=strata, fpc=fpc)
    estimates = design.mean(
        list(WEB_VARIABLES), breakdowns=[list(b) for b in breakdowns]
    ).to_pandas()
    table = pd.DataFrame({"indicator": estimates["variable"].map(WEB_CODES)})
    table[_KEYS] = breakdown_keys(estimates)
    for column in _STATISTICS:
        table[column] = estimates[column].to_numpy()
    table["experimental"] = True
    return table


def breakdown_keys(estimates: pd.DataFrame) -> pd.DataFrame:
    """The results table's ``size_class`` and ``activity`` codes of estimates by size class
    and industry (their totals where a breakdown does not split)."""
    keys = pd.DataFrame(index=estimates.index)
    for variable in ("size_class", "industry"):
        dimension, total = DIMENSIONS[variable]
        values = estimates.get(variable, pd.Series(np.nan, index=estimates.index))
        keys[dimension] = values.astype(object).where(values.notna(), total).astype(str)
    return keys


def beside_survey(web: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Each experimental series beside its survey indicator for the same breakdown: survey
    estimate and SE, web estimate and SE, and the difference (web - survey)."""
    survey = results[results["indicator"].isin(set(SURVEY_PAIRS.values()))]
    survey = survey[(survey["region"] == "_T") & (survey["owner_sex"] == "_T")]
    left = web.assign(survey_indicator=web["indicator"].map(SURVEY_PAIRS))
    right = survey[["indicator", *_KEYS, "estimate", "se", "n"]].rename(
        columns={
            "indicator": "survey_indicator",
            "estimate": "survey_estimate",
            "se": "survey_se",
            "n": "survey_n",
        }
    )
    table = left.rename(
        columns={"indicator": "web_indicator", "estimate": "web_estimate", "se": "web_se"}
    ).merge(right, on=["survey_indicator", *_KEYS], how="inner")
    table["difference"] = table["web_estimate"] - table["survey_estimate"]
    columns = ["web_indicator", "survey_indicator", *_KEYS, "survey_estimate", "survey_se"]
    columns += ["web_estimate", "web_se", "difference", "n", "survey_n"]
    return table[columns].reset_index(drop=True)


def release_comparison(web: pd.DataFrame) -> pd.DataFrame:
    """The series to chart beside B5 and B7 in the release: the website share under B5's codes
    and the selling-online share under B7's, with the results table's key columns."""
    chosen = web[web["indicator"].isin(["WEB_SITE", "WEB_SELLS"])]
    return pd.DataFrame(
        {
            "indicator": chosen["indicator"].map(SURVEY_PAIRS).to_numpy(),
            "size_class": chosen["size_class"].to_numpy(),
            "activity": chosen["activity"].to_numpy(),
            "owner_sex": "_T",
            "region": "_T",
            "estimate": chosen["estimate"].to_numpy(),
            "ci_low": chosen["ci_low"].to_numpy(),
            "ci_high": chosen["ci_high"].to_numpy(),
            "n": chosen["n"].to_numpy(),
        }
    )
