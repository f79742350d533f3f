"""Identifiers found on crawled pages: the enterprise's tax ID, phone number or e-mail address.

A candidate site whose pages show one of the enterprise's identifiers is very likely its own.
Pages come from ``destat web crawl`` (WARC files) through :mod:`destat.web.extract.sources`.
Digit runs on a page are compared digits only: a tax ID matches when all its digits (letters
dropped) form one run, a phone when a run ends with its last seven digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from destat.web.discover.urls import site_key
from destat.web.extract.sources import PageSource

__all__ = ["SiteFacts", "identifier_found", "site_facts"]

_EMAIL = re.compile(r"[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+")
_DIGIT_RUN = re.compile(r"\d[\d .()/-]{5,24}\d")
# Shorter digit runs (dates, prices, postcodes) would match by chance.
_MIN_DIGITS = 7


@dataclass
class SiteFacts:
    """E-mail addresses and digit runs seen on the pages of one site."""

    emails: set[str] = field(default_factory=set)
    digit_runs: set[str] = field(default_factory=set)


def site_facts(pages: Iterable[PageSource]) -> dict[str, SiteFacts]:
    """E-mail addresses and digit runs by site (host without ``www.``) over all pages."""
    facts: dict[str, SiteFacts] = {}
    for page in pages:
        if not page.host:
            continue
        text = page.body.decode("utf-8", errors="replace").lower()
        site = facts.setdefault(site_key(f"http://{page.host}/"), SiteFacts())
        site.emails.update(_EMAIL.findall(text))
        site.digit_runs.update(re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(text))
    return facts


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def identifier_found(
    candidates: pd.DataFrame, register: pd.DataFrame, facts: dict[str, SiteFacts]
) -> list[float]:
    """1.0 for candidates whose site shows the enterprise's tax ID, phone or e-mail, else 0.0."""
    units = register.set_index("enterprise_id")
    found = []
    for enterprise, url in candidates[["enterprise_id", "url"]].itertuples(index=False):
        seen = facts.get(site_key(url))
        found.append(1.0 if seen is not None and _shows(seen, units.loc[enterprise]) else 0.0)
    return found


def _shows(seen: SiteFacts, unit: pd.Series) -> bool:
    tax = _digits(str(unit.get("tax_id", "")))
    phone = _digits(str(unit.get("phone", "")))[-_MIN_DIGITS:]
    email = str(unit.get("email", "")).strip().lower()
    return (
        (len(tax) >= _MIN_DIGITS and tax in seen.digit_runs)
        or (len(phone) == _MIN_DIGITS and any(run.endswith(phone) for run in seen.digit_runs))
        or (bool(email) and email in seen.emails)
    )
