"""Shop cues in raw markup: class names, ids, link targets and form fields of carts and products.

Shops name their widgets in English whatever the page language (``mini-cart``,
``add-to-cart``, ``product-price``), so these cues travel across languages. The markup is cut
into identifier-like tokens once (on bytes, the cheapest way in Python); the cue words and
spellings are then found in it by Aho-Corasick automata (one pass each, in compiled code), and
a cue counts once however often it is repeated.

Aho-Corasick: A. V. Aho and M. J. Corasick, "Efficient string matching: an aid to
bibliographic search", Communications of the ACM 18(6), 1975.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

from destat.web.extract.limits import MAX_MARKUP_SCAN_CHARS

_KEPT = frozenset((string.ascii_lowercase + string.digits + "-_").encode())
# Every byte that cannot be part of an ASCII identifier becomes a space.
_TO_SPACES = bytes(byte if byte in _KEPT else 0x20 for byte in range(256))
# The same, lower-casing ASCII capitals on the way: UTF-8 bytes of a page then give the tokens
# of its lower-cased text in one step.
_LOWERED_TO_SPACES = bytes(
    byte + 0x20 if 0x41 <= byte <= 0x5A else _TO_SPACES[byte] for byte in range(256)
)
# The only non-ASCII characters whose lower case holds an ASCII letter: U+0130 (to "i" and a
# combining dot) and the Kelvin sign (to "k").
_LOWERING_TO_ASCII = "\u0130\u212a"


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
# Spellings are found leftmost-longest without overlaps, as a regular expression would find
# them token by token (tokens hold no spaces, so no spelling runs from one to the next).
_SPELLING_LIST = sorted(_ADD_TO_CART | _PRODUCT)
_SPELLINGS = BytesAhoCorasick(
    [spelling.encode() for spelling in _SPELLING_LIST],
    matchkind=MatchKind.LeftmostLongest,
    implementation=Implementation.DFA,
)
_SEPARATORS_TO_SPACES = bytes.maketrans(b"-_", b"  ")
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
CUE_WORDS = _CART_WORDS | _QUANTITY_WORDS
"""The words that :func:`find_markup_cues` looks for among the markup's words."""


@dataclass(frozen=True, slots=True)
class MarkupCues:
    """Cart, add-to-cart, product and quantity cues among the distinct tokens of markup."""

    cart: int
    add_to_cart: int
    product: int
    quantity_fields: int


class WordFinder:
    """Which words of a vocabulary occur in markup as whole words: runs of ``a-z0-9`` between
    other characters (``mini-cart`` holds ``mini`` and ``cart``); and which ``parts`` (runs of
    ``a-z0-9-_``, such as attribute names) may occur anywhere, inside tokens too.

    One Aho-Corasick pass over the markup's tokens (see :func:`markup_cut`), with ``-`` and
    ``_`` as spaces and a space on each side, finds every `` word `` and every part at once.
    A part is looked for with its ``-`` and ``_`` as spaces as well, so a part not found is
    surely absent, while one found may still be absent (``aria_label`` for ``aria-label``).
    """

    def __init__(self, vocabulary: Iterable[str], parts: Iterable[str] = ()) -> None:
        self._words = sorted(set(vocabulary))
        self._parts = sorted(set(parts))
        spaced_parts = [part.encode().translate(_SEPARATORS_TO_SPACES) for part in self._parts]
        self._automaton = BytesAhoCorasick(
            [f" {word} ".encode() for word in self._words] + spaced_parts,
            matchkind=MatchKind.Standard,
            implementation=Implementation.DFA,
        )

    def find(self, cut: bytes) -> tuple[frozenset[str], frozenset[str]]:
        """The vocabulary words among the tokens of ``cut``, and the parts that may be in it."""
        spaced = b" " + cut.translate(_SEPARATORS_TO_SPACES) + b" "
        found = {index for index, _, _ in self._automaton.find_matches_as_indexes(spaced, True)}
        words, count = self._words, len(self._words)
        return (
            frozenset(words[index] for index in found if index < count),
            frozenset(self._parts[index - count] for index in found if index >= count),
        )


def markup_cut(markup: str, lowered_markup: str, utf8: bytes | None = None) -> bytes:
    """Lower-cased markup as ASCII bytes where every character that cannot be part of an
    identifier is a space: its tokens (``mini-cart``, ``paypal``) stand between spaces.

    ``lowered_markup`` is ``markup`` cut and lower-cased; ``utf8``, when given, is ``markup``
    as UTF-8: the tokens are then cut from those bytes, without encoding the lowered text
    again (same tokens).
    """
    if (
        utf8 is not None
        and len(utf8) <= MAX_MARKUP_SCAN_CHARS  # so the lowered markup was not cut
        and not any(char in markup for char in _LOWERING_TO_ASCII)
    ):
        return utf8.translate(_LOWERED_TO_SPACES)
    return lowered_markup.encode("utf-8", "replace").translate(_TO_SPACES)


def find_markup_cues(cut: bytes, words: frozenset[str]) -> MarkupCues:
    """Count the distinct shop cues among a page's markup tokens (``cut``, see
    :func:`markup_cut`) and their words (found with :data:`CUE_WORDS` in the vocabulary)."""
    found = _SPELLINGS.find_matches_as_indexes(cut)
    spellings = {_SPELLING_LIST[index] for index, _, _ in found}
    return MarkupCues(
        cart=len(_CART_WORDS & words),
        add_to_cart=len(_ADD_TO_CART & spellings),
        product=len(_PRODUCT & spellings),
        quantity_fields=len(_QUANTITY_WORDS & words),
    )
