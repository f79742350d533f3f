"""Every shortcut taken for speed gives what the general way gives, on the inputs where the
two could part: characters whose lower case is ASCII, cut input, and the like."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from destat.web.extract import language, prices, vendors
from destat.web.extract import markup as markup_module
from destat.web.extract.document import LABEL_NAMES, parse_document
from destat.web.extract.lexicon import CONCEPTS
from destat.web.extract.limits import MAX_MARKUP_SCAN_CHARS
from destat.web.extract.links import normalised_links
from destat.web.extract.markup import (
    CUE_WORDS,
    MarkupCues,
    MarkupFinder,
    find_markup_cues,
    markup_cut,
)
from destat.web.extract.phrases import PhraseCounter, trie_pattern


def _tokens_from_text(markup: str) -> set[bytes]:
    return set(markup_cut(markup, markup[:MAX_MARKUP_SCAN_CHARS].lower()).split())


def _tokens_from_bytes(markup: str) -> set[bytes]:
    lowered = markup[:MAX_MARKUP_SCAN_CHARS].lower()
    return set(markup_cut(markup, lowered, markup.encode()).split())


@pytest.mark.parametrize(
    "markup",
    [
        '<DIV Class="Mini-Cart">Warenkorb Ü</DIV><input name="QTY">',
        # U+0130 lower-cases to "i" and a combining dot: "İstanbul" gives the tokens i, stanbul
        '<p class="İstanbul-shop">İNDİRİM</p>',
        # the Kelvin sign lower-cases to "k"
        "<span>\u212aasse</span>",
        # the lowered markup is cut at MAX_MARKUP_SCAN_CHARS characters, inside a token
        "<p>" + "x" * (MAX_MARKUP_SCAN_CHARS - 5) + "Basket-Add</p>",
    ],
)
def test_tokens_cut_from_utf8_bytes_equal_tokens_of_the_lowered_text(markup: str) -> None:
    assert _tokens_from_bytes(markup) == _tokens_from_text(markup)


def test_tokens_differ_where_lowering_gives_ascii_so_the_bytes_are_not_used_there() -> None:
    # Without the check, the bytes would give "stanbul" alone: the check is what keeps "i".
    assert b"i" in _tokens_from_bytes("<p>İstanbul</p>")
    assert b"kasse" in _tokens_from_bytes("<p>\u212aasse</p>")


MARKUPS = [
    '<a class="mini-cart cart_link" href="/cart?qty=1">cart</a>',
    "cart-checkout_kasse basket",
    "shoppingbasket carts xcart cart2 qty-menge",
    "<div class='add-to-cart-button product-price-box'>addtocartproduct-price</div>",
    "buy-now-product-list one-click-buy product_price old-price-value add2basket",
    "",
]


@pytest.mark.parametrize("markup", MARKUPS)
def test_vocabulary_words_found_in_one_pass_are_the_whole_words_of_the_tokens(
    markup: str,
) -> None:
    vocabulary = {"cart", "checkout", "kasse", "basket", "qty", "menge", "buy", "price", "mini"}
    cut = markup_cut(markup, markup.lower(), markup.encode())
    words = {word.decode() for word in re.findall(rb"[a-z0-9]+", cut)}
    assert MarkupFinder(vocabulary).find(cut).words == vocabulary & words


@pytest.mark.parametrize(
    "markup",
    [
        '<input placeholder="Search" aria-label="Search" value="Go" title="t" alt="a">',
        '<div data-aria_label="x" xplaceholderx>no labels at all</div>',
        "<P TITLE=Big>Alt text</P><img ALT='Logo'>",
        "",
    ],
)
def test_label_names_found_in_the_tokens_are_those_in_the_markup(markup: str) -> None:
    lowered = markup.lower()
    found = MarkupFinder(CUE_WORDS, parts=LABEL_NAMES).find(markup_cut(markup, lowered)).parts
    assert found == {name for name in LABEL_NAMES if name in lowered}
    absent = set(LABEL_NAMES) - found
    with_skips = parse_document(markup, lowered, markup.encode(), absent)
    assert with_skips == parse_document(markup, lowered, markup.encode())


@pytest.mark.parametrize("markup", MARKUPS)
def test_spellings_found_in_one_pass_are_those_a_regex_finds_token_by_token(markup: str) -> None:
    cut = markup_cut(markup, markup.lower(), markup.encode())
    spelling = re.compile(trie_pattern(markup_module._ADD_TO_CART | markup_module._PRODUCT))
    spellings = {found for token in cut.decode().split() for found in spelling.findall(token)}
    terms = MarkupFinder(CUE_WORDS).find(cut)
    words = terms.words
    expected = MarkupCues(
        cart=len(markup_module._CART_WORDS & words),
        add_to_cart=len(markup_module._ADD_TO_CART & spellings),
        product=len(markup_module._PRODUCT & spellings),
        quantity_fields=len(markup_module._QUANTITY_WORDS & words),
    )
    assert find_markup_cues(terms) == expected


def _script_counts_by_regex(sample: str) -> dict[str, int]:
    """Letters per script as counted before the byte shortcuts: every script by its regex."""
    latin = language._letters(language._SCRIPT_RE["latin"], sample)
    if latin * 2 > len(sample):
        return {"latin": latin}
    return {name: language._letters(regex, sample) for name, regex in language._SCRIPT_RE.items()}


def _code_point_blocks(size: int) -> list[str]:
    characters = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    return ["".join(characters[start : start + size]) for start in range(0, len(characters), size)]


def test_letters_per_script_counted_on_bytes_equal_the_regex_counts_for_every_character() -> None:
    for block in _code_point_blocks(2048):
        # alone (other scripts counted, or found absent), and behind enough Latin to lead
        for sample in (block, "Ab" * len(block) + block, " " * len(block) + "Zz" + block):
            assert language._script_counts(sample) == _script_counts_by_regex(sample)


@pytest.mark.parametrize(
    "text",
    [
        "The cat and the dog, the_end of (the) story: for THE record.",
        "für die Kinder: die Schule und das Haus; die_die 12die die2",
        "são os que não para uma... muito também, são!",
        "не на что по как это — не, на; что?",
        "",
    ],
)
def test_stop_word_scores_equal_counting_every_word(text: str) -> None:
    lowered = text.lower()
    words = Counter(re.findall(r"\w+", lowered))
    expected = {
        code: sum(words[word] for word in language._STOP_WORDS[code])
        for code in language._STOP_WORDS
    }
    candidates = tuple(language._STOP_WORDS)
    assert language._stop_word_scores(lowered, candidates) == expected


def test_plan_words_found_with_look_behind_boundaries_where_leading_boundaries_find_them() -> None:
    leading_boundaries = re.compile(
        prices._PLAN.pattern.replace(r"abo(?<!\wabo)\b", r"\babo\b").replace(
            r"plan(?<!\wplan)s?\b", r"\bplans?\b"
        )
    )
    assert leading_boundaries.pattern != prices._PLAN.pattern
    pieces = ("abo", "plan", "s", " ", "x", "_", "7", "é", "premium")
    for size in range(5):
        for combination in itertools.product(pieces, repeat=size):
            text = "".join(combination)
            # windows inside the text, as count_prices searches them
            for start, end in ((0, len(text)), (1, len(text)), (0, len(text) - 1), (2, 5)):
                expected = leading_boundaries.search(text, start, end) is not None
                assert (prices._PLAN.search(text, start, end) is not None) == expected, text


def _phrase_counts_by_regex(counter: PhraseCounter, text: str) -> Counter[str]:
    """The whole-word phrases of ``text`` found by trying one regex (every phrase, as a trie,
    longest first) at every place where a word starts, the leftmost of overlapping ones kept."""
    text = " ".join(text.split())
    spaced = [phrase for phrase in counter._concept_of if phrase in counter._spaced_phrases]
    pattern = re.compile("(?:" + trie_pattern(spaced) + r")(?!\w)")
    found: Counter[str] = Counter()
    end = 0
    for start in range(len(text)):
        if start < end or (start and re.match(r"\w", text[start - 1])):
            continue
        match = pattern.match(text, start)
        if match:
            found[counter._concept_of[match.group()]] += 1
            end = match.end()
    return found


@pytest.mark.parametrize(
    "text",
    [
        "shop now! shop nowhere, workshop now; the e-shop and the eshop",
        "add to cart\n\n add   to cart cartoon xcart cart. add to shopping cart",
        "в корзину добавить в корзину, положить в корзину оформить заказ",
        "free shipping & returns, shipping and returns; livraison gratuite en stock",
        "buy now buy it now buy-now кошик كوبونات 购物车 and 加入购物车",
        "",
    ],
)
def test_phrases_found_in_one_pass_are_those_a_regex_finds_at_each_word(text: str) -> None:
    counter = PhraseCounter(CONCEPTS)
    expected = _phrase_counts_by_regex(counter, text)
    if counter._unspaced is not None:
        for match in counter._unspaced.finditer(" ".join(text.split())):
            expected[counter._concept_of[match.group()]] += 1
    assert counter.count(text) == expected


@pytest.mark.parametrize(
    "text",
    ["$12.99/mo, usd 1,299.50 per month and 7 items", "plans from 5 usd, premium 9.99$ a year"],
)
def test_prices_of_ascii_text_counted_as_with_unicode_digits(text: str) -> None:
    # The trailing "é" makes the text non-ASCII, so the Unicode pattern runs over the same text.
    assert prices.count_prices(text) == prices.count_prices(text + " é")
    assert prices.count_prices(text).prices >= 2


@pytest.mark.parametrize(
    "links",
    [
        ["ΑΣ", "'Β", "Σ", "ΟΔΟΣ'", " HTTPS://Shop.Example/İ ", "x\u0345Σ", "Σ\u0301"],
        ["/A\x00B", "C"],  # a link holding the separator: each link is lowered alone
        [],
    ],
)
def test_links_lowered_together_equal_links_lowered_one_by_one(links: list[str]) -> None:
    assert normalised_links(links) == [link.strip().lower() for link in links]


def test_the_labels_looked_for_in_the_markup_pass_are_label_attributes() -> None:
    from destat.web.extract import features

    assert features._RARE_LABELS.issubset(LABEL_NAMES)


def test_numbers_found_by_the_listed_digits_are_those_unicode_digits_find_in_every_block() -> None:
    # Each block holds the digits of its scripts: grouped ("١٢٣٫٤٥"), alone, next to letters.
    for block in _code_point_blocks(4096):
        if len(block.encode("utf-16-le", "surrogatepass")) != 2 * len(block):
            continue  # beyond U+FFFF the general pattern runs, as checked below
        spans = [number.span() for number in prices._BMP_NUMBER.finditer(block)]
        assert spans == [number.span() for number in prices._NUMBER.finditer(block)]
    assert prices._BMP_NUMBER.match("\u0661\u0662")
    assert prices._BMP_NUMBER.match("\uff19")


@pytest.mark.parametrize(
    "text",
    [
        "\U0001d7d9\U0001d7da $ and 12 €, \U000104a1 usd",  # mathematical and Osmanya digits
        "prix 12,99 € 🛒 et ١٢ \u20ac",  # an emoji beyond U+FFFF and Arabic-Indic digits
        "цена 1 299 руб. ١٢٣ ₽",
        "\ud800 5 $",  # a lone surrogate
    ],
)
def test_prices_counted_with_the_fastest_number_pattern_equal_those_of_unicode_digits(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = prices.count_prices(text)
    monkeypatch.setattr(prices, "_number_pattern", lambda _: prices._NUMBER)
    assert counted == prices.count_prices(text)
    assert counted.prices >= 1


def _vendor_confirms() -> list[str]:
    tables = (vendors.PAYMENT_PROVIDERS, vendors.SHOP_PLATFORMS)
    return [
        confirm
        for table in tables
        for signatures in table.values()
        for _, confirm in signatures
        if confirm is not None
    ]


def _leading_literals_by_the_regex_parser(alternative: str) -> str:
    from re import _parser

    prefix = []
    for operation, argument in _parser.parse(alternative):
        if operation is not _parser.LITERAL:
            break
        prefix.append(chr(argument))
    return "".join(prefix)


@pytest.mark.parametrize(
    "alternative",
    [
        *(part for pattern in _vendor_confirms() for part in vendors._alternatives(pattern)),
        *vendors._alternatives(vendors._TEXT_PAYMENTS["cash_on_delivery"]),
        *("ab?c", "ab*", "ab+c", "ab{2}", r"a\.b\-c\/", r"\bword", r"x\d", "über-", "(a)b", ""),
    ],
)
def test_leading_literals_of_an_alternative_are_those_the_regex_parser_reads(
    alternative: str,
) -> None:
    literals = vendors._leading_literals(alternative, 0)[0]
    assert literals == _leading_literals_by_the_regex_parser(alternative)


def _vendor_markups() -> list[str]:
    """Markups holding each required part with and without the rest of its pattern, cased,
    next to characters that lower-case to ASCII or are cut into other bytes, and beyond the
    part of the markup that is scanned."""
    examples = [
        "MAIN_PAGE=Shopping_Cart",
        "main_page=product_info",
        "main_page ",
        "Bitrix:Sale sale.basket",
        "bitrix sale",
        "bx_basket",
        "/static/version12/frontend/",
        "version frontend",
        "/modules/blockcart",
        "Route=Checkout/ route=common/",
        "payment_visa pay-visa card-visa",
        "payments.amazon payments amazon",
        "oxid esales oxid\u0130esales \u212aoxid eshop",
        "sofortüberweisung sofort-überweisung SOFORTÜBERWEISUNG",
        'content="shopware content="prestashop',
        "Google Pay google\npay GOOGLE-PAY googlepay Apple-Pay amazon_pay Amazon Pay",
        "wechat_pay WeChat Pay icon-visa logo_visa payment.visa",
    ]
    markups = [f"<p class='x'>{example}</p>" for example in examples]
    markups += [f"<a href='/{example}'>\u0130{example}\u212a</a>" for example in examples]
    markups.append("<p>" + "x" * (MAX_MARKUP_SCAN_CHARS - 10) + "main_page=shopping_cart</p>")
    markups.append(" ".join(examples))
    return markups


@pytest.mark.parametrize("markup", _vendor_markups())
def test_vendors_found_with_absent_parts_skipped_are_those_found_by_every_pattern(
    markup: str,
) -> None:
    from destat.web.extract import features

    lowered = markup[:MAX_MARKUP_SCAN_CHARS].lower()
    terms = features._MARKUP_TERMS.find(markup_cut(markup, lowered, markup.encode()))
    # every trigger word as if present, so that every confirming pattern is weighed
    words = vendors.VENDOR_WORDS
    assert vendors.find_shop_platforms(words, lowered, terms.parts) == (
        vendors.find_shop_platforms(words, lowered)
    )
    assert vendors.find_payment_providers(words, lowered, "", terms.parts) == (
        vendors.find_payment_providers(words, lowered, "")
    )


@pytest.mark.parametrize("markup", _vendor_markups())
def test_every_vendor_match_starts_with_a_leading_spelling_of_its_pattern(markup: str) -> None:
    lowered = markup.lower()
    for pattern in _vendor_confirms():
        for alternative in vendors._alternatives(pattern):
            spellings = vendors.leading_spellings(alternative)
            for match in re.finditer(alternative, lowered):
                assert any(lowered.startswith(spelling, match.start()) for spelling in spellings)


def test_leading_spellings_spell_out_classes_of_literals() -> None:
    assert sorted(vendors.leading_spellings("google[- ]?pay")) == [
        "google pay",
        "google-pay",
        "googlepay",
    ]
    assert vendors.leading_spellings(r"icon[-_]visa\b") == ["icon-visa", "icon_visa"]
    assert vendors.leading_spellings("x[a-z]y") == ["x"]  # a range is not spelled out
    for repeated in ("x[ab]*y", "x[ab]+y", "x[ab]{2}y", "x[ab]?*y"):
        assert vendors.leading_spellings(repeated) == ["x"]
    assert vendors.leading_spellings("[abc][abc][abc]") == []  # too many spellings
    assert vendors.required_parts("google[- ]?pay") == ("google pay", "google-pay", "googlepay")
    assert vendors.required_parts("sofortüberweisung") == ("berweisung",)
    assert vendors.required_parts(r"cdn\d*\.shop") == ()  # too short to be worth a look


def test_patterns_needing_an_absent_part_are_not_run() -> None:
    assert {"main_page ", "bitrix sale", "bx_basket", "google pay"} <= vendors.VENDOR_PARTS
    markup = "main_page=product_info"
    assert vendors.find_shop_platforms(frozenset({"main"}), markup) == ("zen_cart",)
    assert vendors.find_shop_platforms(frozenset({"main"}), markup, frozenset()) == ()
