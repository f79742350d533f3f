"""Households and their members: size, sex, age, education and labour status.

Household sizes follow a developing-country distribution (1 to 10 members, larger in rural
areas: a mean of about 3.8 urban and 4.7 rural). The first member is the head (a woman in about
one household in five), the second often the head's spouse, the others mostly the head's
children, so that about a third of the population is under 15. Education (primary or less,
secondary, tertiary: ISCED 0–1, 2–4, 5–8) rises with household wealth and urban residence and
falls with age, with a gap against older women. Labour status follows the ILO categories:
employed (employee, employer, own-account worker), unemployed, outside the labour force.

Household wealth is a latent score (not published) with an EA effect, so that households of one
EA resemble each other: this is what makes cluster sampling less efficient than element sampling.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.household.geography import REGION_PROFILES

__all__ = [
    "AGE_GROUPS",
    "EDUCATION_LEVELS",
    "LABOUR_STATUSES",
    "MINIMUM_AGE",
    "build_households",
    "build_persons",
    "sigmoid",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MINIMUM_AGE = 15
# SDMX-style codes: 15 to 24, 25 to 74, 75 and over; children are out of the survey's scope.
AGE_GROUPS: tuple[str, ...] = ("Y15T24", "Y25T74", "Y_GE75")
_CHILDREN = "Y_LT15"
EDUCATION_LEVELS: tuple[str, ...] = ("primary_or_less", "secondary", "tertiary")
LABOUR_STATUSES: tuple[str, ...] = (
    "employee",
    "employer",
    "own_account",
    "unemployed",
    "outside_labour_force",
)

_SIZE_PROBABILITIES = {
    "urban": (0.13, 0.17, 0.19, 0.19, 0.13, 0.08, 0.05, 0.03, 0.02, 0.01),
    "rural": (0.07, 0.10, 0.13, 0.16, 0.16, 0.13, 0.10, 0.07, 0.04, 0.04),
}
_FEMALE_HEAD = {"urban": 0.24, "rural": 0.19}
_EA_WEALTH_SD = 0.45
_EDUCATION_CUTS = (0.2, 1.9)


def sigmoid(x: FloatArray) -> FloatArray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def _region_connectivity(region: IntArray) -> FloatArray:
    effects = np.array([profile.connectivity for profile in REGION_PROFILES])
    return effects[region - 1]


def build_households(areas: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per household, grouped by EA in EA order.

    Columns: ``household`` (id from 1), ``ea``, ``stratum``, ``region``, ``area``, ``size``,
    ``head_sex`` (F/M), ``head_age`` and the latent ``wealth``.
    """
    ea_row = np.repeat(np.arange(len(areas)), areas["households"].to_numpy())
    households = areas.iloc[ea_row][["ea", "stratum", "region", "area"]].reset_index(drop=True)
    urban = (households["area"] == "urban").to_numpy()
    size = np.empty(len(households), dtype=np.int64)
    female_head = np.empty(len(households), dtype=bool)
    for area, mask in (("urban", urban), ("rural", ~urban)):
        size[mask] = rng.choice(np.arange(1, 11), mask.sum(), p=_SIZE_PROBABILITIES[area])
        female_head[mask] = rng.random(mask.sum()) < _FEMALE_HEAD[area]
    ea_effect = rng.normal(0.0, _EA_WEALTH_SD, len(areas))[ea_row]
    wealth = (
        0.9 * rng.normal(0.0, 1.0, len(households))
        + 0.5 * urban
        + _region_connectivity(households["region"].to_numpy(dtype=np.int64))
        + ea_effect
    )
    households.insert(0, "household", np.arange(1, len(households) + 1, dtype=np.int64))
    households["size"] = size
    households["head_sex"] = np.where(female_head, "F", "M")
    households["head_age"] = np.clip(np.round(rng.normal(45.0, 14.0, len(households))), 18, 95)
    households["wealth"] = wealth
    return households


