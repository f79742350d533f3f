"""Packing with differential-privacy noise (needs destat.exchange.privacy, OpenDP)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from destat.exchange.agreement import Agreement, FieldRule, Mode, Treatment
from destat.exchange.pack import pack, read_provider_files, write_packed
from destat.exchange.receive import receive_package
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties

CATEGORIES = ("books", "clothing", "food", "tools", "toys")


def test_dp_package_has_every_declared_cell_and_reports_the_budget(
    tmp_path: Path,
    project: Path,
    sellers: Path,
    parties: Parties,
    make_agreement: Callable[..., Agreement],
) -> None:
    agreement = make_agreement(
        agreement_id="AR-DP-2026",
        fields=(
            FieldRule("seller_id", Treatment.UNIT),
            FieldRule("category", Treatment.GROUP, categories=CATEGORIES),
            FieldRule("sales", Treatment.SUM, 0.0, 1000.0),
        ),
        mode=Mode.DP,
        epsilon=1.0,
        max_rows_per_unit=2,
    )
    packed = pack(read_provider_files([sellers], agreement), agreement, parties.provider, NOW)
    protection = packed.manifest.protection
    assert 0 < protection["epsilon_spent"] <= 1.0
    assert protection["privacy_unit"] == "seller_id"
    assert "Privacy budget: epsilon = 1" in packed.report
    assert "95% accuracy of" in packed.report
    path, _ = write_packed(packed, tmp_path / "dp.zip")
    receipt = receive_package(path, project, parties.nso, agreement, NOW)
    (table,) = receipt.tables
    connection = duckdb.connect(str(project / DATABASE_FILE), read_only=True)
    frame = connection.sql(f'SELECT * FROM "{table}"').df()
    connection.close()
    # "toys" has no seller: a declared cell is published all the same, so its absence would
    # not reveal that no unit has it.
    assert sorted(frame["category"]) == sorted(CATEGORIES)
    assert "sales" in frame.columns
