"""Training the sells-online model on labelled sites, and estimating how well it generalises.

Method: L2-regularised logistic regression on the inputs of :mod:`inputs`, with Platt
(sigmoid) calibration fitted on cross-validated scores (``CalibratedClassifierCV``,
``ensemble=False``; Platt 1999). Generalisation is estimated by repeated cross-validation in
which all pages of one registered domain stay in the same fold (``StratifiedGroupKFold``), so
that no site is scored by a model that saw it. The decision threshold is the one, on a
coarse grid, with the best mean cross-validated F1 (Lipton, Elkan and Naryanaswamy 2014
show that the F1-optimal threshold of a calibrated model lies below 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

from destat.errors import InputFileError
from destat.web.classify.inputs import input_names, input_rows
from destat.web.classify.linear_model import LinearModel
from destat.web.classify.metrics import BinaryMetrics, binary_metrics
from destat.web.extract.features import PageFeatures
from destat.web.extract.sites import combine_pages, site_group, site_key

REGULARISATION_C = 3.0
THRESHOLD_GRID = (0.30, 0.35, 0.40, 0.45, 0.50)
FOLDS = 5
REPEATS = 10


@dataclass(frozen=True, slots=True)
class LabelledSite:
    """A site's combined features, its label and its group (registered domain) for CV."""

    site: str
    group: str
    features: PageFeatures
    label: int


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Mean cross-validated precision, recall and F1 per threshold, over the repeats."""

    scores: dict[float, tuple[float, float, float]]
    folds: int
    repeats: int

    def best_threshold(self) -> float:
        """The threshold with the highest mean F1 (the higher one on ties)."""
        return max(self.scores, key=lambda threshold: (self.scores[threshold][2], threshold))


def cross_validate(
    sites: Sequence[LabelledSite], seed: int, folds: int = FOLDS, repeats: int = REPEATS
) -> CrossValidation:
    """Repeated grouped, stratified K-fold CV of the whole fitting procedure."""
    x, y, groups = _arrays(sites)
    per_threshold: dict[float, list[BinaryMetrics]] = {t: [] for t in THRESHOLD_GRID}
    for repeat in range(repeats):
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed + repeat)
        probabilities = np.zeros(len(y))
        for train, test in splitter.split(x, y, groups):
            fitted = _fit(x[train], y[train], groups[train], seed)
            probabilities[test] = fitted.predict_proba(x[test])[:, 1]
        for threshold, results in per_threshold.items():
            results.append(binary_metrics(list(y), list((probabilities >= threshold).astype(int))))
    scores = {
        threshold: (
            float(np.mean([m.precision for m in results])),
            float(np.mean([m.recall for m in results])),
            float(np.mean([m.f1 for m in results])),
        )
        for threshold, results in per_threshold.items()
    }
    return CrossValidation(scores, folds, repeats)


def train_model(
    sites: Sequence[LabelledSite],
    seed: int,
    description: dict[str, Any],
    repeats: int = REPEATS,
) -> tuple[LinearModel, CrossValidation]:
    """Fit the model on all sites, with the threshold chosen by cross-validation."""
    validation = cross_validate(sites, seed, repeats=repeats)
    threshold = validation.best_threshold()
    x, y, groups = _arrays(sites)
    fitted = _fit(x, y, groups, seed)
    calibrated = fitted.calibrated_classifiers_[0]
    regression = calibrated.estimator
    sigmoid = calibrated.calibrators[0]
    precision, recall, f1 = validation.scores[threshold]
    model = LinearModel(
        coefficients={
            name: round(float(weight), 6)
            for name, weight in zip(input_names(), regression.coef_[0], strict=True)
        },
        intercept=round(float(regression.intercept_[0]), 6),
        calibration_slope=round(float(sigmoid.a_), 6),
        calibration_offset=round(float(sigmoid.b_), 6),
        threshold=threshold,
        training={
            **description,
            "sites": len(sites),
            "positive_sites": int(y.sum()),
            "regularisation_C": REGULARISATION_C,
            "seed": seed,
            "cv": f"{validation.repeats} x {validation.folds}-fold StratifiedGroupKFold "
            "by registered domain",
            "cv_precision": round(precision, 3),
            "cv_recall": round(recall, 3),
            "cv_f1": round(f1, 3),
            "cv_f1_at_0.5": round(validation.scores[0.5][2], 3),
        },
    )
    return model, validation


def _fit(
    x: NDArray[np.float64], y: NDArray[np.int64], groups: NDArray[np.str_], seed: int
) -> CalibratedClassifierCV:
    inner_folds = min(FOLDS, int(np.bincount(y).min()))
    splitter = StratifiedGroupKFold(n_splits=inner_folds, shuffle=True, random_state=seed)
    calibrated = CalibratedClassifierCV(
        LogisticRegression(C=REGULARISATION_C, max_iter=1000),
        method="sigmoid",
        cv=list(splitter.split(x, y, groups)),
        ensemble=False,
    )
    return calibrated.fit(x, y)


def _arrays(
    sites: Sequence[LabelledSite],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.str_]]:
    labels = [site.label for site in sites]
    if len(set(labels)) < 2 or min(labels.count(0), labels.count(1)) < FOLDS:
        raise InputFileError(
            f"training needs at least {FOLDS} sites of each label; found "
            f"{labels.count(1)} labelled 1 and {labels.count(0)} labelled 0. Label more pages."
        )
    x = np.asarray(input_rows([site.features for site in sites]), dtype=np.float64)
    return x, np.asarray(labels, dtype=np.int64), np.asarray([site.group for site in sites])


def labelled_sites(
    pages: Sequence[tuple[str, str, PageFeatures]], labels: dict[str, int]
) -> list[LabelledSite]:
    """Group labelled pages ``(page_id, host, features)`` into sites (one per host).

    A page without host is its own site. A site is labelled 1 when any of its pages is.
    """
    members: dict[str, list[tuple[str, PageFeatures]]] = {}
    for page_id, host, features in pages:
        members.setdefault(site_key(host, page_id), []).append((page_id, features))
    return [
        LabelledSite(
            site=site,
            group=site_group(site),
            features=combine_pages(features for _, features in pages_of_site),
            label=max(labels[page_id] for page_id, _ in pages_of_site),
        )
        for site, pages_of_site in members.items()
    ]
