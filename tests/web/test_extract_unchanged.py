"""Speeding up extraction changes no feature value: every feature of every development page
is compared with the values the extractor gave before it was tuned.

The expected values (``extract_expected.jsonl``) were computed with the extractor as it stood
before the speed work, on three versions of each of the 121 development pages of the
evaluation set (the held-out half is never opened):

- ``page``: the saved bytes as they are (UTF-8, some with a byte-order mark);
- ``cut``: the first 30,000 bytes, served as ISO-8859-1 (broken markup, and a cut inside a
  UTF-8 sequence makes the HTTP charset decide);
- ``legacy``: the text re-encoded as windows-1251 (Russian, Ukrainian, Bulgarian) or
  windows-1252 (others), characters outside it as character references, no charset given
  (the ``<meta>`` charset or the byte-pattern guess decides).

To regenerate after a deliberate change of a feature:
``PYTHONPATH=src python tests/web/test_extract_unchanged.py``.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from destat.web.extract.features import extract_page_features

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "extract_expected.jsonl"
WEBPAGES = HERE.parents[2] / "shared" / "eval" / "webpages"
_CYRILLIC = ("ru", "uk", "bg")


def dev_pages() -> dict[str, tuple[str, bytes]]:
    """Id to (labelled language, bytes) of every development page."""
    labels = WEBPAGES / "dev_labels.csv"
    if not labels.is_file():
        pytest.fail(f"the evaluation pages are missing: expected {labels}")
    with labels.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return {
        row["id"]: (
            row["language"],
            gzip.decompress((WEBPAGES / "pages" / f"{row['id']}.html.gz").read_bytes()),
        )
        for row in rows
    }


def variants(language: str, body: bytes) -> Iterator[tuple[str, bytes, str | None]]:
    """The three versions of a page: (name, bytes, HTTP content type)."""
    yield "page", body, None
    yield "cut", body[:30_000], "text/html; charset=iso-8859-1"
    text = body.decode("utf-8-sig", "replace")
    legacy = "cp1251" if language in _CYRILLIC else "cp1252"
    yield "legacy", text.encode(legacy, "xmlcharrefreplace"), None


def computed_rows() -> Iterator[dict[str, object]]:
    """Features of every version of every development page, keyed by ``id`` and ``variant``."""
    for page_id, (language, body) in sorted(dev_pages().items()):
        for name, data, content_type in variants(language, body):
            features = extract_page_features(data, content_type).to_row()
            yield {"id": page_id, "variant": name, **features}


def test_every_feature_of_every_dev_page_is_unchanged() -> None:
    expected = {
        (row["id"], row["variant"]): row
        for row in map(json.loads, EXPECTED.read_text(encoding="utf-8").splitlines())
    }
    assert len(expected) == 3 * 121
    differences = []
    seen = set()
    for row in computed_rows():
        key = (row["id"], row["variant"])
        seen.add(key)
        old = expected.get(key)
        assert old is not None, f"no expected features for {key}"
        assert set(row) == set(old), f"{key}: columns differ"
        differences += [
            f"{key} {name}: {old[name]!r} -> {row[name]!r}"
            for name in row
            if row[name] != old[name]
        ]
    assert seen == set(expected)
    assert not differences, "\n".join(differences[:40])


if __name__ == "__main__":
    with EXPECTED.open("w", encoding="utf-8") as out:
        for row in computed_rows():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
