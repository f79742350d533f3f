"""A project small enough to check by hand: 14 enterprises, all of them sampled and responding
(every weight is 1), in two size classes and three industries, with cells planted to fail
the minimum frequency, the dominance and the p% rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# industry (ISIC4_AGG), ISIC class, size class, e-commerce sales, turnover, uses a computer.
# EC1 (e-commerce sales / turnover) by industry; its numerator cells are the sales:
#   J58-J63: 2 respondents (30, 20), total 50        -> minimum frequency (2 < 3)
#   G46: 86, 1, 5, 4, 4, total 100                   -> dominance (1, 85): 86 % > 85 %;
#        not p% 10: 100 - 86 - 5 = 9 >= 8.6
#   C10-C12: 50, 46, 1, 1, 1, 1, 0, total 100        -> p% 10: 100 - 50 - 46 = 4 < 5;
#        not dominance: 50 % <= 85 %
# Size classes: 10-49 holds 86, 1, 5, 50, 1, 1, 30 (174: top 49 %, rest 174-86-50 = 38 >= 8.6);
#   50-249 holds 4, 4, 46, 1, 1, 0, 20 (76: top 61 %, rest 76-46-20 = 10 >= 4.6): both safe.
# B1 (uses a computer): G46 4 of 5 (80.0 %), C10-C12 3 of 7 (42.9 %), J58-J63 1 of 2 (50.0 %);
#   10-49 6 of 7 (85.7 %), 50-249 2 of 7 (28.6 %), all 8 of 14 (57.1 %).
ENTERPRISES = [
    ("G46", "4690", "10-49", 86, 400, 1),
    ("G46", "4690", "10-49", 1, 300, 1),
    ("G46", "4690", "10-49", 5, 250, 1),
    ("G46", "4690", "50-249", 4, 900, 1),
    ("G46", "4690", "50-249", 4, 800, 0),
    ("C10-C12", "1071", "10-49", 50, 500, 1),
    ("C10-C12", "1071", "10-49", 1, 300, 0),
    ("C10-C12", "1071", "10-49", 1, 200, 1),
    ("C10-C12", "1071", "50-249", 46, 1000, 0),
    ("C10-C12", "1071", "50-249", 1, 700, 1),
    ("C10-C12", "1071", "50-249", 1, 600, 0),
    ("C10-C12", "1071", "50-249", 0, 400, 0),
    ("J58-J63", "6201", "10-49", 30, 350, 1),
    ("J58-J63", "6201", "50-249", 20, 650, 0),
]
PERSONS = {"10-49": 20, "50-249": 100}

CONFIG = """
[project]
name = "Small test project"
ref_area = "DL"
country = "Demo Land"
reference_period = "2025"

[inputs]
register = "register.csv"
sample = "sample.csv"
survey = "survey.csv"
mapping = "mapping.csv"

[estimation]
indicators = ["B1", "EC1"]
breakdowns = [[], ["size_class"], ["industry"]]

[disclosure]
min_frequency = 3
dominance = { n = 1, k = 85 }
p_percent = 10
protection = 0.1
protection_minimum = 1.0

[outputs]
languages = ["en"]
"""


# Share of each enterprise's e-commerce sales made through websites (the rest through EDI),
# for EC2 (web) and EC3 (EDI), whose numerators make up EC1's. One enterprise sells through
# EDI: J58-J63's in size class 10-49, half of its 30, so EC3 is 15 in its cells (J58-J63,
# 10-49 and the total) and 0 elsewhere. Those 15 are dominated by one enterprise, and EC1 -
# EC2 would give them back if EC1 and EC2 were published where EC3 is hidden.
WEB_SHARES = [100] * 12 + [50, 100]


def write_small_project(folder: Path, web_shares: bool = False) -> Path:
    """Write the inputs and ``destat.toml`` of the small project into ``folder``; with
    ``web_shares`` the survey has the web and EDI shares and EC2 and EC3 are estimated too."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "enterprise_id": f"E{i:02d}",
            "industry": industry,
            "isic": isic,
            "size_class": size,
            "persons_employed": PERSONS[size],
            "turnover": turnover,
            "ecommerce_sales_value": sales,
            "uses_computer": computer,
        }
        for i, (industry, isic, size, sales, turnover, computer) in enumerate(ENTERPRISES)
    ]
    frame = pd.DataFrame(rows)
    frame["stratum"] = frame["size_class"] + "_" + frame["industry"]
    frame["stratum_population"] = frame.groupby("stratum")["enterprise_id"].transform("size")
    frame["responded"] = 1
    survey = ["enterprise_id", "persons_employed", "turnover", "uses_computer"]
    survey.append("ecommerce_sales_value")
    if web_shares:
        frame["web_sales_share"] = WEB_SHARES
        frame["edi_sales_share"] = [100 - share for share in WEB_SHARES]
        survey += ["web_sales_share", "edi_sales_share"]
    files = {
        "register.csv": ["enterprise_id", "isic", "persons_employed", "turnover"],
        "sample.csv": [
            "enterprise_id",
            "stratum",
            "size_class",
            "industry",
            "stratum_population",
            "responded",
        ],
        "survey.csv": survey,
    }
    mapping = []
    for name, columns in files.items():
        frame[columns].to_csv(folder / name, index=False)
        mapping += [(name, column, column) for column in columns]
    pd.DataFrame(mapping, columns=["file", "national_variable", "model_variable"]).assign(
        national_code="", model_code="", label="", asked_if="", if_not_asked=""
    ).to_csv(folder / "mapping.csv", index=False)
    config = CONFIG.replace('"EC1"]', '"EC1", "EC2", "EC3"]') if web_shares else CONFIG
    (folder / "destat.toml").write_text(config, encoding="utf-8")
    return folder
