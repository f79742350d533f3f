"""Precision, recall, F1 and the confusion matrix of yes/no predictions against labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BinaryMetrics:
    """Counts of the confusion matrix and the scores derived from them (positive class = 1)."""

    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def precision(self) -> float:
        """Share of predicted positives that are positive (0 when nothing was predicted)."""
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        """Share of positives that were predicted positive (0 when there are none)."""
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        denominator = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / denominator if denominator else 0.0

    @property
    def total(self) -> int:
        """Number of labelled items compared."""
        return (
            self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
        )


def binary_metrics(labels: Sequence[int], predictions: Sequence[int]) -> BinaryMetrics:
    """Compare 0/1 predictions with 0/1 labels, item by item."""
    if len(labels) != len(predictions):
        raise ValueError(f"{len(labels)} labels but {len(predictions)} predictions")
    pairs = list(zip(labels, predictions, strict=True))
    return BinaryMetrics(
        true_positives=sum(1 for label, guess in pairs if label and guess),
        false_positives=sum(1 for label, guess in pairs if not label and guess),
        false_negatives=sum(1 for label, guess in pairs if label and not guess),
        true_negatives=sum(1 for label, guess in pairs if not label and not guess),
    )
