"""The portal's Jinja2 pages: its own templates, and the release's SVG chart macro.

Autoescape is on everywhere (names and codes are untrusted text). Pages load only the portal's
own style sheets and script, which a Content-Security-Policy enforces.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from babel import Locale

from destat.indicators.i18n import LANGUAGES
from destat.portal.texts import PortalTexts
from destat.publish.release.rendering import destat_version, page_language

__all__ = ["language_links", "render_page"]


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PackageLoader("destat.portal", "templates"),
            jinja2.PrefixLoader(
                {"release": jinja2.PackageLoader("destat.publish.release", "templates")}
            ),
        ]
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language_links(lang: str, path_after_lang: str, query: str) -> list[dict[str, object]]:
    """The language switcher: each language named in itself, linking to the same page."""
    suffix = f"?{query}" if query else ""
    links = []
    for code in LANGUAGES:
        name = Locale.parse(code).get_display_name(code) or code
        links.append(
            {
                "code": page_language(code)[0],
                "name": name[:1].upper() + name[1:],
                "href": f"/{code}/{path_after_lang}{suffix}",
                "current": code == lang,
            }
        )
    return links


def render_page(template: str, lang: str, **context: object) -> str:
    """Render a portal page in ``lang`` (``t`` gives its interface texts)."""
    html_lang, direction = page_language(lang)
    return (
        _environment()
        .get_template(template)
        .render(
            lang=lang,
            html_lang=html_lang,
            direction=direction,
            t=PortalTexts(lang),
            version=destat_version(),
            **context,
        )
    )
