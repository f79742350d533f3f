"""Writing ``[web]`` into a project's destat.toml (for ``destat web statistics`` and the demo):
the section is replaced where it is, or added at the end; the rest of the file, comments too,
stays as the office wrote it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from destat.project.config import CONFIG_FILE, load_config
from destat.project.web_settings import WebSettings

__all__ = ["web_section", "with_web_section", "write_web_section"]

# A table header line ([web], [disclosure.indicators.EC1], [[array]]), not a value's bracket.
_HEADER = re.compile(r'^\s*\[\[?\s*([A-Za-z0-9_."\- ]+?)\s*\]\]?\s*(#.*)?$')


def web_section(settings: WebSettings) -> str:
    """The ``[web]`` section of destat.toml for ``settings``."""
    return (
        "[web]\n"
        "# The web step of `destat run` (docs/web-statistics.md): best.csv of `destat web\n"
        "# discover`, the folder of `destat web crawl` (relative to this folder), and whether\n"
        '# the shipped "model" or the "rules" decide that a site sells online.\n'
        f"best = {_string(settings.best)}\n"
        f"crawl = {_string(settings.crawl)}\n"
        f'classifier = "{settings.classifier}"\n'
    )


def _string(path: Path) -> str:
    # A JSON string is a TOML basic string: quotes, backslashes and control characters escaped.
    return json.dumps(path.as_posix(), ensure_ascii=False)


def with_web_section(text: str, settings: WebSettings) -> str:
    """``text`` (a destat.toml) with its ``[web]`` section replaced by ``settings``, or with
    one added at the end."""
    lines = text.splitlines(keepends=True)
    headers = {i: found[1] for i, line in enumerate(lines) if (found := _HEADER.match(line))}
    start = next((i for i, name in headers.items() if name == "web"), None)
    if start is None:
        return text.rstrip("\n") + "\n\n" + web_section(settings)
    end = next((i for i in headers if i > start), len(lines))
    rest = "".join(lines[end:])
    return "".join(lines[:start]) + web_section(settings) + ("\n" + rest if rest else "")


def write_web_section(project: Path, settings: WebSettings) -> str:
    """Set ``[web]`` in the destat.toml of ``project``; return the file's previous text."""
    load_config(project)  # a missing or broken destat.toml is reported as such
    path = project / CONFIG_FILE
    previous = path.read_text(encoding="utf-8")
    path.write_text(with_web_section(previous, settings), encoding="utf-8")
    return previous
