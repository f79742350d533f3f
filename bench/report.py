"""Markdown tables of the benchmark results, and writing them into docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BEGIN = "<!-- bench:begin (written by bench/run.py; edit outside these markers) -->"
END = "<!-- bench:end -->"
NAMES = {
    "destat": "destat",
    "duckdb": "DuckDB bare scan",
    "r": "R survey",
    "svy": "svy",
    "samplics": "samplics",
}
STEPS = ("overall", "size", "industry", "region", "sex")
MEMORY_LIMIT_GIB = 24


def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _x(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def _mb(record: dict[str, Any]) -> str:
    peak = record.get("peak_rss_mb")
    return "–" if peak is None else f"{peak:,.0f}"


def _unavailable(record: dict[str, Any]) -> str | None:
    if not record:
        return "not run"
    if record.get("status") == "ok":
        return None
    return f"{record.get('status', 'failed')} ({record.get('reason', 'no reason given')})"


def headline_time(record: dict[str, Any]) -> float | None:
    """The time of the five steps: one pass where the tool has one, else the five calls."""
    best = record.get("best", {})
    return best.get("one_pass", best.get("five_steps"))


def progress_line(record: dict[str, Any]) -> str:
    """One line per finished run, printed while the benchmark goes on."""
    head = f"{record['tool']:>20} {record['rows']:>11,} rows:"
    missing = _unavailable(record)
    if missing:
        return f"{head} {missing}"
    best = record["best"]
    times = ", ".join(
        f"{name} {_s(best[name])} s"
        for name in ("load", "design", "one_pass", "five_steps", "raking", "linear")
        if name in best
    )
    return f"{head} {times}; peak memory {_mb(record)} MB"


def _find(records: list[dict[str, Any]], tool: str, rows: int) -> dict[str, Any] | None:
    return next((r for r in records if r["tool"] == tool and r["rows"] == rows), None)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def headline_table(results: dict[str, Any]) -> list[str]:
    """All tools on the headline file: load, design, the five steps and the ratios."""
    rows = results["headline_rows"]
    records = results["estimation"]
    r = _find(records, "r", rows)
    scan = _find(records, "duckdb", rows)
    r_time = headline_time(r) if r and r.get("status") == "ok" else None
    scan_time = headline_time(scan) if scan and scan.get("status") == "ok" else None
    lines = [
        f"### {rows:,} rows: 20 means with SEs, overall and by 4 breakdowns",
        "",
        "| Tool | Timed | Load (s) | Design (s) | Five steps (s) | R survey ÷ tool "
        "| Tool ÷ bare scan | Runs | Peak memory (MB) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    entries = []
    for tool in ("destat", "duckdb", "r", "svy", "samplics"):
        record = _find(records, tool, rows)
        if record is None:
            continue
        best = record.get("best", {})
        if tool == "destat":
            entries.append((record, "one call, five breakdowns", best.get("one_pass")))
            entries.append((record, "five calls", best.get("five_steps")))
        elif tool == "duckdb":
            entries.append((record, "GROUPING SETS, sums only", best.get("one_pass")))
        else:
            entries.append((record, "five calls", best.get("five_steps")))
    for record, timed, seconds in entries:
        name = NAMES[record["tool"]]
        missing = _unavailable(record)
        if missing:
            lines.append(f"| {name} | {missing} | | | | | | | |")
            continue
        best = record["best"]
        lines.append(
            f"| {name} | {timed} | {_s(best.get('load'))} | {_s(best.get('design'))} "
            f"| {_s(seconds)} | {_x(_ratio(r_time, seconds))} | {_x(_ratio(seconds, scan_time))} "
            f"| {best.get('runs', '–')} | {_mb(record)} |"
        )
    return lines


def steps_table(results: dict[str, Any]) -> list[str]:
    """The best time of each step, for the tools that run the steps one by one."""
    rows = results["headline_rows"]
    lines = [
        f"### {rows:,} rows: each step (best run, seconds)",
        "",
        "| Tool | " + " | ".join(STEPS) + " |",
        "| --- |" + " ---: |" * len(STEPS),
    ]
    for tool in ("destat", "r", "svy", "samplics"):
        record = _find(results["estimation"], tool, rows)
        steps = (record or {}).get("best", {}).get("steps")
        if steps:
            cells = " | ".join(_s(steps[name]) for name in STEPS)
            lines.append(f"| {NAMES[tool]} | {cells} |")
    return lines


def scaling_table(results: dict[str, Any]) -> list[str]:
    """destat and the bare scan as the file grows, with destat's peak memory."""
    records = results["estimation"]
    sizes = sorted({r["rows"] for r in records if r["tool"] in ("destat", "duckdb")})
    lines = [
        "### How time grows with rows",
        "",
        "| Rows | destat load (s) | destat design (s) | destat one call (s) "
        "| destat five calls (s) | destat peak memory (MB) | bare scan (s) "
        "| destat ÷ bare scan | R survey (s) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rows in sizes:
        destat = _find(records, "destat", rows) or {}
        scan = _find(records, "duckdb", rows) or {}
        r = _find(records, "r", rows) or {}
        best, scan_time = destat.get("best", {}), scan.get("best", {}).get("one_pass")
        r_time = r.get("best", {}).get("five_steps")
        lines.append(
            f"| {rows:,} | {_s(best.get('load'))} | {_s(best.get('design'))} "
            f"| {_s(best.get('one_pass'))} | {_s(best.get('five_steps'))} | {_mb(destat)} "
            f"| {_s(scan_time)} | {_x(_ratio(best.get('one_pass'), scan_time))} | {_s(r_time)} |"
        )
    return lines


def calibration_table(results: dict[str, Any]) -> list[str]:
    """destat and R calibrating the headline file, and how far apart their weights are."""
    cal = results.get("calibration")
    if not cal:
        return []
    lines = [
        f"### Calibration of {cal['rows']:,} rows to size × industry × region margins",
        "",
        "| Method | destat (s) | R survey (s) | R ÷ destat | Largest relative difference "
        "of the weights | Largest miss of a target (destat) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    destat, r = cal.get("destat", {}), cal.get("r", {})
    for method in ("raking", "linear"):
        mine = destat.get("best", {}).get(method)
        theirs = r.get("best", {}).get(method)
        diff = cal.get("agreement", {}).get(method, {}).get("weights")
        miss = destat.get("largest_target_miss", {}).get(method)
        lines.append(
            f"| {method} | {_s(mine) if mine else _unavailable(destat)} "
            f"| {_s(theirs) if theirs else _unavailable(r)} | {_x(_ratio(theirs, mine))} "
            f"| {'–' if diff is None else f'{diff:.1e}'} "
            f"| {'–' if miss is None else f'{miss:.1e}'} |"
        )
    loads = [
        f"{NAMES[t]} load {_s(rec['best'].get('load'))} s, design {_s(rec['best'].get('design'))} s"
        for t, rec in (("destat", destat), ("r", r))
        if rec.get("best", {}).get("load") is not None
    ]
    if loads:
        lines += ["", "Not counted above: " + "; ".join(loads) + "."]
    return lines


def agreement_table(results: dict[str, Any]) -> list[str]:
    """Largest relative differences from R survey's estimates and SEs."""
    found = results.get("agreement") or []
    if not found:
        return ["R survey's results were not available, so no agreement was checked."]
    lines = [
        "### Agreement with R survey (same file, every estimate and SE)",
        "",
        "| Tool | Rows | Cells | Not found | Estimates: largest relative difference "
        "| SEs: largest relative difference |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for entry in found:
        lines.append(
            f"| {NAMES[entry['tool']]} | {entry['rows']:,} | {entry['cells']} "
            f"| {entry['missing']} | {entry['estimate']:.1e} | {entry['se']:.1e} |"
        )
    return lines


def goals(results: dict[str, Any]) -> list[str]:
    """The goals of the benchmark, met or not: speed on the headline file, memory at the most."""
    rows = results["headline_rows"]
    records = results["estimation"]
    destat, r, scan = (_find(records, t, rows) for t in ("destat", "r", "duckdb"))
    mine = headline_time(destat) if destat else None
    lines = [f"### Goals ({rows:,} rows)", ""]
    against_r = _ratio(headline_time(r) if r else None, mine)
    if against_r is not None:
        verdict = "met" if against_r >= 50 else "not met"
        lines.append(f"- destat is {_x(against_r)} faster than R survey (goal: 50×): {verdict}.")
    against_scan = _ratio(mine, headline_time(scan) if scan else None)
    if against_scan is not None:
        verdict = "met" if against_scan <= 3 else "not met"
        lines.append(f"- destat takes {_x(against_scan)} the bare scan (goal: 3×): {verdict}.")
    if len(lines) == 2:
        lines.append("- Not measured: destat, R survey or the bare scan did not run.")
    largest = max(
        (r for r in records if r["tool"] == "destat"), key=lambda r: r["rows"], default=None
    )
    if largest and largest.get("status") == "ok" and largest.get("peak_rss_mb"):
        gib = largest["peak_rss_mb"] / 1024
        verdict = "met" if gib < MEMORY_LIMIT_GIB else "not met"
        lines.append(
            f"- {largest['rows']:,} rows: destat's process peaked at {gib:.1f} GiB "
            f"(limit: {MEMORY_LIMIT_GIB} GiB): {verdict}; one call took "
            f"{_s(headline_time(largest))} s."
        )
    return lines


def environment(results: dict[str, Any]) -> list[str]:
    """Machine, load and versions."""
    m = results["machine"]
    versions = dict(results["versions"])
    for record in results["estimation"]:
        versions.update(record.get("versions", {}))
    listed = ", ".join(f"{k} {v}" for k, v in versions.items())
    return [
        "### Machine and versions",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} logical cores, {m['memory']} memory, {m['os']}.",
        f"- Run: started {results['started']}, took {results['minutes']:.0f} min; "
        f"arguments: {results['arguments']}.",
        f"- Load average (1, 5, 15 min) before: {results['load_average_before']}; "
        f"after: {results['load_average_after']}.",
        f"- Versions: {listed}.",
    ]


def render(results: dict[str, Any]) -> str:
    """All tables as one Markdown block."""
    parts = [
        headline_table(results),
        goals(results),
        steps_table(results),
        scaling_table(results),
        calibration_table(results),
        agreement_table(results),
        environment(results),
    ]
    return "\n\n".join("\n".join(p) for p in parts if p) + "\n"


def write_doc(path: Path, tables: str) -> None:
    """Put ``tables`` between the markers of ``path``, creating the page or markers if needed."""
    block = f"{BEGIN}\n\n{tables}\n{END}"
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
