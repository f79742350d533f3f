"""destat: official statistics on e-commerce and the digital economy.

The public face of the package. Everything a user needs is re-exported here; the subpackages hold
the implementation (see ``DESIGN.md`` in the documentation for the flow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
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

# The estimation engine pulls in pandas and scipy; load it on first use so that the command
# line and the crawler's worker processes start fast.
_LAZY = {"Design": "destat.survey.design", "Estimate": "destat.survey.results"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'destat' has no attribute {name!r}")
