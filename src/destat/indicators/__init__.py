"""The indicator catalogue (UNCTAD/Partnership core indicators B1-B12, ICT1-ICT2 and e-commerce
extensions), its code lists (ISIC Rev.4, size classes, sex, regions) and translations in the six
UN languages. The data live in files under ``data/`` and ``locales/``; see ``docs/indicators.md``.
"""

from __future__ import annotations

from destat.indicators.catalogue import Catalogue, Indicator, load_catalogue, variable_names
from destat.indicators.codelists import (
    Codelist,
    InvalidCode,
    check_codes,
    get_codelist,
    regions_codelist,
    size_class,
    validate_codes,
)
from destat.indicators.errors import (
    CatalogueError,
    CodelistError,
    InvalidCodesError,
    UnknownIndicatorError,
    UnknownLanguageError,
)
from destat.indicators.i18n import LANGUAGES, format_number, format_percent, translations
from destat.indicators.isic import (
    aggregate_classes,
    aggregates_of_class,
    class_aggregate_map,
    class_section_map,
    isic_codelist,
    isic_path,
)

__all__ = [
    "LANGUAGES",
    "Catalogue",
    "CatalogueError",
    "Codelist",
    "CodelistError",
    "Indicator",
    "InvalidCode",
    "InvalidCodesError",
    "UnknownIndicatorError",
    "UnknownLanguageError",
    "aggregate_classes",
    "aggregates_of_class",
    "check_codes",
    "class_aggregate_map",
    "class_section_map",
    "format_number",
    "format_percent",
    "get_codelist",
    "isic_codelist",
    "isic_path",
    "load_catalogue",
    "regions_codelist",
    "size_class",
    "translations",
    "validate_codes",
    "variable_names",
]
