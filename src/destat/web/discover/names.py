"""Comparing business names with each other, with domain labels and with page text.

Names are reduced to tokens: accents removed, lower case, punctuation dropped, abbreviations
with dots closed up (``S.R.L.`` → ``srl``), and legal-form words and articles removed. Two
reduced strings are compared by the Jaccard index of their character trigrams, which is robust
to word order (tokens are sorted first), small typos and abbreviations.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "LEGAL_FORM_WORDS",
    "jaccard",
    "label_similarity",
    "name_grams",
    "name_similarity",
    "name_tokens",
    "text_similarity",
    "trigram_jaccard",
]

LEGAL_FORM_WORDS = frozenset(
    {
        "sa", "srl", "sas", "sac", "saa", "spa", "eirl", "ltda", "ltd", "limitada", "inc",
        "llc", "plc", "gmbh", "ag", "bv", "cv", "sl", "slu", "cia", "compania", "sociedad",
        "anonima", "responsabilidad", "co", "corp", "corporation", "company",
        "de", "del", "la", "el", "los", "las", "y", "e", "the", "and", "of",
    }
)  # fmt: skip
_DOTTED_LETTER = re.compile(r"\b(\w)\.")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_tokens(name: str) -> list[str]:
    """The words of a name that identify it: no accents, legal forms, articles or one letters."""
    text = _DOTTED_LETTER.sub(r"\1", _plain(name))
    words = _NON_ALNUM.sub(" ", text).split()
    return [w for w in words if len(w) > 1 and w not in LEGAL_FORM_WORDS]


def _trigrams(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard index |a ∩ b| / |a ∪ b| of two sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def trigram_jaccard(a: str, b: str) -> float:
    """Jaccard index of the character trigrams of `` a `` and `` b `` (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return jaccard(_trigrams(a), _trigrams(b))


def name_grams(name: str) -> frozenset[str]:
    """The trigrams of a name's sorted tokens: compute once, compare many times with jaccard."""
    key = " ".join(sorted(name_tokens(name)))
    return _trigrams(key) if key else frozenset()


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two business names, word order and legal forms ignored."""
    return jaccard(name_grams(a), name_grams(b))


def label_similarity(name: str, label: str) -> float:
    """Similarity in [0, 1] of a business name and a domain label (``andina`` in andina.dl)."""
    return trigram_jaccard("".join(name_tokens(name)), label.replace("-", ""))


def text_similarity(name: str, text: str) -> float:
    """Share of the words of a name that occur in a text such as a page title or snippet."""
    words = set(name_tokens(name))
    if not words:
        return 0.0
    return len(words & set(name_tokens(text))) / len(words)
