"""Prices written in text: a currency (symbol, code or local abbreviation) next to a number.

The scan starts at digits only (they are rare in text, so the regex engine skips quickly)
and then looks a few characters to each side for a currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One branch starting with a single digit: an alternation, or a repeat such as \d+, here
# would make the engine try every position instead of skipping to the next digit.
_AFTER_FIRST_DIGIT = r"\d*(?:[.,\u00a0\u202f' ]\d{3})*(?:[.,]\d{1,2})?(?!\d)"
_NUMBER = re.compile(r"\d" + _AFTER_FIRST_DIGIT)
# The same for ASCII text, where \d is [0-9]: the engine then skips to the next digit about
# twice as fast as when it asks the Unicode tables at every character.
_ASCII_NUMBER = re.compile(_NUMBER.pattern, re.ASCII)


def _bmp_digit_class() -> str:
    """A character class of the decimal digits (what ``\\d`` matches) below U+10000."""
    digits = [code for code in range(0x10000) if chr(code).isdecimal()]
    runs: list[list[int]] = []
    for code in digits:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in runs) + "]"


# The same again for text without characters beyond U+FFFF, whose first digit is found by a
# look-up in a table of the digits listed out (about twice as fast as the Unicode tables;
# listing the digits beyond U+FFFF too would make the engine try them range by range).
_BMP_NUMBER = re.compile(_bmp_digit_class() + _AFTER_FIRST_DIGIT)
# Currencies written before the amount: symbols (checked by the last character) and codes or
# abbreviations (checked as the last word), so no regular expression runs for plain numbers.
_SYMBOLS_BEFORE = frozenset("$€£¥₽₴₹₩₺₪₫₦₱฿₸₼₾")
_CODES = (
    "usd eur gbp chf rub uah pln czk huf sek nok dkk brl mxn ars cny rmb jpy inr kes ksh zar"
    " ngn aed sar egp try idr rp myr rm php thb krw ils cad aud kr kr. fr. sfr sfr. s/ s/."
)
_CODES_BEFORE = frozenset(_CODES.split())
_SYMBOLS_AFTER = "$€£¥₽₴₹₩₺₪₫₦₱฿₸元円"
_WORDS_AFTER = (
    r"руб\.?|рублей|рубля?|р\.|грн\.?|лв\.?|тг|сум|zł|kč|ft|kr\.?"
    r"|lei|eur|usd|gbp|chf|rub|uah|pln|czk|huf|sek|nok|dkk|brl|mxn|cny|jpy|inr|kes|zar|aed"
    r"|sar|egp|try|tl|idr|myr|thb|krw|ils|cad|aud|dh|dhs|ريال|ر\.س|د\.إ|ج\.م|درهم|دينار|تومان"
    r"|dinar|euros?|dollars?|reais|złotych"
)
_CURRENCY_AFTER = re.compile(rf"\s?(?:[{_SYMBOLS_AFTER}]|(?:{_WORDS_AFTER})(?![a-zа-я]))")
# The characters a currency after a number can start with (each word starts with a literal
# letter): a number followed by anything else needs no regular expression.
_STARTS_AFTER = frozenset(_SYMBOLS_AFTER) | {word[0] for word in _WORDS_AFTER.split("|")}
_PERIOD = re.compile(
    r"\s{0,3}(?:/\s?(?:mo|month|yr|year|monat|jahr|mois|an|mes|año|mês|ano|mese|maand"
    r"|miesiąc|měsíc|мес|месяц|год|月|年)\b|(?:per|a|pro|par|al|por|na|в|за)\s(?:month|year"
    r"|monat|jahr|mois|an|mes|año|mês|ano|mese|maand|miesiąc|měsíc|месяц|год)\b|monthly"
    r"|mensuel|monatlich|mensual|mensal|mensile|miesięcznie|ежемесячно|每月|月額)"
)
# The word boundary before "abo" and "plan" is written as a look-behind after the word, so
# that every alternative starts with a letter: a leading \b makes the engine try the whole
# alternation at every position (about ten times slower).
_PLAN = re.compile(
    r"subscri|abonn|abo(?<!\wabo)\b|suscri|assin|abbona|prenumer|předplat|predplat|abonament"
    r"|подпис|передплат|اشتراك|اشترك|订阅|訂閱|購読|구독|tilaa|membership|mitgliedschaft"
    r"|adhésion|membresía|plan(?<!\wplan)s?\b|premium"
)
_LOOK_BEHIND = 6
_OPENING_PUNCTUATION = "([{\"'«:"
_PLAN_WINDOW = 120


@dataclass(frozen=True, slots=True)
class PriceCounts:
    """Prices in a text; how many are per month or year, or near subscription or plan words."""

    prices: int
    period_prices: int
    plan_prices: int


def count_prices(text: str) -> PriceCounts:
    """Count prices (``€ 12,99``, ``12,99 €``, ``$7/mo``, ``1 299 руб.``) in lower-cased text."""
    prices = 0
    period_prices = 0
    plan_prices = 0
    for number in _number_pattern(text).finditer(text):
        start, end = number.span()
        if start and text[start - 1].isalnum():
            continue
        after = _CURRENCY_AFTER.match(text, end) if _may_have_currency(text, end) else None
        if after is None and not _currency_before(text[max(0, start - _LOOK_BEHIND) : start]):
            continue
        prices += 1
        if _PERIOD.match(text, after.end() if after else end):
            period_prices += 1
        if _PLAN.search(text, max(0, start - _PLAN_WINDOW), end + _PLAN_WINDOW):
            plan_prices += 1
    return PriceCounts(prices, period_prices, plan_prices)


def _number_pattern(text: str) -> re.Pattern[str]:
    """The fastest of the number patterns that finds in ``text`` what :data:`_NUMBER` finds."""
    if text.isascii():
        return _ASCII_NUMBER
    # UTF-16 takes two bytes a character exactly when no character is beyond U+FFFF.
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return _BMP_NUMBER
    return _NUMBER


def _may_have_currency(text: str, end: int) -> bool:
    """Whether a currency can follow ``end``: its first character, after at most one white
    space, must be one that a currency starts with."""
    following = text[end : end + 2]
    first = following[:1]
    return first in _STARTS_AFTER or (first.isspace() and following[1:] in _STARTS_AFTER)


def _currency_before(window: str) -> bool:
    """Whether the few characters before a number end with a currency symbol or code."""
    tail = window.rstrip()
    if not tail:
        return False
    if tail[-1] in _SYMBOLS_BEFORE:
        return True
    last_word = tail.rsplit(None, 1)[-1].lstrip(_OPENING_PUNCTUATION)
    return last_word in _CODES_BEFORE
