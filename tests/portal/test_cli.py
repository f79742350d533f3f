"""``destat serve DIR``: the command starts the portal on 127.0.0.1 and serves the project."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from destat.cli import app

from .project import TOKEN, config_text


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
