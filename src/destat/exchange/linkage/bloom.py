"""Bloom-filter encodings of strings: the cryptographic long-term key (CLK).

Schnell, Bachteler and Reiher (2009), "Privacy-preserving record linkage using Bloom filters",
BMC Medical Informatics and Decision Making 9:41, split a string into its set of q-grams and set,
for every q-gram g, the k bits

    h_i(g) = (h1(g) + i · h2(g)) mod l,   i = 0, …, k − 1,

of an l-bit filter, with h1 = HMAC-SHA1 and h2 = HMAC-MD5 under two secret keys (the double
hashing of Kirsch and Mitzenmacher 2006). Schnell, Bachteler and Reiher (2011), "A novel
error-tolerant anonymous linking code", put several fields (name, address, …) into one filter,
each with its own keys and number of hash functions: the CLK. The Dice coefficient of two filters
approximates the Dice coefficient of the q-gram sets of the plain strings, so similar strings keep
similar encodings while the strings themselves are not stored.

Positions depend only on the q-gram and the field's keys, so they are computed once per distinct
q-gram; each record's filter is the OR of its q-grams' filters.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from destat.exchange.linkage.errors import LinkageError

__all__ = ["ClkField", "encode_clk", "qgrams"]

PAD = "_"
_RECORDS_PER_CHUNK = 8192


def qgrams(text: str, q: int = 2, pad: bool = True) -> list[str]:
    """The distinct q-grams of ``text`` in order of first appearance; padded at both ends.

    Padding with q − 1 "_" marks the first and last letters, so "ab" gives "_a", "ab", "b_".
    """
    if not text:
        return []
    if pad:
        text = PAD * (q - 1) + text + PAD * (q - 1)
    return list(dict.fromkeys(text[i : i + q] for i in range(max(len(text) - q + 1, 1))))


@dataclass(frozen=True)
class ClkField:
    """One field of a CLK: its normalised values, its two HMAC keys and its k.

    ``tokens``, when given, holds for each q-gram the bytes hashed in place of its text: the
    output of an oblivious pseudonymisation function (:mod:`destat.exchange.oprf`), so that the
    secret lies in the tokens and the HMAC keys may be public.
    """

    values: Sequence[str]
    sha1_key: bytes
    md5_key: bytes
    hash_count: int
    tokens: Mapping[str, bytes] | None = None


def _bit_positions(gram: str, field: ClkField, bits: int) -> list[int]:
    data = gram.encode() if field.tokens is None else field.tokens[gram]
    h1 = int.from_bytes(hmac.new(field.sha1_key, data, hashlib.sha1).digest(), "big")
    h2 = int.from_bytes(hmac.new(field.md5_key, data, hashlib.md5).digest(), "big")
    return [(h1 + i * h2) % bits for i in range(field.hash_count)]


def _check_fields(fields: Sequence[ClkField], n_records: int, bits: int, q: int) -> None:
    if bits <= 0 or bits % 64:
        raise LinkageError(
            f"The Bloom filter length must be a positive multiple of 64; got {bits}. "
            "Use e.g. 512, 1024 or 2048."
        )
    if q < 1:
        raise LinkageError(f"The q-gram length q must be at least 1; got {q}.")
    for field in fields:
        if len(field.values) != n_records:
            raise LinkageError(
                f"A CLK field has {len(field.values)} values but there are {n_records} records; "
                "give one value (possibly empty) per record."
            )
        if field.hash_count < 1:
            raise LinkageError(
                f"Each field needs at least 1 hash function; got {field.hash_count}."
            )


def encode_clk(
    fields: Sequence[ClkField], n_records: int, bits: int = 1024, q: int = 2
) -> npt.NDArray[np.uint8]:
    """Encode ``n_records`` records into CLKs of ``bits`` bits, packed as (n_records, bits/8).

    Every field must hold one (normalised) value per record; empty values set no bits.
    """
    _check_fields(fields, n_records, bits, q)
    # Each distinct (field, q-gram) gets its own small filter once; a record's CLK is then the
    # bitwise OR of the filters of its q-grams, computed with numpy in chunks of records.
    vocabulary: dict[tuple[int, str], int] = {}
    entries: list[int] = []
    entries_per_record = np.zeros(n_records, dtype=np.int64)
    for record, values in enumerate(zip(*(f.values for f in fields), strict=True)):
        before = len(entries)
        for field_index, value in enumerate(values):
            for gram in qgrams(value, q):
                entries.append(vocabulary.setdefault((field_index, gram), len(vocabulary)))
        entries_per_record[record] = len(entries) - before
    gram_bits = np.zeros((len(vocabulary), bits), dtype=bool)
    for (field_index, gram), row in vocabulary.items():
        gram_bits[row, _bit_positions(gram, fields[field_index], bits)] = True
    # OR-ing 64-bit words is several times faster than OR-ing bytes.
    gram_filters = np.packbits(gram_bits, axis=1).view(np.uint64)
    entry_ids = np.asarray(entries, dtype=np.int64)
    first_entry = np.concatenate([[0], np.cumsum(entries_per_record)])
    packed = np.zeros((n_records, bits // 64), dtype=np.uint64)
    for start in range(0, n_records, _RECORDS_PER_CHUNK):
        stop = min(start + _RECORDS_PER_CHUNK, n_records)
        encoded = start + np.flatnonzero(entries_per_record[start:stop])
        if len(encoded) == 0:
            continue
        rows = gram_filters[entry_ids[first_entry[start] : first_entry[stop]]]
        packed[encoded] = np.bitwise_or.reduceat(rows, first_entry[encoded] - first_entry[start])
    return packed.view(np.uint8)
