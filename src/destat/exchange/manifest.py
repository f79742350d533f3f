"""The manifest of a package: what it holds, for which agreement and whom, with SHA-256 hashes.

The provider signs the manifest's exact bytes; every data file is bound to it by its hash (the
pattern of signed manifests in e.g. the BagIt format, RFC 8493), so one signature covers all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from destat.exchange.errors import PackageRefusedError

__all__ = ["MANIFEST_FORMAT", "Manifest", "TableEntry", "sha256_hex"]

MANIFEST_FORMAT = "destat-package-manifest/1"


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class TableEntry:
    """One data table of the package: its file, rows, columns (name, Arrow type) and hash."""

    name: str
    file: str
    rows: int
    sha256: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Manifest:
    """Everything the receiving office checks before loading a package."""

    package_id: str
    agreement_id: str
    agreement_digest: str
    provider: str
    recipient: str
    created: datetime
    mode: str
    tables: tuple[TableEntry, ...]
    report_sha256: str
    protection: Mapping[str, Any] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """The canonical JSON bytes that the provider signs."""
        data = {
            "format": MANIFEST_FORMAT,
            "package_id": self.package_id,
            "agreement_id": self.agreement_id,
            "agreement_digest": self.agreement_digest,
            "provider": self.provider,
            "recipient": self.recipient,
            "created": self.created.isoformat(),
            "mode": self.mode,
            "tables": [
                {
                    "name": t.name,
                    "file": t.file,
                    "rows": t.rows,
                    "sha256": t.sha256,
                    "columns": [list(c) for c in t.columns],
                }
                for t in self.tables
            ],
            "report_sha256": self.report_sha256,
            "protection": dict(self.protection),
        }
        return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, where: str) -> Manifest:
        """Parse a manifest strictly; any missing or ill-typed entry refuses the package."""
        try:
            raw = json.loads(data)
            if raw["format"] != MANIFEST_FORMAT:
                raise ValueError(f"format {raw['format']!r}")
            created = datetime.fromisoformat(raw["created"])
            if created.tzinfo is None:
                raise ValueError("creation time without time zone")
            tables = tuple(
                TableEntry(
                    str(t["name"]),
                    str(t["file"]),
                    int(t["rows"]),
                    str(t["sha256"]),
                    tuple((str(n), str(k)) for n, k in t["columns"]),
                )
                for t in raw["tables"]
            )
            return cls(
                str(raw["package_id"]),
                str(raw["agreement_id"]),
                str(raw["agreement_digest"]),
                str(raw["provider"]),
                str(raw["recipient"]),
                created,
                str(raw["mode"]),
                tables,
                str(raw["report_sha256"]),
                dict(raw["protection"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise PackageRefusedError(
                f"{where}: the manifest is not a {MANIFEST_FORMAT} manifest ({error!r}); the "
                "package was not made by the destat provider kit. Nothing was loaded."
            ) from None
