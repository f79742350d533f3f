"""Extraction benchmark: pages per second per core and WARC megabytes per second per core.

    python bench/extract.py                  # writes bench/out/extract.json and the table in
                                             # the "Web extraction" section of docs/benchmarks.md
    python bench/extract.py --pages 500 --no-docs           # a quick check of the harness
    python bench/extract.py --baseline /path/to/old/src     # also time another destat tree

Two sets of pages, each written to gzip WARC files by the crawler's own writer (request and
response records, bodies gzip-encoded as served, robots.txt and image records among them):

- ``generated``: pages of the crawl benchmark's site farm (``bench/crawl_farm.py``: ten pages
  a site, 20 to 100 KB of HTML each);
- ``dev pages``: the 121 development pages of the evaluation set (real saved pages; the
  held-out half is never opened), once as WARC and once as bodies already in memory.

Every run is a process of its own and counts its CPU time (user + system), which is the
time of the one core it runs on: reading the WARC files (gunzip, record parsing,
skipping what is not HTML), decoding Content-Encoding, and computing every page feature. The
best of ``--repeats`` runs counts. With ``--baseline``, that tree and the current one take
turns, so that other work on the machine weighs on both alike.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import machine
from crawl_farm import PATHS, _Bodies, robots_txt

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"
WEBPAGES = HERE.parent.parent / "shared" / "eval" / "webpages"
START, END = "<!-- extract-benchmark:start -->", "<!-- extract-benchmark:end -->"
PACKAGES = ("destat", "selectolax", "warcio", "pyarrow")
KINDS = ("generated", "dev-warc", "dev-memory")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000, help="generated pages (10 a site)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement")
    parser.add_argument("--baseline", type=Path, help="src folder of another destat to time")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--doc", type=Path, default=HERE.parent / "docs" / "benchmarks.md")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite --doc")
    return parser.parse_args()


def dev_ids() -> list[str]:
    """Ids of the development pages (the held-out ids are never read)."""
    labels = WEBPAGES / "dev_labels.csv"
    if not labels.is_file():
        raise SystemExit(f"the evaluation pages are missing: expected {labels}")
    with labels.open(newline="", encoding="utf-8") as stream:
        return [row["id"] for row in csv.DictReader(stream)]


def _exchange(url: str, status: int, content_type: str, body: bytes, gzipped: bool) -> Any:
    from destat.web.crawl.fetch import Exchange

    headers = [("Content-Type", content_type)]
    if gzipped:
        headers.append(("Content-Encoding", "gzip"))
    return Exchange(
        url=url,
        request_headers=(("User-Agent", "destat-bench"), ("Accept-Encoding", "gzip, deflate")),
        status=status,
        reason="OK",
        http_version="HTTP/1.1",
        headers=tuple(headers),
        body=body,
        truncated=False,
        fetched_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    )


def write_generated(folder: Path, pages: int) -> None:
    """A crawl of ``pages // 10`` farm sites: robots.txt, ten gzip-encoded pages and a logo
    per site, in WARC files of about 20 MB."""
    from destat.web.crawl.warc_store import WarcStore

    sites = max(1, pages // len(PATHS))
    bodies = _Bodies(sites, 8470)
    store = WarcStore(folder, 20_000_000, "destat-bench")
    for site in range(sites):
        base = f"http://site{site}.example/"
        records = [
            _exchange(base + "robots.txt", 200, "text/plain", robots_txt(site) or b"", False)
        ]
        for path in PATHS:
            body = bodies.page(site, path, True)
            assert body is not None
            url = base + path.lstrip("/")
            records.append(_exchange(url, 200, "text/html; charset=utf-8", body, True))
        records.append(_exchange(base + "logo.png", 200, "image/png", b"\x89PNG" * 500, False))
        store.write(tuple(records))
    store.close()


def write_dev(folder: Path) -> None:
    """The development pages as one crawl, each body gzip-encoded as served."""
    from destat.web.crawl.warc_store import WarcStore

    store = WarcStore(folder, 20_000_000, "destat-bench")
    for page_id in dev_ids():
        body = (WEBPAGES / "pages" / f"{page_id}.html.gz").read_bytes()
        url = f"http://{page_id}.example/"
        store.write((_exchange(url, 200, "text/html", body, True),))
    store.close()


def measure(kind: str, folder: Path, repeats: int) -> dict[str, Any]:
    """(In a worker process.) CPU seconds of the best of ``repeats`` runs over one set."""
    from destat.web.extract.batch import extract_sources
    from destat.web.extract.features import extract_page_features
    from destat.web.extract.sources import iter_pages

    warc_bytes = sum(path.stat().st_size for path in folder.glob("*.warc.gz"))
    bodies = []
    if kind == "dev-memory":
        bodies = [
            gzip.decompress((WEBPAGES / "pages" / f"{page_id}.html.gz").read_bytes())
            for page_id in dev_ids()
        ]
    runs, pages, html_bytes = [], 0, 0
    for _ in range(repeats):
        started = time.process_time()
        if kind == "dev-memory":
            for body in bodies:
                extract_page_features(body)
            pages, html_bytes = len(bodies), sum(map(len, bodies))
        else:
            extracted = list(extract_sources(iter_pages(folder)))
            pages = len(extracted)
            html_bytes = sum(len(page.source.body) for page in extracted)
        runs.append(time.process_time() - started)
    return {
        "pages": pages,
        "warc_mb": warc_bytes / 1e6 if kind != "dev-memory" else None,
        "html_mb": html_bytes / 1e6,
        "cpu_s": runs,
    }


def run_worker(kind: str, folder: Path, source: Path) -> dict[str, Any]:
    """Run :func:`measure` once in a new process importing destat from ``source``."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(source), str(HERE)])}
    command = [sys.executable, str(Path(__file__)), "--worker", kind, str(folder), "1"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"status": "failed", "reason": lines[-1]}
    record: dict[str, Any] = json.loads(done.stdout)
    return record | {"status": "ok"}


