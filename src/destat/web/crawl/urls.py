"""URL normalisation and the notion of a site (one host, with or without ``www.``)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

__all__ = ["LinkResolver", "normalize_url", "origin", "site_key"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
# A path from the root ("/shop/cart?id=2") that joins to a base by plain concatenation: no
# scheme-relative "//", no fragment, backslash, whitespace or control character, and no empty
# query (which normalisation drops). Dot segments are ruled out separately.
_ROOTED = re.compile(r"/(?![/\\])[^#\\\s\x00-\x1f\x7f]*(?<!\?)")


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Return ``url`` (resolved against ``base``) in canonical form, or None if not http(s).

    The scheme and host are lower-cased, the default port and the fragment dropped and an
    empty path becomes ``/``; the query is kept as it is.
    """
    try:
        joined = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(joined)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def site_key(url: str) -> str:
    """The site a URL belongs to: its host without ``www.``, with the port if not the default."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        return f"{host}:{parts.port}"
    return host


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a normalised URL: the scope of one robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


class LinkResolver:
    """Normalises the links of one page, as :func:`normalize_url` does, but faster.

    Most links of a page are paths from the root: those are joined to the page's origin by
    concatenation, without parsing.
    """

    def __init__(self, base: str) -> None:
        self._base = base
        normal = normalize_url(base)
        parts = urlsplit(normal) if normal else None
        # A base with credentials keeps them when joined; leave such rare pages to urljoin.
        self._origin = (
            f"{parts.scheme}://{parts.netloc}" if parts and "@" not in parts.netloc else None
        )

    def __call__(self, href: str) -> str | None:
        """The normalised absolute URL of ``href``, or None if it is not an http(s) URL."""
        if self._origin and _ROOTED.fullmatch(href) and "/." not in href:
            return self._origin + href
        return normalize_url(href, self._base)
