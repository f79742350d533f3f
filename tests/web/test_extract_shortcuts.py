"""Every shortcut taken for speed gives what the general way gives, on the inputs where the
two could part: characters whose lower case is ASCII, cut input, and the like."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from destat.web.extract import language
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
