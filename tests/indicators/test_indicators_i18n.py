"""Translations: compiled catalogues match their sources; numbers follow each language."""

from __future__ import annotations

import io
from importlib import resources

import pytest
from babel.messages.mofile import read_mo

from destat.errors import ConfigError
from destat.indicators import LANGUAGES, format_number, format_percent, translations
from destat.indicators.errors import UnknownLanguageError
from destat.indicators.i18n import normalize_language
from destat.indicators.po import compile_mo, mo_messages, package_po, po_messages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mo_is_up_to_date_with_po(lang: str) -> None:
    shipped = (
        resources.files("destat.indicators")
        .joinpath("locales", lang, "LC_MESSAGES", "destat.mo")
        .read_bytes()
    )
    catalog = package_po(lang)
    assert mo_messages(shipped) == po_messages(catalog)
    assert mo_messages(compile_mo(catalog)) == po_messages(catalog)
    assert read_mo(io.BytesIO(shipped)).plural_forms == catalog.plural_forms


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_message_formats_for_every_count(lang: str) -> None:
    messages = translations(lang)
    for count in range(0, 250):
        text = messages.ngettext("{count} indicator", "{count} indicators", count)
        assert text.format(count=count)


def test_plural_forms_follow_language_rules() -> None:
    singular, plural = "{count} indicator", "{count} indicators"
    ru = translations("ru")
    assert ru.ngettext(singular, plural, 21) == "{count} показатель"
    assert ru.ngettext(singular, plural, 22) == "{count} показателя"
    assert ru.ngettext(singular, plural, 25) == "{count} показателей"
    ar = translations("ar")
    assert ar.ngettext(singular, plural, 2) == "مؤشران"
    assert ar.ngettext(singular, plural, 20) == "{count} مؤشرًا"


def test_language_codes_are_normalised() -> None:
    assert normalize_language("FR") == "fr"
    assert normalize_language("fr-CA") == "fr"
    assert normalize_language(" zh_Hans ") == "zh"


def test_unknown_language_names_the_six() -> None:
    with pytest.raises(UnknownLanguageError) as info:
        normalize_language("de")
    assert isinstance(info.value, ConfigError)
    for code in LANGUAGES:
        assert f"{code} (" in str(info.value)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "47.3%"),
        ("fr", "47,3\u00a0%"),
        ("es", "47,3\u00a0%"),
        ("ru", "47,3\u00a0%"),
        ("zh", "47.3%"),
        ("ar", "47.3%"),
    ],
)
def test_format_percent(lang: str, expected: str) -> None:
    assert format_percent(0.4731, lang) == expected


def test_format_number_grouping() -> None:
    assert format_number(1234567.891, "en", decimals=1) == "1,234,567.9"
    assert format_number(1234567.891, "fr", decimals=1) == "1\u202f234\u202f567,9"
    assert format_number(12, "ar") == "12"
