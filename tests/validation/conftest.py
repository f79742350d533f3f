"""A small demo country for the validation tests, and its survey file under model names."""

from __future__ import annotations

import pandas as pd
import pytest

from destat.demo import CountryFiles, generate_country


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> CountryFiles:
    out = tmp_path_factory.mktemp("validation-country")
    return generate_country(out, n_enterprises=20_000, seed=2025, sample_size=600)


@pytest.fixture(scope="session")
def register_ids(demo: CountryFiles) -> pd.Series:
    return pd.read_csv(demo.register_csv, dtype=str, usecols=["ID_EMP"])["ID_EMP"]
