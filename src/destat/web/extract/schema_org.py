"""schema.org Product and Offer markup, read from JSON-LD, microdata, RDFa and Open Graph.

A light reader instead of extruct: it only needs types and whether an offer carries a
price, and it is many times faster on large pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from destat.web.extract.limits import MAX_JSON_DEPTH, MAX_JSON_LD_CHARS

_PRODUCT_TYPES = frozenset({"product", "productgroup", "productmodel", "individualproduct"})
_OFFER_TYPES = frozenset({"offer", "aggregateoffer"})
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "opinionnewsarticle"}
)
_SALE_ACTIONS = frozenset({"buyaction", "orderaction"})
_PRICE_KEYS = ("price", "lowprice", "highprice", "pricespecification")


@dataclass(frozen=True, slots=True)
class SchemaOrgSummary:
    """How many schema.org products, offers (with a price) and articles a page declares."""

    products: int = 0
    offers: int = 0
    priced_offers: int = 0
    articles: int = 0
    sale_actions: int = 0


def summarise_schema_org(
    json_ld_blocks: Iterable[str],
    item_types: Iterable[str],
    item_props: Iterable[str],
    meta: Mapping[str, str],
) -> SchemaOrgSummary:
    """Count schema.org products, offers and articles across all the markup syntaxes."""
    counts = {"products": 0, "offers": 0, "priced_offers": 0, "articles": 0, "sale_actions": 0}
    budget = MAX_JSON_LD_CHARS
    for block in json_ld_blocks:
        if len(block) > budget:
            break
        budget -= len(block)
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        _walk_json_ld(data, counts, depth=0)
    for item_type in item_types:
        _count_type(item_type.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1], counts)
    props = {prop.strip().lower() for prop in item_props}
    if props & {"price", "lowprice"} and counts["offers"] > counts["priced_offers"]:
        counts["priced_offers"] += 1
    og_type = meta.get("og:type", "").lower()
    if og_type in ("product", "og:product", "product.item"):
        counts["products"] += 1
    if og_type == "article":
        counts["articles"] += 1
    if meta.get("product:price:amount") or meta.get("og:price:amount"):
        counts["offers"] += 1
        counts["priced_offers"] += 1
    return SchemaOrgSummary(**counts)


def _walk_json_ld(node: object, counts: dict[str, int], depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(node, list):
        for item in node[:1000]:
            _walk_json_ld(item, counts, depth + 1)
        return
    if not isinstance(node, dict):
        return
    types = node.get("@type", ())
    for item_type in [types] if isinstance(types, str) else types:
        if isinstance(item_type, str):
            kind = _count_type(item_type.rsplit("/", 1)[-1], counts)
            if kind == "offers" and any(
                key.lower() in _PRICE_KEYS and value not in (None, "")
                for key, value in node.items()
            ):
                counts["priced_offers"] += 1
    for value in node.values():
        if isinstance(value, dict | list):
            _walk_json_ld(value, counts, depth + 1)


def _count_type(name: str, counts: dict[str, int]) -> str | None:
    lowered = name.strip().lower()
    for kind, names in (
        ("products", _PRODUCT_TYPES),
        ("offers", _OFFER_TYPES),
        ("articles", _ARTICLE_TYPES),
        ("sale_actions", _SALE_ACTIONS),
    ):
        if lowered in names:
            counts[kind] += 1
            return kind
    return None
