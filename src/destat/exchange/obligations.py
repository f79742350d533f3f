"""What the agreements require now, and carrying out the deletions they require.

Every package received and not yet deleted must be deleted by its agreement's deletion date
(the ``odrl:delete`` duty). Obligations are read from the checked exchange log, so a package
cannot be forgotten without breaking the log. Deleting drops the package's tables from the
project database and its files from ``exchange/received/``, and records that in the log, in one
transaction.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import duckdb
from sqlglot import exp

from destat.engines.sql import table as table_ref
from destat.exchange.errors import ExchangeError
from destat.exchange.log import LogEntry, commit_with_entry, read_log, rollback
from destat.project.database import DATABASE_FILE

__all__ = ["Deletion", "Obligation", "Status", "delete_packages", "obligations"]


class Status(StrEnum):
    """How urgent a deletion is."""

    OVERDUE = "overdue"  # the deletion date has passed
    DUE = "due"  # within the warning window, or today
    HELD = "held"  # may be kept for now


@dataclass(frozen=True)
class Obligation:
    """A received package still held, and when it must be deleted."""

    package_id: str
    agreement_id: str
    provider: str
    delete_by: date
    status: Status
    tables: tuple[str, ...]
    folder: str


@dataclass(frozen=True)
class Deletion:
    """A package deleted: its tables and folder, and the log entry that records it."""

    package_id: str
    tables: tuple[str, ...]
    folder: str
    entry: LogEntry


def _held(entries: list[LogEntry]) -> dict[str, LogEntry]:
    held: dict[str, LogEntry] = {}
    for entry in entries:
        package = str(entry.data.get("package_id"))
        if entry.event == "received":
            held[package] = entry
        elif entry.event == "deleted":
            held.pop(package, None)
    return held


def _derived_tables(entries: list[LogEntry]) -> dict[str, set[str]]:
    """Tables made from a package after receipt (its links): deleted with it."""
    derived: dict[str, set[str]] = {}
    for entry in entries:
        if entry.event == "linked":
            derived.setdefault(str(entry.data["package_id"]), set()).add(str(entry.data["table"]))
    return derived


def obligations(project: Path, today: date, warn_days: int = 30) -> list[Obligation]:
    """Every package still held, ordered by deletion date, with its status on ``today``."""
    entries = read_log(project, project / DATABASE_FILE)
    found = []
    derived = _derived_tables(entries)
    for package, entry in _held(entries).items():
        delete_by = date.fromisoformat(str(entry.data["delete_by"]))
        status = (
            Status.OVERDUE
            if today > delete_by
            else Status.DUE
            if today >= delete_by - timedelta(days=warn_days)
            else Status.HELD
        )
        found.append(
            Obligation(
                package,
                str(entry.data["agreement_id"]),
                str(entry.data["provider"]),
                delete_by,
                status,
                tuple(sorted(set(entry.data["tables"]) | derived.get(package, set()))),
                str(entry.data["folder"]),
            )
        )
    return sorted(found, key=lambda o: (o.delete_by, o.package_id))


def _delete_one(
    connection: duckdb.DuckDBPyConnection,
    project: Path,
    entries: list[LogEntry],
    obligation: Obligation,
    reason: str,
    now: datetime,
) -> Deletion:
    for name in obligation.tables:
        drop = exp.Drop(tables=[table_ref(name)], kind="TABLE", exists=True)
        connection.execute(drop.sql(dialect="duckdb"))
    folder = project / obligation.folder
    data = {
        "package_id": obligation.package_id,
        "agreement_id": obligation.agreement_id,
        "tables": list(obligation.tables),
        "folder": obligation.folder,
        "reason": reason,
    }
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        raise ExchangeError(f"Could not remove {folder}; check its permissions and run again.")
    entry = commit_with_entry(connection, project, entries, "deleted", data, now)
    return Deletion(obligation.package_id, obligation.tables, obligation.folder, entry)


def delete_packages(
    project: Path, selected: list[Obligation], reason: str, now: datetime
) -> list[Deletion]:
    """Delete the ``selected`` packages' tables and files and record each in the log."""
    deletions: list[Deletion] = []
    for obligation in selected:
        entries = read_log(project, project / DATABASE_FILE)
        connection = duckdb.connect(str(project / DATABASE_FILE))
        try:
            connection.execute("BEGIN TRANSACTION")
            deletions.append(_delete_one(connection, project, entries, obligation, reason, now))
        except BaseException:
            rollback(connection)
            raise
        finally:
            connection.close()
    return deletions
