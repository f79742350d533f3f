"""The variables of the model questionnaire on ICT use by businesses, in one place.

Names follow the UNCTAD model questionnaire (Manual for the Production of Statistics on the Digital
Economy, 2020, and the core indicators of the Partnership on Measuring ICT for Development) in
snake_case. Binary questions are 0/1. A question with a filter (``asked_if``) is only asked when
the filter question was answered 1; when it was answered 0 the answer is implied
(``if_not_asked``: 0 for "no" and for counts and values, None when the question has no meaning,
as for the share of web sales of an enterprise without e-commerce sales).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "FRAME_VARIABLES",
    "RULES",
    "SPEED_BANDS",
    "VARIABLES",
    "Kind",
    "Variable",
    "variable",
]


class Kind(StrEnum):
    """What kind of values a variable holds."""

    IDENTIFIER = "identifier"
    CODE = "code"
    BINARY = "binary"
    CATEGORY = "category"
    COUNT = "count"
    VALUE = "value"
    PERCENT = "percent"


@dataclass(frozen=True)
class Variable:
    """A questionnaire or frame variable: its kind, allowed values and filter."""

    name: str
    kind: Kind
    label: str
    allowed: tuple[str, ...] | tuple[int, ...] = ()
    asked_if: str | None = None
    if_not_asked: int | None = None
    at_most: str | None = None  # a count that cannot exceed another variable


SPEED_BANDS: tuple[str, ...] = ("lt2", "2_10", "10_30", "30_100", "ge100")
_YES_NO = (0, 1)


def _binary(name: str, label: str, asked_if: str | None = None) -> Variable:
    filter_value = None if asked_if is None else 0
    return Variable(name, Kind.BINARY, label, _YES_NO, asked_if, filter_value)


def _percent(name: str, label: str) -> Variable:
    return Variable(name, Kind.PERCENT, label, asked_if="receives_orders_internet")


FRAME_VARIABLES: tuple[Variable, ...] = (
    Variable("enterprise_id", Kind.IDENTIFIER, "Enterprise identifier in the business register"),
    Variable("isic", Kind.CODE, "Main activity, ISIC Rev.4 class (4 digits)"),
    Variable("region", Kind.CODE, "Region (codes 1 to 10)", tuple(range(1, 11))),
    Variable("persons_employed", Kind.COUNT, "Persons employed"),
    Variable("turnover", Kind.VALUE, "Turnover, thousands of national currency"),
)

VARIABLES: tuple[Variable, ...] = (
    _binary("uses_computer", "Used computers"),
    _binary("uses_internet", "Used the Internet", "uses_computer"),
    Variable(
        "persons_using_computer",
        Kind.COUNT,
        "Persons employed routinely using computers",
        asked_if="uses_computer",
        if_not_asked=0,
        at_most="persons_employed",
    ),
    Variable(
        "persons_using_internet",
        Kind.COUNT,
        "Persons employed routinely using the Internet",
        asked_if="uses_internet",
        if_not_asked=0,
        at_most="persons_employed",
    ),
    _binary(
        "web_presence", "Had a web presence (own website or pages on others')", "uses_internet"
    ),
    _binary("intranet", "Had an intranet", "uses_computer"),
    _binary("extranet", "Had an extranet", "uses_internet"),
    _binary("lan", "Had a local area network (LAN)", "uses_computer"),
    _binary("conn_narrowband", "Connected to the Internet by narrowband", "uses_internet"),
    _binary("conn_fixed_broadband", "Connected by fixed broadband", "uses_internet"),
    _binary("conn_mobile_broadband", "Connected by mobile broadband", "uses_internet"),
    Variable(
        "speed_band",
        Kind.CATEGORY,
        "Advertised download speed of the fastest connection, Mbit/s",
        SPEED_BANDS,
        asked_if="uses_internet",
    ),
    _binary("act_email", "Internet used for sending or receiving e-mail", "uses_internet"),
    _binary(
        "act_voip_video",
        "Internet used for telephoning (VoIP) or video conferencing",
        "uses_internet",
    ),
    _binary(
        "act_instant_messaging",
        "Internet used for instant messaging, bulletin boards",
        "uses_internet",
    ),
    _binary(
        "act_info_goods",
        "Internet used for getting information about goods or services",
        "uses_internet",
    ),
    _binary(
        "act_info_government",
        "Internet used for getting information from government",
        "uses_internet",
    ),
    _binary(
        "act_interact_government", "Internet used for interacting with government", "uses_internet"
    ),
    _binary("act_banking", "Internet used for Internet banking", "uses_internet"),
    _binary("act_other_financial", "Internet used for other financial services", "uses_internet"),
    _binary(
        "act_customer_services", "Internet used for providing customer services", "uses_internet"
    ),
    _binary("act_deliver_online", "Internet used for delivering products online", "uses_internet"),
    _binary(
        "act_recruitment", "Internet used for internal or external recruitment", "uses_internet"
    ),
    _binary("act_training", "Internet used for staff training", "uses_internet"),
    _binary("receives_orders_internet", "Received orders over the Internet", "uses_internet"),
    _binary("places_orders_internet", "Placed orders over the Internet", "uses_internet"),
    Variable(
        "ecommerce_sales_value",
        Kind.VALUE,
        "Value of sales from orders received over the Internet, thousands of national currency",
        asked_if="receives_orders_internet",
        if_not_asked=0,
        at_most="turnover",
    ),
    _percent("web_sales_share", "Percentage of e-commerce sales made through websites or apps"),
    _percent("edi_sales_share", "Percentage of e-commerce sales made through EDI"),
    _percent("b2c_share", "Percentage of e-commerce sales to private consumers (B2C)"),
    _percent("cross_border_share", "Percentage of e-commerce sales to customers abroad"),
)

# Identifiers of the checks a validation step runs; the planted-error manifest names them.
RULES: dict[str, str] = {
    "unique_enterprise_id": "An enterprise appears once in the survey file.",
    "in_register": "Every respondent is an enterprise of the business register.",
    "known_isic_class": "The activity code is an ISIC Rev.4 class.",
    "numeric": "A numeric question holds a number.",
    "non_negative": "Counts, values and percentages are not negative.",
    "percent_at_most_100": "A percentage is at most 100.",
    "persons_at_most_employed": (
        "Persons using computers or the Internet do not exceed persons employed."
    ),
    "orders_need_internet": "An enterprise receiving orders over the Internet uses the Internet.",
    "internet_needs_computer": "An enterprise using the Internet uses computers.",
}


def variable(name: str) -> Variable:
    """The questionnaire or frame variable called ``name`` (KeyError when there is none)."""
    for var in FRAME_VARIABLES + VARIABLES:
        if var.name == name:
            return var
    raise KeyError(name)
