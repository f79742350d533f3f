"""Encode a file of units (register enterprises or provider sellers) for linkage.

The output holds, per unit, only its own unit ID, keyed hashes of its exact identifiers (tax ID,
phone) and its CLK of name and address: no identifier or name in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.exchange.linkage.bloom import ClkField, encode_clk, qgrams
from destat.exchange.linkage.errors import LinkageError
from destat.exchange.linkage.keyed import LinkageSecret, keyed_hashes
from destat.exchange.linkage.normalise import (
    normalise_address,
    normalise_name,
    normalise_phone,
    normalise_tax_id,
)

__all__ = [
    "ENCODED_COLUMNS",
    "EncodedUnits",
    "EncodingConfig",
    "Pseudonymise",
    "UnitFields",
    "encode_units",
    "encode_units_oblivious",
    "oblivious_purposes",
]


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


@dataclass(frozen=True)
class _Normalised:
    unit_ids: npt.NDArray[np.object_]
    tax_ids: list[str]
    phones: list[str]
    names: list[str]
    addresses: list[str]


def _normalise(frame: pd.DataFrame, fields: UnitFields, config: EncodingConfig) -> _Normalised:
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
    return _Normalised(
        frame[fields.unit_id].to_numpy(dtype=object),
        _column(frame, fields.tax_id, normalise_tax_id),
        _column(frame, fields.phone, lambda v: normalise_phone(v, config.phone_country_prefix)),
        _column(frame, fields.name, normalise_name),
        _column(frame, fields.address, normalise_address),
    )


def encode_units(
    frame: pd.DataFrame,
    fields: UnitFields,
    secret: LinkageSecret,
    config: EncodingConfig | None = None,
) -> EncodedUnits:
    """Normalise, hash and Bloom-encode the units of ``frame`` with the shared secret."""
    config = config or EncodingConfig()
    units = _normalise(frame, fields, config)
    table = pd.DataFrame(
        {
            "unit_id": units.unit_ids,
            "tax_id_hash": keyed_hashes(units.tax_ids, secret.key_for("tax_id")),
            "phone_hash": keyed_hashes(units.phones, secret.key_for("phone")),
        }
    )
    clk = encode_clk(
        [
            ClkField(
                units.names,
                secret.key_for("clk:name:1"),
                secret.key_for("clk:name:2"),
                config.name_hashes,
            ),
            ClkField(
                units.addresses,
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


Pseudonymise = Callable[[str, Sequence[str]], Mapping[str, bytes]]
"""Maps a purpose ("tax_id", "phone", "clk:name", "clk:address", "key-check") and its distinct
values to 32-byte pseudonyms: an oblivious pseudo-random function (destat.exchange.oprf)."""


def oblivious_purposes(
    frame: pd.DataFrame, fields: UnitFields, config: EncodingConfig
) -> dict[str, list[str]]:
    """The distinct values, per purpose, that ``encode_units_oblivious`` will ask pseudonyms for."""
    units = _normalise(frame, fields, config)
    wanted = {
        "tax_id": units.tax_ids,
        "phone": units.phones,
        "clk:name": [g for value in units.names for g in qgrams(value, config.q)],
        "clk:address": [g for value in units.addresses for g in qgrams(value, config.q)],
    }
    purposes = {
        purpose: [v for v in dict.fromkeys(values) if v] for purpose, values in wanted.items()
    }
    purposes["key-check"] = [""]
    return purposes


def encode_units_oblivious(
    frame: pd.DataFrame,
    fields: UnitFields,
    pseudonymise: Pseudonymise,
    config: EncodingConfig | None = None,
) -> EncodedUnits:
    """As :func:`encode_units`, with pseudonyms from a function whose key the caller lacks.

    Exact identifiers become the hex pseudonym of their normalised value; each q-gram of a name
    or address is hashed into the CLK through its pseudonym (the HMAC keys are then public).
    """
    config = config or EncodingConfig()
    units = _normalise(frame, fields, config)
    purposes = oblivious_purposes(frame, fields, config)
    outputs = {purpose: pseudonymise(purpose, values) for purpose, values in purposes.items()}
    table = pd.DataFrame(
        {
            "unit_id": units.unit_ids,
            "tax_id_hash": [outputs["tax_id"][v].hex() if v else "" for v in units.tax_ids],
            "phone_hash": [outputs["phone"][v].hex() if v else "" for v in units.phones],
        }
    )
    clk_fields = [
        ClkField(values, f"{purpose}:1".encode(), f"{purpose}:2".encode(), hashes, outputs[purpose])
        for purpose, values, hashes in (
            ("clk:name", units.names, config.name_hashes),
            ("clk:address", units.addresses, config.address_hashes),
        )
    ]
    clk = encode_clk(clk_fields, n_records=len(frame), bits=config.bloom_bits, q=config.q)
    return EncodedUnits(table, clk, config.fingerprint(), outputs["key-check"][""].hex()[:12])
