"""A small published project for the portal tests: hand-picked figures, written the way
``destat run`` writes them (results.parquet beside its SDMX files)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

TOKEN = "embargo-token-for-tests-0123456789"
REF_AREA = "KE"
AGENCY = "KNBS"
RELEASE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)

# indicator, period, size_class, activity, region, estimate, se, n, quality, conf_status
FIGURES = [
    ("B1", "2025", "GE10", "_T", "_T", 0.473, 0.015, 812, "A", "F"),
    ("B1", "2025", "10-49", "_T", "_T", 0.412, 0.021, 405, "A", "F"),
    ("B1", "2025", "50-249", "_T", "_T", 0.655, 0.034, 290, "A", "F"),
    # Confidential (2 respondents): 0.8765 and its SE 0.0123 must never be served.
    ("B1", "2025", "GE250", "_T", "_T", 0.8765, 0.0123, 2, "A", "C"),
    ("B1", "2025", "GE10", "C10-C33", "_T", 0.512, 0.030, 150, "A", "F"),
    ("B1", "2025", "GE10", "G47", "_T", 0.388, 0.070, 60, "B", "F"),
    ("B1", "2025", "GE10", "_T", "NBO", 0.601, 0.020, 200, "A", "F"),
    ("B1", "2024", "GE10", "_T", "_T", 0.450, 0.016, 790, "A", "F"),
    ("B1", "2024", "10-49", "_T", "_T", 0.390, 0.020, 400, "A", "F"),
    ("B7", "2025", "GE10", "_T", "_T", 0.128, 0.012, 812, "A", "F"),
    ("B7", "2025", "10-49", "_T", "_T", 0.101, 0.016, 405, "B", "F"),
    # Too unreliable (CV 62%): published without a value.
    ("B7", "2025", "50-249", "_T", "_T", 0.0871, 0.054, 290, "C", "F"),
    ("B7", "2025", "GE250", "_T", "_T", 0.302, 0.049, 117, "B", "F"),
]
SECRETS = ("87.65", "87.7", "87,7", "0.8765", "0.0123", "8.71", "0.0871")


def results_table() -> pd.DataFrame:
    """The figures as destat's results table (CI = estimate ± 1.96 SE, CV = SE / estimate)."""
    rows = []
    for code, period, size, activity, region, p, se, n, quality, conf in FIGURES:
        rows.append(
            {
                "indicator": code,
                "unit": "PC_ENT",
                "size_class": size,
                "activity": activity,
                "region": region,
                "owner_sex": "_T",
                "time_period": period,
                "ref_area": REF_AREA,
                "estimate": p,
                "se": se,
                "ci_low": p - 1.96 * se,
                "ci_high": p + 1.96 * se,
                "cv": se / p,
                "deff": 1.0,
                "n": n,
                "quality": quality,
                "conf_status": conf,
                "obs_status": "A",
            }
        )
    return pd.DataFrame(rows)


def config_text(release: datetime | None = None) -> str:
    """The project's destat.toml, with ``[portal] release`` if given."""
    portal = f"\n[portal]\nrelease = {release.isoformat()}\n" if release else ""
    return f"""[project]
name = "ICT use by businesses"
ref_area = "{REF_AREA}"
country = "Kenya"
reference_period = "2025"
agency = "{AGENCY}"

[inputs]
register = "data/register.csv"
sample = "data/sample.csv"
survey = "data/survey.csv"
mapping = "data/mapping.csv"
{portal}"""


def write_project(folder: Path, release: datetime | None = None) -> Path:
    """A project folder with destat.toml and outputs/results.parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "destat.toml").write_text(config_text(release), encoding="utf-8")
    outputs = folder / "outputs"
    outputs.mkdir(exist_ok=True)
    results_table().to_parquet(outputs / "results.parquet", index=False)
    return folder
