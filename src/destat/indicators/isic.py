"""ISIC Rev.4 hierarchy (sections, divisions, groups, classes; UNSD structure) and the mapping
of classes to sections and to the tabulation aggregates of the ``ISIC4_AGG`` code list.

Source: United Nations, ISIC Rev.4, Statistical Papers Series M No. 4/Rev.4 (2008): 21 sections,
88 divisions, 238 groups and 419 classes. Aggregates follow Eurostat's ICT-usage survey
breakdowns and the OECD (2007) ISIC Rev.4 definition of the ICT sector.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from destat.indicators.codes import Code, Codelist, file_codelists
from destat.indicators.datafiles import read_package_text
from destat.indicators.errors import CatalogueError, CodelistError

__all__ = [
    "IsicPath",
    "aggregate_classes",
    "aggregates_of_class",
    "class_aggregate_map",
    "class_section_map",
    "classes_of_members",
    "isic_codelist",
    "isic_path",
]

LEVELS = ("section", "division", "group", "class")


@dataclass(frozen=True)
class IsicPath:
    """The section, division, group and class of one ISIC Rev.4 class."""

    section: str
    division: str
    group: str
    class_: str


@lru_cache(maxsize=1)
def _full_codelist() -> Codelist:
    codes = [
        Code(
            code=row["code"], label=row["name_en"], level=row["level"], parent=row["parent"] or None
        )
        for row in csv.DictReader(io.StringIO(read_package_text("data", "isic_rev4.csv")))
    ]
    return Codelist(id="ISIC4", name="ISIC Rev.4", source="isic_rev4", codes=tuple(codes))


@lru_cache(maxsize=len(LEVELS))
def isic_codelist(level: str | None = None) -> Codelist:
    """ISIC Rev.4 with English names: every level, or only one (``level="class"`` for a column of
    4-digit activity codes; its identifier is then ``ISIC4_CLASS``)."""
    full = _full_codelist()
    if level is None:
        return full
    if level not in LEVELS:
        raise CodelistError(f"ISIC level {level!r} does not exist; expected one of {LEVELS}.")
    codes = tuple(code for code in full.codes if code.level == level)
    return Codelist(id=f"ISIC4_{level.upper()}", name=f"ISIC Rev.4, {level} level", codes=codes)


def _code(code: str) -> Code:
    isic = _full_codelist()
    if code not in isic:
        raise CodelistError(
            f"{code!r} is not an ISIC Rev.4 code; expected a section letter (A-U) or a 2-, 3- "
            "or 4-digit division, group or class (keep leading zeros, e.g. '0111')."
        )
    return isic.by_code[code]


def _ancestor(code: str, level: str) -> str:
    entry = _code(code)
    while entry.level != level:
        if entry.parent is None:
            raise CodelistError(f"ISIC code {code!r} has no {level} above it.")
        entry = _code(entry.parent)
    return entry.code


def isic_path(class_code: str) -> IsicPath:
    """The full path of a 4-digit ISIC Rev.4 class, from its section down."""
    if _code(class_code).level != "class":
        raise CodelistError(f"{class_code!r} is an ISIC {_code(class_code).level}, not a class.")
    return IsicPath(
        section=_ancestor(class_code, "section"),
        division=_ancestor(class_code, "division"),
        group=_ancestor(class_code, "group"),
        class_=class_code,
    )


def _expand(member: str, aggregate: str) -> set[str]:
    level, _, span = member.partition(":")
    first, _, last = span.partition("-")
    last = last or first
    isic = isic_codelist()
    if level not in LEVELS or first not in isic or last not in isic:
        raise CatalogueError(
            f"Aggregate {aggregate} has member {member!r}; expected '<level>:<code>' or "
            f"'<level>:<first>-<last>' with level in {LEVELS} and existing ISIC codes."
        )
    return {
        code.code
        for code in isic.codes
        if code.level == "class" and first <= _ancestor(code.code, level) <= last
    }


def classes_of_members(members: tuple[str, ...], name: str) -> frozenset[str]:
    """The ISIC Rev.4 classes named by members such as ``class:5811-5819`` (``name`` is the
    aggregate or list they belong to, for error messages)."""
    return frozenset(set().union(*(_expand(member, name) for member in members)))


@lru_cache(maxsize=1)
def _aggregates() -> dict[str, frozenset[str]]:
    return {
        code.code: classes_of_members(code.members, code.code)
        for code in file_codelists()["ISIC4_AGG"].codes
    }


def aggregate_classes(aggregate: str) -> frozenset[str]:
    """The ISIC Rev.4 classes that make up a tabulation aggregate such as ``ICT``."""
    aggregates = _aggregates()
    if aggregate not in aggregates:
        raise CodelistError(
            f"There is no ISIC aggregate {aggregate!r}; expected one of {', '.join(aggregates)}."
        )
    return aggregates[aggregate]


def aggregates_of_class(class_code: str) -> tuple[str, ...]:
    """The aggregates (in code-list order) that contain an ISIC Rev.4 class."""
    isic_path(class_code)
    return tuple(code for code, classes in _aggregates().items() if class_code in classes)


def _classes() -> list[str]:
    return [code.code for code in isic_codelist().codes if code.level == "class"]


def class_section_map() -> dict[str, str]:
    """Every ISIC Rev.4 class mapped to its section letter."""
    return {code: isic_path(code).section for code in _classes()}


def class_aggregate_map() -> dict[str, tuple[str, ...]]:
    """Every ISIC Rev.4 class mapped to the aggregates containing it (e.g. for a join table)."""
    return {code: aggregates_of_class(code) for code in _classes()}
