"""The SDMX data structure for ICT use by businesses: concepts, code lists, dimensions, attributes.

Modelled on the OECD dataflow *ICT Access and Usage by Businesses* (``OECD.STI.DEP:
DSD_ICT_B@DF_BUSINESSES``, key ``REF_AREA.FREQ.MEASURE.UNIT_MEASURE.ACTIVITY.SIZE_CLASS``), with
two more dimensions that the UNCTAD core indicators are broken down by, ``SEX`` (of the owner or
manager) and ``REGION``, and observation attributes for precision and flags. Every name is given
in the six UN languages (see :mod:`destat.publish.sdmx.names`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from babel import Locale

from destat.indicators.catalogue import load_catalogue
from destat.indicators.codelists import get_codelist
from destat.publish.sdmx.errors import SdmxError, SdmxSettingError
from destat.publish.sdmx.names import (
    LANGUAGE_ORDER,
    Text,
    artefact_name,
    catalogue_text,
    code_name,
    concept_name,
    same_text,
)

__all__ = [
    "UNIT_CODES",
    "Code",
    "Codelist",
    "Component",
    "DataStructure",
    "Role",
    "area_codes",
    "build_structure",
    "check_identifier",
    "coded_component",
    "flag_attributes",
    "is_identifier",
    "named_codes",
    "precision_attributes",
    "time_and_value",
]

# Catalogue unit -> UNIT_MEASURE code (Eurostat-style codes; OECD writes PT_ENT for PC_ENT).
UNIT_CODES = {
    "pct_businesses": "PC_ENT",
    "pct_persons_employed": "PC_EMP",
    "pct_turnover": "PC_TURN",
    "pct_web_sales": "PC_WEB_SALES",
    "pct_gva": "PC_GVA",
}
OBS_STATUS_CODES = ("A", "B", "D", "E", "F", "G", "I", "L", "M", "N", "O", "P", "Q", "U")
CONF_STATUS_CODES = ("F", "N", "C", "D", "S")
TOTAL = "_T"

_ID = re.compile(r"^[A-Za-z0-9_@$\-]+$")
_NCNAME_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_AGENCY = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z][A-Za-z0-9_\-]*)*$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")


class Role(StrEnum):
    """What a component does in the structure."""

    DIMENSION = "dimension"
    TIME = "time"
    MEASURE = "measure"
    ATTRIBUTE = "attribute"


@dataclass(frozen=True)
class Code:
    """One code with its names and, for indicator categories, its parent indicator."""

    id: str
    name: Text
    parent: str | None = None


@dataclass(frozen=True)
class Codelist:
    """An ordered list of codes."""

    id: str
    name: Text
    codes: tuple[Code, ...]

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """The code identifiers in order."""
        return tuple(code.id for code in self.codes)

    @cached_property
    def by_id(self) -> dict[str, Code]:
        """The codes keyed by identifier."""
        return {code.id: code for code in self.codes}


@dataclass(frozen=True)
class Component:
    """A dimension, the measure or an attribute: coded (``codelist``) or of an XML ``text_type``."""

    id: str
    role: Role
    name: Text
    codelist: Codelist | None = None
    text_type: str | None = None
    required: bool = True


@dataclass(frozen=True)
class DataStructure:
    """The dataflow, its data structure definition and everything they refer to."""

    agency: str
    dataflow: str
    version: str
    name: Text
    components: tuple[Component, ...]
    concepts_name: Text | None = None
    """The concept scheme's name; without it, that of the business survey's concepts."""

    @property
    def dsd_id(self) -> str:
        """Identifier of the data structure definition."""
        return f"DSD_{self.dataflow}"

    @property
    def concept_scheme_id(self) -> str:
        """Identifier of the concept scheme."""
        return f"CS_{self.dataflow}"

    @property
    def dimensions(self) -> tuple[Component, ...]:
        """The key: every dimension in order, the time dimension last."""
        return tuple(c for c in self.components if c.role in (Role.DIMENSION, Role.TIME))

    @property
    def measure(self) -> Component:
        """The primary measure ``OBS_VALUE``."""
        return next(c for c in self.components if c.role is Role.MEASURE)

    @property
    def attributes(self) -> tuple[Component, ...]:
        """The attributes, all attached to the observation."""
        return tuple(c for c in self.components if c.role is Role.ATTRIBUTE)

    @property
    def codelists(self) -> tuple[Codelist, ...]:
        """Every code list the components use, once each, in component order."""
        found = {c.codelist.id: c.codelist for c in self.components if c.codelist is not None}
        return tuple(found.values())

    def component(self, identifier: str) -> Component:
        """The component with this identifier."""
        return next(c for c in self.components if c.id == identifier)

    def codes(self, identifier: str) -> tuple[str, ...]:
        """The codes a coded component may take."""
        codelist = self.component(identifier).codelist
        if codelist is None:
            raise SdmxError(f"Component {identifier} is not coded.")
        return codelist.ids


def is_identifier(value: object) -> bool:
    """Whether ``value`` is a valid SDMX code identifier (letters, digits, ``_ @ $ -``)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def check_identifier(value: str, what: str, example: str) -> str:
    """``value`` if it is a valid SDMX code identifier, else a :class:`SdmxSettingError`."""
    return _check(value, _ID, what, example)


