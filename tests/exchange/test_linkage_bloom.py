"""The CLK encoder against the properties of the Bloom-filter scheme of Schnell et al. (2009)."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from destat.exchange.linkage import ClkField, LinkageError, dice_pairs, encode_clk, qgrams

KEY_1 = b"first key of the field, 32 bytes"
KEY_2 = b"second key of the field 32 bytes"


def _encode(
    values: list[str],
    bits: int = 1024,
    k: int = 20,
    keys: tuple[bytes, bytes] = (
        KEY_1,
        KEY_2,
    ),
) -> np.ndarray:
    return encode_clk([ClkField(values, keys[0], keys[1], k)], len(values), bits)


def _qgram_dice(a: str, b: str) -> float:
    first, second = set(qgrams(a)), set(qgrams(b))
    return 2 * len(first & second) / (len(first) + len(second))


def _dice(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    index = np.arange(len(left), dtype=np.int64)
    return dice_pairs(left, right, index, index)


def test_qgrams_are_padded_and_distinct() -> None:
    assert qgrams("ab") == ["_a", "ab", "b_"]
    assert qgrams("aaa") == ["_a", "aa", "a_"]
    assert qgrams("abc", q=3) == ["__a", "_ab", "abc", "bc_", "c__"]
    assert qgrams("") == []


def test_bits_are_the_double_hashing_positions_of_each_qgram() -> None:
    bits, k = 1024, 20
    expected = np.zeros(bits, dtype=np.uint8)
    for gram in ("_a", "ab", "b_"):
        h1 = int(hmac.new(KEY_1, gram.encode(), hashlib.sha1).hexdigest(), 16)
        h2 = int(hmac.new(KEY_2, gram.encode(), hashlib.md5).hexdigest(), 16)
        for i in range(k):
            expected[(h1 + i * h2) % bits] = 1
    assert np.array_equal(np.unpackbits(_encode(["ab"])[0]), expected)


def test_fields_are_or_ed_into_one_filter() -> None:
    names, streets = ["rossi"], ["corrientes"]
    clk = encode_clk(
        [ClkField(names, KEY_1, KEY_2, 20), ClkField(streets, KEY_2, KEY_1, 10)], 1, 1024
    )
    name_only = encode_clk([ClkField(names, KEY_1, KEY_2, 20)], 1, 1024)
    street_only = encode_clk([ClkField(streets, KEY_2, KEY_1, 10)], 1, 1024)
    assert np.array_equal(clk, name_only | street_only)


def test_identical_strings_give_identical_encodings_and_empty_gives_none() -> None:
    clk = _encode(["panaderia nunez", "", "panaderia nunez"])
    assert np.array_equal(clk[0], clk[2])
    assert not clk[1].any()


def test_set_bits_follow_the_bloom_filter_occupancy_formula() -> None:
    rng = np.random.default_rng(7)
    values = ["".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), 12)) for _ in range(2000)]
    bits, k = 1024, 20
    observed = np.unpackbits(_encode(values, bits, k), axis=1).sum(axis=1)
    grams = np.array([len(qgrams(v)) for v in values])
    expected = bits * (1 - (1 - 1 / bits) ** (k * grams))
    assert observed.mean() == pytest.approx(expected.mean(), rel=0.01)


def test_different_keys_give_unrelated_encodings() -> None:
    rng = np.random.default_rng(8)
    values = ["".join(rng.choice(list("abcdefghij"), 15)) for _ in range(500)]
    first = _encode(values)
    second = _encode(values, keys=(KEY_2, KEY_1))
    fill_1 = np.unpackbits(first, axis=1).mean(axis=1)
    fill_2 = np.unpackbits(second, axis=1).mean(axis=1)
    # Independent filters share bits only by chance: expected Dice 2·p1·p2 / (p1 + p2).
    by_chance = 2 * fill_1 * fill_2 / (fill_1 + fill_2)
    assert _dice(first, second).mean() == pytest.approx(by_chance.mean(), abs=0.02)
    assert _dice(first, second).max() < 0.6


@settings(max_examples=200, deadline=None)
@given(st.text("abcdefgh", min_size=1, max_size=25), st.text("abcdefgh", min_size=1, max_size=25))
def test_bloom_dice_is_at_least_the_qgram_dice(first: str, second: str) -> None:
    encoded = _encode([first]), _encode([second])
    assert _dice(*encoded)[0] >= _qgram_dice(first, second) - 0.05


def test_bloom_dice_approaches_the_qgram_dice_for_a_long_filter() -> None:
    rng = np.random.default_rng(9)
    first = ["".join(rng.choice(list("abcdefgh"), rng.integers(2, 25))) for _ in range(2000)]
    second = [v[: len(v) // 2] + "".join(rng.choice(list("abcdefgh"), 5)) for v in first]
    expected = np.array([_qgram_dice(a, b) for a, b in zip(first, second, strict=True)])
    long_filter = _dice(_encode(first, 16384, 2), _encode(second, 16384, 2))
    short_filter = _dice(_encode(first), _encode(second))
    assert np.abs(long_filter - expected).mean() < 0.01
    assert np.abs(short_filter - expected).mean() > np.abs(long_filter - expected).mean()


def test_records_beyond_one_chunk_are_encoded_like_the_first() -> None:
    values = [f"unit {i % 50}" for i in range(20_000)]
    clk = _encode(values)
    assert np.array_equal(clk[:50], clk[19_950:])


@pytest.mark.parametrize(("bits", "q", "k"), [(1000, 2, 20), (1024, 0, 20), (1024, 2, 0)])
def test_bad_parameters_are_refused(bits: int, q: int, k: int) -> None:
    with pytest.raises(LinkageError):
        encode_clk([ClkField(["x"], KEY_1, KEY_2, k)], 1, bits, q)


def test_field_with_wrong_length_is_refused() -> None:
    with pytest.raises(LinkageError, match="one value"):
        encode_clk([ClkField(["a", "b"], KEY_1, KEY_2, 20)], 3)
