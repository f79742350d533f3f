"""Obligations from the agreements, and deletion that really removes the data and is logged."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from destat.exchange.agreement import Agreement
from destat.exchange.errors import PackageRefusedError
from destat.exchange.log import read_log, verify_log
from destat.exchange.obligations import Status, delete_packages, obligations
from destat.exchange.receive import receive_package, received_folder
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties
from .helpers import cells_package, stored_tables


@pytest.fixture
def received(
    tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement, sellers: Path
) -> tuple[Path, str]:
    package = cells_package(cells_agreement, sellers, parties, tmp_path / "p.zip")
    receipt = receive_package(package, project, parties.nso, cells_agreement, NOW)
    return package, receipt.package_id


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2027, 5, 30), Status.HELD),  # 31 days before 2027-06-30
        (date(2027, 5, 31), Status.DUE),  # 30 days before
        (date(2027, 6, 30), Status.DUE),  # the last day
        (date(2027, 7, 1), Status.OVERDUE),
    ],
)
def test_status_follows_the_deletion_date(
    project: Path, received: tuple[Path, str], today: date, status: Status
) -> None:
    (found,) = obligations(project, today, warn_days=30)
    assert (found.package_id, found.delete_by, found.status) == (
        received[1],
        date(2027, 6, 30),
        status,
    )


def test_delete_removes_tables_and_files_and_is_logged(
    project: Path, received: tuple[Path, str], parties: Parties, cells_agreement: Agreement
) -> None:
    package, package_id = received
    (due,) = obligations(project, date(2027, 7, 1))
    assert due.tables == (f"exchange_{package_id[:12]}_cells",)
    assert received_folder(project, package_id).is_dir()
    (deletion,) = delete_packages(project, [due], "deletion date", NOW + timedelta(days=400))
    assert stored_tables(project) == ["exchange_log_head"]
    assert not received_folder(project, package_id).exists()
    assert list((project / "exchange" / "received").iterdir()) == []
    entries = read_log(project, project / DATABASE_FILE)
    assert [(e.event, e.data["package_id"]) for e in entries] == [
        ("received", package_id),
        ("deleted", package_id),
    ]
    assert entries[1].data["tables"] == list(due.tables)
    assert deletion.entry == entries[1]
    assert verify_log(project, project / DATABASE_FILE)[0] == 2
    assert obligations(project, date(2027, 7, 1)) == []
    # The same package sent again after deletion is still a replay.
    with pytest.raises(PackageRefusedError, match="received already"):
        receive_package(package, project, parties.nso, cells_agreement, NOW)


def test_received_cells_are_the_unsuppressed_cells_computed_by_hand(
    project: Path, received: tuple[Path, str]
) -> None:
    # sellers.csv: food has S1 (1200.5 + 300), S4 (75), S6 (40): 3 units, 4 rows, 1615.5.
    # clothing (S2), tools (S3) and books (S5) have 1 unit each: below 2, left out.
    connection = duckdb.connect(str(project / DATABASE_FILE), read_only=True)
    rows = connection.execute(
        f'SELECT category, units, "rows", sales FROM "exchange_{received[1][:12]}_cells"'
    ).fetchall()
    connection.close()
    assert rows == [("food", 3, 4, 1615.5)]
