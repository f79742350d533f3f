"""Fixtures shared by the whole suite."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture
def worked_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., None]:
    """Run the first Python block of a docs page (or of the part after the heading ``after``)
    in a fresh folder and check that it prints exactly the block after the word "prints"."""

    def check(page: str, after: str | None = None) -> None:
        doc = DOCS / page
        text = doc.read_text(encoding="utf-8")
        if after is not None:
            assert after in text, f"{page} has no heading {after!r}"
            text = text.split(after, 1)[1]
        code = re.search(r"```python\n(.*?)```", text, re.S)
        printed = re.search(r"prints\n\n```\n(.*?)```", text, re.S)
        assert code is not None, f"{page} has no Python block"
        assert printed is not None, f"{page} shows nothing the example prints"
        monkeypatch.chdir(tmp_path)
        exec(compile(code.group(1), str(doc), "exec"), {})
        assert capsys.readouterr().out.strip() == printed.group(1).strip()

    return check
