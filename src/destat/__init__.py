"""destat: official statistics on e-commerce and the digital economy.

The public face of the package. Everything a user needs is re-exported here; the subpackages hold
the implementation (see ``DESIGN.md`` in the documentation for the flow).
"""

from __future__ import annotations

from destat.errors import (
    CalibrationError,
    ConfigError,
    DesignError,
    DestatError,
    EmptyDomainError,
    EngineUnavailableError,
    InputFileError,
    LonelyPSUError,
    MissingColumnError,
    MissingValueError,
)
from destat.survey.design import Design
from destat.survey.results import Estimate

__version__ = "0.1.0"

__all__ = [
    "CalibrationError",
    "ConfigError",
    "Design",
    "DesignError",
    "DestatError",
    "EmptyDomainError",
    "EngineUnavailableError",
    "Estimate",
    "InputFileError",
    "LonelyPSUError",
    "MissingColumnError",
    "MissingValueError",
    "__version__",
]
