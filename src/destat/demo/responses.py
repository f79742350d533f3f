"""Answers to the model questionnaire for every enterprise of the register, and non-response.

Each enterprise gets a latent digital intensity: an industry effect, plus the log of persons
employed, plus a region effect (the capital is better connected), plus a website bonus and
noise. Every yes/no question is then a logistic function of that intensity, asked only when its
filter question was answered yes, so that the answers are consistent by construction (no Internet
without computers, no orders over the Internet without the Internet). These potential answers are
the finite-population truth; a survey observes them only for respondents.

Unit non-response is logistic in size class and industry aggregate only, so it is missing at
random within the strata and reweighting within strata removes its bias; item non-response hits
a few hard questions (speed, counts of persons, e-commerce values and shares) at fixed rates.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.classification import SIZE_CLASSES
from destat.survey.questionnaire import SPEED_BANDS, VARIABLES, variable

__all__ = [
    "ITEM_NONRESPONSE_RATES",
    "apply_item_nonresponse",
    "industry_groups",
    "potential_responses",
    "response_propensity",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

# Aggregates of the survey scope, then sections outside it.
_INDUSTRY_EFFECT = {
    "C10-C12": -0.4, "C13-C18": -0.5, "C19-C25": 0.1, "C26-C33": 0.3, "D35-E39": 0.4,
    "F41-F43": -0.8, "G45": -0.2, "G46": 0.4, "G47": -0.2, "H49-H53": -0.4, "I55-I56": 0.0,
    "J58-J63": 1.6, "L68": 0.3, "M69-M74": 0.9, "N77-N82": -0.1, "S951": 0.9,
    "A": -1.2, "K": 1.2, "M": 0.5, "P": 0.2, "Q": 0.0, "S": -0.9,
}  # fmt: skip
_REGION_EFFECT = np.array([0.35, 0.1, 0.1, -0.2, -0.3, -0.3, -0.1, -0.2, -0.3, -0.4])
_SIZE_SLOPE = 0.6
_SIZE_CENTRE = np.log(20.0)

# name: (filter, intercept, slope on intensity); order matters, filters come first.
_BINARY_MODELS: dict[str, tuple[str | None, float, float]] = {
    "uses_computer": (None, 3.0, 1.2),
    "uses_internet": ("uses_computer", 2.4, 1.2),
    "intranet": ("uses_computer", -1.0, 1.0),
    "lan": ("uses_computer", 0.6, 1.0),
    "extranet": ("uses_internet", -2.3, 1.0),
    "conn_narrowband": ("uses_internet", -2.8, -0.4),
    "conn_fixed_broadband": ("uses_internet", 1.4, 0.9),
    "conn_mobile_broadband": ("uses_internet", 0.0, 0.5),
    "act_email": ("uses_internet", 3.5, 1.0),
    "act_voip_video": ("uses_internet", 0.3, 0.9),
    "act_instant_messaging": ("uses_internet", 1.2, 0.5),
    "act_info_goods": ("uses_internet", 1.0, 0.8),
    "act_info_government": ("uses_internet", 0.6, 0.8),
    "act_interact_government": ("uses_internet", 0.2, 0.9),
    "act_banking": ("uses_internet", 1.0, 0.9),
    "act_other_financial": ("uses_internet", -1.5, 0.8),
    "act_customer_services": ("uses_internet", -0.5, 0.9),
    "act_deliver_online": ("uses_internet", -2.2, 0.8),
    "act_recruitment": ("uses_internet", -1.0, 1.0),
    "act_training": ("uses_internet", -1.2, 0.9),
    "places_orders_internet": ("uses_internet", -0.4, 0.8),
}
# Industries that sell to consumers online more (or less) than their digital intensity says.
_ORDERS_EFFECT = {
    "G47": 0.6,
    "I55-I56": 1.0,
    "J58-J63": 0.5,
    "S951": 0.3,
    "F41-F43": -1.0,
    "L68": -0.5,
    "H49-H53": -0.3,
}
_CONSUMER_ORIENTATION = {
    "G47": 0.8,
    "I55-I56": 0.85,
    "S951": 0.6,
    "G45": 0.5,
    "J58-J63": 0.3,
    "M69-M74": 0.2,
}
_EXPORT_EFFECT = {"I55-I56": 1.0, "J58-J63": 0.8, "C26-C33": 0.5, "C19-C25": 0.3, "G46": 0.3}
_COMPUTER_USE_EFFECT = {
    "J58-J63": 2.0,
    "M69-M74": 1.5,
    "K": 1.5,
    "L68": 0.8,
    "I55-I56": -0.8,
    "F41-F43": -0.8,
    "H49-H53": -0.6,
    "A": -1.2,
}
_SPEED_CUTS = np.array([-1.2, 0.0, 1.0, 2.2])

_SIZE_RESPONSE = np.array([-0.4, 0.0, 0.3, 0.8])
_INDUSTRY_RESPONSE = {
    "F41-F43": -0.5,
    "I55-I56": -0.4,
    "H49-H53": -0.2,
    "G47": -0.2,
    "N77-N82": -0.2,
    "J58-J63": 0.3,
    "D35-E39": 0.4,
}
_RESPONSE_INTERCEPT = 0.7

ITEM_NONRESPONSE_RATES: dict[str, float] = {
    "persons_using_computer": 0.02,
    "persons_using_internet": 0.04,
    "speed_band": 0.06,
    "ecommerce_sales_value": 0.12,
    "b2c_share": 0.10,
    "cross_border_share": 0.10,
}


def _sigmoid(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def _lookup(groups: npt.NDArray[np.str_], effects: dict[str, float]) -> FloatArray:
    """The effect of each row's group (0 for groups without one), looked up once per group."""
    keys, inverse = np.unique(groups, return_inverse=True)
    values = np.array([effects.get(str(key), 0.0) for key in keys], dtype=np.float64)
    return values[inverse]


