"""Packing at the provider: agreed fields only, clear errors, and a report of everything done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from destat.errors import InputFileError
from destat.exchange.agreement import Agreement
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
    with pytest.raises(ExchangeError, match="run 'destat provider blind'"):
        pack(data, agreement, parties.provider, NOW)
    late = make_agreement(end=date(2026, 3, 31))
    with pytest.raises(ExchangeError, match="allows sending from 2026-01-01 to 2026-03-31"):
        pack(data, late, parties.provider, NOW)
