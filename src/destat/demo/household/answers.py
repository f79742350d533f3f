"""ICT answers of every household and every person aged 15 or over, and their non-response.

A household's computer (ITU HH5) and Internet access at home (HH6) are logistic in its latent
wealth and urban residence; Internet access is likelier with a computer. A person's latent
digital score adds an age decline, education, wealth, urban residence, region, Internet at home,
work as an employee or employer, and a gender gap that is small among urban young people and
widens with age and in rural areas. Internet use in the last three months (HH7, SDG 17.8.1) is
logistic in that score; owning a mobile phone (HH18, SDG 5.b.1) is more common and likelier for
Internet users. Internet activities (HH9) are asked of Internet users only and are No for the
others; each has its own intercept, slope and gender shift (the gap is widest for Internet
banking). Own-account workers and employers (small business owners) are asked whether their
business sells goods or services over the Internet; a business that sells online implies that
its owner used the Internet to sell.

Unit non-response is at household level and depends on urban/rural only (urban households are
harder to find at home), so it is missing at random within strata; item non-response hits a few
answers at fixed rates among those asked.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.household.demography import MINIMUM_AGE, sigmoid
from destat.demo.household.geography import REGION_PROFILES

__all__ = [
    "ACTIVITIES",
    "BUSINESS_OWNERS",
    "HOUSEHOLD_ANSWERS",
    "ITEM_NONRESPONSE_RATES",
    "PERSON_ANSWERS",
    "RESPONSE_RATES",
    "apply_item_nonresponse",
    "household_answers",
    "person_answers",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

HOUSEHOLD_ANSWERS: tuple[str, ...] = ("has_computer", "has_internet_home")
# Internet activities in the last 3 months: (intercept, slope on the digital score, female shift).
ACTIVITIES: dict[str, tuple[float, float, float]] = {
    "act_email": (-0.6, 0.6, 0.0),
    "act_social_networks": (1.6, 0.4, 0.1),
    "act_internet_calls": (1.0, 0.4, 0.0),
    "act_news": (-0.2, 0.5, -0.1),
    "act_purchasing": (-1.8, 0.7, -0.15),
    "act_selling": (-2.6, 0.5, -0.2),
    "act_banking": (-2.0, 0.8, -0.4),
    "act_government": (-2.2, 0.7, -0.1),
    "act_learning": (-1.5, 0.6, 0.0),
}
PERSON_ANSWERS: tuple[str, ...] = (
    "uses_internet",
    "owns_mobile_phone",
    *ACTIVITIES,
    "sells_online",
)
BUSINESS_OWNERS: tuple[str, ...] = ("employer", "own_account")
RESPONSE_RATES: dict[str, float] = {"urban": 0.84, "rural": 0.93}
ITEM_NONRESPONSE_RATES: dict[str, float] = {
    "has_computer": 0.01,
    "has_internet_home": 0.02,
    "uses_internet": 0.01,
    "owns_mobile_phone": 0.02,
    "act_purchasing": 0.03,
    "act_banking": 0.05,
    "sells_online": 0.08,
}


def _yes(logit: FloatArray, rng: np.random.Generator) -> BoolArray:
    return rng.random(len(logit)) < sigmoid(logit)


def household_answers(households: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``has_computer``, ``has_internet_home`` (0/1) and ``response_propensity`` per household."""
    urban = (households["area"] == "urban").to_numpy()
    wealth = households["wealth"].to_numpy(dtype=np.float64)
    computer = _yes(-1.6 + 1.3 * wealth + 0.7 * urban, rng)
    internet = _yes(-0.6 + 1.2 * wealth + 0.8 * urban + 1.0 * computer, rng)
    return pd.DataFrame(
        {
            "has_computer": pd.array(computer.astype(np.int8), dtype="Int8"),
            "has_internet_home": pd.array(internet.astype(np.int8), dtype="Int8"),
            "response_propensity": np.where(
                urban, RESPONSE_RATES["urban"], RESPONSE_RATES["rural"]
            ),
        },
        index=households.index,
    )


