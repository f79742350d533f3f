"""Scoring saved pages: extract features, combine the pages of each site, apply a classifier.

A page that cannot be read or parsed still gets a prediction, from whatever was read (an
unreadable page counts as a page without evidence), and its ``problem`` says what went wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from destat.errors import InputFileError
from destat.web.classify.linear_model import load_model
from destat.web.classify.rules import THRESHOLD, rule_points, rule_probability
from destat.web.extract.batch import ExtractedPage, extract_sources
from destat.web.extract.features import PageFeatures
from destat.web.extract.sites import combine_pages, site_key
from destat.web.extract.sources import read_saved_pages

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


def make_classifier(kind: ClassifierKind, model_path: Path | None = None) -> Classifier:
    """A classifier function of the given kind (the shipped model unless a path is given)."""
    if kind is ClassifierKind.RULES:
        return lambda f: (rule_probability(f), int(rule_points(f) >= THRESHOLD))
    model = load_model(model_path)
    return lambda f: (p := model.probability(f), int(p >= model.threshold))


def predict_pages(pages: Iterable[ExtractedPage], classify: Classifier) -> list[PagePrediction]:
    """Decide per site (pages grouped by host; a page without host is its own site)."""
    sites: dict[str, list[ExtractedPage]] = defaultdict(list)
    for page in pages:
        sites[site_key(page.source.host, page.source.page_id)].append(page)
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
    predictions = predict_pages(extract_sources(read_saved_pages(directory, hosts, only)), classify)
    if not predictions:
        raise InputFileError(
            f"no saved page was found in {directory}: expected files named <id>.html, "
            "<id>.htm or <id>.html.gz (for `evaluate`: with the ids of the labels file)."
        )
    return predictions
