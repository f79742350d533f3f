"""The code-list model and the small code lists shipped in ``data/codelists.toml``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cached_property, lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from destat.indicators.datafiles import read_package_toml
from destat.indicators.errors import CatalogueError

__all__ = ["Code", "Codelist", "duplicate_codes", "file_codelists"]


class Code(BaseModel):
    """One code of a code list, with its English label and optional structure."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1)
    label: str
    level: str | None = None
    parent: str | None = None
    aggregate: bool = False
    min: int | None = None
    max: int | None = None
    members: tuple[str, ...] = ()


class Codelist(BaseModel):
    """An ordered list of unique codes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    source: str | None = None
    codes: tuple[Code, ...]

    @cached_property
    def by_code(self) -> dict[str, Code]:
        """The codes keyed by their identifier."""
        return {code.code: code for code in self.codes}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.by_code

    def label(self, code: str) -> str:
        """The English label of ``code``."""
        return self.by_code[code].label


def _build(identifier: str, entry: Mapping[str, object]) -> Codelist:
    try:
        codelist = Codelist.model_validate({"id": identifier, **entry})
    except ValidationError as exc:
        raise CatalogueError(
            f"Code list {identifier} in codelists.toml is malformed: {exc}"
        ) from exc
    dupes = duplicate_codes(codelist)
    if dupes:
        raise CatalogueError(f"Code list {identifier} repeats codes {dupes}; codes must be unique.")
    return codelist


def duplicate_codes(codelist: Codelist) -> list[str]:
    """Codes that occur more than once in a list (sorted)."""
    counts = Counter(code.code for code in codelist.codes)
    return sorted(code for code, count in counts.items() if count > 1)


@lru_cache(maxsize=1)
def file_codelists() -> dict[str, Codelist]:
    """The code lists of ``data/codelists.toml`` keyed by identifier."""
    data = read_package_toml("data", "codelists.toml")
    return {key: _build(key, entry) for key, entry in data.get("codelists", {}).items()}
