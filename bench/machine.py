"""The machine a benchmark ran on and the versions of the software it compared."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

PACKAGES = ("destat", "duckdb", "pyarrow", "numpy", "pandas", "polars", "svy", "samplics")


def _proc_field(path: str, name: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return "unknown"
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return "unknown"


def machine() -> dict[str, str | int]:
    """CPU model, logical cores, memory and kernel, from /proc where Linux has it."""
    memory = _proc_field("/proc/meminfo", "MemTotal")
    if memory.endswith(" kB"):
        memory = f"{int(memory.split()[0]) / 1024**2:.1f} GiB"
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count() or 0,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, to show whether other work was running."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def versions(packages: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Python and the installed versions of the Python packages compared."""
    found = {"Python": platform.python_version()}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def write_between(doc: Path, start: str, end: str, text: str) -> None:
    """Replace the text between the markers ``start`` and ``end`` of ``doc``."""
    page = doc.read_text()
    if start not in page or end not in page:
        raise SystemExit(f"{doc} has no {start} ... {end} markers")
    head, rest = page.split(start, 1)
    tail = rest.split(end, 1)[1]
    doc.write_text(f"{head}{start}\n{text}\n{end}{tail}")
