"""The shipped ICT goods list and what docs/macro.md and the file's own header say about it.

The official UNCTAD/OECD table (HS 2017) could not be found offline (docs/macro.md, "Checked
against published sources"), so these tests cannot compare the list with it. They keep the
statements about the list true: the counts the page prints, and the file's warning that it is
not verified, which may only go when the header names the table it was checked against.
"""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources
from pathlib import Path

from destat.macro.ict_goods import ict_goods_list

DOC = Path(__file__).resolve().parents[2] / "docs" / "macro.md"
LABELS = {
    "computers and peripherals": "COMPUTERS",
    "communication equipment": "COMMUNICATION",
    "consumer electronics": "CONSUMER_ELECTRONICS",
    "electronic components": "COMPONENTS",
}


def _header() -> list[str]:
    text = resources.files("destat.macro").joinpath("data", "ict_goods_hs2017.csv")
    return [line for line in text.read_text("utf-8").splitlines() if line.startswith("#")]


def test_counts_printed_in_docs_are_those_of_the_file() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    pattern = r"\*\*ICT goods\*\* \(\S+, (\d+) HS 2017 subheadings in four categories: (.*?)\)"
    bullet = re.search(pattern, text)
    assert bullet is not None
    parts = (part.strip().rsplit(" ", 1) for part in bullet.group(2).split(","))
    printed = {LABELS[name]: int(count) for name, count in parts}
    counts = Counter(ict_goods_list().values())
    assert printed == dict(counts)
    assert int(bullet.group(1)) == sum(counts.values())


def test_header_warns_until_it_names_the_table_it_was_checked_against() -> None:
    header = " ".join(_header())
    verified = re.search(r"Verified against: \S", header)
    assert verified or "NOT VERIFIED" in header
    # The definition the category structure comes from is always cited.
    assert "OECD (2008) ICT product definition" in header
