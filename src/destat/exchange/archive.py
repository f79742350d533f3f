"""A strict reader and writer of the zip archives that carry packages.

A package arrives from outside the office and is read as hostile input: the reader accepts only
the member names the format defines (no directories, links, absolute paths or ``..``), a bounded
number of members, bounded declared and actual sizes, a bounded compression ratio (zip bombs),
no encrypted members and no duplicate names. Nothing is ever extracted to disk by name.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from destat.exchange.errors import PackageRefusedError

__all__ = ["ArchiveLimits", "read_archive", "write_archive"]

_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,99})?")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on what an archive may hold; defaults suit packages up to 1 GiB of data."""

    max_members: int = 64
    max_member_bytes: int = 1 << 30
    max_total_bytes: int = 1 << 30
    max_ratio: int = 200


def write_archive(members: Mapping[str, bytes], compress: bool) -> bytes:
    """A zip archive of ``members`` (name → bytes), in the order given."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _check_member(info: zipfile.ZipInfo, allowed: Callable[[str], bool], where: str) -> None:
    name = info.filename
    mode = info.external_attr >> 16
    if not _SAFE_NAME.fullmatch(name) or ".." in name.split("/") or not allowed(name):
        raise PackageRefusedError(
            f"{where} holds a member named {name!r}, which a package may not hold (only the "
            "manifest, its signature, the report and data/*.parquet). Nothing was loaded."
        )
    if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise PackageRefusedError(f"{where}: member {name!r} is not a plain file; refused.")
    if info.flag_bits & 0x1:
        raise PackageRefusedError(f"{where}: member {name!r} is encrypted by zip; refused.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackageRefusedError(f"{where}: member {name!r} uses an unsupported compression.")


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits, where: str
) -> bytes:
    if info.file_size > limits.max_member_bytes or (
        info.file_size > _CHUNK and info.file_size > limits.max_ratio * max(info.compress_size, 1)
    ):
        raise PackageRefusedError(
            f"{where}: member {info.filename!r} expands to {info.file_size:,} bytes from "
            f"{info.compress_size:,} (limits: {limits.max_member_bytes:,} bytes, ratio "
            f"{limits.max_ratio}); refused as a possible zip bomb."
        )
    parts: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > info.file_size:  # the header understated the size
                raise PackageRefusedError(
                    f"{where}: member {info.filename!r} is larger than its header says; refused."
                )
            parts.append(chunk)
    return b"".join(parts)


def read_archive(
    data: bytes, allowed: Callable[[str], bool], where: str, limits: ArchiveLimits | None = None
) -> dict[str, bytes]:
    """The members of a zip archive, checked against ``allowed`` names and ``limits``."""
    limits = limits or ArchiveLimits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if len(infos) > limits.max_members or len(set(names)) != len(names):
                raise PackageRefusedError(
                    f"{where} has {len(infos)} members ({len(set(names))} distinct names); at "
                    f"most {limits.max_members}, each once, are allowed. Nothing was loaded."
                )
            for info in infos:
                _check_member(info, allowed, where)
            if sum(info.file_size for info in infos) > limits.max_total_bytes:
                raise PackageRefusedError(
                    f"{where} would expand to more than {limits.max_total_bytes:,} bytes; refused."
                )
            return {info.filename: _read_member(archive, info, limits, where) for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise PackageRefusedError(
            f"{where} is not a readable package archive ({error}); it is damaged or not a "
            "destat package. Nothing was loaded."
        ) from None
