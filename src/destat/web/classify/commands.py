"""``destat web predict | evaluate | train``: the command-line face of the classifiers."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer

from destat.errors import InputFileError
from destat.web.classify.labels import read_labels
from destat.web.classify.metrics import BinaryMetrics, binary_metrics
from destat.web.classify.scoring import (
    ClassifierKind,
    PagePrediction,
    make_classifier,
    predict_folder,
)
from destat.web.extract.batch import extract_sources
from destat.web.extract.sources import read_manifest, read_saved_pages

PagesOption = Annotated[
    Path, typer.Option("--pages", help="Folder of saved pages named <id>.html(.gz).")
]
ManifestOption = Annotated[
    Path | None,
    typer.Option(
        "--manifest", help="CSV with id,host columns: pages of a host are judged together."
    ),
]
KindOption = Annotated[
    ClassifierKind, typer.Option("--model", help="The trained model or the rule baseline.")
]
ModelFileOption = Annotated[
    Path | None, typer.Option("--model-file", help="A model JSON instead of the shipped one.")
]
LabelsOption = Annotated[
    Path, typer.Option("--labels", help="CSV with id,sells_online columns (others ignored).")
]


def predict_command(
    pages: PagesOption,
    out: Annotated[Path, typer.Option("--out", help="CSV to write: id,probability,sells_online.")],
    manifest: ManifestOption = None,
    model: KindOption = ClassifierKind.MODEL,
    model_file: ModelFileOption = None,
) -> None:
    """Predict for every saved page whether its site sells online."""
    hosts = read_manifest(manifest) if manifest else None
    predictions = predict_folder(pages, make_classifier(model, model_file), hosts)
    _write_predictions(out, predictions)
    problems = [p for p in predictions if p.problem]
    for prediction in problems:
        typer.echo(f"warning: page {prediction.page_id} {prediction.problem}", err=True)
    positives = sum(p.sells_online for p in predictions)
    typer.echo(
        f"Wrote {len(predictions)} predictions to {out} ({positives} selling online, "
        f"{len(problems)} with problems)."
    )


def evaluate_command(
    pages: PagesOption,
    labels: LabelsOption,
    manifest: ManifestOption = None,
    model: KindOption = ClassifierKind.MODEL,
    model_file: ModelFileOption = None,
) -> None:
    """Compare predictions with hand labels: precision, recall, F1, confusion matrix."""
    truth = read_labels(labels)
    hosts = read_manifest(manifest) if manifest else None
    predictions = predict_folder(pages, make_classifier(model, model_file), hosts, only=truth)
    predicted = {p.page_id: p.sells_online for p in predictions}
    missing = sorted(set(truth) - set(predicted))
    if missing:
        typer.echo(
            f"warning: {len(missing)} labelled page(s) have no file in {pages}: "
            f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}",
            err=True,
        )
    ids = sorted(set(truth) & set(predicted))
    metrics = binary_metrics([truth[i] for i in ids], [predicted[i] for i in ids])
    typer.echo(f"Evaluated {metrics.total} labelled pages with the {model.value} classifier.")
    typer.echo(_metrics_report(metrics))


def train_command(
    pages: PagesOption,
    labels: LabelsOption,
    out: Annotated[Path, typer.Option("--out", help="Model JSON to write.")],
    manifest: ManifestOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the CV splits.")] = 20261126,
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Repeats of the CV.")] = 10,
) -> None:
    """Train the sells-online model on labelled pages (and report its cross-validated F1)."""
    # scikit-learn is imported here only: it slows down the start of every other command.
    from destat.web.classify.training import labelled_sites, train_model

    truth = read_labels(labels)
    hosts = read_manifest(manifest) if manifest else None
    scored = list(extract_sources(read_saved_pages(pages, hosts, only=truth)))
    sites = labelled_sites(
        [(page.source.page_id, page.source.host, page.features) for page in scored], truth
    )
    description = {"labels": labels.name, "pages": len(scored)}
    model, validation = train_model(sites, seed, description, repeats)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(model.to_json() + "\n", encoding="utf-8")
    except OSError as error:
        raise InputFileError(f"cannot write the model to {out}: {error}.") from error
    typer.echo(f"Trained on {len(scored)} pages ({len(sites)} sites); wrote {out}.")
    typer.echo(f"Cross-validation: {validation.repeats} x {validation.folds}-fold, grouped by site")
    typer.echo("threshold  precision  recall  F1")
    for threshold, (precision, recall, f1) in sorted(validation.scores.items()):
        chosen = "  <- chosen" if threshold == model.threshold else ""
        typer.echo(f"{threshold:9.2f}  {precision:9.4f}  {recall:6.4f}  {f1:.4f}{chosen}")
    typer.echo("coefficients: " + json.dumps(model.coefficients))


def _write_predictions(out: Path, predictions: list[PagePrediction]) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(["id", "probability", "sells_online"])
            for prediction in predictions:
                writer.writerow(
                    [prediction.page_id, f"{prediction.probability:.6f}", prediction.sells_online]
                )
    except OSError as error:
        raise InputFileError(
            f"cannot write the predictions to {out}: {error}. Choose a writable --out path."
        ) from error


def _metrics_report(metrics: BinaryMetrics) -> str:
    return "\n".join(
        [
            f"precision  {metrics.precision:.4f}",
            f"recall     {metrics.recall:.4f}",
            f"F1         {metrics.f1:.4f}",
            "confusion matrix (rows: label, columns: prediction)",
            "             predicted 0  predicted 1",
            f"label 0      {metrics.true_negatives:11d}  {metrics.false_positives:11d}",
            f"label 1      {metrics.false_negatives:11d}  {metrics.true_positives:11d}",
        ]
    )
