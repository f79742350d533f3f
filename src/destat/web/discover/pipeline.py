"""Discovery from start to end: gather candidates from every source given, score, pick the best."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from destat.web.discover.candidates import (
    SearchProvider,
    evidence_frame,
    register_evidence,
    search_evidence,
)
from destat.web.discover.evaluate import true_candidates
from destat.web.discover.pages import site_facts
from destat.web.discover.registry import registry_evidence
from destat.web.discover.scoring import (
    DEFAULT_MODEL,
    LogisticModel,
    best_candidates,
    candidate_features,
    fit_model,
    score_candidates,
)
from destat.web.extract.sources import PageSource

__all__ = ["Discovery", "discover"]


@dataclass(frozen=True)
class Discovery:
    """All scored candidates, the best per enterprise, and the model that scored them."""

    candidates: pd.DataFrame
    best: pd.DataFrame
    model: LogisticModel


def discover(
    register: pd.DataFrame,
    *,
    registry: pd.DataFrame | None = None,
    search: SearchProvider | None = None,
    tld: str | None = None,
    pages: Iterable[PageSource] | None = None,
    fit_labels: pd.DataFrame | None = None,
    threshold: float = 0.5,
) -> Discovery:
    """Find, score and choose candidate websites for the enterprises of a register.

    With ``fit_labels`` (enterprise_id, url) the weights are fitted on the candidates of the
    labelled enterprises; otherwise DEFAULT_MODEL is used. ``pages`` are crawled pages of the
    candidates (from :func:`destat.web.extract.sources.iter_pages`), read for identifiers.
    """
    parts = [register_evidence(register)]
    if registry is not None:
        parts.append(registry_evidence(register, registry))
    if search is not None:
        parts.append(search_evidence(register, search))
    evidence = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else evidence_frame([])
    )
    facts = site_facts(pages) if pages is not None else None
    features = candidate_features(evidence, register, tld, facts)
    model = DEFAULT_MODEL
    if fit_labels is not None:
        labelled = features[features["enterprise_id"].isin(fit_labels["enterprise_id"])]
        model = fit_model(labelled, true_candidates(labelled, fit_labels))
    scored = score_candidates(features, model)
    return Discovery(scored, best_candidates(scored, register, threshold), model)
