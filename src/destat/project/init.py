"""``destat init``: a project folder with a documented ``destat.toml``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template

from destat.errors import ConfigError
from destat.project.config import CONFIG_FILE


def init_project(
    folder: Path,
    name: str = "ICT use by businesses",
    ref_area: str = "XX",
    country: str = "Country",
    period: str = "2025",
    agency: str = "NSO",
    register: str = "data/register.csv",
    sample: str = "data/sample.csv",
    survey: str = "data/survey.csv",
    mapping: str = "data/mapping.csv",
    on_error: str = "stop",
) -> Path:
    """Write ``destat.toml`` into ``folder`` (created if needed); never overwrite one."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_FILE
    if path.exists():
        raise ConfigError(f"{path} exists already; edit it, or choose another folder.")
    template = resources.files("destat.project").joinpath("data", CONFIG_FILE).read_text("utf-8")
    text = Template(template).substitute(
        name=name,
        ref_area=ref_area,
        country=country,
        period=period,
        agency=agency,
        register=register,
        sample=sample,
        survey=survey,
        mapping=mapping,
        on_error=on_error,
    )
    path.write_text(text, encoding="utf-8")
    return path
