"""Oblivious pseudonymisation: a keyed function the provider can apply without holding the key.

The NSO's linkage unit holds an RSA key (n, e, d). For an input x of a purpose p (a tax ID, a
phone number, a q-gram of a name) the pseudonymisation function is

    F(p, x) = SHA-256("destat-oprf/1" ‖ p ‖ x ‖ H(p, x)^d mod n),   H = SHAKE-256 onto Z_n,

an RSA-based oblivious pseudo-random function: the construction of the blind-RSA private set
intersection of De Cristofaro and Tsudik (2010), "Practical private set intersection protocols
with linear complexity", Financial Cryptography, LNCS 6052; the blinding is Chaum's (1983) blind
signature, as standardised for RSA in RFC 9474 (2023). Run by file exchange:

1. The provider draws a secret r per input and sends b = H(p, x) · r^e mod n (``blind``). b is
   uniformly distributed whatever x is, so the linkage unit learns nothing about the inputs.
2. The linkage unit answers s = b^d mod n (``evaluate``), never seeing x.
3. The provider computes y = s · r⁻¹ = H(p, x)^d mod n, checks y^e = H(p, x) (so a wrong or
   dishonest answer is detected) and derives F (``unblind``). It never holds d.

The NSO computes F on its own register directly with d (``evaluate_directly``), so both sides get
equal pseudonyms for equal inputs. Threat model and limits: docs/data-exchange.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from destat.exchange.errors import ExchangeError
from destat.exchange.keys import fingerprint

__all__ = [
    "MAX_REQUEST_VALUES",
    "BlindedRequest",
    "Query",
    "blind",
    "evaluate",
    "evaluate_directly",
    "read_json",
    "unblind",
]

MAX_REQUEST_VALUES = 2_000_000
REQUEST_FORMAT = "destat-oprf-request/1"
RESPONSE_FORMAT = "destat-oprf-response/1"
_DOMAIN = b"destat-oprf/1"

Query = tuple[str, str]
"""A purpose and an input value, e.g. ``("tax_id", "30712345679")``."""


def _encode(query: Query) -> bytes:
    purpose, value = (part.encode("utf-8") for part in query)
    return len(purpose).to_bytes(4, "big") + purpose + len(value).to_bytes(4, "big") + value


def _hash_to_group(query: Query, n: int) -> int:
    # 16 bytes more than n makes the reduction mod n statistically uniform (bias < 2^-128).
    length = (n.bit_length() + 7) // 8 + 16
    return int.from_bytes(hashlib.shake_256(_DOMAIN + _encode(query)).digest(length), "big") % n


def _output(query: Query, y: int, n: int) -> bytes:
    return hashlib.sha256(
        _DOMAIN + _encode(query) + y.to_bytes((n.bit_length() + 7) // 8, "big")
    ).digest()


@dataclass(frozen=True, repr=False)
class BlindedRequest:
    """What the provider keeps (queries and blinding factors) and what it sends (``message``)."""

    request_id: str
    queries: tuple[Query, ...]
    factors: tuple[int, ...]
    message: Mapping[str, Any]

    def __repr__(self) -> str:  # blinding factors must not reach logs
        return f"BlindedRequest({self.request_id}, {len(self.queries)} values, factors <hidden>)"

    def state(self) -> dict[str, Any]:
        """The provider's private state as JSON-ready data (kept until the answer comes)."""
        return {
            "request_id": self.request_id,
            "queries": [list(query) for query in self.queries],
            "factors": [format(factor, "x") for factor in self.factors],
            "message": dict(self.message),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], source: str) -> BlindedRequest:
        """Rebuild the request from :meth:`state` as read back from ``source``."""
        try:
            queries = tuple((str(p), str(v)) for p, v in state["queries"])
            factors = tuple(int(f, 16) for f in state["factors"])
            return cls(str(state["request_id"]), queries, factors, dict(state["message"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ExchangeError(
                f"{source} is not a pseudonymisation state file written by 'destat provider "
                f"blind' ({error!r}); give the .state.json file written with the request."
            ) from None


def blind(
    queries: Iterable[Query], public_key: rsa.RSAPublicKey, agreement_id: str
) -> BlindedRequest:
    """Blind every distinct query for the linkage unit's key; order is shuffled."""
    numbers = public_key.public_numbers()
    n, e = numbers.n, numbers.e
    distinct = list(dict.fromkeys(queries))
    # Shuffled, so that the position of a value in the request says nothing about it.
    order = sorted(range(len(distinct)), key=lambda _: secrets.randbits(64))
    chosen = tuple(distinct[i] for i in order)
    factors: list[int] = []
    blinded: list[str] = []
    for query in chosen:
        factor = 0
        while factor < 2 or math.gcd(factor, n) != 1:
            factor = secrets.randbelow(n)
        factors.append(factor)
        blinded.append(format(_hash_to_group(query, n) * pow(factor, e, n) % n, "x"))
    request_id = uuid.uuid4().hex
    message = {
        "format": REQUEST_FORMAT,
        "request_id": request_id,
        "agreement_id": agreement_id,
        "key_fingerprint": fingerprint(public_key),
        "blinded": blinded,
    }
    return BlindedRequest(request_id, chosen, tuple(factors), message)


def _crt_pow(value: int, numbers: rsa.RSAPrivateNumbers) -> int:
    # value^d mod n through the Chinese remainder theorem: about three times faster than pow.
    m1 = pow(value, numbers.dmp1, numbers.p)
    m2 = pow(value, numbers.dmq1, numbers.q)
    return m2 + numbers.q * ((numbers.iqmp * (m1 - m2)) % numbers.p)


def _integers(
    values: object, n: int, source: str, what: str, limit: int = MAX_REQUEST_VALUES
) -> list[int]:
    if not isinstance(values, list) or len(values) > limit:
        count = len(values) if isinstance(values, list) else "no"
        raise ExchangeError(
            f"{source}: '{what}' must be a list of at most {limit:,} hex numbers; found {count}. "
            "Ask the provider why, or raise the limit if the request is expected to be larger."
        )
    numbers: list[int] = []
    for index, text in enumerate(values):
        try:
            number = int(text, 16) if isinstance(text, str) and len(text) <= 2048 else -1
        except ValueError:
            number = -1
        if not 0 < number < n:
            raise ExchangeError(
                f"{source}: entry {index + 1} of '{what}' is not a hex number between 1 and the "
                "key modulus; the file is damaged or was made for another key."
            )
        numbers.append(number)
    return numbers


def _check_message(
    message: Mapping[str, Any], expected_format: str, key_fingerprint: str, source: str
) -> None:
    if message.get("format") != expected_format:
        raise ExchangeError(
            f"{source} is not a {expected_format} file (format {message.get('format')!r})."
        )
    if message.get("key_fingerprint") != key_fingerprint:
        raise ExchangeError(
            f"{source} was made for the key {str(message.get('key_fingerprint'))[:16]}…, not "
            f"for this key {key_fingerprint[:16]}…; use the linkage key named in the agreement."
        )


def evaluate(
    request: Mapping[str, Any],
    private_key: rsa.RSAPrivateKey,
    source: str = "the request",
    max_values: int = MAX_REQUEST_VALUES,
) -> dict[str, Any]:
    """The linkage unit's answer to a blinded request: each value raised to the secret d.

    ``max_values`` bounds what one request may ask: each answer lets the provider pseudonymise
    one value of its choice, so the bound should be near the number of values it holds.
    """
    public_key = private_key.public_key()
    _check_message(request, REQUEST_FORMAT, fingerprint(public_key), source)
    n = public_key.public_numbers().n
    blinded = _integers(request.get("blinded"), n, source, "blinded", max_values)
    numbers = private_key.private_numbers()
    return {
        "format": RESPONSE_FORMAT,
        "request_id": request.get("request_id"),
        "key_fingerprint": fingerprint(public_key),
        "evaluated": [format(_crt_pow(value, numbers), "x") for value in blinded],
    }


def unblind(
    request: BlindedRequest,
    response: Mapping[str, Any],
    public_key: rsa.RSAPublicKey,
    source: str = "the response",
) -> dict[Query, bytes]:
    """The pseudonym of each query, after checking every answer against the public key."""
    _check_message(response, RESPONSE_FORMAT, fingerprint(public_key), source)
    if response.get("request_id") != request.request_id:
        raise ExchangeError(
            f"{source} answers request {response.get('request_id')!r}, not "
            f"{request.request_id!r}; give the response to the request made with this state file."
        )
    numbers = public_key.public_numbers()
    n, e = numbers.n, numbers.e
    evaluated = _integers(response.get("evaluated"), n, source, "evaluated")
    if len(evaluated) != len(request.queries):
        raise ExchangeError(
            f"{source} has {len(evaluated)} answers for {len(request.queries)} values sent."
        )
    outputs: dict[Query, bytes] = {}
    for query, factor, answer in zip(request.queries, request.factors, evaluated, strict=True):
        y = answer * pow(factor, -1, n) % n
        if pow(y, e, n) != _hash_to_group(query, n):
            raise ExchangeError(
                f"{source}: an answer does not verify against the linkage unit's public key; "
                "the response is damaged or was not computed with the agreed key."
            )
        outputs[query] = _output(query, y, n)
    return outputs


def evaluate_directly(
    queries: Sequence[Query], private_key: rsa.RSAPrivateKey
) -> dict[Query, bytes]:
    """The pseudonyms computed by the key holder itself (e.g. for the business register)."""
    numbers = private_key.private_numbers()
    n = numbers.public_numbers.n
    return {
        query: _output(query, _crt_pow(_hash_to_group(query, n), numbers), n)
        for query in dict.fromkeys(queries)
    }


def read_json(path: Path, max_bytes: int = 1 << 30) -> dict[str, Any]:
    """Read a JSON object from a request, response or state file, bounded in size."""
    try:
        if path.stat().st_size > max_bytes:
            raise ExchangeError(f"{path} is larger than {max_bytes:,} bytes; refused.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExchangeError(f"Cannot read {path} as JSON: {error}.") from None
    if not isinstance(data, dict):
        raise ExchangeError(f"{path} must hold a JSON object, not {type(data).__name__}.")
    return data
