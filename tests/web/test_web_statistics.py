"""The web step refuses a project that has not been run, and says what to do."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.demo.showcase import prepare_demo
from destat.errors import ConfigError
from destat.web.statistics import web_statistics


def test_a_project_not_yet_run_is_refused(tmp_path: Path) -> None:
    prepare_demo(tmp_path, n_enterprises=3_000, seed=42)
    best = pd.DataFrame({"enterprise_id": [], "url": [], "probability": [], "kept": []})
    with pytest.raises(ConfigError, match="run `destat run` on the project first"):
        web_statistics(tmp_path, best, tmp_path / "crawl")
    assert not (tmp_path / "outputs").exists()