def industry_groups(register: pd.DataFrame) -> npt.NDArray[np.str_]:
    """The aggregate of each enterprise, or its section when it is outside every aggregate."""
    industry = register["industry"].fillna("").to_numpy(dtype=str)
    section = register["section"].to_numpy(dtype=str)
    return np.where(industry == "", section, industry)


def _digital_intensity(
    register: pd.DataFrame, groups: npt.NDArray[np.str_], rng: np.random.Generator
) -> FloatArray:
    persons = register["persons_employed"].to_numpy(dtype=np.float64)
    region_effect = _REGION_EFFECT[register["region"].to_numpy(dtype=np.int64) - 1]
    has_website = (register["website"].to_numpy(dtype=str) != "").astype(float)
    noise = rng.normal(0.0, 0.8, len(register))
    size = _SIZE_SLOPE * (np.log1p(persons) - _SIZE_CENTRE)
    intensity: FloatArray = (
        _lookup(groups, _INDUSTRY_EFFECT) + size + region_effect + 0.8 * has_website + noise
    )
    return intensity


def _yes(logit: FloatArray, asked: BoolArray, rng: np.random.Generator) -> IntArray:
    return ((rng.random(len(logit)) < _sigmoid(logit)) & asked).astype(np.int64)


def _binaries(
    intensity: FloatArray,
    groups: npt.NDArray[np.str_],
    has_website: BoolArray,
    rng: np.random.Generator,
) -> dict[str, IntArray]:
    n = len(intensity)
    answers: dict[str, IntArray] = {}
    for name, (parent, intercept, slope) in _BINARY_MODELS.items():
        asked = np.ones(n, dtype=bool) if parent is None else answers[parent] == 1
        answers[name] = _yes(intercept + slope * intensity, asked, rng)
    internet = answers["uses_internet"] == 1
    no_connection = internet & (
        answers["conn_narrowband"]
        + answers["conn_fixed_broadband"]
        + answers["conn_mobile_broadband"]
        == 0
    )
    answers["conn_mobile_broadband"][no_connection] = 1
    social_presence = _yes(-0.8 + 0.8 * intensity, internet, rng)
    answers["web_presence"] = ((has_website & internet) | (social_presence == 1)).astype(np.int64)
    orders_logit = (
        -2.4 + 0.8 * intensity + 1.0 * answers["web_presence"] + _lookup(groups, _ORDERS_EFFECT)
    )
    answers["receives_orders_internet"] = _yes(orders_logit, internet, rng)
    return answers


def _speed_bands(
    intensity: FloatArray, answers: dict[str, IntArray], rng: np.random.Generator
) -> npt.NDArray[np.object_]:
    score = (
        0.9 * intensity
        + 0.5 * answers["conn_fixed_broadband"]
        + rng.normal(0.0, 1.0, len(intensity))
    )
    band = np.searchsorted(_SPEED_CUTS, score)
    narrowband_only = (answers["conn_narrowband"] == 1) & (
        answers["conn_fixed_broadband"] + answers["conn_mobile_broadband"] == 0
    )
    band[narrowband_only] = 0
    bands = np.asarray(SPEED_BANDS, dtype=object)[band]
    bands[answers["uses_internet"] == 0] = None
    return bands


