"""Choosing the SDMX format of an answer from the ``Accept`` header (RFC 9110 section 12.5.1)
or from a ``format`` query parameter, as SDMX REST services do (SDMX REST 1.5 / 2.x, "Content
negotiation"). Only what destat writes can be chosen: SDMX-ML 2.1 structure-specific data,
SDMX-CSV 2.0, SDMX-JSON 2.0 for data; SDMX-ML 2.1 for structures.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DATA_TYPES",
    "STRUCTURE_TYPES",
    "Format",
    "MediaRange",
    "NotAcceptableError",
    "choose",
    "parse_accept",
]


class Format(StrEnum):
    """The answers the portal can give."""

    DATA_XML = "application/vnd.sdmx.structurespecificdata+xml; version=2.1"
    DATA_CSV = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
    DATA_JSON = "application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8"
    STRUCTURE_XML = "application/vnd.sdmx.structure+xml; version=2.1"


class NotAcceptableError(Exception):
    """No format the client accepts can be given (HTTP 406)."""

    def __init__(self, offered: tuple[Format, ...]) -> None:
        self.offered = offered
        super().__init__(
            "None of the media types in the Accept header can be served; ask for one of "
            + ", ".join(f.value.split(";")[0] for f in offered)
        )


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    version: str | None
    quality: float


# media type (lower case, no parameters) -> format, and the versions it may ask for.
DATA_TYPES: dict[str, tuple[Format, tuple[str, ...]]] = {
    "application/vnd.sdmx.structurespecificdata+xml": (Format.DATA_XML, ("2.1",)),
    "application/xml": (Format.DATA_XML, ()),
    "text/xml": (Format.DATA_XML, ()),
    "application/vnd.sdmx.data+csv": (Format.DATA_CSV, ("2.0.0", "2.0")),
    "text/csv": (Format.DATA_CSV, ()),
    "application/vnd.sdmx.data+json": (Format.DATA_JSON, ("2.0.0", "2.0")),
    "application/json": (Format.DATA_JSON, ()),
}
STRUCTURE_TYPES: dict[str, tuple[Format, tuple[str, ...]]] = {
    "application/vnd.sdmx.structure+xml": (Format.STRUCTURE_XML, ("2.1",)),
    "application/xml": (Format.STRUCTURE_XML, ()),
    "text/xml": (Format.STRUCTURE_XML, ()),
}
# ``format=`` values used by SDMX services (.Stat Suite, ESTAT) and their plain names.
_FORMAT_PARAMETER = {
    "structurespecificdata": Format.DATA_XML,
    "xml": Format.DATA_XML,
    "csvfile": Format.DATA_CSV,
    "csv": Format.DATA_CSV,
    "jsondata": Format.DATA_JSON,
    "json": Format.DATA_JSON,
}


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header, best first (``*/*`` when there is none)."""
    if not header or not header.strip():
        return [MediaRange("*/*", None, 1.0)]
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        params = dict(p.partition("=")[::2] for p in pieces[1:] if "=" in p)
        params = {k.strip().lower(): v.strip().strip('"') for k, v in params.items()}
        try:
            quality = float(params.get("q", "1"))
        except ValueError:
            quality = 0.0
        ranges.append(MediaRange(pieces[0].lower(), params.get("version"), quality))
    return sorted(ranges, key=lambda r: r.quality, reverse=True)


def _match(media: MediaRange, table: dict[str, tuple[Format, tuple[str, ...]]]) -> Format | None:
    if media.quality <= 0:
        return None
    if media.type in ("*/*", "application/*"):
        return next(iter(table.values()))[0]
    entry = table.get(media.type)
    if entry is None:
        return None
    found, versions = entry
    if media.version is not None and versions and media.version not in versions:
        return None
    return found


def choose(
    accept: str | None,
    table: dict[str, tuple[Format, tuple[str, ...]]],
    format_parameter: str | None = None,
) -> Format:
    """The format to answer with; :class:`NotAcceptableError` if none fits."""
    offered = tuple(dict.fromkeys(f for f, _ in table.values()))
    if format_parameter:
        chosen = _FORMAT_PARAMETER.get(format_parameter.strip().lower())
        if chosen is None or chosen not in offered:
            raise NotAcceptableError(offered)
        return chosen
    for media in parse_accept(accept):
        found = _match(media, table)
        if found is not None:
            return found
    raise NotAcceptableError(offered)
