"""Reading fetched pages: which are HTML, how their bytes decode, and which links they hold."""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from destat.web.crawl.urls import LinkResolver, normalize_url

__all__ = ["Link", "content_type", "decode_html", "decoded_body", "extract_links", "is_html"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Links to files that are not web pages are not followed: they would use up a site's page budget.
_NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|zip|rar|7z|gz|tgz|bz2|xz|exe|msi|dmg|apk|"
    r"mp[34]|m4a|avi|mov|wmv|webm|ogg|wav|flac|woff2?|ttf|eot|css|js|json|xml|docx?|xlsx?|pptx?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Link:
    """A link found on a page: its absolute URL and the words that describe it."""

    url: str
    text: str


def content_type(header: str | None) -> str:
    """The media type of a Content-Type header, lower-cased, without parameters."""
    return (header or "").split(";", 1)[0].strip().lower()


def is_html(header: str | None) -> bool:
    """True if a Content-Type header announces HTML (text/html or application/xhtml+xml)."""
    return content_type(header) in _HTML_TYPES


def decoded_body(body: bytes, content_encoding: str | None, limit: int) -> bytes | None:
    """Undo gzip/deflate Content-Encoding (at most ``limit`` bytes out); None if unknown."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return None
    # wbits=47 reads gzip and zlib streams; raw deflate (a common server mistake) needs -15.
    for wbits in (47, -15):
        try:
            return zlib.decompressobj(wbits).decompress(body, limit)
        except zlib.error:
            continue
    return None


# As in browsers (WHATWG Encoding Standard): pages labelled latin-1 or ASCII are really
# windows-1252, and gb2312/gbk pages often use characters only gb18030, a superset, has.
_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}


def _known(label: bytes | str | None) -> str | None:
    if not label:
        return None
    text = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    try:
        name = codecs.lookup(text.strip()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _meta_charset(head: bytes) -> str | None:
    for tag in _META.findall(head):
        match = _CHARSET.search(tag)
        if match and (name := _known(match.group(1))):
            return name
    return None


def decode_html(body: bytes, content_type_header: str | None, fallback: str) -> tuple[str, str]:
    """Decode HTML bytes; return the text and the encoding used.

    The encoding is taken from, in order: a byte-order mark, the HTTP Content-Type charset,
    a ``<meta>`` charset in the first 1024 bytes, UTF-8 if the bytes are valid UTF-8, and
    finally ``fallback`` (windows-1252 by default, as browsers do; set it to the usual legacy
    encoding of the country crawled, such as windows-1251 or gb18030).
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace"), name
    header_match = _CHARSET.search((content_type_header or "").encode("latin-1", "ignore"))
    declared = _known(header_match.group(1)) if header_match else None
    declared = declared or _meta_charset(body[:1024])
    if declared:
        return body.decode(declared, "replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        fallback = _known(fallback) or "cp1252"
        return body.decode(fallback, "replace"), fallback


def _nofollow(parser: LexborHTMLParser) -> bool:
    for meta in parser.css("meta[name]"):
        if (meta.attributes.get("name") or "").strip().lower() == "robots":
            words = (meta.attributes.get("content") or "").lower().replace(",", " ").split()
            if "nofollow" in words or "none" in words:
                return True
    return False


def extract_links(
    html: str, page_url: str, wanted: Callable[[str], bool] | None = None
) -> list[Link]:
    """Links of a page (``<a>`` and ``<area>``), absolute and normalised, first occurrence kept.

    A page whose robots meta tag says ``nofollow`` (or ``none``) gives no links. With
    ``wanted``, only the URLs it accepts are returned (the words of the others are not read).
    """
    parser = LexborHTMLParser(html)
    if _nofollow(parser):
        return []
    base_node = parser.css_first("base[href]")
    base = normalize_url(base_node.attributes.get("href") or "", page_url) if base_node else None
    resolve = LinkResolver(base or page_url)
    links: dict[str, Link] = {}
    passed: set[str] = set()
    hrefs: set[str] = set()
    for node in parser.css("a[href], area[href]"):
        attributes = node.attributes
        href = attributes.get("href") or ""
        # Menus and product lists repeat their links: a repeated href was decided on already.
        if href in hrefs:
            continue
        hrefs.add(href)
        url = resolve(href)
        if url is None or url in links or url in passed:
            continue
        if _NOT_PAGES.search(url.split("?", 1)[0]) or (wanted is not None and not wanted(url)):
            passed.add(url)
            continue
        words = [node.text(separator=" ", strip=True)]
        words += [attributes.get(name) or "" for name in ("title", "aria-label", "alt")]
        words += [img.attributes.get("alt") or "" for img in node.css("img[alt]")]
        links[url] = Link(url, " ".join(word for word in words if word))
    return list(links.values())
