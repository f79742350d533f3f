"""Names of indicators, breakdowns and codes in the release's language.

Indicator names, definitions, units and breakdown names come from the catalogue's gettext
translations; code names (size classes, activities, sex) from the SDMX names file, which the
SDMX structure uses too, so that the release and the SDMX files say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from destat.indicators.catalogue import Catalogue, Indicator
from destat.indicators.codelists import get_codelist
from destat.indicators.i18n import translations
from destat.publish.release.figures import Figure, split_code
from destat.publish.sdmx.names import code_name

__all__ = ["DIMENSIONS", "Labels"]

# Results column -> (catalogue breakdown, SDMX code list name, destat code list).
DIMENSIONS = {
    "size_class": ("size_class", "SIZE_CLASS", "SIZE_CLASS"),
    "activity": ("isic_aggregate", "ACTIVITY", "ISIC4_AGG"),
    "owner_sex": ("owner_sex", "SEX", "SEX"),
    "region": ("region", "REGION", None),
}


@dataclass(frozen=True)
class Labels:
    """Looks up names in one language; ``regions`` maps region codes to their names."""

    lang: str
    catalogue: Catalogue
    regions: Mapping[str, str] = field(default_factory=dict)

    def text(self, message: str) -> str:
        """A catalogue message (name, definition, unit) in this language."""
        return translations(self.lang).gettext(message)

    def base(self, code: str) -> Indicator:
        """The catalogue indicator of a results code (``B9`` for ``B9_FIXED_BB``)."""
        return self.catalogue.indicator(split_code(code)[0])

    def category_name(self, code: str) -> str:
        """The category's label (``Fixed broadband`` for ``B9_FIXED_BB``), or ``""``."""
        category = split_code(code)[1]
        if category is None:
            return ""
        found = next(c for c in self.base(code).categories if c.code == category)
        return self.text(found.label)

    def indicator_name(self, code: str) -> str:
        """``Proportion of businesses using the Internet by type of access: Fixed broadband``."""
        name = self.text(self.base(code).name)
        category = self.category_name(code)
        if not category:
            return name
        separator = "، " if self.lang == "ar" else ("：" if self.lang == "zh" else ": ")
        return f"{name}{separator}{category}"

    def unit(self, code: str) -> str:
        """The unit of an indicator (``% of businesses``)."""
        return self.text(self.catalogue.units[self.base(code).unit].label)

    def dimension(self, column: str) -> str:
        """The name of a breakdown (``Employment size class``)."""
        return self.text(self.catalogue.breakdowns[DIMENSIONS[column][0]].label)

    def code(self, column: str, value: str) -> str:
        """The name of a code of a breakdown (``10 to 49 persons employed``)."""
        if column == "region" and value in self.regions:
            return self.regions[value]
        _, concept, codelist = DIMENSIONS[column]
        english = value
        if codelist is not None:
            found = get_codelist(codelist).by_code.get(value)
            english = found.label if found is not None else value
        if value == "_T" or codelist is not None:
            return code_name(concept, value, None if value == "_T" else english)[self.lang]
        return value

    def breakdown_name(self, figure: Figure) -> str:
        """Names of the codes in which a figure is not a total, or the total's name."""
        parts = [self.code(d, getattr(figure, d)) for d in figure.breakdown]
        if not parts:
            return self.code("size_class", figure.size_class)
        return " · ".join(parts)

    def breakdown_heading(self, figure: Figure) -> str:
        """Names of the dimensions of a figure's breakdown (``Economic activity × Sex``)."""
        return " × ".join(self.dimension(d) for d in figure.breakdown)
