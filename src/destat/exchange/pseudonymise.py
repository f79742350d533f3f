"""Pseudonymisation of the provider's units through the linkage unit's oblivious function.

Reuses the linkage encoder (:func:`destat.exchange.linkage.encode_units_oblivious`): exact
identifiers become pseudonyms of their normalised values and names and addresses one CLK, all
computed by sending the values blinded (:mod:`destat.exchange.oprf`). The unit's own ID (a
seller number, meaningful only to the provider) needs no linkage, so it becomes an HMAC-SHA256
(RFC 2104) under a key only the provider holds, derived with HKDF (RFC 5869) from its signing key
and the agreement ID: stable across the deliveries of one agreement, unrelated between agreements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from destat.exchange.agreement import Agreement, Treatment
from destat.exchange.errors import ExchangeError
from destat.exchange.linkage import (
    EncodedUnits,
    EncodingConfig,
    UnitFields,
    encode_units_oblivious,
    keyed_hashes,
    oblivious_purposes,
)
from destat.exchange.oprf import Query, evaluate_directly

__all__ = [
    "encode_provider_units",
    "encode_register_units",
    "pseudonym_queries",
    "unit_fields",
    "unit_pseudonyms",
]


def unit_fields(agreement: Agreement) -> UnitFields:
    """The linkage fields named by the agreement's treatments."""

    def named(treatment: Treatment) -> str | None:
        rules = agreement.rules(treatment)
        return rules[0].name if rules else None

    return UnitFields(
        agreement.unit_field,
        named(Treatment.TAX_ID),
        named(Treatment.PHONE),
        named(Treatment.NAME),
        named(Treatment.ADDRESS),
    )


def _units(frame: pd.DataFrame, agreement: Agreement) -> pd.DataFrame:
    # One row per unit: a unit's identifiers are taken from its first row.
    unit = agreement.unit_field
    return frame.loc[frame[unit].notna()].drop_duplicates(unit).reset_index(drop=True)


def _config(agreement: Agreement) -> EncodingConfig:
    return EncodingConfig(phone_country_prefix=agreement.phone_country_prefix)


def pseudonym_queries(frame: pd.DataFrame, agreement: Agreement) -> list[Query]:
    """Every (purpose, value) the kit must have pseudonymised to pack ``frame``."""
    units = _units(frame, agreement)
    purposes = oblivious_purposes(units, unit_fields(agreement), _config(agreement))
    return [(p, v) for p, values in purposes.items() for v in values]


def unit_pseudonyms(
    unit_ids: Sequence[str], key: ed25519.Ed25519PrivateKey, agreement_id: str
) -> dict[str, str]:
    """The provider's own pseudonym of each unit ID (hex HMAC-SHA256 under a derived key)."""
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    info = f"destat-unit-pseudonym/1:{agreement_id}".encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(seed)
    distinct = list(dict.fromkeys(unit_ids))
    return dict(zip(distinct, keyed_hashes(distinct, derived), strict=True))


def encode_provider_units(
    frame: pd.DataFrame,
    agreement: Agreement,
    pseudonyms: Mapping[Query, bytes],
    unit_map: Mapping[str, str],
) -> EncodedUnits:
    """The encoded units of ``frame``, identified by their pseudonyms in ``unit_map``."""

    def lookup(purpose: str, values: Sequence[str]) -> dict[str, bytes]:
        missing = [v for v in values if (purpose, v) not in pseudonyms]
        if missing:
            raise ExchangeError(
                f"{len(missing)} value(s) of {purpose!r} were not in the pseudonymisation "
                "request: the provider file changed since 'destat provider blind'. Run blind "
                "again and send the new request to the linkage unit."
            )
        return {v: pseudonyms[(purpose, v)] for v in values}

    units = _units(frame, agreement)
    pseudonymous = [unit_map[str(value)] for value in units[agreement.unit_field]]
    units = units.assign(**{agreement.unit_field: pseudonymous})
    return encode_units_oblivious(units, unit_fields(agreement), lookup, _config(agreement))


def encode_register_units(
    register: pd.DataFrame, fields: UnitFields, key: rsa.RSAPrivateKey, config: EncodingConfig
) -> EncodedUnits:
    """The linkage unit's encoding of its register with the key itself, comparable with the
    provider's encodings (same normalisation, same pseudonyms, same CLK positions)."""

    def directly(purpose: str, values: Sequence[str]) -> dict[str, bytes]:
        outputs = evaluate_directly([(purpose, v) for v in values], key)
        return {value: out for (_, value), out in outputs.items()}

    return encode_units_oblivious(register, fields, directly, config)
