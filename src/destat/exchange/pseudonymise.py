"""Pseudonymisation of the provider's units through the linkage unit's oblivious function.

Reuses the linkage encoder (:func:`destat.exchange.linkage.encode_units_oblivious`): exact
identifiers become pseudonyms of their normalised values, names and addresses one CLK, and the
unit's own ID a pseudonym too. All values are sent blinded (:mod:`destat.exchange.oprf`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from cryptography.hazmat.primitives.asymmetric import rsa

from destat.exchange.agreement import Agreement, Treatment
from destat.exchange.errors import ExchangeError
from destat.exchange.linkage import (
    EncodedUnits,
    EncodingConfig,
    UnitFields,
    encode_units_oblivious,
    oblivious_purposes,
)
from destat.exchange.oprf import Query, evaluate_directly

__all__ = [
    "UNIT_PURPOSE",
    "encode_provider_units",
    "encode_register_units",
    "pseudonym_queries",
    "unit_fields",
]

UNIT_PURPOSE = "unit"


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
    queries = [(UNIT_PURPOSE, str(value)) for value in units[agreement.unit_field]]
    return queries + [(p, v) for p, values in purposes.items() for v in values]


def encode_provider_units(
    frame: pd.DataFrame, agreement: Agreement, pseudonyms: Mapping[Query, bytes]
) -> tuple[EncodedUnits, dict[str, str]]:
    """The encoded units, with pseudonymous unit IDs, and the map of unit ID to pseudonym."""

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
    unit_ids = [str(value) for value in units[agreement.unit_field]]
    unit_map = {u: out.hex() for u, out in lookup(UNIT_PURPOSE, unit_ids).items()}
    units = units.assign(**{agreement.unit_field: [unit_map[u] for u in unit_ids]})
    encoded = encode_units_oblivious(units, unit_fields(agreement), lookup, _config(agreement))
    return encoded, unit_map


def encode_register_units(
    register: pd.DataFrame, fields: UnitFields, key: rsa.RSAPrivateKey, config: EncodingConfig
) -> EncodedUnits:
    """The linkage unit's encoding of its register with the key itself, comparable with the
    provider's encodings (same normalisation, same pseudonyms, same CLK positions)."""

    def directly(purpose: str, values: Sequence[str]) -> dict[str, bytes]:
        outputs = evaluate_directly([(purpose, v) for v in values], key)
        return {value: out for (_, value), out in outputs.items()}

    return encode_units_oblivious(register, fields, directly, config)