def _persons_using(
    persons: IntArray,
    intensity: FloatArray,
    groups: npt.NDArray[np.str_],
    answers: dict[str, IntArray],
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    computer = answers["uses_computer"] == 1
    internet = answers["uses_internet"] == 1
    share = _sigmoid(-0.3 + 0.6 * intensity + _lookup(groups, _COMPUTER_USE_EFFECT))
    using_computer = np.where(
        computer, np.maximum(rng.binomial(persons, share), np.minimum(persons, 1)), 0
    )
    online_share = _sigmoid(1.5 + 0.5 * intensity)
    using_internet = rng.binomial(using_computer, online_share)
    using_internet = np.where(
        internet, np.maximum(using_internet, np.minimum(using_computer, 1)), 0
    )
    return using_computer, using_internet


def _ecommerce(
    register: pd.DataFrame, groups: npt.NDArray[np.str_], sells: BoolArray, rng: np.random.Generator
) -> dict[str, npt.NDArray[np.float64]]:
    n = len(register)
    persons = register["persons_employed"].to_numpy()
    turnover = register["turnover"].to_numpy()
    share_of_turnover = rng.beta(1.0, 4.0, n)
    value = np.maximum(np.round(turnover * share_of_turnover), np.minimum(turnover, 1))
    edi_logit = (
        -2.2 + 0.5 * np.log1p(persons) + np.isin(groups, ["G46", "C19-C25", "C26-C33"]) * 0.8
    )
    has_edi = rng.random(n) < _sigmoid(edi_logit)
    has_web = ~has_edi | (rng.random(n) < 0.5)
    web_share = np.where(has_web & has_edi, rng.integers(1, 20, n) * 5, np.where(has_web, 100, 0))
    consumer = _lookup(groups, _CONSUMER_ORIENTATION) + np.where(
        np.isin(groups, list(_CONSUMER_ORIENTATION)), 0.0, 0.1
    )
    b2c = np.round(web_share * rng.beta(consumer * 4 + 0.2, (1 - consumer) * 4 + 0.2))
    exports = rng.random(n) < _sigmoid(
        -1.8 + 0.3 * np.log1p(persons) + _lookup(groups, _EXPORT_EFFECT)
    )
    cross_border = np.where(exports, np.maximum(np.round(100 * rng.beta(1.0, 4.0, n)), 1), 0)
    shares = {
        "web_sales_share": web_share,
        "edi_sales_share": 100 - web_share,
        "b2c_share": b2c,
        "cross_border_share": cross_border,
    }
    result = {name: np.where(sells, values, np.nan) for name, values in shares.items()}
    result["ecommerce_sales_value"] = np.where(sells, value, 0.0)
    return result


def potential_responses(register: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The answer every enterprise of ``register`` would give, consistent and complete.

    Columns are the names of :data:`~destat.survey.questionnaire.VARIABLES`, in that order, with
    the register's row index. Binary answers are 0/1 (``Int8``), counts and values ``Int64``,
    percentages ``Int64`` and missing where the question has no meaning, ``speed_band`` a string.
    """
    groups = industry_groups(register)
    has_website = register["website"].to_numpy(dtype=str) != ""
    intensity = _digital_intensity(register, groups, rng)
    answers = _binaries(intensity, groups, has_website, rng)
    persons = register["persons_employed"].to_numpy()
    using_computer, using_internet = _persons_using(persons, intensity, groups, answers, rng)
    ecommerce = _ecommerce(register, groups, answers["receives_orders_internet"] == 1, rng)
    columns: dict[str, object] = {
        name: pd.array(values, dtype="Int8") for name, values in answers.items()
    }
    columns["persons_using_computer"] = pd.array(using_computer, dtype="Int64")
    columns["persons_using_internet"] = pd.array(using_internet, dtype="Int64")
    columns["speed_band"] = pd.array(_speed_bands(intensity, answers, rng), dtype="string")
    for name, values in ecommerce.items():
        columns[name] = pd.Series(values).astype("Int64").array
    return pd.DataFrame({v.name: columns[v.name] for v in VARIABLES}, index=register.index)


def response_propensity(
    size_class: npt.NDArray[np.str_], groups: npt.NDArray[np.str_]
) -> FloatArray:
    """Probability of answering the survey, logistic in size class and industry group."""
    size_index = pd.Categorical(size_class, categories=SIZE_CLASSES).codes
    logit = _RESPONSE_INTERCEPT + _SIZE_RESPONSE[size_index] + _lookup(groups, _INDUSTRY_RESPONSE)
    return _sigmoid(logit)


def apply_item_nonresponse(responses: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A copy of ``responses`` with the questions of ITEM_NONRESPONSE_RATES left unanswered at
    those rates, among the enterprises that were asked them."""
    result = responses.copy(deep=False)
    for name, rate in ITEM_NONRESPONSE_RATES.items():
        filter_name = variable(name).asked_if
        asked = (
            result[filter_name].to_numpy(dtype=np.int64, na_value=0) == 1
            if filter_name
            else np.ones(len(result), dtype=bool)
        )
        missing = asked & (rng.random(len(result)) < rate)
        result[name] = result[name].mask(missing)
    return result
