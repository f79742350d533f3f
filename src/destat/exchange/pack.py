"""``destat provider pack``: from the provider's own files to a signed, sealed package.

Only the agreed fields are read; identifiers are pseudonymised through the linkage unit's
oblivious function (:mod:`destat.exchange.pseudonymise`), or the data are reduced to cells with a
minimum cell size or differential-privacy noise (:mod:`destat.exchange.cells`). The report of
everything done (:mod:`destat.exchange.report`) is written beside the package and sealed in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from cryptography.hazmat.primitives.asymmetric import ed25519

from destat.errors import InputFileError, describe_rows
from destat.exchange.agreement import IDENTIFYING, Agreement, Mode, Treatment
from destat.exchange.cells import noisy_cells, threshold_cells
from destat.exchange.errors import ExchangeError
from destat.exchange.manifest import Manifest, sha256_hex
from destat.exchange.oprf import Query
from destat.exchange.package import build_package
from destat.exchange.pseudonymise import encode_provider_units, unit_pseudonyms
from destat.exchange.report import InputFile, provider_report
from destat.project.inputs import read_text_table

__all__ = ["Packed", "ProviderData", "pack", "read_provider_files", "write_packed"]


@dataclass(frozen=True)
class ProviderData:
    """The agreed fields of the provider's files, and what was read and left out."""

    frame: pd.DataFrame
    files: tuple[InputFile, ...]
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class Packed:
    """A sealed package, its manifest and the provider's report."""

    package: bytes
    manifest: Manifest
    report: str
    tables: Mapping[str, pa.Table] = field(default_factory=dict)


def _numeric(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        rows = describe_rows(bad.to_numpy().nonzero()[0])
        raise InputFileError(
            f"{path}: column {column!r} is summed under the agreement, but {rows} hold text "
            f"that is not a number (first: {frame.loc[bad, column].iloc[0]!r}). Correct the "
            "values, or leave them empty if unknown."
        )
    return values


def _read_one(path: Path, agreement: Agreement) -> tuple[pd.DataFrame, InputFile, list[str]]:
    frame = read_text_table(path)
    agreed = [rule.name for rule in agreement.fields]
    missing = [name for name in agreed if name not in frame.columns]
    if missing:
        raise InputFileError(
            f"{path} lacks the agreed field(s) {missing}; its columns are {list(frame.columns)}. "
            "Rename the columns, or change the agreement."
        )
    unit = agreement.unit_field
    if frame[unit].isna().any():
        rows = describe_rows(frame[unit].isna().to_numpy().nonzero()[0])
        raise InputFileError(
            f"{path}: the unit ID column {unit!r} is empty in {rows}; every row must say which "
            "unit it belongs to."
        )
    kept = frame[agreed].copy()
    for rule in agreement.rules(Treatment.SUM):
        kept[rule.name] = _numeric(kept, rule.name, path)
    dropped = [str(c) for c in frame.columns if c not in agreed]
    described = InputFile(str(path), len(frame), sha256_hex(path.read_bytes()), len(frame.columns))
    return kept, described, dropped


def read_provider_files(paths: Sequence[Path], agreement: Agreement) -> ProviderData:
    """Read the provider's files (CSV, Excel, Parquet, SPSS, Stata), keeping the agreed fields."""
    if not paths:
        raise InputFileError("Give at least one provider file to pack.")
    frames, files, dropped = [], [], []
    for path in paths:
        frame, described, left_out = _read_one(path, agreement)
        frames.append(frame)
        files.append(described)
        dropped += [c for c in left_out if c not in dropped]
    return ProviderData(pd.concat(frames, ignore_index=True), tuple(files), tuple(dropped))


def _records(
    data: ProviderData,
    agreement: Agreement,
    signing_key: ed25519.Ed25519PrivateKey,
    pseudonyms: Mapping[Query, bytes] | None,
) -> tuple[dict[str, pa.Table], dict[str, Any]]:
    unit = agreement.unit_field
    unit_ids = [str(value) for value in data.frame[unit]]
    unit_map = unit_pseudonyms(unit_ids, signing_key, agreement.agreement_id)
    identifying = [r.name for r in agreement.fields if r.treatment in IDENTIFYING]
    records = data.frame.drop(columns=identifying).assign(**{unit: [unit_map[u] for u in unit_ids]})
    tables = {"records": pa.Table.from_pandas(records, preserve_index=False)}
    protection: dict[str, Any] = {"rule": "pseudonymisation", "units": len(unit_map)}
    if identifying:
        if pseudonyms is None:
            raise ExchangeError(
                f"Fields {identifying} are sent as pseudonyms: run 'destat provider blind', "
                "have the linkage unit answer the request, then pack with --state and --response."
            )
        encoded = encode_provider_units(data.frame, agreement, pseudonyms, unit_map)
        tables["units"] = pa.Table.from_pandas(encoded.to_frame(), preserve_index=False)
        protection |= {
            "method": "blind-RSA oblivious PRF; CLK Bloom filters for names and addresses",
            "linkage_key_check": encoded.key_check,
            "encoding": encoded.config_fingerprint,
        }
    return tables, protection


def pack(
    data: ProviderData,
    agreement: Agreement,
    signing_key: ed25519.Ed25519PrivateKey,
    created: datetime,
    pseudonyms: Mapping[Query, bytes] | None = None,
) -> Packed:
    """Protect the agreed data as the agreement says, report it, sign it and seal it."""
    if not agreement.start <= created.date() <= agreement.end:
        raise ExchangeError(
            f"Agreement {agreement.agreement_id!r} allows sending from {agreement.start} to "
            f"{agreement.end}; today is {created.date()}. Nothing was packed."
        )
    suppressed = pd.DataFrame()
    if agreement.mode is Mode.RECORDS:
        tables, protection = _records(data, agreement, signing_key, pseudonyms)
    else:
        cells = (
            threshold_cells(data.frame, agreement)
            if agreement.mode is Mode.CELLS
            else noisy_cells(data.frame, agreement)
        )
        tables, protection, suppressed = {"cells": cells.table}, cells.protection, cells.suppressed
    report = provider_report(agreement, data.files, data.dropped, tables, protection, suppressed)
    package, manifest = build_package(tables, report, agreement, signing_key, created, protection)
    return Packed(package, manifest, report, tables)


def write_packed(packed: Packed, path: Path) -> tuple[Path, Path]:
    """Write the package and, beside it, the report with the package's own hash; no overwrite."""
    report_path = path.with_name(path.name + ".report.md")
    for target in (path, report_path):
        if target.exists():
            raise ExchangeError(f"{target} exists already; choose another package name.")
    path.write_bytes(packed.package)
    report_path.write_text(
        packed.report
        + f"\n## The package file\n\n- `{path.name}`: {len(packed.package):,} bytes, SHA-256 "
        f"`{sha256_hex(packed.package)}`\n- Package ID `{packed.manifest.package_id}`, sealed to "
        f"the key `{packed.manifest.recipient[:16]}…` of the receiving office.\n"
        + "".join(
            f"- `{t.file}`: {t.rows:,} rows, SHA-256 `{t.sha256}`\n" for t in packed.manifest.tables
        ),
        encoding="utf-8",
    )
    return path, report_path
