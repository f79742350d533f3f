"""Writing the demo country's macro sources and their true values.

Formats as the sources publish them: the SBS as the NSO's plain CSV, merchandise trade as
SDMX-CSV 1.0, balance-of-payments services as an SDMX-ML 2.1 generic data message, the survey
of exporters and the B2C index components and regions as CSV. Everything follows from the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from destat.demo.macro.b2c import b2c_tables, groups_table
from destat.demo.macro.economy import (
    DEMO_ECONOMY,
    bop_table,
    delivery_shares,
    sbs_table,
    trade_table,
)
from destat.demo.macro.sdmx_files import write_sdmx_csv, write_sdmx_ml
from destat.demo.national_format import REGISTER_NAMES

__all__ = ["MacroFiles", "generate_macro_inputs", "macro_section"]


@dataclass(frozen=True)
class MacroFiles:
    """Paths of the macro sources and of their true values."""

    sbs_csv: Path
    trade_sdmx_csv: Path
    bop_sdmx_xml: Path
    delivery_csv: Path
    b2c_csv: Path
    b2c_groups_csv: Path
    truth_csv: Path


def generate_macro_inputs(
    out_dir: Path | str, register: pd.DataFrame, *, seed: int, ref_area: str, year: str
) -> MacroFiles:
    """Write the macro sources of the country whose register (model or national column names)
    is ``register`` into ``out_dir``, with ``macro_truth.csv`` (measure, value in %)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    national = {name: model for model, name in REGISTER_NAMES.items()}
    units = register.rename(columns=national)[["isic", "persons_employed", "turnover"]]
    sbs_rng, trade_rng, bop_rng, b2c_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence([seed, 6]).spawn(4)
    )
    sbs = sbs_table(units, sbs_rng, year)
    trade = trade_table(trade_rng, ref_area, year)
    bop = bop_table(bop_rng, ref_area, year)
    b2c = b2c_tables(b2c_rng)
    files = MacroFiles(
        sbs_csv=_csv(sbs.table, out / "sbs_ciiu4.csv"),
        trade_sdmx_csv=write_sdmx_csv(
            trade.table, out / "trade_hs2017.csv", f"NSO_{ref_area}:DF_TRADE_HS2017(1.0)"
        ),
        bop_sdmx_xml=write_sdmx_ml(
            bop.table,
            out / "bop_services.xml",
            agency=f"CB_{ref_area}",
            structure="BOP_EBOPS2010",
            message_id=f"BOP_SERVICES_{ref_area}_{year}",
        ),
        delivery_csv=_csv(delivery_shares(), out / "services_delivery_survey.csv"),
        b2c_csv=_csv(b2c.table, out / "b2c_components.csv"),
        b2c_groups_csv=_csv(groups_table(), out / "b2c_regions.csv"),
        truth_csv=out / "macro_truth.csv",
    )
    truth = sbs.truth | trade.truth | bop.truth | b2c.truth
    _csv(pd.DataFrame({"measure": list(truth), "value": list(truth.values())}), files.truth_csv)
    return files


def _csv(table: pd.DataFrame, path: Path) -> Path:
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def macro_section(folder: Path, register_parquet: Path, *, seed: int) -> str:
    """Write the demo country's macro sources in ``folder/data/macro`` and return the
    ``[macro]`` section of its ``destat.toml``."""
    register = pd.read_parquet(register_parquet)
    files = generate_macro_inputs(
        folder / "data" / "macro", register, seed=seed, ref_area="DL", year="2025"
    )

    def relative(path: Path) -> str:
        return path.relative_to(folder).as_posix()

    return (
        "\n[macro]\n"
        "# The demo country's macro sources (docs/macro.md, docs/b2c-index.md): SBS by ISIC\n"
        "# class, trade by HS 2017 subheading (SDMX-CSV), services by EBOPS 2010 item\n"
        "# (SDMX-ML), a survey of services exporters, and the B2C E-commerce Index components.\n"
        f'sbs = "{relative(files.sbs_csv)}"\n'
        f'trade = "{relative(files.trade_sdmx_csv)}"\n'
        f'services = "{relative(files.bop_sdmx_xml)}"\n'
        f'delivery_shares = "{relative(files.delivery_csv)}"\n'
        f'b2c = ["{relative(files.b2c_csv)}"]\n'
        f'b2c_groups = "{relative(files.b2c_groups_csv)}"\n'
        f'economy = "{DEMO_ECONOMY}"\n'
        'ebops = "BOP_ITEM"\n'
    )
