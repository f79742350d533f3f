"""``destat web predict`` and ``evaluate`` on real development pages of the evaluation set.

Only development pages are used (the held-out half is never opened): they are copied to a
temporary folder first, so the commands cannot see any other page.
"""

from __future__ import annotations

import csv
import gzip
import re
import shutil
from pathlib import Path

import pytest
from sklearn.metrics import f1_score, precision_score, recall_score
from typer.testing import CliRunner

from destat.cli import app
from destat.web.classify.linear_model import load_model

REPO = Path(__file__).resolve().parents[2]
WEBPAGES = REPO.parent / "shared" / "eval" / "webpages"


@pytest.fixture(scope="module")
def dev_labels() -> dict[str, int]:
    labels_file = WEBPAGES / "dev_labels.csv"
    if not labels_file.is_file():
        pytest.fail(
            f"the evaluation pages are missing: expected {labels_file} (the shared/ folder "
            "beside the repository clone)."
        )
    with labels_file.open(newline="", encoding="utf-8") as stream:
        return {row["id"]: int(row["sells_online"]) for row in csv.DictReader(stream)}


@pytest.fixture(scope="module")
def dev_pages(dev_labels: dict[str, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dev-pages")
    for page_id in dev_labels:
        shutil.copy(WEBPAGES / "pages" / f"{page_id}.html.gz", folder)
    return folder


def read_predictions(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        assert reader.fieldnames == ["id", "probability", "sells_online"]
        return list(reader)


def test_predict_writes_one_row_per_page_with_probabilities(
    dev_labels: dict[str, int], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    chosen = sorted(dev_labels)[:8]
    for page_id in chosen:
        shutil.copy(WEBPAGES / "pages" / f"{page_id}.html.gz", pages)
    full = gzip.compress(b"<html><body><a href='/cart'>Warenkorb</a>" + b"x" * 50_000)
    (pages / "broken.html.gz").write_bytes(full[: len(full) // 2])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "id,host,split,notes\n" + "".join(f"{i},host-{i}.example,dev,x\n" for i in chosen),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "predictions.csv"
    result = CliRunner().invoke(
        app,
        ["web", "predict", "--pages", str(pages), "--manifest", str(manifest), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    rows = read_predictions(out)
    assert [row["id"] for row in rows] == sorted([*chosen, "broken"])
    threshold = load_model().threshold
    for row in rows:
        probability = float(row["probability"])
        assert 0.0 <= probability <= 1.0
        assert row["sells_online"] == str(int(probability >= threshold))
    assert "warning: page broken" in result.output


@pytest.mark.parametrize("kind", ["model", "rules"])
def test_evaluate_prints_the_f1_of_the_predictions(
    kind: str, dev_labels: dict[str, int], dev_pages: Path, tmp_path: Path
) -> None:
    out = tmp_path / "predictions.csv"
    runner = CliRunner()
    predicted = runner.invoke(
        app, ["web", "predict", "--pages", str(dev_pages), "--out", str(out), "--model", kind]
    )
    assert predicted.exit_code == 0, predicted.output
    rows = read_predictions(out)
    assert len(rows) == len(dev_labels)
    truth = [dev_labels[row["id"]] for row in rows]
    guesses = [int(row["sells_online"]) for row in rows]

    evaluated = runner.invoke(
        app,
        [
            "web",
            "evaluate",
            "--pages",
            str(dev_pages),
            "--labels",
            str(WEBPAGES / "dev_labels.csv"),
            "--model",
            kind,
        ],
    )
    assert evaluated.exit_code == 0, evaluated.output
    printed = {
        name: float(value)
        for name, value in re.findall(
            r"^(precision|recall|F1)\s+([0-9.]+)$", evaluated.output, re.M
        )
    }
    assert printed["F1"] == pytest.approx(f1_score(truth, guesses), abs=5e-5)
    assert printed["precision"] == pytest.approx(precision_score(truth, guesses), abs=5e-5)
    assert printed["recall"] == pytest.approx(recall_score(truth, guesses), abs=5e-5)
    assert f"Evaluated {len(dev_labels)} labelled pages" in evaluated.output


def test_evaluate_reports_labels_file_problems_with_line_numbers(
    dev_pages: Path, tmp_path: Path
) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("id,sells_online\np0002,0\np0004,yes\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["web", "evaluate", "--pages", str(dev_pages), "--labels", str(labels)]
    )
    assert result.exit_code != 0
    assert "line 3, column sells_online: expected 0 or 1, found 'yes'" in str(result.exception)


def test_predict_on_a_folder_without_pages_says_what_is_expected(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["web", "predict", "--pages", str(tmp_path), "--out", str(tmp_path / "p.csv")]
    )
    assert result.exit_code != 0
    assert "expected files named <id>.html" in str(result.exception)
