"""Every shortcut taken for speed gives what the general way gives, on the inputs where the
two could part: characters whose lower case is ASCII, cut input, and the like."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from destat.web.extract import language, prices, vendors
from destat.web.extract.limits import MAX_MARKUP_SCAN_CHARS
from destat.web.extract.markup import markup_tokens


def _tokens_from_text(markup: str) -> set[bytes]:
    return set(markup_tokens(markup[:MAX_MARKUP_SCAN_CHARS].lower()).split(b"\n"))


def _tokens_from_bytes(markup: str) -> set[bytes]:
    lowered = markup[:MAX_MARKUP_SCAN_CHARS].lower()
    return set(markup_tokens(lowered, markup.encode()).split(b"\n"))


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


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        # literal runs split at characters that are not in tokens (".", "/", " ", "=")
        (r"js\.stripe\.com", (b"js", b"stripe", b"com")),
        ("route=checkout/", (b"route", b"checkout")),
        ("stripe-button", (b"stripe-button",)),
        # a quantified character, class, group or escape ends a run and is not needed
        ("apple[- ]?pay", (b"apple", b"pay")),
        (r"yandex\.?kassa", (b"yandex", b"kassa")),
        ("sofort-?(?:banking|überweisung)", (b"sofort",)),
        (r"/static/version\d+/frontend/", (b"static", b"version", b"frontend")),
        (r"var prestashop\b", (b"var", b"prestashop")),
        ("ab{2,3}c*?d", (b"a", b"d")),
        # characters outside ASCII are not in tokens
        ("sofortüberweisung", (b"sofort", b"berweisung")),
    ],
)
def test_parts_every_match_of_a_pattern_holds(pattern: str, needed: tuple[bytes, ...]) -> None:
    assert vendors._needed_parts(pattern) == needed


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="/i/Google-Pay.svg">',
        "<p>we take Google  pay</p><p>Google Pay</p>",
        '<script src="https://js.stripe.com/v3"></script>',
        "<p>google and paypal, but no such wallet</p>",
        "<p>google</p>",
    ],
)
def test_patterns_searched_after_the_token_check_find_what_a_plain_search_finds(
    markup: str,
) -> None:
    lowered = markup.lower()
    tokens = markup_tokens(lowered, markup.encode())
    for pattern in ("google[- ]?pay", r"js\.stripe\.com|stripe-button"):
        plain = re.search(pattern, lowered) is not None
        found = any(part.search(lowered, tokens) for part in vendors._compiled(pattern))
        assert found == plain, (pattern, markup)
