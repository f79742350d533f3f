"""Hostile pages: huge, deeply nested, broken or booby-trapped input is handled within limits."""

from __future__ import annotations

import time

from destat.web.extract.features import PageFeatures, extract_page_features
from destat.web.extract.limits import MAX_HTML_BYTES

# Generous bounds: the point is "bounded", not a benchmark (CI machines are slow and shared).
SECONDS = 10.0


def timed_features(body: bytes) -> tuple[float, PageFeatures]:
    started = time.perf_counter()
    result = extract_page_features(body)
    return time.perf_counter() - started, result


def test_huge_page_is_cut_at_the_byte_limit() -> None:
    body = b"<html><body>" + b"<div class='product-price'>Add to cart 9,99 EUR</div>" * 200_000
    assert len(body) > 4 * MAX_HTML_BYTES
    elapsed, page = timed_features(body)
    assert elapsed < SECONDS
    assert page.truncated
    assert page.html_chars <= MAX_HTML_BYTES
    assert page.add_to_cart_words > 0


def test_deeply_nested_markup_is_cut_at_the_depth_limit() -> None:
    # Unbounded, the parser needs minutes for this (its work grows with the square of depth).
    nested = b"<div><span>" * 150_000 + b"Kasse" + b"</span></div>" * 150_000
    body = b"<html><body><p>Warenkorb</p>" + nested
    elapsed, page = timed_features(body)
    assert elapsed < SECONDS
    assert page.truncated
    assert page.cart_words == 1


def test_broken_markup_and_unterminated_script() -> None:
    body = (
        b"<html><head><title>Shop<title></head><body><p <a href='/cart'>cart</b></i>"
        b"<table><tr><td>12,50 \xe2\x82\xac<form action='/basket/add'><input name=qty"
        b"<script>var s = '</div>'; document.write('<a href=/checkout>checkout</a>');"
    )
    elapsed, page = timed_features(body)
    assert elapsed < SECONDS
    assert page.cart_markup >= 1


def test_json_ld_bombs_are_skipped() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    deep_object = '{"a":' * 5_000 + '{"@type": "Product"}' + "}" * 5_000
    huge = '{"@type": "Offer", "x": "' + "y" * 3_000_000 + '"}'
    body = "".join(
        f'<script type="application/ld+json">{block}</script>'
        for block in (nested, deep_object, "{not json", huge)
    ).encode()
    elapsed, page = timed_features(body)
    assert elapsed < SECONDS
    assert page.schema_products == 0


def test_binary_garbage_and_empty_input() -> None:
    for body in (b"", b"\x00" * 10_000, bytes(range(256)) * 1_000, b"<" * 100_000):
        elapsed, _ = timed_features(body)
        assert elapsed < SECONDS
