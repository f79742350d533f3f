"""The editions of the UNCTAD B2C E-commerce Index and the rules each one follows.

Sources read (their passages are quoted in docs/b2c-index.md):

- UNCTAD, *Information Economy Report 2015*, with its description of the first index: four
  indicators (Internet use, ITU; credit card, % age 15+, World Bank Findex 2011; secure Internet
  servers per 1 million people, World Bank; population having mail delivered at home, UPU), data
  for 2013 or the latest year, secure servers "normalized to 100 by rescaling", the index the
  average of the four values.
- UNCTAD B2C E-commerce Index 2016, Technical Notes on ICT for Development No. 7,
  TN/UNCTAD/ICT4D/07: Internet use, secure servers per 1 million inhabitants, credit card
  penetration and a UPU postal reliability score; 137 economies; ranking in Annex table 2.
- UNCTAD B2C E-commerce Index 2017, TN/UNCTAD/ICT4D/09 (October 2017): a new payment indicator,
  account ownership, replaces credit cards.
- UNCTAD B2C E-commerce Index 2018, Focus on Africa, TN/UNCTAD/ICT4D/12, Box 1: the index is the
  average of four equally weighted indicators for 2017 or the latest year — account ownership at a
  financial institution or with a mobile-money-service provider (% ages 15+, World Bank), Internet
  use (% of population, ITU), the UPU Postal Reliability Index, secure Internet servers per 1
  million people (Netcraft); Findex runs every three years, so values for the year between two
  surveys are estimated from the compound annual growth rate (CAGR) between them.
- The UNCTAD B2C E-commerce Index 2020, Spotlight on Latin America and the Caribbean,
  TN/UNCTAD/ICT4D/17: 152 economies; Internet use for 2019; the latest account data are for 2017,
  used as the latest available.
- UNCTAD B2C E-commerce Index 2019, TN/UNCTAD/ICT4D/14: listed for completeness; its text could
  not be read, so the rules of the neighbouring editions (2018, 2020) are applied.

The exact transformation of secure servers in the 2016-2020 notes could not be read. Those
editions use :attr:`ServerScaling.LOG_MIN_MAX` (natural logarithm, then 0-100 between the lowest
and highest economy), the usual treatment of a count this skewed; the 2015 edition uses the
rescaling to the maximum its description states. Either can be chosen per run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from destat.errors import ConfigError

__all__ = ["EDITIONS", "Edition", "ServerScaling", "edition_rules"]


class ServerScaling(StrEnum):
    """How secure servers per million people become a 0-100 score."""

    LINEAR_MAX = "linear-max"
    LOG_MIN_MAX = "log-min-max"


@dataclass(frozen=True)
class Edition:
    """The rules of one edition: which series fill the four components and how."""

    year: int
    reference_year: int
    payment: str
    delivery: str
    server_scaling: ServerScaling
    source: str

    def with_scaling(self, scaling: ServerScaling) -> Edition:
        """The same edition with another secure-server transformation."""
        return replace(self, server_scaling=scaling)


_LOG = ServerScaling.LOG_MIN_MAX

EDITIONS: dict[int, Edition] = {
    2015: Edition(
        2015, 2013, "credit_card", "home_delivery", ServerScaling.LINEAR_MAX,
        "UNCTAD, Information Economy Report 2015",
    ),
    2016: Edition(2016, 2015, "credit_card", "postal_reliability", _LOG, "TN/UNCTAD/ICT4D/07"),
    2017: Edition(2017, 2016, "account", "postal_reliability", _LOG, "TN/UNCTAD/ICT4D/09"),
    2018: Edition(2018, 2017, "account", "postal_reliability", _LOG, "TN/UNCTAD/ICT4D/12"),
    2019: Edition(2019, 2018, "account", "postal_reliability", _LOG, "TN/UNCTAD/ICT4D/14"),
    2020: Edition(2020, 2019, "account", "postal_reliability", _LOG, "TN/UNCTAD/ICT4D/17"),
}  # fmt: skip


def edition_rules(year: int, scaling: ServerScaling | None = None) -> Edition:
    """The rules of the edition published in ``year``, optionally with another server scaling."""
    if year not in EDITIONS:
        known = ", ".join(str(y) for y in EDITIONS)
        raise ConfigError(
            f"There is no B2C E-commerce Index edition {year}; choose one of {known}."
        )
    rules = EDITIONS[year]
    return rules if scaling is None else rules.with_scaling(scaling)
