"""``destat exchange link``: link the units of a received package to the business register.

The linkage unit encodes the register itself with its private key (the oblivious function F of
:mod:`destat.exchange.oprf`, evaluated directly: :func:`encode_register_units`), so that equal
normalised identifiers give the pseudonyms the provider obtained blindly. The package's encoded
units are then linked with :func:`destat.exchange.linkage.link`: equal pseudonyms of the tax ID,
then of the phone, then CLK Bloom filters of name and address above a Dice threshold (Schnell,
Bachteler and Reiher 2009), one to one. Neither side sees the other's identifiers in clear: the
office holds only the provider's pseudonyms, the provider never sees the register.

The links (provider unit pseudonym, enterprise ID, method, Dice score) are stored as the table
``exchange_<package>_links`` of the project database and recorded in the exchange log, in one
transaction; they are deleted with the package (:mod:`destat.exchange.obligations`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlglot import exp

from destat.engines.sql import table as table_ref
from destat.exchange.agreement import Agreement, read_agreement
from destat.exchange.errors import ExchangeError
from destat.exchange.keys import fingerprint, public_linkage_key
from destat.exchange.linkage import EncodedUnits, EncodingConfig, LinkResult, link
from destat.exchange.log import LogEntry, commit_with_entry, read_log, rollback
from destat.exchange.manifest import Manifest, sha256_hex
from destat.exchange.pseudonymise import encode_register_units
from destat.exchange.receive import received_folder, table_name
from destat.project.config import load_config
from destat.project.database import DATABASE_FILE, read_table
from destat.project.inputs import read_mapped, read_text_table
from destat.sources.register_share import (
    DEFAULT_THRESHOLD,
    REGISTER_FIELDS,
    MatchQuality,
    match_quality,
)

__all__ = [
    "REGISTER_FIELDS",
    "LinkedPackage",
    "ReceivedPackage",
    "find_received",
    "link_package",
    "links_table",
    "read_register",
]


@dataclass(frozen=True)
class ReceivedPackage:
    """A package held by the project (received, not deleted) and what linking it needs."""

    package_id: str
    agreement: Agreement
    manifest: Manifest
    units_table: str
    records_table: str | None


@dataclass(frozen=True)
class LinkedPackage:
    """The outcome of a linkage: the stored table, the counts, the quality and the log entry."""

    package_id: str
    table: str
    result: LinkResult
    quality: MatchQuality | None
    entry: LogEntry


def links_table(package_id: str) -> str:
    """The database table that holds the links of a received package to the register."""
    return table_name(package_id, "links")


def _received_entry(entries: list[LogEntry], package_id: str) -> LogEntry:
    received = [
        e
        for e in entries
        if e.event == "received" and str(e.data.get("package_id", "")).startswith(package_id)
    ]
    ids = sorted({str(e.data["package_id"]) for e in received})
    if not package_id or len(ids) != 1:
        raise ExchangeError(
            f"No package {package_id!r} was received into this project."
            if not ids or not package_id
            else f"Package ID {package_id!r} is ambiguous: it starts {ids}."
        )
    for entry in entries:
        if entry.event == "deleted" and entry.data.get("package_id") == ids[0]:
            raise ExchangeError(
                f"Package {ids[0]} was deleted (log entry {entry.seq} of {entry.time[:19]}: "
                f"{entry.data.get('reason', '')}); its units can no longer be linked. Ask the "
                "provider for a new package under an agreement in force."
            )
    return received[0]


def find_received(project: Path, package_id: str) -> ReceivedPackage:
    """The package held under ``package_id`` (or a unique start of it), with encoded units."""
    entries = read_log(project, project / DATABASE_FILE)
    try:
        entry = _received_entry(entries, package_id)
    except ExchangeError as error:
        raise ExchangeError(f"{error} See 'destat exchange log --project {project}'.") from None
    full_id = str(entry.data["package_id"])
    folder = received_folder(project, full_id)
    manifest = Manifest.from_bytes((folder / "manifest.json").read_bytes(), str(folder))
    tables = {t.name for t in manifest.tables}
    if "units" not in tables or "linkage_key_check" not in manifest.protection:
        raise ExchangeError(
            f"Package {full_id} holds no encoded identifier columns (tables: {sorted(tables)}, "
            f"mode {manifest.mode}): it was packed without tax_id, phone, name or address "
            "fields, so there is nothing to link. The agreement must list such fields."
        )
    agreement_path = project / "exchange" / "agreements" / f"{entry.data['agreement_id']}.jsonld"
    return ReceivedPackage(
        full_id,
        read_agreement(agreement_path),
        manifest,
        table_name(full_id, "units"),
        table_name(full_id, "records") if "records" in tables else None,
    )


def read_register(project: Path, register: Path | None, mapping: Path | None) -> pd.DataFrame:
    """The register with model column names: ``register`` (mapped with ``mapping`` if given),
    else [inputs] register of the project's destat.toml with its mapping."""
    if register is None:
        config = load_config(project)
        register, mapping = (
            project / config.inputs.register_file,
            project / config.inputs.mapping,
        )
    frame = read_mapped(register, mapping)[0] if mapping else read_text_table(register)
    needed = ["enterprise_id", "tax_id", "phone", "name", "address"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ExchangeError(
            f"The register {register} has no column {missing}"
            f"{' after mapping' if mapping else ''} (columns: {list(frame.columns)}); linkage "
            f"needs {needed}. Map the register's own names to these in the mapping file (or "
            "give --mapping), or rename the columns."
        )
    frame.attrs["path"] = str(register)
    return frame


def _provider_units(project: Path, package: ReceivedPackage) -> EncodedUnits:
    frame = read_table(project / DATABASE_FILE, package.units_table)
    frame.attrs = {
        "config": str(package.manifest.protection.get("encoding", "")),
        "key_check": str(package.manifest.protection["linkage_key_check"]),
    }
    return EncodedUnits.from_frame(frame)


def _encode_register(
    register: pd.DataFrame, key: rsa.RSAPrivateKey, package: ReceivedPackage
) -> EncodedUnits:
    agreed = public_linkage_key(package.agreement.nso_linkage_key, "the agreement")
    if fingerprint(agreed) != fingerprint(key.public_key()):
        raise ExchangeError(
            f"The linkage key given is {fingerprint(key.public_key())[:16]}…, but agreement "
            f"{package.agreement.agreement_id!r} names the linkage key {fingerprint(agreed)[:16]}…;"
            " give the linkage unit's private key (nso-linkage.pem) named in the agreement."
        )
    config = EncodingConfig(phone_country_prefix=package.agreement.phone_country_prefix)
    return encode_register_units(register, REGISTER_FIELDS, key, config)


def _quality(
    result: LinkResult, provider: EncodedUnits, truth: pd.DataFrame | None
) -> MatchQuality | None:
    if truth is None:
        return None
    missing = [c for c in ("provider_id", "register_id") if c not in truth.columns]
    if missing:
        raise ExchangeError(
            f"The truth file {truth.attrs.get('path', '')} has no column {missing}; it needs "
            "provider_id (the unit pseudonym of the package) and register_id (enterprise ID)."
        )
    # match_quality tells the sellers with an exact identifier by a value in tax_id or phone.
    table = provider.table
    sellers = pd.DataFrame(
        {
            "seller_id": table["unit_id"],
            "tax_id": table["tax_id_hash"].where(table["tax_id_hash"] != ""),
            "phone": table["phone_hash"].where(table["phone_hash"] != ""),
        }
    )
    pairs = truth.rename(columns={"provider_id": "seller_id", "register_id": "enterprise_id"})
    return match_quality(result, pairs[["seller_id", "enterprise_id"]], sellers)


def _store_links(
    project: Path, package: ReceivedPackage, pairs: pd.DataFrame, details: dict[str, object],
    now: datetime,
) -> LogEntry:  # fmt: skip
    entries = read_log(project, project / DATABASE_FILE)
    connection = duckdb.connect(str(project / DATABASE_FILE))
    try:
        connection.execute("BEGIN TRANSACTION")
        connection.register("__destat_links", pairs)
        create = exp.Create(
            this=table_ref(links_table(package.package_id)),
            kind="TABLE",
            replace=True,
            expression=exp.select("*").from_(table_ref("__destat_links")),
        )
        connection.execute(create.sql(dialect="duckdb"))
        connection.unregister("__destat_links")
        entry = commit_with_entry(connection, project, entries, "linked", details, now)
        return entry
    except BaseException:
        rollback(connection)
        raise
    finally:
        connection.close()


def link_package(
    project: Path,
    package_id: str,
    register: pd.DataFrame,
    key: rsa.RSAPrivateKey,
    now: datetime,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    truth: pd.DataFrame | None = None,
    seed: int = 0,
) -> LinkedPackage:
    """Link the package's units to ``register`` (see the module), store the links, log it.

    ``seed`` draws the LSH bands; ``truth`` (provider_id, register_id) measures the links.
    """
    package = find_received(project, package_id)
    provider = _provider_units(project, package)
    encoded = _encode_register(register, key, package)
    result = link(encoded, provider, rng=np.random.default_rng(seed), threshold=threshold)
    quality = _quality(result, provider, truth)
    stats = result.stats
    source = Path(str(register.attrs.get("path", "")))
    details: dict[str, object] = {
        "package_id": package.package_id,
        "agreement_id": package.agreement.agreement_id,
        "table": links_table(package.package_id),
        "register": source.name,
        "register_sha256": sha256_hex(source.read_bytes()) if source.is_file() else "",
        "register_units": stats.register_units,
        "provider_units": stats.provider_units,
        "exact_tax_id": stats.exact_tax_id,
        "exact_phone": stats.exact_phone,
        "fuzzy": stats.fuzzy,
        "threshold": threshold,
        "seed": seed,
        "linkage_key": fingerprint(key.public_key()),
    }
    if quality is not None:
        details |= {"precision": quality.precision, "recall": quality.recall}
    entry = _store_links(project, package, result.pairs, details, now)
    return LinkedPackage(package.package_id, str(details["table"]), result, quality, entry)
