"""Code lists: employment size classes, sex (SDMX ``CL_SEX``), speed bands, ISIC Rev.4 and its
tabulation aggregates, and project-supplied regions; plus validation of a column of codes.

ISIC Rev.4 follows the UNSD structure (Statistical Papers Series M No. 4/Rev.4); its hierarchy and
the aggregate mapping live in :mod:`destat.indicators.isic`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from destat.errors import describe_rows
from destat.indicators.codes import Code, Codelist, duplicate_codes, file_codelists
from destat.indicators.errors import CatalogueError, CodelistError, InvalidCodesError
from destat.indicators.isic import isic_codelist

__all__ = [
    "Code",
    "Codelist",
    "InvalidCode",
    "check_codes",
    "codelist_ids",
    "get_codelist",
    "regions_codelist",
    "size_class",
    "validate_codes",
]


def codelist_ids() -> tuple[str, ...]:
    """Identifiers of every code list, including ``ISIC4`` and the project's ``REGION``."""
    return (*file_codelists(), "ISIC4", "REGION")


def get_codelist(identifier: str) -> Codelist:
    """Return a shipped code list by identifier (``REGION`` comes from :func:`regions_codelist`)."""
    if identifier == "ISIC4":
        return isic_codelist()
    lists = file_codelists()
    if identifier not in lists:
        hint = (
            " Regions are project data: build them with regions_codelist(mapping)."
            if identifier == "REGION"
            else ""
        )
        raise CodelistError(
            f"There is no code list {identifier!r}; expected one of "
            f"{', '.join(codelist_ids())}.{hint}"
        )
    return lists[identifier]


def regions_codelist(mapping: Mapping[str, str], name: str = "Region") -> Codelist:
    """Build the ``REGION`` code list from the project's ``{code: name}`` mapping."""
    codes = []
    for code, label in mapping.items():
        text = str(code).strip()
        if not text:
            raise CodelistError(f"Region {label!r} has an empty code; give every region a code.")
        codes.append(Code(code=text, label=str(label)))
    if not codes:
        raise CodelistError("The region mapping is empty; list at least one region.")
    codelist = Codelist(id="REGION", name=name, codes=tuple(codes))
    dupes = duplicate_codes(codelist)
    if dupes:
        raise CodelistError(f"The region mapping repeats codes {dupes} (after trimming spaces).")
    return codelist


def size_class(persons_employed: int) -> str:
    """The detailed ``SIZE_CLASS`` code (``0-9`` ... ``GE250``) of a business."""
    if persons_employed < 0:
        raise CodelistError(
            f"Persons employed must be 0 or more to get a size class; found {persons_employed}."
        )
    for code in get_codelist("SIZE_CLASS").codes:
        if code.aggregate or code.min is None:
            continue
        if persons_employed >= code.min and (code.max is None or persons_employed <= code.max):
            return code.code
    raise CatalogueError("SIZE_CLASS does not cover every number of persons employed.")


@dataclass(frozen=True)
class InvalidCode:
    """A value that is not a code of the list: its 0-based row, the value and a suggestion."""

    index: int
    value: object
    suggestion: str | None


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _normalise(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().upper()


def _suggest(value: object, codelist: Codelist) -> str | None:
    if _is_missing(value):
        return None
    upper = {code.upper(): code for code in codelist.by_code}
    text = _normalise(value)
    for candidate in (text, text.replace("O", "0")):
        if candidate in upper:
            return upper[candidate]
        if candidate.isdigit():
            for width in sorted({len(code) for code in codelist.by_code}):
                if width > len(candidate) and candidate.zfill(width) in codelist.by_code:
                    return candidate.zfill(width)
    close = difflib.get_close_matches(text, list(upper), n=1, cutoff=0.6)
    return upper[close[0]] if close else None


def validate_codes(values: Iterable[object], codelist: Codelist) -> list[InvalidCode]:
    """Return the rows (0-based position, value) whose value is not a code, each with the closest
    valid code as a suggestion. Missing values (None, NaN, blank) are reported too."""
    return [
        InvalidCode(index, value, _suggest(value, codelist))
        for index, value in enumerate(values)
        if not (isinstance(value, str) and value in codelist)
    ]


def check_codes(values: Iterable[object], codelist: Codelist, column: str) -> None:
    """Raise :class:`InvalidCodesError` describing the bad rows if any value is not a code."""
    bad = validate_codes(values, codelist)
    if not bad:
        return
    examples = "; ".join(
        f"{item.value!r}" + (f" (did you mean {item.suggestion!r}?)" if item.suggestion else "")
        for item in bad[:5]
    )
    raise InvalidCodesError(
        f"Column {column!r} has {len(bad)} value(s) not in code list {codelist.id} "
        f"({codelist.name}) at {describe_rows([b.index for b in bad], total=len(bad))}: "
        f"{examples}. Correct them or map them to codes of {codelist.id}."
    )
