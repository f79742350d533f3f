"""The quality report: each section of the self-assessment with the numbers of its input."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from destat.publish.release import QualityInputs, ReleaseInputError, write_quality_report

from .test_release import results_table


def _inputs() -> QualityInputs:
    return QualityInputs(
        response=pd.DataFrame(
            {
                "stratum": ["S1", "S2"],
                "sampled": [100, 50],
                "out_of_scope": [10, 0],
                "respondents": [60, 40],
                "population": [1000, 200],
            }
        ),
        item_response=pd.DataFrame(
            {
                "variable": ["uses_internet"],
                "applicable": [100],
                "deductive": [3],
                "imputed": [5],
                "still_missing": [1],
            }
        ),
        edits=pd.DataFrame(
            {
                "method": ["deductive_skip", "deductive_skip", "deductive_skip", "hot_deck"],
                "variable": ["web_sales", "web_sales", "intranet", "uses_internet"],
            }
        ),
        results=results_table(),
        coverage=pd.DataFrame(
            {
                "group": ["10-49"],
                "frame_units": [900],
                "reference_units": [1000],
                "sampled": [100],
                "out_of_scope": [10],
            }
        ),
        g_weights=np.array([0.8, 1.0, 1.2, -0.1, 2.5]),
        calibration_method="linear (GREG), truncated",
        calibration_bounds=(0.5, 2.0),
        country_name="Kenya",
        reference_period="2025",
    )


def _section(text: str, anchor: str) -> str:
    found = re.search(rf'<section id="{anchor}">(.*?)</section>', text, re.S)
    assert found is not None, anchor
    return found.group(1)


def _row(section: str, label: str) -> list[str]:
    found = re.search(rf"<tr><th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", section, re.S)
    assert found is not None, label
    return re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = write_quality_report(_inputs(), tmp_path_factory.mktemp("quality"), "en")
    assert path.name == "quality-en.html"
    return path.read_text(encoding="utf-8")


def test_response_rates_by_stratum(report: str) -> None:
    section = _section(report, "response")
    assert _row(section, "S1") == ["100", "10", "90", "60", "66.7", "1,000"]
    assert _row(section, "S2") == ["50", "0", "50", "40", "80.0", "200"]
    assert _row(section, "Total") == ["150", "10", "140", "100", "71.4", "1,200"]
    # (60/90 × 1000 + 40/50 × 200) / 1200
    assert "weighted by the population of each stratum: 68.9%" in section


def test_item_nonresponse_and_imputation(report: str) -> None:
    section = _section(report, "items")
    row = _row(section, "uses_internet: Used the Internet in the reference period")
    assert row == ["100", "6", "6.0", "5", "5.0", "3", "1"]


def test_edits_by_rule(report: str) -> None:
    section = _section(report, "edits")
    assert _row(section, "deductive_skip") == ["3", "2", "75.0"]
    assert _row(section, "hot_deck") == ["1", "1", "25.0"]


def test_cv_and_grade_of_every_figure(report: str) -> None:
    section = _section(report, "precision")
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    assert len(rows) == 1 + len(results_table())  # heading row + one per figure
    first = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[1])
    assert first == [
        "B1 Proportion of businesses using computers",
        "10 or more persons employed (total of the usual survey scope)",
        "4.2",
        "120",
        "A",
    ]
    assert '<td class="num">..</td>' in section  # CV of the confidential figure hidden
    assert "15 reliable (A), 1 to use with caution (B), 1 not published (C)" in section


def test_register_coverage(report: str) -> None:
    section = _section(report, "coverage")
    assert _row(section, "10-49") == ["900", "1,000", "90.0", "100", "10", "10.0"]


def test_calibration_g_weights(report: str) -> None:
    section = _section(report, "calibration")
    assert _row(section, "Method") == ["linear (GREG), truncated"]
    assert _row(section, "Bounds") == ["0.50 – 2.00"]
    assert _row(section, "Weights") == ["5"]
    assert _row(section, "Minimum") == ["-0.100"]
    assert _row(section, "Percentile 50") == ["1.000"]
    assert _row(section, "Maximum") == ["2.500"]
    assert _row(section, "Mean") == ["1.080"]
    assert _row(section, "Negative g-weights") == ["1"]
    assert _row(section, "g-weights outside the bounds") == ["2"]


def test_missing_inputs_are_said_to_be_missing(tmp_path: Path) -> None:
    text = write_quality_report(QualityInputs(), tmp_path, "fr").read_text(encoding="utf-8")
    assert text.count("Non fourni pour cette exécution.") == 6
    assert 'lang="fr"' in text


def test_french_and_arabic_reports(tmp_path: Path) -> None:
    french = write_quality_report(_inputs(), tmp_path, "fr").read_text(encoding="utf-8")
    assert '<td class="num">71,4</td>' in french
    arabic = write_quality_report(_inputs(), tmp_path, "ar").read_text(encoding="utf-8")
    assert 'dir="rtl"' in arabic
    assert "معدل الاستجابة" in arabic
    assert "http://" not in arabic


def test_wrong_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(ReleaseInputError, match=r"response lacks the column.*respondents"):
        write_quality_report(
            QualityInputs(response=pd.DataFrame({"stratum": ["S1"], "sampled": [3]})), tmp_path
        )
