"""The main language of a page's text: by script, then by frequent short words.

Simple on purpose: it runs on every page at crawl scale and only has to be right for the
main text of a page, not for short snippets.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import filterfalse

_SAMPLE_CHARS = 6_000
_MIN_EVIDENCE = 5
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("arabic", "\u0600-\u06ff\u0750-\u077f"),
    ("cyrillic", "\u0400-\u04ff"),
    ("kana", "\u3040-\u30ff"),
    ("hangul", "\uac00-\ud7af"),
    ("han", "\u4e00-\u9fff"),
    ("greek", "\u0370-\u03ff"),
    ("hebrew", "\u0590-\u05ff"),
    ("thai", "\u0e00-\u0e7f"),
    ("devanagari", "\u0900-\u097f"),
    ("latin", "A-Za-z\u00c0-\u024f"),
)
# Runs of letters, not single letters: summing run lengths counts the same letters with far
# fewer matches. Written [x][x]* rather than [x]+ so that the engine still skips ahead to the
# next letter of the script instead of trying every position.
_SCRIPT_RE = {name: re.compile(f"[{chars}][{chars}]*") for name, chars in _SCRIPTS}


def _lead_bytes(chars: str) -> set[int]:
    """The UTF-8 lead bytes of the characters of the ranges in a character class (``a-z...``):
    within one encoded length the lead byte grows with the code point, so a range's lead bytes
    run from its first character's to its last's."""
    leads: set[int] = set()
    for first, last in re.findall("(.)-(.)", chars):
        leads.update(range(first.encode()[0], last.encode()[0] + 1))
    return leads


# Bytes that start no letter of a script other than Latin: a sample without other bytes has
# no such letters.
_NOT_OTHER_LEAD_BYTES = bytes(
    set(range(256)).difference(*(_lead_bytes(chars) for name, chars in _SCRIPTS if name != "latin"))
)


# Latin letters counted on UTF-8 bytes, one byte per letter: ASCII letters, and the lead bytes
# C3-C8 (U+00C0-U+023F); U+0240-U+024F share the lead byte C9 with IPA letters, so they are
# counted with their second byte.
_NOT_LATIN_BYTES = bytes(
    byte
    for byte in range(256)
    if not (0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A) and not 0xC3 <= byte <= 0xC8
)
_LATIN_AFTER_C9 = re.compile(rb"\xc9[\x80-\x8f]")
_SINGLE_LANGUAGE_SCRIPTS = {"greek": "el", "hebrew": "he", "thai": "th", "devanagari": "hi"}
_PERSIAN_LETTERS = re.compile("[پچژگکی]")
_STOP_WORDS: dict[str, frozenset[str]] = {
    # Single letters ("a", "i", "w") are left out: navigation junk is full of them.
    code: frozenset(word for word in words.split() if len(word) > 1)
    for code, words in {
        "en": "the and of to is for with that this are you on from",
        "de": "der die und das ist mit nicht den von zu für auf ein eine sie",
        "fr": "le la les et des est pour une dans que du au sur vous pas",
        "es": "el la los las y que para con una por del es en se más",
        "pt": "os que para uma não da em por mais são pelo muito também",
        "it": "il di che e per con non una sono del della la gli le",
        "nl": "de het een en van is voor niet met op dat zijn je ook",
        "pl": "i w z na się nie jest do że to jak o po dla",
        "cs": "se na je že jak jsou ve pro také nebo",
        "sk": "sa na je že ako sú vo pre aj alebo",
        "sv": "och att det som en på är för med av inte till",
        "da": "og at det som en på er for med af ikke til har",
        "no": "og at det som en på er for med av ikke til har",
        "fi": "ja on ei että se oli mutta kun myös ovat",
        "lt": "ir kad yra į su o bet tai iš kaip",
        "hu": "a az és hogy nem is egy van meg ez",
        "tr": "ve bir bu için ile çok ne gibi daha olan",
        "id": "dan yang di ini itu untuk dengan dari tidak akan",
        "ro": "și de în la cu o un pe nu că este",
        "ru": "не на что по как это из от для он все так же бы только",
        "uk": "і в не на що з як це та від для",
        "bg": "на не се от че това са ще във които",
    }.items()
}
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {
    word: tuple(code for code, words in _STOP_WORDS.items() if word in words)
    for word in frozenset().union(*_STOP_WORDS.values())
}
_LATIN_LANGUAGES = tuple(code for code in _STOP_WORDS if code not in ("ru", "uk", "bg"))
_WORD = re.compile(r"\w\w*")  # as \w+, but lets the engine skip to the next word character


def primary_subtag(lang_attr: str) -> str:
    """The language part of a ``lang`` attribute, lower case (``"pt-BR"`` gives ``"pt"``)."""
    return re.split(r"[-_\s]", lang_attr.strip().lower(), maxsplit=1)[0][:8]


def detect_language(text: str, lang_attr: str = "") -> str:
    """ISO 639-1 code of the main language of ``text``; ``lang_attr`` decides when text is thin."""
    # The middle of the text: the start is often navigation, in English whatever the page.
    start = max(0, len(text) // 2 - _SAMPLE_CHARS // 2)
    sample = text[start : start + _SAMPLE_CHARS]
    script_counts = _script_counts(sample)
    script, letters = max(script_counts.items(), key=lambda item: item[1])
    declared = primary_subtag(lang_attr)
    if letters < _MIN_EVIDENCE:
        return declared
    if script in _SINGLE_LANGUAGE_SCRIPTS:
        return _SINGLE_LANGUAGE_SCRIPTS[script]
    if script == "arabic":
        return "fa" if len(_PERSIAN_LETTERS.findall(sample)) > letters // 20 else "ar"
    if script in ("han", "kana", "hangul"):
        if script_counts.get("hangul", 0) > script_counts.get("kana", 0):
            return "ko"
        return "ja" if script_counts.get("kana", 0) > script_counts.get("han", 0) // 10 else "zh"
    candidates = ("ru", "uk", "bg") if script == "cyrillic" else _LATIN_LANGUAGES
    scores = _stop_word_scores(sample.lower(), candidates)
    best = max(scores, key=lambda code: scores[code])
    if scores[best] < _MIN_EVIDENCE:
        return declared or best
    if declared in scores and scores[declared] >= 0.5 * scores[best]:
        return declared
    return best


def _stop_word_scores(lowered: str, candidates: tuple[str, ...]) -> dict[str, int]:
    """Occurrences of each candidate language's stop words among the words (``\\w+``) of a
    lower-cased text, in the order of ``candidates``."""
    # White-space pieces that are words as they are (isalnum is \w without the underscore)
    # are counted as they are; the regex runs over the other pieces alone.
    pieces = lowered.split()
    words = Counter(filter(str.isalnum, pieces))
    words.update(_WORD.findall(" ".join(filterfalse(str.isalnum, pieces))))
    scores = dict.fromkeys(candidates, 0)
    for word in words.keys() & _LANGUAGES_OF_WORD.keys():
        for code in _LANGUAGES_OF_WORD[word]:
            if code in scores:
                scores[code] += words[word]
    return scores


def _script_counts(sample: str) -> dict[str, int]:
    """Letters per script; when over half of all characters are Latin letters (then surely the
    main script), the other scripts are not counted."""
    encoded = sample.encode("utf-8", "surrogatepass")
    latin = len(encoded.translate(None, _NOT_LATIN_BYTES))
    if b"\xc9" in encoded:
        latin += len(_LATIN_AFTER_C9.findall(encoded))
    if latin * 2 > len(sample):
        return {"latin": latin}
    if not encoded.translate(None, _NOT_OTHER_LEAD_BYTES):
        # No byte that starts a letter of another script: all the others count zero.
        return {name: latin if name == "latin" else 0 for name in _SCRIPT_RE}
    return {
        name: latin if name == "latin" else _letters(regex, sample)
        for name, regex in _SCRIPT_RE.items()
    }


def _letters(runs: re.Pattern[str], sample: str) -> int:
    return sum(map(len, runs.findall(sample)))
