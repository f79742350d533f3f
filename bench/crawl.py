"""Crawl benchmark: destat against Scrapy on a local farm of thousands of sites, in one run.

    python bench/crawl.py                  # 2,000 sites; writes bench/out/crawl.json and the
                                           # table in the "Speed" section of docs/crawling.md
    python bench/crawl.py --sites 200 --no-docs     # a quick check of the harness

The farm (``bench/crawl_farm.py``) runs in its own process, every site on its own loopback
address. Each crawler runs in its own process with robots.txt obeyed and the same politeness:
requests in flight over all hosts, requests at once per host, delay between two requests to a
host, pages per site. The wall time and the CPU time of each crawler process (user + system,
from ``wait4``, which counts the process and its threads but not the farm) give pages per
second and CPU milliseconds per page. destat also writes every response to gzip WARC files,
fsynced, with its DuckDB index; the Scrapy spider writes one JSON line per page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import machine
from crawl_farm import CRAWL_DELAY, address

HERE = Path(__file__).resolve().parent
START, END = "<!-- crawl-benchmark:start -->", "<!-- crawl-benchmark:end -->"
PACKAGES = ("destat", "aiohttp", "duckdb", "warcio", "selectolax", "scrapy", "twisted")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight")
    parser.add_argument("--per-host", type=int, default=1, help="requests at once per host")
    parser.add_argument("--delay", type=float, default=0.25, help="seconds between requests")
    parser.add_argument("--max-pages", type=int, default=20, help="pages per site at most")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--tools", default="destat,scrapy")
    parser.add_argument("--repeats", type=int, default=2, help="runs per tool, taking turns")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per crawl")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--doc", type=Path, default=HERE.parent / "docs" / "crawling.md")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite --doc")
    return parser.parse_args()


def start_farm(sites: int, port: int) -> subprocess.Popen[str]:
    """Start the farm and wait until every site listens."""
    command = [sys.executable, str(HERE / "crawl_farm.py"), "--sites", str(sites)]
    farm = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.PIPE, text=True)
    assert farm.stdout is not None
    line = farm.stdout.readline()
    if not line.startswith("serving"):
        farm.kill()
        raise SystemExit(f"the farm did not start: {line.strip() or 'no output'}")
    return farm


def run_measured(command: list[str], log: Path, timeout: float) -> dict[str, Any]:
    """Run ``command``; its wall time, CPU time (user + system) and exit code."""
    with log.open("w") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.05)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "user_s": usage.ru_utime,
        "system_s": usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "exit_code": code,
    }


def run_destat(args: argparse.Namespace, seeds: Path, folder: Path) -> dict[str, Any]:
    """``destat web crawl`` on the seeds; pages are the index rows of fetched pages."""
    command = [sys.executable, "-c", "from destat.cli import main; main()", "web", "crawl"]
    command += ["--seeds", str(seeds), "--out", str(folder / "crawl"), "--allow-private"]
    command += ["--concurrency", str(args.concurrency), "--delay", str(args.delay)]
    command += ["--max-pages-per-site", str(args.max_pages)]
    result = run_measured(command, folder / "log.txt", args.timeout)
    with duckdb.connect(str(folder / "crawl" / "crawl.duckdb"), read_only=True) as db:
        counts = dict(
            db.execute(
                "SELECT kind || ':' || outcome, count(*) FROM crawl_index GROUP BY ALL"
            ).fetchall()
        )
    result["pages"] = counts.get("page:fetched", 0)
    result["robots_fetched"] = counts.get("robots:fetched", 0)
    result["skipped_by_robots"] = counts.get("page:robots", 0)
    result["errors"] = counts.get("page:error", 0)
    result["requests"] = result["pages"] + result["robots_fetched"]
    result["warc_mb"] = sum(p.stat().st_size for p in (folder / "crawl").glob("*.warc.gz")) / 1e6
    return result


def run_scrapy(args: argparse.Namespace, seeds: Path, folder: Path) -> dict[str, Any]:
    """The Scrapy spider on the seeds; pages are the responses it handed to the spider."""
    command = [sys.executable, str(HERE / "crawl_scrapy.py"), str(seeds), str(folder)]
    command += ["--concurrency", str(args.concurrency), "--per-host", str(args.per_host)]
    command += ["--delay", str(args.delay), "--max-pages", str(args.max_pages)]
    result = run_measured(command, folder / "log.txt", args.timeout)
    stats = json.loads((folder / "result.json").read_text())["stats"]
    result["pages"] = stats.get("item_scraped_count", 0)
    result["robots_fetched"] = stats.get("robotstxt/response_count", 0)
    result["skipped_by_robots"] = stats.get("robotstxt/forbidden", 0)
    result["requests"] = stats.get("downloader/request_count", 0)
    return result


def rates(record: dict[str, Any]) -> dict[str, Any]:
    """Pages per second and CPU milliseconds per page of one crawl."""
    pages = record.get("pages") or 0
    if record.get("exit_code") != 0 or not pages:
        return record | {"status": "failed"}
    return record | {
        "status": "ok",
        "pages_per_s": pages / record["wall_s"],
        "cpu_ms_per_page": 1000 * record["cpu_s"] / pages,
    }


def _best(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest successful run of a tool (the first run if none succeeded)."""
    done = [record for record in records if record["status"] == "ok"]
    return min(done, key=lambda record: record["wall_s"]) if done else records[0]


