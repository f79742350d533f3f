"""Link provider units to register units from their encodings alone.

1. Exact: equal keyed hashes of the tax ID, then of the phone, among units not yet linked.
2. Fuzzy: for the rest, candidate pairs come from LSH blocking on the CLKs (see ``blocking``);
   a pair is kept if the Dice coefficient of the CLKs reaches the threshold.

Both steps assign one-to-one, greedily by best score (ties by file order). Greedy is not the
optimal (Hungarian) assignment, but the two differ only when a unit has two close competing
candidates, which is rare above a high threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from destat.exchange.linkage.blocking import LshBlocking, lsh_candidates
from destat.exchange.linkage.compare import dice_pairs
from destat.exchange.linkage.encode import EncodedUnits
from destat.exchange.linkage.errors import LinkageError

__all__ = ["PAIR_COLUMNS", "LinkResult", "LinkStats", "link"]

PAIR_COLUMNS = ["provider_id", "register_id", "match_type", "matched_on", "dice"]
_EXACT_IDENTIFIERS = ("tax_id_hash", "phone_hash")


@dataclass(frozen=True)
class LinkStats:
    """Counts of one linkage run."""

    register_units: int
    provider_units: int
    exact_tax_id: int
    exact_phone: int
    fuzzy: int
    unlinked_provider: int
    candidate_pairs: int
    threshold: float


@dataclass(frozen=True, eq=False)
class LinkResult:
    """Linked pairs (columns ``PAIR_COLUMNS``) and the counts of the run."""

    pairs: pd.DataFrame
    stats: LinkStats


def _check_compatible(register: EncodedUnits, provider: EncodedUnits) -> None:
    if register.key_check != provider.key_check:
        raise LinkageError(
            "The register and provider files were encoded with different secrets (key check "
            f"{register.key_check} vs {provider.key_check}); encode both with the secret issued "
            "by the linkage unit."
        )
    if register.config_fingerprint != provider.config_fingerprint:
        raise LinkageError(
            "The register and provider files were encoded with different parameters "
            f"({register.config_fingerprint} vs {provider.config_fingerprint}); encode both with "
            "the same EncodingConfig."
        )


def _assign_one_to_one(candidates: pd.DataFrame) -> pd.DataFrame:
    """Greedy one-to-one assignment: best score first, each unit used at most once."""
    ordered = candidates.sort_values(
        ["score", "provider_row", "register_row"], ascending=[False, True, True]
    )
    used_provider: set[int] = set()
    used_register: set[int] = set()
    keep: list[int] = []
    for position, (p, r) in enumerate(
        zip(ordered["provider_row"].tolist(), ordered["register_row"].tolist(), strict=True)
    ):
        if p not in used_provider and r not in used_register:
            used_provider.add(p)
            used_register.add(r)
            keep.append(position)
    return ordered.iloc[keep]


def _exact_candidates(register: pd.DataFrame, provider: pd.DataFrame, column: str) -> pd.DataFrame:
    left = provider.loc[provider[column] != "", ["provider_row", column]]
    right = register.loc[register[column] != "", ["register_row", column]]
    candidates = left.merge(right, on=column)[["provider_row", "register_row"]]
    return candidates.assign(score=1.0)


def _fuzzy_links(
    register: EncodedUnits,
    provider: EncodedUnits,
    register_rows: npt.NDArray[np.int64],
    provider_rows: npt.NDArray[np.int64],
    threshold: float,
    blocking: LshBlocking,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, int]:
    """One-to-one CLK links among the given rows, and the number of candidate pairs compared."""
    candidates = lsh_candidates(
        provider.clk[provider_rows], register.clk[register_rows], blocking, rng
    )
    p_rows = provider_rows[candidates["provider_row"].to_numpy(np.int64)]
    r_rows = register_rows[candidates["register_row"].to_numpy(np.int64)]
    scored = pd.DataFrame(
        {
            "provider_row": p_rows,
            "register_row": r_rows,
            "score": dice_pairs(provider.clk, register.clk, p_rows, r_rows),
        }
    )
    return _assign_one_to_one(scored[scored["score"] >= threshold]), len(scored)


def link(
    register: EncodedUnits,
    provider: EncodedUnits,
    *,
    rng: np.random.Generator,
    threshold: float = 0.86,
    blocking: LshBlocking | None = None,
) -> LinkResult:
    """Link each provider unit to at most one register unit, exactly or by CLK similarity.

    ``rng`` draws the LSH bands; ``threshold`` is the least Dice coefficient of a fuzzy link.
    """
    if not 0.0 < threshold <= 1.0:
        raise LinkageError(f"The Dice threshold must be in (0, 1]; got {threshold}.")
    _check_compatible(register, provider)
    reg = register.table.assign(register_row=np.arange(len(register.table)))
    prov = provider.table.assign(provider_row=np.arange(len(provider.table)))
    linked: list[pd.DataFrame] = []
    exact_counts: list[int] = []
    for column in _EXACT_IDENTIFIERS:
        pairs = _assign_one_to_one(_exact_candidates(reg, prov, column))
        linked.append(pairs.assign(match_type="exact", matched_on=column.removesuffix("_hash")))
        exact_counts.append(len(pairs))
        reg = reg[~reg["register_row"].isin(pairs["register_row"])]
        prov = prov[~prov["provider_row"].isin(pairs["provider_row"])]
    fuzzy, candidate_count = _fuzzy_links(
        register,
        provider,
        reg["register_row"].to_numpy(np.int64),
        prov["provider_row"].to_numpy(np.int64),
        threshold,
        blocking or LshBlocking(),
        rng,
    )
    linked.append(fuzzy.assign(match_type="fuzzy", matched_on="clk"))
    everything = pd.concat(linked, ignore_index=True)
    p_rows = everything["provider_row"].to_numpy(np.int64)
    r_rows = everything["register_row"].to_numpy(np.int64)
    pairs = pd.DataFrame(
        {
            "provider_id": provider.table["unit_id"].to_numpy()[p_rows],
            "register_id": register.table["unit_id"].to_numpy()[r_rows],
            "match_type": everything["match_type"].to_numpy(),
            "matched_on": everything["matched_on"].to_numpy(),
            "dice": dice_pairs(provider.clk, register.clk, p_rows, r_rows),
        },
        columns=PAIR_COLUMNS,
    )
    stats = LinkStats(
        register_units=len(register.table),
        provider_units=len(provider.table),
        exact_tax_id=exact_counts[0],
        exact_phone=exact_counts[1],
        fuzzy=len(fuzzy),
        unlinked_provider=len(provider.table) - len(pairs),
        candidate_pairs=candidate_count,
        threshold=threshold,
    )
    return LinkResult(pairs, stats)
