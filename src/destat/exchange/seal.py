"""Sealing a package to the NSO's public key, and signing its manifest.

Encryption is ECIES-style hybrid encryption: an ephemeral X25519 key agreement (RFC 7748) with
the NSO's key, HKDF-SHA256 (RFC 5869) to derive a 256-bit key, and AES-256-GCM (NIST SP 800-38D)
with the clear envelope as associated data, so the envelope cannot be changed either; the same
composition as HPKE's DHKEM(X25519, HKDF-SHA256) with AES-256-GCM (RFC 9180), built from the
``cryptography`` package's primitives. Signatures are Ed25519 (RFC 8032).
"""

from __future__ import annotations

import json
import os
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from destat.exchange.errors import PackageRefusedError
from destat.exchange.keys import fingerprint

__all__ = ["CIPHER", "open_sealed", "seal", "sign", "verify_signature"]

CIPHER = "X25519-HKDF-SHA256-AES-256-GCM"
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=b"destat-package/1"
    ).derive(shared)


def seal(
    plaintext: bytes, recipient: x25519.X25519PublicKey, header: dict[str, Any]
) -> tuple[bytes, bytes]:
    """Encrypt ``plaintext`` to ``recipient``: the envelope (clear JSON) and the ciphertext."""
    ephemeral = x25519.X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(*_RAW)
    key = _key(ephemeral.exchange(recipient), ephemeral_public, recipient.public_bytes(*_RAW))
    nonce = os.urandom(12)
    envelope = {
        **header,
        "cipher": CIPHER,
        "recipient": fingerprint(recipient),
        "ephemeral_key": ephemeral_public.hex(),
        "nonce": nonce.hex(),
    }
    envelope_bytes = json.dumps(envelope, sort_keys=True).encode("utf-8")
    return envelope_bytes, AESGCM(key).encrypt(nonce, plaintext, envelope_bytes)


def open_sealed(
    envelope_bytes: bytes, ciphertext: bytes, private_key: x25519.X25519PrivateKey, where: str
) -> tuple[dict[str, Any], bytes]:
    """Check the recipient and decrypt; a changed byte anywhere makes decryption fail."""
    try:
        envelope = json.loads(envelope_bytes)
        ephemeral = bytes.fromhex(envelope["ephemeral_key"])
        nonce = bytes.fromhex(envelope["nonce"])
        recipient = str(envelope["recipient"])
        cipher = envelope["cipher"]
    except (ValueError, KeyError, TypeError):
        raise PackageRefusedError(
            f"{where}: the envelope is not valid JSON with the fields of a destat package; the "
            "package is damaged or was tampered with. Nothing was loaded."
        ) from None
    own = fingerprint(private_key.public_key())
    if recipient != own:
        raise PackageRefusedError(
            f"{where} is addressed to the key {recipient[:16]}…, not to this office's receiving "
            f"key {own[:16]}…: it was sealed for someone else, or the wrong key file was given. "
            "Nothing was loaded."
        )
    if cipher != CIPHER or len(ephemeral) != 32 or len(nonce) != 12:
        raise PackageRefusedError(f"{where}: unknown cipher {cipher!r}; nothing was loaded.")
    peer = x25519.X25519PublicKey.from_public_bytes(ephemeral)
    key = _key(private_key.exchange(peer), ephemeral, private_key.public_key().public_bytes(*_RAW))
    try:
        return envelope, AESGCM(key).decrypt(nonce, ciphertext, envelope_bytes)
    except InvalidTag:
        raise PackageRefusedError(
            f"{where} fails its integrity check on decryption: it was changed after sealing "
            "(tampered with or damaged in transit). Ask the provider to send it again. Nothing "
            "was loaded."
        ) from None


def sign(data: bytes, key: ed25519.Ed25519PrivateKey) -> bytes:
    """The Ed25519 signature of ``data``."""
    return key.sign(data)


def verify_signature(
    data: bytes, signature: bytes, key: ed25519.Ed25519PublicKey, where: str
) -> None:
    """Refuse ``data`` unless ``signature`` is the provider's signature of it."""
    if not signature:
        raise PackageRefusedError(
            f"{where} is not signed: its manifest has no signature. Only packages signed with "
            "the provider key of the agreement are accepted. Nothing was loaded."
        )
    try:
        key.verify(signature, data)
    except InvalidSignature:
        raise PackageRefusedError(
            f"{where}: the manifest signature does not verify with the provider signing key of "
            "the agreement: the manifest was changed, or signed by another key. Nothing was loaded."
        ) from None
