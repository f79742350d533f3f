"""Precision, recall and F1 of the kept websites against a labelled sample.

Only labelled enterprises count. A kept URL is right when its site (host without ``www.``)
is the labelled site. Precision = right / kept; recall = right / labelled enterprises that have
a website; F1 is their harmonic mean. A URL kept for an enterprise labelled as having no
website is a false positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.web.discover.urls import site_key, site_root

__all__ = ["Evaluation", "evaluate", "true_candidates"]


@dataclass(frozen=True)
class Evaluation:
    """Counts and rates of a discovery run on a labelled sample."""

    labelled: int
    with_website: int
    kept: int
    right: int

    @property
    def precision(self) -> float:
        """Share of kept URLs that are right (1 when none is kept)."""
        return self.right / self.kept if self.kept else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled websites that were found and kept (1 when none exists)."""
        return self.right / self.with_website if self.with_website else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _true_sites(labels: pd.DataFrame) -> pd.Series:
    roots = [site_root(url) if url else None for url in labels["url"]]
    return pd.Series(
        [site_key(r) if r else "" for r in roots], index=labels["enterprise_id"], dtype=str
    )


def evaluate(best: pd.DataFrame, labels: pd.DataFrame) -> Evaluation:
    """Compare the kept best URLs (``best_candidates``) with labelled true websites."""
    truth = _true_sites(labels)
    rows = best[best["enterprise_id"].isin(truth.index)]
    kept = rows[rows["kept"]]
    found = kept["url"].map(site_key).to_numpy()
    right = int((found == truth.loc[kept["enterprise_id"]].to_numpy()).sum())
    return Evaluation(
        labelled=len(truth), with_website=int((truth != "").sum()), kept=len(kept), right=right
    )


def true_candidates(candidates: pd.DataFrame, labels: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """For candidates of labelled enterprises: True where the candidate is the labelled site."""
    truth = _true_sites(labels)
    expected = candidates["enterprise_id"].map(truth).fillna("").to_numpy()
    return np.asarray(candidates["url"].map(site_key).to_numpy() == expected, dtype=bool)
