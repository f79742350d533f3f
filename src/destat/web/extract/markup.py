"""Shop cues in raw markup: class names, ids, link targets and form fields of carts and products.

Shops name their widgets in English whatever the page language (``mini-cart``,
``add-to-cart``, ``product-price``), so these cues travel across languages. The markup is cut
into identifier-like tokens once (on bytes, the cheapest way in Python); every cue is then
looked up among the distinct tokens and their words, so a cue counts once however often it
is repeated, and the cost is a few set and substring look-ups.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from destat.web.extract.limits import MAX_MARKUP_SCAN_CHARS
from destat.web.extract.phrases import trie_pattern

_KEPT = frozenset((string.ascii_lowercase + string.digits + "-_").encode())
# Every byte that cannot be part of an ASCII identifier becomes a space.
_TO_SPACES = bytes(byte if byte in _KEPT else 0x20 for byte in range(256))
# The same, lower-casing ASCII capitals on the way: UTF-8 bytes of a page then give the tokens
# of its lower-cased text in one step.
_LOWERED_TO_SPACES = bytes(
    byte + 0x20 if 0x41 <= byte <= 0x5A else _TO_SPACES[byte] for byte in range(256)
)
# The only non-ASCII characters whose lower case holds an ASCII letter: U+0130 (to "i" and a
# combining dot) and the Kelvin sign (to "k"), as UTF-8.
_LOWERING_TO_ASCII = (b"\xc4\xb0", b"\xe2\x84\xaa")


def _spellings(*phrases: str) -> frozenset[str]:
    """Identifier spellings of phrases: ``add to cart`` gives ``addtocart``, ``add-to-cart``, ..."""
    return frozenset(
        separator.join(phrase.split()) for phrase in phrases for separator in ("", "-", "_")
    )


_CART_WORDS = frozenset(
    [
        "cart",
        "basket",
        "warenkorb",
        "panier",
        "korzina",
        "koszyk",
        "kosik",
        "carrito",
        "carrinho",
        "carrello",
        "winkelwagen",
        "checkout",
        "kasse",
        "minicart",
        "shoppingcart",
        "viewcart",
        "showcart",
        "shoppingbag",
    ]
)
_ADD_TO_CART = _spellings(
    "add to cart",
    "add to basket",
    "add to bag",
    "add2cart",
    "add2basket",
    "add cart",
    "cart add",
    "basket add",
    "buy now",
    "buy btn",
    "buy button",
    "btn buy",
    "one click buy",
    "one click order",
    "quick buy",
    "product add",
)
_PRODUCT = _spellings(
    *(
        f"product {word}"
        for word in [
            "price",
            "list",
            "grid",
            "item",
            "detail",
            "info",
            "name",
            "image",
            "img",
            "tile",
            "card",
            "thumb",
            "box",
            "title",
            "view",
        ]
    ),
    *(
        f"{word} price"
        for word in [
            "regular",
            "special",
            "sale",
            "old",
            "new",
            "final",
            "current",
            "item",
            "offer",
        ]
    ),
    *(
        f"price {word}"
        for word in [
            "box",
            "tag",
            "new",
            "old",
            "regular",
            "final",
            "current",
            "amount",
            "value",
            "block",
            "wrapper",
            "container",
            "label",
        ]
    ),
)
_SPELLING_RE = re.compile(trie_pattern(_ADD_TO_CART | _PRODUCT).encode())
# Every spelling contains one of these words.
_ANCHORS = (b"cart", b"basket", b"bag", b"buy", b"order", b"product", b"price")
_SEPARATORS_TO_LINES = bytes.maketrans(b"-_", b"\n\n")
_QUANTITY_WORDS = frozenset(
    [
        "qty",
        "quantity",
        "quantite",
        "menge",
        "anzahl",
        "cantidad",
        "quantidade",
        "quantita",
        "ilosc",
        "kolichestvo",
    ]
)


@dataclass(frozen=True, slots=True)
class MarkupCues:
    """Cart, add-to-cart, product and quantity cues among the distinct tokens of markup."""

    cart: int
    add_to_cart: int
    product: int
    quantity_fields: int


def markup_tokens(lowered_markup: str, utf8: bytes | None = None) -> bytes:
    """Distinct identifier-like tokens (``mini-cart``, ``paypal``) of lower-cased markup, one a
    line.

    ``utf8``, when given, is the markup before lowering and cutting, as UTF-8: the tokens are
    then cut from those bytes, without encoding the lowered text again (same tokens).
    """
    if (
        utf8 is not None
        and len(utf8) <= MAX_MARKUP_SCAN_CHARS  # so the lowered markup was not cut
        and not any(sequence in utf8 for sequence in _LOWERING_TO_ASCII)
    ):
        cut = utf8.translate(_LOWERED_TO_SPACES)
    else:
        cut = lowered_markup.encode("utf-8", "replace").translate(_TO_SPACES)
    return b"\n".join(frozenset(cut.split()))


def token_words(tokens: bytes) -> frozenset[str]:
    """The words of the tokens, split at ``-`` and ``_`` (``mini-cart``: ``mini``, ``cart``)."""
    return frozenset(tokens.translate(_SEPARATORS_TO_LINES).decode("ascii").split("\n"))


def find_markup_cues(tokens: bytes, words: frozenset[str]) -> MarkupCues:
    """Count the distinct shop cues among a page's markup tokens and their words."""
    spellings = {match.decode() for match in _SPELLING_RE.findall(_tokens_with_anchor(tokens))}
    return MarkupCues(
        cart=len(_CART_WORDS & words),
        add_to_cart=len(_ADD_TO_CART & spellings),
        product=len(_PRODUCT & spellings),
        quantity_fields=len(_QUANTITY_WORDS & words),
    )


def _tokens_with_anchor(tokens: bytes) -> bytes:
    """The tokens that contain an anchor, one a line: the only ones a spelling can match in.

    Finding the few anchors is several times cheaper than running the spelling pattern,
    which has no literal to skip ahead by, over every token.
    """
    chosen = set()
    for anchor in _ANCHORS:
        found = tokens.find(anchor)
        while found != -1:
            start = tokens.rfind(b"\n", 0, found) + 1
            end = tokens.find(b"\n", found)
            end = len(tokens) if end == -1 else end
            chosen.add(tokens[start:end])
            found = tokens.find(anchor, end)
    return b"\n".join(chosen)
