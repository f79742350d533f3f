"""``[macro]`` in ``destat.toml``: the macro sources a project publishes beside its surveys.

Every file is optional and each one present runs its indicators (see docs/macro.md): ``sbs``
ICT1, ICT2 and the digital-economy tiers; ``trade`` the ICT goods shares; ``services`` the ICT
and digitally deliverable services shares, with ``delivery_shares`` the exports delivered over
ICT networks; ``b2c`` (one or more files) the UNCTAD B2C E-commerce Index, with ``b2c_groups``
its regional averages. Paths are relative to the project folder; column names are matched
without regard to case, so SDMX's ``TIME_PERIOD`` and ``OBS_VALUE`` are ``year`` and ``value``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["MacroSettings"]


class MacroSettings(BaseModel):
    """The macro source files and the names of their code columns."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    sbs: Path | None = None
    trade: Path | None = None
    services: Path | None = None
    delivery_shares: Path | None = None
    b2c: tuple[Path, ...] = ()
    b2c_groups: Path | None = None
    b2c_edition: int = 2020
    # The project's economy in the B2C files (ISO 3166 alpha-3), shown with its rank.
    economy: Annotated[str, Field(pattern="^[A-Z]{3}$")] | None = None
    isic: str = "isic"
    hs: str = "hs"
    ebops: str = "ebops"
    business_sector: Literal["BUS", "BUS_X_K"] = "BUS"

    @model_validator(mode="after")
    def _companions(self) -> MacroSettings:
        """A file that completes another needs that other one."""
        if self.delivery_shares is not None and self.services is None:
            raise ValueError("delivery_shares needs services (the exports they apply to)")
        if self.b2c_groups is not None and not self.b2c:
            raise ValueError("b2c_groups needs b2c (the index files)")
        return self
