"""Keyed hashing (HMAC-SHA256, RFC 2104) of exact identifiers, and the linkage secret.

A plain hash of a tax ID can be reversed by hashing every possible tax ID (a dictionary attack);
an HMAC cannot be computed, and so cannot be attacked that way, without the secret key. The key is
generated once by the NSO's linkage unit (or a third party trusted by both sides) and given to
the provider's kit; see docs/linkage.md for the key-management model.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from destat.exchange.linkage.errors import LinkageError

__all__ = ["MIN_SECRET_BYTES", "LinkageSecret", "keyed_hashes"]

MIN_SECRET_BYTES = 32


@dataclass(frozen=True, repr=False)
class LinkageSecret:
    """The secret shared by the two parties of a linkage; every purpose gets its own key."""

    secret: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.secret, bytes) or len(self.secret) < MIN_SECRET_BYTES:
            raise LinkageError(
                f"The linkage secret must be at least {MIN_SECRET_BYTES} random bytes; got "
                f"{type(self.secret).__name__} of length {len(self.secret)}. "
                "Create one with LinkageSecret.generate() and share it through the linkage unit."
            )

    def __repr__(self) -> str:  # never show the key in logs or tracebacks
        return "LinkageSecret(<hidden>)"

    @classmethod
    def generate(cls) -> LinkageSecret:
        """Draw a new 32-byte secret from the operating system's random source."""
        return cls(secrets.token_bytes(MIN_SECRET_BYTES))

    def key_for(self, purpose: str) -> bytes:
        """Derive the key for one purpose (e.g. "tax_id", "clk:name:1") from the secret.

        Separate keys mean that a tax-ID hash cannot be compared with a phone hash, and that
        learning one field's Bloom-filter key says nothing about another's.
        """
        return hmac.new(self.secret, b"destat-linkage:" + purpose.encode(), hashlib.sha256).digest()


def keyed_hashes(values: Iterable[str], key: bytes) -> list[str]:
    """HMAC-SHA256 of each normalised value as hex; empty values give the empty string."""
    return [
        hmac.new(key, value.encode(), hashlib.sha256).hexdigest() if value else ""
        for value in values
    ]
