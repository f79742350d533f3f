"""Running one benchmark worker in its own process and reading what it left behind.

Each worker writes its results into a folder of its own; the harness records the wall time, the
exit code and the peak resident memory of the process (from ``wait4``, which covers the worker
and anything it started) and turns a crash, a time-out or a missing tool into a status with a
reason instead of an exception.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


def run_worker(command: list[str], out_dir: Path, timeout: float) -> dict[str, Any]:
    """Run ``command`` (stdout and stderr to ``out_dir/log.txt``) and describe how it went."""
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = out_dir / "log.txt"
    start = time.perf_counter()
    with log_path.open("w") as log:
        try:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        except OSError as error:
            return {"status": "not available", "reason": f"cannot start {command[0]}: {error}"}
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    outcome: dict[str, Any] = {
        "wall_s": time.perf_counter() - start,
        "peak_rss_mb": usage.ru_maxrss / 1024.0,  # kilobytes on Linux
        "exit_code": process.returncode,
    }
    if killed.is_set():
        outcome.update(status="failed", reason=f"timed out after {timeout:.0f} s")
    elif process.returncode != 0:
        reason = f"exit code {process.returncode}: {last_line(log_path)}"
        outcome.update(status="failed", reason=reason)
    return outcome


def last_line(path: Path) -> str:
    """The last non-empty line of a log, shortened, to name the cause of a failure."""
    lines = [line.strip() for line in path.read_text(errors="replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1][:200] if lines else "no output"


def python_result(out_dir: Path) -> dict[str, Any]:
    """The ``result.json`` a Python worker wrote (an empty dict when it wrote none)."""
    path = out_dir / "result.json"
    return json.loads(path.read_text()) if path.exists() else {}


def r_result(out_dir: Path) -> dict[str, Any]:
    """The R worker's CSV files in the shape of a Python worker's ``result.json``."""
    info_path = out_dir / "info.csv"
    if not info_path.exists():
        return {}
    with info_path.open() as handle:
        info = {row["key"]: row["value"] for row in csv.DictReader(handle)}
    result: dict[str, Any] = {
        "status": info["status"],
        "versions": {"R": info["R"], "survey": info["survey"]},
    }
    if info["reason"]:
        result["reason"] = info["reason"]
    timings_path = out_dir / "timings.csv"
    if info["status"] == "ok" and timings_path.exists():
        timings: dict[str, Any] = {}
        with timings_path.open() as handle:
            for row in csv.DictReader(handle):
                timings.setdefault(row["step"], []).append(float(row["seconds"]))
        steps = {
            k: timings.pop(k)
            for k in ("overall", "size", "industry", "region", "sex")
            if k in timings
        }
        if steps:
            timings["steps"] = steps
        timings["load"] = timings["load"][0]
        timings["design"] = timings["design"][0]
        result["timings"] = timings
    return result
