"""Numbers written the way readers of a language expect (decimal comma in fr, es and ru).

By default numbers follow the release's language through :mod:`destat.indicators.i18n`, which
uses CLDR's default for the language (Latin digits in ``ar``, as in the Maghreb). A release may
name another CLDR locale for its numbers, e.g. ``ar_EG`` for Arabic-Indic digits (٤٧٫٣).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent

from destat.indicators.i18n import format_number, format_percent
from destat.publish.release.errors import ReleaseSettingError

__all__ = ["NumberStyle"]

# Babel switches separators to a locale's numbering system but writes Latin digits; these
# systems' digits are put in afterwards.
_DIGITS = {
    "arab": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    "arabext": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
}


@dataclass(frozen=True)
class NumberStyle:
    """Formats numbers for one language, or for an explicit CLDR ``locale`` if given."""

    lang: str
    locale: str | None = None

    def __post_init__(self) -> None:
        if self.locale is None:
            return
        try:
            Locale.parse(self.locale)
        except (UnknownLocaleError, ValueError) as exc:
            raise ReleaseSettingError(
                f"number_locale {self.locale!r} is not a CLDR locale; give one such as "
                "'ar_EG', 'fr_CH' or 'es_MX', or leave it out to follow the language."
            ) from exc

    def number(self, value: float, decimals: int = 0) -> str:
        """``value`` with the locale's grouping and decimal signs."""
        if self.locale is None:
            return format_number(value, self.lang, decimals)
        pattern = f"#,##0.{'0' * decimals}" if decimals else "#,##0"
        text = format_decimal(value, format=pattern, locale=self.locale, numbering_system="default")
        return self._digits(str(text))

    def percent(self, proportion: float, decimals: int = 1) -> str:
        """A proportion (0.473) as a percentage number without the sign (``47,3`` in fr)."""
        return self.number(100 * proportion, decimals)

    def percent_sign(self, proportion: float, decimals: int = 1) -> str:
        """A proportion as a percentage with the locale's sign and spacing (``47,3 %`` in fr)."""
        if self.locale is None:
            return format_percent(proportion, self.lang, decimals)
        pattern = f"#,##0.{'0' * decimals}%" if decimals else "#,##0%"
        text = babel_percent(
            proportion, format=pattern, locale=self.locale, numbering_system="default"
        )
        return self._digits(str(text))

    def _digits(self, text: str) -> str:
        system = Locale.parse(self.locale).default_numbering_system if self.locale else "latn"
        table = _DIGITS.get(system)
        return text.translate(table) if table else text

    def optional_percent(self, proportion: float | None, decimals: int = 1) -> str:
        """Like :meth:`percent`, but an empty string for a missing value."""
        if proportion is None or math.isnan(proportion):
            return ""
        return self.percent(proportion, decimals)

    def count(self, value: float | None) -> str:
        """A whole number with grouping, or an empty string for a missing value."""
        if value is None or math.isnan(value):
            return ""
        return self.number(round(value))
