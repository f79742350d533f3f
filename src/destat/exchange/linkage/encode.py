"""Encode a file of units (register enterprises or provider sellers) for linkage.

The output holds, per unit, only its own unit ID, keyed hashes of its exact identifiers (tax ID,
phone) and its CLK of name and address: no identifier or name in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.exchange.linkage.bloom import ClkField, encode_clk
from destat.exchange.linkage.errors import LinkageError
from destat.exchange.linkage.keyed import LinkageSecret, keyed_hashes
from destat.exchange.linkage.normalise import (
    normalise_address,
    normalise_name,
    normalise_phone,
    normalise_tax_id,
)

__all__ = ["ENCODED_COLUMNS", "EncodedUnits", "EncodingConfig", "UnitFields", "encode_units"]


ENCODED_COLUMNS = ("unit_id", "tax_id_hash", "phone_hash")


@dataclass(frozen=True)
class UnitFields:
    """Column names of the identifying fields in a unit file; ``None`` when a field is absent."""

    unit_id: str
    tax_id: str | None = None
    phone: str | None = None
    name: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class EncodingConfig:
    """Parameters both parties must share. See docs/linkage.md for why these defaults."""

    bloom_bits: int = 1024
    q: int = 2
    name_hashes: int = 20
    address_hashes: int = 20
    phone_country_prefix: str = ""

    def fingerprint(self) -> str:
        """Short text that differs whenever the encodings would not be comparable."""
        return (
            f"l={self.bloom_bits};q={self.q};k_name={self.name_hashes};"
            f"k_address={self.address_hashes};cc={self.phone_country_prefix}"
        )


@dataclass(frozen=True, eq=False)
class EncodedUnits:
    """Encoded units: ``table`` (unit_id, tax_id_hash, phone_hash) and the packed ``clk``."""

    table: pd.DataFrame
    clk: npt.NDArray[np.uint8]
    config_fingerprint: str
    key_check: str

    def to_frame(self) -> pd.DataFrame:
        """The table to send to the other party, with each CLK as a hex string.

        The parameters and the key check value travel in ``frame.attrs``, which Parquet keeps.
        """
        frame = self.table.copy()
        frame["clk"] = [row.tobytes().hex() for row in self.clk]
        frame.attrs = {"config": self.config_fingerprint, "key_check": self.key_check}
        return frame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> EncodedUnits:
        """Rebuild the encoded units that ``to_frame`` wrote (e.g. read back from Parquet)."""
        missing = [c for c in (*ENCODED_COLUMNS, "clk") if c not in frame.columns]
        missing += [a for a in ("config", "key_check") if a not in frame.attrs]
        if missing:
            raise LinkageError(
                f"The encoded file lacks {missing}; it must be written by EncodedUnits.to_frame "
                "and stored in a format that keeps table metadata, such as Parquet."
            )
        clk = np.frombuffer(bytes.fromhex("".join(frame["clk"])), dtype=np.uint8)
        table = frame[list(ENCODED_COLUMNS)].reset_index(drop=True)
        return cls(
            table, clk.reshape(len(frame), -1), frame.attrs["config"], frame.attrs["key_check"]
        )


def _column(frame: pd.DataFrame, column: str | None, clean: Callable[[object], str]) -> list[str]:
    if column is None:
        return [""] * len(frame)
    if column not in frame.columns:
        raise LinkageError(
            f"Column {column!r} named in UnitFields is not in the unit file, whose columns are "
            f"{list(frame.columns)}; fix the column name or pass None for that field."
        )
    return [clean(value) for value in frame[column].tolist()]


def _key_check(secret: LinkageSecret) -> str:
    # A key check value lets the two sides confirm they hold the same key without revealing it.
    return hmac.new(secret.key_for("key-check"), b"", hashlib.sha256).hexdigest()[:12]


def encode_units(
    frame: pd.DataFrame,
    fields: UnitFields,
    secret: LinkageSecret,
    config: EncodingConfig | None = None,
) -> EncodedUnits:
    """Normalise, hash and Bloom-encode the units of ``frame`` with the shared secret."""
    config = config or EncodingConfig()
    if fields.unit_id not in frame.columns:
        raise LinkageError(
            f"The unit ID column {fields.unit_id!r} is not in the unit file (columns: "
            f"{list(frame.columns)}); name the column that identifies each unit."
        )
    if frame[fields.unit_id].duplicated().any():
        duplicates = frame.loc[frame[fields.unit_id].duplicated(), fields.unit_id].head(3).tolist()
        raise LinkageError(
            f"Unit IDs in column {fields.unit_id!r} must be unique; repeated: {duplicates}."
        )
    names = _column(frame, fields.name, normalise_name)
    addresses = _column(frame, fields.address, normalise_address)
    phones = _column(frame, fields.phone, lambda v: normalise_phone(v, config.phone_country_prefix))
    table = pd.DataFrame(
        {
            "unit_id": frame[fields.unit_id].to_numpy(),
            "tax_id_hash": keyed_hashes(
                _column(frame, fields.tax_id, normalise_tax_id), secret.key_for("tax_id")
            ),
            "phone_hash": keyed_hashes(phones, secret.key_for("phone")),
        }
    )
    clk = encode_clk(
        [
            ClkField(
                names,
                secret.key_for("clk:name:1"),
                secret.key_for("clk:name:2"),
                config.name_hashes,
            ),
            ClkField(
                addresses,
                secret.key_for("clk:address:1"),
                secret.key_for("clk:address:2"),
                config.address_hashes,
            ),
        ],
        n_records=len(frame),
        bits=config.bloom_bits,
        q=config.q,
    )
    return EncodedUnits(table, clk, config.fingerprint(), _key_check(secret))
