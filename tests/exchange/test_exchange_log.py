"""The exchange log: a hash chain in which any edited, removed or reordered entry shows."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from destat.exchange.agreement import Agreement
from destat.exchange.errors import LogTamperedError
from destat.exchange.log import GENESIS, log_path, verify_log
from destat.exchange.receive import receive_package
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties
from .helpers import cells_package


@pytest.fixture
def two_receipts(
    tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement, sellers: Path
) -> list[str]:
    for name in ("first.zip", "second.zip"):
        package = cells_package(cells_agreement, sellers, parties, tmp_path / name)
        receive_package(package, project, parties.nso, cells_agreement, NOW + timedelta(hours=1))
    return log_path(project).read_text(encoding="utf-8").splitlines()


def verify(project: Path) -> tuple[int, str]:
    return verify_log(project, project / DATABASE_FILE)


def test_an_intact_log_verifies_and_each_entry_hashes_the_previous(
    project: Path, two_receipts: list[str]
) -> None:
    first, second = (json.loads(line) for line in two_receipts)
    assert first["prev"] == GENESIS
    assert second["prev"] == first["hash"]
    assert verify(project) == (2, second["hash"])


def rewrite(project: Path, lines: list[str]) -> None:
    log_path(project).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_an_edited_entry_is_detected(project: Path, two_receipts: list[str]) -> None:
    entry = json.loads(two_receipts[0])
    entry["data"]["delete_by"] = "2099-12-31"
    rewrite(project, [json.dumps(entry), two_receipts[1]])
    with pytest.raises(LogTamperedError, match=r"log.jsonl, line 1: the entry does not match"):
        verify(project)


def test_an_edited_entry_with_its_hash_recomputed_breaks_the_next_link(
    project: Path, two_receipts: list[str]
) -> None:
    from destat.exchange.log import _entry_hash

    entry = json.loads(two_receipts[0])
    entry["data"]["delete_by"] = "2099-12-31"
    entry["hash"] = _entry_hash(
        entry["seq"], entry["time"], entry["event"], entry["data"], entry["prev"]
    )
    rewrite(project, [json.dumps(entry), two_receipts[1]])
    with pytest.raises(LogTamperedError, match="line 2"):
        verify(project)


def test_a_removed_entry_is_detected(project: Path, two_receipts: list[str]) -> None:
    rewrite(project, [two_receipts[1]])
    with pytest.raises(LogTamperedError, match="line 1"):
        verify(project)


def test_reordered_entries_are_detected(project: Path, two_receipts: list[str]) -> None:
    rewrite(project, [two_receipts[1], two_receipts[0]])
    with pytest.raises(LogTamperedError, match="line 1"):
        verify(project)


def test_a_cut_off_last_entry_is_detected_by_the_head_in_the_database(
    project: Path, two_receipts: list[str]
) -> None:
    rewrite(project, [two_receipts[0]])
    with pytest.raises(LogTamperedError, match="database recorded entry 2 as the last"):
        verify(project)


def test_a_damaged_line_is_named(project: Path, two_receipts: list[str]) -> None:
    rewrite(project, [two_receipts[0], "{not json"])
    with pytest.raises(LogTamperedError, match="line 2: not a log entry"):
        verify(project)


def test_nothing_is_received_into_a_project_whose_log_was_tampered_with(
    tmp_path: Path,
    project: Path,
    two_receipts: list[str],
    parties: Parties,
    cells_agreement: Agreement,
    sellers: Path,
) -> None:
    rewrite(project, [two_receipts[1]])
    package = cells_package(cells_agreement, sellers, parties, tmp_path / "third.zip")
    with pytest.raises(LogTamperedError):
        receive_package(package, project, parties.nso, cells_agreement, NOW)
    assert log_path(project).read_text(encoding="utf-8").splitlines() == [two_receipts[1]]
