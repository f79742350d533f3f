"""Benchmark data for estimation: a large stratified sample of businesses, as Parquet and CSV.

    python bench/data.py --rows 1000000 --seed 2025 --out bench/out

Each row is a sampled business with its stratum (60 strata: 4 size classes by 15 industry
groups), design weight ``w`` = N_h / n_h, finite population correction ``fpc`` = N_h, the
domains ``size`` (4 levels), ``industry`` (20), ``region`` (10) and ``sex`` of the owner (2),
and 20 binary indicators ``y01``..``y20`` whose probabilities depend on size, industry and
region. The sampling fraction falls with size class (take-all for the largest) and varies a
little between strata; N_h is derived from the realised n_h. Everything is vectorised; the same
rows and seed give the same data.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

SIZES = ("0-9", "10-49", "50-249", "GE250")
INDUSTRIES = tuple(f"I{i:02d}" for i in range(1, 21))
REGIONS = tuple(f"R{i:02d}" for i in range(1, 11))
SEXES = ("F", "M")
INDICATORS = tuple(f"y{i:02d}" for i in range(1, 21))
INDUSTRY_GROUPS = 15  # industries 16 to 20 share a stratum with industries 11 to 15
STRATA = len(SIZES) * INDUSTRY_GROUPS
SAMPLING_FRACTION = np.array([0.02, 0.10, 0.50, 1.0])  # by size class


def _dictionary(codes: npt.NDArray[np.int8], levels: tuple[str, ...]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int8()), pa.array(levels))


def _indicators(
    size: npt.NDArray[np.int8],
    industry: npt.NDArray[np.int8],
    region: npt.NDArray[np.int8],
    rng: np.random.Generator,
) -> dict[str, pa.Array]:
    """Binary indicators, logistic in size, industry and region.

    Probabilities are computed once per size x industry x region cell (800 cells) and looked
    up per row, one indicator at a time, so memory stays at a few bytes per row.
    """
    intercept = rng.normal(0.0, 1.2, len(INDICATORS))
    size_slope = rng.uniform(0.2, 0.8, len(INDICATORS))
    industry_effect = rng.normal(0.0, 0.6, (len(INDUSTRIES), len(INDICATORS)))
    region_effect = rng.normal(0.0, 0.3, (len(REGIONS), len(INDICATORS)))
    logit = (
        intercept
        + np.arange(len(SIZES))[:, None, None, None] * size_slope
        + industry_effect[None, :, None, :]
        + region_effect[None, None, :, :]
    )
    probability = (1.0 / (1.0 + np.exp(-logit))).reshape(-1, len(INDICATORS)).astype(np.float32)
    cell = (size.astype(np.int32) * len(INDUSTRIES) + industry) * len(REGIONS) + region
    columns: dict[str, pa.Array] = {}
    for k, name in enumerate(INDICATORS):
        draws = rng.random(len(cell), dtype=np.float32)
        columns[name] = pa.array((draws < probability[cell, k]).astype(np.int8))
    return columns


def generate(rows: int, seed: int) -> pa.Table:
    """The benchmark sample with ``rows`` rows as an Arrow table."""
    rng = np.random.default_rng(seed)
    size_share = np.array([0.55, 0.30, 0.12, 0.03])
    industry_share = rng.dirichlet(np.full(len(INDUSTRIES), 4.0))
    size = rng.choice(len(SIZES), size=rows, p=size_share).astype(np.int8)
    industry = rng.choice(len(INDUSTRIES), size=rows, p=industry_share).astype(np.int8)
    region = rng.choice(len(REGIONS), size=rows, p=np.linspace(2.0, 0.5, len(REGIONS)) / 12.5)
    region = region.astype(np.int8)
    sex = (rng.random(rows) < 0.65).astype(np.int8)  # 1 = M
    stratum = size.astype(np.int16) * INDUSTRY_GROUPS + np.where(
        industry < INDUSTRY_GROUPS, industry, industry - 5
    )
    n_h = np.bincount(stratum, minlength=STRATA)
    stratum_size = np.arange(STRATA) // INDUSTRY_GROUPS
    fraction_h = np.minimum(SAMPLING_FRACTION[stratum_size] * rng.uniform(0.7, 1.3, STRATA), 1.0)
    fraction_h[stratum_size == len(SIZES) - 1] = 1.0
    population_h = np.ceil(n_h / fraction_h).astype(np.int64)
    weight_h = np.divide(population_h, n_h, out=np.zeros(STRATA), where=n_h > 0)

    columns: dict[str, pa.Array] = {
        "id": pa.array(np.arange(1, rows + 1, dtype=np.int64)),
        "stratum": pa.array(stratum + 1),
        "w": pa.array(weight_h[stratum]),
        "fpc": pa.array(population_h[stratum].astype(np.float64)),
        "size": _dictionary(size, SIZES),
        "industry": _dictionary(industry, INDUSTRIES),
        "region": _dictionary(region, REGIONS),
        "sex": _dictionary(sex, SEXES),
    }
    columns.update(_indicators(size, industry, region, rng))
    return pa.table(columns)


def write(table: pa.Table, out_dir: Path, stem: str) -> tuple[Path, Path]:
    """Write ``table`` as ``stem.parquet`` and ``stem.csv`` (plain text codes) in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet_path = out_dir / f"{stem}.parquet"
    csv_path = out_dir / f"{stem}.csv"
    pq.write_table(table, parquet_path)
    plain = table.cast(
        pa.schema(
            pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f
            for f in table.schema
        )
    )
    pacsv.write_csv(plain, csv_path)
    return parquet_path, csv_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="number of sampled businesses")
    parser.add_argument("--seed", type=int, default=2025, help="random seed")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out", help="folder")
    args = parser.parse_args()
    start = time.perf_counter()
    table = generate(args.rows, args.seed)
    generated = time.perf_counter()
    parquet_path, csv_path = write(table, args.out, f"estimation_{args.rows}")
    done = time.perf_counter()
    print(f"generated {args.rows:,} rows in {generated - start:.2f} s")
    print(f"wrote {parquet_path} and {csv_path} in {done - generated:.2f} s")


if __name__ == "__main__":
    main()
