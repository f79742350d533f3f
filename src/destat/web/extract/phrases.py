"""Counting many multilingual phrases in one pass over a text.

All phrases of all concepts go into one regular expression shaped as a trie, so that the
engine rejects most positions after a single character. Phrases in scripts written without
spaces (Chinese, Japanese, Thai) are matched anywhere; all others only as whole words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

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
                key = phrase.lower()
                if key in self._concept_of and self._concept_of[key] != concept:
                    raise ValueError(f"phrase {key!r} is listed under two concepts")
                self._concept_of[key] = concept
                (unspaced if _UNSPACED_SCRIPT.search(key) else spaced).append(key)
        self._concepts = tuple(concepts)
        # The start-of-word check is done in Python: a look-behind at the start of the pattern
        # would stop the regex engine from skipping quickly over positions (ten times slower).
        self._spaced = re.compile("(?:" + trie_pattern(spaced) + r")(?!\w)")
        self._unspaced = re.compile(trie_pattern(unspaced)) if unspaced else None

    @property
    def concepts(self) -> tuple[str, ...]:
        """The concept names, in the order they were given."""
        return self._concepts

    def count(self, text: str) -> Counter[str]:
        """Return occurrences per concept in ``text`` (which must already be lower case)."""
        found: Counter[str] = Counter()
        for match in self._spaced.finditer(text):
            start = match.start()
            if start == 0 or not _WORD_CHAR.match(text, start - 1):
                found[self._concept_of[_normalise_space(match.group())]] += 1
        if self._unspaced is not None and _UNSPACED_SCRIPT.search(text):
            for match in self._unspaced.finditer(text):
                found[self._concept_of[match.group()]] += 1
        return found


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases`` shaped as a trie; a space in a phrase matches any
    run of whitespace."""
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
        atom = r"\s+" if char == " " else re.escape(char)
        branches.append(atom + _node_pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body
