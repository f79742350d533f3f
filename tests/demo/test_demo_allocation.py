"""Allocation of the sample to strata: hand-checked examples and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from destat.demo import Allocation, allocate
from destat.errors import ConfigError


def test_neyman_by_hand() -> None:
    # N_h = 3000, 1000, 100 and S_h = 1, 5, 20 give N_h*S_h = 3000, 5000, 2000 (total 10000).
    # n_h = 100 * N_h*S_h / 10000 = 30, 50, 20: all within [3, N_h], so no constraint binds.
    sizes = allocate(
        np.array([3000, 1000, 100]), 100, "neyman", std_devs=np.array([1.0, 5.0, 20.0])
    )
    assert sizes.tolist() == [30, 50, 20]


def test_neyman_caps_a_stratum_at_its_population() -> None:
    # N_h*S_h = 1000, 500, 1000 -> 40, 20, 40, but stratum 3 has only 10 units: n_3 = 10.
    # The other 90 go in proportion 1000 : 500 -> 60, 30.
    sizes = allocate(
        np.array([1000, 50, 10]), 100, Allocation.NEYMAN, std_devs=np.array([1.0, 10.0, 100.0])
    )
    assert sizes.tolist() == [60, 30, 10]


def test_proportional_with_minimum_by_hand() -> None:
    # N = 4100: 100 * N_h / N = 73.17, 24.39, 2.44; stratum 3 is raised to the minimum of 3.
    # The other 97 go in proportion 3000 : 1000 -> 72.75, 24.25 -> floors 72, 24 (96); the
    # largest remainder (0.75) gets the last unit: 73, 24, 3.
    sizes = allocate(np.array([3000, 1000, 100]), 100, "proportional", minimum=3)
    assert sizes.tolist() == [73, 24, 3]


def test_neyman_and_proportional_differ_where_spreads_differ() -> None:
    population = np.array([1000, 1000])
    std_devs = np.array([1.0, 4.0])
    assert allocate(population, 100, "proportional").tolist() == [50, 50]
    assert allocate(population, 100, "neyman", std_devs=std_devs).tolist() == [20, 80]


def test_take_all_strata_are_censused() -> None:
    sizes = allocate(
        np.array([500, 200, 12]), 60, "proportional", take_all=np.array([False, False, True])
    )
    assert sizes[2] == 12
    assert sizes.sum() == 60


def test_sample_at_least_the_population_is_a_census() -> None:
    assert allocate(np.array([5, 7]), 50, "proportional").tolist() == [5, 7]


def test_too_small_a_sample_is_refused_with_the_number_needed() -> None:
    with pytest.raises(ConfigError, match="at least 9 units"):
        allocate(np.array([100, 100, 100]), 8, "proportional", minimum=3)


def test_neyman_without_spreads_is_refused() -> None:
    with pytest.raises(ConfigError, match="standard deviation"):
        allocate(np.array([100, 100]), 20, "neyman")


def test_strata_without_spread_take_the_rest_when_the_others_are_full() -> None:
    # Only stratum 1 varies; once it is fully taken, the rest goes to the constant strata.
    sizes = allocate(np.array([10, 40, 40]), 50, "neyman", std_devs=np.array([3.0, 0.0, 0.0]))
    assert sizes.tolist() == [10, 20, 20]


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(1, 400), st.floats(0.0, 50.0), st.booleans()), min_size=1, max_size=12
    ),
    fraction=st.floats(0.0, 1.0),
    method=st.sampled_from(list(Allocation)),
    minimum=st.integers(0, 5),
)
def test_allocation_invariants(
    data: list[tuple[int, float, bool]], fraction: float, method: Allocation, minimum: int
) -> None:
    population = np.array([d[0] for d in data])
    std_devs = np.array([d[1] for d in data])
    take_all = np.array([d[2] for d in data])
    lower = np.where(take_all, population, np.minimum(minimum, population))
    n = int(lower.sum() + fraction * (population.sum() - lower.sum()))
    sizes = allocate(population, n, method, std_devs=std_devs, minimum=minimum, take_all=take_all)
    assert sizes.sum() == n
    assert np.all(sizes >= lower)
    assert np.all(sizes <= population)
    assert np.all(sizes[take_all] == population[take_all])


def test_unknown_allocation_is_refused() -> None:
    with pytest.raises(ConfigError, match="'neyman', 'proportional'"):
        allocate(np.array([100, 100]), 20, "optimal")