def _female_gap(age: FloatArray, rural: BoolArray) -> FloatArray:
    """Women's logit shift: -0.1 up to age 24 in towns, wider with age and in rural areas."""
    return -(0.1 + 0.018 * np.maximum(age - 24.0, 0.0)) - 0.35 * rural


def _digital_score(
    persons: pd.DataFrame, wealth: FloatArray, home_internet: BoolArray, rng: np.random.Generator
) -> FloatArray:
    age = persons["age"].to_numpy(dtype=np.float64)
    female = (persons["sex"] == "F").to_numpy()
    urban = (persons["area"] == "urban").to_numpy()
    education = persons["education"]
    status = persons["labour_status"]
    connectivity = np.array([p.connectivity for p in REGION_PROFILES])
    young_outside = (status == "outside_labour_force").to_numpy() & (age < 25)
    score: FloatArray = (
        -0.2
        - 0.05 * np.maximum(age - 24.0, 0.0)
        + 1.0 * (education == "secondary").to_numpy()
        + 2.2 * (education == "tertiary").to_numpy()
        + 0.7 * wealth
        + 0.5 * urban
        + connectivity[persons["region"].to_numpy(dtype=np.int64) - 1]
        + 0.9 * home_internet
        + 0.4 * status.isin(["employee", "employer"]).to_numpy()
        + 0.4 * young_outside
        + female * _female_gap(age, ~urban)
        + rng.normal(0.0, 0.6, len(persons))
    )
    return score


def person_answers(
    persons: pd.DataFrame, households: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Every person's answers (0/1, ``Int8``): missing under 15, and ``sells_online`` missing
    for persons who are not small business owners (own-account workers and employers)."""
    position = persons["household"].to_numpy() - 1  # household ids are their position plus one
    wealth = households["wealth"].to_numpy(dtype=np.float64)[position]
    home = households["has_internet_home"].to_numpy(dtype=np.int8)[position] == 1
    score = _digital_score(persons, wealth, home, rng)
    female = (persons["sex"] == "F").to_numpy()
    internet = _yes(score, rng)
    answers: dict[str, BoolArray] = {
        "uses_internet": internet,
        "owns_mobile_phone": _yes(1.0 + 0.7 * score + 1.3 * internet - 0.2 * female, rng),
    }
    for name, (intercept, slope, female_shift) in ACTIVITIES.items():
        answers[name] = internet & _yes(intercept + slope * score + female_shift * female, rng)
    owner = persons["labour_status"].isin(BUSINESS_OWNERS).to_numpy()
    employer = (persons["labour_status"] == "employer").to_numpy()
    sells = internet & owner & _yes(-1.2 + 0.5 * score + 0.5 * employer - 0.2 * female, rng)
    answers["sells_online"] = sells
    answers["act_selling"] = answers["act_selling"] | sells
    in_scope = persons["age"].to_numpy() >= MINIMUM_AGE
    columns = {}
    for name in PERSON_ANSWERS:
        asked = owner if name == "sells_online" else in_scope
        values = pd.array(answers[name].astype(np.int8), dtype="Int8")
        values[~asked] = pd.NA
        columns[name] = values
    return pd.DataFrame(columns, index=persons.index)


def apply_item_nonresponse(answers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A copy of ``answers`` with the questions of ITEM_NONRESPONSE_RATES left unanswered at
    those rates among those asked; an unanswered ``uses_internet`` blanks the activities too."""
    result = answers.copy()
    for name, rate in ITEM_NONRESPONSE_RATES.items():
        if name in result.columns:
            result[name] = result[name].mask(rng.random(len(result)) < rate)
    if "uses_internet" in result.columns:
        unknown = result["uses_internet"].isna().to_numpy()
        for name in ACTIVITIES:
            result[name] = result[name].mask(unknown)
    return result