def table(results: dict[str, Any]) -> str:
    """The results as a markdown table, with the ratio and the settings."""
    runs = results["best"]
    rows = [
        "| crawler | pages | requests | wall (s) | pages/s | CPU (s) | CPU ms/page |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for tool, run in runs.items():
        if run["status"] != "ok":
            rows.append(f"| {tool} | failed (exit {run.get('exit_code')}) | | | | | |")
            continue
        rows.append(
            f"| {tool} | {run['pages']:,} | {run['requests']:,} | {run['wall_s']:.1f} | "
            f"{run['pages_per_s']:.0f} | {run['cpu_s']:.1f} | {run['cpu_ms_per_page']:.2f} |"
        )
    ratio = results.get("ratio")
    if ratio:
        rows.append("")
        rows.append(
            f"destat / Scrapy: **{ratio['pages_per_s']:.2f}×** the pages per second, "
            f"**{ratio['cpu_per_page']:.2f}×** the CPU time per page."
        )
    settings = results["settings"]
    rows.append("")
    rows.append(
        f"{settings['sites']:,} sites, robots.txt obeyed, {settings['concurrency']} requests in "
        f"flight, {settings['per_host']} per host, {settings['delay']} s between two requests "
        f"to a host, at most {settings['max_pages']} pages per site. "
        f"{settings['crawl_delay_sites']} sites ask for Crawl-delay: {CRAWL_DELAY} in their "
        "robots.txt: destat waits that long on them, Scrapy (which ignores Crawl-delay) does not. "
        f"Best of {settings['repeats']} runs per tool, the tools taking turns; load average "
        "(1 min) before each run: "
        + "; ".join(
            f"{tool} " + ", ".join(run["load_before"].split()[0] for run in records)
            for tool, records in results["runs"].items()
        )
        + "."
    )
    info = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in results["versions"].items())
    rows.append("")
    rows.append(
        f"Machine: {info['cpu']}, {info['cores']} logical cores, {info['memory']}, {info['os']}; "
        f"{versions}. "
        f"Run {results['started']}."
    )
    return "\n".join(rows)


def main() -> None:
    """Serve the farm, crawl it with each tool, and report."""
    args = _arguments()
    folder = args.out / "crawl"
    folder.mkdir(parents=True, exist_ok=True)
    seeds = folder / "seeds.txt"
    seeds.write_text("".join(f"http://{address(i)}:{args.port}/\n" for i in range(args.sites)))
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine.machine(),
        "versions": machine.versions(PACKAGES),
        "load_average_before": machine.load_average(),
        "settings": {
            "sites": args.sites,
            "concurrency": args.concurrency,
            "per_host": args.per_host,
            "delay": args.delay,
            "max_pages": args.max_pages,
            "crawl_delay_sites": len(range(0, args.sites, 10)),
            "repeats": args.repeats,
        },
        "runs": {},
    }
    runners = {"destat": run_destat, "scrapy": run_scrapy}
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    farm = start_farm(args.sites, args.port)
    try:
        # The tools take turns, so that other work on the machine weighs on both alike.
        for repeat in range(args.repeats):
            for tool in tools:
                run_folder = folder / tool
                shutil.rmtree(run_folder, ignore_errors=True)
                run_folder.mkdir(parents=True)
                load = machine.load_average()
                record = rates(runners[tool](args, seeds, run_folder)) | {"load_before": load}
                results["runs"].setdefault(tool, []).append(record)
                print(f"{tool} run {repeat + 1}: {json.dumps(record)}", flush=True)
    finally:
        farm.terminate()
        farm.wait()
    results["best"] = {tool: _best(records) for tool, records in results["runs"].items()}
    best = results["best"]
    if all(best.get(t, {}).get("status") == "ok" for t in ("destat", "scrapy")):
        results["ratio"] = {
            "pages_per_s": best["destat"]["pages_per_s"] / best["scrapy"]["pages_per_s"],
            "cpu_per_page": best["destat"]["cpu_ms_per_page"] / best["scrapy"]["cpu_ms_per_page"],
        }
    results["load_average_after"] = machine.load_average()
    (args.out / "crawl.json").write_text(json.dumps(results, indent=2))
    text = table(results)
    print(text)
    if not args.no_docs:
        machine.write_between(args.doc, START, END, text)
        print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
