"""Precision and recall of the linkage on a synthetic register and provider file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.exchange.linkage import (
    EncodingConfig,
    LinkageError,
    LinkageSecret,
    SyntheticLinkageData,
    UnitFields,
    encode_units,
    link,
    linkage_quality,
    make_linkage_data,
)

SECRET = LinkageSecret(b"secret of the linkage unit, 32 b")
CONFIG = EncodingConfig(phone_country_prefix="54")


@pytest.fixture(scope="module")
def data() -> SyntheticLinkageData:
    return make_linkage_data(np.random.default_rng(20261126))


def test_quality_counts_by_hand() -> None:
    truth = pd.DataFrame({"provider_id": ["a", "b", "c", "d"], "register_id": ["1", "2", "3", "4"]})
    pairs = pd.DataFrame({"provider_id": ["a", "b", "e"], "register_id": ["1", "3", "5"]})
    quality = linkage_quality(pairs, truth)
    assert (quality.true_positives, quality.linked_pairs, quality.true_pairs) == (1, 3, 4)
    assert quality.precision == pytest.approx(1 / 3)
    assert quality.recall == pytest.approx(1 / 4)
    assert quality.f1 == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))


def test_quality_needs_the_pair_columns() -> None:
    with pytest.raises(LinkageError, match="register_id"):
        linkage_quality(pd.DataFrame({"provider_id": []}), pd.DataFrame({"provider_id": []}))


def test_synthetic_files_have_the_requested_shape(data: SyntheticLinkageData) -> None:
    assert len(data.register) == 5000
    assert len(data.provider) == 2000
    assert len(data.truth) == 1400
    assert data.provider["tax_id"].isna().mean() == pytest.approx(0.3, abs=0.04)
    assert data.truth["register_id"].is_unique


def test_exact_identifiers_link_with_precision_and_recall_of_at_least_99_percent(
    data: SyntheticLinkageData,
) -> None:
    register = encode_units(
        data.register,
        UnitFields("unit_id", "tax_id", "phone", "name", "address"),
        SECRET,
        CONFIG,
    )
    provider = encode_units(
        data.provider,
        UnitFields("seller_id", "tax_id", "phone", "name", "address"),
        SECRET,
        CONFIG,
    )
    pairs = link(register, provider, rng=np.random.default_rng(2)).pairs
    with_identifier = data.provider.loc[
        data.provider["tax_id"].notna() | data.provider["phone"].notna(), "seller_id"
    ]
    exact = linkage_quality(
        pairs[pairs["match_type"] == "exact"],
        data.truth[data.truth["provider_id"].isin(with_identifier)],
    )
    assert exact.precision >= 0.99
    assert exact.recall >= 0.99
    overall = linkage_quality(pairs, data.truth)
    assert overall.precision >= 0.97
    assert overall.recall >= 0.99


def test_names_and_addresses_alone_link_with_precision_and_recall_of_at_least_97_percent(
    data: SyntheticLinkageData,
) -> None:
    register = encode_units(
        data.register,
        UnitFields("unit_id", name="name", address="address"),
        SECRET,
        CONFIG,
    )
    provider = encode_units(
        data.provider,
        UnitFields("seller_id", name="name", address="address"),
        SECRET,
        CONFIG,
    )
    fuzzy = linkage_quality(
        link(register, provider, rng=np.random.default_rng(2)).pairs, data.truth
    )
    assert fuzzy.precision >= 0.97
    assert fuzzy.recall >= 0.97
