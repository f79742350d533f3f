"""Translations in the six UN languages (gettext ``destat`` domain) and locale-aware numbers.

Compiled catalogues live in ``locales/<lang>/LC_MESSAGES/destat.mo`` beside their ``.po`` sources;
numbers are formatted with Babel from CLDR data.
"""

from __future__ import annotations

import copy
import gettext
import io
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal

from destat.indicators.datafiles import read_package_bytes
from destat.indicators.errors import UnknownLanguageError

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "format_number",
    "format_percent",
    "normalize_language",
    "translations",
]

DOMAIN = "destat"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def normalize_language(lang: str) -> str:
    """Return the two-letter code of one of the six languages (``fr_CA`` and ``FR`` give ``fr``)."""
    code = lang.strip().replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        choices = ", ".join(f"{c} ({Locale.parse(c).get_display_name('en')})" for c in LANGUAGES)
        raise UnknownLanguageError(
            f"Language {lang!r} is not available; choose one of the six UN languages: {choices}."
        )
    return code


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled ``destat`` message catalogue of a language."""
    code = normalize_language(lang)
    data = read_package_bytes("locales", code, "LC_MESSAGES", f"{DOMAIN}.mo")
    return gettext.GNUTranslations(io.BytesIO(data))


def format_percent(value: float, lang: str, decimals: int = 1) -> str:
    """Format a proportion (0.473) as a percentage in a language's style, e.g. ``47,3 %`` in fr."""
    locale = Locale.parse(normalize_language(lang))
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (decimals, decimals)
    return str(pattern.apply(value, locale))


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """Format a number with the language's grouping and decimal signs (``1 234,5`` in fr)."""
    locale = normalize_language(lang)
    if decimals is None:
        return format_decimal(value, locale=locale)
    return format_decimal(
        value, format=f"#,##0.{'0' * decimals}" if decimals else "#,##0", locale=locale
    )
