"""A small generated results table: a few indicators by breakdowns, with flagged cells."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

REF_AREA = "KE"
REGIONS = {"NBO": "Nairobi", "MSA": "Mombasa"}
PREPARED = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
INDICATORS = (("B1", "PC_ENT"), ("B2", "PC_EMP"), ("B7", "PC_ENT"), ("B9_FIXED_BB", "PC_ENT"))
BREAKDOWNS = (
    # (size_class, activity, owner_sex, region)
    ("GE10", "_T", "_T", "_T"),
    ("10-49", "_T", "_T", "_T"),
    ("50-249", "_T", "_T", "_T"),
    ("GE250", "_T", "_T", "_T"),
    ("GE10", "C10-C33", "_T", "_T"),
    ("GE10", "G47", "_T", "_T"),
    ("GE10", "_T", "F", "_T"),
    ("GE10", "_T", "M", "_T"),
    ("GE10", "_T", "_T", "NBO"),
    ("GE10", "_T", "_T", "MSA"),
)


def make_results(seed: int = 7) -> pd.DataFrame:
    """Estimates with SE, CI, CV, n and flags; some cells confidential or unreliable."""
    rng = np.random.default_rng(seed)
    rows = []
    for indicator, unit in INDICATORS:
        for size, activity, sex, region in BREAKDOWNS:
            p = float(rng.uniform(0.05, 0.95))
            se = float(rng.uniform(0.005, 0.06))
            rows.append(
                {
                    "indicator": indicator,
                    "unit": unit,
                    "size_class": size,
                    "activity": activity,
                    "owner_sex": sex,
                    "region": region,
                    "time_period": "2025",
                    "ref_area": REF_AREA,
                    "estimate": p,
                    "se": se,
                    "ci_low": p - 1.96 * se,
                    "ci_high": p + 1.96 * se,
                    "cv": se / p,
                    "n": int(rng.integers(3, 400)),
                    "quality": "A" if se / p < 0.15 else "B",
                    "conf_status": "F",
                    "obs_status": "A",
                }
            )
    table = pd.DataFrame(rows)
    table.loc[3, ["conf_status", "n"]] = ["C", 2]  # primary confidential
    table.loc[13, "conf_status"] = "D"  # secondary suppression
    table.loc[17, "quality"] = "C"  # too unreliable to publish
    table.loc[21, "obs_status"] = "E"
    table.loc[25, ["estimate", "se", "ci_low", "ci_high", "cv", "n", "quality"]] = None
    table.loc[25, "obs_status"] = "L"  # not collected
    table.loc[30, ["estimate", "se", "ci_low", "ci_high", "cv"]] = [0.0, 0.0, 0.0, 0.0, np.nan]
    return table
