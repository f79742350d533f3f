"""The provider's report: everything the kit read, left out, changed and sends, in plain words.

The provider reads it before sending; the same text travels sealed in the package, so the
receiving office sees what the provider saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from destat.exchange.agreement import Agreement, Mode
from destat.exchange.agreement_text import field_treatment_text

__all__ = ["InputFile", "provider_report"]


@dataclass(frozen=True)
class InputFile:
    """One file the kit read: path, rows, SHA-256 and number of columns."""

    path: str
    rows: int
    sha256: str
    columns: int


def _protection_lines(
    agreement: Agreement, protection: Mapping[str, Any], suppressed: pd.DataFrame
) -> list[str]:
    if agreement.mode is Mode.RECORDS:
        lines = [
            f"- {protection['units']:,} units; each unit ID was replaced by an HMAC-SHA256 under "
            "a key derived from the provider's signing key (the same in every delivery of this "
            "agreement; nobody else can compute it).",
        ]
        if "linkage_key_check" not in protection:
            return lines
        return [
            *lines,
            "- Each tax ID and phone number was sent to the NSO's linkage unit only blinded "
            "(multiplied by a secret random factor) and replaced by the answer, unblinded and "
            "checked against the linkage unit's public key. The kit never held the linkage key.",
            "- Names and addresses were split into letter pairs; each pair was pseudonymised the "
            "same way and set bits in one 1,024-bit Bloom filter (CLK) per unit. No name, "
            "address or identifier is in the package in clear.",
            f"- Key check value of the pseudonyms: `{protection['linkage_key_check']}`; "
            f"encoding parameters `{protection['encoding']}`.",
        ]
    if agreement.mode is Mode.CELLS:
        lines = [
            f"- Cells with fewer than {agreement.min_cell_size} units were left out: "
            f"{protection['cells_suppressed']} of "
            f"{protection['cells_suppressed'] + protection['cells_sent']} cells.",
        ]
        if len(suppressed):
            keys = [c for c in suppressed.columns if c not in ("rows",)]
            lines += ["", "Cells left out (units counted, not sent):", ""]
            lines += [
                "- " + ", ".join(f"{k} = {row[k]}" for k in keys)
                for _, row in suppressed.iterrows()
            ]
        return lines
    accuracy = protection.get("accuracy_95", {})
    return [
        f"- Mechanism: {protection['mechanism']}; privacy unit: one '{protection['privacy_unit']}'"
        f" (at most {protection['max_rows_per_unit']} rows each, the rest dropped).",
        f"- Privacy budget: epsilon = {protection['epsilon']:g}, spent "
        f"{protection['epsilon_spent']:g}.",
        *(f"- 95% accuracy of {name}: ± {value:,.2f}" for name, value in accuracy.items()),
    ]


def provider_report(
    agreement: Agreement,
    files: Sequence[InputFile],
    dropped: Sequence[str],
    tables: Mapping[str, pa.Table],
    protection: Mapping[str, Any],
    suppressed: pd.DataFrame,
) -> str:
    """The Markdown report of one packing run."""
    lines = [
        f"# What the kit did for agreement {agreement.agreement_id}",
        "",
        f"{agreement.provider} → {agreement.nso}; purpose: {agreement.purpose}. Mode: "
        f"{agreement.mode.value}. Agreement digest `{agreement.digest()}`.",
        "",
        "## Files read",
        "",
        "| file | rows | columns | SHA-256 |",
        "|---|---|---|---|",
        *(f"| {f.path} | {f.rows:,} | {f.columns} | `{f.sha256}` |" for f in files),
        "",
        "## Fields",
        "",
        "| field | what the kit did |",
        "|---|---|",
        *(
            f"| {rule.name} | {field_treatment_text(rule, agreement.mode)} |"
            for rule in agreement.fields
        ),
        "",
        "Left out (not in the agreement): " + (", ".join(dropped) if dropped else "none") + ".",
        "",
        "## Protection",
        "",
        *_protection_lines(agreement, protection, suppressed),
        "",
        "## Tables sent",
        "",
        "| table | rows | columns |",
        "|---|---|---|",
        *(
            f"| {name} | {table.num_rows:,} | {', '.join(table.column_names)} |"
            for name, table in tables.items()
        ),
        "",
        "The package is signed with the provider's key and sealed so that only the receiving "
        "office's key opens it.",
        "",
    ]
    return "\n".join(lines)