def _check(value: str, pattern: re.Pattern[str], what: str, example: str) -> str:
    if not pattern.fullmatch(value):
        raise SdmxSettingError(
            f"{what} {value!r} is not a valid SDMX identifier; use letters, digits, '_' or '-' "
            f"only, e.g. {example!r}."
        )
    return value


def _breakdown_label(concept: str) -> str | None:
    breakdowns = {
        "ACTIVITY": "isic_aggregate",
        "SIZE_CLASS": "size_class",
        "SEX": "owner_sex",
        "REGION": "region",
    }
    key = breakdowns.get(concept)
    return load_catalogue().breakdowns[key].label if key else None


def _concept_name(concept: str) -> Text:
    # Breakdowns keep the catalogue's reviewed translations.
    label = _breakdown_label(concept)
    return catalogue_text(label) if label else concept_name(concept)


_COLON = {"fr": "\u00a0: ", "zh": "："}


def _joined(first: Text, second: Text) -> Text:
    return {lang: f"{first[lang]}{_COLON.get(lang, ': ')}{second[lang]}" for lang in LANGUAGE_ORDER}


def _measure_codes() -> list[Code]:
    codes = []
    for indicator in load_catalogue().indicators:
        name = catalogue_text(indicator.name)
        codes.append(Code(indicator.code, name))
        codes += [
            Code(
                f"{indicator.code}_{category.code}",
                _joined(name, catalogue_text(category.label)),
                parent=indicator.code,
            )
            for category in indicator.categories
        ]
    return codes


def _unit_codes() -> list[Code]:
    units = load_catalogue().units
    return [Code(code, catalogue_text(units[key].label)) for key, code in UNIT_CODES.items()]


def _file_codes(concept: str, source: str, total: bool = False) -> list[Code]:
    codes = [Code(TOTAL, code_name(concept, TOTAL))] if total else []
    codes += [
        Code(code.code, code_name(concept, code.code, code.label))
        for code in get_codelist(source).codes
    ]
    return codes


def named_codes(concept: str, ids: tuple[str, ...]) -> list[Code]:
    """Codes of ``concept`` named in ``data/names.toml``."""
    return [Code(code, code_name(concept, code)) for code in ids]


def _area_name(code: str, name: str | None) -> Text:
    if name is not None:
        return same_text(name)
    known = {lang: Locale.parse(lang).territories.get(code) for lang in LANGUAGE_ORDER}
    return {lang: known[lang] or code for lang in LANGUAGE_ORDER}


def area_codes(codes: tuple[str, ...], names: Mapping[str, str] | None = None) -> list[Code]:
    """Reference-area codes named from CLDR (Babel) when known, else from ``names`` or the code."""
    given = names or {}
    return [
        Code(_check(code, _ID, "Reference area", "KE"), _area_name(code, given.get(code)))
        for code in codes
    ]


def _region_codes(regions: Mapping[str, str]) -> list[Code]:
    codes = [Code(TOTAL, code_name("REGION", TOTAL))]
    for code, name in regions.items():
        if code == TOTAL:
            continue
        _check(str(code), _ID, "Region code", "R01")
        codes.append(Code(str(code), same_text(str(name))))
    return codes


