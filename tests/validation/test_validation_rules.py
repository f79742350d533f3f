"""Each rule on hand-made questionnaires: the broken cell is reported, the consistent one is not."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from destat.demo import FRAME_VARIABLES, Kind, Variable
from destat.survey.validation import Severity, default_rules, validate

from .questionnaires import consistent_answers, frame_of


def found(frame: pd.DataFrame, **options: Any) -> set[tuple[int, str, str]]:
    problems = validate(frame, **options).problems
    return {(int(r.row), str(r.column), str(r.rule)) for r in problems.itertuples()}


def test_a_consistent_questionnaire_has_no_problem() -> None:
    frame = frame_of(consistent_answers(), consistent_answers())
    assert found(frame, register_ids=["E1", "E2"]) == set()


@pytest.mark.parametrize(
    ("changes", "column", "rule"),
    [
        ({"persons_using_computer": "todos"}, "persons_using_computer", "numeric"),
        ({"turnover": "12,5"}, "turnover", "numeric"),
        ({"uses_computer": 2}, "uses_computer", "allowed_code"),
        ({"speed_band": "fast"}, "speed_band", "allowed_code"),
        ({"region": 11}, "region", "allowed_code"),
        ({"isic": "4797"}, "isic", "known_isic_class"),
        ({"isic": ""}, "isic", "known_isic_class"),
        ({"turnover": -5}, "turnover", "non_negative"),
        ({"cross_border_share": 101}, "cross_border_share", "percent_at_most_100"),
        ({"persons_using_internet": 21}, "persons_using_internet", "persons_at_most_employed"),
        ({"ecommerce_sales_value": 1001}, "ecommerce_sales_value", "sales_at_most_turnover"),
        ({"b2c_share": 81}, "b2c_share", "b2c_at_most_web_sales"),
        ({"edi_sales_share": 30}, "web_sales_share", "channel_shares_at_most_100"),
        (
            {"uses_computer": 0, "persons_using_computer": None, "intranet": None, "lan": None},
            "uses_internet",
            "internet_needs_computer",
        ),
    ],
)
def test_each_rule_reports_the_broken_cell_only(
    changes: dict[str, Any], column: str, rule: str
) -> None:
    frame = frame_of(consistent_answers(), consistent_answers(**changes))
    assert found(frame) == {(2, column, rule)}


def _no_internet(**changes: Any) -> dict[str, Any]:
    """A consistent enterprise with computers but no Internet: every Internet question blank."""
    blanks = {
        name: None
        for name, value in consistent_answers().items()
        if name
        not in {
            "enterprise_id",
            "isic",
            "region",
            "persons_employed",
            "turnover",
            "uses_computer",
            "persons_using_computer",
            "intranet",
            "lan",
        }
    }
    return consistent_answers(**{**blanks, "uses_internet": 0, **changes})


def test_skip_patterns() -> None:
    frame = frame_of(
        _no_internet(),
        _no_internet(web_presence=1),  # answered although skipped
        _no_internet(web_presence=0),  # an explicit no agrees with the skip
        _no_internet(speed_band="lt2"),  # no implied value: any answer is reported
        _no_internet(receives_orders_internet=1),  # a rule of its own
        _no_internet(uses_internet=None, web_presence=1),  # filter unknown: not a skip
        _no_internet(uses_computer=0, uses_internet=None, persons_using_computer=None,
                     intranet=None, lan=None, receives_orders_internet=1),  # skipped twice
    )  # fmt: skip
    assert found(frame) == {
        (2, "web_presence", "skipped_question_answered"),
        (4, "speed_band", "skipped_question_answered"),
        (5, "receives_orders_internet", "orders_need_internet"),
        (7, "receives_orders_internet", "orders_need_internet"),
    }


def test_percentages_without_e_commerce_sales_are_reported() -> None:
    shares = ["web_sales_share", "edi_sales_share", "b2c_share", "cross_border_share"]
    no_sales = {"receives_orders_internet": 0, "ecommerce_sales_value": 0, **dict.fromkeys(shares)}
    frame = frame_of(
        consistent_answers(**no_sales),
        consistent_answers(**{**no_sales, "web_sales_share": 0}),
    )
    assert found(frame) == {(2, "web_sales_share", "skipped_question_answered")}


def test_bounds_are_not_compared_with_a_negative_bound() -> None:
    frame = frame_of(consistent_answers(persons_employed=-3, persons_using_internet=8))
    assert found(frame) == {(1, "persons_employed", "non_negative")}


def test_numbers_written_in_other_ways_are_numbers() -> None:
    frame = frame_of(
        consistent_answers(persons_using_computer=" 12 ", turnover="1000.0"),
        consistent_answers(persons_using_computer=12.0, turnover=None),
    )
    assert found(frame) == set()


def test_duplicates_are_reported_after_the_first_entry() -> None:
    frame = frame_of(
        consistent_answers(), consistent_answers(), consistent_answers(), consistent_answers()
    )
    frame["enterprise_id"] = ["E1", "E2", "E1", "E1"]
    problems = validate(frame).problems
    assert list(problems["row"]) == [3, 4]
    assert set(problems["rule"]) == {"unique_enterprise_id"}
    assert problems["message"].str.contains("first entry is data row 1").all()


def test_identifiers_given_and_in_register() -> None:
    frame = frame_of(consistent_answers(), consistent_answers(), consistent_answers())
    frame["enterprise_id"] = ["E1", "", "E9"]
    assert found(frame, register_ids=["E1", "E2"]) == {
        (2, "enterprise_id", "identifier_given"),
        (3, "enterprise_id", "in_register"),
    }


def test_isic_suggestions() -> None:
    frame = frame_of(consistent_answers(isic="111"), consistent_answers(isic=4711))
    problems = validate(frame).problems
    assert list(problems["rule"]) == ["known_isic_class"]
    assert problems.loc[0, "fix"].startswith("Did you mean 0111?")


def test_missing_columns_skip_their_checks() -> None:
    frame = pd.DataFrame({"enterprise_id": ["E1", "E1"], "turnover": [-1, 5]})
    assert found(frame) == {
        (1, "turnover", "non_negative"),
        (2, "enterprise_id", "unique_enterprise_id"),
    }


def test_column_names_show_the_users_names() -> None:
    frame = frame_of(consistent_answers(turnover=-5))
    problems = validate(frame, column_names={"turnover": "INGRESOS"}).problems
    assert list(problems["column"]) == ["INGRESOS"]
    assert problems.loc[0, "message"] == "INGRESOS is -5, below zero."


def test_severities_can_be_changed_per_rule() -> None:
    frame = frame_of(consistent_answers(turnover=-5))
    assert not validate(frame).ok
    relaxed = validate(frame, rules=default_rules({"non_negative": "warning"}))
    assert relaxed.ok
    assert list(relaxed.problems["severity"]) == [Severity.WARNING.value]


def test_a_country_passes_its_own_region_codes() -> None:
    regions = Variable("region", Kind.CODE, "Region", tuple(range(1, 26)))
    frame_variables = (*[v for v in FRAME_VARIABLES if v.name != "region"], regions)
    frame = frame_of(consistent_answers(region=20))
    assert found(frame) == {(1, "region", "allowed_code")}
    assert found(frame, rules=default_rules(frame_variables=frame_variables)) == set()
