"""Fetching one URL: address checks, politeness, retries, redirects and a size limit.

The client is aiohttp rather than httpx because aiohttp lets the crawler plug in its own DNS
resolver (see :mod:`destat.web.crawl.addresses`): the addresses that are checked are the
addresses that are connected to, which is what stops DNS rebinding. Responses are read as they
come off the wire (no automatic decompression) so the WARC files keep the bytes the server sent.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import TracebackType
from urllib.parse import urljoin

import aiohttp

from destat.web.crawl.addresses import (
    AddressPolicy,
    GuardedResolver,
    PublicAddressPolicy,
    check_url,
)
from destat.web.crawl.config import CrawlConfig
from destat.web.crawl.errors import RefusedAddressError
from destat.web.crawl.politeness import Politeness
from destat.web.crawl.urls import normalize_url, site_key

__all__ = ["Exchange", "FetchResult", "Fetcher", "Outcome"]

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"

# Asked before each hop: None to go ahead, or the outcome and the reason not to.
Permit = Callable[[str], Awaitable["tuple[Outcome, str] | None"]]


class Outcome(StrEnum):
    """What became of a URL."""

    FETCHED = "fetched"
    ERROR = "error"
    ROBOTS = "robots"
    REFUSED = "refused"


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the response to it, as sent and received."""

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    http_version: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    truncated: bool
    fetched_at: datetime

    def header(self, name: str) -> str | None:
        """The first response header called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@dataclass(frozen=True)
class FetchResult:
    """Everything that happened for one URL: every exchange (retries and redirects) in order."""

    url: str
    outcome: Outcome
    exchanges: tuple[Exchange, ...] = ()
    error: str | None = None

    @property
    def final(self) -> Exchange | None:
        """The last response received, if any."""
        return self.exchanges[-1] if self.exchanges else None


class _RequestFailedError(Exception):
    """No usable response after every retry; carries the responses received on the way."""

    def __init__(self, message: str, responses: list[Exchange]) -> None:
        super().__init__(message)
        self.responses = responses


class Fetcher:
    """Fetches URLs for a crawl; use as ``async with Fetcher(config, politeness) as fetcher``."""

    def __init__(
        self, config: CrawlConfig, politeness: Politeness, policy: AddressPolicy | None = None
    ) -> None:
        self._config = config
        self._politeness = politeness
        self._policy = policy or PublicAddressPolicy(config.allow_private)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        config = self._config
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(self._policy, config.connect_to),
            limit=config.concurrency,
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,
            trust_env=False,
            headers={"User-Agent": config.user_agent, "Accept": _ACCEPT},
            timeout=aiohttp.ClientTimeout(
                total=config.request_timeout,
                sock_connect=config.connect_timeout,
                sock_read=config.read_timeout,
            ),
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def fetch(self, url: str, permit: Permit | None = None) -> FetchResult:
        """Fetch ``url``, following redirects; ``permit`` (robots.txt) is asked before each hop."""
        exchanges: list[Exchange] = []
        seen = [url]
        current = url
        try:
            for _ in range(self._config.max_redirects + 1):
                check_url(current, self._policy)
                verdict = await permit(current) if permit is not None else None
                if verdict is not None:
                    return FetchResult(url, verdict[0], tuple(exchanges), verdict[1])
                exchanges.extend(await self._request_with_retries(current))
                final = exchanges[-1]
                if final.status not in _REDIRECTS or final.header("Location") is None:
                    return FetchResult(
                        url,
                        _status_outcome(final),
                        tuple(exchanges),
                        _status_error(final, exchanges),
                    )
                location = final.header("Location") or ""
                target = normalize_url(location, base=current)
                if target is None:
                    check_url(urljoin(current, location), self._policy)
                    return FetchResult(
                        url,
                        Outcome.ERROR,
                        tuple(exchanges),
                        f"redirect from {current} to an invalid URL {location!r}",
                    )
                if target in seen:
                    loop = " -> ".join([*seen[seen.index(target) :], target])
                    return FetchResult(
                        url, Outcome.ERROR, tuple(exchanges), f"redirect loop: {loop}"
                    )
                seen.append(target)
                current = target
        except RefusedAddressError as exc:
            return FetchResult(url, Outcome.REFUSED, tuple(exchanges), str(exc))
        except _RequestFailedError as exc:
            return FetchResult(url, Outcome.ERROR, (*exchanges, *exc.responses), str(exc))
        return FetchResult(
            url,
            Outcome.ERROR,
            tuple(exchanges),
            f"too many redirects (more than {self._config.max_redirects}) from {url}",
        )

    async def _request_with_retries(self, url: str) -> list[Exchange]:
        """Request ``url`` until a response that is not worth retrying, or out of retries."""
        config = self._config
        responses: list[Exchange] = []
        for attempt in range(config.retries + 1):
            wait = config.backoff * 2**attempt
            try:
                async with self._politeness.slot(site_key(url)):
                    exchange = await self._request(url)
            except RefusedAddressError:
                raise
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
                error = f"{type(exc).__name__}: {exc}".rstrip(": ")
                log.info("attempt %d of %s failed: %s", attempt + 1, url, error)
                if attempt == config.retries or _permanent(exc):
                    raise _RequestFailedError(
                        f"no response from {url} after {attempt + 1} attempts ({error})",
                        responses,
                    ) from None
            else:
                responses.append(exchange)
                if not _worth_retrying(exchange.status) or attempt == config.retries:
                    return responses
                after = _retry_after(exchange.header("Retry-After"))
                if after is not None:
                    wait = max(wait, min(after, config.max_retry_after))
                log.info("%s answered %d; retrying in %.1f s", url, exchange.status, wait)
            await asyncio.sleep(wait)
        return responses

    async def _request(self, url: str) -> Exchange:
        """One GET, reading at most ``max_bytes`` of the body."""
        assert self._session is not None, "use Fetcher as an async context manager"
        limit = self._config.max_bytes
        async with self._session.get(
            url, allow_redirects=False, headers={"Accept-Encoding": "gzip, deflate"}
        ) as response:
            body = bytearray()
            truncated = False
            async for chunk in response.content.iter_chunked(_CHUNK):
                room = limit - len(body)
                if len(chunk) > room:
                    body.extend(chunk[:room])
                    truncated = True
                    break
                body.extend(chunk)
            return Exchange(
                url=url,
                request_headers=tuple(response.request_info.headers.items()),
                status=response.status,
                reason=response.reason or "",
                http_version=f"HTTP/{response.version.major}.{response.version.minor}"
                if response.version
                else "HTTP/1.1",
                headers=tuple(
                    (key.decode("latin-1"), value.decode("latin-1"))
                    for key, value in response.raw_headers
                ),
                body=bytes(body),
                truncated=truncated,
                fetched_at=datetime.now(UTC),
            )


def _permanent(error: Exception) -> bool:
    """True for failures that trying again will not mend: TLS, bad URL, unknown host name."""
    if isinstance(error, aiohttp.ClientSSLError | aiohttp.InvalidURL):
        return True
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        unknown = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        return error.os_error.errno in unknown
    return False


def _worth_retrying(status: int) -> bool:
    return status == 429 or status >= 500


def _status_outcome(exchange: Exchange) -> Outcome:
    return Outcome.ERROR if _worth_retrying(exchange.status) else Outcome.FETCHED


def _status_error(exchange: Exchange, exchanges: list[Exchange]) -> str | None:
    if not _worth_retrying(exchange.status):
        return None
    attempts = sum(1 for earlier in exchanges if earlier.url == exchange.url)
    return f"HTTP {exchange.status} from {exchange.url} after {attempts} attempts"


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (a number or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
