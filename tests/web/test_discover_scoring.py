"""Website discovery: the logistic score, fitting, and the choice of the best candidate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from destat.errors import ConfigError
from destat.web.discover.candidates import evidence_frame
from destat.web.discover.evaluate import Evaluation, evaluate
from destat.web.discover.scoring import (
    DEFAULT_MODEL,
    FEATURES,
    best_candidates,
    candidate_features,
    fit_model,
    score_candidates,
)

REGISTER = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2"],
        "name": ["Hotel Sol S.A.", "Taller Luna"],
        "tax_id": ["", ""],
        "website": ["", ""],
        "email": ["reservas@hotelsol.dl", ""],
    }
)


def _features(tax_id_match: bool) -> pd.DataFrame:
    evidence = evidence_frame(
        [
            {
                "enterprise_id": "E1",
                "url": "http://hotel-sol-reservas.com/",
                "source": "registry_tax_id" if tax_id_match else "registry_name",
                "tax_id_match": tax_id_match,
                "registrant_similarity": 0.7,
            }
        ]
    )
    return candidate_features(evidence, REGISTER, tld=".dl")


def test_a_tax_id_match_raises_the_probability() -> None:
    with_match = DEFAULT_MODEL.probability(_features(tax_id_match=True))[0]
    without = DEFAULT_MODEL.probability(_features(tax_id_match=False))[0]
    assert with_match > without


@given(st.lists(st.floats(0, 1), min_size=len(FEATURES), max_size=len(FEATURES)))
def test_every_positive_feature_raises_and_negative_lowers_the_probability(
    values: list[float],
) -> None:
    base = pd.DataFrame([values], columns=list(FEATURES))
    for index, feature in enumerate(FEATURES):
        raised = base.assign(**{feature: min(1.0, values[index] + 0.5)})
        if raised[feature].iloc[0] == values[index]:
            continue
        before = DEFAULT_MODEL.probability(base)[0]
        after = DEFAULT_MODEL.probability(raised)[0]
        if DEFAULT_MODEL.weights[index] > 0:
            assert after >= before
        else:
            assert after <= before


def test_features_merge_sources_of_one_site_and_read_the_mail_domain() -> None:
    evidence = evidence_frame(
        [
            {"enterprise_id": "E1", "url": "https://www.hotelsol.dl/", "source": "search",
             "search_rank": 2, "page_text": "Hotel Sol | Inicio"},
            {"enterprise_id": "E1", "url": "http://hotelsol.dl/", "source": "register_url"},
            {"enterprise_id": "E1", "url": "https://www.facebook.com/", "source": "search",
             "search_rank": 1},
        ]
    )  # fmt: skip
    features = candidate_features(evidence, REGISTER, tld="dl").set_index("url")
    own = features.loc["http://hotelsol.dl/"]
    assert own["sources"] == "register_url+search"
    assert own[["register_url", "email_domain_match", "country_tld"]].tolist() == [1, 1, 1]
    assert own["search_top"] == 0.5
    assert own["label_similarity"] == 1.0
    assert own["text_similarity"] == 1.0
    assert features.loc["https://www.facebook.com/", "platform"] == 1.0


def test_best_candidate_per_enterprise_and_threshold() -> None:
    evidence = evidence_frame(
        [
            {"enterprise_id": "E1", "url": "http://hotelsol.dl/", "source": "register_url"},
            {"enterprise_id": "E1", "url": "http://otro.dl/", "source": "registry_name"},
        ]
    )
    scored = score_candidates(candidate_features(evidence, REGISTER, ".dl"))
    assert scored["rank"].tolist() == [1, 2]
    best = best_candidates(scored, REGISTER, threshold=0.5)
    assert best["url"].tolist() == ["http://hotelsol.dl/", ""]
    assert best["kept"].tolist() == [True, False]
    with pytest.raises(ConfigError, match="between 0 and 1"):
        best_candidates(scored, REGISTER, threshold=1.5)


def test_fitting_recovers_the_direction_of_a_clear_signal() -> None:
    rng = np.random.default_rng(1)
    features = pd.DataFrame(rng.random((400, len(FEATURES))), columns=list(FEATURES))
    truth = rng.random(400) < 1 / (1 + np.exp(-(-2 + 5 * features["tax_id_match"])))
    model = fit_model(features, truth.to_numpy())
    weights = dict(zip(FEATURES, model.weights, strict=True))
    assert weights["tax_id_match"] > 2
    with pytest.raises(ConfigError, match="only right or only wrong"):
        fit_model(features, np.zeros(400, dtype=bool))


def test_evaluation_counts_wrong_kept_urls_as_false_positives() -> None:
    best = pd.DataFrame(
        {
            "enterprise_id": ["E1", "E2", "E3", "E4"],
            "url": ["https://www.a.dl/", "http://b.dl/", "http://c.dl/", ""],
            "kept": [True, True, True, False],
        }
    )
    labels = pd.DataFrame(
        {"enterprise_id": ["E1", "E2", "E3", "E4"], "url": ["a.dl", "x.dl", "", "d.dl"]}
    )
    scores = evaluate(best, labels)
    assert scores == Evaluation(labelled=4, with_website=3, kept=3, right=1)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.f1 == pytest.approx(1 / 3)
