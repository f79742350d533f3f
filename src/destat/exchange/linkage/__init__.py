"""Privacy-preserving linkage of provider units to the business register (keyed hashes, CLKs)."""

from destat.exchange.linkage.blocking import LshBlocking, lsh_candidates
from destat.exchange.linkage.bloom import ClkField, encode_clk, qgrams
from destat.exchange.linkage.compare import dice_pairs, set_bits
from destat.exchange.linkage.encode import (
    EncodedUnits,
    EncodingConfig,
    Pseudonymise,
    UnitFields,
    encode_units,
    encode_units_oblivious,
    oblivious_purposes,
)
from destat.exchange.linkage.errors import LinkageError
from destat.exchange.linkage.keyed import LinkageSecret, keyed_hashes
from destat.exchange.linkage.link import LinkResult, LinkStats, link
from destat.exchange.linkage.quality import Quality, linkage_quality
from destat.exchange.linkage.synthetic import SyntheticLinkageData, make_linkage_data

__all__ = [
    "ClkField",
    "EncodedUnits",
    "EncodingConfig",
    "LinkResult",
    "LinkStats",
    "LinkageError",
    "LinkageSecret",
    "LshBlocking",
    "Pseudonymise",
    "Quality",
    "SyntheticLinkageData",
    "UnitFields",
    "dice_pairs",
    "encode_clk",
    "encode_units",
    "encode_units_oblivious",
    "keyed_hashes",
    "link",
    "linkage_quality",
    "lsh_candidates",
    "make_linkage_data",
    "oblivious_purposes",
    "qgrams",
    "set_bits",
]
