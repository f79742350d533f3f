"""From pages to sites: a site is a host, and its features summarise all its pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace

from destat.web.extract.features import PageFeatures

_NAME_TUPLES = ("payment_providers", "shop_platforms", "social_networks")
_COUNTS = tuple(
    field.name
    for field in fields(PageFeatures)
    if field.type in ("int", int) and field.name not in ("html_chars", "text_chars")
)
# Second-level labels under which registries sell names (example.co.uk, example.com.br).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "gob", "nic", "or", "ne"})


_UNKNOWN_HOST = "page:"


def site_key(host: str, page_id: str) -> str:
    """The site a page belongs to: its host, or the page itself when the host is unknown."""
    return host or f"{_UNKNOWN_HOST}{page_id}"


def site_group(site: str) -> str:
    """The registered domain of a site key (pages of unknown host stay alone)."""
    return site if site.startswith(_UNKNOWN_HOST) else registered_domain(site)


def registered_domain(host: str) -> str:
    """Approximate registered domain of a host (``shop.example.co.uk`` gives ``example.co.uk``).

    A heuristic without the public-suffix list: good enough to keep pages of one enterprise
    together when cross-validating or aggregating.
    """
    labels = host.lower().strip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def combine_pages(pages: Iterable[PageFeatures]) -> PageFeatures:
    """Features of a site from its pages: the largest count of each cue, the union of names.

    The maximum (not the sum) keeps a site with many crawled pages comparable to a site seen
    through one page.
    """
    pages = list(pages)
    if not pages:
        return PageFeatures()
    site = pages[0]
    if len(pages) == 1:
        return site
    counts = {name: max(getattr(page, name) for page in pages) for name in _COUNTS}
    names = {
        name: tuple(sorted({value for page in pages for value in getattr(page, name)}))
        for name in _NAME_TUPLES
    }
    return replace(site, **counts, **names)  # type: ignore[arg-type]
