"""Key pairs of a data exchange, stored as PEM files.

- The provider signs its packages with an Ed25519 key (RFC 8032).
- The NSO receives packages sealed to its X25519 key (RFC 7748; see :mod:`destat.exchange.seal`).
- The NSO's linkage unit holds an RSA key whose private part evaluates the oblivious
  pseudonymisation function for providers (see :mod:`destat.exchange.oprf`).

Private keys are written as PKCS #8 PEM readable only by their owner (mode 0600), public keys as
SubjectPublicKeyInfo PEM. A key's fingerprint is the SHA-256 of its DER public key, in hex.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa, x25519

from destat.exchange.errors import ExchangeError

__all__ = [
    "KeyFiles",
    "PublicKey",
    "fingerprint",
    "generate_nso_keys",
    "generate_provider_keys",
    "linkage_key",
    "public_linkage_key",
    "public_pem",
    "public_receiving_key",
    "public_signing_key",
    "receiving_key",
    "signing_key",
]

PublicKey = ed25519.Ed25519PublicKey | x25519.X25519PublicKey | rsa.RSAPublicKey
_PrivateKey = ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey | rsa.RSAPrivateKey

RSA_BITS = 3072


@dataclass(frozen=True)
class KeyFiles:
    """The files one party's key generation wrote: private keys stay, public keys are shared."""

    private: tuple[Path, ...]
    public: tuple[Path, ...]


def public_pem(key: PublicKey) -> str:
    """The public key as PEM text (to paste into an agreement)."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def fingerprint(key: PublicKey) -> str:
    """SHA-256 of the DER public key, hex: equal fingerprints mean the same key."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def _write_pair(folder: Path, stem: str, key: _PrivateKey) -> tuple[Path, Path]:
    private_path, public_path = folder / f"{stem}.pem", folder / f"{stem}.pub.pem"
    for path in (private_path, public_path):
        if path.exists():
            raise ExchangeError(
                f"{path} exists already; keys are never overwritten. Choose another folder, "
                "or move the old keys away if they are really no longer needed."
            )
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    public_path.write_text(public_pem(key.public_key()), encoding="ascii")
    return private_path, public_path


def generate_provider_keys(folder: Path) -> KeyFiles:
    """Write the provider's Ed25519 signing key pair (``provider-signing[.pub].pem``)."""
    folder.mkdir(parents=True, exist_ok=True)
    private, public = _write_pair(folder, "provider-signing", ed25519.Ed25519PrivateKey.generate())
    return KeyFiles((private,), (public,))


def generate_nso_keys(folder: Path, rsa_bits: int = RSA_BITS) -> KeyFiles:
    """Write the NSO's X25519 receiving key and its linkage unit's RSA pseudonymisation key."""
    folder.mkdir(parents=True, exist_ok=True)
    receive = _write_pair(folder, "nso-receiving", x25519.X25519PrivateKey.generate())
    linkage = _write_pair(
        folder, "nso-linkage", rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    )
    return KeyFiles((receive[0], linkage[0]), (receive[1], linkage[1]))


def _expect(key: object, kind: type, source: str) -> Any:
    if not isinstance(key, kind):
        raise ExchangeError(
            f"{source} holds a {type(key).__name__.lstrip('_')}, but a {kind.__name__} is needed; "
            "check that the right key file was given."
        )
    return key


def _private(path: Path, kind: type) -> Any:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise ExchangeError(
            f"Cannot read a private key from {path}: {error}. Give the .pem file that "
            "'destat provider keys' or 'destat exchange keys' wrote (not the .pub.pem)."
        ) from None
    return _expect(key, kind, str(path))


def _public(pem: str, kind: type, source: str) -> Any:
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise ExchangeError(
            f"Cannot read a public key from {source}: {error}. Give a .pub.pem file."
        ) from None
    return _expect(key, kind, source)


def signing_key(path: Path) -> ed25519.Ed25519PrivateKey:
    """The provider's Ed25519 private key from its PEM file."""
    key: ed25519.Ed25519PrivateKey = _private(path, ed25519.Ed25519PrivateKey)
    return key


def receiving_key(path: Path) -> x25519.X25519PrivateKey:
    """The NSO's X25519 private key from its PEM file."""
    key: x25519.X25519PrivateKey = _private(path, x25519.X25519PrivateKey)
    return key


def linkage_key(path: Path) -> rsa.RSAPrivateKey:
    """The NSO linkage unit's RSA private key from its PEM file."""
    key: rsa.RSAPrivateKey = _private(path, rsa.RSAPrivateKey)
    return key


def public_signing_key(pem: str, source: str) -> ed25519.Ed25519PublicKey:
    """An Ed25519 public key from PEM text found in ``source``."""
    key: ed25519.Ed25519PublicKey = _public(pem, ed25519.Ed25519PublicKey, source)
    return key


def public_receiving_key(pem: str, source: str) -> x25519.X25519PublicKey:
    """An X25519 public key from PEM text found in ``source``."""
    key: x25519.X25519PublicKey = _public(pem, x25519.X25519PublicKey, source)
    return key


def public_linkage_key(pem: str, source: str) -> rsa.RSAPublicKey:
    """An RSA public key from PEM text found in ``source``."""
    key: rsa.RSAPublicKey = _public(pem, rsa.RSAPublicKey, source)
    return key
