"""``destat.toml``: what a project reads, how the sample was drawn, what it estimates and writes.

Paths are relative to the project folder. Variable names are the model questionnaire's: the
mapping file translates the office's own names and codes to them (see docs/project.md).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from destat.errors import ConfigError
from destat.macro.household_design import HouseholdDesign
from destat.project.macro_config import MacroSettings
from destat.project.sources_settings import SourcesSettings
from destat.project.web_settings import WebSettings

CONFIG_FILE = "destat.toml"
_STRICT = ConfigDict(frozen=True, extra="forbid")


class ProjectInfo(BaseModel):
    """Who publishes what, for when and where."""

    model_config = _STRICT
    name: str
    ref_area: str = Field(min_length=2, max_length=3)
    country: str | None = None  # needed when ref_area is not an ISO 3166 code
    reference_period: str
    agency: str = "NSO"


class Inputs(BaseModel):
    """The files, each in CSV, Excel, SPSS, Stata or Parquet."""

    model_config = _STRICT
    register_file: Path = Field(alias="register")  # "register" would shadow a BaseModel method
    sample: Path
    survey: Path
    mapping: Path


class DesignSettings(BaseModel):
    """The sample design, in model names of the sample file's columns."""

    model_config = _STRICT
    id: str = "enterprise_id"
    stratum: str = "stratum"
    stratum_population: str = "stratum_population"
    responded: str = "responded"
    nonresponse: Literal["within_strata"] = "within_strata"
    # A stratum without respondents: merged into a neighbour (reported), or the run stops.
    empty_strata: Literal["collapse", "stop"] = "collapse"
    lonely_psu: Literal["fail", "certainty", "remove", "adjust", "average"] = "adjust"


class ValidationSettings(BaseModel):
    """What errors do: stop the run, or set the rows aside (counted and reported)."""

    model_config = _STRICT
    on_error: Literal["stop", "set_aside"] = "stop"
    severity: dict[str, Literal["error", "warning"]] = {}


class ImputationSettings(BaseModel):
    """Hot-deck imputation cells (sample variables) and the random seed."""

    model_config = _STRICT
    cells: tuple[str, ...] = ("size_class", "industry")
    seed: int = 1


class CalibrationSettings(BaseModel):
    """Calibrate the weights to the register's units in scope: their counts by each of
    ``margins`` and their totals of ``totals`` (Deville and Särndal 1992)."""

    model_config = _STRICT
    method: Literal["linear", "raking", "logit"] = "linear"
    bounds: tuple[float, float] | None = None
    margins: tuple[Literal["size_class", "industry", "region"], ...] = ("size_class", "industry")
    totals: tuple[Literal["persons_employed", "turnover"], ...] = ("persons_employed",)
    # A margin level without respondents: merged into a neighbour (reported), or the run stops.
    empty_cells: Literal["collapse", "stop"] = "collapse"


class EstimationSettings(BaseModel):
    """The indicators (catalogue codes) and the breakdowns (sample variables) to produce."""

    model_config = _STRICT
    indicators: tuple[str, ...] = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9")
    breakdowns: tuple[tuple[str, ...], ...] = ((), ("size_class",), ("industry",))


class QualitySettings(BaseModel):
    """Quality flags from the coefficient of variation: A up to ``reliable``, B up to
    ``caution``, C (not publishable) above."""

    model_config = _STRICT
    reliable: Annotated[float, Field(gt=0)] = 0.15
    caution: Annotated[float, Field(gt=0)] = 0.35


class DominanceSetting(BaseModel):
    """The (n, k) dominance rule: the ``n`` largest contributions exceed ``k`` % of the cell."""

    model_config = _STRICT
    n: Annotated[int, Field(ge=1)] = 1
    k: Annotated[float, Field(gt=0, le=100)] = 85.0


