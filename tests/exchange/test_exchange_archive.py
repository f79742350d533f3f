"""Hostile archives: traversal, links, bombs, too many or repeated members, all refused."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from destat.exchange.agreement import Agreement
from destat.exchange.archive import ArchiveLimits, read_archive, write_archive
from destat.exchange.errors import PackageRefusedError
from destat.exchange.receive import receive_package

from .conftest import NOW, Parties
from .helpers import assert_nothing_stored


def zipped(*members: tuple[str, bytes], mode: int = stat.S_IFREG | 0o600) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def anything(_: str) -> bool:
    return True


@pytest.mark.parametrize(
    "name", ["../evil.json", "/etc/passwd", "data/../../evil", "a\\..\\b", "C:/x", "data/"]
)
def test_unsafe_member_names_are_refused(name: str) -> None:
    with pytest.raises(PackageRefusedError, match="may not hold"):
        read_archive(zipped((name, b"x")), anything, "p.zip")


def test_names_outside_the_format_are_refused() -> None:
    with pytest.raises(PackageRefusedError, match=r"member named 'extra.txt'"):
        read_archive(zipped(("extra.txt", b"x")), {"manifest.json"}.__contains__, "p.zip")


def test_a_symbolic_link_is_refused() -> None:
    archive = zipped(("manifest.json", b"/etc/passwd"), mode=stat.S_IFLNK | 0o777)
    with pytest.raises(PackageRefusedError, match="not a plain file"):
        read_archive(archive, anything, "p.zip")


def test_too_many_members_are_refused() -> None:
    archive = zipped(*((f"m{i}", b"") for i in range(65)))
    with pytest.raises(PackageRefusedError, match="65 members"):
        read_archive(archive, anything, "p.zip")


def test_repeated_names_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", b"1")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("manifest.json", b"2")
    with pytest.raises(PackageRefusedError, match="each once"):
        read_archive(buffer.getvalue(), anything, "p.zip")


def test_a_zip_bomb_is_refused_before_expanding() -> None:
    bomb = zipped(("data/cells.parquet", bytes(8 << 20)))  # 8 MiB of zeros, ~8 KiB packed
    assert len(bomb) < 64 << 10
    with pytest.raises(PackageRefusedError, match="possible zip bomb"):
        read_archive(bomb, anything, "p.zip")
    with pytest.raises(PackageRefusedError, match="possible zip bomb"):
        read_archive(zipped(("a", b"x" * 2048)), anything, "p.zip", ArchiveLimits(1, 1024))


def test_the_total_size_is_bounded() -> None:
    limits = ArchiveLimits(max_total_bytes=3000)
    archive = write_archive({"a": bytes(range(256)) * 8, "b": bytes(range(256)) * 8}, False)
    with pytest.raises(PackageRefusedError, match="more than 3,000 bytes"):
        read_archive(archive, anything, "p.zip", limits)


def test_an_encrypted_member_is_refused() -> None:
    archive = bytearray(zipped(("manifest.json", b"{}")))
    # Set the "encrypted" flag (bit 0) in the central directory entry.
    central = archive.rfind(b"PK\x01\x02")
    archive[central + 8] |= 0x01
    with pytest.raises(PackageRefusedError, match="encrypted"):
        read_archive(bytes(archive), anything, "p.zip")


def test_a_hostile_package_loads_nothing(
    tmp_path: Path, project: Path, parties: Parties, cells_agreement: Agreement
) -> None:
    path = tmp_path / "hostile.zip"
    path.write_bytes(zipped(("envelope.json", b"{}"), ("../../destat.duckdb", b"boom")))
    with pytest.raises(PackageRefusedError, match="may not hold"):
        receive_package(path, project, parties.nso, cells_agreement, NOW)
    assert_nothing_stored(project)
    assert not (tmp_path / "destat.duckdb").exists()
