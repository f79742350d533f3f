"""Disclosure control in ``destat run``: planted cells, secondary suppression proved by an
independent audit, no hidden value in any output, a failed audit writes nothing, the demo."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pandas as pd
import pytest
import sdmx
from typer.testing import CliRunner

import destat.disclosure.protect as protect_module
from destat.cli import app
from destat.disclosure import Dimension, ProtectionLevels, TableColumns, audit_tables
from destat.disclosure.flags import ConfStatus
from destat.disclosure.secondary import SecondaryResult
from destat.errors import ConfigError
from destat.project.confidentiality import HIDDEN_NUMBERS, ReleaseAuditError, activity_tree
from destat.project.linked_series import group_series
from destat.project.pipeline import run_project
from destat.project.plan import Figure

from .small_project import write_small_project

KEY = ["indicator", "size_class", "activity"]
# Hand-computed (see small_project.py): numerator value, respondents, status, rules.
EXPECTED_CELLS = {
    ("B1", "GE10", "_T"): (8.0, 14, "F", ""),
    ("B1", "10-49", "_T"): (6.0, 7, "F", ""),
    ("B1", "50-249", "_T"): (2.0, 7, "F", ""),
    ("B1", "GE10", "G46"): (4.0, 5, "F", ""),
    # J58-J63 (1 of 2) is primary; hiding it alone, _T - G46 - C10-C12 gives it back. Hiding
    # C10-C12 (cost 3) is cheaper than hiding G46 (cost 4).
    ("B1", "GE10", "C10-C12"): (3.0, 7, "D", ""),
    ("B1", "GE10", "J58-J63"): (1.0, 2, "C", "frequency"),
    ("EC1", "GE10", "_T"): (250.0, 14, "F", ""),
    ("EC1", "10-49", "_T"): (174.0, 7, "F", ""),
    ("EC1", "50-249", "_T"): (76.0, 7, "F", ""),
    ("EC1", "GE10", "G46"): (100.0, 5, "C", "dominance"),
    ("EC1", "GE10", "C10-C12"): (100.0, 7, "C", "p%"),
    # Two respondents: the frequency rule, and the p% rule (nothing beyond the largest two).
    ("EC1", "GE10", "J58-J63"): (50.0, 2, "C", "frequency,p%"),
}
HIDDEN = {key for key, (_, _, status, _) in EXPECTED_CELLS.items() if status != "F"}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_small_project(tmp_path_factory.mktemp("small") / "project")
    run_project(folder)
    return folder


def _table(folder: Path, name: str) -> pd.DataFrame:
    with duckdb.connect(str(folder / "destat.duckdb"), read_only=True) as connection:
        frame: pd.DataFrame = connection.execute(f"SELECT * FROM {name}").df()
    return frame


def test_planted_cells_get_the_flags_computed_by_hand(small: Path) -> None:
    cells = _table(small, "disclosure_cells")
    found = {
        tuple(row[KEY]): (row["value"], row["contributors"], row["conf_status"], row["rules"])
        for _, row in cells.iterrows()
    }
    assert set(found) == set(EXPECTED_CELLS)
    for key, (value, contributors, status, rules) in EXPECTED_CELLS.items():
        assert found[key][0] == pytest.approx(value, rel=1e-12), key
        assert found[key][1:] == (contributors, status, rules), key
    confidential = _table(small, "results_confidential").set_index(KEY)
    published = _table(small, "results").set_index(KEY)
    for key, (_, contributors, status, _) in EXPECTED_CELLS.items():
        assert confidential.loc[key, "conf_status"] == published.loc[key, "conf_status"] == status
        assert confidential.loc[key, "n"] == contributors, key
        assert pd.isna(published.loc[key, "estimate"]) == (status != "F"), key
    assert confidential.loc[("B1", "GE10", "J58-J63"), "estimate"] == pytest.approx(0.5)


def test_every_hidden_cell_is_protected_by_an_independent_audit(small: Path) -> None:
    """Recompute the attacker intervals from the published flags and the stored numerators."""
    published = pd.read_parquet(small / "outputs" / "results.parquet").set_index(KEY)
    cells = _table(small, "disclosure_cells")
    for indicator, table in cells.groupby("indicator"):
        flags = [published.loc[tuple(k), "conf_status"] for k in table[KEY].to_numpy()]
        report = audit_tables(
            table.assign(CONF_STATUS=flags),
            [Dimension("size_class", total="GE10"), Dimension("activity")],
            columns=TableColumns(value="value", contributors="contributors"),
            protection=ProtectionLevels(fraction=0.1, minimum=1.0),
        )
        assert report.passed, indicator
        intervals = {(c.key, c.status.value): (c.lower, c.upper) for c in report.intervals}
        if indicator == "B1":
            # J58-J63 + C10-C12 = 8 - 4 = 4 is all an attacker learns: both lie in [0, 4], and
            # J58-J63 (value 1) needs at least [0, 2].
            assert intervals == {
                (("GE10", "J58-J63"), "C"): (pytest.approx(0.0), pytest.approx(4.0)),
                (("GE10", "C10-C12"), "D"): (pytest.approx(0.0), pytest.approx(4.0)),
            }
        else:
            # The three industries sum to the published 250 and each is at least 0.
            assert {k: v[1] for k, v in intervals.items()} == {
                (("GE10", code), "C"): pytest.approx(250.0)
                for code in ("G46", "C10-C12", "J58-J63")
            }
    audit = _table(small, "disclosure_audit")
    assert audit["protected"].all()
    assert (
        set(zip(audit["indicator"], audit["size_class"], audit["activity"], strict=True)) == HIDDEN
    )


def _hidden_rows(frame: pd.DataFrame) -> pd.DataFrame:
    keys = list(zip(*(frame[k] for k in KEY), strict=True))
    return frame[[k in HIDDEN for k in keys]]


def test_tables_hold_no_number_of_a_hidden_figure(small: Path) -> None:
    outputs = small / "outputs"
    parquet = pd.read_parquet(outputs / "results.parquet")
    csv = pd.read_csv(outputs / "results.csv")
    sheet = openpyxl.load_workbook(outputs / "results.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.values)
    xlsx = pd.DataFrame(rows[1:], columns=rows[0])
    for frame in (parquet, csv, xlsx):
        hidden = _hidden_rows(frame)
        assert len(hidden) == len(HIDDEN)
        assert set(hidden["conf_status"]) == {"C", "D"}
        assert hidden[list(HIDDEN_NUMBERS)].isna().all().all()
        shown = frame[frame["conf_status"] == "F"]
        assert len(shown) == len(EXPECTED_CELLS) - len(HIDDEN)
        assert shown[["estimate", "n"]].notna().all().all()


def _sdmx_observations(path: Path, structure: Any) -> dict[tuple[str, str, str], Any]:
    with path.open("rb") as stream:
        kind = {".xml": "XML", ".csv": "CSV"}[path.suffix]
        message = sdmx.read_sdmx(stream, format=kind, structure=structure)
    found = {}
    for obs in message.data[0].obs:
        key = {k: str(v.value) for k, v in obs.key.values.items()}
        found[(key["MEASURE"], key["SIZE_CLASS"], key["ACTIVITY"])] = obs
    return found


def _absent(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def test_sdmx_keeps_the_flag_and_drops_the_value(small: Path) -> None:
    folder = small / "outputs" / "sdmx"
    with (folder / "NSO_ICT_BUS_1.0_structure.xml").open("rb") as stream:
        structures = sdmx.read_sdmx(stream, format="XML")
    dsd, flow = structures.structure["DSD_ICT_BUS"], structures.dataflow["ICT_BUS"]
    for path, structure in (
        (folder / "NSO_ICT_BUS_1.0_data.xml", dsd),
        (folder / "NSO_ICT_BUS_1.0_data.csv", flow),
    ):
        observations = _sdmx_observations(path, structure)
        assert set(observations) == set(EXPECTED_CELLS)
        for key, (_, _, status, _) in EXPECTED_CELLS.items():
            obs = observations[key]
            assert str(obs.attrib["CONF_STATUS"].value) == status, (path.name, key)
            numbers = [obs.value] + [
                obs.attrib[a].value
                for a in ("SE", "CV", "CI_LOWER", "CI_UPPER", "N_RESP")
                if a in obs.attrib
            ]
            if status == "F":
                assert not _absent(obs.value), key
            else:
                assert all(_absent(number) for number in numbers), (path.name, key, numbers)
    message = json.loads((folder / "NSO_ICT_BUS_1.0_data.json").read_text(encoding="utf-8"))
    structure = message["data"]["structures"][0]
    dimensions = sorted(structure["dimensions"]["observation"], key=lambda d: d["keyPosition"])
    conf = [a["id"] for a in structure["attributes"]["observation"]].index("CONF_STATUS")
    conf_codes = structure["attributes"]["observation"][conf]["values"]
    for position, values in message["data"]["dataSets"][0]["observations"].items():
        codes = {
            d["id"]: d["values"][int(p)]["id"]
            for d, p in zip(dimensions, position.split(":"), strict=True)
        }
        key = (codes["MEASURE"], codes["SIZE_CLASS"], codes["ACTIVITY"])
        assert conf_codes[values[1 + conf]]["id"] == EXPECTED_CELLS[key][2]
        assert (values[0] is None) == (key in HIDDEN), key


def test_release_shows_the_symbol_and_no_hidden_percentage(small: Path) -> None:
    release = (small / "outputs" / "release" / "release-en.html").read_text("utf-8")
    quality = (small / "outputs" / "release" / "quality-en.html").read_text("utf-8")
    assert 'class="num hidden">..<' in release
    assert "Confidential: not shown" in release
    # Hidden: B1 C10-C12 42.9, J58-J63 50.0; EC1 C10-C12 2.7, G46 3.8, J58-J63 5.0 (% of
    # turnover: 100 / 3 700, 100 / 2 650, 50 / 1 000). Shown: 80.0, 85.7, 28.6, 57.1, 7.6,
    # 1.5 and 3.4.
    for text in (release, quality):
        numbers = set(re.findall(r"(?<![\d.])\d+\.\d(?!\d)", text))
        assert not {"42.9", "50.0", "2.7", "3.8", "5.0"} & numbers
    assert {"80.0", "85.7", "28.6", "57.1", "7.6", "1.5", "3.4"} <= set(
        re.findall(r"(?<![\d.])\d+\.\d(?!\d)", release)
    )


def _write_rules(folder: Path, rules: str) -> None:
    path = folder / "destat.toml"
    path.write_text(path.read_text("utf-8").replace("[outputs]", f"{rules}\n[outputs]"), "utf-8")


def test_settings_per_indicator_change_the_rules_and_the_method(
    small: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(small, folder)
    _write_rules(
        folder,
        '[disclosure.indicators.EC1]\ndominance = { n = 1, k = 90 }\nsecondary = "heuristic"',
    )
    cells = run_project(folder).results.set_index(KEY)["conf_status"]
    # 86 % is not above 90 %: G46 is free, and C10-C12 and J58-J63 still lie in [0, 150].
    assert cells[("EC1", "GE10", "G46")] == "F"
    assert cells[("EC1", "GE10", "C10-C12")] == cells[("EC1", "GE10", "J58-J63")] == "C"
    assert cells[("B1", "GE10", "C10-C12")] == "D"
    methods = _table(folder, "disclosure_cells").groupby("indicator")["method"].first()
    assert methods.to_dict() == {"B1": "optimal", "EC1": "heuristic"}


def test_settings_for_an_indicator_not_estimated_are_refused(small: Path, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(small, folder)
    _write_rules(folder, "[disclosure.indicators.EC9]\np_percent = 20")
    with pytest.raises(ConfigError, match=r"\[disclosure.indicators\] names \['EC9'\]"):
        run_project(folder)


def _primary_only(tables: Any, primary: Any, *args: Any, **kwargs: Any) -> SecondaryResult:
    """A broken secondary step: it hides the primary cells and nothing else."""
    status = tuple(ConfStatus.PRIMARY if p else ConfStatus.FREE for p in primary)
    return SecondaryResult(status=status, method=args[-2], cost=0.0, rounds=0)


def test_a_failed_audit_stops_the_release_and_writes_nothing(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(small, folder)
    before = {p: p.read_bytes() for p in (folder / "outputs").rglob("*") if p.is_file()}
    database = (folder / "destat.duckdb").read_bytes()

    monkeypatch.setattr(protect_module, "suppress_secondary", _primary_only)
    with pytest.raises(ReleaseAuditError, match=r"Series B1: .*GE10, J58-J63.*Nothing was written"):
        run_project(folder)
    after = {p: p.read_bytes() for p in (folder / "outputs").rglob("*") if p.is_file()}
    assert after == before
    assert (folder / "destat.duckdb").read_bytes() == database
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".outputs")]


def test_without_the_audit_a_broken_pattern_goes_through(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``audit = false`` really switches the check off (so the default really has it on)."""
    folder = tmp_path / "project"
    shutil.copytree(small, folder)
    _write_rules(folder, "[disclosure.indicators.B1]\naudit = false")
    monkeypatch.setattr(protect_module, "suppress_secondary", _primary_only)
    results = run_project(folder).results.set_index(KEY)["conf_status"]
    assert results[("B1", "GE10", "J58-J63")] == "C"
    assert results[("B1", "GE10", "C10-C12")] == "F"  # exposed, and nobody checked
    assert set(_table(folder, "disclosure_audit")["indicator"]) == {"EC1"}


