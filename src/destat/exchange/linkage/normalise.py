"""Normalise identifiers before they are hashed or encoded.

Both sides of a linkage must normalise in exactly the same way, otherwise equal identifiers give
different hashes. Each function takes one value and returns its canonical form; an empty or
missing value becomes the empty string, which the encoders treat as "not given".
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "LEGAL_FORMS",
    "STREET_ABBREVIATIONS",
    "normalise_address",
    "normalise_email_domain",
    "normalise_name",
    "normalise_phone",
    "normalise_tax_id",
]

# Legal-form words and their spelled-out versions in several languages, already normalised
# (case-folded, without accents or punctuation), longest first so that "sociedad anonima" is
# removed before "sa" could split it.
LEGAL_FORMS: tuple[str, ...] = tuple(
    sorted(
        {
            "sociedad anonima",
            "sociedad de responsabilidad limitada",
            "sociedad por acciones simplificada",
            "societe anonyme",
            "societe a responsabilite limitee",
            "societa a responsabilita limitata",
            "sociedade limitada",
            "limited liability company",
            "public limited company",
            "private limited",
            "limited",
            "incorporated",
            "corporation",
            "company",
            "sa",
            "sas",
            "sau",
            "sarl",
            "srl",
            "sl",
            "slu",
            "ltda",
            "ltd",
            "llc",
            "plc",
            "inc",
            "corp",
            "gmbh",
            "ag",
            "kg",
            "ohg",
            "bv",
            "nv",
            "spa",
            "eirl",
            "cia",
            "sacv",
            "sadecv",
            "sde rl",
            "de cv",
            "y cia",
        },
        key=lambda form: (-len(form), form),
    )
)
STREET_ABBREVIATIONS: dict[str, str] = {
    "av": "avenida",
    "avda": "avenida",
    "ave": "avenue",
    "bv": "boulevard",
    "blvd": "boulevard",
    "bd": "boulevard",
    "c": "calle",
    "cl": "calle",
    "pje": "pasaje",
    "st": "street",
    "str": "strasse",
    "rd": "road",
    "r": "rue",
    "rte": "route",
    "pl": "plaza",
    "n": "numero",
    "no": "numero",
    "nro": "numero",
}
_LEGAL_FORM_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in LEGAL_FORMS) + r")\b")
# Anything that is not a letter or digit of any script separates words.
_NOT_ALNUM = re.compile(r"[\W_]+")
_NOT_TAX_ID = re.compile(r"[^0-9A-Z]+")
_NOT_DIGIT = re.compile(r"\D+")
_SPACES = re.compile(r"\s+")
# Dotted abbreviations such as "S.A." or "S. de R.L." are joined before legal forms are matched.
_DOTTED_LETTERS = re.compile(r"\b(?:[a-z]\s?\.\s?){2,}")


def _fold(value: object) -> str:
    """NFKC, case-fold and strip accents; missing values become the empty string."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_tax_id(value: object) -> str:
    """Upper-case a tax ID and drop spaces, punctuation and check-digit separators.

    "12.345.678-9", "12 345 678 9" and "123456789" all give "123456789".
    """
    return _NOT_TAX_ID.sub("", _fold(value).upper())


def normalise_phone(value: object, country_prefix: str = "") -> str:
    """Keep the digits of a phone number, without the country prefix or the trunk zero.

    ``country_prefix`` is the calling code without "+" (e.g. "54"); it is dropped when the number
    is written internationally ("+54 …" or "0054 …"). A leading national trunk "0" is dropped too,
    so "+54 11 4123-4567", "0054 11 41234567" and "011 4123 4567" all give "1141234567".
    """
    text = _fold(value).strip()
    digits = _NOT_DIGIT.sub("", text)
    if country_prefix:
        if digits.startswith("00" + country_prefix):
            digits = digits[2 + len(country_prefix) :]
        elif text.startswith("+") and digits.startswith(country_prefix):
            digits = digits[len(country_prefix) :]
    return digits.lstrip("0")


def normalise_email_domain(value: object) -> str:
    """Return the case-folded domain of an e-mail address, without a leading "www."."""
    text = _fold(value).strip()
    domain = text.rsplit("@", 1)[-1].strip().rstrip(".")
    return domain.removeprefix("www.")


def normalise_name(value: object) -> str:
    """Canonical business name: folded, without accents, punctuation or legal-form words.

    "Panadería Núñez S.R.L." and "PANADERIA NUNEZ SRL" both give "panaderia nunez".
    """
    text = _fold(value).replace("&", " y ")
    text = _DOTTED_LETTERS.sub(lambda m: m.group(0).replace(".", "").replace(" ", "") + " ", text)
    text = _NOT_ALNUM.sub(" ", text)
    text = _LEGAL_FORM_PATTERN.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalise_address(value: object) -> str:
    """Canonical address: folded, without accents or punctuation, street-type words spelled out.

    "Av. Corrientes 1234" and "AVENIDA CORRIENTES 1234" both give "avenida corrientes 1234".
    """
    words = _NOT_ALNUM.sub(" ", _fold(value)).split()
    return " ".join(STREET_ABBREVIATIONS.get(word, word) for word in words)
