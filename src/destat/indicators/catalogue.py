"""The indicator catalogue: UNCTAD/Partnership core indicators B1-B12 and ICT1-ICT2 plus e-commerce
extensions, read from ``data/catalogue.toml`` and validated on load.

Sources: UNCTAD, *Manual for the Production of Statistics on the Digital Economy 2020* (revised
edition, UNCTAD/DTL/STICT/2021/2) and Partnership on Measuring ICT for Development, *Core List of
ICT Indicators* (March 2022). Each indicator cites its own locators; see ``docs/indicators.md``.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from destat.indicators.codelists import codelist_ids, get_codelist
from destat.indicators.datafiles import read_package_toml
from destat.indicators.errors import CatalogueError, UnknownIndicatorError

__all__ = [
    "Breakdown",
    "Catalogue",
    "Category",
    "Citation",
    "Indicator",
    "Population",
    "Source",
    "Unit",
    "Variable",
    "load_catalogue",
    "variable_names",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Source(BaseModel):
    """A reference document."""

    model_config = _FROZEN
    title: str
    publisher: str
    year: int
    symbol: str | None = None
    url: str | None = None


class Citation(BaseModel):
    """Where in a source an indicator is defined; ``checked`` if compared with the text."""

    model_config = _FROZEN
    ref: str
    locator: str
    checked: bool


class Unit(BaseModel):
    """A unit of measure and the statistic that produces it (a proportion or a ratio of totals)."""

    model_config = _FROZEN
    label: str
    statistic: Literal["proportion", "ratio"]


class Population(BaseModel):
    """The units forming a denominator, optionally those where ``filter`` variable is 1."""

    model_config = _FROZEN
    label: str
    filter: str | None = None


class Breakdown(BaseModel):
    """A classification variable for tabulation, with its code list."""

    model_config = _FROZEN
    label: str
    codelist: str
    variable: str


class Variable(BaseModel):
    """A model-questionnaire or register variable that indicators are computed from."""

    model_config = _FROZEN
    type: Literal["boolean", "count", "amount", "code"]
    label: str
    codelist: str | None = None
    universe: str | None = None
    source: Literal["survey", "register"] = "survey"


class Category(BaseModel):
    """One category of a multi-category indicator (B9 access types, B12 activities)."""

    model_config = _FROZEN
    code: str
    variable: str
    label: str
    value: str | None = None


class Indicator(BaseModel):
    """One indicator of the catalogue."""

    model_config = _FROZEN
    code: str = Field(pattern=r"^[A-Z]+[0-9]+$")
    core: bool
    name: str
    definition: str
    numerator: str
    denominator: str | None = None
    variables: tuple[str, ...] = Field(min_length=1)
    population: str
    alternative_populations: tuple[str, ...] = ()
    unit: str
    breakdowns: tuple[str, ...]
    categories: tuple[Category, ...] = ()
    sources: tuple[Citation, ...] = Field(min_length=1)
    notes: str = ""


class PluralLabel(BaseModel):
    """A message with singular and plural forms, e.g. ``{count} indicators``."""

    model_config = _FROZEN
    singular: str
    plural: str


class Catalogue(BaseModel):
    """The whole catalogue; cross-references are checked when it is built."""

    model_config = _FROZEN
    schema_version: Literal[1]
    sources: dict[str, Source]
    units: dict[str, Unit]
    populations: dict[str, Population]
    breakdowns: dict[str, Breakdown]
    labels: dict[str, str]
    plural_labels: dict[str, PluralLabel]
    variables: dict[str, Variable]
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _check_references(self) -> Catalogue:
        problems = _reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def by_code(self) -> dict[str, Indicator]:
        """Indicators keyed by code."""
        return {indicator.code: indicator for indicator in self.indicators}

    @property
    def codes(self) -> tuple[str, ...]:
        """Indicator codes in catalogue order."""
        return tuple(self.by_code)

    @property
    def variable_names(self) -> tuple[str, ...]:
        """Names of the questionnaire and register variables, in catalogue order."""
        return tuple(self.variables)

    def indicator(self, code: str) -> Indicator:
        """Return one indicator, accepting any letter case (``b1`` finds ``B1``)."""
        found = self.by_code.get(code.strip().upper())
        if found is None:
            raise UnknownIndicatorError(
                f"There is no indicator {code!r} in the catalogue; expected one of "
                f"{', '.join(self.codes)}."
            )
        return found

    def messages(self) -> list[str]:
        """Every translatable string (gettext message id), without repeats, in file order."""
        texts = [*self.labels.values()]
        texts += [unit.label for unit in self.units.values()]
        texts += [population.label for population in self.populations.values()]
        texts += [breakdown.label for breakdown in self.breakdowns.values()]
        for indicator in self.indicators:
            texts += [indicator.name, indicator.definition]
            texts += [category.label for category in indicator.categories]
        return list(dict.fromkeys(texts))

    def plural_messages(self) -> list[tuple[str, str]]:
        """Translatable (singular, plural) message pairs."""
        return [(label.singular, label.plural) for label in self.plural_labels.values()]


def _missing(kind: str, owner: str, names: Any, known: Any) -> list[str]:
    return [f"{owner} refers to unknown {kind} {name!r}" for name in names if name not in known]


def _duplicates(values: list[str]) -> list[str]:
    return sorted({value for value in values if values.count(value) > 1})


def _indicator_problems(catalogue: Catalogue, item: Indicator) -> list[str]:
    owner = f"indicator {item.code}"
    category_vars = [category.variable for category in item.categories]
    problems = _missing("variable", owner, [*item.variables, *category_vars], catalogue.variables)
    problems += _missing(
        "population", owner, [item.population, *item.alternative_populations], catalogue.populations
    )
    problems += _missing("unit", owner, [item.unit], catalogue.units)
    problems += _missing("breakdown", owner, item.breakdowns, catalogue.breakdowns)
    problems += _missing("source", owner, [c.ref for c in item.sources], catalogue.sources)
    for category in item.categories:
        variable = catalogue.variables.get(category.variable)
        if category.value is not None and variable is not None and variable.codelist:
            problems += _missing(
                f"{variable.codelist} code",
                owner,
                [category.value],
                get_codelist(variable.codelist),
            )
    dupes = _duplicates([category.code for category in item.categories])
    problems += [f"{owner} repeats category codes {dupes}"] if dupes else []
    return problems


def _reference_problems(catalogue: Catalogue) -> list[str]:
    problems = [
        f"indicator code {code} is used more than once"
        for code in _duplicates([item.code for item in catalogue.indicators])
    ]
    known_lists = codelist_ids()
    for name, variable in catalogue.variables.items():
        owner = f"variable {name}"
        universe = [variable.universe] if variable.universe else []
        problems += _missing("universe variable", owner, universe, catalogue.variables)
        codelist = [variable.codelist] if variable.codelist else []
        problems += _missing("code list", owner, codelist, known_lists)
    for name, breakdown in catalogue.breakdowns.items():
        owner = f"breakdown {name}"
        problems += _missing("variable", owner, [breakdown.variable], catalogue.variables)
        problems += _missing("code list", owner, [breakdown.codelist], known_lists)
    for name, population in catalogue.populations.items():
        filters = [population.filter] if population.filter else []
        problems += _missing("variable", f"population {name}", filters, catalogue.variables)
    for item in catalogue.indicators:
        problems += _indicator_problems(catalogue, item)
    return problems


def parse_catalogue(data: dict[str, Any], origin: str = "catalogue.toml") -> Catalogue:
    """Build and validate a catalogue from parsed TOML; errors name ``origin`` and each problem."""
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'catalogue'}: {error['msg']}"
            for error in exc.errors()
        )
        raise CatalogueError(f"{origin} is not a valid indicator catalogue: {details}.") from exc


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Load the shipped catalogue (validated; cached after the first call)."""
    return parse_catalogue(read_package_toml("data", "catalogue.toml"))


def variable_names() -> tuple[str, ...]:
    """The published list of questionnaire/register variable names other modules rely on."""
    return load_catalogue().variable_names
