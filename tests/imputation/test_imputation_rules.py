"""Deductive edits, hot deck with fallback, rates and input errors on hand-made tables."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from destat.errors import ConfigError
from destat.survey.imputation import ImputationInputError, impute
from destat.survey.imputation.hotdeck import cell_levels, draw_donors
from destat.survey.validation import validate
from validation.questionnaires import consistent_answers, frame_of

INTERNET_QUESTIONS = [
    "persons_using_internet", "web_presence", "extranet", "conn_narrowband",
    "conn_fixed_broadband", "conn_mobile_broadband", "speed_band", "act_email", "act_voip_video",
    "act_instant_messaging", "act_info_goods", "act_info_government", "act_interact_government",
    "act_banking", "act_other_financial", "act_customer_services", "act_deliver_online",
    "act_recruitment", "act_training", "receives_orders_internet", "places_orders_internet",
]  # fmt: skip
SALES_QUESTIONS = [
    "ecommerce_sales_value", "web_sales_share", "edi_sales_share", "b2c_share",
    "cross_border_share",
]  # fmt: skip


def enterprise(size: str = "10-49", industry: str = "G47", **changes: Any) -> dict[str, Any]:
    return consistent_answers(size_class=size, industry=industry, **changes)


def edits_of(frame: pd.DataFrame, seed: int = 1) -> set[tuple[int, str, object, str]]:
    edits = impute(frame, np.random.default_rng(seed)).edits
    return {(int(e.row), str(e.variable), e.new_value, str(e.method)) for e in edits.itertuples()}


def test_a_complete_consistent_table_is_not_changed() -> None:
    frame = frame_of(enterprise(), enterprise())
    result = impute(frame, np.random.default_rng(1))
    assert result.edits.empty
    assert (result.rates["imputed"] == 0).all()
    assert set(result.flags().stack()) == {""}


def test_a_blank_filter_is_yes_when_a_question_it_filters_was_answered() -> None:
    frame = frame_of(enterprise(uses_computer=None, uses_internet=None))
    assert edits_of(frame) == {
        (1, "uses_internet", 1.0, "deductive_filter"),
        (1, "uses_computer", 1.0, "deductive_filter"),
    }


def test_skipped_questions_take_their_implied_values() -> None:
    no_internet = {name: None for name in INTERNET_QUESTIONS + SALES_QUESTIONS}
    frame = frame_of(enterprise(**{**no_internet, "uses_internet": 0, "web_presence": 1}))
    result = impute(frame, np.random.default_rng(1))
    row = result.frame.iloc[0]
    assert row["web_presence"] == 0  # answered against the filter: the filter wins
    assert row["act_email"] == 0
    assert row["ecommerce_sales_value"] == 0
    assert pd.isna(row["web_sales_share"])  # no e-commerce sales: no share
    assert pd.isna(row["speed_band"])
    assert set(result.edits["method"]) == {"deductive_skip"}
    changed = result.edits.set_index("variable")
    assert changed.loc["web_presence", "old_value"] == 1.0
    assert "web_sales_share" not in changed.index  # blank already, and stays blank
    assert validate(result.frame).problems.empty


def test_shares_complete_each_other_and_a_zero_bound_gives_zero() -> None:
    frame = frame_of(
        enterprise(edi_sales_share=None),
        enterprise(web_sales_share=None),
        enterprise(web_sales_share=0, edi_sales_share=100, b2c_share=None),
    )
    assert edits_of(frame) == {
        (1, "edi_sales_share", 20.0, "deductive_complement"),
        (2, "web_sales_share", 80.0, "deductive_complement"),
        (3, "b2c_share", 0.0, "deductive_bound"),
    }


def test_hot_deck_takes_a_donor_of_the_same_cell() -> None:
    frame = frame_of(
        enterprise("10-49", "G47", speed_band=None),
        enterprise("10-49", "G47", speed_band="ge100"),
        enterprise("10-49", "C10-C12", speed_band="lt2"),
        enterprise("50-249", "G47", speed_band="2_10"),
    )
    for seed in range(10):
        result = impute(frame, np.random.default_rng(seed))
        edit = result.edits.iloc[0]
        assert (edit.row, edit.new_value, edit.donor_row, edit.cell) == (
            1,
            "ge100",
            2,
            "size_class × industry",
        )
        assert result.notes == ()


def test_fallback_to_size_class_then_to_all_is_said() -> None:
    frame = frame_of(
        enterprise("10-49", "G47", speed_band=None),
        enterprise("10-49", "C10-C12", speed_band="lt2"),
        enterprise("GE250", "J58-J63", speed_band=None),
        enterprise("50-249", "G47", speed_band="2_10"),
    )
    result = impute(frame, np.random.default_rng(3))
    edits = result.edits.set_index("row")
    assert (edits.loc[1, "new_value"], edits.loc[1, "cell"]) == ("lt2", "size_class")
    assert edits.loc[3, "cell"] == "all"
    assert edits.loc[3, "new_value"] in {"lt2", "2_10"}
    assert edits.loc[3, "new_value"] != "lt2" or edits.loc[3, "donor_row"] == 2
    assert any("same size_class cell" in note for note in result.notes)
    assert any("whole file" in note for note in result.notes)
    assert result.rates.set_index("variable").loc["speed_band", "imputed_coarser_cell"] == 2


def test_a_bounded_count_carries_the_donors_ratio() -> None:
    frame = frame_of(
        enterprise(persons_employed=10, persons_using_computer=None, persons_using_internet=2),
        enterprise(persons_employed=100, persons_using_computer=50, persons_using_internet=40),
    )
    edits = impute(frame, np.random.default_rng(1)).edits
    assert edits[["row", "variable", "new_value", "donor_row"]].values.tolist() == [
        [1, "persons_using_computer", 5.0, 2]  # 50 of 100 → half of 10
    ]


def test_a_value_nobody_reported_stays_missing_and_is_said() -> None:
    frame = frame_of(enterprise(speed_band=None), enterprise(speed_band=None))
    result = impute(frame, np.random.default_rng(1))
    assert result.edits.empty
    assert result.rates.set_index("variable").loc["speed_band", "still_missing"] == 2
    assert result.notes == ("speed_band: no unit reported it, so 2 value(s) stay missing.",)


def test_imputed_filters_decide_the_questions_they_filter() -> None:
    no_answers = {name: None for name in ["uses_internet", *INTERNET_QUESTIONS, *SALES_QUESTIONS]}
    donor_without_internet = {
        **{name: 0 for name in INTERNET_QUESTIONS if name != "speed_band"},
        "speed_band": None,
        "ecommerce_sales_value": 0,
        **dict.fromkeys(SALES_QUESTIONS[1:]),
        "uses_internet": 0,
    }
    frame = frame_of(enterprise(**no_answers), enterprise(**donor_without_internet))
    result = impute(frame, np.random.default_rng(1))
    row = result.frame.iloc[0]
    assert row["uses_internet"] == 0
    assert row["act_email"] == 0
    assert validate(result.frame).problems.empty
    methods = result.edits.groupby("method").size().to_dict()
    # Every Internet question but the speed band (no implied value), and the sales value.
    assert methods == {"hot_deck": 1, "deductive_skip": len(INTERNET_QUESTIONS) - 1 + 1}


def test_rates_on_a_hand_made_table() -> None:
    frame = frame_of(
        enterprise(speed_band=None, cross_border_share=None),
        enterprise(speed_band=None),
        enterprise(),
        enterprise(receives_orders_internet=0, **dict.fromkeys(SALES_QUESTIONS)),
    )
    result = impute(frame, np.random.default_rng(1))
    rates = result.rates.set_index("variable")
    speed = rates.loc["speed_band"]
    assert (speed["applicable"], speed["imputed"], speed["deductive"]) == (4, 2, 0)
    assert speed["imputation_rate"] == pytest.approx(0.5)
    sales = rates.loc["ecommerce_sales_value"]
    assert (sales["applicable"], sales["deductive"], sales["deductive_rate"]) == (3, 1, 0.25)
    border = rates.loc["cross_border_share"]
    assert (border["applicable"], border["imputed"]) == (3, 1)
    assert border["imputation_rate"] == pytest.approx(1 / 3)
    flags = result.flags()
    assert flags.loc[[0, 1], "speed_band_flag"].tolist() == ["hot_deck", "hot_deck"]
    assert flags.loc[3, "ecommerce_sales_value_flag"] == "deductive_skip"
    assert flags.loc[2].eq("").all()


def test_draw_donors_uses_the_finest_cell_with_a_donor() -> None:
    table = pd.DataFrame({"size": ["a", "a", "a", "b", "b"], "industry": [1, 1, 2, 1, 3]})
    levels = cell_levels(table, ["size", "industry"])
    assert levels.names == ("size × industry", "size", "all")
    donors = np.array([1, 3])
    chosen, level = draw_donors(levels, donors, np.array([0, 2, 4]), np.random.default_rng(0))
    assert chosen.tolist() == [1, 1, 3]
    assert level.tolist() == [0, 1, 1]
    none, no_level = draw_donors(
        levels, np.array([], dtype=np.int64), np.array([0]), np.random.default_rng(0)
    )
    assert (none.tolist(), no_level.tolist()) == ([-1], [-1])


def test_input_mistakes_are_explained() -> None:
    frame = frame_of(enterprise())
    with pytest.raises(ConfigError, match=r"numpy\.random\.Generator"):
        impute(frame, 42)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"\['stratum'\] are not columns"):
        impute(frame, np.random.default_rng(1), cells=("stratum",))
    with pytest.raises(ImputationInputError, match=r"'persons_using_computer'.*row 1.*'todos'"):
        impute(frame_of(enterprise(persons_using_computer="todos")), np.random.default_rng(1))


def test_text_cells_as_read_from_a_file_are_imputed() -> None:
    rows = [
        enterprise(persons_employed=None, persons_using_computer=None),
        enterprise(persons_using_computer=None, speed_band=None),
        enterprise(persons_employed=100, persons_using_computer=50),
    ]
    frame = frame_of(*rows).map(lambda v: None if pd.isna(v) else str(v).removesuffix(".0"))
    result = impute(frame, np.random.default_rng(1))
    imputed = result.frame
    assert imputed.loc[1, "persons_using_computer"] == 10.0  # half of 20, as the donor
    assert imputed.loc[1, "speed_band"] == "10_30"
    assert pd.isna(imputed.loc[0, "persons_using_computer"])  # no bound to scale by
    assert any("persons_employed is missing" in note for note in result.notes)


def test_a_donor_must_respect_the_recipients_own_answers() -> None:
    frame = frame_of(
        enterprise(web_sales_share=None, edi_sales_share=None, b2c_share=60),
        enterprise(web_sales_share=25, edi_sales_share=75, b2c_share=10),
        enterprise(web_sales_share=80, edi_sales_share=20, b2c_share=50),
    )
    for seed in range(8):
        result = impute(frame, np.random.default_rng(seed))
        assert result.frame.loc[0, ["web_sales_share", "edi_sales_share"]].tolist() == [80, 20]
        assert validate(result.frame).problems.empty


def test_without_a_donor_meeting_the_floor_the_value_stays_missing() -> None:
    frame = frame_of(
        enterprise(web_sales_share=None, edi_sales_share=None, b2c_share=90),
        enterprise(web_sales_share=25, edi_sales_share=75, b2c_share=10),
    )
    result = impute(frame, np.random.default_rng(1))
    assert pd.isna(result.frame.loc[0, "web_sales_share"])
    assert any("at least the unit's own b2c_share" in note for note in result.notes)
    assert validate(result.frame).problems.empty
