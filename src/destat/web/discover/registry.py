"""Candidates from a domain-registry extract (as .br publishes domains with the holder's CNPJ).

Two joins: an exact join on the normalised tax ID (letters and digits only, upper case, so that
``80.412.345-7`` and ``804123457`` agree), and a fuzzy join of the registrant's name to the
business name (:func:`destat.web.discover.names.name_similarity`). The fuzzy join only compares
pairs that share a name word, which keeps it fast on large registers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pandas as pd

from destat.web.discover.candidates import evidence_frame
from destat.web.discover.names import jaccard, name_grams, name_tokens
from destat.web.discover.urls import site_root

__all__ = ["normalise_tax_id", "registry_evidence"]

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normalise_tax_id(tax_id: str) -> str:
    """A tax ID with only its letters and digits, upper case (``""`` when none remain)."""
    return _NOT_ALNUM.sub("", tax_id.upper())


def _usable_registry(registry: pd.DataFrame) -> pd.DataFrame:
    table = registry.assign(url=registry["domain"].map(site_root))
    table = table[table["url"].notna()].reset_index(drop=True)
    return table.assign(tax_key=table["registrant_tax_id"].map(normalise_tax_id))


def registry_evidence(
    register: pd.DataFrame,
    registry: pd.DataFrame,
    min_similarity: float = 0.5,
    max_name_matches: int = 3,
) -> pd.DataFrame:
    """Candidates from the registry: every domain whose holder has the enterprise's tax ID, and
    the ``max_name_matches`` domains whose holder's name is most similar to the business name
    (at least ``min_similarity``)."""
    table = _usable_registry(registry)
    by_tax: dict[str, list[int]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    for row, (tax_key, holder) in enumerate(
        table[["tax_key", "registrant_name"]].itertuples(index=False)
    ):
        if tax_key:
            by_tax[tax_key].append(row)
        for word in set(name_tokens(holder)):
            by_word[word].append(row)
    urls = table["url"].tolist()
    holders = [name_grams(holder) for holder in table["registrant_name"]]
    rows: list[dict[str, Any]] = []
    for enterprise, name, tax_id in register[["enterprise_id", "name", "tax_id"]].itertuples(
        index=False
    ):
        tax_key = normalise_tax_id(tax_id)
        grams = name_grams(name)
        for hit in by_tax.get(tax_key, []) if tax_key else []:
            rows.append(
                {
                    "enterprise_id": enterprise,
                    "url": urls[hit],
                    "source": "registry_tax_id",
                    "tax_id_match": True,
                    "registrant_similarity": jaccard(grams, holders[hit]),
                }
            )
        sharing = {hit for word in set(name_tokens(name)) for hit in by_word.get(word, [])}
        scored = sorted(((jaccard(grams, holders[hit]), hit) for hit in sharing), reverse=True)
        for similarity, hit in scored[:max_name_matches]:
            if similarity < min_similarity:
                break
            rows.append(
                {
                    "enterprise_id": enterprise,
                    "url": urls[hit],
                    "source": "registry_name",
                    "registrant_similarity": similarity,
                }
            )
    return evidence_frame(rows)
