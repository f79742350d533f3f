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
from destat.project.sources_settings import SourcesSettings

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


class DisclosureSettings(BaseModel):
    """Primary confidentiality: figures from fewer respondents than ``min_frequency``."""

    model_config = _STRICT
    min_frequency: Annotated[int, Field(ge=1)] = 3


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
    The files use the names below; the design is stratified with enumeration areas as PSUs."""

    model_config = _STRICT
    persons: Path
    households: Path | None = None
    ea: str = "ea"
    stratum: str = "stratum"
    weight: str = "weight"
    sex: str = "sex"
    female: str = "F"
    male: str = "M"
    breakdowns: tuple[str, ...] = ("age_group", "area", "education")
    household_sex: str = "head_sex"
    household_breakdowns: tuple[str, ...] = ("area",)
    responded: str = "responded"


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
