"""destat's side of the calibration benchmark, run in its own process by ``bench/run.py``.

    python bench/calibration.py targets DATA.parquet TARGETS.csv
    python bench/calibration.py run DATA.parquet TARGETS.csv OUT_DIR --repeats 3

Raking and linear calibration of the design weights to population counts of size (4 levels),
industry (20) and region (10). The targets are the sums of the weights per level, multiplied
by a factor that differs between levels (0.99, 1.02 or 1.05 in turn) and rescaled so that the
three margins add up to the same total: the calibrated weights are then not simply the design
weights times a constant. The worker writes ``result.json`` (times and the largest relative
miss of a target) and ``weights_<method>.npy`` in row order.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

MARGINS = ("size", "industry", "region")
METHODS = ("raking", "linear")
FACTORS = (0.99, 1.02, 1.05)
SLOW_SECONDS = 60.0


def targets(data: Path) -> pd.DataFrame:
    """Population counts per level of each margin (margin, level, target), levels sorted."""
    import duckdb

    frames = []
    con = duckdb.connect()
    for margin in MARGINS:
        frame = con.execute(
            f"SELECT CAST({margin} AS VARCHAR) AS level, SUM(w) AS total "
            f"FROM read_parquet(?) GROUP BY 1 ORDER BY 1",
            [str(data)],
        ).df()
        factor = np.resize(np.array(FACTORS), len(frame))
        frames.append(
            pd.DataFrame(
                {"margin": margin, "level": frame["level"], "target": frame["total"] * factor}
            )
        )
    grand = frames[0]["target"].sum()
    for frame in frames[1:]:
        frame["target"] *= grand / frame["target"].sum()
    return pd.concat(frames, ignore_index=True)


def margins_of(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The targets as destat's ``margins=`` argument."""
    return {
        margin: dict(zip(rows["level"], rows["target"].astype(float), strict=True))
        for margin, rows in table.groupby("margin", sort=False)
    }


def largest_miss(weights: np.ndarray, data: Any, table: pd.DataFrame) -> float:
    """Largest relative difference between a calibrated count and its target."""
    worst = 0.0
    for margin, rows in table.groupby("margin"):
        levels = data.column(margin).to_pandas().astype(str)
        sums = pd.Series(weights).groupby(levels.to_numpy()).sum()
        reached = sums.reindex(rows["level"]).to_numpy()
        worst = max(worst, float(np.max(np.abs(reached / rows["target"].to_numpy() - 1.0))))
    return worst


def calibrate(data_path: Path, targets_path: Path, out: Path, repeats: int) -> dict[str, Any]:
    """Time destat's raking and linear calibration; save the weights; return the result."""
    import pyarrow.parquet as pq

    import destat

    design_class = destat.Design  # imported on first use: not part of the timed design
    table = pd.read_csv(targets_path, dtype={"level": str})
    margins = margins_of(table)
    start = time.perf_counter()
    data = pq.read_table(data_path)
    loaded = time.perf_counter()
    design = design_class(data, weights="w", strata="stratum", fpc="fpc")
    timings: dict[str, Any] = {"load": loaded - start, "design": time.perf_counter() - loaded}
    misses = {}
    for method in METHODS:
        timings[method] = []
        for _ in range(repeats):
            start = time.perf_counter()
            calibrated = design.calibrate(margins=margins, method=method)
            timings[method].append(time.perf_counter() - start)
            if sum(timings[method]) > SLOW_SECONDS:
                break
        weights = calibrated.weights()
        np.save(out / f"weights_{method}.npy", weights)
        misses[method] = largest_miss(weights, data, table)
    return {
        "status": "ok",
        "versions": {"destat": destat.__version__},
        "timings": timings,
        "largest_target_miss": misses,
    }


def main() -> None:
    """Command line: write the targets of a file, or time destat's calibration to them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("targets", help="write the population counts to a CSV file")
    make.add_argument("data", type=Path)
    make.add_argument("targets", type=Path)
    timed = commands.add_parser("run", help="time raking and linear calibration")
    timed.add_argument("data", type=Path)
    timed.add_argument("targets", type=Path)
    timed.add_argument("out", type=Path)
    timed.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.command == "targets":
        targets(args.data).to_csv(args.targets, index=False)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    result = calibrate(args.data, args.targets, args.out, args.repeats)
    (args.out / "result.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
