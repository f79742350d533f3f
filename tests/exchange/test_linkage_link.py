"""Linking encoded units: exact identifiers first, then CLK similarity, one-to-one."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from destat.exchange.linkage import (
    EncodedUnits,
    EncodingConfig,
    LinkageError,
    LinkageSecret,
    UnitFields,
    encode_units,
    link,
    make_linkage_data,
)

SECRET = LinkageSecret(b"secret of the linkage unit, 32 b")
CONFIG = EncodingConfig(phone_country_prefix="54")
REGISTER_FIELDS = UnitFields("unit_id", "tax_id", "phone", "name", "address")
PROVIDER_FIELDS = UnitFields("seller_id", "tax_id", "phone", "name", "address")


def _register() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["R1", "R2", "R3", "R4"],
            "name": [
                "Panadería Núñez S.R.L.",
                "Textiles del Sur S.A.",
                "Ferretería Gómez Hermanos",
                "Librería Rossi y Bianchi",
            ],
            "tax_id": ["30-71234567-9", "30-55555555-1", "20-11111111-2", "30-22222222-3"],
            "phone": ["+54 11 4123-4567", "+54 351 400-1000", "+54 261 455-2000", None],
            "address": ["Av. Corrientes 1234", "Calle Belgrano 55", "Pasaje Mitre 7", "Perú 9"],
        }
    )


def _provider() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "seller_id": ["S1", "S2", "S3", "S4"],
            "name": [
                "Pan Núñez",
                "TEXTIL SUR",
                "FERRETERIA GOMES HERMANOS SA",
                "Kiosco La Esquina",
            ],
            "tax_id": ["30712345679", None, None, None],
            "phone": [None, "0351 400-1000", None, "+54 11 5000-0000"],
            "address": ["Corrientes 1234", "Belgrano 55", "Pje. Mitre 7", "San Martín 10"],
        }
    )


def _encode(register: pd.DataFrame, provider: pd.DataFrame) -> tuple[EncodedUnits, EncodedUnits]:
    return (
        encode_units(register, REGISTER_FIELDS, SECRET, CONFIG),
        encode_units(provider, PROVIDER_FIELDS, SECRET, CONFIG),
    )


def test_links_by_tax_id_then_phone_then_name_and_address() -> None:
    result = link(*_encode(_register(), _provider()), rng=np.random.default_rng(1))
    pairs = result.pairs.sort_values("provider_id").reset_index(drop=True)
    assert pairs[["provider_id", "register_id", "match_type", "matched_on"]].values.tolist() == [
        ["S1", "R1", "exact", "tax_id"],
        ["S2", "R2", "exact", "phone"],
        ["S3", "R3", "fuzzy", "clk"],
    ]
    # "gomes" for "gomez" changes 2 of the name's q-grams: similar, not identical.
    assert 0.86 <= pairs.loc[2, "dice"] < 1.0
    assert result.stats.exact_tax_id == 1
    assert result.stats.exact_phone == 1
    assert result.stats.fuzzy == 1
    assert result.stats.unlinked_provider == 1


def test_each_register_unit_is_linked_at_most_once() -> None:
    provider = _provider()
    provider.loc[3, "tax_id"] = "30-71234567-9"  # a second seller claims R1's tax ID
    pairs = link(*_encode(_register(), provider), rng=np.random.default_rng(1)).pairs
    assert pairs["register_id"].is_unique
    assert pairs["provider_id"].is_unique
    assert (pairs["register_id"] == "R1").sum() == 1


def test_a_high_threshold_drops_the_fuzzy_link_only() -> None:
    pairs = link(
        *_encode(_register(), _provider()), rng=np.random.default_rng(1), threshold=1.0
    ).pairs
    assert set(pairs["match_type"]) == {"exact"}


def test_encoded_table_holds_no_clear_identifier() -> None:
    data = make_linkage_data(np.random.default_rng(3), 300, 100)
    table = encode_units(data.register, REGISTER_FIELDS, SECRET, CONFIG).to_frame()
    assert table["unit_id"].tolist() == data.register["unit_id"].tolist()
    hex_columns = {
        "tax_id_hash": 64,
        "phone_hash": 64,
        "clk": 256,
    }
    assert set(table.columns) == {"unit_id", *hex_columns}
    for column, length in hex_columns.items():
        pattern = re.compile(f"(?:[0-9a-f]{{{length}}})?")
        assert all(pattern.fullmatch(cell) for cell in table[column]), column
    text = table.drop(columns="unit_id").to_csv()
    for row in data.register.itertuples():
        for clear in (row.tax_id, row.tax_id.replace("-", ""), row.name, row.phone, row.address):
            assert clear.casefold() not in text.casefold()


def test_different_secrets_are_detected() -> None:
    register = encode_units(_register(), REGISTER_FIELDS, SECRET, CONFIG)
    provider = encode_units(_provider(), PROVIDER_FIELDS, LinkageSecret(b"x" * 32), CONFIG)
    with pytest.raises(LinkageError, match="different secrets"):
        link(register, provider, rng=np.random.default_rng(1))


def test_different_parameters_are_detected() -> None:
    register = encode_units(_register(), REGISTER_FIELDS, SECRET, CONFIG)
    provider = encode_units(_provider(), PROVIDER_FIELDS, SECRET, EncodingConfig(bloom_bits=512))
    with pytest.raises(LinkageError, match="different parameters"):
        link(register, provider, rng=np.random.default_rng(1))


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_threshold_outside_zero_one_is_refused(threshold: float) -> None:
    with pytest.raises(LinkageError, match="threshold"):
        link(*_encode(_register(), _provider()), rng=np.random.default_rng(1), threshold=threshold)


def test_missing_column_is_named_with_the_columns_found() -> None:
    with pytest.raises(LinkageError, match=r"'tax_number'.*unit_id"):
        encode_units(_register(), UnitFields("unit_id", tax_id="tax_number"), SECRET)


def test_repeated_unit_ids_are_refused() -> None:
    register = _register()
    register.loc[1, "unit_id"] = "R1"
    with pytest.raises(LinkageError, match="unique"):
        encode_units(register, REGISTER_FIELDS, SECRET)


def test_encoded_units_survive_a_parquet_round_trip(tmp_path: Path) -> None:
    register, provider = _encode(_register(), _provider())
    path = tmp_path / "sellers.parquet"
    provider.to_frame().to_parquet(path)
    received = EncodedUnits.from_frame(pd.read_parquet(path))
    assert np.array_equal(received.clk, provider.clk)
    pairs = link(register, received, rng=np.random.default_rng(1)).pairs
    expected = link(register, provider, rng=np.random.default_rng(1)).pairs
    pd.testing.assert_frame_equal(pairs, expected)


def test_encoded_file_without_its_metadata_is_refused() -> None:
    frame = encode_units(_provider(), PROVIDER_FIELDS, SECRET, CONFIG).to_frame()
    frame.attrs = {}
    with pytest.raises(LinkageError, match=r"key_check.*Parquet"):
        EncodedUnits.from_frame(frame)
