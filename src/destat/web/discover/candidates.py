"""Candidate websites for each enterprise, with the evidence each source gives for them.

Every source yields *evidence rows* (EVIDENCE_COLUMNS): one per enterprise, candidate root URL
and source. A candidate found by several sources has several rows; scoring combines them.
Sources: the register's own website and e-mail fields, a domain-registry extract (see
:mod:`destat.web.discover.registry`) and search-engine results through a :class:`SearchProvider`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from destat.web.discover.urls import email_domain, is_webmail, site_root

__all__ = [
    "EVIDENCE_COLUMNS",
    "SearchHit",
    "SearchProvider",
    "SearchResultsTable",
    "evidence_frame",
    "register_evidence",
    "search_evidence",
]

EVIDENCE_COLUMNS = (
    "enterprise_id",
    "url",
    "source",
    "tax_id_match",
    "registrant_similarity",
    "search_rank",
    "page_text",
)


_DEFAULTS: dict[str, Any] = {
    "tax_id_match": False,
    "registrant_similarity": 0.0,
    "search_rank": 0,
    "page_text": "",
}


def evidence_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Evidence rows as a table with every column of EVIDENCE_COLUMNS and their defaults."""
    table = pd.DataFrame([_DEFAULTS | row for row in rows], columns=list(EVIDENCE_COLUMNS))
    return table.astype(
        {
            "enterprise_id": str,
            "url": str,
            "source": str,
            "tax_id_match": bool,
            "registrant_similarity": float,
            "search_rank": int,
            "page_text": str,
        }
    )


def register_evidence(register: pd.DataFrame) -> pd.DataFrame:
    """Candidates from the register: its website field and the domain of its e-mail address.

    Free-mail domains (gmail.com, ...; see ``urls.WEBMAIL_DOMAINS``) are skipped, and so are
    values that are not usable web addresses.
    """
    rows: list[dict[str, Any]] = []
    for enterprise, website, email in register[["enterprise_id", "website", "email"]].itertuples(
        index=False
    ):
        url = site_root(website) if website else None
        if url is not None:
            rows.append({"enterprise_id": enterprise, "url": url, "source": "register_url"})
        domain = email_domain(email) if email else None
        if domain is not None and not is_webmail(domain):
            rows.append(
                {
                    "enterprise_id": enterprise,
                    "url": f"http://{domain}/",
                    "source": "register_email",
                }
            )
    return evidence_frame(rows)


@dataclass(frozen=True)
class SearchHit:
    """One search-engine result: its rank (1 = first), address, title and snippet."""

    rank: int
    url: str
    title: str = ""
    snippet: str = ""


class SearchProvider(Protocol):
    """Anything that returns search results for an enterprise (a file, an API client, ...)."""

    def search(self, enterprise_id: str, name: str) -> Sequence[SearchHit]:
        """The results of searching for an enterprise, best first."""
        ...


class SearchResultsTable:
    """Search results already collected, one row per hit (see ``inputs.read_search_results``)."""

    def __init__(self, results: pd.DataFrame) -> None:
        self._hits: dict[str, list[SearchHit]] = {}
        for enterprise, rank, url, title, snippet in results[
            ["enterprise_id", "rank", "url", "title", "snippet"]
        ].itertuples(index=False):
            self._hits.setdefault(enterprise, []).append(SearchHit(int(rank), url, title, snippet))

    def search(self, enterprise_id: str, name: str) -> Sequence[SearchHit]:
        """The stored results of an enterprise in rank order (the name is not used)."""
        return sorted(self._hits.get(enterprise_id, []), key=lambda hit: hit.rank)


def search_evidence(
    register: pd.DataFrame, provider: SearchProvider, max_rank: int = 10
) -> pd.DataFrame:
    """Candidates from search results of rank ``max_rank`` or better, reduced to site roots."""
    rows: list[dict[str, Any]] = []
    for enterprise, name in register[["enterprise_id", "name"]].itertuples(index=False):
        for hit in provider.search(enterprise, name):
            url = site_root(hit.url)
            if url is None or hit.rank > max_rank:
                continue
            rows.append(
                {
                    "enterprise_id": enterprise,
                    "url": url,
                    "source": "search",
                    "search_rank": hit.rank,
                    "page_text": f"{hit.title} {hit.snippet}",
                }
            )
    return evidence_frame(rows)
