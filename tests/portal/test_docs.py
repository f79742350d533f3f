"""The worked example of docs/portal.md, on the demo country: the API answers and the sdmx1
script print what the page shows, and the French table holds the figures the page lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from destat.cli import app as cli
from destat.portal import create_app

from .server import running
from .test_pages import table_rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "portal.md"
DOC_TOKEN = "Zq3v8WmR0cTj5yXk2LpN7sHd"
DOC_URL = "http://127.0.0.1:8765"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


@pytest.mark.slow
def test_worked_example_matches_the_demo_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo-small"
    made = CliRunner().invoke(cli, ["demo", "--enterprises", "20000", "--out", str(demo)])
    assert made.exit_code == 0, made.output
    text = DOC.read_text(encoding="utf-8")
    portal = create_app(demo, token=DOC_TOKEN)

    with TestClient(portal, headers={"X-Embargo-Token": DOC_TOKEN}) as client:
        shell = _blocks(text, "sh")
        csv_block = next(b for b in shell if "data+csv" in b)
        query = re.search(r'"http://127.0.0.1:8765(/sdmx/rest/data/[^"]+)"', csv_block)
        assert query is not None
        answer = client.get(
            query.group(1), headers={"Accept": "application/vnd.sdmx.data+csv;version=2.0.0"}
        )
        shown = csv_block.split("\n", 3)[3].strip()
        assert answer.text.strip() == shown

        xml_block = next(b for b in shell if "L68+J58-J63" in b)
        query = re.search(r'"http://127.0.0.1:8765(/sdmx/rest/data/[^"]+)"', xml_block)
        assert query is not None
        answer = client.get(query.group(1))
        for line in xml_block.splitlines():
            if line.strip().startswith("<Obs "):
                assert line.strip() in answer.text

        rows = table_rows(client.get("/fr/indicator/B7?by=size_class").text)
        documented = re.findall(r"^\| (.+? \| [0-9].*) \|$", text, re.M)
        assert documented
        for line in documented:
            label, *cells = line.split(" | ")
            assert rows[label] == cells

    code = _blocks(text, "python")[0]
    printed = re.search(r"prints\n\n```\n(.*?)```", text, re.S)
    assert printed is not None
    with running(portal) as base_url:
        exec(compile(code.replace(DOC_URL, base_url), str(DOC), "exec"), {})
    assert capsys.readouterr().out.strip() == printed.group(1).strip()
