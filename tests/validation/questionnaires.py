"""Hand-made questionnaires for the validation and imputation tests: one consistent enterprise,
to break one rule at a time."""

from __future__ import annotations

from typing import Any

import pandas as pd


def consistent_answers(**changes: Any) -> dict[str, Any]:
    """One enterprise's answers that break no rule, with ``changes`` applied."""
    answers: dict[str, Any] = {
        "enterprise_id": "E1",
        "isic": "4711",
        "region": 1,
        "persons_employed": 20,
        "turnover": 1000,
        "uses_computer": 1,
        "uses_internet": 1,
        "persons_using_computer": 10,
        "persons_using_internet": 8,
        "web_presence": 1,
        "intranet": 0,
        "extranet": 0,
        "lan": 1,
        "conn_narrowband": 0,
        "conn_fixed_broadband": 1,
        "conn_mobile_broadband": 1,
        "speed_band": "10_30",
        **{
            name: 1
            for name in (
                "act_email",
                "act_voip_video",
                "act_instant_messaging",
                "act_info_goods",
                "act_info_government",
                "act_interact_government",
                "act_banking",
                "act_other_financial",
                "act_customer_services",
                "act_deliver_online",
                "act_recruitment",
                "act_training",
            )
        },
        "receives_orders_internet": 1,
        "places_orders_internet": 1,
        "ecommerce_sales_value": 100,
        "web_sales_share": 80,
        "edi_sales_share": 20,
        "b2c_share": 50,
        "cross_border_share": 10,
    }
    answers.update(changes)
    return answers


def frame_of(*rows: dict[str, Any]) -> pd.DataFrame:
    """A table of several questionnaires with ids E1, E2, ..."""
    return pd.DataFrame([{**row, "enterprise_id": f"E{i}"} for i, row in enumerate(rows, start=1)])
