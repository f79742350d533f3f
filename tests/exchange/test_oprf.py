"""Oblivious pseudonymisation by blind RSA: equal pseudonyms on both sides, no key at provider."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from destat.exchange.errors import ExchangeError
from destat.exchange.linkage import EncodingConfig, UnitFields, encode_units_oblivious, link
from destat.exchange.oprf import Query, blind, evaluate, evaluate_directly, unblind

FIELDS = UnitFields("unit_id", "tax_id", "phone", "name", "address")


@pytest.fixture(scope="module")
def linkage_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def test_blind_evaluate_unblind_equals_direct_evaluation(linkage_key: rsa.RSAPrivateKey) -> None:
    queries: list[Query] = [("tax_id", "30712345679"), ("clk:name", "pa"), ("tax_id", "1")]
    request = blind(queries, linkage_key.public_key(), "A-1")
    response = evaluate(json.loads(json.dumps(request.message)), linkage_key)
    outputs = unblind(request, response, linkage_key.public_key())
    assert outputs == evaluate_directly(queries, linkage_key)
    assert len(set(outputs.values())) == 3


def test_output_is_the_hash_of_the_rsa_signature_of_the_full_domain_hash(
    linkage_key: rsa.RSAPrivateKey,
) -> None:
    # Recomputed here from the definition in the module docstring, with hashlib and pow only.
    numbers = linkage_key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    size = (n.bit_length() + 7) // 8
    encoded = (6).to_bytes(4, "big") + b"tax_id" + (3).to_bytes(4, "big") + b"123"
    h = int.from_bytes(hashlib.shake_256(b"destat-oprf/1" + encoded).digest(size + 16), "big") % n
    expected = hashlib.sha256(b"destat-oprf/1" + encoded + pow(h, d, n).to_bytes(size, "big"))
    assert evaluate_directly([("tax_id", "123")], linkage_key)[("tax_id", "123")] == (
        expected.digest()
    )


def test_request_reveals_no_value_and_blinding_differs_each_time(
    linkage_key: rsa.RSAPrivateKey,
) -> None:
    first = blind([("tax_id", "30712345679")], linkage_key.public_key(), "A-1")
    second = blind([("tax_id", "30712345679")], linkage_key.public_key(), "A-1")
    text = json.dumps(first.message)
    assert "30712345679" not in text
    assert "tax_id" not in text.replace('"agreement_id"', "")
    assert first.message["blinded"] != second.message["blinded"]
    assert "factors <hidden>" in repr(first)


def test_a_wrong_answer_is_detected(linkage_key: rsa.RSAPrivateKey) -> None:
    request = blind([("phone", "1141234567")], linkage_key.public_key(), "A-1")
    response = evaluate(request.message, linkage_key)
    response["evaluated"] = [format(int(response["evaluated"][0], 16) + 1, "x")]
    with pytest.raises(ExchangeError, match="does not verify against the linkage unit"):
        unblind(request, response, linkage_key.public_key())


def test_a_request_for_another_key_is_refused(linkage_key: rsa.RSAPrivateKey) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    request = blind([("phone", "1")], other.public_key(), "A-1")
    with pytest.raises(ExchangeError, match="was made for the key"):
        evaluate(request.message, linkage_key)


def test_provider_encoding_links_to_register_encoded_by_key_holder(
    linkage_key: rsa.RSAPrivateKey,
) -> None:
    register = pd.DataFrame(
        {
            "unit_id": ["R1", "R2", "R3"],
            "tax_id": ["30-71234567-9", "30-55555555-1", "20-11111111-2"],
            "phone": ["+54 11 4123-4567", "+54 351 400-1000", "+54 261 455-2000"],
            "name": ["Panadería Núñez S.R.L.", "Textiles del Sur S.A.", "Ferretería Gómez Hnos"],
            "address": ["Av. Corrientes 1234", "Calle Belgrano 55", "Pasaje Mitre 7"],
        }
    )
    sellers = pd.DataFrame(
        {
            "unit_id": ["S1", "S2", "S3"],
            "tax_id": ["30712345679", None, None],
            "phone": [None, "0351 400-1000", None],
            "name": ["Pan Núñez", "TEXTIL SUR", "FERRETERIA GOMES HNOS SA"],
            "address": ["Corrientes 1234", "Belgrano 55", "Pje. Mitre 7"],
        }
    )
    config = EncodingConfig(phone_country_prefix="54")
    public = linkage_key.public_key()

    def by_file_exchange(purpose: str, values: Sequence[str]) -> dict[str, bytes]:
        queries = [(purpose, v) for v in values]
        request = blind(queries, public, "A-1")
        answer = evaluate(json.loads(json.dumps(request.message)), linkage_key)
        return {value: out for (_, value), out in unblind(request, answer, public).items()}

    def directly(purpose: str, values: Sequence[str]) -> dict[str, bytes]:
        queries = [(purpose, v) for v in values]
        return {value: out for (_, value), out in evaluate_directly(queries, linkage_key).items()}

    provider = encode_units_oblivious(sellers, FIELDS, by_file_exchange, config)
    nso = encode_units_oblivious(register, FIELDS, directly, config)
    assert provider.key_check == nso.key_check
    assert provider.table.loc[0, "tax_id_hash"] == nso.table.loc[0, "tax_id_hash"]
    pairs = link(nso, provider, rng=np.random.default_rng(1)).pairs
    assert sorted(zip(pairs["provider_id"], pairs["register_id"], strict=True)) == [
        ("S1", "R1"),
        ("S2", "R2"),
        ("S3", "R3"),
    ]
    assert pairs.set_index("provider_id").loc["S3", "match_type"] == "fuzzy"


def test_a_request_larger_than_the_limit_is_refused(linkage_key: rsa.RSAPrivateKey) -> None:
    request = blind([("phone", str(i)) for i in range(3)], linkage_key.public_key(), "A-1")
    with pytest.raises(ExchangeError, match="at most 2 hex numbers; found 3"):
        evaluate(request.message, linkage_key, max_values=2)
