"""``destat demo``: the main job on the demo country, set beside the truth the country knows.

It generates the demo country (src/destat/demo) and its household ICT survey, writes a project
for them (``destat.toml`` pointing at the generated files, with validation errors set aside
rather than stopping the run, since the demo plants them on purpose), runs the project
(validate, impute, weight, estimate, publish) and compares a handful of estimates with the
true population values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from destat.demo.country import CountryFiles, generate_country
from destat.demo.household import HouseholdFiles, generate_household_survey
from destat.demo.macro import macro_section
from destat.demo.provider_project import sources_section, write_demo_providers
from destat.project.config import CONFIG_FILE
from destat.project.init import init_project
from destat.project.pipeline import Progress, RunResult, run_project

# Truth variable -> the published series it is compared with.
SERIES = {
    "uses_computer": "B1",
    "uses_internet": "B3",
    "web_presence": "B5",
    "receives_orders_internet": "B7",
    "places_orders_internet": "B8",
    "conn_fixed_broadband": "B9_FIXED_BB",
}


@dataclass(frozen=True)
class DemoResult:
    """The demo's files, the project run, and the estimates set beside the truth."""

    files: CountryFiles
    run: RunResult
    comparison: pd.DataFrame


def prepare_demo(
    out_dir: Path | str,
    n_enterprises: int = 100_000,
    seed: int = 2025,
    providers: bool = True,
) -> CountryFiles:
    """Generate the demo country in ``out_dir/data`` and write its ``destat.toml`` (with
    ``providers``, also its marketplace and postal files and their ``[sources]``)."""
    folder = Path(out_dir)
    files = generate_country(folder / "data", n_enterprises=n_enterprises, seed=seed)
    (folder / CONFIG_FILE).unlink(missing_ok=True)  # the demo's own project, rewritten each time
    init_project(
        folder,
        name="ICT use by businesses (demo country)",
        ref_area="DL",
        country="Demo Land",
        period="2025",
        register=f"data/{files.register_csv.name}",
        sample=f"data/{files.sample_csv.name}",
        survey=f"data/{files.responses_csv.name}",
        mapping=f"data/{files.mapping_csv.name}",
        on_error="set_aside",
    )
    household = generate_household_survey(folder / "data" / "household", seed=seed)
    with (folder / CONFIG_FILE).open("a", encoding="utf-8") as config:
        config.write(_household_section(household, folder))
        config.write(macro_section(folder, files.register_parquet, seed=seed))
        if providers:
            sources = write_demo_providers(folder / "data" / "providers", n_enterprises, seed)
            config.write(sources_section(sources, folder))
    return files


def _household_section(files: HouseholdFiles, folder: Path) -> str:
    persons = files.persons_csv.relative_to(folder).as_posix()
    households = files.households_csv.relative_to(folder).as_posix()
    return (
        "\n[household]\n"
        "# The demo country's household ICT survey (docs/household-survey.md): ITU indicators\n"
        "# by sex, age group, area and education, with the female/male gaps.\n"
        f'persons = "{persons}"\n'
        f'households = "{households}"\n'
    )


def run_demo(
    out_dir: Path | str,
    n_enterprises: int = 100_000,
    seed: int = 2025,
    progress: Progress | None = None,
) -> DemoResult:
    """Generate the demo country, run its project, compare with the truth."""
    files = prepare_demo(out_dir, n_enterprises, seed)
    run = run_project(Path(out_dir), progress)
    return DemoResult(files, run, compare_with_truth(run, files))


def compare_with_truth(run: RunResult, files: CountryFiles) -> pd.DataFrame:
    """Overall and by size class: estimate, CI, CV, n beside the true value."""
    return _comparison(run.results, files.truth_proportions_csv)


def _comparison(results: pd.DataFrame, truth_csv: Path) -> pd.DataFrame:
    """Overall and by size class: estimate, CI, CV, n beside the true value."""
    truth = pd.read_csv(truth_csv).set_index("size_class").rename(index={"_T": "GE10"})
    rows = results[results["indicator"].isin(SERIES.values()) & (results["activity"] == "_T")]
    variable = {series: name for name, series in SERIES.items()}
    table = rows.assign(
        true_value=[
            truth.loc[size, variable[code]]
            for size, code in zip(rows["size_class"], rows["indicator"], strict=True)
        ]
    )
    table["covered"] = (table["ci_low"] <= table["true_value"]) & (
        table["true_value"] <= table["ci_high"]
    )
    columns = ["indicator", "size_class", "estimate", "ci_low", "ci_high", "cv", "n"]
    sizes = {size: i for i, size in enumerate(["GE10", "10-49", "50-249", "GE250"])}
    series = {code: i for i, code in enumerate(SERIES.values())}
    table = table.assign(
        __size=table["size_class"].map(sizes), __series=table["indicator"].map(series)
    ).sort_values(["__size", "__series"])
    return table[[*columns, "true_value", "covered"]].reset_index(drop=True)
