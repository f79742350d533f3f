"""The SDMX dataflow ``ICT_HH``: ICT use by individuals and households by sex, with the gaps.

Modelled on the ITU household ICT indicators (ITU *Manual for Measuring ICT Access and Use by
Households and Individuals*, 2020) as the OECD publishes them in *ICT Access and Usage by
Households and Individuals* (``OECD.STI.DEP:DSD_ICT_HH_IND``: an indicator dimension ``MEASURE``,
``UNIT_MEASURE`` and breakdowns of the person), and built from the same parts as the business
survey's ``ICT_BUS`` (:mod:`destat.publish.sdmx.structure`). The key is
``REF_AREA.FREQ.MEASURE.STATISTIC.UNIT_MEASURE.SEX.AGE.URBANISATION.EDUCATION`` and
``TIME_PERIOD``:

* ``MEASURE`` is the indicator (HH5, HH7, OWN_SELL...), as in ``ICT_BUS``, so that one query
  selects an indicator in either dataflow;
* ``STATISTIC`` says what the figure is: ``SHARE`` (a share of households, persons or owners,
  ``UNIT_MEASURE`` PC_HH / PC_IND / PC_OWN, 100 × the estimate), ``RATIO_FM`` (women's share /
  men's share, the gender parity index, ``UNIT_MEASURE`` RATIO, not scaled) or ``DIFF_FM``
  (women's share − men's share, ``UNIT_MEASURE`` PP, percentage points);
* ``SEX`` is ``F``, ``M`` or ``_T`` for a share and ``_Z`` (not applicable, SDMX cross-domain
  code) for a gap, which compares the sexes;
* ``AGE`` keeps the survey's SDMX-style age groups (``Y15T24``...), ``URBANISATION`` codes
  ``U`` urban and ``R`` rural (the SDG dataflows' codes), ``EDUCATION`` the ISCED 2011 levels
  the survey groups (``ISCED11_0T1`` primary or less, ``ISCED11_2T4`` secondary and
  post-secondary non-tertiary, ``ISCED11_5T8`` tertiary); ``_T`` is the total of each.

The attributes are those of ``ICT_BUS`` and a figure that may not be shown loses its value and
every number derived from it by the same rule (:func:`destat.publish.sdmx.tidy.shown`). The CV
of a difference is not published: it divides by a number that may be close to 0 or negative.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from destat.errors import describe_rows
from destat.publish.sdmx.errors import ResultsTableError
from destat.publish.sdmx.names import (
    artefact_name,
    code_name,
    concept_name,
    known_code_name,
    release_name,
    same_text,
)
from destat.publish.sdmx.structure import (
    TOTAL,
    Code,
    Component,
    DataStructure,
    area_codes,
    coded_component,
    flag_attributes,
    is_identifier,
    named_codes,
    precision_attributes,
    time_and_value,
)
from destat.publish.sdmx.tidy import DECIMALS, shown
from destat.publish.sdmx.writers import SdmxFiles, write_files

__all__ = [
    "HOUSEHOLD_DATAFLOW",
    "RECODED",
    "household_observations",
    "write_household_sdmx",
]

HOUSEHOLD_DATAFLOW = "ICT_HH"
NOT_APPLICABLE = "_Z"
SHARE, RATIO, DIFFERENCE = "SHARE", "RATIO_FM", "DIFF_FM"
# Table column -> dimension; a breakdown column not listed becomes a dimension of its own name.
BREAKDOWNS = {"age_group": "AGE", "area": "URBANISATION", "education": "EDUCATION"}
RECODED = {
    "URBANISATION": {"urban": "U", "rural": "R"},
    "EDUCATION": {
        "primary_or_less": "ISCED11_0T1",
        "secondary": "ISCED11_2T4",
        "tertiary": "ISCED11_5T8",
    },
}
"""The survey's codes -> the SDMX codes published, per dimension (other codes are kept)."""

_SHARE_UNITS = ("PC_HH", "PC_IND", "PC_OWN")
_GAP_UNITS = {RATIO: "RATIO", DIFFERENCE: "PP"}
_SCALE = {SHARE: 100.0, RATIO: 1.0, DIFFERENCE: 100.0}
_NOT_BREAKDOWNS = {
    *("indicator", "unit", "sex", "ref_area", "time_period", "estimate", "se", "ci_low"),
    *("ci_high", "cv", "deff", "n", "quality", "conf_status", "obs_status"),
}
_YEAR = re.compile(r"^[0-9]{4}$")
_DIMENSION_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _fail(table: str, column: str, rows: pd.Series, problem: str, fix: str) -> ResultsTableError:
    where = describe_rows(np.flatnonzero(rows.to_numpy()).tolist(), total=int(rows.sum()))
    return ResultsTableError(f"Column {column!r} of the {table} table {problem} at {where}. {fix}")


