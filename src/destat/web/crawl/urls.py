"""URL normalisation and the notion of a site (one host, with or without ``www.``)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

__all__ = ["normalize_url", "origin", "site_key"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


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
