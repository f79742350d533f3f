"""The demo's estimation: the demo country's survey turned into core indicators with SEs.

It reads the files as an NSO would hand them over, translates the national names and codes with
the mapping table, adjusts the design weights for unit non-response within strata (each stratum's
respondents stand for its population, the usual missing-at-random assumption; Särndal and
Lundström 2005, ch. 9), and estimates proportions of businesses overall and by size class. Every
figure is set beside the true population value the demo country knows, with whether the 95%
confidence interval covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.country import TRUTH_INDICATORS, CountryFiles, generate_country
from destat.disclosure.primary import MinimumFrequency
from destat.publish.sdmx import SdmxFiles, write_all
from destat.survey.design import Design

SIZE_CLASSES = {1: "0-9", 2: "10-49", 3: "50-249", 4: "GE250"}
INDICATOR_CODES = {
    "uses_computer": "B1",
    "uses_internet": "B3",
    "web_presence": "B5",
    "receives_orders_internet": "B7",
    "places_orders_internet": "B8",
    "conn_fixed_broadband": "B9 fixed bb",
}
SDMX_MEASURES = {
    **{v: code for v, code in INDICATOR_CODES.items()},
    "conn_fixed_broadband": "B9_FIXED_BB",
}
# Quality flags from the coefficient of variation: A reliable, B use with caution,
# C not publishable (thresholds as many NSOs use them; configurable in a project).
QUALITY_CV = (0.15, 0.35)
REF_AREA = "DL"  # the demo land


@dataclass(frozen=True)
class DemoResult:
    """What the demo produced: its files, the estimates table and what was set aside."""

    files: CountryFiles
    estimates: pd.DataFrame
    estimates_csv: Path
    estimates_parquet: Path
    set_aside: dict[str, int]
    sdmx: SdmxFiles


def run_demo(out_dir: Path | str, n_enterprises: int = 100_000, seed: int = 2025) -> DemoResult:
    """Generate the demo country into ``out_dir`` and estimate its core indicators."""
    files = generate_country(out_dir, n_enterprises=n_enterprises, seed=seed)
    responses, set_aside = _model_responses(files)
    # A take-all stratum of a small country can keep a single respondent: its variance then
    # comes from the overall mean ("adjust"), a conservative choice.
    design = Design(
        responses,
        weights="weight",
        strata="stratum",
        fpc="respondents_population",
        lonely_psu="adjust",
    )
    breakdowns = [[], ["size_class"]]
    result = design.mean(list(TRUTH_INDICATORS), breakdowns=breakdowns, na_rm=True).to_pandas()
    table = _with_truth(result, files.truth_proportions_csv)
    results_dir = Path(out_dir) / "results"
    results_dir.mkdir(exist_ok=True)
    csv_path, parquet_path = results_dir / "estimates.csv", results_dir / "estimates.parquet"
    table.to_csv(csv_path, index=False)
    table.to_parquet(parquet_path, index=False)
    sdmx = write_all(_for_publication(table), Path(out_dir) / "sdmx", ref_area=REF_AREA)
    return DemoResult(files, table, csv_path, parquet_path, set_aside, sdmx)


def _for_publication(table: pd.DataFrame) -> pd.DataFrame:
    """The estimates as publishable figures: codes, quality flag, confidentiality status."""
    rule = MinimumFrequency(threshold=3)
    cv = table["cv"].fillna(0.0)
    quality = np.where(cv <= QUALITY_CV[0], "A", np.where(cv <= QUALITY_CV[1], "B", "C"))
    return pd.DataFrame(
        {
            "indicator": table["variable"].map(SDMX_MEASURES),
            "unit": "PC_ENT",
            "size_class": table["size_class"].replace({"_T": "GE10"}),
            "activity": "_T",
            "owner_sex": "_T",
            "region": "_T",
            "time_period": "2025",
            "ref_area": REF_AREA,
            "estimate": table["estimate"],
            "se": table["se"],
            "ci_low": table["ci_low"],
            "ci_high": table["ci_high"],
            "cv": table["cv"],
            "n": table["n"],
            "quality": quality,
            "conf_status": ["C" if rule.is_sensitive(int(n)) else "F" for n in table["n"]],
            "obs_status": "A",
        }
    )


def _model_responses(files: CountryFiles) -> tuple[pd.DataFrame, dict[str, int]]:
    """Respondents with model names, 0/1 answers, stratum and non-response-adjusted weight."""
    mapping = pd.read_csv(files.mapping_csv, dtype=str, keep_default_na=False)
    survey_map = mapping[mapping["file"] == files.responses_csv.name]
    names = survey_map[survey_map["national_code"] == ""].set_index("national_variable")
    raw = pd.read_csv(files.responses_csv, dtype=str, keep_default_na=False)
    set_aside: dict[str, int] = {}
    duplicated = raw["ID_EMP"].duplicated(keep=False)
    set_aside["duplicate enterprise id"] = int(duplicated.sum())
    raw = raw[~duplicated]
    sample = pd.read_csv(files.sample_csv, dtype={"ID_EMP": str})
    respondents = sample[sample["ESTADO"] == 1]
    merged = raw.merge(respondents, on="ID_EMP", how="inner", suffixes=("", "_sample"))
    set_aside["not a sampled respondent"] = len(raw) - len(merged)
    data = pd.DataFrame(
        {
            "stratum": merged["ESTRATO"],
            "size_class": merged["TAMANO"].map(SIZE_CLASSES),
            "respondents_population": merged["NH_POB"].astype(float),
        }
    )
    data["weight"] = data["respondents_population"] / data.groupby("stratum")["stratum"].transform(
        "size"
    )
    resolved: dict[str, pd.Series] = {}
    for model in TRUTH_INDICATORS:
        national = names.index[names["model_variable"] == model][0]
        data[model] = _binary(merged, national, names["asked_if"], resolved)
    return data, set_aside


def _binary(
    frame: pd.DataFrame, national: str, filters: pd.Series, resolved: dict[str, pd.Series]
) -> pd.Series:
    """1 = Sí → 1, 2 = No → 0, anything else missing; a question skipped because its filter
    question's answer (itself resolved the same way, up the chain) is No counts as 0."""
    if national not in resolved:
        values = frame[national].map({"1": 1.0, "2": 0.0})
        filter_question = filters.get(national, "")
        if filter_question:
            answer = _binary(frame, filter_question, filters, resolved)
            values = values.mask((frame[national] == "") & (answer == 0.0), 0.0)
        resolved[national] = values
    return resolved[national]


def _with_truth(result: pd.DataFrame, truth_csv: Path) -> pd.DataFrame:
    truth = pd.read_csv(truth_csv).set_index("size_class")
    key = result["size_class"].fillna("_T")
    true_values = [
        truth.loc[k, v] if k in truth.index else float("nan")
        for k, v in zip(key, result["variable"], strict=True)
    ]
    table = result.assign(
        indicator=result["variable"].map(INDICATOR_CODES),
        size_class=key,
        true_value=true_values,
    )
    table["covered"] = (table["ci_low"] <= table["true_value"]) & (
        table["true_value"] <= table["ci_high"]
    )
    columns = ["indicator", "variable", "size_class", "estimate", "se", "ci_low", "ci_high"]
    return table[[*columns, "cv", "n", "true_value", "covered"]]
