"""Packing at the provider: agreed fields only, clear errors, and a report of everything done."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from destat.errors import InputFileError
from destat.exchange.agreement import Agreement, FieldRule, Treatment
from destat.exchange.errors import ExchangeError
from destat.exchange.pack import pack, read_provider_files

from .conftest import NOW, Parties


def test_only_agreed_fields_are_read_and_the_rest_reported(
    sellers: Path, cells_agreement: Agreement
) -> None:
    data = read_provider_files([sellers], cells_agreement)
    assert list(data.frame.columns) == ["seller_id", "category", "sales"]
    assert data.dropped == ("tax_id", "phone", "name", "address", "email")
    assert data.files[0].rows == 7


def test_report_lists_files_fields_suppressed_cells_and_tables(
    sellers: Path, cells_agreement: Agreement, parties: Parties
) -> None:
    packed = pack(
        read_provider_files([sellers], cells_agreement), cells_agreement, parties.provider, NOW
    )
    report = packed.report
    assert f"| {sellers} | 7 | 8 |" in report
    assert "| sales | summed per cell |" in report
    assert "Left out (not in the agreement): tax_id, phone, name, address, email." in report
    assert "Cells with fewer than 2 units were left out: 3 of 4 cells." in report
    for cell in ("category = books", "category = clothing", "category = tools"):
        assert cell in report
    assert "| cells | 1 | category, units, rows, sales |" in report
    assert packed.manifest.protection["cells_suppressed"] == 3


def test_a_missing_field_names_file_and_columns(tmp_path: Path, cells_agreement: Agreement) -> None:
    path = tmp_path / "s.csv"
    path.write_text("seller_id,sales\nS1,3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"s.csv lacks the agreed field\(s\) \['category'\]"):
        read_provider_files([path], cells_agreement)


def test_text_in_a_summed_field_names_file_row_and_column(
    tmp_path: Path, cells_agreement: Agreement
) -> None:
    path = tmp_path / "s.csv"
    path.write_text("seller_id,category,sales\nS1,a,3\nS2,a,n/a\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"s.csv: column 'sales' .* row 2 .*'n/a'"):
        read_provider_files([path], cells_agreement)


def test_a_missing_unit_id_is_refused(tmp_path: Path, cells_agreement: Agreement) -> None:
    path = tmp_path / "s.csv"
    path.write_text("seller_id,category,sales\nS1,a,3\n,a,4\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"unit ID column 'seller_id' is empty in row 2"):
        read_provider_files([path], cells_agreement)


def test_records_without_pseudonyms_and_packing_out_of_period_are_refused(
    sellers: Path, make_agreement: Callable[..., Agreement], parties: Parties
) -> None:
    agreement = make_agreement()
    data = read_provider_files([sellers], agreement)
    with pytest.raises(
        ExchangeError,
        match=r"Fields \['tax_id', 'phone', 'name', 'address'\] are sent as pseudonyms",
    ):
        pack(data, agreement, parties.provider, NOW)
    late = make_agreement(end=date(2026, 3, 31))
    with pytest.raises(ExchangeError, match="allows sending from 2026-01-01 to 2026-03-31"):
        pack(data, late, parties.provider, NOW)


def test_unit_ids_get_the_providers_own_stable_keyed_hash(
    sellers: Path, make_agreement: Callable[..., Agreement], parties: Parties
) -> None:
    fields = (
        FieldRule("seller_id", Treatment.UNIT),
        FieldRule("category", Treatment.KEEP),
        FieldRule("sales", Treatment.SUM),
    )
    agreement = make_agreement(fields=fields, nso_linkage_key="")
    data = read_provider_files([sellers], agreement)
    first = pack(data, agreement, parties.provider, NOW).tables["records"]
    second = pack(data, agreement, parties.provider, NOW).tables["records"]
    assert first.column("seller_id") == second.column("seller_id")
    # HMAC-SHA256 of "S1" under HKDF-SHA256(Ed25519 seed, info="destat-unit-pseudonym/1:ID"),
    # recomputed with hashlib and hmac (RFC 5869: extract with a zero salt, then one expand block).
    seed = parties.provider.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    prk = hmac.new(bytes(32), seed, hashlib.sha256).digest()
    info = b"destat-unit-pseudonym/1:" + agreement.agreement_id.encode()
    key = hmac.new(prk, info + b"\x01", hashlib.sha256).digest()
    assert first.column("seller_id")[0].as_py() == hmac.new(key, b"S1", hashlib.sha256).hexdigest()
    other = make_agreement(agreement_id="OTHER", fields=fields, nso_linkage_key="")
    third = pack(data, other, parties.provider, NOW).tables["records"]
    assert set(third.column("seller_id").to_pylist()).isdisjoint(
        first.column("seller_id").to_pylist()
    )
