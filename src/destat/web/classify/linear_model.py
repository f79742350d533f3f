"""A calibrated logistic model stored as plain JSON: named coefficients, nothing executable.

probability = 1 / (1 + exp(a · (b0 + Σ bᵢ·xᵢ) + c)), where b are the logistic-regression
coefficients and (a, c) the Platt sigmoid fitted on cross-validated scores (the form that
scikit-learn's ``CalibratedClassifierCV(method="sigmoid")`` uses).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from destat.errors import InputFileError
from destat.web.classify.inputs import input_names, input_vector
from destat.web.extract.features import PageFeatures

FORMAT = "destat-linear-model/1"
DEFAULT_MODEL = "sells_online.json"


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Coefficients per input, intercept, Platt calibration and the decision threshold."""

    coefficients: dict[str, float]
    intercept: float
    calibration_slope: float
    calibration_offset: float
    threshold: float
    training: dict[str, Any] = field(default_factory=dict)

    def score(self, features: PageFeatures) -> float:
        """The linear score (log-odds before calibration) of one page or site."""
        values = dict(zip(input_names(), input_vector(features), strict=True))
        return self.intercept + sum(
            weight * values[name] for name, weight in self.coefficients.items()
        )

    def probability(self, features: PageFeatures) -> float:
        """Calibrated probability that the site sells online."""
        exponent = self.calibration_slope * self.score(features) + self.calibration_offset
        return 1.0 / (1.0 + math.exp(min(exponent, 700.0)))

    def to_json(self) -> str:
        """The model as a JSON document (with a format tag)."""
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=2, ensure_ascii=False)


def model_from_json(text: str, where: str) -> LinearModel:
    """Read a model written by :meth:`LinearModel.to_json`; ``where`` names it in errors."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InputFileError(f"model {where} is not valid JSON ({error}).") from error
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise InputFileError(
            f"model {where} is not a destat linear model (expected format {FORMAT!r}). "
            "Train one with `destat web train` or use the model shipped with destat."
        )
    unknown = set(data["coefficients"]) - set(input_names())
    if unknown:
        raise InputFileError(
            f"model {where} uses inputs this version of destat does not compute: "
            f"{', '.join(sorted(unknown))}. Retrain it with `destat web train`."
        )
    return LinearModel(
        coefficients={name: float(value) for name, value in data["coefficients"].items()},
        intercept=float(data["intercept"]),
        calibration_slope=float(data["calibration_slope"]),
        calibration_offset=float(data["calibration_offset"]),
        threshold=float(data["threshold"]),
        training=dict(data.get("training", {})),
    )


def load_model(path: Path | None = None) -> LinearModel:
    """Load a model file, or the model shipped with destat when ``path`` is None."""
    if path is None:
        text = (
            resources.files("destat.web.classify")
            .joinpath("model", DEFAULT_MODEL)
            .read_text(encoding="utf-8")
        )
        return model_from_json(text, f"(shipped) {DEFAULT_MODEL}")
    try:
        return model_from_json(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise InputFileError(f"model {path} cannot be read: {error}") from error
