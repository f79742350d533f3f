"""Keyed hashing of exact identifiers and the linkage secret."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from destat.errors import DestatError
from destat.exchange.linkage import LinkageError, LinkageSecret, keyed_hashes


def test_keyed_hash_is_hmac_sha256_rfc4231_vector() -> None:
    # RFC 4231, test case 2.
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert keyed_hashes(["what do ya want for nothing?"], b"Jefe") == [expected]


def test_missing_value_hashes_to_empty_string() -> None:
    assert keyed_hashes(["", "1"], b"k" * 32)[0] == ""


def test_secret_too_short_is_refused_with_a_fix() -> None:
    with pytest.raises(LinkageError, match=r"at least 32 random bytes.*LinkageSecret.generate"):
        LinkageSecret(b"short")
    assert issubclass(LinkageError, DestatError)


def test_secret_is_not_shown_in_repr() -> None:
    secret = LinkageSecret(b"s" * 32)
    assert "sss" not in repr(secret)
    assert "hidden" in repr(secret)


def test_each_purpose_has_its_own_key_derived_from_the_secret() -> None:
    secret = LinkageSecret(b"s" * 32)
    by_hand = hmac.new(b"s" * 32, b"destat-linkage:tax_id", hashlib.sha256).digest()
    assert secret.key_for("tax_id") == by_hand
    assert secret.key_for("tax_id") != secret.key_for("phone")


def test_generated_secrets_differ() -> None:
    assert LinkageSecret.generate().secret != LinkageSecret.generate().secret
