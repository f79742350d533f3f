"""Scoring saved pages: extract features, combine the pages of each site, apply a classifier.

A page that cannot be read or parsed still gets a prediction, from whatever was read (an
unreadable page counts as a page without evidence), and a logged warning.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from destat.web.classify.linear_model import load_model
from destat.web.classify.rules import THRESHOLD, rule_points, rule_probability
from destat.web.extract.features import PageFeatures, extract_page_features
from destat.web.extract.sites import combine_pages
from destat.web.extract.sources import PageSource, read_saved_pages

logger = logging.getLogger(__name__)

Classifier = Callable[[PageFeatures], tuple[float, int]]
"""Features of a site to (probability, 0/1 decision)."""


class ClassifierKind(StrEnum):
    """Which classifier decides: the trained model or the rule baseline."""

    MODEL = "model"
    RULES = "rules"


@dataclass(frozen=True, slots=True)
class PagePrediction:
    """The decision for one page (the decision of its site) and any problem reading it."""

    page_id: str
    site: str
    probability: float
    sells_online: int
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class ScoredPage:
    """A page with its features (empty when extraction failed) and what went wrong, if anything."""

    source: PageSource
    features: PageFeatures
    problem: str | None


def make_classifier(kind: ClassifierKind, model_path: Path | None = None) -> Classifier:
    """A classifier function of the given kind (the shipped model unless a path is given)."""
    if kind is ClassifierKind.RULES:
        return lambda f: (rule_probability(f), int(rule_points(f) >= THRESHOLD))
    model = load_model(model_path)
    return lambda f: (p := model.probability(f), int(p >= model.threshold))


def score_sources(sources: Iterable[PageSource]) -> list[ScoredPage]:
    """Extract the features of each page, never stopping at a bad one."""
    scored = []
    for source in sources:
        problem = source.problem
        try:
            features = extract_page_features(source.body, source.content_type)
        except Exception as error:  # one hostile page must not stop a run of thousands
            logger.warning(
                "page %s could not be parsed (%s); scored without evidence", source.page_id, error
            )
            features = PageFeatures()
            problem = f"could not be parsed: {error}"
        scored.append(ScoredPage(source, features, problem))
    return scored


def predict_scored(pages: Iterable[ScoredPage], classify: Classifier) -> list[PagePrediction]:
    """Decide per site (pages grouped by host; a page without host is its own site)."""
    sites: dict[str, list[ScoredPage]] = defaultdict(list)
    for page in pages:
        sites[page.source.host or f"page:{page.source.page_id}"].append(page)
    predictions: list[PagePrediction] = []
    for site, members in sites.items():
        probability, decision = classify(combine_pages(page.features for page in members))
        predictions.extend(
            PagePrediction(page.source.page_id, site, probability, decision, page.problem)
            for page in members
        )
    return sorted(predictions, key=lambda prediction: prediction.page_id)


def predict_folder(
    directory: Path,
    classify: Classifier,
    hosts: dict[str, str] | None = None,
    only: Collection[str] | None = None,
) -> list[PagePrediction]:
    """Predict every saved page of a folder (or only the ids in ``only``, unread otherwise)."""
    sources = read_saved_pages(directory, hosts, only)
    return predict_scored(score_sources(sources), classify)
