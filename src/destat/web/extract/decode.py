"""Turning the bytes of a saved page into text, without trusting its declared character set.

Order of evidence: a byte-order mark; then valid UTF-8 (pages often declare a legacy charset
but are stored as UTF-8, and non-ASCII bytes that happen to form valid UTF-8 are very unlikely
in legacy encodings); then the charset of the HTTP header; then the ``<meta>`` charset; then a
guess between the common Cyrillic and Western single-byte encodings.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from destat.web.extract.limits import MAX_HTML_BYTES

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_SCAN_BYTES = 4096
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
# Labels that browsers map to a superset encoding (WHATWG Encoding Standard).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}


@dataclass(frozen=True, slots=True)
class DecodedHtml:
    """Text of a page and how its encoding was decided (``bom``, ``utf-8``, ``header``, ...).

    ``utf8`` holds the bytes the text was decoded from when they were valid UTF-8 (so that
    the text need not be encoded again); it is None otherwise.
    """

    text: str
    encoding: str
    decided_by: str
    utf8: bytes | None = field(default=None, compare=False, repr=False)


def charset_from_content_type(content_type: str | None) -> str | None:
    """Return the charset parameter of an HTTP ``Content-Type`` value, if any."""
    if not content_type:
        return None
    match = _CHARSET_RE.search(content_type.encode("latin-1", "replace"))
    return match.group(1).decode("ascii") if match else None


def decode_html(body: bytes, content_type: str | None = None) -> DecodedHtml:
    """Decode page bytes to text, capped at ``MAX_HTML_BYTES``; never raises on bad bytes."""
    body = body[:MAX_HTML_BYTES]
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return DecodedHtml(body[len(bom) :].decode(encoding, "replace"), encoding, "bom")
    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        return DecodedHtml(utf8, "utf-8", "utf-8", body)
    for declared, source in (
        (charset_from_content_type(content_type), "header"),
        (_meta_charset(body), "meta"),
    ):
        known = _known_encoding(declared)
        if known and known != "utf-8":
            text = _strict(body, known)
            if text is not None:
                return DecodedHtml(text, known, source)
    guessed = _guess_single_byte(body)
    return DecodedHtml(body.decode(guessed, "replace"), guessed, "guess")


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _meta_charset(body: bytes) -> str | None:
    match = _CHARSET_RE.search(body[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _known_encoding(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        # A page served as bytes that failed UTF-8 is not UTF-16 either; browsers agree.
        return "utf-8"
    return _SUPERSETS.get(name, name)


def _guess_single_byte(body: bytes) -> str:
    """Pick windows-1251, KOI8-R or windows-1252 for undeclared legacy bytes.

    Cyrillic text puts non-ASCII bytes in long runs (whole words), Western text puts them
    one at a time between ASCII letters. Between the two Cyrillic encodings, running text is
    mostly lower case, which windows-1251 places at 0xE0-0xFF and KOI8-R at 0xC0-0xDF.
    """
    high = [b for b in body[:100_000] if b >= 0x80]
    if not high:
        return "cp1252"
    runs = len(re.findall(rb"[\x80-\xff]+", body[:100_000]))
    if len(high) / max(runs, 1) < 2.5:
        return "cp1252"
    upper_half = sum(1 for b in high if b >= 0xE0)
    return "cp1251" if upper_half >= len(high) / 2 else "koi8-r"
