"""Normalisation of identifiers before hashing: equal identifiers written differently agree."""

from __future__ import annotations

import pytest

from destat.exchange.linkage.normalise import (
    normalise_address,
    normalise_email_domain,
    normalise_name,
    normalise_phone,
    normalise_tax_id,
)


@pytest.mark.parametrize(
    "written", ["30-71234567-9", "30 71234567 9", "30.712.345.67/9", "3071234567-9 "]
)
def test_tax_id_written_any_way_gives_the_digits(written: str) -> None:
    assert normalise_tax_id(written) == "30712345679"


def test_tax_id_keeps_letters_upper_case() -> None:
    assert normalise_tax_id("b-1234567.x") == "B1234567X"
    assert normalise_tax_id(None) == ""
    assert normalise_tax_id(float("nan")) == ""


@pytest.mark.parametrize(
    "written", ["+54 11 4123-4567", "0054 11 4123 4567", "011 4123-4567", "(11) 41234567"]
)
def test_phone_drops_country_prefix_and_trunk_zero(written: str) -> None:
    assert normalise_phone(written, country_prefix="54") == "1141234567"


def test_phone_without_country_prefix_keeps_national_digits() -> None:
    # A number that happens to start with the prefix digits is not cut when written nationally.
    assert normalise_phone("5411 2233", country_prefix="54") == "54112233"


def test_email_domain() -> None:
    assert normalise_email_domain("Ventas@WWW.Tienda-Sur.COM.AR") == "tienda-sur.com.ar"
    assert normalise_email_domain("") == ""


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Panadería Núñez S.R.L.", "panaderia nunez"),
        ("PANADERIA NUNEZ SRL", "panaderia nunez"),
        ("Panaderia  Nuñez, Sociedad de Responsabilidad Limitada", "panaderia nunez"),
        ("Textiles del Sur S. A.", "textiles del sur"),
        ("Textiles del Sur Sociedad Anónima", "textiles del sur"),
        ("Müller Maschinenbau GmbH", "muller maschinenbau"),
        ("Dupont et Fils SARL", "dupont et fils"),
        ("Acme Widgets Ltd.", "acme widgets"),
        ("Acme Widgets LLC", "acme widgets"),
        ("Rossi & Bianchi S.p.A.", "rossi y bianchi"),
        ("Distribuidora Azteca S.A. de C.V.", "distribuidora azteca"),
        ("ＡＢＣ Trading Ltd", "abc trading"),  # full-width letters (NFKC)
    ],
)
def test_name_removes_legal_forms_case_accents_and_punctuation(written: str, expected: str) -> None:
    assert normalise_name(written) == expected


def test_name_in_non_latin_script_is_kept() -> None:
    assert normalise_name("شركة النور") == "شركة النور"
    assert normalise_name("北京 贸易 有限公司") == "北京 贸易 有限公司"


def test_address_spells_out_street_types() -> None:
    assert normalise_address("Av. Corrientes 1234, 3º B") == "avenida corrientes 1234 3o b"
    assert normalise_address("AVENIDA  CORRIENTES 1234 3°B") == "avenida corrientes 1234 3 b"
    assert normalise_address("12 High St.") == "12 high street"
