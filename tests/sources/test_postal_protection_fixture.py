"""Protecting the postal flows gives the same table, cell for cell and flag for flag, as before
the attacker's programmes were passed to HiGHS directly.

tests/data/postal holds 1,500 generated items (``make_postal_items`` with seed 5), their
exchange rates and flows_expected.csv, the protected table that the scipy ``linprog`` path
wrote for them (174 month x corridor blocks, 1,651 primary and 145 secondary suppressions).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from destat.sources.postal import postal_flows, read_postal

DATA = Path(__file__).parents[1] / "data" / "postal"


@pytest.mark.slow
def test_protected_flows_are_those_of_the_linprog_path(tmp_path: Path) -> None:
    flows = postal_flows(read_postal(DATA / "items.csv", DATA / "rates.csv"))
    flows.to_csv(tmp_path / "flows.csv", index=False)
    found = (tmp_path / "flows.csv").read_text(encoding="utf-8")
    expected = (DATA / "flows_expected.csv").read_text(encoding="utf-8")
    assert found == expected  # every value, every digit, every flag
    counts = pd.read_csv(DATA / "flows_expected.csv")["CONF_STATUS"].value_counts().to_dict()
    assert counts == {"C": 1651, "F": 430, "D": 145}
