"""One tool's timing of the estimation benchmark, run in its own process by ``bench/run.py``.

    python bench/estimation.py TOOL DATA.parquet OUT_DIR --repeats 3

The five steps are the means of y01..y20 with their SEs, overall and by size, industry,
region and sex of the owner. Every tool reads the file once (the load, timed apart), builds
its design (timed apart) and then runs the five steps ``--repeats`` times (fewer once a
minute has been spent); the best run counts. destat is also timed as one call for all five
breakdowns, and DuckDB runs the bare ``GROUP BY GROUPING SETS`` that only sums the
indicators (the floor). The worker writes ``result.json`` (raw times and versions) and
``estimates.parquet`` (breakdown, level, variable, estimate, se) into OUT_DIR; a tool that
cannot be imported is reported as not available instead of failing.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

INDICATORS = [f"y{i:02d}" for i in range(1, 21)]
DOMAINS = ["size", "industry", "region", "sex"]
BREAKDOWNS: dict[str, str | None] = {"overall": None} | {name: name for name in DOMAINS}
LONG_COLUMNS = ["breakdown", "level", "variable", "estimate", "se"]
SLOW_SECONDS = 60.0  # once the repeats have taken this long, a slow tool is not run again


@dataclass(frozen=True)
class Tool:
    """How one tool loads the file, declares the design and estimates one breakdown."""

    load: Callable[[Path], Any]
    design: Callable[[Any], Any]
    step: Callable[[Any, str | None], Any] | None
    tidy: Callable[[Any, str | None], pd.DataFrame] | None
    one_pass: Callable[[Any], Any] | None = None
    tidy_one_pass: Callable[[Any], pd.DataFrame] | None = None


def _destat() -> tuple[Tool, dict[str, str]]:
    import pyarrow.parquet as pq

    import destat

    design_class = destat.Design  # imported on first use: not part of the timed design

    def design(table: Any) -> Any:
        return design_class(table, weights="w", strata="stratum", fpc="fpc")

    def step(d: Any, by: str | None) -> Any:
        return d.mean(INDICATORS) if by is None else d.mean(INDICATORS, by=[by])

    def one_pass(d: Any) -> Any:
        return d.mean(INDICATORS, breakdowns=[[], *([name] for name in DOMAINS)])

    def tidy_one_pass(result: Any) -> pd.DataFrame:
        frame = result.to_pandas()
        breakdown = pd.Series("overall", index=frame.index)
        level = pd.Series("", index=frame.index)
        for name in DOMAINS:
            if name in frame.columns:
                present = frame[name].notna()
                breakdown = breakdown.mask(present, name)
                level = level.mask(present, frame[name].astype(str))
        return pd.DataFrame(
            {
                "breakdown": breakdown,
                "level": level,
                "variable": frame["variable"],
                "estimate": frame["estimate"],
                "se": frame["se"],
            }
        )

    tool = Tool(
        load=pq.read_table,
        design=design,
        step=step,
        tidy=lambda result, by: tidy_one_pass(result),
        one_pass=one_pass,
        tidy_one_pass=tidy_one_pass,
    )
    return tool, {"destat": destat.__version__, "duckdb": metadata.version("duckdb")}


def _duckdb() -> tuple[Tool, dict[str, str]]:
    import duckdb

    def load(path: Path) -> Any:
        con = duckdb.connect()
        con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [str(path)])
        return con

    sums = ", ".join(f"SUM({y})" for y in INDICATORS)
    sets = ", ".join(["()", *(f"({name})" for name in DOMAINS)])
    query = f"SELECT {', '.join(DOMAINS)}, {sums} FROM t GROUP BY GROUPING SETS ({sets})"

    tool = Tool(
        load=load,
        design=lambda con: con,
        step=None,
        tidy=None,
        one_pass=lambda con: con.execute(query).fetchall(),
    )
    return tool, {"duckdb": duckdb.__version__}


def _svy() -> tuple[Tool, dict[str, str]]:
    import polars as pl
    import svy

    def design(data: Any) -> Any:
        return svy.Sample(data, svy.Design(stratum="stratum", wgt="w", pop_size="fpc"))

    def step(sample: Any, by: str | None) -> Any:
        return sample.estimation.mean(INDICATORS, by=by)

    def tidy(result: Any, by: str | None) -> pd.DataFrame:
        frames = []
        for name, estimate in zip(INDICATORS, result, strict=True):
            frame = estimate.to_polars().to_pandas()
            frames.append(
                pd.DataFrame(
                    {
                        "breakdown": by or "overall",
                        "level": frame[by].astype(str) if by else "",
                        "variable": name,
                        "estimate": frame["est"],
                        "se": frame["se"],
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    return Tool(load=pl.read_parquet, design=design, step=step, tidy=tidy), {
        "svy": metadata.version("svy"),
        "polars": pl.__version__,
    }


def _samplics() -> tuple[Tool, dict[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # samplics says it is archived
        from samplics import PopParam, TaylorEstimator

    def design(frame: pd.DataFrame) -> Any:
        strata = frame.groupby("stratum")
        fpc = (1.0 - strata.size() / strata["fpc"].first()).to_dict()
        return frame, fpc

    def step(prepared: Any, by: str | None) -> Any:
        frame, fpc = prepared
        results = []
        for name in INDICATORS:
            estimator = TaylorEstimator(PopParam.mean)
            estimator.estimate(
                y=frame[name],
                samp_weight=frame["w"],
                stratum=frame["stratum"],
                fpc=fpc,
                domain=frame[by] if by else None,
            )
            results.append(estimator)
        return results

    def tidy(result: Any, by: str | None) -> pd.DataFrame:
        rows = []
        for name, estimator in zip(INDICATORS, result, strict=True):
            if by is None:
                rows.append(("overall", "", name, estimator.point_est, estimator.stderror))
                continue
            for level, value in estimator.point_est.items():
                rows.append((by, str(level), name, value, estimator.stderror[level]))
        return pd.DataFrame(rows, columns=LONG_COLUMNS)

    tool = Tool(load=pd.read_parquet, design=design, step=step, tidy=tidy)
    return tool, {"samplics": metadata.version("samplics")}


TOOLS: dict[str, Callable[[], tuple[Tool, dict[str, str]]]] = {
    "destat": _destat,
    "duckdb": _duckdb,
    "svy": _svy,
    "samplics": _samplics,
}


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def measure(tool: Tool, path: Path, repeats: int) -> tuple[dict[str, Any], pd.DataFrame | None]:
    """Time load, design, the five steps one by one and the one-pass call; return the estimates."""
    timings: dict[str, Any] = {}
    timings["load"], data = _timed(lambda: tool.load(path))
    timings["design"], design = _timed(lambda: tool.design(data))
    frames: list[pd.DataFrame] = []
    if tool.step is not None and tool.tidy is not None:
        timings["steps"] = {name: [] for name in BREAKDOWNS}
        spent = 0.0
        for _ in range(repeats):
            frames = []
            for name, by in BREAKDOWNS.items():
                seconds, result = _timed(lambda by=by: tool.step(design, by))
                timings["steps"][name].append(seconds)
                frames.append(tool.tidy(result, by))
                spent += seconds
            if spent > SLOW_SECONDS:
                break
    if tool.one_pass is not None:
        timings["one_pass"] = []
        for _ in range(repeats):
            seconds, result = _timed(lambda: tool.one_pass(design))
            timings["one_pass"].append(seconds)
        if tool.tidy_one_pass is not None:
            frames = [tool.tidy_one_pass(result)]
    return timings, pd.concat(frames, ignore_index=True) if frames else None


def main() -> None:
    """Command line: time one tool on one file and write its results into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tool", choices=sorted(TOOLS))
    parser.add_argument("data", type=Path, help="the benchmark Parquet file")
    parser.add_argument("out", type=Path, help="folder for result.json and estimates.parquet")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        tool, versions = TOOLS[args.tool]()
    except ImportError as error:
        result = {"status": "not available", "reason": f"cannot import: {error}"}
        (args.out / "result.json").write_text(json.dumps(result, indent=2))
        return
    timings, estimates = measure(tool, args.data, args.repeats)
    if estimates is not None:
        estimates.to_parquet(args.out / "estimates.parquet", index=False)
    result = {"status": "ok", "versions": versions, "timings": timings}
    (args.out / "result.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
