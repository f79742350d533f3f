"""The HTML statistical release and the quality report, in the six UN languages.

:func:`write_release` turns destat's results table into one self-contained page per language;
:func:`write_quality_report` sets out the survey's quality self-assessment. See
``docs/release.md``.
"""

from __future__ import annotations

from destat.publish.release.errors import ReleaseError, ReleaseInputError, ReleaseSettingError
from destat.publish.release.figures import Status
from destat.publish.release.quality import QualityInputs, write_quality_report
from destat.publish.release.release import Comparison, Methodology, write_release

__all__ = [
    "Comparison",
    "Methodology",
    "QualityInputs",
    "ReleaseError",
    "ReleaseInputError",
    "ReleaseSettingError",
    "Status",
    "write_quality_report",
    "write_release",
]
