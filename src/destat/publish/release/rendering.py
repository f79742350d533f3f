"""The Jinja2 environment of the release pages and their embedded style sheet.

Autoescape is on for every template: indicator names, region names, titles and comparison labels
are treated as untrusted text. Pages load nothing from outside: the style sheet is embedded and
a Content-Security-Policy in each page forbids scripts and remote resources.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2
from babel.dates import format_date

from destat.indicators.i18n import normalize_language
from destat.publish.release.errors import ReleaseSettingError
from destat.publish.release.messages import Messages

__all__ = [
    "destat_version",
    "page_frame",
    "page_language",
    "render",
    "style_sheet",
    "write_page",
]


def page_language(lang: str) -> tuple[str, str]:
    """The ``lang`` and ``dir`` attributes of a page in one of the six languages."""
    code = normalize_language(lang)
    return ("zh-Hans" if code == "zh" else code), ("rtl" if code == "ar" else "ltr")


def destat_version() -> str:
    """The installed destat version, printed in every page's footer."""
    try:
        return version("destat")
    except PackageNotFoundError:
        return "(development)"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("destat.publish.release", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def style_sheet() -> str:
    """The CSS embedded in every page (system fonts only, with Arabic and CJK faces)."""
    return (
        resources.files("destat.publish.release")
        .joinpath("data", "release.css")
        .read_text(encoding="utf-8")
    )


def page_frame(
    messages: Messages, lang: str, title: str, kind: str, period: str, published: date | None
) -> dict[str, object]:
    """What every page's frame (``page.html.j2``) shows: language and direction, title, kind,
    reference period and publication date, version; ``published`` defaults to today."""
    html_lang, direction = page_language(lang)
    day = format_date(published or date.today(), format="long", locale=lang)
    return {
        "t": messages,
        "html_lang": html_lang,
        "direction": direction,
        "page": {"title": title},
        "kind": kind,
        "meta": messages("reference_period", period=period)
        + " · "
        + messages("published", date=day),
        "version": destat_version(),
    }


def render(template: str, **context: object) -> str:
    """Render one of the package's templates."""
    return _environment().get_template(template).render(style=style_sheet(), **context)


def write_page(html: str, out_dir: Path | str, file_name: str) -> Path:
    """Write ``html`` as UTF-8 to ``out_dir/file_name`` (folders created) and return the path."""
    if not file_name or Path(file_name).name != file_name:
        raise ReleaseSettingError(
            f"file_name {file_name!r} must be a plain file name such as 'release-en.html', "
            "without folders; give the folder as out_dir."
        )
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    path.write_text(html, encoding="utf-8")
    return path
