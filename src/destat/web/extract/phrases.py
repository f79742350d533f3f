"""Counting many multilingual phrases in one pass over a text.

Phrases in scripts written with spaces match only as whole words: an Aho-Corasick automaton
finds every occurrence of every phrase in one pass (in compiled code), and the occurrences
that start and end at word boundaries are kept, the longest at each place, then the leftmost
of those that overlap. Phrases in scripts written without spaces (Chinese, Japanese, Thai)
are matched anywhere, with a regular expression shaped as a trie.

Aho-Corasick: A. V. Aho and M. J. Corasick, "Efficient string matching: an aid to
bibliographic search", Communications of the ACM 18(6), 1975.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

_WORD_CHAR = re.compile(r"\w")
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
        self._spaced_phrases = sorted(set(spaced))
        self._spaced = AhoCorasick(
            self._spaced_phrases, matchkind=MatchKind.Standard, implementation=Implementation.DFA
        )
        self._unspaced = re.compile(trie_pattern(unspaced)) if unspaced else None

    @property
    def concepts(self) -> tuple[str, ...]:
        """The concept names, in the order they were given."""
        return self._concepts

    def count(self, text: str) -> Counter[str]:
        """Return occurrences per concept in ``text`` (which must already be lower case)."""
        # Runs of whitespace become one space first, as in the phrases.
        text = " ".join(text.split())
        found: Counter[str] = Counter()
        for phrase in self._whole_word_matches(text):
            found[self._concept_of[phrase]] += 1
        if self._unspaced is not None and not text.isascii() and _UNSPACED_SCRIPT.search(text):
            for match in self._unspaced.finditer(text):
                found[self._concept_of[match.group()]] += 1
        return found

    def _whole_word_matches(self, text: str) -> list[str]:
        """Leftmost-longest, non-overlapping whole-word phrase matches, in text order."""
        longest: dict[int, str] = {}
        occurrences = self._spaced.find_matches_as_indexes(text, overlapping=True)
        for index, start, end in occurrences:
            if (start and _WORD_CHAR.match(text, start - 1)) or _WORD_CHAR.match(text, end):
                continue
            phrase = self._spaced_phrases[index]
            if len(phrase) > len(longest.get(start, "")):
                longest[start] = phrase
        phrases = []
        end = 0
        for start in sorted(longest):
            if start >= end:
                phrases.append(longest[start])
                end = start + len(longest[start])
        return phrases


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
