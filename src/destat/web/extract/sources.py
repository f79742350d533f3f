"""Where pages come from: WARC files (our crawls or Common Crawl) and folders of saved pages."""

from __future__ import annotations

import csv
import gzip
import logging
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from destat.errors import InputFileError
from destat.web.extract.limits import MAX_HTML_BYTES
from destat.web.extract.links import host_of

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class PageSource:
    """One page to extract: its id, address, HTTP content type and (capped) body bytes.

    ``problem`` says why the body is incomplete or empty (an unreadable or truncated file).
    """

    page_id: str
    url: str
    host: str
    content_type: str | None
    body: bytes
    problem: str | None = None


def read_warc(path: Path, offsets: Collection[int] | None = None) -> Iterator[PageSource]:
    """Yield the HTML responses of a WARC file (plain or gzip), bodies capped at the limit.

    Records that are not HTML (images, robots.txt, DNS) and redirects are skipped; with
    ``offsets``, so are records that do not start at one of those byte offsets.
    """
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.format != "warc":
                    # warcio reads any text as a legacy ARC record; a .warc file must be WARC.
                    raise ArchiveLoadFailed(f"found a {record.format!r} record, not WARC")
                page = _page_from_record(record)
                # The offset is known once the record is read (warcio reads to its end).
                if offsets is not None and records.get_record_offset() not in offsets:
                    continue
                if page is not None:
                    yield page
    except ArchiveLoadFailed as error:
        raise InputFileError(
            f"{path} is not a readable WARC file ({error}). Give a .warc or .warc.gz file "
            "written by a crawler or downloaded from Common Crawl."
        ) from error
    except (OSError, EOFError, zlib.error) as error:
        raise InputFileError(
            f"{path} could not be read to the end ({error}); it may be truncated. "
            "Download or crawl it again."
        ) from error


def _page_from_record(record: object) -> PageSource | None:
    rec_type = getattr(record, "rec_type", "")
    if rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    http_headers = getattr(record, "http_headers", None)
    content_type = None
    if http_headers is not None:
        if (http_headers.get_statuscode() or "").startswith("3"):
            return None  # a redirect: its body is a stub, the target page is its own record
        content_type = http_headers.get_header("Content-Type")
    elif rec_type == "resource":
        content_type = headers.get_header("Content-Type")
    if content_type and content_type.lower().split(";")[0].strip() not in _HTML_TYPES:
        return None
    url = headers.get_header("WARC-Target-URI") or ""
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    body = record.content_stream().read(MAX_HTML_BYTES + 1)  # type: ignore[attr-defined]
    return PageSource(record_id or url, url, host_of(url), content_type, body)


def read_saved_pages(
    directory: Path, hosts: dict[str, str] | None = None, only: Collection[str] | None = None
) -> Iterator[PageSource]:
    """Yield the saved pages (``<id>.html``, ``<id>.html.gz``, ...) of a folder, sorted by id.

    ``hosts`` maps page ids to host names (from a manifest); without it a page is its own site.
    With ``only``, pages with other ids are not opened at all. A file that cannot be read
    whole still yields a page, with what was read and a problem.
    """
    if not directory.is_dir():
        raise InputFileError(
            f"{directory} is not a folder. Give the folder that holds the saved pages."
        )
    paths = [p for p in directory.iterdir() if p.is_file() and p.name.endswith(PAGE_SUFFIXES)]
    for path in sorted(paths):
        if only is None or _page_id(path) in only:
            yield _saved_page(path, hosts)


def iter_pages(path: Path, hosts: dict[str, str] | None = None) -> Iterator[PageSource]:
    """Yield pages from a WARC file, a saved page, or a folder holding either kind."""
    for file in page_files(path):
        if file.name.endswith(WARC_SUFFIXES):
            yield from read_warc(file)
        else:
            yield _saved_page(file, hosts)


def page_files(path: Path) -> list[Path]:
    """The WARC files and saved pages that ``path`` names or holds, in the order they are read
    (other files in a folder are ignored)."""
    if not path.exists():
        raise InputFileError(f"{path} does not exist. Give a WARC file or a folder of pages.")
    known = WARC_SUFFIXES + PAGE_SUFFIXES
    if path.is_file():
        if not path.name.endswith(known):
            raise InputFileError(
                f"{path} is neither a WARC file ({', '.join(WARC_SUFFIXES)}) nor a saved page "
                f"({', '.join(PAGE_SUFFIXES)})."
            )
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(known))


def _saved_page(path: Path, hosts: dict[str, str] | None) -> PageSource:
    page_id = _page_id(path)
    host = (hosts or {}).get(page_id, "")
    body, problem = _read_capped(path)
    if problem:
        logger.info("page %s: %s", path, problem)
    return PageSource(page_id, "", host, None, body, problem)


def _read_capped(path: Path) -> tuple[bytes, str | None]:
    """Read up to the byte limit; on a read error keep what was read and say what went wrong."""
    chunks: list[bytes] = []
    size = 0
    try:
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rb") as stream:
            while size <= MAX_HTML_BYTES:
                chunk = stream.read(65_536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (OSError, EOFError, zlib.error) as error:
        return b"".join(chunks), f"file could not be read to the end ({error})"
    return b"".join(chunks)[: MAX_HTML_BYTES + 1], None


def read_manifest(path: Path) -> dict[str, str]:
    """Map page id to host from a CSV with ``id`` and ``host`` columns (others are ignored)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            missing = {"id", "host"} - set(reader.fieldnames or ())
            if missing:
                raise InputFileError(
                    f"manifest {path} lacks the column(s) {', '.join(sorted(missing))}; "
                    f"found {', '.join(reader.fieldnames or ()) or 'no header'}. "
                    "Add a header line with at least id,host."
                )
            return {row["id"].strip(): (row["host"] or "").strip().lower() for row in reader}
    except OSError as error:
        raise InputFileError(f"manifest {path} cannot be read: {error}") from error


def _page_id(path: Path) -> str:
    name = path.name
    for suffix in sorted(PAGE_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
