"""The parts of a page that features are computed from, read with a fast HTML parser.

Parsing never fetches anything and never runs scripts: scripts are read only as text
(JSON-LD) or dropped before the visible text is taken. Attribute values that are only
scanned for words (link targets, button labels) are read from the markup with literal-led
regular expressions, which is several times cheaper than visiting elements one by one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from destat.web.extract.limits import (
    MAX_ATTRIBUTE_CHARS,
    MAX_ELEMENTS,
    MAX_NESTING,
    MAX_TEXT_CHARS,
)

_INVISIBLE = ["script", "style", "noscript", "template", "svg", "iframe", "object"]
_STRUCTURED = "title, article, meta[content], [itemtype], [typeof], [itemprop], script[type]"
_ATTRIBUTE_VALUE = r"""\s*=\s*(?:"([^"<>]{1,%d})"|'([^'<>]{1,%d})'|([^\s"'<>=`]{1,%d}))"""
LABEL_NAMES = ("value", "title", "alt", "aria-label", "placeholder")
"""Attributes whose values are read as ``control_text``, in the order they are read."""
_LABELS = tuple(re.compile(name + _ATTRIBUTE_VALUE % (200, 200, 200)) for name in LABEL_NAMES)
_HREF = re.compile("href" + _ATTRIBUTE_VALUE % (1000, 1000, 1000))
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_SCAN_ABOVE_OPENINGS = 10_000
_MAX_LINKS = 5_000
_MAX_JSON_LD = 50


@dataclass(frozen=True, slots=True)
class PageDocument:
    """Text and attributes of one page, all bounded by the limits in :mod:`limits`.

    ``control_text`` holds lower-cased labels of buttons, images and links (``value``,
    ``title``, ``alt``, ...).
    """

    lang_attr: str
    title: str
    text: str
    control_text: str
    links: tuple[str, ...]
    json_ld: tuple[str, ...]
    item_types: tuple[str, ...]
    item_props: tuple[str, ...]
    meta: dict[str, str]
    article_elements: int
    nesting_cut: bool


def limit_nesting(markup: str) -> tuple[str, bool]:
    """Cut markup where more than ``MAX_NESTING`` elements would be open at once.

    Returns the markup and whether it was cut. Pages with few opening tags are passed through
    without a scan: even fully nested they parse in well under a second.
    """
    tags = markup.count("<")
    if tags <= _SCAN_ABOVE_OPENINGS or tags - markup.count("</") <= _SCAN_ABOVE_OPENINGS:
        return markup, False
    depth = 0
    for tag in _TAG.finditer(markup):
        if tag.group(2).lower() in _VOID:
            continue
        if tag.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > MAX_NESTING:
            return markup[: tag.start()], True
    return markup, False


def lowered_described_text(document: PageDocument, lowered_text: str) -> str:
    """Title, meta description and keywords, and visible text (given already lower-cased),
    joined and lower-cased for word counting."""
    meta = document.meta
    described = (
        meta.get(key, "") for key in ("description", "keywords", "og:title", "og:description")
    )
    # Lower-casing parts joined by newlines equals lower-casing the whole (a final sigma looks
    # no further than the newline), so the long text is lower-cased only once.
    return "\n".join((document.title, *described)).lower() + "\n" + lowered_text


def parse_document(
    markup: str,
    lowered_markup: str,
    utf8: bytes | None = None,
    absent_labels: Collection[str] = (),
) -> PageDocument:
    """Parse decoded HTML (and its lower-cased copy) into a :class:`PageDocument`.

    ``utf8``, when given, is the markup as UTF-8 bytes, handed to the parser as they are.
    ``absent_labels`` are names of :data:`LABEL_NAMES` known not to occur in the lower-cased
    markup, whose values are then not searched for. Broken markup is repaired by the parser,
    not refused; absurdly deep markup is cut first.
    """
    markup, nesting_cut = limit_nesting(markup)
    tree = LexborHTMLParser(markup if nesting_cut or utf8 is None else utf8)
    root = tree.css_first("html")
    lang = ""
    if root is not None:
        lang = root.attributes.get("lang") or root.attributes.get("xml:lang") or ""
    title = ""
    json_ld: list[str] = []
    item_types: list[str] = []
    item_props: list[str] = []
    meta: dict[str, str] = {}
    articles = 0
    seen: set[int] = set()
    for node in tree.css(_STRUCTURED)[:MAX_ELEMENTS]:
        # An element matching two selectors of the group is returned twice.
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        tag = node.tag
        attrs = node.attributes
        if tag == "title":
            title = title or node.text(deep=True).strip()[:500]
        elif tag == "article":
            articles += 1
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key and attrs.get("content"):
                meta.setdefault(key.strip().lower(), (attrs.get("content") or "").strip()[:500])
        elif tag == "script" and _is_json_ld(attrs.get("type")) and len(json_ld) < _MAX_JSON_LD:
            json_ld.append(node.text(deep=True))
        if "itemtype" in attrs or "typeof" in attrs:
            item_types.append(attrs.get("itemtype") or attrs.get("typeof") or "")
        if "itemprop" in attrs:
            item_props.append(attrs.get("itemprop") or "")
    tree.strip_tags(_INVISIBLE)
    body = tree.body or tree.root
    text = body.text(separator=" ")[:MAX_TEXT_CHARS] if body is not None else ""
    return PageDocument(
        lang_attr=lang.strip()[:35],
        title=title,
        text=text,
        control_text=_attribute_values(
            tuple(
                pattern
                for name, pattern in zip(LABEL_NAMES, _LABELS, strict=True)
                if name not in absent_labels
            ),
            lowered_markup,
            MAX_ATTRIBUTE_CHARS,
        ),
        links=tuple(_links(markup)),
        json_ld=tuple(json_ld),
        item_types=tuple(item_types),
        item_props=tuple(item_props),
        meta=meta,
        article_elements=articles,
        nesting_cut=nesting_cut,
    )


def _is_json_ld(script_type: str | None) -> bool:
    return (script_type or "").strip().lower() == "application/ld+json"


def _links(markup: str) -> list[str]:
    # findall returns the three quoting groups as plain tuples, cheaper than match objects.
    found = _HREF.findall(markup)[:_MAX_LINKS]
    links = [double or single or bare for double, single, bare in found]
    return [html.unescape(link) if "&" in link else link for link in links]


def _attribute_values(patterns: tuple[re.Pattern[str], ...], markup: str, limit: int) -> str:
    """Values of the given attributes, joined and unescaped, up to ``limit`` characters:
    values are taken until their total length first exceeds ``limit``."""
    values = []
    size = 0
    for pattern in patterns:
        for double, single, bare in pattern.findall(markup):
            value = double or single or bare
            values.append(value)
            size += len(value)
            if size > limit:
                return html.unescape(" \n ".join(values))
    return html.unescape(" \n ".join(values))
