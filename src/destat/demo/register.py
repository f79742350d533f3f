"""The business register of the demo country: one row per enterprise, built with numpy only.

Persons employed follow a mixture: a lognormal body for micro enterprises and, for a share of
enterprises that depends on the section, a Pareto tail from 8 persons up (shape 1.2). The result
has the shape of real registers: about nine in ten enterprises employ fewer than 10 persons and
one or two in a thousand employ 250 or more. Turnover is persons employed times a section's
labour productivity times lognormal noise, so it is heavy-tailed and tied to size and industry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.demo.classification import (
    ISIC_CLASSES,
    REGIONS,
    aggregate_of_class,
    size_class_codes,
)
from destat.demo.names import (
    addresses,
    business_names,
    contact_emails,
    phone_numbers,
    tax_ids,
    web_domains,
)
from destat.errors import ConfigError

__all__ = ["REGISTER_COLUMNS", "build_register"]

FloatArray = npt.NDArray[np.float64]

REGISTER_COLUMNS: tuple[str, ...] = (
    "enterprise_id",
    "tax_id",
    "name",
    "legal_form",
    "isic",
    "section",
    "industry",
    "persons_employed",
    "size_class",
    "turnover",
    "region",
    "region_name",
    "owner_sex",
    "website",
    "email",
    "phone",
    "address",
)


@dataclass(frozen=True)
class _SectionProfile:
    tail_share: float  # share of enterprises drawn from the Pareto tail (8+ persons)
    productivity: float  # turnover per person employed, thousands of national currency
    female_share: float  # share of sole owners / managers who are women
    web_effect: float  # shift of the log-odds of having a website


_SECTIONS: dict[str, _SectionProfile] = {
    "A": _SectionProfile(0.06, 15, 0.20, -1.0),
    "C": _SectionProfile(0.15, 45, 0.28, 0.0),
    "D": _SectionProfile(0.40, 220, 0.12, 0.6),
    "E": _SectionProfile(0.25, 60, 0.12, 0.0),
    "F": _SectionProfile(0.09, 38, 0.06, -0.6),
    "G": _SectionProfile(0.07, 70, 0.38, -0.2),
    "H": _SectionProfile(0.10, 48, 0.08, -0.3),
    "I": _SectionProfile(0.07, 22, 0.47, 0.7),
    "J": _SectionProfile(0.13, 75, 0.22, 1.6),
    "K": _SectionProfile(0.30, 160, 0.35, 1.5),
    "L": _SectionProfile(0.04, 65, 0.33, 0.3),
    "M": _SectionProfile(0.06, 42, 0.40, 0.5),
    "N": _SectionProfile(0.15, 26, 0.32, 0.0),
    "P": _SectionProfile(0.15, 20, 0.66, 0.4),
    "Q": _SectionProfile(0.05, 38, 0.52, 0.2),
    "S": _SectionProfile(0.03, 16, 0.58, -0.6),
}
_TAIL_START = 8.0
_TAIL_SHAPE = 1.2
_MAX_PERSONS = 30_000
_NO_PERSONS_SHARE = 0.02  # dormant units or units without persons employed


def _sigmoid(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def _profile(sections: npt.NDArray[np.str_], field: str) -> FloatArray:
    keys, inverse = np.unique(sections, return_inverse=True)
    values = np.array([getattr(_SECTIONS[str(key)], field) for key in keys], dtype=np.float64)
    return values[inverse]


def _persons_employed(tail_share: FloatArray, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    n = len(tail_share)
    body = 1.0 + np.floor(rng.lognormal(mean=0.3, sigma=0.9, size=n))
    body[rng.random(n) < _NO_PERSONS_SHARE] = 0.0
    tail = np.floor(_TAIL_START * (1.0 - rng.random(n)) ** (-1.0 / _TAIL_SHAPE))
    persons = np.where(rng.random(n) < tail_share, tail, body)
    return np.minimum(persons, _MAX_PERSONS).astype(np.int64)


def _legal_forms(persons: npt.NDArray[np.int64], rng: np.random.Generator) -> npt.NDArray[np.str_]:
    size = np.log1p(persons)
    u = rng.random(len(persons))
    corporation = u < _sigmoid(-5.0 + 1.1 * size)
    limited = u < _sigmoid(-1.5 + 0.9 * size)
    return np.where(corporation, "CORP", np.where(limited, "LTD", "SOLE"))


def _owner_sex(
    female_share: FloatArray, legal_forms: npt.NDArray[np.str_], rng: np.random.Generator
) -> npt.NDArray[np.str_]:
    sex = np.where(rng.random(len(female_share)) < female_share, "F", "M")
    # A corporation has no single owner-manager: not applicable, SDMX code _Z.
    return np.where(legal_forms == "CORP", "_Z", sex)


def build_register(n_enterprises: int, rng: np.random.Generator) -> pd.DataFrame:
    """Generate a register of ``n_enterprises`` enterprises with the columns of REGISTER_COLUMNS.

    Turnover is in thousands of national currency; ``industry`` is the stratification aggregate
    (missing for classes outside every aggregate); ``website`` is empty when there is none.
    """
    if n_enterprises < 1:
        raise ConfigError(f"n_enterprises must be at least 1; got {n_enterprises}.")
    n = n_enterprises
    class_weights = np.array([c.weight for c in ISIC_CLASSES])
    class_index = rng.choice(len(ISIC_CLASSES), size=n, p=class_weights / class_weights.sum())
    isic = np.array([c.code for c in ISIC_CLASSES])[class_index]
    sections = np.array([c.section for c in ISIC_CLASSES])[class_index]
    aggregates = np.array([aggregate_of_class(c.code) for c in ISIC_CLASSES], dtype=object)

    persons = _persons_employed(_profile(sections, "tail_share"), rng)
    wholesale = np.char.startswith(isic, "46")
    productivity = _profile(sections, "productivity") * np.where(wholesale, 2.0, 1.0)
    noise = rng.lognormal(mean=0.0, sigma=0.7, size=n)
    turnover = np.round(productivity * np.maximum(persons, 0.5) ** 1.05 * noise).astype(np.int64)

    region_shares = np.array([r.share for r in REGIONS])
    region_index = rng.choice(len(REGIONS), size=n, p=region_shares / region_shares.sum())
    region_names = np.array([r.name for r in REGIONS])[region_index]
    area_codes = np.array([r.area_code for r in REGIONS])[region_index]

    legal_forms = _legal_forms(persons, rng)
    names, slugs = business_names(sections, legal_forms, rng)
    numbers = np.arange(1, n + 1, dtype=np.int64)
    domains = web_domains(slugs, numbers)
    web_logit = -3.0 + 0.9 * np.log1p(persons) + _profile(sections, "web_effect")
    has_website = rng.random(n) < _sigmoid(web_logit)

    register = pd.DataFrame(
        {
            "enterprise_id": np.char.add("E", np.char.zfill(numbers.astype(str), 7)),
            "tax_id": tax_ids(n, rng),
            "name": names,
            "legal_form": legal_forms,
            "isic": isic,
            "section": sections,
            "industry": pd.Series(aggregates[class_index], dtype="string"),
            "persons_employed": persons,
            "size_class": size_class_codes(persons),
            "turnover": turnover,
            "region": np.array([r.code for r in REGIONS])[region_index],
            "region_name": region_names,
            "owner_sex": _owner_sex(_profile(sections, "female_share"), legal_forms, rng),
            "website": np.where(has_website, np.char.add("https://www.", domains), ""),
            "email": contact_emails(domains, has_website, rng),
            "phone": phone_numbers(area_codes, rng),
            "address": addresses(region_names, rng),
        }
    )
    return register
