"""Reading pages and seeds: encodings, links, sales-link scores, URL forms and seed lines."""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from destat.errors import ConfigError
from destat.web.crawl import CrawlConfig
from destat.web.crawl.pages import Link, decode_html, decoded_body, extract_links, is_html
from destat.web.crawl.robots import RobotsRules
from destat.web.crawl.scoring import score_link
from destat.web.crawl.seeds import parse_seeds
from destat.web.crawl.urls import LinkResolver, normalize_url, origin, site_key


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        ("Корзина".encode("windows-1251"), "text/html; charset=windows-1251", "cp1251"),
        ('<meta charset="gbk">购物车'.encode("gbk"), "text/html", "gb18030"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">Ç'.encode(
                "latin-1"
            ),
            "text/html",
            "cp1252",
        ),
        ("déjà".encode(), "text/html", "utf-8"),
        ("déjà".encode("latin-1"), "text/html", "cp1252"),
        ("\ufeffπ".encode("utf-16-le"), "text/html; charset=latin-1", "utf-16-le"),
        ("Ё".encode("windows-1251"), 'text/html; charset="no-such-thing"', "cp1252"),
    ],
)
def test_decode_html_finds_the_encoding(body: bytes, header: str, expected: str) -> None:
    text, encoding = decode_html(body, header, "windows-1252")
    assert encoding == expected
    assert "\ufffd" not in text or expected == "cp1252"


def test_header_charset_wins_over_meta() -> None:
    body = '<meta charset="utf-8">Привет'.encode("koi8-r")
    assert decode_html(body, "text/html; charset=koi8-r", "windows-1252")[0].endswith("Привет")


def test_content_encoding_is_undone_within_the_limit() -> None:
    assert decoded_body(gzip.compress(b"hello"), "gzip", 100) == b"hello"
    assert decoded_body(zlib.compress(b"hello"), "deflate", 100) == b"hello"
    raw = zlib.compressobj(wbits=-15)
    assert decoded_body(raw.compress(b"hello") + raw.flush(), "deflate", 100) == b"hello"
    assert decoded_body(gzip.compress(b"x" * 10_000), "gzip", 100) == b"x" * 100
    assert decoded_body(b"??", "br", 100) is None


def test_html_types() -> None:
    assert is_html("text/html; charset=utf-8")
    assert is_html("application/xhtml+xml")
    assert not is_html("text/plain")
    assert not is_html(None)


def test_extract_links() -> None:
    html = """<html><head><base href="http://shop.example/fr/"></head><body>
    <a href="panier">Mon <b>panier</b></a> <a href="panier#top">again</a>
    <a href="/logo.png">logo</a> <a href="mailto:a@b.c">mail</a> <a href="javascript:void(0)">js</a>
    <a href="https://other.example/x" title="Boutique">o</a><area href="/map" alt="Carte">
    <a href="/img"><img alt="Warenkorb" src="k.png"></a></body></html>"""
    links = extract_links(html, "http://shop.example/")
    assert links == [
        Link("http://shop.example/fr/panier", "Mon panier"),
        Link("https://other.example/x", "o Boutique"),
        Link("http://shop.example/map", "Carte"),
        Link("http://shop.example/img", "Warenkorb"),
    ]


def test_only_wanted_links_are_returned_and_repeats_keep_the_first() -> None:
    html = """<a href="/cart">Cart</a> <a href="/cart">Cart again</a> <a href="/a">A</a>
    <a href="http://shop.example/b">B</a> <a href="/b">B too</a> <a href="/c">C</a>"""
    every = extract_links(html, "http://shop.example/")
    assert every == [
        Link("http://shop.example/cart", "Cart"),
        Link("http://shop.example/a", "A"),
        Link("http://shop.example/b", "B"),
        Link("http://shop.example/c", "C"),
    ]
    wanted = {"http://shop.example/b", "http://shop.example/c"}
    assert extract_links(html, "http://shop.example/", wanted.__contains__) == every[2:]


