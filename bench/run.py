"""Benchmark destat's estimation and calibration against R survey, svy, samplics and DuckDB.

    python bench/run.py            # the full benchmark (what ``make bench`` runs)
    python bench/run.py --quick    # 100,000 rows only, to check the harness in a minute or two

Every tool runs in its own process on the same generated file (``bench/data.py``, made in
``bench/out/`` when missing). The raw results go to ``bench/out/results.json`` and the tables
into ``docs/benchmarks.md``, between the markers, leaving the rest of that page as it is.
A tool that is missing or fails is reported as not available, with the reason.

The runner keeps to the standard library while workers run (``agreement`` is imported at the
end): a child's peak memory as ``wait4`` reports it starts from its parent's at the fork, so a
runner holding pandas would inflate the peaks of the small runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import harness
import machine
import report

HERE = Path(__file__).resolve().parent
TOOLS = ("duckdb", "destat", "r", "svy", "samplics")
FULL_SIZES = (100_000, 1_000_000, 3_000_000, 10_000_000)
COMPARED = {"r": (100_000, 1_000_000), "svy": (1_000_000,), "samplics": (1_000_000,)}
STEPS = ("overall", "size", "industry", "region", "sex")


def _rows(text: str) -> list[int]:
    return sorted({int(float(part)) for part in text.split(",") if part.strip()})


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 rows only; no doc update")
    parser.add_argument("--sizes", type=_rows, help="rows for destat and DuckDB, e.g. 1e5,1e6")
    parser.add_argument("--compare-sizes", type=_rows, help="rows for R, svy and samplics")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"any of {', '.join(TOOLS)}")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per process")
    parser.add_argument("--no-calibration", action="store_true", help="skip calibration")
    parser.add_argument("--no-crawl", action="store_true", help="skip the crawl benchmark")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="data and raw results")
    parser.add_argument("--doc", type=Path, default=HERE.parent / "docs" / "benchmarks.md")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite --doc")
    args = parser.parse_args()
    args.tools = [t.strip().lower() for t in args.tools.split(",") if t.strip()]
    unknown = sorted(set(args.tools) - set(TOOLS))
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    if args.quick:
        args.sizes = args.sizes or [100_000]
        args.compare_sizes = args.compare_sizes or [100_000]
        args.no_docs = True
    return args


def _plan(args: argparse.Namespace) -> list[tuple[str, int]]:
    """(tool, rows) pairs to run, smallest files first."""
    plan = []
    for tool in args.tools:
        if tool in COMPARED:
            sizes = args.compare_sizes or COMPARED[tool]
        else:
            sizes = args.sizes or FULL_SIZES
        plan.extend((tool, rows) for rows in sizes)
    return sorted(plan, key=lambda pair: (pair[1], TOOLS.index(pair[0])))


def ensure_data(out: Path, rows: int) -> tuple[Path, Path]:
    """The benchmark files with ``rows`` rows (Parquet and CSV), generated if missing."""
    parquet, text = out / f"estimation_{rows}.parquet", out / f"estimation_{rows}.csv"
    if not (parquet.exists() and text.exists()):
        print(f"generating {rows:,} rows into {out}", flush=True)
        command = [sys.executable, str(HERE / "data.py"), "--rows", str(rows), "--out", str(out)]
        subprocess.run(command, check=True)
    return parquet, text


def _command(tool: str, rows: int, args: argparse.Namespace, folder: Path) -> list[str]:
    parquet, text = ensure_data(args.out, rows)
    if tool == "r":
        script = str(HERE / "r_survey.R")
        return ["Rscript", script, "estimate", str(text), str(folder), str(args.repeats)]
    script = str(HERE / "estimation.py")
    return [sys.executable, script, tool, str(parquet), str(folder), "--repeats", str(args.repeats)]


def _missing_r() -> str | None:
    return None if shutil.which("Rscript") else "Rscript is not on the PATH (R not installed)"


def run_one(command: list[str], folder: Path, is_r: bool, timeout: float) -> dict[str, Any]:
    """Run one worker and merge how the process went with what it wrote."""
    if folder.exists():
        shutil.rmtree(folder)
    if is_r and (reason := _missing_r()):
        return {"status": "not available", "reason": reason}
    outcome = harness.run_worker(command, folder, timeout)
    written = harness.r_result(folder) if is_r else harness.python_result(folder)
    if outcome.get("status"):
        return outcome | {k: v for k, v in written.items() if k == "versions"}
    if not written:
        reason = f"wrote no results; last output: {harness.last_line(folder / 'log.txt')}"
        return outcome | {"status": "failed", "reason": reason}
    return outcome | written


def summarise(record: dict[str, Any]) -> dict[str, Any]:
    """Best-of-runs times: each step, the five steps together, and the one-pass call."""
    timings = record.get("timings", {})
    best: dict[str, Any] = {}
    steps = timings.get("steps")
    if steps:
        runs = zip(*(steps[name] for name in STEPS), strict=True)
        best["five_steps"] = min(sum(run) for run in runs)
        best["steps"] = {name: min(steps[name]) for name in STEPS}
        best["runs"] = len(steps["overall"])
    if timings.get("one_pass"):
        best["one_pass"] = min(timings["one_pass"])
        best["runs"] = len(timings["one_pass"])
    for name in ("load", "design", "raking", "linear"):
        if name in timings:
            value = timings[name]
            best[name] = min(value) if isinstance(value, list) else value
    return best


def run_estimation(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every planned (tool, rows) run, each with its summary."""
    records = []
    for tool, rows in _plan(args):
        folder = args.out / "runs" / f"{tool}-{rows}"
        command = _command(tool, rows, args, folder)
        record = {"tool": tool, "rows": rows, "folder": str(folder)}
        record |= run_one(command, folder, tool == "r", args.timeout)
        record["best"] = summarise(record)
        records.append(record)
        print(report.progress_line(record), flush=True)
    return records


