"""The package file: signed manifest, report and Parquet tables, sealed to the NSO.

Layout (each level a zip read by :func:`destat.exchange.archive.read_archive`)::

    package.zip
      envelope.json   clear: format, package ID, recipient key fingerprint, ephemeral key, nonce
      sealed.bin      AES-256-GCM ciphertext of the inner archive (envelope as associated data)
        manifest.json   agreement ID and digest, recipient, tables (rows, columns, SHA-256)
        manifest.sig    Ed25519 signature of manifest.json by the provider
        report.md       the provider's report of what the kit did
        data/NAME.parquet

The manifest is signed before sealing and names the recipient, so a package re-sealed to another
office fails its recipient check (sign-then-encrypt with the recipient inside the signature).
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from destat.exchange.agreement import Agreement
from destat.exchange.archive import read_archive, write_archive
from destat.exchange.errors import PackageRefusedError
from destat.exchange.keys import fingerprint, public_receiving_key, public_signing_key
from destat.exchange.manifest import Manifest, TableEntry, sha256_hex
from destat.exchange.seal import open_sealed, seal, sign, verify_signature

__all__ = ["OpenedPackage", "build_package", "open_package"]

PACKAGE_FORMAT = "destat-package/1"
_OUTER = frozenset({"envelope.json", "sealed.bin"})
_INNER = frozenset({"manifest.json", "manifest.sig", "report.md"})
_DATA_FILE = re.compile(r"data/[a-z][a-z0-9_]{0,40}\.parquet")


@dataclass(frozen=True)
class OpenedPackage:
    """A package whose seal, signature, recipient, agreement and hashes all verified."""

    manifest: Manifest
    tables: Mapping[str, pa.Table]
    report: str


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def build_package(
    tables: Mapping[str, pa.Table],
    report: str,
    agreement: Agreement,
    signing_key: ed25519.Ed25519PrivateKey,
    created: datetime,
    protection: Mapping[str, Any],
) -> tuple[bytes, Manifest]:
    """Sign and seal ``tables`` and ``report`` for the office named in ``agreement``."""
    recipient = public_receiving_key(
        agreement.nso_receiving_key, "the agreement's NSO receiving key"
    )
    files = {f"data/{name}.parquet": _parquet(table) for name, table in tables.items()}
    entries = tuple(
        TableEntry(
            name,
            f"data/{name}.parquet",
            table.num_rows,
            sha256_hex(files[f"data/{name}.parquet"]),
            tuple((f.name, str(f.type)) for f in table.schema),
        )
        for name, table in tables.items()
    )
    report_bytes = report.encode("utf-8")
    manifest = Manifest(
        uuid.uuid4().hex,
        agreement.agreement_id,
        agreement.digest(),
        agreement.provider,
        fingerprint(recipient),
        created,
        agreement.mode.value,
        entries,
        sha256_hex(report_bytes),
        protection,
    )
    manifest_bytes = manifest.to_bytes()
    inner = write_archive(
        {
            "manifest.json": manifest_bytes,
            "manifest.sig": sign(manifest_bytes, signing_key),
            "report.md": report_bytes,
            **files,
        },
        compress=True,
    )
    header = {"format": PACKAGE_FORMAT, "package_id": manifest.package_id}
    envelope, ciphertext = seal(inner, recipient, header)
    return write_archive({"envelope.json": envelope, "sealed.bin": ciphertext}, False), manifest


def _verified_manifest(
    inner: Mapping[str, bytes], envelope: Mapping[str, Any], agreement: Agreement, where: str
) -> Manifest:
    signer = public_signing_key(agreement.provider_signing_key, "the agreement")
    if "manifest.json" not in inner:
        raise PackageRefusedError(f"{where} has no manifest; nothing was loaded.")
    verify_signature(inner["manifest.json"], inner.get("manifest.sig", b""), signer, where)
    manifest = Manifest.from_bytes(inner["manifest.json"], where)
    if manifest.package_id != envelope.get("package_id"):
        raise PackageRefusedError(
            f"{where}: the envelope names package {envelope.get('package_id')!r} but the signed "
            f"manifest {manifest.package_id!r}; the envelope was swapped. Nothing was loaded."
        )
    if manifest.recipient != envelope.get("recipient"):
        raise PackageRefusedError(
            f"{where}: the provider signed it for the key {manifest.recipient[:16]}…, but it was "
            "sealed to this office by someone else (forwarded). Nothing was loaded."
        )
    if (manifest.agreement_id, manifest.agreement_digest) != (
        agreement.agreement_id,
        agreement.digest(),
    ):
        raise PackageRefusedError(
            f"{where} was made under agreement {manifest.agreement_id!r} with digest "
            f"{manifest.agreement_digest[:16]}…, but the agreement given is "
            f"{agreement.agreement_id!r} with digest {agreement.digest()[:16]}…; both sides must "
            "hold the same agreement file. Nothing was loaded."
        )
    return manifest


def _verified_tables(
    inner: Mapping[str, bytes], manifest: Manifest, where: str
) -> dict[str, pa.Table]:
    for entry in manifest.tables:
        if entry.file != f"data/{entry.name}.parquet":
            raise PackageRefusedError(
                f"{where}: the manifest names table {entry.name!r} with file {entry.file!r}; a "
                "table's file must be data/<name>.parquet. Nothing was loaded."
            )
    listed = {entry.file for entry in manifest.tables}
    present = {name for name in inner if name.startswith("data/")}
    if listed != present or len(listed) != len(manifest.tables):
        raise PackageRefusedError(
            f"{where}: data files {sorted(present)} do not match the manifest's {sorted(listed)}."
        )
    if sha256_hex(inner.get("report.md", b"")) != manifest.report_sha256:
        raise PackageRefusedError(f"{where}: report.md does not match its hash in the manifest.")
    tables: dict[str, pa.Table] = {}
    for entry in manifest.tables:
        if sha256_hex(inner[entry.file]) != entry.sha256:
            raise PackageRefusedError(
                f"{where}: {entry.file} does not match its SHA-256 in the signed manifest; it "
                "was changed after signing. Nothing was loaded."
            )
        try:
            table = pq.read_table(io.BytesIO(inner[entry.file]))
        except (pa.ArrowException, OSError) as error:
            raise PackageRefusedError(
                f"{where}: {entry.file} is not a readable Parquet file ({error}). Nothing was "
                "loaded."
            ) from None
        columns = tuple((f.name, str(f.type)) for f in table.schema)
        if table.num_rows != entry.rows or columns != entry.columns:
            raise PackageRefusedError(
                f"{where}: {entry.file} has {table.num_rows} rows and columns {columns}, the "
                f"manifest says {entry.rows} rows and {entry.columns}. Nothing was loaded."
            )
        tables[entry.name] = table
    return tables


def open_package(
    data: bytes, receiving_key: x25519.X25519PrivateKey, agreement: Agreement, where: str
) -> OpenedPackage:
    """Verify and open a package; any failed check raises :class:`PackageRefusedError`."""
    outer = read_archive(data, _OUTER.__contains__, where)
    if set(outer) != _OUTER:
        raise PackageRefusedError(
            f"{where} holds {sorted(outer)}, not the envelope and sealed data of a package."
        )
    envelope, plaintext = open_sealed(
        outer["envelope.json"], outer["sealed.bin"], receiving_key, where
    )
    inner = read_archive(
        plaintext, lambda name: name in _INNER or bool(_DATA_FILE.fullmatch(name)), where
    )
    manifest = _verified_manifest(inner, envelope, agreement, where)
    tables = _verified_tables(inner, manifest, where)
    return OpenedPackage(manifest, tables, inner["report.md"].decode("utf-8", "replace"))
