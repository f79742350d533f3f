"""Variables the indicator catalogue needs, derived from the model questionnaire's answers.

The questionnaire asks for the value of e-commerce sales and, as percentages of it, the part
made through websites or apps, through EDI, to private consumers and to customers abroad
(UNCTAD model questionnaire on ICT use by businesses). The e-commerce indicators EC1-EC6 are
ratios of values, so the values are derived here: a share times the value of e-commerce sales.
B2C sales are taken as web sales (consumers order through websites and apps, not EDI), and a
business sells across borders when it reports a share abroad above zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SHARES = {
    "web_sales_value": "web_sales_share",
    "edi_sales_value": "edi_sales_share",
    "web_sales_b2c_value": "b2c_share",
}


def derive_values(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the e-commerce values and flags added where their sources are present."""
    if "ecommerce_sales_value" not in frame:
        return frame
    data = frame.copy()
    sales = pd.to_numeric(data["ecommerce_sales_value"], errors="coerce")
    for value, share in SHARES.items():
        if share in data and value not in data:
            data[value] = sales * pd.to_numeric(data[share], errors="coerce").fillna(0.0) / 100
    if {"web_sales_value", "web_sales_b2c_value"} <= set(data):
        data["web_sales_b2b_value"] = data["web_sales_value"] - data["web_sales_b2c_value"]
    if "web_sales_value" in data:
        data["web_sales"] = np.where(
            data["web_sales_value"].isna(), np.nan, data["web_sales_value"] > 0
        )
    if "cross_border_share" in data and "web_sales" in data:
        abroad = pd.to_numeric(data["cross_border_share"], errors="coerce").fillna(0.0) > 0
        data["web_sales_cross_border"] = np.where(data["web_sales"].isna(), np.nan, abroad)
    return data
