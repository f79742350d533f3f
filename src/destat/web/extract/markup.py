"""Shop cues in raw markup: class names, ids, link targets and form fields of carts and products.

Shops name their widgets in English whatever the page language (``mini-cart``,
``add-to-cart``, ``product-price``), so these cues travel across languages. The markup is cut
into identifier-like tokens once (on bytes, the cheapest way in Python); the cue words and
spellings are then found in it by one pass of an Aho-Corasick automaton (compiled code), and
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
# Kinds of terms a MarkupFinder looks for, and the characters around a whole word.
_WORD, _PART, _SPELLING = 0, 1, 2
_BOUNDS = (" ", "-", "_")
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


@dataclass(frozen=True, slots=True)
class MarkupTerms:
    """What :class:`MarkupFinder` found among the tokens of a page's markup."""

    words: frozenset[str]
    """Vocabulary words found as whole words: runs of ``a-z0-9`` between other characters
    (``mini-cart`` holds ``mini`` and ``cart``)."""
    parts: frozenset[str]
    """Parts (runs of ``a-z0-9-_``, such as attribute names) found anywhere, in a token too."""
    spellings: frozenset[str]
    """Cue spellings (``add-to-cart``), found leftmost-longest without overlaps, as a regular
    expression finds them token by token."""


class MarkupFinder:
    """Finds vocabulary words, parts and cue spellings in markup tokens (see :func:`markup_cut`)
    in one Aho-Corasick pass that reports every occurrence of every pattern; a whole word is
    looked for between two of space, ``-`` and ``_`` (the tokens have a space on each side)."""

    def __init__(self, vocabulary: Iterable[str], parts: Iterable[str] = ()) -> None:
        terms: dict[bytes, list[tuple[int, str]]] = {}
        for word in sorted(set(vocabulary)):
            for before in _BOUNDS:
                for after in _BOUNDS:
                    terms.setdefault(f"{before}{word}{after}".encode(), []).append((_WORD, word))
        for part in sorted(set(parts)):
            terms.setdefault(part.encode(), []).append((_PART, part))
        for spelling in sorted(_ADD_TO_CART | _PRODUCT):
            terms.setdefault(spelling.encode(), []).append((_SPELLING, spelling))
        self._terms = list(terms.values())
        self._automaton = BytesAhoCorasick(
            list(terms), matchkind=MatchKind.Standard, implementation=Implementation.DFA
        )

    def find(self, cut: bytes) -> MarkupTerms:
        """The words, parts and spellings among the tokens of ``cut``."""
        found: tuple[set[str], set[str]] = (set(), set())
        spellings: list[tuple[int, int, str]] = []
        for index, start, end in self._automaton.find_matches_as_indexes(b" " + cut + b" ", True):
            for kind, name in self._terms[index]:
                if kind == _SPELLING:
                    spellings.append((start, -end, name))
                else:
                    found[kind].add(name)
        kept, reached = set(), 0
        for start, negative_end, name in sorted(spellings):  # the longest first at each start
            if start >= reached:
                kept.add(name)
                reached = -negative_end
        return MarkupTerms(frozenset(found[_WORD]), frozenset(found[_PART]), frozenset(kept))


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


def find_markup_cues(terms: MarkupTerms) -> MarkupCues:
    """Count the distinct shop cues among a page's markup terms (found by a
    :class:`MarkupFinder` whose vocabulary holds :data:`CUE_WORDS`)."""
    return MarkupCues(
        cart=len(_CART_WORDS & terms.words),
        add_to_cart=len(_ADD_TO_CART & terms.spellings),
        product=len(_PRODUCT & terms.spellings),
        quantity_fields=len(_QUANTITY_WORDS & terms.words),
    )
