"""The human-readable version of a data-sharing agreement, and writing both versions."""

from __future__ import annotations

import json
from pathlib import Path

from destat.exchange.agreement import Agreement, FieldRule, Mode, Treatment, agreement_jsonld
from destat.exchange.errors import AgreementError
from destat.exchange.keys import (
    PublicKey,
    fingerprint,
    public_linkage_key,
    public_receiving_key,
    public_signing_key,
)

__all__ = ["agreement_markdown", "field_treatment_text", "write_agreement"]

_TREATMENT_TEXT = {
    Treatment.UNIT: "replaced by a keyed hash under a key only the provider holds",
    Treatment.TAX_ID: "replaced by an oblivious keyed hash of the normalised tax ID",
    Treatment.PHONE: "replaced by an oblivious keyed hash of the normalised phone number",
    Treatment.NAME: "encoded into a Bloom filter (CLK) with the address; no text is sent",
    Treatment.ADDRESS: "encoded into a Bloom filter (CLK) with the name; no text is sent",
    Treatment.KEEP: "sent as it is",
    Treatment.GROUP: "key of the cells",
    Treatment.SUM: "summed per cell",
}


def field_treatment_text(rule: FieldRule, mode: Mode) -> str:
    """One line saying what happens to a field before it leaves the provider."""
    text = _TREATMENT_TEXT[rule.treatment]
    if mode is Mode.RECORDS and rule.treatment in (Treatment.GROUP, Treatment.SUM):
        text = "sent as it is"
    if rule.treatment is Treatment.UNIT and mode is not Mode.RECORDS:
        text = "not sent; counts the units of each cell (the privacy unit)"
    if rule.lower is not None and rule.upper is not None:
        text += f", clamped to [{rule.lower:g}, {rule.upper:g}]"
    if rule.categories:
        text += f"; categories declared: {', '.join(rule.categories)}"
    return text


def _protection_text(agreement: Agreement) -> str:
    if agreement.mode is Mode.CELLS:
        return (
            f"Only cells are sent; a cell with fewer than {agreement.min_cell_size} units is "
            "suppressed before sending."
        )
    if agreement.mode is Mode.DP:
        return (
            f"Only cells are sent, with differential-privacy noise; privacy unit: one "
            f"'{agreement.unit_field}', at most {agreement.max_rows_per_unit} rows each; "
            f"total budget epsilon = {agreement.epsilon:g}."
        )
    return (
        "Unit-level records are sent; tax IDs and phone numbers are replaced by pseudonyms "
        "computed without the key (the NSO's linkage unit holds it), names and addresses by "
        "Bloom filters, unit IDs by the provider's own keyed hash."
    )


def agreement_markdown(agreement: Agreement) -> str:
    """The agreement in plain words, for the people who sign it."""
    keys: list[tuple[str, PublicKey]] = [
        ("NSO receiving key (X25519)", public_receiving_key(agreement.nso_receiving_key, "NSO")),
        (
            "Provider signing key (Ed25519)",
            public_signing_key(agreement.provider_signing_key, "provider"),
        ),
    ]
    if agreement.nso_linkage_key:
        keys.append(
            ("NSO linkage key (RSA)", public_linkage_key(agreement.nso_linkage_key, "linkage"))
        )
    lines = [
        f"# Data-sharing agreement {agreement.agreement_id}: {agreement.title}",
        "",
        f"- **Provider:** {agreement.provider}",
        f"- **Receiving office:** {agreement.nso}",
        f"- **Purpose:** {agreement.purpose}",
        f"- **Permitted use:** {agreement.permitted_use}",
        f"- **Data may be sent and used from** {agreement.start} **to** {agreement.end}.",
        f"- **All data received must be deleted by** {agreement.delete_by}.",
        "- **The data may not be passed on** to anyone else.",
        f"- **Protection:** {_protection_text(agreement)}",
        "",
        "| field | what happens to it |",
        "|---|---|",
        *(
            f"| {rule.name} | {field_treatment_text(rule, agreement.mode)} |"
            for rule in agreement.fields
        ),
        "",
        "Every other field of the provider's files is left out.",
        "",
        "| key | SHA-256 fingerprint |",
        "|---|---|",
        *(f"| {name} | `{fingerprint(key)}` |" for name, key in keys),
        "",
        "The machine-readable version (ODRL 2.2 policy on a DCAT 3 dataset, JSON-LD) has SHA-256 "
        f"digest `{agreement.digest()}`; packages name this digest.",
        "",
    ]
    return "\n".join(lines)


def write_agreement(agreement: Agreement, path: Path) -> tuple[Path, Path]:
    """Write the JSON-LD agreement and its Markdown version beside it; never overwrite."""
    markdown = path.with_suffix(".md")
    for target in (path, markdown):
        if target.exists():
            raise AgreementError(f"{target} exists already; agreements are never overwritten.")
    text = agreement_markdown(agreement)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(agreement_jsonld(agreement), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    markdown.write_text(text, encoding="utf-8")
    return path, markdown
