"""The household worked example of docs/sdmx.md runs and prints what the page says it prints."""

from __future__ import annotations

from collections.abc import Callable


def test_household_worked_example_prints_what_the_docs_show(
    worked_example: Callable[..., None],
) -> None:
    worked_example("sdmx.md", after="### Worked example: household figures")
