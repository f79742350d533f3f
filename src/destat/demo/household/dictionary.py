"""The data dictionary of the household survey files: every variable, its meaning and codes."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

__all__ = ["DICTIONARY", "Entry", "dictionary_table"]

_YES_NO = "1 = yes, 0 = no"


@dataclass(frozen=True)
class Entry:
    """One variable of one file: its label, codes, who has a value, and what a blank means."""

    file: str
    variable: str
    label: str
    codes: str = ""
    universe: str = "all rows"
    blank: str = ""


_DESIGN = (
    ("stratum", "Stratum: region × urban/rural", "R01-U … R10-R (region, U urban, R rural)"),
    ("region", "Region", "1 to 10"),
    ("area", "Urban or rural (of the enumeration area)", "urban, rural"),
    ("ea", "Enumeration area (primary sampling unit)", "EA id"),
    ("household", "Household (secondary sampling unit)", "household id"),
    ("ea_total", "EAs on the frame in the stratum (M_h): fpc of stage 1", ""),
    ("eas_sampled", "EAs sampled in the stratum (m_h)", ""),
    ("households_in_ea", "Households listed in the EA (N_i): fpc of stage 2", ""),
    ("households_responded", "Sampled households of the EA that responded (r_i)", ""),
    ("design_weight", "Inverse of the inclusion probability (product of both stages)", ""),
    ("weight", "Design weight adjusted for unit non-response within the EA", ""),
)
_HOUSEHOLDS = (
    ("size", "Household members (all ages)", "1 to 10", "all rows", ""),
    ("head_sex", "Sex of the household head", "F, M", "all rows", ""),
    ("households_sampled", "Households sampled in the EA (n)", "", "all rows", ""),
    ("ea_probability", "Inclusion probability of the EA (stage 1)", "", "all rows", ""),
    ("household_probability", "Inclusion probability within the EA (stage 2)", "", "all rows", ""),
    ("responded", "The household was interviewed", _YES_NO, "all rows", ""),
    (
        "has_computer",
        "Household has a computer (ITU HH5)",
        _YES_NO,
        "responding households",
        "non-response (household or item)",
    ),
    (
        "has_internet_home",
        "Household has Internet access at home (ITU HH6)",
        _YES_NO,
        "responding households",
        "non-response (household or item)",
    ),
)
_ACTIVITY_LABELS = {
    "act_email": "sending or receiving e-mail",
    "act_social_networks": "participating in social networks",
    "act_internet_calls": "telephoning or video calls over the Internet",
    "act_news": "reading or downloading online news",
    "act_purchasing": "purchasing or ordering goods or services",
    "act_selling": "selling goods or services",
    "act_banking": "Internet banking",
    "act_government": "interacting with general government organizations",
    "act_learning": "formal online course or online learning",
}
_ANSWERED = "item non-response"
_PERSONS = (
    ("person", "Person id", "", "all rows", ""),
    ("line", "Line in the household roster (1 = head)", "", "all rows", ""),
    ("sex", "Sex", "F = female, M = male", "all rows", ""),
    ("age", "Age in completed years", "15 and over", "all rows", ""),
    ("age_group", "Age group", "Y15T24, Y25T74, Y_GE75", "all rows", ""),
    ("education", "Highest level completed (ISCED 0–1, 2–4, 5–8)",
     "primary_or_less, secondary, tertiary", "all rows", ""),
    ("labour_status", "Labour status (ILO)",
     "employee, employer, own_account, unemployed, outside_labour_force", "all rows", ""),
    ("business_owner", "Own-account worker or employer (small business owner)", _YES_NO,
     "all rows", ""),
    ("uses_internet", "Used the Internet in the last 3 months (ITU HH7, SDG 17.8.1)", _YES_NO,
     "all rows", _ANSWERED),
    ("owns_mobile_phone", "Owns a mobile phone (ITU HH18, SDG 5.b.1)", _YES_NO, "all rows",
     _ANSWERED),
    *(
        (name, f"Used the Internet in the last 3 months for {label} (ITU HH9)",
         _YES_NO + " (0 also for non-users of the Internet)", "all rows",
         "item non-response, or uses_internet blank")
        for name, label in _ACTIVITY_LABELS.items()
    ),
    ("sells_online", "The person's business sells goods or services over the Internet",
     _YES_NO, "business_owner = 1", "not a business owner, or item non-response"),
)  # fmt: skip

DICTIONARY: tuple[Entry, ...] = (
    *(Entry("households", name, label, codes) for name, label, codes in _DESIGN),
    *(Entry("households", *entry) for entry in _HOUSEHOLDS),
    *(Entry("persons", name, label, codes) for name, label, codes in _DESIGN),
    *(Entry("persons", *entry) for entry in _PERSONS),
)


def dictionary_table() -> pd.DataFrame:
    """The data dictionary as a table: file, variable, label, codes, universe, blank."""
    return pd.DataFrame([asdict(entry) for entry in DICTIONARY])
