"""Does a site sell online? A transparent rule baseline and a small calibrated model.

The model is a logistic regression over a handful of named inputs (see :mod:`inputs`),
shipped as plain JSON coefficients; :mod:`training` documents how it was fitted and checked.
"""

from destat.web.classify.linear_model import LinearModel, load_model
from destat.web.classify.metrics import BinaryMetrics, binary_metrics
from destat.web.classify.rules import THRESHOLD, rule_points, rule_probability
from destat.web.classify.scoring import (
    ClassifierKind,
    PagePrediction,
    make_classifier,
    predict_folder,
)

__all__ = [
    "THRESHOLD",
    "BinaryMetrics",
    "ClassifierKind",
    "LinearModel",
    "PagePrediction",
    "binary_metrics",
    "load_model",
    "make_classifier",
    "predict_folder",
    "rule_points",
    "rule_probability",
]