def test_activity_codes_nest_by_the_isic_aggregates() -> None:
    tree = activity_tree({"G45", "G46", "G47", "G45-G47", "C10-C12", "C13-C18", "C10-C33"}, "_T")
    assert tree == {
        "_T": ("C10-C33", "G45-G47"),
        "C10-C33": ("C10-C12", "C13-C18"),
        "G45-G47": ("G45", "G46", "G47"),
    }
    # Codes outside ISIC4_AGG (an office's own groups) are a flat breakdown.
    assert activity_tree({"AGRI", "SERV"}, "_T") == {"_T": ("AGRI", "SERV")}


@pytest.mark.slow
def test_the_demo_runs_and_says_how_many_figures_are_hidden(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--enterprises", "20000"])
    assert result.exit_code == 0, result.output
    said = re.search(
        r"Confidentiality: (\d+) figures hidden by primary rules \(C\), (\d+) by secondary",
        " ".join(result.output.split()),
    )
    assert said is not None, result.output
    results = pd.read_parquet(out / "outputs" / "results.parquet")
    counts = results["conf_status"].value_counts()
    assert (int(said[1]), int(said[2])) == (counts.get("C", 0), counts.get("D", 0))
    assert counts.get("C", 0) > 0  # the p% rule finds dominated e-commerce cells
    assert results.loc[results["conf_status"] != "F", "estimate"].isna().all()


def _family_audit(cells: pd.DataFrame, flags: list[str]) -> Any:
    return audit_tables(
        cells.assign(CONF_STATUS=flags),
        [
            Dimension("indicator", total="EC1", children={"EC1": ["EC2", "EC3"]}),
            Dimension("size_class", total="GE10"),
            Dimension("activity"),
        ],
        columns=TableColumns(value="value", contributors="contributors"),
        protection=ProtectionLevels(fraction=0.1, minimum=1.0),
        raise_on_failure=False,
    )


def test_series_whose_numerators_add_up_are_protected_together(tmp_path: Path) -> None:
    folder = write_small_project(tmp_path / "project", web_shares=True)
    run_project(folder)
    cells = _table(folder, "disclosure_cells")
    cells = cells[cells["indicator"].isin(["EC1", "EC2", "EC3"])].reset_index(drop=True)
    keys = list(zip(cells["indicator"], cells["size_class"], cells["activity"], strict=True))
    assert dict(zip(keys, cells["value"], strict=True)) == {
        **{key: value for key, (value, *_) in EXPECTED_CELLS.items() if key[0] == "EC1"},
        # EC3: the 15 of EDI sales of J58-J63's enterprise in 10-49; EC2 = EC1 - EC3.
        **{("EC3", *key[1:]): 0.0 for key in EXPECTED_CELLS if key[0] == "EC1"},
        ("EC3", "GE10", "_T"): 15.0,
        ("EC3", "10-49", "_T"): 15.0,
        ("EC3", "GE10", "J58-J63"): 15.0,
        ("EC2", "GE10", "_T"): 235.0,
        ("EC2", "10-49", "_T"): 159.0,
        ("EC2", "50-249", "_T"): 76.0,
        ("EC2", "GE10", "G46"): 100.0,
        ("EC2", "GE10", "C10-C12"): 100.0,
        ("EC2", "GE10", "J58-J63"): 35.0,
    }
    published = pd.read_parquet(folder / "outputs" / "results.parquet").set_index(KEY)
    flags = [published.loc[key, "conf_status"] for key in keys]
    status = dict(zip(keys, flags, strict=True))
    # One enterprise makes all EDI sales: EC3 is dominated wherever it is not 0.
    assert {k for k, s in status.items() if k[0] == "EC3" and s == "C"} == {
        ("EC3", "GE10", "_T"),
        ("EC3", "10-49", "_T"),
        ("EC3", "GE10", "J58-J63"),
    }
    # EC3 = EC1 - EC2 in every cell: with EC1 and EC2 published at the total and in 10-49,
    # subtraction would give 15 back. Their EC2 cells (235 and 159) are cheaper to hide than
    # EC1's (250 and 174).
    assert status[("EC2", "GE10", "_T")] == status[("EC2", "10-49", "_T")] == "D"
    assert status[("EC1", "GE10", "_T")] == status[("EC1", "10-49", "_T")] == "F"
    assert _family_audit(cells, flags).passed
    unlinked = [
        "F" if key in {("EC2", "GE10", "_T"), ("EC2", "10-49", "_T")} else flag
        for key, flag in zip(keys, flags, strict=True)
    ]
    exposed = {cell.key for cell in _family_audit(cells, unlinked).exposed}
    # ... and then J58-J63 too: 15 less the published zeros of G46 and C10-C12.
    assert exposed == {("EC3", "GE10", "_T"), ("EC3", "10-49", "_T"), ("EC3", "GE10", "J58-J63")}


def test_series_groups_follow_the_sums_of_the_questionnaire() -> None:
    b1 = Figure("B1", "pct_businesses", "uses_computer")
    ec = {
        "EC1": Figure("EC1", "pct_turnover", "ecommerce_sales_value", "turnover"),
        "EC2": Figure("EC2", "pct_turnover", "web_sales_value", "turnover"),
        "EC3": Figure("EC3", "pct_turnover", "edi_sales_value", "turnover"),
        "EC4": Figure("EC4", "pct_web_sales", "web_sales_b2c_value", "web_sales_value"),
        "EC5": Figure("EC5", "pct_web_sales", "web_sales_b2b_value", "web_sales_value"),
    }
    every = group_series([b1, *ec.values()])
    assert [[f.code for f in g.members] for g in every] == [["B1"], list(ec)]
    assert every[1].children == (("EC1", ("EC2", "EC3")), ("EC2", ("EC4", "EC5")))
    # Without EC2, EC4 + EC5 = 100 % of web sales: the denominator is a series all know.
    shares = group_series([ec["EC4"], ec["EC5"]])
    assert [[f.code for f in g.members] for g in shares] == [["EC4", "EC5"]]
    assert shares[0].known is not None
    assert shares[0].children == ((shares[0].known.code, ("EC4", "EC5")),)
    # EC2 alone with EC4 and EC5 heads them; EC3 without EC1 is a series of its own.
    rest = group_series([ec["EC2"], ec["EC3"], ec["EC4"], ec["EC5"]])
    assert [[f.code for f in g.members] for g in rest] == [["EC3"], ["EC2", "EC4", "EC5"]]


def test_a_linked_series_takes_its_settings_from_the_first(tmp_path: Path) -> None:
    folder = write_small_project(tmp_path / "project", web_shares=True)
    _write_rules(folder, "[disclosure.indicators.EC3]\np_percent = 20")
    with pytest.raises(ConfigError, match=r"EC3 .* in one table with EC1 .* set them there"):
        run_project(folder)
