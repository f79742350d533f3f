"""Every refusal of ``receive``, with its message, and nothing stored after any of them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from destat.exchange.agreement import Agreement
from destat.exchange.archive import read_archive, write_archive
from destat.exchange.errors import PackageRefusedError
from destat.exchange.keys import public_pem
from destat.exchange.log import log_path
from destat.exchange.receive import receive_package
from destat.exchange.seal import open_sealed, seal

from .conftest import NOW, Parties
from .helpers import assert_nothing_stored, cells_package, stored_tables


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def inner_members(path: Path, key: x25519.X25519PrivateKey) -> dict[str, bytes]:
    outer = members(path)
    _, plain = open_sealed(outer["envelope.json"], outer["sealed.bin"], key, "test")
    return read_archive(plain, lambda _: True, "test")


def resealed(path: Path, inner: dict[str, bytes], to: x25519.X25519PublicKey, out: Path) -> Path:
    """What anyone holding the NSO's public key can do: seal altered contents to it."""
    package_id = inner["manifest.json"].split(b'"package_id": "')[1][:32].decode()
    envelope, sealed = seal(
        write_archive(inner, True), to, {"format": "destat-package/1", "package_id": package_id}
    )
    out.write_bytes(write_archive({"envelope.json": envelope, "sealed.bin": sealed}, False))
    return out


@pytest.fixture
def package(tmp_path: Path, cells_agreement: Agreement, sellers: Path, parties: Parties) -> Path:
    return cells_package(cells_agreement, sellers, parties, tmp_path / "package.zip")


def refused(
    path: Path, project: Path, parties: Parties, agreement: Agreement, match: str, **kw: object
) -> None:
    key = kw.get("key", parties.nso)
    now = kw.get("now", NOW)
    with pytest.raises(PackageRefusedError, match=match):
        receive_package(path, project, key, agreement, now)  # type: ignore[arg-type]
    assert_nothing_stored(project)


