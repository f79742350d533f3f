"""Frame, sample and repeated survey draws from one population."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from destat.demo import Population, SurveyScope, draw_survey, plan_sample, true_proportions
from destat.demo.sampling import build_frame, select_stratified
from destat.errors import ConfigError


def test_frame_follows_the_scope(population: Population) -> None:
    frame_rows = population.register.iloc[population.frame.rows]
    assert (frame_rows["persons_employed"] >= 10).all()
    assert frame_rows["industry"].notna().all()
    assert not frame_rows["section"].isin(["A", "K", "P", "Q"]).any()
    assert int(population.frame.strata["population"].sum()) == len(frame_rows)
    wider = build_frame(population.register, SurveyScope(min_persons_employed=0))
    assert len(wider.rows) > 5 * len(population.frame.rows)


def test_scope_selecting_nobody_is_refused(population: Population) -> None:
    with pytest.raises(ConfigError, match="selects no enterprise"):
        build_frame(population.register, SurveyScope(industries=("Z99",)))


@pytest.mark.parametrize("allocation", ["neyman", "proportional"])
def test_sample_design(population: Population, allocation: str) -> None:
    plan = plan_sample(population.frame, 600, allocation)
    draw = draw_survey(population, plan, np.random.default_rng(1))
    sample = draw.sample
    strata = population.frame.strata.assign(n=plan.sample_sizes)
    assert len(sample) == 600 == plan.sample_sizes.sum()
    assert sample["enterprise_id"].is_unique
    assert (strata["n"] >= np.minimum(3, strata["population"])).all()
    assert (strata["n"] <= strata["population"]).all()
    take_all = strata[strata["take_all"]]
    assert (take_all["n"] == take_all["population"]).all()
    frame_ids = population.register["enterprise_id"].iloc[population.frame.rows]
    large = frame_ids[population.register["size_class"].iloc[population.frame.rows] == "GE250"]
    assert set(large) <= set(sample["enterprise_id"])
    weight_sums = sample.groupby("stratum")["design_weight"].sum()
    expected = strata.set_index("stratum")["population"]
    np.testing.assert_allclose(weight_sums, expected[weight_sums.index], rtol=1e-12)
    assert (
        sample["stratum_population"] / sample["stratum_sample"] == sample["design_weight"]
    ).all()


def test_selection_is_uniform_within_strata() -> None:
    strata = np.repeat([0, 1], [10, 5])
    sizes = np.array([3, 5])
    rng = np.random.default_rng(2)
    counts = np.zeros(15)
    draws = 4000
    for _ in range(draws):
        chosen = select_stratified(strata, sizes, rng)
        assert np.bincount(strata[chosen], minlength=2).tolist() == [3, 5]
        counts[chosen] += 1
    np.testing.assert_allclose(counts[:10] / draws, 0.3, atol=0.04)
    assert (counts[10:] == draws).all()


def test_responses_belong_to_respondents(population: Population) -> None:
    plan = plan_sample(population.frame, 600, "neyman")
    draw = draw_survey(population, plan, np.random.default_rng(3))
    respondents = draw.sample.loc[draw.sample["responded"], "enterprise_id"]
    assert draw.responses["enterprise_id"].tolist() == respondents.tolist()
    rate = draw.sample["responded"].mean()
    assert 0.5 < rate < 0.9
    assert draw.responses["speed_band"].isna().any()


def test_same_generator_state_gives_same_draw(population: Population) -> None:
    plan = plan_sample(population.frame, 400, "proportional")
    first = draw_survey(population, plan, np.random.default_rng(9))
    again = draw_survey(population, plan, np.random.default_rng(9))
    other = draw_survey(population, plan, np.random.default_rng(10))
    pd.testing.assert_frame_equal(first.responses, again.responses)
    assert not first.sample["enterprise_id"].equals(other.sample["enterprise_id"])


def test_two_hundred_draws_take_seconds(population: Population) -> None:
    plan = plan_sample(population.frame, 600, "neyman")
    rng = np.random.default_rng(4)
    start = time.perf_counter()
    for _ in range(200):
        draw_survey(population, plan, rng)
    assert time.perf_counter() - start < 15.0


def test_weighted_estimates_are_unbiased_over_draws(population: Population) -> None:
    # Full response: the Horvitz-Thompson proportion averages to the true value.
    truth = true_proportions(population, ["receives_orders_internet"])
    plan = plan_sample(population.frame, 500, "neyman")
    rng = np.random.default_rng(8)
    answers = population.responses["receives_orders_internet"].to_numpy(dtype=float)
    ids = population.register["enterprise_id"]
    position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    estimates = []
    for _ in range(200):
        sample = draw_survey(population, plan, rng).sample
        y = answers[position[sample["enterprise_id"]].to_numpy()]
        w = sample["design_weight"].to_numpy()
        estimates.append((w * y).sum() / w.sum())
    assert abs(np.mean(estimates) - truth["receives_orders_internet"].iloc[0]) < 0.01


def test_true_proportions_by_domain(population: Population) -> None:
    by_size = true_proportions(population, ["uses_internet"], by=["size_class"])
    assert by_size["size_class"].tolist() == ["10-49", "50-249", "GE250"]
    assert by_size["population"].sum() == len(population.frame.rows)
    overall = true_proportions(population, ["uses_internet"])
    pooled = (by_size["uses_internet"] * by_size["population"]).sum() / by_size["population"].sum()
    assert overall["uses_internet"].iloc[0] == pytest.approx(pooled)
