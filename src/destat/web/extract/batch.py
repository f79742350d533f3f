"""Extracting many pages in a row, where one bad page must not stop the others."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from destat.web.extract.features import PageFeatures, extract_page_features
from destat.web.extract.sources import PageSource

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """A page, its features (empty when extraction failed) and what went wrong, if anything."""

    source: PageSource
    features: PageFeatures
    problem: str | None


def extract_sources(sources: Iterable[PageSource]) -> Iterator[ExtractedPage]:
    """Extract the features of each page; a page that fails is kept, without evidence, and its
    ``problem`` says why (callers report it)."""
    for source in sources:
        problem = source.problem
        try:
            features = extract_page_features(source.body, source.content_type)
        except Exception as error:  # one hostile page must not stop a run of thousands
            logger.info("page %s could not be parsed: %s", source.page_id, error)
            features, problem = PageFeatures(), f"could not be parsed ({error})"
        yield ExtractedPage(source, features, problem)