def _breakdowns(shares: pd.DataFrame) -> list[str]:
    columns = [str(c) for c in shares.columns if c not in _NOT_BREAKDOWNS]
    for column in columns:
        if column not in BREAKDOWNS and not _DIMENSION_ID.fullmatch(column.upper()):
            raise ResultsTableError(
                f"The household table's breakdown column {column!r} cannot name an SDMX "
                "dimension; name it with letters, digits and '_' only, starting with a letter "
                "(person_breakdowns in [household.design])."
            )
    return columns


def _text(table: pd.DataFrame, name: str, column: str) -> pd.Series:
    values = table[column]
    empty = values.isna()
    if empty.any():
        raise _fail(name, column, empty, "is empty", "Write a code in every row ('_T' for all).")
    return values.astype(str).str.strip()


def _codes(
    table: pd.DataFrame, name: str, column: str, recoded: dict[str, str] | None = None
) -> pd.Series:
    codes = _text(table, name, column).replace(recoded or {})
    bad = ~codes.map(is_identifier).astype(bool)
    if bad.any():
        found = ", ".join(repr(code) for code in dict.fromkeys(codes[bad]))
        raise _fail(
            name,
            column,
            bad,
            f"has codes {found} that are not SDMX identifiers",
            "Use letters, digits, '_', '-', '@' or '$' only (e.g. 'Y15T24'); recode them in "
            "the survey file.",
        )
    return codes


def _years(table: pd.DataFrame, name: str) -> pd.Series:
    years = table["time_period"].astype("string").str.strip()
    bad = ~years.str.fullmatch(_YEAR.pattern).fillna(False).astype(bool)
    if bad.any():
        raise _fail(name, "time_period", bad, "is not a year", "Write the year, e.g. '2025'.")
    return years.astype(str)


def _numbers(table: pd.DataFrame, statistic: pd.Series) -> pd.DataFrame:
    scale = statistic.map(_SCALE)
    numbers = {
        column: pd.to_numeric(table[column], errors="coerce").astype(float)
        for column in ("estimate", "se", "ci_low", "ci_high", "cv", "n")
    }
    visible = shown(table["conf_status"].astype(str), table["quality"].astype("string"))
    visible = visible.fillna(True).astype(bool)
    out = pd.DataFrame(index=table.index)
    for column, concept in (
        ("estimate", "OBS_VALUE"),
        ("se", "SE"),
        ("ci_low", "CI_LOWER"),
        ("ci_high", "CI_UPPER"),
    ):
        out[concept] = (numbers[column] * scale).round(DECIMALS)
    # The CV of a difference divides by a number that may be near 0 or negative: not published.
    out["CV"] = (numbers["cv"] * 100).round(DECIMALS).where(statistic != DIFFERENCE)
    out = out.where(np.isfinite(out)).where(visible)
    out["N_RESP"] = numbers["n"].where(visible).astype("Int64")
    return out


def _rows(table: pd.DataFrame, name: str, breakdowns: list[str], gaps: bool) -> pd.DataFrame:
    unit = _text(table, name, "unit")
    statistic = unit if gaps else pd.Series(SHARE, index=table.index)
    out = pd.DataFrame(
        {
            "MEASURE": _codes(table, name, "indicator"),
            "STATISTIC": statistic,
            "UNIT_MEASURE": unit.map(_GAP_UNITS) if gaps else unit,
            "SEX": NOT_APPLICABLE if gaps else _codes(table, name, "sex"),
        },
        index=table.index,
    )
    for column in breakdowns:
        concept = BREAKDOWNS.get(column, column.upper())
        out[concept] = _codes(table, name, column, RECODED.get(concept))
    out["TIME_PERIOD"] = _years(table, name)
    out = pd.concat([out, _numbers(table, statistic)], axis=1)
    out["OBS_STATUS"] = _text(table, name, "obs_status")
    out["CONF_STATUS"] = _text(table, name, "conf_status")
    out["UNIT_MULT"] = "0"
    quality = table["quality"].astype("string").str.strip()
    out["QUALITY"] = quality.astype(object).where(quality.notna(), None)
    return out


def _check_codes(rows: pd.DataFrame, structure: DataStructure) -> None:
    for component in structure.components:
        if component.codelist is None or component.id not in rows.columns:
            continue
        found = rows[component.id].dropna()
        bad = ~found.isin(component.codelist.ids)
        if bad.any():
            codes = ", ".join(sorted(set(found[bad])))
            raise ResultsTableError(
                f"The household tables have {component.id} code(s) {codes} that the SDMX "
                f"structure does not know; use one of {', '.join(component.codelist.ids)}."
            )


def _named(concept: str, code: str, group: str | None, original: str) -> Code:
    found = known_code_name(concept, code) or (release_name(group, original) if group else None)
    return Code(code, found or same_text(code))