class TableDisclosure(BaseModel):
    """Disclosure control of one table (a series with its breakdowns and margins): primary
    rules on the unweighted respondents, protection levels, secondary method and audit."""

    model_config = _STRICT
    min_frequency: Annotated[int, Field(ge=1)] = 3
    dominance: DominanceSetting | None = None
    p_percent: Annotated[float, Field(ge=0)] = 0.0  # 0: rule off
    boundary: Literal["safe", "sensitive"] = "safe"
    protection: Annotated[float, Field(gt=0, le=1)] = 0.1
    protection_minimum: Annotated[float, Field(ge=0)] = 1.0
    protection_method: Literal["fraction", "from_rules"] = "fraction"
    secondary: Literal["auto", "optimal", "heuristic"] = "auto"
    cost: Literal["value", "unit", "log"] = "value"
    audit: bool = True


class DisclosureSettings(TableDisclosure):
    """The rules of every table, ``indicators`` overriding them for some (by indicator code,
    e.g. ``EC1``, or series code, e.g. ``B9_FIXED_BB``); ``auto`` uses the optimal method up to
    ``optimal_max_cells`` cells in two or fewer crossed dimensions, the heuristic beyond."""

    optimal_max_cells: Annotated[int, Field(ge=1)] = 2000
    indicators: dict[str, TableDisclosure] = {}

    def for_series(self, series: str) -> TableDisclosure:
        """The settings of one series: the defaults, then its indicator's, then its own."""
        settings = self.model_dump(include=_TABLE_KEYS)
        for code in dict.fromkeys((series.partition("_")[0], series)):
            if code in self.indicators:
                settings |= self.indicators[code].model_dump(exclude_unset=True)
        return TableDisclosure.model_validate(settings)


_TABLE_KEYS = set(TableDisclosure.model_fields)


class OutputSettings(BaseModel):
    """Where and in which formats results are written."""

    model_config = _STRICT
    folder: Path = Path("outputs")
    formats: tuple[Literal["parquet", "csv", "xlsx"], ...] = ("parquet", "csv", "xlsx")
    sdmx: bool = True
    # HTML release and quality report, one page per language (ar, en, es, fr, ru, zh).
    languages: tuple[Literal["ar", "en", "es", "fr", "ru", "zh"], ...] = ("en",)


class HouseholdSettings(BaseModel):
    """A household ICT survey published beside the business survey: the ITU indicators by sex,
    age group, area and education, with the female/male gaps (see docs/household-survey.md).
    ``[household.design]`` names the design columns and breakdowns (defaults: the demo's)."""

    model_config = _STRICT
    persons: Path
    households: Path | None = None
    design: HouseholdDesign = HouseholdDesign()


class PortalSettings(BaseModel):
    """The portal (``destat serve``): ``release`` is the date and time, with its UTC offset,
    from which the results are public; before it, or without it, only holders of the embargo
    token see them (see docs/portal.md)."""

    model_config = _STRICT
    release: AwareDatetime | None = None


class ProjectConfig(BaseModel):
    """The whole ``destat.toml``."""

    model_config = _STRICT
    project: ProjectInfo
    inputs: Inputs
    design: DesignSettings = DesignSettings()
    validation: ValidationSettings = ValidationSettings()
    imputation: ImputationSettings = ImputationSettings()
    calibration: CalibrationSettings | None = None
    estimation: EstimationSettings = EstimationSettings()
    quality: QualitySettings = QualitySettings()
    disclosure: DisclosureSettings = DisclosureSettings()
    outputs: OutputSettings = OutputSettings()
    household: HouseholdSettings | None = None
    sources: SourcesSettings | None = None
    portal: PortalSettings = PortalSettings()
    macro: MacroSettings | None = None
    web: WebSettings | None = None


def load_config(folder: Path) -> ProjectConfig:
    """Read and check ``destat.toml`` in ``folder``; errors name the setting and the fix."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(f"No {CONFIG_FILE} in {folder}. Create one with: destat init {folder}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from error
    try:
        return ProjectConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"[{'.'.join(str(p) for p in e['loc'])}] {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"{path}: {problems}") from error
