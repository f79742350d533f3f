"""Hamming LSH blocking: which pairs of Bloom filters become candidates."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from destat.exchange.linkage import LinkageError, LshBlocking, lsh_candidates

BITS = 1024


def _random_filters(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.packbits(rng.random((n, BITS)) < 0.5, axis=1)


def _flip_bits(packed: np.ndarray, flips: int, rng: np.random.Generator) -> np.ndarray:
    bits = np.unpackbits(packed, axis=1)
    for row in bits:
        row[rng.choice(BITS, size=flips, replace=False)] ^= 1
    return np.packbits(bits, axis=1)


def test_identical_filters_are_always_candidates() -> None:
    rng = np.random.default_rng(1)
    filters = _random_filters(rng, 200)
    pairs = lsh_candidates(filters, filters, LshBlocking(bands=2, bits_per_band=20), rng)
    found = set(zip(pairs["provider_row"], pairs["register_row"], strict=True))
    assert {(i, i) for i in range(200)} <= found


def test_candidate_rate_follows_the_banding_formula() -> None:
    rng = np.random.default_rng(2)
    bands, per_band, differing = 3, 4, 200
    left = _random_filters(rng, 3000)
    right = _flip_bits(left, differing, rng)
    pairs = lsh_candidates(left, right, LshBlocking(bands, per_band), rng)
    same_unit = pairs["provider_row"] == pairs["register_row"]
    # A band agrees when its r distinct positions all avoid the h differing bits.
    agree = comb(BITS - differing, per_band) / comb(BITS, per_band)
    expected = 1 - (1 - agree) ** bands
    assert same_unit.sum() / 3000 == pytest.approx(expected, abs=0.04)


def test_empty_filters_are_never_candidates() -> None:
    rng = np.random.default_rng(3)
    empty = np.zeros((5, BITS // 8), dtype=np.uint8)
    assert lsh_candidates(empty, empty, LshBlocking(), rng).empty


@pytest.mark.parametrize(("bands", "per_band"), [(0, 10), (10, 0), (10, 64)])
def test_bad_banding_is_refused(bands: int, per_band: int) -> None:
    with pytest.raises(LinkageError, match="bits per band"):
        LshBlocking(bands, per_band)
