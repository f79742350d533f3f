"""The worked example of docs/release.md runs and writes what the page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "release.md"


def test_worked_example_writes_what_the_docs_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = text[text.index("## Worked example") :]
    code = re.search(r"```python\n(.*?)```", example, re.S)
    shown = re.search(r"```html\n(.*?)```", example, re.S)
    assert code is not None
    assert shown is not None
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), str(DOC), "exec"), {})
    for lang in ("en", "fr", "ar"):
        assert (tmp_path / "release" / f"release-{lang}.html").is_file()
    written = (tmp_path / "release" / "release-en.html").read_text(encoding="utf-8")
    for line in shown.group(1).splitlines():
        if line != "...":
            assert line.replace("destat 0.1.0", "destat ") in re.sub(
                r"destat [^\"<]+", "destat ", written
            ), line
    french = (tmp_path / "release" / "release-fr.html").read_text(encoding="utf-8")
    assert "47,3\u00a0%" in french
    assert "Publié le 31 mars 2026" in french
