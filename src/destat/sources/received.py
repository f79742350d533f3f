"""The marketplace's register share from a received package instead of plain files.

A marketplace that sends its sellers through the provider kit (``destat provider pack``) sends
pseudonymous units and records; once the office has linked them to the register (``destat
exchange link``), the links stored in the project database feed the same computation as the
plain files: :func:`destat.sources.register_share.register_share` (see its module for the
method), so equal links give an equal table.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from destat.exchange.link_package import find_received, links_table
from destat.project.database import DATABASE_FILE, read_table
from destat.sources.errors import SourceFileError
from destat.sources.register_share import register_share

__all__ = ["received_register_share"]


def _tables(database: Path) -> set[str]:
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    finally:
        connection.close()


def received_register_share(
    project: Path, package_id: str, register: pd.DataFrame, *, activity: str = "transactions"
) -> pd.DataFrame:
    """Register enterprises found selling, by size class and industry, from the links of a
    received package: a unit sells when its records' ``activity`` column sums above zero."""
    package = find_received(project, package_id)
    database = project / DATABASE_FILE
    links = links_table(package.package_id)
    if links not in _tables(database):
        raise SourceFileError(
            f"Package {package.package_id} is not linked to the register yet; run "
            f"'destat exchange link --project {project} --package-id {package.package_id}' first."
        )
    if package.records_table is None:
        raise SourceFileError(f"Package {package.package_id} holds no records table.")
    records = read_table(database, package.records_table)
    unit = package.agreement.unit_field
    if activity not in records.columns:
        raise SourceFileError(
            f"The records of package {package.package_id} have no column {activity!r} (they "
            f"have {list(records.columns)}); name the column that counts each unit's sales."
        )
    per_unit = pd.to_numeric(records[activity], errors="coerce").fillna(0).groupby(records[unit])
    totals = per_unit.sum()
    selling = pd.Series(totals.index[totals.to_numpy() > 0])
    return register_share(register, read_table(database, links), selling)
