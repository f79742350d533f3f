"""A change whose database commit fails leaves no log entry: the log and the database agree.

The commit fails for real: a file-size limit (as with a full disk or a quota) stops DuckDB
writing its write-ahead log at the commit, while the exchange log, shorter than the limit, can
still be written.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path

import duckdb
import pytest

from destat.exchange.agreement import Agreement
from destat.exchange.link_package import link_package, links_table, read_register
from destat.exchange.log import _entry_hash, log_path, read_log, verify_log
from destat.exchange.receive import receive_package
from destat.project.database import DATABASE_FILE

from .conftest import NOW, Parties
from .helpers import packed_records, stored_tables
from .test_link_package import MAPPING_CSV, PROJECT_TOML

SELLERS = 400  # enough links that DuckDB's write-ahead log outgrows the limit below


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """No file of this process may grow past ``limit`` bytes (CPython ignores SIGXFSZ)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@pytest.fixture
def received(
    tmp_path: Path, parties: Parties, make_agreement: Callable[..., Agreement], project: Path
) -> str:
    """A package of 400 sellers received into a project whose register has their tax IDs."""
    sellers = tmp_path / "sellers.csv"
    rows = [f"S{i},30-{i:08d}-1,,Comercio {i},Calle {i},food,10,\n" for i in range(SELLERS)]
    sellers.write_text("seller_id,tax_id,phone,name,address,category,sales,email\n" + "".join(rows))
    data = project / "data"
    data.mkdir()
    register = [f"R{i},30-{i:08d}-1,,Comercio {i},Calle {i}\n" for i in range(SELLERS)]
    header = "ID_EMP,NIT,TELEFONO,RAZON_SOCIAL,DIRECCION\n"
    (data / "register.csv").write_text(header + "".join(register), encoding="utf-8")
    (data / "mapping.csv").write_text(MAPPING_CSV, encoding="utf-8")
    (project / "destat.toml").write_text(PROJECT_TOML, encoding="utf-8")
    package = packed_records(make_agreement(), sellers, parties, tmp_path / "pkg.zip")
    return receive_package(package, project, parties.nso, make_agreement(), NOW).package_id


def test_a_failed_commit_leaves_the_log_as_the_database(
    project: Path, parties: Parties, received: str
) -> None:
    register = read_register(project, None, None)
    log = log_path(project)
    before = log.read_bytes()
    limit = len(before) + 2_000  # room for one more log line, not for the links
    with file_size_limit(limit), pytest.raises(duckdb.Error, match="File too large"):
        link_package(project, received, register, parties.linkage, NOW)
    assert log.read_bytes() == before
    assert verify_log(project, project / DATABASE_FILE)[0] == 1
    assert links_table(received) not in stored_tables(project)
    # With room on the disk again the same linkage goes through and the chain verifies.
    linked = link_package(project, received, register, parties.linkage, NOW)
    assert linked.result.stats.exact_tax_id == SELLERS
    assert [e.event for e in read_log(project, project / DATABASE_FILE)] == ["received", "linked"]
    assert links_table(received) in stored_tables(project)


def test_an_entry_written_without_its_commit_is_left_out_and_replaced(
    project: Path, parties: Parties, received: str
) -> None:
    # What a process stopped between writing the line and committing leaves: a well-chained
    # entry past the head recorded in the database.
    (first,) = read_log(project, project / DATABASE_FILE)
    log = log_path(project)
    data = {"package_id": received, "reason": "never committed"}
    digest = _entry_hash(2, first.time, "deleted", data, first.hash)
    orphan = replace(first, seq=2, event="deleted", data=data, prev=first.hash, hash=digest)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(orphan), sort_keys=True, separators=(",", ":")) + "\n")
    assert [e.event for e in read_log(project, project / DATABASE_FILE)] == ["received"]
    link_package(project, received, read_register(project, None, None), parties.linkage, NOW)
    entries = read_log(project, project / DATABASE_FILE)
    assert [e.event for e in entries] == ["received", "linked"]
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2
