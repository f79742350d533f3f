"""What a page's links point to: social networks, and web shops of the same enterprise."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

SOCIAL_NETWORKS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com", "fb.me"),
    "instagram": ("instagram.com",),
    "x_twitter": ("twitter.com", "x.com"),
    "linkedin": ("linkedin.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "tiktok": ("tiktok.com",),
    "vk": ("vk.com", "vkontakte.ru"),
    "weibo": ("weibo.com", "weibo.cn"),
    "whatsapp": ("wa.me", "whatsapp.com"),
    "telegram": ("t.me", "telegram.me"),
    "pinterest": ("pinterest.com",),
    "odnoklassniki": ("ok.ru",),
}
"""Network name to the registered domains of its links."""

_DOMAIN_TO_NETWORK = {
    domain: name for name, domains in SOCIAL_NETWORKS.items() for domain in domains
}
_SOCIAL_HOST = re.compile(
    r"^(?:https?:)?//(?:[a-z0-9-]+\.)*("
    + "|".join(re.escape(domain) for domain in _DOMAIN_TO_NETWORK)
    + r")(?:[:/?#]|$)",
    re.MULTILINE,
)
_SHOP_LINK = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:shop|store|boutique|tienda|loja|negozio|sklep|eshop|e-shop"
    r"|webshop|onlineshop|магазин)\.|/(?:shop|store|boutique|tienda|loja|negozio|sklep|eshop"
    r"|e-shop|webshop|onlineshop|магазин)(?:/|$|\?|\.html?)"
)
_SEPARATOR = "\x00"
# Every match of _SHOP_LINK holds one of these words.
_SHOP_WORDS = ("shop", "store", "boutique", "tienda", "loja", "negozio", "sklep", "магазин")


def host_of(url: str) -> str:
    """Lower-case host of an absolute URL (``""`` when there is none or the URL is malformed)."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return ""
    return (host or "").lower().rstrip(".")


def normalised_links(links: Sequence[str]) -> list[str]:
    """Links stripped of surrounding white space and lower-cased, as the functions below take
    them (done once for both)."""
    joined = _SEPARATOR.join(links)
    if not links or joined.count(_SEPARATOR) != len(links) - 1:
        return [link.strip().lower() for link in links]
    # One lower() for all: the separator, neither cased nor case-ignorable, keeps each link's
    # lower case (a final sigma) as it is alone.
    return [link.strip() for link in joined.lower().split(_SEPARATOR)]


def find_social_networks(links: Iterable[str]) -> tuple[str, ...]:
    """Social networks that links (see :func:`normalised_links`) point to, sorted."""
    joined = "\n".join(links)
    return tuple(sorted({_DOMAIN_TO_NETWORK[match] for match in _SOCIAL_HOST.findall(joined)}))


def count_shop_links(links: Iterable[str]) -> int:
    """Count links (see :func:`normalised_links`) to a shop host (``shop.example.com``) or a
    ``/shop`` section."""
    links = list(links)
    # Only links holding a shop word can match: find which words occur at all, cheaply.
    joined = "\n".join(links)
    words = [word for word in _SHOP_WORDS if word in joined]
    if not words:
        return 0
    search = _SHOP_LINK.search
    return sum(1 for link in links if any(word in link for word in words) and search(link))
