"""Keys, agreements and provider files shared by the exchange tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa, x25519

from destat.exchange.agreement import Agreement, FieldRule, Mode, Treatment
from destat.exchange.keys import public_pem

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)

SELLERS_CSV = """seller_id,tax_id,phone,name,address,category,sales,email
S1,30-71234567-9,,Pan Núñez,Corrientes 1234,food,1200.5,pan@example.com
S1,30-71234567-9,,Pan Núñez,Corrientes 1234,food,300,pan@example.com
S2,,0351 400-1000,TEXTIL SUR,Belgrano 55,clothing,800,ventas@textil.example
S3,,,FERRETERIA GOMES HNOS SA,Pje. Mitre 7,tools,450,
S4,,+54 11 5000-0000,Kiosco La Esquina,San Martín 10,food,75,
S5,,,Librería Alfa,Sarmiento 5,books,60,
S6,,,Almacén Beta,Rivadavia 99,food,40,
"""


@dataclass(frozen=True)
class Parties:
    """The private keys of both sides (the tests play both)."""

    provider: ed25519.Ed25519PrivateKey
    nso: x25519.X25519PrivateKey
    linkage: rsa.RSAPrivateKey


@pytest.fixture(scope="session")
def parties() -> Parties:
    # A 1,024-bit linkage key keeps the tests fast; the algebra is the same at 3,072 bits.
    return Parties(
        ed25519.Ed25519PrivateKey.generate(),
        x25519.X25519PrivateKey.generate(),
        rsa.generate_private_key(public_exponent=65537, key_size=1024),
    )


RECORD_FIELDS = (
    FieldRule("seller_id", Treatment.UNIT),
    FieldRule("tax_id", Treatment.TAX_ID),
    FieldRule("phone", Treatment.PHONE),
    FieldRule("name", Treatment.NAME),
    FieldRule("address", Treatment.ADDRESS),
    FieldRule("category", Treatment.GROUP),
    FieldRule("sales", Treatment.SUM, 0.0, 2000.0),
)


@pytest.fixture(scope="session")
def make_agreement(parties: Parties) -> Callable[..., Agreement]:
    base = Agreement(
        agreement_id="AR-MKT-2026",
        title="Marketplace sellers 2026",
        provider="Mercado Ejemplo S.A.",
        nso="INDEC Ejemplo",
        purpose="E-commerce statistics: sellers linked to the business register",
        permitted_use="Statistical purposes only; no individual data published or passed on.",
        fields=RECORD_FIELDS,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        delete_by=date(2027, 6, 30),
        mode=Mode.RECORDS,
        nso_receiving_key=public_pem(parties.nso.public_key()),
        provider_signing_key=public_pem(parties.provider.public_key()),
        nso_linkage_key=public_pem(parties.linkage.public_key()),
        phone_country_prefix="54",
    )

    def make(**changes: Any) -> Agreement:
        return replace(base, **changes)

    return make


@pytest.fixture
def sellers(tmp_path: Path) -> Path:
    path = tmp_path / "provider" / "sellers.csv"
    path.parent.mkdir()
    path.write_text(SELLERS_CSV, encoding="utf-8")
    return path


CELL_FIELDS = (
    FieldRule("seller_id", Treatment.UNIT),
    FieldRule("category", Treatment.GROUP),
    FieldRule("sales", Treatment.SUM),
)


@pytest.fixture(scope="session")
def cells_agreement(make_agreement: Callable[..., Agreement]) -> Agreement:
    return make_agreement(
        agreement_id="AR-CELLS-2026", fields=CELL_FIELDS, mode=Mode.CELLS, min_cell_size=2
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "nso"
    folder.mkdir()
    return folder
