"""Data-sharing agreements: an ODRL 2.2 policy attached to a DCAT 3 dataset description.

The agreement is written as JSON-LD (W3C, "ODRL Information Model 2.2", 2018, and "ODRL
Vocabulary & Expression 2.2"; W3C, "Data Catalog Vocabulary (DCAT) - Version 3", 2024) so that
any RDF tool can read who may use which data for what, until when, and what must then be deleted:

- the dataset (``dcat:Dataset``) carries ``odrl:hasPolicy``, an ``odrl:Agreement`` between the
  provider (``odrl:assigner``) and the NSO (``odrl:assignee``);
- its permission to ``odrl:use`` is constrained by ``odrl:purpose`` and by ``odrl:dateTime`` on
  or after the start and on or before the end, with the duties ``odrl:delete`` (by the deletion
  date) and ``odrl:anonymize`` (minimum cell size or privacy budget);
- ``odrl:distribute`` of the dataset itself is prohibited.

What ODRL and DCAT have no words for (the treatment of each field, the keys) uses the ``destat:``
namespace. A Markdown version for people is written beside it (:func:`agreement_markdown`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from destat.exchange.errors import AgreementError

__all__ = [
    "Agreement",
    "FieldRule",
    "Mode",
    "Treatment",
    "agreement_from_jsonld",
    "agreement_jsonld",
    "check_agreement",
    "read_agreement",
]

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "destat": "https://destat.github.io/ns/exchange#",
}
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_AGREEMENT_BYTES = 1 << 20


class Treatment(StrEnum):
    """What the kit does with a field before it leaves the provider."""

    UNIT = "unit"  # the unit's own ID: the provider's pseudonym; the privacy unit of cells
    TAX_ID = "tax_id"  # exact identifier: oblivious keyed pseudonym
    PHONE = "phone"  # exact identifier: oblivious keyed pseudonym
    NAME = "name"  # Bloom-filter (CLK) encoding, tolerant of typos
    ADDRESS = "address"  # Bloom-filter (CLK) encoding, tolerant of typos
    KEEP = "keep"  # sent as it is (unit-level mode only)
    GROUP = "group"  # a key of the published cells (kept as it is in unit-level mode)
    SUM = "sum"  # a value summed in cells (kept as it is in unit-level mode)


IDENTIFYING = frozenset({Treatment.TAX_ID, Treatment.PHONE, Treatment.NAME, Treatment.ADDRESS})


class Mode(StrEnum):
    """How the data are protected: pseudonymised records, cells with a minimum size, or noise."""

    RECORDS = "records"
    CELLS = "cells"
    DP = "dp"


@dataclass(frozen=True)
class FieldRule:
    """One field of the provider's file and its treatment; bounds and categories for noise."""

    name: str
    treatment: Treatment
    lower: float | None = None
    upper: float | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agreement:
    """The terms both sides signed, with the keys that make them enforceable."""

    agreement_id: str
    title: str
    provider: str
    nso: str
    purpose: str
    permitted_use: str
    fields: tuple[FieldRule, ...]
    start: date
    end: date
    delete_by: date
    mode: Mode
    nso_receiving_key: str
    provider_signing_key: str
    nso_linkage_key: str = ""
    min_cell_size: int = 0
    epsilon: float = 0.0
    max_rows_per_unit: int = 0
    phone_country_prefix: str = ""

    def __post_init__(self) -> None:
        check_agreement(self)

    def rules(self, *treatments: Treatment) -> list[FieldRule]:
        """The field rules with one of ``treatments``, in agreement order."""
        return [rule for rule in self.fields if rule.treatment in treatments]

    @property
    def unit_field(self) -> str:
        """The column holding the unit's own ID."""
        return self.rules(Treatment.UNIT)[0].name

    def digest(self) -> str:
        """SHA-256 of the canonical JSON-LD: both sides must hold exactly the same terms."""
        text = json.dumps(agreement_jsonld(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fail(agreement: Agreement, problem: str) -> None:
    raise AgreementError(f"Agreement {agreement.agreement_id!r}: {problem}")


def _check_fields(agreement: Agreement) -> None:
    names = [rule.name for rule in agreement.fields]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        _fail(agreement, f"fields {repeated} are listed more than once; list each field once.")
    if len(agreement.rules(Treatment.UNIT)) != 1:
        _fail(agreement, "exactly one field must have the treatment 'unit' (the unit's own ID).")
    if agreement.mode is not Mode.RECORDS:
        identifying = [rule.name for rule in agreement.fields if rule.treatment in IDENTIFYING]
        kept = [rule.name for rule in agreement.rules(Treatment.KEEP)]
        if identifying or kept:
            _fail(
                agreement,
                f"fields {identifying + kept} cannot be sent in mode {agreement.mode.value!r}, "
                "which sends only cells; use 'group' or 'sum', or mode 'records'.",
            )
    for rule in agreement.rules(Treatment.SUM):
        unbounded = rule.lower is None or rule.upper is None or rule.lower >= rule.upper
        if agreement.mode is Mode.DP and unbounded:
            _fail(agreement, f"sum field {rule.name!r} needs bounds lower < upper for noise.")
    for rule in agreement.rules(Treatment.GROUP):
        if agreement.mode is Mode.DP and not rule.categories:
            _fail(
                agreement,
                f"group field {rule.name!r} needs its categories declared in advance for noise "
                "(a cell present only in the data would reveal a unit).",
            )


def check_agreement(agreement: Agreement) -> None:
    """Refuse an agreement whose terms are incomplete or contradict each other."""
    if not IDENTIFIER.fullmatch(agreement.agreement_id):
        raise AgreementError(
            f"The agreement ID {agreement.agreement_id!r} must be 1-64 letters, digits, '.', '_' "
            "or '-', starting with a letter or digit (it names tables and files)."
        )
    if not agreement.start <= agreement.end <= agreement.delete_by:
        _fail(
            agreement,
            f"dates must satisfy start ≤ end ≤ deletion date; got {agreement.start}, "
            f"{agreement.end}, {agreement.delete_by}.",
        )
    _check_fields(agreement)
    if agreement.mode is Mode.CELLS and agreement.min_cell_size < 2:
        _fail(agreement, "mode 'cells' needs a minimum cell size of at least 2 units.")
    if agreement.mode is Mode.DP and not (agreement.epsilon > 0 and agreement.max_rows_per_unit):
        _fail(agreement, "mode 'dp' needs a privacy budget epsilon > 0 and max rows per unit ≥ 1.")
    identifying = [rule.name for rule in agreement.fields if rule.treatment in IDENTIFYING]
    if identifying and not agreement.nso_linkage_key:
        _fail(agreement, f"fields {identifying} need the NSO linkage unit's public key.")


def _date(value: date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _constraint(left: str, operator: str, right: object) -> dict[str, object]:
    return {
        "odrl:leftOperand": {"@id": left},
        "odrl:operator": {"@id": operator},
        "odrl:rightOperand": right,
    }


def _party(name: str) -> dict[str, str]:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return {"@id": f"urn:destat:party:{slug}", "dct:title": name}


def _rule_jsonld(rule: FieldRule) -> dict[str, object]:
    data: dict[str, object] = {"destat:name": rule.name, "destat:treatment": rule.treatment.value}
    if rule.lower is not None:
        data["destat:lower"] = rule.lower
    if rule.upper is not None:
        data["destat:upper"] = rule.upper
    if rule.categories:
        data["destat:categories"] = list(rule.categories)
    return data


def _protection(agreement: Agreement) -> list[dict[str, object]]:
    if agreement.mode is Mode.CELLS:
        return [_constraint("destat:cellUnits", "odrl:gteq", agreement.min_cell_size)]
    if agreement.mode is Mode.DP:
        return [_constraint("destat:epsilon", "odrl:lteq", agreement.epsilon)]
    return [_constraint("destat:identifiers", "odrl:eq", "pseudonymised")]


def agreement_jsonld(agreement: Agreement) -> dict[str, Any]:
    """The agreement as a JSON-LD DCAT dataset with its ODRL agreement policy."""
    dataset = f"urn:destat:dataset:{agreement.agreement_id}"
    return {
        "@context": CONTEXT,
        "@id": dataset,
        "@type": "dcat:Dataset",
        "dct:identifier": agreement.agreement_id,
        "dct:title": agreement.title,
        "dct:publisher": _party(agreement.provider),
        "destat:mode": agreement.mode.value,
        "destat:field": [_rule_jsonld(rule) for rule in agreement.fields],
        "destat:maxRowsPerUnit": agreement.max_rows_per_unit,
        "destat:phoneCountryPrefix": agreement.phone_country_prefix,
        "destat:nsoReceivingKey": agreement.nso_receiving_key,
        "destat:nsoLinkageKey": agreement.nso_linkage_key,
        "destat:providerSigningKey": agreement.provider_signing_key,
        "odrl:hasPolicy": {
            "@id": f"urn:destat:agreement:{agreement.agreement_id}",
            "@type": "odrl:Agreement",
            "odrl:assigner": _party(agreement.provider),
            "odrl:assignee": _party(agreement.nso),
            "dct:description": agreement.permitted_use,
            "odrl:permission": [
                {
                    "odrl:target": {"@id": dataset},
                    "odrl:action": {"@id": "odrl:use"},
                    "odrl:constraint": [
                        _constraint("odrl:purpose", "odrl:eq", agreement.purpose),
                        _constraint("odrl:dateTime", "odrl:gteq", _date(agreement.start)),
                        _constraint("odrl:dateTime", "odrl:lteq", _date(agreement.end)),
                    ],
                    "odrl:duty": [
                        {
                            "odrl:action": {"@id": "odrl:delete"},
                            "odrl:constraint": [
                                _constraint(
                                    "odrl:dateTime", "odrl:lteq", _date(agreement.delete_by)
                                )
                            ],
                        },
                        {
                            "odrl:action": {"@id": "odrl:anonymize"},
                            "odrl:constraint": _protection(agreement),
                        },
                    ],
                }
            ],
            "odrl:prohibition": [
                {"odrl:target": {"@id": dataset}, "odrl:action": {"@id": "odrl:distribute"}}
            ],
        },
    }


class _Reader:
    """Strict look-ups in the JSON-LD, with errors naming the file and the missing path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, expected: str) -> AgreementError:
        return AgreementError(
            f"{self.source}: {path} should be {expected}. The file is not an agreement written by "
            "'destat provider init', or was edited; write it again with that command."
        )

    def get(self, data: object, key: str, kind: type[Any], path: str) -> Any:
        value = data.get(key) if isinstance(data, Mapping) else None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise self.fail(f"{path}.{key}", f"a {kind.__name__}")
        return value

    def constraint(self, constraints: Sequence[Any], left: str, operator: str, path: str) -> Any:
        for item in constraints:
            ids = [
                self.get(self.get(item, k, dict, path), "@id", str, path)
                for k in ("odrl:leftOperand", "odrl:operator")
            ]
            if ids == [left, operator] and isinstance(item, Mapping):
                return item.get("odrl:rightOperand")
        raise self.fail(path, f"a constraint {left} {operator} …")

    def day(self, value: object, path: str) -> date:
        text = self.get(value, "@value", str, path)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(path, "a date written YYYY-MM-DD") from None


def _rule_from(reader: _Reader, item: object, index: int) -> FieldRule:
    path = f"destat:field[{index}]"
    treatment = reader.get(item, "destat:treatment", str, path)
    if treatment not in Treatment.__members__.values():
        raise reader.fail(f"{path}.destat:treatment", f"one of {[t.value for t in Treatment]}")
    bounds = [
        reader.get(item, key, float, path) if isinstance(item, Mapping) and key in item else None
        for key in ("destat:lower", "destat:upper")
    ]
    categories = item.get("destat:categories", []) if isinstance(item, Mapping) else []
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise reader.fail(f"{path}.destat:categories", "a list of texts")
    return FieldRule(
        reader.get(item, "destat:name", str, path),
        Treatment(treatment),
        bounds[0],
        bounds[1],
        tuple(categories),
    )


def agreement_from_jsonld(data: Mapping[str, Any], source: str) -> Agreement:
    """Read back an agreement written by :func:`agreement_jsonld`, strictly."""
    read = _Reader(source)
    policy = read.get(data, "odrl:hasPolicy", dict, "dataset")
    permission = read.get(policy, "odrl:permission", list, "odrl:hasPolicy")
    if len(permission) != 1:
        raise read.fail("odrl:hasPolicy.odrl:permission", "a list of one permission")
    constraints = read.get(permission[0], "odrl:constraint", list, "odrl:permission")
    duties = read.get(permission[0], "odrl:duty", list, "odrl:permission")
    if len(duties) != 2:
        raise read.fail("odrl:permission.odrl:duty", "a delete and an anonymize duty")
    delete = read.get(duties[0], "odrl:constraint", list, "odrl:duty[0]")
    protection = read.get(duties[1], "odrl:constraint", list, "odrl:duty[1]")
    if data.get("destat:mode") not in [m.value for m in Mode]:
        raise read.fail("dataset.destat:mode", f"one of {[m.value for m in Mode]}")
    mode = Mode(data["destat:mode"])
    fields = read.get(data, "destat:field", list, "dataset")
    return Agreement(
        agreement_id=read.get(data, "dct:identifier", str, "dataset"),
        title=read.get(data, "dct:title", str, "dataset"),
        provider=read.get(
            read.get(data, "dct:publisher", dict, "dataset"), "dct:title", str, "dct:publisher"
        ),
        nso=read.get(
            read.get(policy, "odrl:assignee", dict, "policy"), "dct:title", str, "odrl:assignee"
        ),
        purpose=str(read.constraint(constraints, "odrl:purpose", "odrl:eq", "permission")),
        permitted_use=read.get(policy, "dct:description", str, "policy"),
        fields=tuple(_rule_from(read, item, i) for i, item in enumerate(fields)),
        start=read.day(
            read.constraint(constraints, "odrl:dateTime", "odrl:gteq", "permission"), "start"
        ),
        end=read.day(
            read.constraint(constraints, "odrl:dateTime", "odrl:lteq", "permission"), "end"
        ),
        delete_by=read.day(
            read.constraint(delete, "odrl:dateTime", "odrl:lteq", "delete duty"), "deletion date"
        ),
        mode=mode,
        nso_receiving_key=read.get(data, "destat:nsoReceivingKey", str, "dataset"),
        provider_signing_key=read.get(data, "destat:providerSigningKey", str, "dataset"),
        nso_linkage_key=read.get(data, "destat:nsoLinkageKey", str, "dataset"),
        min_cell_size=int(read.constraint(protection, "destat:cellUnits", "odrl:gteq", "duty"))
        if mode is Mode.CELLS
        else 0,
        epsilon=float(read.constraint(protection, "destat:epsilon", "odrl:lteq", "duty"))
        if mode is Mode.DP
        else 0.0,
        max_rows_per_unit=int(read.get(data, "destat:maxRowsPerUnit", int, "dataset")),
        phone_country_prefix=read.get(data, "destat:phoneCountryPrefix", str, "dataset"),
    )


def read_agreement(path: Path) -> Agreement:
    """Read an agreement file (JSON-LD) written by ``destat provider init``."""
    try:
        if path.stat().st_size > MAX_AGREEMENT_BYTES:
            raise AgreementError(f"{path} is larger than {MAX_AGREEMENT_BYTES:,} bytes; refused.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AgreementError(f"Cannot read the agreement {path}: {error}.") from None
    if not isinstance(data, dict):
        raise AgreementError(f"{path} must hold a JSON-LD object (the agreement).")
    try:
        return agreement_from_jsonld(data, str(path))
    except (TypeError, ValueError) as error:
        raise AgreementError(f"{path}: a value has the wrong form ({error}).") from None
