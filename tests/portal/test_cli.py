"""``destat serve DIR``: the command starts the portal on 127.0.0.1 and serves the project;
projects it cannot serve get an error that says what to do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pandas as pd
import pytest
from typer.testing import CliRunner

from destat.cli import app
from destat.portal import PortalError, create_app

from .project import TOKEN, config_text, write_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_runs_the_portal_on_localhost(project: Path) -> None:
    port = _free_port()
    env = os.environ | {"DESTAT_EMBARGO_TOKEN": TOKEN}
    code = "from destat.cli import main; main()"
    command = [sys.executable, "-c", code, "serve", str(project), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/en/", headers={"X-Embargo-Token": TOKEN}
                )
                break
            except httpx.ConnectError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "destat serve did not start in 30 s"
                time.sleep(0.2)
        assert answer.status_code == 200
        assert "Proportion of businesses using computers" in answer.text
        assert httpx.get(f"http://127.0.0.1:{port}/en/").status_code == 401
    finally:
        process.terminate()
        output = " ".join(process.communicate(timeout=15)[0].decode().split())
    assert f"Portal on http://127.0.0.1:{port}/" in output
    assert "closed: no release time in destat.toml" in output


def test_serve_explains_a_folder_without_results(tmp_path: Path) -> None:
    (tmp_path / "destat.toml").write_text(config_text(), encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code != 0
    assert "no published results yet" in str(result.exception)


def test_results_not_written_by_destat_are_refused(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p")
    results = project / "outputs" / "results.parquet"
    pd.read_parquet(results).drop(columns=["conf_status"]).to_parquet(results)
    with pytest.raises(PortalError, match=r"results\.parquet lacks the column\(s\) conf_status"):
        create_app(project)
    results.write_bytes(b"not parquet")
    with pytest.raises(PortalError, match="cannot be read as Parquet"):
        create_app(project)


def test_a_project_without_parquet_output_is_told_how_to_get_it(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p")
    (project / "outputs" / "results.parquet").unlink()
    config = project / "destat.toml"
    config.write_text(
        config.read_text("utf-8") + '\n[outputs]\nformats = ["csv", "xlsx"]\n', "utf-8"
    )
    with pytest.raises(PortalError, match='Add "parquet" to formats'):
        create_app(project)