def test_robots_meta_nofollow_gives_no_links() -> None:
    html = '<meta name="robots" content="noindex, nofollow"><a href="/cart">Cart</a>'
    assert extract_links(html, "http://a.example/") == []


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("http://a.example/boutique", ""),
        ("http://a.example/x", "Panier"),
        ("http://a.example/tienda", "Carrito"),
        ("http://a.example/loja/carrinho", ""),
        ("http://a.example/x", "Zum Warenkorb"),
        ("http://a.example/x", "Перейти в корзину"),
        ("http://a.example/%D0%BC%D0%B0%D0%B3%D0%B0%D0%B7%D0%B8%D0%BD", ""),
        ("http://a.example/x", "متجر"),
        ("http://a.example/x", "سلة"),
        ("http://a.example/x", "商店"),
        ("http://a.example/x", "购物车"),
    ],
)
def test_sales_words_score_in_many_languages(url: str, text: str) -> None:
    assert score_link(Link(url, text)) >= 3
    assert score_link(Link(url, text)) > score_link(Link("http://a.example/about", "About us"))


def test_normalize_url() -> None:
    assert normalize_url("HTTP://WWW.Example.ORG:80/a?b=1#frag") == "http://www.example.org/a?b=1"
    assert normalize_url("https://example.org:8443") == "https://example.org:8443/"
    assert normalize_url("../c", "http://example.org/a/b/") == "http://example.org/a/c"
    assert normalize_url("mailto:a@b.c") is None
    assert normalize_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert normalize_url("http://example.org:99999/") is None


def test_sites_and_origins() -> None:
    assert (
        site_key("http://www.example.org/a") == site_key("https://example.org/b") == "example.org"
    )
    assert site_key("http://shop.example.org/") == "shop.example.org"
    assert site_key("http://127.0.0.1:8080/") == "127.0.0.1:8080"
    assert origin("https://example.org:8443/a/b?c") == "https://example.org:8443"


def test_seed_lines() -> None:
    lines = [
        "# comment",
        "",
        "https://shop.example/",
        "example.org",
        "ftp://files.example/",
        "http://user:pw@example.org/",
        "not a url",
        "  http://spaces.example/  ",
    ]
    seeds, problems = parse_seeds(lines)
    assert [(seed.line, seed.url) for seed in seeds] == [
        (3, "https://shop.example/"),
        (4, "http://example.org/"),
        (8, "http://spaces.example/"),
    ]
    assert [problem.line for problem in problems] == [5, 6, 7]


def test_robots_conventions() -> None:
    assert RobotsRules.from_response(404, b"").allows("http://a/x", "destat")
    assert not RobotsRules.from_response(503, b"").allows("http://a/x", "destat")
    assert not RobotsRules.from_response(429, b"").allows("http://a/x", "destat")
    assert not RobotsRules.from_response(None, b"").allows("http://a/x", "destat")
    rules = RobotsRules.from_response(200, b"User-agent: destat\nDisallow: /a\nCrawl-delay: 2.5\n")
    assert not rules.allows("http://a/a/b", "destat")
    assert rules.allows("http://a/a/b", "otherbot")
    assert rules.crawl_delay("destat") == 2.5


@pytest.mark.parametrize(
    "changes",
    [
        {"delay": -1},
        {"concurrency": 0},
        {"max_bytes": 0},
        {"fallback_encoding": "klingon"},
        {"user_agent": " "},
    ],
)
def test_config_is_checked(changes: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        CrawlConfig(**changes)  # type: ignore[arg-type]


@given(
    scheme=st.sampled_from(["http", "HTTPS", "hTtP"]),
    host=st.from_regex(r"[A-Za-z0-9]{1,10}(\.[A-Za-z]{2,5}){1,2}", fullmatch=True),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    path=st.text(alphabet="abc/%._-~?=&#", max_size=20),
)
def test_normalize_url_is_idempotent_and_keeps_the_site(
    scheme: str, host: str, port: int | None, path: str
) -> None:
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}/{path}"
    once = normalize_url(url)
    assert once is not None
    assert normalize_url(once) == once
    assert site_key(once) == site_key(url.lower())


BASES = [
    "http://Shop.Example:80/dir/page?x=1",
    "https://example.org:8443/a/b/",
    "http://[::1]:8080/x",
    "http://user:pw@example.org/a",
    "http://127.0.0.1:9/",
]


@given(
    base=st.sampled_from(BASES),
    href=st.text(alphabet="/.?#%\\ \t\n:@abcé", max_size=12),
)
def test_link_resolver_agrees_with_normalize_url(base: str, href: str) -> None:
    resolve = LinkResolver(base)
    assert resolve(href) == normalize_url(href, base)
    assert resolve("/" + href) == normalize_url("/" + href, base)
