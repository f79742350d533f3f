"""The package's public face: a sorted API, a fast import, optional engines that stay optional."""

from __future__ import annotations

import subprocess
import sys

import pytest

import destat


def test_public_names_are_sorted_and_resolve() -> None:
    assert destat.__all__ == sorted(destat.__all__)
    for name in destat.__all__:
        assert getattr(destat, name) is not None


def test_every_error_derives_from_destat_error() -> None:
    errors = [getattr(destat, n) for n in destat.__all__ if n.endswith("Error")]
    assert errors
    assert all(issubclass(error, destat.DestatError) for error in errors)


def test_import_loads_neither_spark_nor_the_estimation_stack() -> None:
    heavy = "('pyspark', 'pandas', 'scipy')"
    code = f"import sys, destat; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_spark_extra_names_the_extra() -> None:
    # Run where PySpark cannot be imported, as on an installation without the extra.
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "import destat\n"
        "try:\n"
        "    destat.Design({'w': [1.0]}, weights='w', engine='spark')\n"
        "except destat.EngineUnavailableError as error:\n"
        "    print(error)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'destat[spark]'" in out.stdout


def test_unknown_engine() -> None:
    with pytest.raises(destat.ConfigError, match="'duckdb' or 'spark'"):
        destat.Design({"w": [1.0]}, weights="w", engine="postgres")
