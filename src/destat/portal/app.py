"""The portal's application factory: ``create_app(project_dir)`` gives a FastAPI app over the
project's published results (pages, downloads, SDMX REST API), guarded by the embargo."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from destat.portal import pages, sdmx_api
from destat.portal.embargo import Clock, Embargo, guard
from destat.portal.store import load_publication

__all__ = ["SECURITY_HEADERS", "create_app"]

# Pages load the portal's own style sheets and script only; nothing from another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

Next = Callable[[Request], Awaitable[Response]]


def create_app(
    project_dir: Path | str, *, token: str | None = None, clock: Clock | None = None
) -> FastAPI:
    """The portal over the project in ``project_dir``. ``token`` opens the results before the
    release time of ``[portal] release`` in destat.toml; ``clock`` (returning an aware datetime)
    replaces the system clock, e.g. in tests."""
    publication = load_publication(project_dir)
    release = publication.config.portal.release
    embargo = Embargo(release, token) if clock is None else Embargo(release, token, clock)
    app = FastAPI(
        title=f"destat portal: {publication.config.project.name}",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.publication = publication
    app.state.embargo = embargo

    @app.middleware("http")
    async def embargo_guard(request: Request, call_next: Next) -> Response:
        return await guard(request, call_next, pages.denied)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Next) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    app.include_router(sdmx_api.router)
    app.include_router(pages.router)
    static = resources.files("destat.portal").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