def _breakdown(concept: str, codes: list[str], originals: dict[str, str]) -> Component:
    # The recoded dimensions list every code they know, found or not, so that the code list
    # stays the same from one release to the next.
    known = list(RECODED.get(concept, {}).values())
    ordered = [*known, *sorted(set(codes) - {TOTAL, *known})]
    listed = [Code(TOTAL, known_code_name(concept, TOTAL) or same_text("Total"))]
    for code in ordered:
        listed.append(_named(concept, code, "hh_code", originals.get(code, code)))
    name = concept_name(concept) if concept in RECODED or concept == "AGE" else same_text(concept)
    return coded_component(concept, listed, name=name, flow=HOUSEHOLD_DATAFLOW)


def _sex_codes() -> list[Code]:
    english = {"F": "Female", "M": "Male", "_T": "Total"}
    codes = [Code(code, code_name("SEX", code, name)) for code, name in english.items()]
    return [*codes, Code(NOT_APPLICABLE, code_name("SEX", NOT_APPLICABLE))]


def _indicator_codes(found: list[str]) -> list[Code]:
    # Imported here: the household estimator loads the survey engine.
    from destat.macro.household import HOUSEHOLD_INDICATORS

    known = [i.code for i in HOUSEHOLD_INDICATORS]
    codes = [*known, *sorted(set(found) - set(known))]
    return [Code(c, release_name("hh_indicator", c) or same_text(c)) for c in codes]


def _structure(
    rows: pd.DataFrame, breakdowns: list[str], ref_area: str, agency: str, area_name: str | None
) -> DataStructure:
    originals = {sdmx: survey for recoded in RECODED.values() for survey, sdmx in recoded.items()}
    dimensions = [BREAKDOWNS.get(c, c.upper()) for c in breakdowns]
    own = partial(coded_component, flow=HOUSEHOLD_DATAFLOW)
    components = (
        own("REF_AREA", area_codes((ref_area,), {ref_area: area_name} if area_name else None)),
        coded_component("FREQ", named_codes("FREQ", ("A",))),
        own("MEASURE", _indicator_codes(list(rows["MEASURE"].unique()))),
        own("STATISTIC", named_codes("STATISTIC", (SHARE, RATIO, DIFFERENCE))),
        own("UNIT_MEASURE", named_codes("UNIT_MEASURE", (*_SHARE_UNITS, *_GAP_UNITS.values()))),
        own("SEX", _sex_codes(), name=concept_name("PERSON_SEX")),
        *(_breakdown(d, list(rows[d].unique()), originals) for d in dimensions),
        *time_and_value(),
        *flag_attributes(),
        *precision_attributes(),
    )
    return DataStructure(
        agency,
        HOUSEHOLD_DATAFLOW,
        "1.0",
        artefact_name("HH_DATAFLOW"),
        components,
        concepts_name=artefact_name("HH_CONCEPTS"),
    )


def household_observations(
    shares: pd.DataFrame,
    gaps: pd.DataFrame,
    *,
    ref_area: str = "DL",
    agency: str = "NSO",
    area_name: str | None = None,
) -> tuple[DataStructure, pd.DataFrame]:
    """The ``ICT_HH`` structure and its observations (one column per component, sorted by key)
    from the project's ``household`` and ``household_gaps`` tables."""
    breakdowns = _breakdowns(shares)
    parts = [_rows(shares.reset_index(drop=True), "household", breakdowns, gaps=False)]
    if len(gaps):
        parts.append(_rows(gaps.reset_index(drop=True), "household_gaps", breakdowns, gaps=True))
    rows = pd.concat(parts, ignore_index=True)
    rows.insert(0, "FREQ", "A")
    rows.insert(0, "REF_AREA", ref_area)
    structure = _structure(rows, breakdowns, ref_area, agency, area_name)
    _check_codes(rows, structure)
    key = [c.id for c in structure.dimensions]
    repeated = rows.duplicated(subset=key, keep=False)
    if repeated.any():
        raise ResultsTableError(
            f"The household tables repeat {int(repeated.sum())} figures (same indicator, "
            "statistic, sex, breakdowns and year); keep one row per figure."
        )
    columns = [*key, "OBS_VALUE", *(a.id for a in structure.attributes)]
    observations = rows[columns].sort_values(key, kind="stable").reset_index(drop=True)
    return structure, observations


def write_household_sdmx(
    shares: pd.DataFrame,
    gaps: pd.DataFrame,
    out_dir: str | Path,
    *,
    ref_area: str = "DL",
    agency: str = "NSO",
    area_name: str | None = None,
    prepared: datetime | None = None,
) -> SdmxFiles:
    """Write the household shares and gaps as the ``ICT_HH`` dataflow's SDMX files."""
    structure, observations = household_observations(
        shares, gaps, ref_area=ref_area, agency=agency, area_name=area_name
    )
    stem = f"{agency}_{HOUSEHOLD_DATAFLOW}_1.0"
    return write_files(structure, observations, out_dir, stem, prepared)
