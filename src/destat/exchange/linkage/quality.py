"""Precision, recall and F1 of linked pairs against known true pairs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from destat.exchange.linkage.errors import LinkageError

__all__ = ["Quality", "linkage_quality"]

_PAIR_KEY = ["provider_id", "register_id"]


@dataclass(frozen=True)
class Quality:
    """Share of linked pairs that are true (precision) and of true pairs linked (recall)."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    linked_pairs: int
    true_pairs: int


def linkage_quality(pairs: pd.DataFrame, truth: pd.DataFrame) -> Quality:
    """Compare linked ``pairs`` with ``truth``; both have provider_id and register_id columns."""
    for name, frame in (("pairs", pairs), ("truth", truth)):
        missing = [c for c in _PAIR_KEY if c not in frame.columns]
        if missing:
            raise LinkageError(
                f"The {name} table lacks columns {missing}; it needs provider_id and register_id."
            )
    linked = pairs[_PAIR_KEY].drop_duplicates()
    true = truth[_PAIR_KEY].drop_duplicates()
    hits = len(linked.merge(true, on=_PAIR_KEY))
    precision = hits / len(linked) if len(linked) else 1.0
    recall = hits / len(true) if len(true) else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, hits, len(linked), len(true))
