"""Web addresses and e-mail domains read from hostile input, reduced to the root of a site.

Nothing is fetched here: an address is only parsed, checked and rewritten. A site is identified
by its host name without a leading ``www.`` (its *site key*), so that ``http://www.shop.dl/x``
and ``https://shop.dl`` count as the same candidate.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = [
    "PLATFORM_DOMAINS",
    "WEBMAIL_DOMAINS",
    "domain_label",
    "email_domain",
    "is_platform",
    "is_webmail",
    "registered_domain",
    "site_key",
    "site_root",
]

# Free-mail providers: an address there says nothing about the enterprise's own website.
# Providers with many country domains (yahoo.com.ar, hotmail.fr, ...) are matched by their label.
_WEBMAIL_LABELS = frozenset(
    {"gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "aol"}
)
WEBMAIL_DOMAINS = frozenset(
    {
        "mail.ru", "bk.ru", "inbox.ru", "list.ru", "yandex.ru", "yandex.com", "ya.ru",
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "icloud.com", "me.com",
        "mac.com", "gmx.net", "gmx.de", "gmx.com", "web.de", "proton.me", "protonmail.com",
        "zoho.com", "mail.com", "rediffmail.com", "uol.com.br", "bol.com.br", "terra.com.br",
        "correo.dl",
    }
)  # fmt: skip
# Social media, directories and marketplaces: they host pages about many enterprises.
PLATFORM_DOMAINS = frozenset(
    {
        "facebook.com", "instagram.com", "linkedin.com", "twitter.com", "x.com",
        "youtube.com", "tiktok.com", "pinterest.com", "wikipedia.org", "yelp.com",
        "tripadvisor.com", "google.com", "goo.gl", "wa.me", "whatsapp.com", "amazon.com",
        "mercadolibre.com", "ebay.com", "paginasamarillas.dl", "guiaempresas.dl",
        "empresas.dl",
    }
)  # fmt: skip
# Second-level names under which country registries sell domains (com.dl, co.uk, org.br, ...).
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "gob", "edu", "co", "ac", "or", "ne"})
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_MAX_URL_LENGTH = 2048


def _ascii_host(host: str) -> str | None:
    """The lower-case ASCII (IDNA) form of a host name, or None when it is not a domain name."""
    host = host.strip().rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    # A top-level domain is alphabetic (or an IDNA "xn--" label); this also rules out IP addresses.
    top = labels[-1]
    if not (top.isalpha() or top.startswith("xn--")):
        return None
    return host


def site_root(text: str) -> str | None:
    """The root URL (``scheme://host/``) of a web address, or None when it is not usable.

    Bare names such as ``shop.dl`` are read as ``http://shop.dl/``; paths, queries, fragments
    and default ports are dropped; hosts are lower-cased and non-ASCII hosts IDNA-encoded.
    Addresses with a user name or password, another scheme or no domain name give None.
    """
    text = text.strip()
    if not text or len(text) > _MAX_URL_LENGTH or any(ord(c) < 32 for c in text):
        return None
    candidate = text if _SCHEME.match(text) else f"http://{text}"
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or parts.username is not None or parts.hostname is None:
        return None
    host = _ascii_host(parts.hostname)
    if host is None:
        return None
    default = {"http": 80, "https": 443}[scheme]
    suffix = f":{port}" if port is not None and port != default else ""
    return f"{scheme}://{host}{suffix}/"


def site_key(url: str) -> str:
    """The host of a root URL without a leading ``www.``: the identity of a site."""
    host = urlsplit(url).netloc.split(":")[0]
    return host.removeprefix("www.")


def email_domain(address: str) -> str | None:
    """The lower-case ASCII domain of an e-mail address, or None when it is not an address."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or any(c.isspace() for c in local):
        return None
    return _ascii_host(domain)


def _registered_labels(host: str) -> list[str]:
    """The labels of the registered domain: ``shop.com.dl`` for ``www.shop.com.dl``."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return labels[-keep:]


def domain_label(host: str) -> str:
    """The name part of a host's registered domain (``shop`` for ``www.shop.com.dl``)."""
    return _registered_labels(host)[0]


def registered_domain(host: str) -> str:
    """The domain a holder registered (``shop.com.dl`` for ``mail.shop.com.dl``)."""
    return ".".join(_registered_labels(host))


def is_webmail(domain: str) -> bool:
    """True when an e-mail domain belongs to a free-mail provider (see WEBMAIL_DOMAINS)."""
    registered = registered_domain(domain)
    return registered in WEBMAIL_DOMAINS or domain_label(domain) in _WEBMAIL_LABELS


def is_platform(host: str) -> bool:
    """True when a host is a social-media site, directory or marketplace (PLATFORM_DOMAINS)."""
    return registered_domain(host) in PLATFORM_DOMAINS
