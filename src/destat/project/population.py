"""The population the survey stands for, from the business register: the units in scope (in a
stratum of the sample design), their counts and totals, for calibration and coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd

from destat.errors import ConfigError, DestatError
from destat.indicators.codelists import get_codelist
from destat.indicators.isic import aggregates_of_class


def size_classes(persons_employed: pd.Series) -> pd.Series:
    """The SIZE_CLASS code of each number of persons employed (missing where unknown)."""
    persons = pd.to_numeric(persons_employed, errors="coerce")
    codes = [c for c in get_codelist("SIZE_CLASS").codes if not c.aggregate and c.min is not None]
    conditions = [
        (persons >= c.min) & (persons <= (c.max if c.max is not None else np.inf)) for c in codes
    ]
    labels = np.select([c.to_numpy() for c in conditions], [c.code for c in codes], default="")
    return pd.Series(labels, index=persons.index).replace("", None)


def industries(isic: pd.Series, groups: set[str]) -> pd.Series:
    """The one group of ``groups`` (ISIC4_AGG codes) each ISIC class belongs to, else missing."""
    found: dict[str, str | None] = {}
    for code in isic.dropna().unique():
        try:
            matches = set(aggregates_of_class(str(code))) & groups
        except DestatError:
            matches = set()
        if len(matches) > 1:
            raise ConfigError(
                f"ISIC class {code} belongs to several of the sample's industry groups "
                f"{sorted(matches)}; the groups must not overlap."
            )
        found[str(code)] = matches.pop() if matches else None
    return isic.map(lambda c: found.get(str(c)) if c is not None else None)


def in_scope(
    register: pd.DataFrame, sample: pd.DataFrame, stratum_variables: tuple[str, str]
) -> pd.DataFrame:
    """Register units of a stratum the sample was drawn from, with ``size_class``,
    ``industry`` and numeric ``persons_employed``."""
    size_name, industry_name = stratum_variables
    frame = register.assign(
        persons_employed=pd.to_numeric(register["persons_employed"], errors="coerce"),
        size_class=size_classes(register["persons_employed"]),
        industry=industries(register["isic"], set(sample[industry_name].dropna())),
    )
    strata = set(zip(sample[size_name], sample[industry_name], strict=True))
    keep = [pair in strata for pair in zip(frame["size_class"], frame["industry"], strict=True)]
    return frame[keep].reset_index(drop=True)
