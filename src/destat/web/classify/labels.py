"""Hand labels of pages: a CSV with ``id`` and ``sells_online`` (0 or 1); other columns ignored."""

from __future__ import annotations

import csv
from pathlib import Path

from destat.errors import InputFileError


def read_labels(path: Path) -> dict[str, int]:
    """Map page id to its 0/1 label; every problem is reported with its line number."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            missing = {"id", "sells_online"} - set(reader.fieldnames or ())
            if missing:
                raise InputFileError(
                    f"labels file {path} lacks the column(s) {', '.join(sorted(missing))}; "
                    f"found {', '.join(reader.fieldnames or ()) or 'no header'}. "
                    "It needs a header line with at least id,sells_online."
                )
            labels: dict[str, int] = {}
            for line, row in enumerate(reader, start=2):
                value = (row["sells_online"] or "").strip()
                if value not in ("0", "1"):
                    raise InputFileError(
                        f"labels file {path}, line {line}, column sells_online: expected 0 or 1, "
                        f"found {value!r}. Correct the value or remove the line."
                    )
                labels[(row["id"] or "").strip()] = int(value)
            return labels
    except OSError as error:
        raise InputFileError(f"labels file {path} cannot be read: {error}") from error
