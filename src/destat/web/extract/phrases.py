"""Counting many multilingual phrases in one pass over a text.

Phrases in scripts written with spaces match only as whole words. The text is cut into words
once (fast, in C); only where a word that starts some phrase occurs is the phrase pattern (one
regular expression shaped as a trie) tried, anchored there. Scanning the whole text with the
trie would cost about 150 ns per character, as the engine walks the alternatives at every
letter. Phrases in scripts written without spaces (Chinese, Japanese, Thai) are matched
anywhere, with the trie.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import filterfalse

# \w\w* rather than \w+: a pattern that starts with a repeat makes the engine try every
# position instead of skipping to the next word character.
_WORD = re.compile(r"\w\w*")
_WORD_CHAR = re.compile(r"\w")
_MIN_KEY = 3
_Trie = dict[str, "_Trie"]
_UNSPACED_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


class PhraseCounter:
    """Counts, per concept, how often any of its phrases occurs in a lower-cased text."""

    def __init__(self, concepts: Mapping[str, Iterable[str]]) -> None:
        self._concept_of: dict[str, str] = {}
        spaced: list[str] = []
        unspaced: list[str] = []
        for concept, phrases in concepts.items():
            for phrase in phrases:
                key = " ".join(phrase.lower().split())
                if key in self._concept_of and self._concept_of[key] != concept:
                    raise ValueError(f"phrase {key!r} is listed under two concepts")
                self._concept_of[key] = concept
                (unspaced if _UNSPACED_SCRIPT.search(key) else spaced).append(key)
        self._concepts = tuple(concepts)
        self._spaced = re.compile("(?:" + trie_pattern(spaced) + r")(?!\w)")
        # First word of each phrase, and the prefixes searched for it (a first word shorter
        # than three characters is searched with what follows it: "e-shop" by "e-s").
        self._search_keys: dict[str, set[str]] = {}
        # The words of the phrases searched by each prefix: a phrase can occur only in a
        # text that has all of its words (its ends are word boundaries).
        self._words_needed: dict[str, set[frozenset[str]]] = {}
        for phrase in spaced:
            words = _WORD.findall(phrase)
            key = phrase[: max(len(words[0]), _MIN_KEY)]
            self._search_keys.setdefault(words[0], set()).add(key)
            self._words_needed.setdefault(key, set()).add(frozenset(words))
        self._unspaced = re.compile(trie_pattern(unspaced)) if unspaced else None

    @property
    def concepts(self) -> tuple[str, ...]:
        """The concept names, in the order they were given."""
        return self._concepts

    def count(self, text: str) -> Counter[str]:
        """Return occurrences per concept in ``text`` (which must already be lower case)."""
        # Runs of whitespace become one space first: a pattern for "any whitespace" would
        # make the engine crawl along long blank runs of page text again and again.
        pieces = text.split()
        text = " ".join(pieces)
        found: Counter[str] = Counter()
        for phrase in self._whole_word_matches(text, _words(pieces)):
            found[self._concept_of[phrase]] += 1
        if self._unspaced is not None and not text.isascii() and _UNSPACED_SCRIPT.search(text):
            for match in self._unspaced.finditer(text):
                found[self._concept_of[match.group()]] += 1
        return found

    def _whole_word_matches(self, text: str, words: set[str]) -> list[str]:
        """Leftmost-longest, non-overlapping whole-word phrase matches, in text order
        (``words`` are the words of ``text``)."""
        spans: dict[int, str] = {}
        for first in self._search_keys.keys() & words:
            for key in self._search_keys[first]:
                if not any(needed <= words for needed in self._words_needed[key]):
                    continue
                start = text.find(key)
                while start != -1:
                    if start == 0 or not _WORD_CHAR.match(text, start - 1):
                        match = self._spaced.match(text, start)
                        if match:
                            spans[start] = match.group()
                    start = text.find(key, start + 1)
        phrases = []
        end = 0
        for start in sorted(spans):
            if start >= end:
                phrases.append(spans[start])
                end = start + len(spans[start])
        return phrases


def _words(pieces: list[str]) -> set[str]:
    """The distinct words (``\\w+``) of text cut at white space: a piece of word characters
    only (``isalnum`` is ``\\w`` without the underscore) is a word as it is, so the regex
    engine runs over the other pieces alone."""
    distinct = set(pieces)
    words = set(filter(str.isalnum, distinct))
    words.update(_WORD.findall(" ".join(filterfalse(str.isalnum, distinct))))
    return words


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases`` shaped as a trie (one branch per first character)."""
    trie: _Trie = {}
    for phrase in sorted(set(phrases)):
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: _Trie) -> str:
    branches: list[str] = []
    ends_here = False
    for char, child in sorted(node.items()):
        if char == "":
            ends_here = True
            continue
        branches.append(re.escape(char) + _node_pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body
