"""Shared data for the survey tests: R's ``api`` samples, as committed under tests/data/api."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

API = Path(__file__).resolve().parents[1] / "data" / "api"


@pytest.fixture(scope="session")
def apistrat_path() -> Path:
    return API / "apistrat.csv"


@pytest.fixture
def apistrat(apistrat_path: Path) -> pd.DataFrame:
    return pd.read_csv(apistrat_path)