def run_calibration(args: argparse.Namespace, rows: int) -> dict[str, Any]:
    """destat and R calibrating the same file to the same targets, and their agreement."""
    parquet, text = ensure_data(args.out, rows)
    folder = args.out / "runs" / f"calibration-{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    targets = folder / "targets.csv"
    destat_script, r_script = str(HERE / "calibration.py"), str(HERE / "r_survey.R")
    subprocess.run(
        [sys.executable, destat_script, "targets", str(parquet), str(targets)], check=True
    )
    result: dict[str, Any] = {"rows": rows}
    repeats = str(args.repeats)
    commands = {
        "destat": [
            *(sys.executable, destat_script, "run", str(parquet), str(targets)),
            *(str(folder / "destat"), "--repeats", repeats),
        ],
        "r": [
            *("Rscript", r_script, "calibrate", str(text)),
            *(str(folder / "r"), repeats, str(targets)),
        ],
    }
    for tool, command in commands.items():
        if tool not in args.tools:
            continue
        record = run_one(command, folder / tool, tool == "r", args.timeout)
        record["best"] = summarise(record)
        result[tool] = record
        print(report.progress_line(record | {"tool": f"{tool} calibration", "rows": rows}))
    import agreement

    result["agreement"] = {
        method: agreement.compare_weights(
            folder / "destat" / f"weights_{method}.npy", folder / "r" / f"weights_{method}.bin"
        )
        for method in ("raking", "linear")
        if (folder / "destat" / f"weights_{method}.npy").exists()
        and (folder / "r" / f"weights_{method}.bin").exists()
    }
    return result


def compare_with_r(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each tool's estimates against R's on the same file."""
    import agreement

    reference = {
        r["rows"]: agreement.read_estimates(Path(r["folder"]))
        for r in records
        if r["tool"] == "r" and r.get("status") == "ok"
    }
    found = []
    for record in records:
        r_estimates = reference.get(record["rows"])
        if record["tool"] == "r" or r_estimates is None or record.get("status") != "ok":
            continue
        ours = agreement.read_estimates(Path(record["folder"]))
        if ours is not None:
            comparison = agreement.compare_estimates(ours, r_estimates)
            found.append({"tool": record["tool"], "rows": record["rows"]} | comparison)
    return found


def main() -> None:
    """Run the planned benchmarks, save the raw results and write the tables."""
    args = _arguments()
    args.out.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    results: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine.machine(),
        "load_average_before": machine.load_average(),
        "versions": machine.versions(),
        "arguments": " ".join(sys.argv[1:]) or "(none)",
    }
    results["estimation"] = run_estimation(args)
    compared = [r["rows"] for r in results["estimation"] if r["tool"] in COMPARED]
    headline = max(compared or [r["rows"] for r in results["estimation"]] or [100_000])
    results["headline_rows"] = headline
    if not args.no_calibration and {"destat", "r"} & set(args.tools):
        results["calibration"] = run_calibration(args, headline)
    results["agreement"] = compare_with_r(results["estimation"])
    results["load_average_after"] = machine.load_average()
    results["minutes"] = (dt.datetime.now(dt.UTC) - started).total_seconds() / 60
    name = "results-quick.json" if args.quick else "results.json"
    (args.out / name).write_text(json.dumps(results, indent=2, default=str))
    tables = report.render(results)
    print(tables)
    if not args.no_docs:
        report.write_doc(args.doc, tables)
        print(f"wrote {args.doc}")
    if not args.no_crawl:
        run_crawl_benchmark(args.quick)
    subprocess.run(
        [sys.executable, str(HERE / "extract.py"), *["--pages=500", "--no-docs"] * args.quick],
        check=True,
    )


def run_crawl_benchmark(quick: bool) -> None:
    """destat's crawler against Scrapy on the local site farm (bench/crawl.py), which writes
    its own table into docs/crawling.md."""
    command = [sys.executable, str(HERE / "crawl.py")]
    if quick:
        command += ["--sites", "200", "--repeats", "1", "--no-docs"]
    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
