"""Survey designs: stratified, clustered and multistage samples, with their weights.

``Design`` follows the arguments of R ``survey::svydesign`` (Lumley 2010): ``ids`` are the
sampling units of each stage (none for element sampling), ``strata`` the strata of the first
stage (or of each stage), ``fpc`` the population size or sampling fraction of each stage, and
``weights`` the sampling weights (derived from ``fpc`` when not given). Units are taken as nested
in their strata, as with ``nest=TRUE``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from destat.engines import Engine, get_engine
from destat.engines.sql import col, table
from destat.errors import ConfigError, DesignError
from destat.survey import checks
from destat.survey.estimate import Calibrated, Prepared, run
from destat.survey.methods import CalibrationMethod, Interval, LonelyPSU, choose
from destat.survey.results import Estimate
from destat.survey.sources import ROW, read_table
from destat.survey.stages import (
    WEIGHT,
    Stage,
    count_units,
    fpc_column,
    group_keys,
    population_sizes,
    stratum_column,
    unit_column,
    variance_factors,
)
from destat.survey.targets import Kind

Names = str | Sequence[str] | None
Breakdown = Sequence[str] | None


class Design:
    """A probability sample and how it was drawn; estimates come from its methods.

    >>> d = Design("apistrat.csv", weights="pw", strata="stype", fpc="fpc")  # doctest: +SKIP
    >>> d.mean("api00", by=["stype"]).to_pandas()                           # doctest: +SKIP
    """

    def __init__(
        self,
        data: Any,
        weights: str | None = None,
        strata: Names = None,
        ids: Names = None,
        fpc: Names = None,
        lonely_psu: str = "fail",
        engine: str | Engine = "duckdb",
    ) -> None:
        self.engine = get_engine(engine)
        self.lonely_psu = choose(LonelyPSU, lonely_psu, "lonely_psu")
        self.weights_column = weights
        self._ids = _names(ids) or [None]
        self._strata = _names(strata)
        self._fpc = _names(fpc)
        if len(self._strata) > len(self._ids):
            raise ConfigError(
                f"strata has {len(self._strata)} stages but ids has {len(self._ids)}."
            )
        if self._fpc and len(self._fpc) != len(self._ids):
            raise ConfigError(
                f"Give one fpc per sampling stage: ids has {len(self._ids)} stage(s), fpc has "
                f"{len(self._fpc)}. Leave fpc out for sampling with replacement."
            )
        raw = read_table(data)
        self._check(raw)
        self._data = self._canonical(raw)
        self._name = self.engine.temp_name("design")
        self.engine.register(self._name, self._data)
        self.stages = self._measure_stages()
        self._derive_weights()
        self.stages = (self._with_group_weights(self.stages[0]), *self.stages[1:])
        self.df = int(self.stages[0].groups["n"].sum() - len(self.stages[0].groups))
        self._calibration: Calibrated | None = None
        self._g: np.ndarray | None = None

    @property
    def data(self) -> pa.Table:
        """The data as used by the design, with destat's canonical design columns."""
        return self._data

    @property
    def num_rows(self) -> int:
        """Number of sampled rows."""
        return int(self._data.num_rows)

    def weights(self) -> np.ndarray:
        """The estimation weights in row order (calibrated ones for a calibrated design)."""
        base = self._data.column(WEIGHT).to_numpy()
        return np.asarray(base * self._g) if self._g is not None else np.asarray(base)

    def mean(
        self,
        variables: Names,
        by: Breakdown = None,
        *,
        breakdowns: Sequence[Sequence[str]] | None = None,
        na_rm: bool = False,
        ci: str = "normal",
    ) -> Estimate:
        """Means of numeric variables, overall or in the domains of ``by``."""
        return self._run(Kind.MEAN, variables, by, breakdowns, na_rm, ci)

    def total(
        self,
        variables: Names,
        by: Breakdown = None,
        *,
        breakdowns: Sequence[Sequence[str]] | None = None,
        na_rm: bool = False,
        ci: str = "normal",
    ) -> Estimate:
        """Totals of numeric variables, overall or in the domains of ``by``."""
        return self._run(Kind.TOTAL, variables, by, breakdowns, na_rm, ci)

    def proportion(
        self,
        variables: Names,
        by: Breakdown = None,
        *,
        breakdowns: Sequence[Sequence[str]] | None = None,
        na_rm: bool = False,
        ci: str = "normal",
    ) -> Estimate:
        """Proportions of every level of categorical variables."""
        return self._run(Kind.PROPORTION, variables, by, breakdowns, na_rm, ci)

    def ratio(
        self,
        numerator: Names,
        denominator: str,
        by: Breakdown = None,
        *,
        breakdowns: Sequence[Sequence[str]] | None = None,
        na_rm: bool = False,
        ci: str = "normal",
    ) -> Estimate:
        """Ratios of totals ``Σ w·y / Σ w·x``, overall or in the domains of ``by``."""
        return self._run(Kind.RATIO, numerator, by, breakdowns, na_rm, ci, denominator)

    def gap(
        self,
        variables: Names,
        between: str,
        levels: tuple[Any, Any],
        by: Breakdown = None,
        *,
        breakdowns: Sequence[Sequence[str]] | None = None,
        na_rm: bool = False,
        ci: str = "normal",
    ) -> Estimate:
        """The gap between the means of two groups (e.g. women and men): their difference
        ``first - second`` and their ratio ``first / second``, with SEs that account for the
        covariance of the two groups' estimates (as R's ``svyby`` + ``svycontrast``).

        A ratio whose second group's mean is 0 is undefined and comes out as NaN."""
        if len(levels) != 2:
            raise ConfigError(f"levels must name two groups of {between!r}; got {levels!r}.")
        groups = (between, (levels[0], levels[1]))
        return self._run(Kind.GAP, variables, by, breakdowns, na_rm, ci, groups=groups)

    def calibrate(
        self,
        margins: Mapping[str, Mapping[Any, float]] | None = None,
        totals: Mapping[str, float] | None = None,
        method: str = "linear",
        bounds: tuple[float, float] | None = None,
        tolerance: float = 1e-10,
        max_iterations: int = 100,
    ) -> Design:
        """A new design whose weights reproduce population counts and totals.

        ``margins`` gives, for categorical columns, the population count of every level;
        ``totals`` gives population totals of numeric columns. ``method`` is ``"linear"``
        (GREG; truncated with ``bounds``), ``"raking"`` or ``"logit"`` (needs ``bounds``).
        """
        from destat.survey.calibration import calibrate

        if self._calibration is not None:
            raise ConfigError(
                "This design is already calibrated: calibrate the original design once, "
                "with all margins and totals together."
            )
        chosen = choose(CalibrationMethod, method, "method")
        model = calibrate(
            self._data, margins or {}, totals or {}, chosen, bounds, tolerance, max_iterations
        )
        result = object.__new__(Design)
        result.__dict__.update(self.__dict__)
        result._g = model.g
        result._name = self.engine.temp_name("calibrated")
        result._data = self._data.append_column("__destat_g", pa.array(model.g, type=pa.float64()))
        result.engine.register(result._name, result._data)
        result._calibration = Calibrated(
            columns=model.columns, design_weight=col(WEIGHT), xwx=model.xwx
        )
        return result

    def _run(
        self,
        kind: Kind,
        variables: Names,
        by: Breakdown,
        breakdowns: Sequence[Sequence[str]] | None,
        na_rm: bool,
        ci: str,
        denominator: str | None = None,
        groups: tuple[str, tuple[Any, Any]] | None = None,
    ) -> Estimate:
        names = _names(variables)
        if not names:
            raise ConfigError("Name at least one variable to estimate.")
        if by is not None and breakdowns is not None:
            raise ConfigError("Give either by= (one breakdown) or breakdowns= (several), not both.")
        sets = [list(b) for b in breakdowns] if breakdowns is not None else [_names(by)]
        weight: exp.Expr = col(WEIGHT)
        if self._g is not None:
            weight = exp.Mul(this=col(WEIGHT), expression=col("__destat_g"))
        prepared = Prepared(
            engine=self.engine,
            name=self._name,
            data=self._data,
            stages=self.stages,
            df=self.df,
            weight=weight,
            calibration=self._calibration,
        )
        interval = choose(Interval, ci, "ci")
        return run(prepared, kind, names, sets, na_rm, interval, denominator, groups)

    def _check(self, table: pa.Table) -> None:
        design_columns = [n for n in [*self._ids, *self._strata] if n is not None]
        numeric = [*self._fpc, *([self.weights_column] if self.weights_column else [])]
        checks.require_columns(table, [*design_columns, *numeric], "design")
        checks.require_complete(table, [*design_columns, *numeric], "design")
        for name in numeric:
            checks.require_numeric(table, name, "weight" if name == self.weights_column else "fpc")
            checks.require_non_negative(
                table, name, "weight" if name == self.weights_column else "fpc"
            )
        if self.weights_column is None and not self._fpc:
            raise DesignError(
                "The design has neither weights nor fpc, so the sampling weights are unknown. Give "
                "weights= (the column of sampling weights) or fpc= (population sizes per stage)."
            )

    def _canonical(self, data: pa.Table) -> pa.Table:
        """The data with the design columns under canonical names (sharing, not copying, data);
        a stage whose units are the rows themselves gets no unit column."""
        columns: dict[str, pa.Array | pa.ChunkedArray] = {}
        for stage in range(1, len(self._ids) + 1):
            strata = self._strata[stage - 1] if stage <= len(self._strata) else None
            columns[stratum_column(stage)] = (
                data.column(strata)
                if strata
                else pa.repeat(pa.scalar(1, type=pa.int8()), data.num_rows)
            )
            unit = self._ids[stage - 1]
            if unit:
                columns[unit_column(stage)] = data.column(unit)
            if self._fpc:
                columns[fpc_column(stage)] = pc.cast(
                    data.column(self._fpc[stage - 1]), pa.float64()
                )
        if self.weights_column:
            columns[WEIGHT] = pc.cast(data.column(self.weights_column), pa.float64())
        for name, values in columns.items():
            data = data.append_column(name, values)
        return data

    def _measure_stages(self) -> tuple[Stage, ...]:
        used = len(self._ids) if self._fpc else 1
        stages: list[Stage] = []
        for number in range(1, used + 1):
            by_row = self._ids[number - 1] is None
            groups = count_units(self.engine, self._name, number, by_row, bool(self._fpc))
            row_level = by_row or bool(groups["n"].sum() == groups["rows"].sum())
            strata = self._strata[number - 1] if number <= len(self._strata) else "stratum"
            groups["N"] = population_sizes(
                groups, number, bool(self._fpc), tuple(self._fpc), strata
            )
            groups["multiplier"] = self._multiplier(stages, groups, number)
            groups = variance_factors(groups, number, self.lonely_psu, strata)
            stages.append(
                Stage(
                    number, group_keys(number), None if row_level else unit_column(number), groups
                )
            )
        return tuple(stages)

    @staticmethod
    def _multiplier(stages: list[Stage], groups: pd.DataFrame, number: int) -> pd.Series:
        if number == 1:
            return pd.Series(1.0, index=groups.index)
        parent = stages[-1].groups
        keys = list(group_keys(number - 1))
        fraction = parent[keys].assign(__m=parent["multiplier"] * parent["n"] / parent["N"])
        merged = groups[keys].merge(fraction, on=keys, how="left")
        return pd.Series(merged["__m"].to_numpy(), index=groups.index)

    def _with_group_weights(self, stage: Stage) -> Stage:
        """Record each group's weight where it is the same on all its rows (else NaN)."""
        groups = stage.groups.copy()
        groups["weight"] = np.nan
        if stage.unit is None:
            keys = list(stage.group_keys)
            query = (
                exp.select(
                    *[col(k) for k in keys],
                    exp.alias_(exp.Min(this=col(WEIGHT)), "lo"),
                    exp.alias_(exp.Max(this=col(WEIGHT)), "hi"),
                )
                .from_(table(self._name))
                .group_by(*[col(k) for k in keys])
            )
            bounds = groups[keys].merge(self.engine.frame(query), on=keys, how="left")
            same = np.isclose(bounds["lo"], bounds["hi"], rtol=1e-13, atol=0.0)
            groups["weight"] = np.where(same, bounds["lo"], np.nan)
        return replace(stage, groups=groups)

    def _derive_weights(self) -> None:
        if self.weights_column is not None:
            return
        weight = np.ones(self._data.num_rows)
        every_key = dict.fromkeys(key for stage in self.stages for key in stage.group_keys)
        rows = (
            exp.select(col(ROW), *map(col, every_key)).from_(table(self._name)).order_by(col(ROW))
        )
        frame = self.engine.frame(rows)  # keys typed as in the stage tables they are matched to
        for stage in self.stages:
            keys = list(stage.group_keys)
            ratio = stage.groups[keys].assign(__r=stage.groups["N"] / stage.groups["n"])
            weight *= frame[keys].merge(ratio, on=keys, how="left")["__r"].to_numpy()
        self._data = self._data.append_column(WEIGHT, pa.array(weight, type=pa.float64()))
        self.engine.register(self._name, self._data)


def _names(value: Names) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
