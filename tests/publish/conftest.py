"""The example results table and the SDMX release of it, shared by the publishing tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.publish.sdmx import SdmxFiles, write_all

from .tables import PREPARED, REF_AREA, REGIONS, make_results


@pytest.fixture(scope="session")
def results() -> pd.DataFrame:
    """The example results table (do not modify it in a test: copy it)."""
    return make_results()


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, results: pd.DataFrame) -> SdmxFiles:
    """Every SDMX file written from the example table."""
    out: Path = tmp_path_factory.mktemp("sdmx")
    return write_all(
        results, out, ref_area=REF_AREA, agency="KNBS", regions=REGIONS, prepared=PREPARED
    )
