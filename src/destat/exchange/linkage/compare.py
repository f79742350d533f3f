"""Similarity of Bloom-filter encodings: the Dice coefficient 2|A ∩ B| / (|A| + |B|)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["dice_pairs", "set_bits"]

_PAIRS_PER_CHUNK = 65536


def set_bits(packed: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """Number of set bits of each packed filter (one row per filter)."""
    counts: npt.NDArray[np.int64] = np.bitwise_count(packed).sum(axis=1, dtype=np.int64)
    return counts


def dice_pairs(
    left: npt.NDArray[np.uint8],
    right: npt.NDArray[np.uint8],
    left_index: npt.NDArray[np.int64],
    right_index: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Dice coefficient of the filter pairs (left[left_index[j]], right[right_index[j]]).

    Two empty filters have Dice 0: nothing was encoded, so nothing is evidence of a match.
    """
    left_counts = set_bits(left)
    right_counts = set_bits(right)
    dice = np.zeros(len(left_index), dtype=np.float64)
    for start in range(0, len(left_index), _PAIRS_PER_CHUNK):
        li = left_index[start : start + _PAIRS_PER_CHUNK]
        ri = right_index[start : start + _PAIRS_PER_CHUNK]
        common = np.bitwise_count(left[li] & right[ri]).sum(axis=1, dtype=np.int64)
        total = left_counts[li] + right_counts[ri]
        dice[start : start + len(li)] = np.divide(
            2.0 * common, total, out=np.zeros(len(li)), where=total > 0
        )
    return dice
