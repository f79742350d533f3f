"""``destat exchange receive``: verify a package completely, then load it, or load nothing.

Checks, in order: the file is a well-formed package archive (strict reader); its content hash is
not in the log (replay); it is sealed to this office's key (recipient) and opens (tampering);
the manifest is signed by the provider key of the agreement the office holds (unsigned, forged);
the agreement ID and digest match; every table matches its hash, rows and columns; the package
ID is not in the log (replay); today and the package's creation date lie within the agreement's
period and not past its deletion date (expired). Only then are the tables loaded into the
project database, copied under ``exchange/received/``, and the receipt appended to the log, in
one database transaction.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from cryptography.hazmat.primitives.asymmetric import x25519
from sqlglot import exp

from destat.engines.sql import table as table_ref
from destat.exchange.agreement import Agreement, agreement_jsonld, read_agreement
from destat.exchange.errors import PackageRefusedError
from destat.exchange.log import LogEntry, commit_with_entry, read_log, rollback
from destat.exchange.manifest import sha256_hex
from destat.exchange.package import OpenedPackage, open_package
from destat.project.database import DATABASE_FILE

__all__ = ["MAX_PACKAGE_BYTES", "Receipt", "receive_package", "received_folder", "table_name"]

MAX_PACKAGE_BYTES = 1 << 30


@dataclass(frozen=True)
class Receipt:
    """What was loaded: package, agreement, database tables with their rows, deletion date."""

    package_id: str
    agreement_id: str
    tables: dict[str, int]
    delete_by: date
    entry: LogEntry


def table_name(package_id: str, name: str) -> str:
    """The database table that holds table ``name`` of a received package."""
    return f"exchange_{package_id[:12]}_{name}"


def received_folder(project: Path, package_id: str) -> Path:
    """Where the received files of a package are kept until deleted."""
    return project / "exchange" / "received" / package_id


def _check_dates(agreement: Agreement, created: datetime, now: datetime, where: str) -> None:
    today = now.date()
    if today > agreement.delete_by or today > agreement.end or today < agreement.start:
        reason = (
            f"its data had to be deleted by {agreement.delete_by}"
            if today > agreement.delete_by
            else f"it allows receiving from {agreement.start} to {agreement.end}"
        )
        raise PackageRefusedError(
            f"{where}: agreement {agreement.agreement_id!r} is not in force on {today}: {reason}. "
            "A new or extended agreement is needed. Nothing was loaded."
        )
    if not agreement.start <= created.date() <= agreement.end or created > now + timedelta(days=1):
        raise PackageRefusedError(
            f"{where} was made on {created.date()}, outside the agreement's period "
            f"{agreement.start} to {agreement.end} (or in the future). Nothing was loaded."
        )


def _check_replay(entries: list[LogEntry], key: str, value: str, where: str) -> None:
    for entry in entries:
        if entry.event == "received" and entry.data.get(key) == value:
            raise PackageRefusedError(
                f"{where} was received already (same {key.replace('_', ' ')}, log entry "
                f"{entry.seq} of {entry.time[:19]}): a replay or a second copy. Nothing was loaded."
            )


def _agreement_copy(project: Path, agreement: Agreement, where: str) -> Path | None:
    """Where to keep the office's copy of the agreement; None when it is there already."""
    path = project / "exchange" / "agreements" / f"{agreement.agreement_id}.jsonld"
    if not path.exists():
        return path
    if read_agreement(path).digest() != agreement.digest():
        raise PackageRefusedError(
            f"{where}: the project already holds a different agreement with ID "
            f"{agreement.agreement_id!r} ({path}); an agreement ID names one set of terms. "
            "Nothing was loaded."
        )
    return None


def _store(
    project: Path,
    opened: OpenedPackage,
    entries: list[LogEntry],
    data: dict[str, object],
    now: datetime,
) -> LogEntry:
    folder = received_folder(project, opened.manifest.package_id)
    staging = folder.with_name(folder.name + ".partial")
    connection = duckdb.connect(str(project / DATABASE_FILE))
    try:
        connection.execute("BEGIN TRANSACTION")
        staging.mkdir(parents=True)
        for name, arrow in opened.tables.items():
            connection.register("__destat_received", arrow)
            create = exp.Create(
                this=table_ref(table_name(opened.manifest.package_id, name)),
                kind="TABLE",
                expression=exp.select("*").from_(table_ref("__destat_received")),
            )
            connection.execute(create.sql(dialect="duckdb"))
            connection.unregister("__destat_received")
            pq.write_table(arrow, staging / f"{name}.parquet")
        (staging / "manifest.json").write_bytes(opened.manifest.to_bytes())
        (staging / "report.md").write_text(opened.report, encoding="utf-8")
        staging.rename(folder)
        entry = commit_with_entry(connection, project, entries, "received", data, now)
        return entry
    except BaseException:
        rollback(connection)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        connection.close()


def receive_package(
    path: Path,
    project: Path,
    receiving_key: x25519.X25519PrivateKey,
    agreement: Agreement,
    now: datetime,
) -> Receipt:
    """Verify ``path`` against ``agreement`` and load it into ``project``; see the module."""
    where = str(path)
    if not project.is_dir():
        raise PackageRefusedError(f"The project folder {project} does not exist.")
    if not path.is_file() or path.stat().st_size > MAX_PACKAGE_BYTES:
        raise PackageRefusedError(
            f"{where} is missing or larger than {MAX_PACKAGE_BYTES:,} bytes. Nothing was loaded."
        )
    data = path.read_bytes()
    content_hash = sha256_hex(data)
    entries = read_log(project, project / DATABASE_FILE)
    _check_replay(entries, "content_sha256", content_hash, where)
    opened = open_package(data, receiving_key, agreement, where)
    manifest = opened.manifest
    _check_replay(entries, "package_id", manifest.package_id, where)
    _check_dates(agreement, manifest.created, now, where)
    copy = _agreement_copy(project, agreement, where)
    rows = {table_name(manifest.package_id, t.name): t.rows for t in manifest.tables}
    details: dict[str, object] = {
        "package_id": manifest.package_id,
        "content_sha256": content_hash,
        "agreement_id": agreement.agreement_id,
        "agreement_digest": agreement.digest(),
        "provider": agreement.provider,
        "created": manifest.created.isoformat(),
        "tables": rows,
        "folder": str(received_folder(project, manifest.package_id).relative_to(project)),
        "delete_by": agreement.delete_by.isoformat(),
    }
    entry = _store(project, opened, entries, details, now)
    if copy is not None:
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(
            json.dumps(agreement_jsonld(agreement), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return Receipt(manifest.package_id, agreement.agreement_id, rows, agreement.delete_by, entry)
