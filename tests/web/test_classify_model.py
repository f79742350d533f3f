"""The shipped model file, the rule baseline, metrics, and training on a small labelled folder."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from destat.cli import app
from destat.errors import InputFileError
from destat.web.classify.inputs import input_names, input_vector
from destat.web.classify.linear_model import load_model
from destat.web.classify.metrics import binary_metrics
from destat.web.classify.rules import THRESHOLD, rule_points
from destat.web.extract.features import PageFeatures, extract_page_features


def test_shipped_model_is_plain_json_over_the_current_inputs() -> None:
    model = load_model()
    assert set(model.coefficients) == set(input_names())
    assert 0.0 < model.threshold < 1.0
    assert model.training["cv_f1"] > 0.5


def test_probability_is_the_documented_formula() -> None:
    model = load_model()
    page = extract_page_features(b"<a href='/cart'>Cart</a><button>Add to cart</button>")
    values = dict(zip(input_names(), input_vector(page), strict=True))
    score = model.intercept + sum(model.coefficients[name] * values[name] for name in values)
    expected = 1 / (1 + math.exp(model.calibration_slope * score + model.calibration_offset))
    assert model.probability(page) == pytest.approx(expected)
    assert model.probability(page) > model.probability(PageFeatures())


def test_model_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"format": "pickle", "coefficients": {}}), encoding="utf-8")
    with pytest.raises(InputFileError, match="not a destat linear model"):
        load_model(path)


def test_rule_points_follow_the_table() -> None:
    shop = PageFeatures(cart_words=2, add_to_cart_words=1, payment_providers=("paypal",))
    assert rule_points(shop) == 2 + 1 + 1
    news = PageFeatures(cart_words=1, schema_articles=1)
    assert rule_points(news) == 2 - 1 < THRESHOLD
    classifieds = PageFeatures(cart_words=1, prices=40, classifieds_words=5)
    assert rule_points(classifieds) == 2 + 1 - 2 < THRESHOLD


def test_metrics_by_hand() -> None:
    metrics = binary_metrics([1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0])
    assert (metrics.true_positives, metrics.false_positives) == (2, 1)
    assert (metrics.false_negatives, metrics.true_negatives) == (1, 2)
    assert metrics.f1 == pytest.approx(2 / 3)


def _write_pages(folder: Path) -> dict[str, int]:
    shop = (
        "<html><body><a href='/cart'>Warenkorb</a><button>In den Warenkorb</button>{}</body></html>"
    )
    info = "<html><body><article><p>Die Gemeinde informiert über {}.</p></article></body></html>"
    labels = {}
    for number in range(12):
        (folder / f"s{number:02d}.html").write_text(shop.format(f"{number},99 €"), "utf-8")
        (folder / f"n{number:02d}.html").write_text(info.format(f"Termin {number}"), "utf-8")
        labels[f"s{number:02d}"] = 1
        labels[f"n{number:02d}"] = 0
    return labels


def test_train_writes_a_model_that_predict_can_use(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    labels = _write_pages(pages)
    labels_file = tmp_path / "labels.csv"
    with labels_file.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "sells_online", "note"])
        writer.writerows([page_id, label, "-"] for page_id, label in labels.items())
    model_file = tmp_path / "model.json"
    runner = CliRunner()
    trained = runner.invoke(
        app,
        [
            "web",
            "train",
            "--pages",
            str(pages),
            "--labels",
            str(labels_file),
            "--out",
            str(model_file),
            "--repeats",
            "2",
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert "Trained on 24 pages (24 sites)" in trained.output
    model = load_model(model_file)
    assert model.training["cv_f1"] == 1.0
    out = tmp_path / "predictions.csv"
    predicted = runner.invoke(
        app,
        [
            "web",
            "predict",
            "--pages",
            str(pages),
            "--out",
            str(out),
            "--model-file",
            str(model_file),
        ],
    )
    assert predicted.exit_code == 0, predicted.output
    with out.open(newline="", encoding="utf-8") as stream:
        decisions = {row["id"]: int(row["sells_online"]) for row in csv.DictReader(stream)}
    assert decisions == labels