def coded_component(
    concept: str,
    codes: list[Code],
    role: Role = Role.DIMENSION,
    required: bool = True,
    name: Text | None = None,
    flow: str | None = None,
) -> Component:
    """A component coded by the code list ``CL_<concept>`` (``CL_<flow>_<concept>`` for a list
    whose codes are the flow's own), named ``name`` or after its concept."""
    named = name or _concept_name(concept)
    identifier = f"CL_{flow}_{concept}" if flow else f"CL_{concept}"
    codelist = Codelist(id=identifier, name=named, codes=tuple(codes))
    return Component(concept, role, named, codelist, required=required)


def _uncoded(concept: str, text_type: str) -> Component:
    return Component(
        concept, Role.ATTRIBUTE, concept_name(concept), text_type=text_type, required=False
    )


def time_and_value() -> tuple[Component, Component]:
    """``TIME_PERIOD`` (an observational time period) and the primary measure ``OBS_VALUE``."""
    return (
        Component(
            "TIME_PERIOD",
            Role.TIME,
            concept_name("TIME_PERIOD"),
            text_type="ObservationalTimePeriod",
        ),
        Component(
            "OBS_VALUE", Role.MEASURE, concept_name("OBS_VALUE"), text_type="Double", required=False
        ),
    )


def flag_attributes() -> tuple[Component, ...]:
    """``OBS_STATUS``, ``CONF_STATUS`` and ``UNIT_MULT``, the flags of every published figure."""
    attribute = Role.ATTRIBUTE
    return (
        coded_component("OBS_STATUS", named_codes("OBS_STATUS", OBS_STATUS_CODES), attribute),
        coded_component("CONF_STATUS", named_codes("CONF_STATUS", CONF_STATUS_CODES), attribute),
        coded_component("UNIT_MULT", named_codes("UNIT_MULT", ("0",)), attribute),
    )


def precision_attributes() -> tuple[Component, ...]:
    """``QUALITY``, ``SE``, ``CV``, ``CI_LOWER``, ``CI_UPPER`` and ``N_RESP`` of an estimate."""
    return (
        # A missing figure may have no reliability grade: QUALITY is conditional.
        coded_component(
            "QUALITY", named_codes("QUALITY", ("A", "B", "C")), Role.ATTRIBUTE, required=False
        ),
        _uncoded("SE", "Double"),
        _uncoded("CV", "Double"),
        _uncoded("CI_LOWER", "Double"),
        _uncoded("CI_UPPER", "Double"),
        _uncoded("N_RESP", "Integer"),
    )


def build_structure(
    ref_area: str = "DL",
    agency: str = "NSO",
    dataflow: str = "ICT_BUS",
    version: str = "1.0",
    *,
    area_name: str | None = None,
    regions: Mapping[str, str] | None = None,
) -> DataStructure:
    """Build the ICT-use data structure for one country.

    ``ref_area`` is the ISO 3166 alpha-2 code of the country (its names come from CLDR when the
    code is known there, otherwise from ``area_name`` or the code itself); ``regions`` maps the
    region codes used in the results to their names (the same name in every language).
    """
    _check(agency, _AGENCY, "Agency", "NSO")
    _check(dataflow, _NCNAME_ID, "Dataflow", "ICT_BUS")
    _check(ref_area, _ID, "Reference area", "KE")
    if not _VERSION.fullmatch(version):
        raise SdmxSettingError(f"Version {version!r} is not valid; write it as digits, e.g. '1.0'.")
    components = (
        coded_component(
            "REF_AREA", area_codes((ref_area,), {ref_area: area_name} if area_name else None)
        ),
        coded_component("FREQ", named_codes("FREQ", ("A",))),
        coded_component("MEASURE", _measure_codes()),
        coded_component("UNIT_MEASURE", _unit_codes()),
        coded_component("ACTIVITY", _file_codes("ACTIVITY", "ISIC4_AGG", total=True)),
        coded_component("SIZE_CLASS", _file_codes("SIZE_CLASS", "SIZE_CLASS")),
        coded_component("SEX", _file_codes("SEX", "SEX")),
        coded_component("REGION", _region_codes(regions or {})),
        *time_and_value(),
        *flag_attributes(),
        *precision_attributes(),
    )
    return DataStructure(agency, dataflow, version, artefact_name("DATAFLOW"), components)
