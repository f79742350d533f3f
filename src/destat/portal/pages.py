"""The portal's pages: the list of indicators, one page per indicator, downloads, the embargo
form. Addresses start with the language (``/fr/indicator/B1?by=activity``)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote

from babel import Locale, negotiate_locale
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from destat.indicators.i18n import LANGUAGES
from destat.portal.downloads import indicator_table, measure_key, table_bytes
from destat.portal.embargo import COOKIE, Embargo
from destat.portal.experimental_views import experimental_names, experimental_view
from destat.portal.negotiation import Format
from destat.portal.rendering import language_links, render_page
from destat.portal.sdmx_api import sdmx_data, sdmx_error
from destat.portal.store import Publication
from destat.portal.texts import PortalTexts
from destat.portal.views import indicator_names, indicator_view
from destat.publish.release.rendering import style_sheet

__all__ = ["denied", "router"]

router = APIRouter()

_DOWNLOADS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": Format.DATA_XML.value,
}
_MAX_FORM_BYTES = 4096


def _publication(request: Request) -> Publication:
    publication: Publication = request.app.state.publication
    return publication


def _embargo(request: Request) -> Embargo:
    embargo: Embargo = request.app.state.embargo
    return embargo


def _page(
    request: Request, template: str, lang: str, status: int = 200, **context: object
) -> HTMLResponse:
    publication = _publication(request)
    after_lang = request.url.path.split("/", 2)[2] if request.url.path.count("/") >= 2 else ""
    html = render_page(
        template,
        lang,
        country=_country(publication, lang),
        languages=language_links(lang, after_lang, request.url.query),
        preview=not _embargo(request).is_open,
        agency=publication.structure.agency,
        dataflow=publication.structure.dataflow,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _country(publication: Publication, lang: str) -> str:
    """The country's name in the page's language (CLDR), else as destat.toml gives it."""
    project = publication.config.project
    named = Locale.parse(lang).territories.get(project.ref_area.upper())
    return str(named or project.country or project.ref_area)


def _not_found(request: Request, lang: str) -> HTMLResponse:
    return _page(request, "not_found.html.j2", lang, status=404, title="404")


def _best_language(request: Request) -> str:
    wanted = [
        part.split(";")[0].strip().replace("-", "_")
        for part in request.headers.get("accept-language", "").split(",")
        if part.strip()
    ]
    return negotiate_locale(wanted, list(LANGUAGES)) or "en"


@router.get("/static/release.css", include_in_schema=False)
def release_css() -> Response:
    """The release's style sheet, shared by the portal."""
    return Response(style_sheet(), media_type="text/css; charset=utf-8")


@router.get("/")
def home(request: Request) -> RedirectResponse:
    """To the list of indicators in the language the browser prefers."""
    return RedirectResponse(f"/{_best_language(request)}/", status_code=307)


@router.get("/{lang}/")
def index(request: Request, lang: str) -> Response:
    """The list of published indicators."""
    if lang not in LANGUAGES:
        return _not_found(request, "en")
    publication = _publication(request)
    return _page(
        request,
        "index.html.j2",
        lang,
        title=PortalTexts(lang)("portal"),
        indicators=indicator_names(publication, lang),
        experimental=experimental_names(publication, lang),
    )


@router.get("/{lang}/indicator/{code}")
def indicator(
    request: Request, lang: str, code: str, by: str | None = None, period: str | None = None
) -> Response:
    """One indicator: chart, table, breakdown selector and downloads."""
    if lang not in LANGUAGES:
        return _not_found(request, "en")
    view = indicator_view(_publication(request), lang, code, by, period)
    if view is None:
        return _not_found(request, lang)
    return _page(request, "indicator.html.j2", lang, title=view.name, view=view)


@router.get("/{lang}/experimental/{name}")
def experimental(request: Request, lang: str, name: str) -> Response:
    """One experimental table (marketplace or postal statistics), marked as such."""
    if lang not in LANGUAGES:
        return _not_found(request, "en")
    view = experimental_view(_publication(request), lang, name)
    if view is None:
        return _not_found(request, lang)
    return _page(request, "experimental.html.j2", lang, title=view.title, view=view)


@router.get("/{lang}/indicator/{code}/download.{kind}")
def download(request: Request, lang: str, code: str, kind: str) -> Response:
    """An indicator's figures as CSV, Excel or SDMX-ML data."""
    publication = _publication(request)
    if lang not in LANGUAGES or kind not in _DOWNLOADS or code not in publication.indicators:
        return _not_found(request, lang if lang in LANGUAGES else "en")
    if kind == "xml":
        body = sdmx_data(publication, Format.DATA_XML, measure_key(publication, code))
        if body is None:
            return sdmx_error(100, f"{code} has no figures in the SDMX dataflow.")
    else:
        body = table_bytes(indicator_table(publication, code, lang), kind)
    name = f"{publication.structure.agency}_{code}_{lang}.{kind}"
    return Response(
        body,
        media_type=_DOWNLOADS[kind],
        headers={"Content-Disposition": f'attachment; filename="{quote(name)}"'},
    )


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never another site (``//host`` or ``https://``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _lang_of(request: Request) -> str:
    first = request.url.path.strip("/").split("/", 1)[0]
    lang = request.query_params.get("lang", first)
    return lang if lang in LANGUAGES else "en"


def denied(request: Request, status: int) -> Response:
    """The embargo's answer: an SDMX error for the API, the token form for pages."""
    if request.url.path.startswith("/sdmx/"):
        if status == 401:
            return sdmx_error(110, "These results are under embargo; give the embargo token.")
        return sdmx_error(150, "The embargo token is not valid.")
    lang = _lang_of(request)
    next_path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _page(
        request,
        "embargo.html.j2",
        lang,
        status=status,
        title=PortalTexts(lang)("embargo_heading"),
        wrong=status == 403,
        next_path=next_path,
    )


@router.get("/embargo")
def embargo_form(request: Request, next: str | None = None) -> Response:
    """The form where staff enter the embargo token."""
    lang = _lang_of(request)
    return _page(
        request,
        "embargo.html.j2",
        lang,
        title=PortalTexts(lang)("embargo_heading"),
        wrong=False,
        next_path=_safe_next(next),
    )


@router.post("/embargo")
async def embargo_login(request: Request) -> Response:
    """Check the token; if right, keep it in an HTTP-only cookie and go on to the page."""
    body = await request.body()
    fields = parse_qs(body[:_MAX_FORM_BYTES].decode("utf-8", "replace"))
    token = (fields.get("token") or [""])[0]
    target = _safe_next((fields.get("next") or ["/"])[0])
    if not _embargo(request).admits(token):
        lang = _lang_of(request)
        return _page(
            request,
            "embargo.html.j2",
            lang,
            status=403,
            title=PortalTexts(lang)("embargo_heading"),
            wrong=True,
            next_path=target,
        )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    return response
