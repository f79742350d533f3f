"""Shared small demo countries: built once per test session, small enough to stay fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from destat.demo import CountryFiles, Population, build_population, generate_country

# A register this small still gives a frame of a few hundred and room for every planted error.
SMALL_COUNTRY = {"n_enterprises": 3_000, "seed": 42, "sample_size": 200}


@pytest.fixture(scope="session")
def population() -> Population:
    return build_population(20_000, np.random.default_rng(11))


@pytest.fixture(scope="session")
def country_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("country")


@pytest.fixture(scope="session")
def country_settings() -> dict[str, int]:
    return dict(SMALL_COUNTRY)


@pytest.fixture(scope="session")
def country(country_dir: Path, country_settings: dict[str, int]) -> CountryFiles:
    return generate_country(country_dir, **country_settings)