def test_a_good_package_is_received(
    package: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    receipt = receive_package(package, project, parties.nso, cells_agreement, NOW)
    assert stored_tables(project) == sorted([*receipt.tables, "exchange_log_head"])


def test_a_changed_byte_of_the_sealed_data_is_refused(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    outer = members(package)
    sealed = bytearray(outer["sealed.bin"])
    sealed[len(sealed) // 2] ^= 0x01
    outer["sealed.bin"] = bytes(sealed)
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(write_archive(outer, False))
    refused(tampered, project, parties, cells_agreement, "fails its integrity check")


def test_a_changed_envelope_is_refused(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    outer = members(package)
    outer["envelope.json"] = outer["envelope.json"].replace(b'"destat-package/1"', b'"x"')
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(write_archive(outer, False))
    refused(tampered, project, parties, cells_agreement, "fails its integrity check")


def test_data_changed_and_resealed_fails_its_signed_hash(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    inner = inner_members(package, parties.nso)
    inner["data/cells.parquet"] = inner["data/cells.parquet"].replace(b"food", b"fooD")
    path = resealed(package, inner, parties.nso.public_key(), tmp_path / "x.zip")
    refused(path, project, parties, cells_agreement, "does not match its SHA-256 in the signed")


def test_manifest_changed_and_resealed_fails_the_signature(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    inner = inner_members(package, parties.nso)
    inner["manifest.json"] = inner["manifest.json"].replace(b'"rows": 1', b'"rows": 2')
    path = resealed(package, inner, parties.nso.public_key(), tmp_path / "x.zip")
    refused(path, project, parties, cells_agreement, "signature does not verify")


def test_an_unsigned_package_is_refused(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    inner = inner_members(package, parties.nso)
    del inner["manifest.sig"]
    path = resealed(package, inner, parties.nso.public_key(), tmp_path / "x.zip")
    refused(path, project, parties, cells_agreement, "is not signed")


def test_a_package_signed_by_another_key_is_refused(
    tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement, sellers: Path
) -> None:
    impostor = Parties(ed25519.Ed25519PrivateKey.generate(), parties.nso, parties.linkage)
    path = cells_package(cells_agreement, sellers, impostor, tmp_path / "x.zip")
    refused(path, project, parties, cells_agreement, "signature does not verify")


def test_the_wrong_receiving_key_is_refused_as_wrongly_addressed(
    package: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    other = x25519.X25519PrivateKey.generate()
    refused(package, project, parties, cells_agreement, "is addressed to the key", key=other)


def test_a_package_forwarded_to_another_office_is_refused(
    tmp_path: Path,
    project: Path,
    parties: Parties,
    make_agreement: Callable[..., Agreement],
    cells_agreement: Agreement,
    package: Path,
) -> None:
    # The first office opens the package and re-seals it, unchanged, to a second office.
    second = x25519.X25519PrivateKey.generate()
    inner = inner_members(package, parties.nso)
    path = resealed(package, inner, second.public_key(), tmp_path / "fwd.zip")
    agreement = make_agreement(
        **{**cells_agreement.__dict__, "nso_receiving_key": public_pem(second.public_key())}
    )
    with pytest.raises(PackageRefusedError, match="provider signed it for the key"):
        receive_package(path, project, second, agreement, NOW)
    assert_nothing_stored(project)


def test_a_replay_is_refused_by_content_and_by_package_id(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    receive_package(package, project, parties.nso, cells_agreement, NOW)
    before = stored_tables(project)
    with pytest.raises(PackageRefusedError, match=r"received already.*same content sha256"):
        receive_package(package, project, parties.nso, cells_agreement, NOW)
    # Re-sealed, the file differs byte for byte but carries the same signed package ID.
    path = resealed(
        package,
        inner_members(package, parties.nso),
        parties.nso.public_key(),
        tmp_path / "again.zip",
    )
    with pytest.raises(PackageRefusedError, match=r"received already.*same package id"):
        receive_package(path, project, parties.nso, cells_agreement, NOW)
    assert stored_tables(project) == before


@pytest.mark.parametrize(
    ("today", "match"),
    [
        (date(2027, 1, 5), "not in force on 2027-01-05: it allows receiving from 2026-01-01 to"),
        (date(2027, 7, 1), "its data had to be deleted by 2027-06-30"),
        (date(2025, 12, 31), "not in force on 2025-12-31"),
    ],
)
def test_an_expired_or_not_yet_valid_agreement_refuses(
    package: Path,
    project: Path,
    parties: Parties,
    cells_agreement: Agreement,
    today: date,
    match: str,
) -> None:
    now = NOW.replace(year=today.year, month=today.month, day=today.day)
    refused(package, project, parties, cells_agreement, match, now=now)


def test_a_package_under_other_terms_is_refused(
    package: Path,
    project: Path,
    parties: Parties,
    cells_agreement: Agreement,
    make_agreement: Callable[..., Agreement],
) -> None:
    changed = make_agreement(**{**cells_agreement.__dict__, "min_cell_size": 1 + 2})
    refused(package, project, parties, changed, "both sides must hold the same agreement file")


def test_garbage_is_refused(
    tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    path = tmp_path / "garbage.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    refused(path, project, parties, cells_agreement, "not a readable package archive")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("envelope.json", b"{}")
        archive.writestr("sealed.bin", b"")
    path.write_bytes(zipped.getvalue())
    refused(path, project, parties, cells_agreement, "envelope is not valid JSON")


def test_other_terms_under_an_agreement_id_already_held_are_refused(
    tmp_path: Path,
    project: Path,
    parties: Parties,
    cells_agreement: Agreement,
    sellers: Path,
    make_agreement: Callable[..., Agreement],
    package: Path,
) -> None:
    receive_package(package, project, parties.nso, cells_agreement, NOW)
    before = (stored_tables(project), log_path(project).read_text(encoding="utf-8"))
    changed = make_agreement(**{**cells_agreement.__dict__, "min_cell_size": 3})
    other = cells_package(changed, sellers, parties, tmp_path / "other.zip")
    with pytest.raises(PackageRefusedError, match="already holds a different agreement with ID"):
        receive_package(other, project, parties.nso, changed, NOW)
    assert (stored_tables(project), log_path(project).read_text(encoding="utf-8")) == before


def test_a_signed_manifest_naming_a_path_as_table_is_refused(
    package: Path, tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    # Even the provider's own signature does not make a table name into a path.
    inner = inner_members(package, parties.nso)
    inner["manifest.json"] = inner["manifest.json"].replace(b'"name": "cells"', b'"name": "../x"')
    inner["manifest.sig"] = parties.provider.sign(inner["manifest.json"])
    path = resealed(package, inner, parties.nso.public_key(), tmp_path / "x.zip")
    refused(path, project, parties, cells_agreement, "a table's file must be data/<name>.parquet")
    assert not (project / "exchange" / "x.parquet").exists()