def _ages_and_sexes(
    households: pd.DataFrame, household_of: IntArray, line: IntArray, rng: np.random.Generator
) -> tuple[IntArray, BoolArray]:
    """Age and sex (True = female) of every member: head, possibly a spouse, then relatives."""
    n = len(household_of)
    female_head = (households["head_sex"] == "F").to_numpy()
    head_female = female_head[household_of]
    head_age = households["head_age"].to_numpy(dtype=np.float64)[household_of]
    with_spouse = rng.random(len(households)) < np.where(female_head, 0.35, 0.85)
    spouse = (line == 1) & with_spouse[household_of]
    spouse_age = head_age + np.where(head_female, 3.0, -4.0) + rng.normal(0.0, 5.0, n)
    child = rng.random(n) < 0.8
    child_age = rng.random(n) * np.maximum(head_age - 15.0, 1.0)
    relative_age = rng.random(n) * 90.0
    age = np.where(child, child_age, relative_age)
    age = np.where(spouse, np.clip(spouse_age, 16, 95), age)
    age = np.where(line == 0, head_age, age)
    female = rng.random(n) < 0.5
    female = np.where(spouse, ~head_female, female)
    female = np.where(line == 0, head_female, female)
    return np.floor(age).astype(np.int64), female


def _age_groups(age: IntArray) -> npt.NDArray[np.object_]:
    groups = np.array([_CHILDREN, *AGE_GROUPS], dtype=object)
    return groups[np.searchsorted([MINIMUM_AGE, 25, 75], age, side="right")]


def _education(
    age: IntArray,
    female: BoolArray,
    urban: BoolArray,
    region: IntArray,
    wealth: FloatArray,
    rng: np.random.Generator,
) -> npt.NDArray[np.object_]:
    older = np.maximum(age - 30, 0)
    score = (
        0.8 * urban
        + 0.5 * _region_connectivity(region)
        + 0.7 * wealth
        - 0.035 * older
        - 0.02 * female * np.maximum(age - 25, 0)
        + rng.normal(0.0, 1.0, len(age))
    )
    level = np.searchsorted(_EDUCATION_CUTS, score)
    level = np.where(age < 19, np.minimum(level, 1), level)
    education = np.asarray(EDUCATION_LEVELS, dtype=object)[level]
    education[age < MINIMUM_AGE] = None
    return education


def _labour_status(
    age: IntArray,
    female: BoolArray,
    urban: BoolArray,
    education: npt.NDArray[np.object_],
    rng: np.random.Generator,
) -> npt.NDArray[np.object_]:
    n = len(age)
    secondary = education == "secondary"
    tertiary = education == "tertiary"
    outside = rng.random(n) < sigmoid(
        -1.4
        + 2.8 * (age < 20)
        + 1.0 * ((age >= 20) & (age < 25))
        + 2.6 * (age >= 65)
        + 1.0 * female
    )
    unemployed = rng.random(n) < sigmoid(-2.6 + 0.9 * (age < 25) + 0.5 * urban)
    employee = rng.random(n) < sigmoid(-0.9 + 1.3 * urban + 0.6 * secondary + 1.5 * tertiary)
    employer = rng.random(n) < sigmoid(-2.6 + 0.6 * tertiary - 0.7 * female + 0.3 * urban)
    status = np.select(
        [outside, unemployed, employee, employer],
        ["outside_labour_force", "unemployed", "employee", "employer"],
        "own_account",
    ).astype(object)
    status[age < MINIMUM_AGE] = None
    return status


def build_persons(households: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per household member, in household order.

    Columns: ``person`` (id from 1), ``household``, ``line`` (1 = head), ``ea``, ``stratum``,
    ``region``, ``area``, ``sex`` (F/M), ``age``, ``age_group``, ``education`` and
    ``labour_status`` (the last two missing under 15).
    """
    size = households["size"].to_numpy()
    household_of = np.repeat(np.arange(len(households)), size)
    starts = np.cumsum(size) - size
    line = np.arange(len(household_of)) - starts[household_of]
    age, female = _ages_and_sexes(households, household_of, line, rng)
    members = households.iloc[household_of]
    urban = (members["area"] == "urban").to_numpy()
    region = members["region"].to_numpy(dtype=np.int64)
    wealth = members["wealth"].to_numpy(dtype=np.float64)
    education = _education(age, female, urban, region, wealth, rng)
    persons = pd.DataFrame(
        {
            "person": np.arange(1, len(household_of) + 1, dtype=np.int64),
            "household": members["household"].array,
            "line": line + 1,
            "ea": members["ea"].array,
            "stratum": members["stratum"].array,
            "region": region,
            "area": members["area"].array,
            "sex": np.where(female, "F", "M"),
            "age": age,
            "age_group": _age_groups(age),
            "education": education,
            "labour_status": _labour_status(age, female, urban, education, rng),
        }
    )
    return persons
