"""Building packages and inspecting the NSO project in the exchange tests."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from destat.exchange.agreement import Agreement
from destat.exchange.log import log_path
from destat.exchange.oprf import blind, evaluate, unblind
from destat.exchange.pack import pack, read_provider_files, write_packed
from destat.exchange.pseudonymise import pseudonym_queries
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties


def cells_package(
    agreement: Agreement, sellers: Path, parties: Parties, out: Path, created: datetime = NOW
) -> Path:
    """Pack the sellers file in cells mode (no pseudonyms needed) and write the package."""
    data = read_provider_files([sellers], agreement)
    path, _ = write_packed(pack(data, agreement, parties.provider, created), out)
    return path


def packed_records(agreement: Agreement, sellers: Path, parties: Parties, out: Path) -> Path:
    """Pack the sellers file in records mode, pseudonyms answered by the linkage unit."""
    data = read_provider_files([sellers], agreement)
    request = blind(
        pseudonym_queries(data.frame, agreement),
        parties.linkage.public_key(),
        agreement.agreement_id,
    )
    answer = evaluate(json.loads(json.dumps(request.message)), parties.linkage)
    pseudonyms = unblind(request, answer, parties.linkage.public_key())
    packed = pack(data, agreement, parties.provider, NOW, pseudonyms)
    path, _ = write_packed(packed, out)
    return path


def stored_tables(project: Path) -> list[str]:
    """The tables of the project database (none if it does not exist)."""
    if not (project / DATABASE_FILE).exists():
        return []
    connection = duckdb.connect(str(project / DATABASE_FILE), read_only=True)
    try:
        return sorted(row[0] for row in connection.execute("SHOW TABLES").fetchall())
    finally:
        connection.close()


def assert_nothing_stored(project: Path) -> None:
    """No data table, no received file and no log entry in the project."""
    assert [t for t in stored_tables(project) if t != "exchange_log_head"] == []
    received = project / "exchange" / "received"
    assert not received.exists() or list(received.iterdir()) == []
    assert not log_path(project).exists() or log_path(project).read_text() == ""
