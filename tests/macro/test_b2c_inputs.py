"""Reading the index's inputs as published, and the errors bad input gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from destat.macro.b2c import B2CInputError, read_groups, read_inputs, read_series_file

DATA = Path(__file__).parent / "data"


def test_world_bank_wide_csv_is_read_with_its_lines() -> None:
    tidy = read_series_file(DATA / "b2c_wdi_servers.csv")
    assert sorted(tidy["country"]) == ["XAA", "XBB", "XCC", "XDD", "XEE"]
    assert set(tidy["component"]) == {"servers"}  # the mobile-subscription row is not a component
    first = tidy.set_index("country").loc["XAA"]
    assert (first["year"], first["value"]) == (2019, 10_000.0)
    assert first["origin"].endswith("b2c_wdi_servers.csv, line 6")


def test_sdmx_csv_and_tidy_csv_read_alike() -> None:
    sdmx = read_series_file(DATA / "b2c_upu_pri.sdmx.csv").set_index("country")
    assert sdmx.loc["XDD", ["year", "component", "value"]].tolist() == [
        2018,
        "postal_reliability",
        35.0,
    ]
    tidy = read_series_file(DATA / "b2c_components.csv")
    assert tidy[tidy["country"] == "XBB"]["source"].tolist()[:2] == ["Findex 2017", "Findex 2021"]


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("XAA,2019,internet,lots\n", r"in\.csv, line 3, column value: 'lots' is not a number"),
        ("XAA,2019,internet,101\n", r"line 3, column value: internet is 101.0, but must be betw"),
        ("XAA,2019,servers,-2\n", r"servers is -2.0, but must be 0 or more"),
        ("Kenya,2019,internet,20\n", r"column country: 'Kenya' is not an ISO 3166 alpha-3"),
        ("XAA,19,internet,20\n", r"column year: '19' is not a year"),
    ],
)
def test_bad_cells_name_file_line_and_column(tmp_path: Path, body: str, expected: str) -> None:
    path = _write(tmp_path, "country,year,component,value\nXAA,2018,internet,10\n" + body)
    with pytest.raises(B2CInputError, match=expected):
        read_inputs([path])


def test_missing_column_and_no_component(tmp_path: Path) -> None:
    with pytest.raises(B2CInputError, match=r"line 1: no column for value"):
        read_inputs([_write(tmp_path, "country,year,component\nXAA,2019,internet\n")])
    with pytest.raises(B2CInputError, match=r"no values of the index's components"):
        read_inputs([_write(tmp_path, "country,year,series,value\nXAA,2019,GDP,5\n")])


def test_the_same_figure_twice_must_agree(tmp_path: Path) -> None:
    first = _write(tmp_path, "country,year,component,value\nXAA,2019,internet,60\n", "a.csv")
    same = _write(tmp_path, "REF_AREA,TIME_PERIOD,INDICATOR,OBS_VALUE\nXAA,2019,i99H,60\n", "b.csv")
    assert len(read_inputs([first, same])) == 1
    other = _write(tmp_path, "country,year,component,value\nXAA,2019,internet,61\n", "c.csv")
    with pytest.raises(B2CInputError, match=r"a\.csv, line 2 and .*c\.csv, line 2"):
        read_inputs([first, other])


def test_files_that_are_not_utf8_csv(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("country,year,component,value\nXAA,2019,internet,6\xe9\n".encode("latin-1"))
    with pytest.raises(B2CInputError, match=r"not UTF-8 text"):
        read_inputs([latin])
    with pytest.raises(B2CInputError, match=r"no such file"):
        read_inputs([tmp_path / "absent.csv"])


def test_groups_one_group_per_grouping(tmp_path: Path) -> None:
    groups = read_groups(DATA / "b2c_groups.csv")
    assert len(groups) == 9
    twice = _write(tmp_path, "country,group\nXAA,North\nXAA,South\n")
    with pytest.raises(B2CInputError, match=r"line 3: XAA is in two groups of group"):
        read_groups(twice)


def test_a_short_row_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "country,year,component,value\nXAA,2019,internet,60\nXBB,2019\n")
    with pytest.raises(B2CInputError, match=r"in\.csv, line 3: 2 cells for 4 columns"):
        read_inputs([path])