def best_of(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The runs of one set on one tree, summarised by the run with the least CPU time."""
    failed = [record for record in records if record["status"] != "ok"]
    if failed:
        return failed[0]
    cpu = [seconds for record in records for seconds in record["cpu_s"]]
    best, first = min(cpu), records[0]
    summary = first | {"cpu_s": cpu, "best_cpu_s": best, "pages_per_s": first["pages"] / best}
    summary["html_mb_per_s"] = first["html_mb"] / best
    if first["warc_mb"] is not None:
        summary["warc_mb_per_s"] = first["warc_mb"] / best
    return summary


def table(results: dict[str, Any]) -> str:
    """The results as a markdown table, with the settings, machine and versions."""
    rows = [
        "| pages | tree | pages | WARC MB | HTML MB | CPU s (best) | pages/s/core "
        "| WARC MB/s/core | HTML MB/s/core |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    titles = {
        "generated": "generated (farm) WARC",
        "dev-warc": "121 dev pages, WARC",
        "dev-memory": "121 dev pages, in memory",
    }
    for kind in KINDS:
        for tree, record in results["runs"][kind].items():
            if record["status"] != "ok":
                rows.append(f"| {titles[kind]} | {tree} | failed: {record['reason']} |||||||")
                continue
            warc_mb = "" if record["warc_mb"] is None else f"{record['warc_mb']:.1f}"
            warc_rate = "" if record["warc_mb"] is None else f"{record['warc_mb_per_s']:.2f}"
            rows.append(
                f"| {titles[kind]} | {tree} | {record['pages']:,} | {warc_mb} | "
                f"{record['html_mb']:.1f} | {record['best_cpu_s']:.2f} | "
                f"{record['pages_per_s']:.0f} | {warc_rate} | {record['html_mb_per_s']:.1f} |"
            )
    info = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in results["versions"].items())
    rows += [
        "",
        f"CPU time of one process (user + system), best of {results['repeats']} runs; reading "
        "and gunzipping the WARC files is included. Load average (1, 5, 15 min) before: "
        f"{results['load_average_before']}; after: {results['load_average_after']}.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} logical cores, {info['memory']}, {info['os']}; "
        f"{versions}. Run {results['started']}.",
    ]
    return "\n".join(rows)


def main() -> None:
    """Write the WARC files, time each set in its own process, and report."""
    if sys.argv[1:2] == ["--worker"]:
        kind, folder, repeats = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        print(json.dumps(measure(kind, folder, repeats)))
        return
    args = _arguments()
    sys.path.insert(0, str(SOURCE))
    root = args.out / "extract"
    folders = {"generated": root / "generated", "dev-warc": root / "dev", "dev-memory": root}
    for folder, writer in ((folders["generated"], write_generated), (folders["dev-warc"], None)):
        for old in folder.glob("*.warc.gz"):
            old.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        if writer is None:
            write_dev(folder)
        else:
            writer(folder, args.pages)
    trees = {"current": SOURCE} | ({"baseline": args.baseline} if args.baseline else {})
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine.machine(),
        "versions": machine.versions(PACKAGES),
        "repeats": args.repeats,
        "load_average_before": machine.load_average(),
        "runs": {kind: {} for kind in KINDS},
    }
    for kind in KINDS:
        # The trees take turns, so that other work on the machine weighs on both alike.
        runs: dict[str, list[dict[str, Any]]] = {tree: [] for tree in trees}
        for _ in range(args.repeats):
            for tree, source in trees.items():
                runs[tree].append(run_worker(kind, folders[kind], source))
        for tree, records in runs.items():
            results["runs"][kind][tree] = best_of(records)
            print(f"{kind} {tree}: {json.dumps(results['runs'][kind][tree])}", flush=True)
    results["load_average_after"] = machine.load_average()
    (args.out / "extract.json").write_text(json.dumps(results, indent=2, default=str))
    text = table(results)
    print(text)
    if not args.no_docs:
        machine.write_between(args.doc, START, END, text)
        print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
