"""Discovering the websites of business-register enterprises (``destat web discover``).

Candidates come from the register (website and e-mail fields), a domain-registry extract and
search-engine results; each is scored by a transparent logistic model and the best candidate of
each enterprise is kept when its probability reaches a threshold. See docs/discovery.md.
"""

from __future__ import annotations

from destat.web.discover.candidates import SearchHit, SearchProvider, SearchResultsTable
from destat.web.discover.evaluate import Evaluation, evaluate
from destat.web.discover.pipeline import Discovery, discover
from destat.web.discover.scoring import DEFAULT_MODEL, FEATURES, LogisticModel

__all__ = [
    "DEFAULT_MODEL",
    "FEATURES",
    "Discovery",
    "Evaluation",
    "LogisticModel",
    "SearchHit",
    "SearchProvider",
    "SearchResultsTable",
    "discover",
    "evaluate",
]
