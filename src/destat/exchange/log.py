"""The exchange log: an append-only, hash-chained record of every package received or deleted.

Each entry holds the SHA-256 of the previous entry, and its own hash covers its content and that
link (a hash chain, as in Haber and Stornetta 1991, "How to time-stamp a digital document",
Journal of Cryptology 3(2)); changing, removing or reordering any entry breaks every later link.
The last entry's number and hash are also kept in the project database, written in the same
transaction as the data, so that cutting entries off the end is detected too.

The entry is written to the file before that transaction commits and counts only once the commit
moves the database's head to it: a failed commit takes the line out again, and a line left past
the head (the process stopped between the write and the commit) is not an entry: reading leaves
it out and the next entry replaces it. So the log never records a change the database lacks,
and the database never holds a change the log lacks. Anyone who may
rewrite both the file and the database can rewrite history: keep a copy of the head hash that
``destat exchange log`` prints somewhere else (a signed e-mail, the minutes of a meeting).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from destat.exchange.errors import LogTamperedError

__all__ = [
    "GENESIS",
    "LogEntry",
    "commit_with_entry",
    "log_path",
    "read_log",
    "rollback",
    "verify_log",
]

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
HEAD_TABLE = "exchange_log_head"


def log_path(project: Path) -> Path:
    """Where the exchange log of a project lives."""
    return project / "exchange" / "log.jsonl"


@dataclass(frozen=True)
class LogEntry:
    """One entry: its number, time, event ("received", "deleted"), details and chain hashes."""

    seq: int
    time: str
    event: str
    data: dict[str, Any]
    prev: str
    hash: str


def _entry_hash(seq: int, time: str, event: str, data: dict[str, Any], prev: str) -> str:
    body = {"seq": seq, "time": time, "event": event, "data": data, "prev": prev}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse(line: str, number: int, path: Path) -> LogEntry:
    try:
        raw = json.loads(line)
        entry = LogEntry(
            int(raw["seq"]),
            str(raw["time"]),
            str(raw["event"]),
            dict(raw["data"]),
            str(raw["prev"]),
            str(raw["hash"]),
        )
    except (ValueError, KeyError, TypeError):
        raise LogTamperedError(
            f"{path}, line {number}: not a log entry (damaged or edited by hand). Restore the "
            "log from a backup; do not edit it."
        ) from None
    return entry


def _head(database: Path) -> tuple[int, str] | None:
    if not database.exists():
        return None
    connection = duckdb.connect(str(database), read_only=True)
    try:
        tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
        if HEAD_TABLE not in tables:
            return None
        row = connection.execute("SELECT seq, hash FROM exchange_log_head").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))
    finally:
        connection.close()


def read_log(project: Path, database: Path) -> list[LogEntry]:
    """All entries, after checking every link and the head kept in the database."""
    path = log_path(project)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    entries: list[LogEntry] = []
    prev = GENESIS
    for number, line in enumerate(lines, start=1):
        entry = _parse(line, number, path)
        expected = _entry_hash(entry.seq, entry.time, entry.event, entry.data, entry.prev)
        if entry.seq != number or entry.prev != prev or entry.hash != expected:
            raise LogTamperedError(
                f"{path}, line {number}: the entry does not match its hash or does not follow "
                f"entry {number - 1}: it was edited, removed or moved. Restore the log from a "
                "backup and find out who changed it."
            )
        entries.append(entry)
        prev = entry.hash
    head = _head(database)
    if len(entries) == (head[0] if head else 0) + 1:
        logger.warning(
            "%s: entry %d was written but its change never committed; it is left out.",
            path,
            len(entries),
        )
        entries.pop()
    last = (entries[-1].seq, entries[-1].hash) if entries else None
    if head != last:
        raise LogTamperedError(
            f"{path} ends at entry {last[0] if last else 0}, but the project database recorded "
            f"entry {head[0] if head else 0} as the last: entries were cut off or the log was "
            "replaced. Restore it from a backup."
        )
    return entries


def verify_log(project: Path, database: Path) -> tuple[int, str]:
    """Check the whole chain; the number of entries and the head hash, to keep elsewhere."""
    entries = read_log(project, database)
    return (len(entries), entries[-1].hash if entries else GENESIS)


def _committed_size(path: Path, entries: int) -> int:
    """Bytes taken by the first ``entries`` lines of the log (those the database confirms)."""
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(len(handle.readline()) for _ in range(entries))


def _write_line(path: Path, offset: int, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        handle.truncate(offset)  # drop a line whose change never committed
        handle.write((line + "\n").encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def _truncate(path: Path, offset: int) -> None:
    with path.open("ab") as handle:
        handle.truncate(offset)
        os.fsync(handle.fileno())


def commit_with_entry(
    connection: duckdb.DuckDBPyConnection,
    project: Path,
    previous: list[LogEntry],
    event: str,
    data: dict[str, Any],
    now: datetime,
) -> LogEntry:
    """Record ``event`` after ``previous`` (as read by :func:`read_log`) and commit the
    transaction open on ``connection`` together with it.

    The database's head moves to the entry inside the transaction; the entry is written to the
    file, then the transaction commits. If the commit fails the entry is taken out of the file
    again and the error raised, so the log and the database still agree.
    """
    seq = len(previous) + 1
    prev = previous[-1].hash if previous else GENESIS
    time = now.isoformat()
    entry = LogEntry(seq, time, event, data, prev, _entry_hash(seq, time, event, data, prev))
    connection.execute("CREATE TABLE IF NOT EXISTS exchange_log_head (seq BIGINT, hash TEXT)")
    connection.execute("DELETE FROM exchange_log_head")
    connection.execute("INSERT INTO exchange_log_head VALUES (?, ?)", [seq, entry.hash])
    path = log_path(project)
    offset = _committed_size(path, len(previous))
    line = json.dumps(entry.__dict__, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    _write_line(path, offset, line)
    try:
        connection.execute("COMMIT")
    except BaseException:
        _truncate(path, offset)
        raise
    return entry


def rollback(connection: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, unless a failed commit has ended it already."""
    with contextlib.suppress(duckdb.TransactionException):
        connection.execute("ROLLBACK")
