"""Sites from pages: registered domains and combined features."""

from __future__ import annotations

import pytest

from destat.web.extract.features import PageFeatures
from destat.web.extract.sites import combine_pages, registered_domain, site_group, site_key


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("shop.dunkindonuts.com", "dunkindonuts.com"),
        ("www.etctenancycleaning.co.uk", "etctenancycleaning.co.uk"),
        ("fozzyshop.com.ua", "fozzyshop.com.ua"),
        ("www1.folha.uol.com.br", "uol.com.br"),
        ("Example.DE.", "example.de"),
        ("localhost", "localhost"),
    ],
)
def test_registered_domain(host: str, domain: str) -> None:
    assert registered_domain(host) == domain


def test_pages_without_host_are_their_own_site() -> None:
    assert site_key("", "p1") != site_key("", "p2")
    assert site_group(site_key("", "p1")) == site_key("", "p1")
    assert site_group(site_key("shop.example.com", "p1")) == "example.com"


def test_site_takes_the_largest_count_and_all_names() -> None:
    about = PageFeatures(cart_words=1, prices=0, payment_providers=("paypal",), title="About")
    product = PageFeatures(
        cart_words=2, add_to_cart_words=1, prices=5, payment_providers=("cards", "paypal")
    )
    site = combine_pages([about, product])
    assert (site.cart_words, site.add_to_cart_words, site.prices) == (2, 1, 5)
    assert site.payment_providers == ("cards", "paypal")
    assert combine_pages([about]) is about
    assert combine_pages([]) == PageFeatures()
