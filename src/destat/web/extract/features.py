"""Per-page features for e-commerce detection: pure functions from bytes to a frozen record.

Nothing here touches the network, the file system or global state, so the same function can
run in a local loop or inside a Spark ``mapPartitions``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from destat.web.extract.decode import decode_html
from destat.web.extract.document import lowered_described_text, parse_document
from destat.web.extract.language import detect_language, primary_subtag
from destat.web.extract.lexicon import CONCEPTS
from destat.web.extract.limits import MAX_HTML_BYTES, MAX_MARKUP_SCAN_CHARS
from destat.web.extract.links import count_shop_links, find_social_networks, normalised_links
from destat.web.extract.markup import CUE_WORDS, MarkupFinder, find_markup_cues, markup_cut
from destat.web.extract.phrases import PhraseCounter
from destat.web.extract.prices import count_prices
from destat.web.extract.schema_org import summarise_schema_org
from destat.web.extract.vendors import (
    VENDOR_PARTS,
    VENDOR_WORDS,
    count_donation_buttons,
    find_payment_providers,
    find_shop_platforms,
)

_PHRASES = PhraseCounter(CONCEPTS)
# Label attributes that most pages lack, looked for in the same pass as the markup words (the
# other labels are on nearly every page: looking for them would only cost).
_RARE_LABELS = frozenset({"aria-label", "placeholder"})
_MARKUP_TERMS = MarkupFinder(CUE_WORDS | VENDOR_WORDS, parts=_RARE_LABELS | VENDOR_PARTS)


@dataclass(frozen=True, slots=True)
class PageFeatures:
    """What one page shows about online selling. Counts are occurrences on the page."""

    encoding: str = ""
    encoding_source: str = ""
    truncated: bool = False  # input beyond the byte limit, or nesting beyond the depth limit
    html_chars: int = 0
    text_chars: int = 0
    lang_attr: str = ""
    language: str = ""
    title: str = ""
    cart_words: int = 0
    add_to_cart_words: int = 0
    checkout_words: int = 0
    order_account_words: int = 0
    shipping_words: int = 0
    shop_name_words: int = 0
    booking_words: int = 0
    donate_words: int = 0
    classifieds_words: int = 0
    comparison_words: int = 0
    cart_markup: int = 0
    add_to_cart_markup: int = 0
    product_markup: int = 0
    quantity_fields: int = 0
    prices: int = 0
    period_prices: int = 0
    plan_prices: int = 0
    schema_products: int = 0
    schema_offers: int = 0
    schema_priced_offers: int = 0
    schema_articles: int = 0
    schema_sale_actions: int = 0
    article_elements: int = 0
    links: int = 0
    shop_links: int = 0
    donation_buttons: int = 0
    payment_providers: tuple[str, ...] = field(default_factory=tuple)
    shop_platforms: tuple[str, ...] = field(default_factory=tuple)
    social_networks: tuple[str, ...] = field(default_factory=tuple)

    def to_row(self) -> dict[str, object]:
        """The features as a flat dict (lists for the name tuples), ready for a table."""
        row = asdict(self)
        for name in ("payment_providers", "shop_platforms", "social_networks"):
            row[name] = list(row[name])
        return row


def extract_page_features(body: bytes, content_type: str | None = None) -> PageFeatures:
    """Compute :class:`PageFeatures` from the raw bytes of one HTML page.

    ``content_type`` is the HTTP ``Content-Type`` header when known (its charset is one piece
    of evidence for decoding). Input beyond ``MAX_HTML_BYTES`` is ignored.
    """
    decoded = decode_html(body, content_type)
    markup = decoded.text
    lowered_markup = markup[:MAX_MARKUP_SCAN_CHARS].lower()
    cut = markup_cut(markup, lowered_markup, decoded.utf8)
    terms = _MARKUP_TERMS.find(cut)
    markup_words = terms.words
    absent_labels = _RARE_LABELS - terms.parts
    document = parse_document(markup, lowered_markup, decoded.utf8, absent_labels)
    text = document.text.lower()
    phrase_counts = _PHRASES.count(
        f"{lowered_described_text(document, text)}\n{document.control_text}"
    )
    cues = find_markup_cues(terms)
    prices = count_prices(text)
    links = normalised_links(document.links)
    schema = summarise_schema_org(
        document.json_ld, document.item_types, document.item_props, document.meta
    )
    return PageFeatures(
        encoding=decoded.encoding,
        encoding_source=decoded.decided_by,
        truncated=len(body) > MAX_HTML_BYTES or document.nesting_cut,
        html_chars=len(markup),
        text_chars=len(document.text),
        lang_attr=primary_subtag(document.lang_attr),
        language=detect_language(document.text, document.lang_attr),
        title=document.title,
        **{f"{concept}_words": phrase_counts[concept] for concept in _PHRASES.concepts},
        cart_markup=cues.cart,
        add_to_cart_markup=cues.add_to_cart,
        product_markup=cues.product,
        quantity_fields=cues.quantity_fields,
        prices=prices.prices,
        period_prices=prices.period_prices,
        plan_prices=prices.plan_prices,
        schema_products=schema.products,
        schema_offers=schema.offers,
        schema_priced_offers=schema.priced_offers,
        schema_articles=schema.articles,
        schema_sale_actions=schema.sale_actions,
        article_elements=document.article_elements,
        links=len(document.links),
        shop_links=count_shop_links(links),
        donation_buttons=count_donation_buttons(markup_words, lowered_markup),
        payment_providers=find_payment_providers(markup_words, lowered_markup, text, terms.parts),
        shop_platforms=find_shop_platforms(markup_words, lowered_markup, terms.parts),
        social_networks=find_social_networks(links),
    )
