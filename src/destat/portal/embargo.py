"""The embargo: results are served to everyone only from their release time on.

The rule (docs/portal.md): the release time is ``[portal] release`` in ``destat.toml``, a date
and time with its UTC offset. Before it, or when it is not set (the default is closed), every
page, download and API answer requires the embargo token, given in the ``X-Embargo-Token`` header,
as ``Authorization: Bearer <token>``, or in the ``destat_embargo`` cookie that the form at
``/embargo`` sets. Without a token the answer is 401, with a wrong one 403. Tokens are compared
in constant time (``hmac.compare_digest``). Embargoed answers are marked ``Cache-Control:
no-store`` so that no proxy keeps them. Only the style sheet and script under ``/static/`` and
the form itself are open, as they hold no results.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import Response

from destat.portal.errors import PortalSettingError

__all__ = [
    "COOKIE",
    "FORM_PATH",
    "HEADER",
    "MIN_TOKEN_LENGTH",
    "OPEN_PATHS",
    "Embargo",
    "guard",
    "presented_token",
]

logger = logging.getLogger(__name__)

HEADER = "X-Embargo-Token"
COOKIE = "destat_embargo"
MIN_TOKEN_LENGTH = 16
OPEN_PATHS = ("/static/",)
FORM_PATH = "/embargo"

Clock = Callable[[], datetime]
Denied = Callable[[Request, int], Response]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Embargo:
    """When results become public, and the token that opens them before."""

    release: datetime | None = None
    token: str | None = field(default=None, repr=False)
    clock: Clock = _now

    def __post_init__(self) -> None:
        if self.release is not None and self.release.tzinfo is None:
            raise PortalSettingError(
                f"The release time {self.release.isoformat()} has no UTC offset; write it with "
                "one, e.g. release = 2026-03-31T09:00:00+03:00 in [portal] of destat.toml."
            )
        if self.token is not None and len(self.token.strip()) < MIN_TOKEN_LENGTH:
            raise PortalSettingError(
                f"The embargo token is shorter than {MIN_TOKEN_LENGTH} characters; make a long "
                'random one, e.g.: python -c "import secrets; print(secrets.token_urlsafe(32))"'
            )

    @property
    def is_open(self) -> bool:
        """True once the release time has passed (never when none is set)."""
        return self.release is not None and self.clock() >= self.release

    def admits(self, presented: str | None) -> bool:
        """True if ``presented`` is the embargo token (compared in constant time)."""
        if self.token is None or presented is None:
            return False
        return hmac.compare_digest(presented.strip().encode(), self.token.strip().encode())


def presented_token(request: Request) -> str | None:
    """The token a request carries: header, bearer credentials or cookie."""
    header = request.headers.get(HEADER)
    if header:
        return header
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.cookies.get(COOKIE)


async def guard(
    request: Request, call_next: Callable[[Request], Awaitable[Response]], denied: Denied
) -> Response:
    """Let a request through if the results are released or it carries the token; otherwise
    answer with ``denied(request, 401 or 403)``."""
    embargo: Embargo = request.app.state.embargo
    path = request.url.path
    if embargo.is_open or path == FORM_PATH or path.startswith(OPEN_PATHS):
        return await call_next(request)
    presented = presented_token(request)
    if presented is None:
        response = denied(request, 401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="embargo"'
    elif not embargo.admits(presented):
        logger.warning("Embargo: wrong token for %s", path)
        response = denied(request, 403)
    else:
        response = await call_next(request)
    response.headers["Cache-Control"] = "no-store"
    return response
