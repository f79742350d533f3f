"""A demo population and one survey draw (model names, item non-response, sample cells)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.demo import build_population, draw_survey, plan_sample


@pytest.fixture(scope="session")
def respondents() -> pd.DataFrame:
    """Respondents' answers with item non-response, and their size class and industry."""
    population = build_population(20_000, np.random.default_rng(31))
    plan = plan_sample(population.frame, sample_size=800)
    draw = draw_survey(population, plan, np.random.default_rng(32))
    cells = draw.sample[["enterprise_id", "size_class", "industry"]]
    return draw.responses.merge(cells, on="enterprise_id", how="left", validate="one_to_one")
