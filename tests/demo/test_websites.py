"""The demo's generated sites: every language's shop reads as a shop, its brochure sites not,
and the sites follow the demo truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from destat.demo import CountryFiles
from destat.demo.web_pages import page
from destat.demo.websites import LANGUAGES, SiteSpec, discovery_inputs, site_specs
from destat.web.classify import ClassifierKind, make_classifier
from destat.web.extract import PageSource
from destat.web.link import site_variables


def _spec(language: str, *, shop: bool, price_list: bool) -> SiteSpec:
    return SiteSpec(
        host=f"www.{language}{int(shop)}{int(price_list)}.com.dl",
        enterprise_id="E1",
        name="Comercial Andina S.A.",
        language=language,
        shop=shop,
        price_list=price_list,
        social=("facebook",) if shop else (),
        tax_id="12345678-9",
        phone="+999 1 234 5678",
        email="ventas@andina.com.dl",
    )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_classifier_tells_shops_from_brochure_sites(language: str) -> None:
    specs = [
        _spec(language, shop=True, price_list=False),
        _spec(language, shop=False, price_list=True),
        _spec(language, shop=False, price_list=False),
    ]
    pages = [
        PageSource(spec.host, f"http://{spec.host}/", spec.host, "text/html", html.encode())
        for spec in specs
        if (html := page(spec, "/")) is not None
    ]
    found = site_variables(pages, make_classifier(ClassifierKind.MODEL))
    decisions = [found[spec.host.removeprefix("www.")].sells_online for spec in specs]
    assert decisions == [1, 0, 0]
    assert found[specs[0].host.removeprefix("www.")].social_networks == ("facebook",)
    assert page(specs[1], "/tienda") is None  # a brochure site has no shop page


def test_sites_follow_the_truth(country: CountryFiles) -> None:
    specs = site_specs(country.register_parquet, country.truth_parquet, np.random.default_rng(1))
    truth = pd.read_parquet(country.truth_parquet).set_index("enterprise_id")
    register = pd.read_parquet(country.register_parquet).set_index("ID_EMP")
    with_site = set(register.index[register["SITIO_WEB"].notna()])
    assert {spec.enterprise_id for spec in specs} == with_site
    orders = truth.loc[[spec.enterprise_id for spec in specs], "receives_orders_internet"]
    shop = np.array([spec.shop for spec in specs])
    sellers = orders.to_numpy() == 1
    assert shop[sellers].mean() > 0.7  # B7 = yes: mostly a shop
    assert shop[~sellers].mean() < 0.1
    assert len({spec.language for spec in specs}) >= 5


def test_discovery_inputs_hold_part_of_the_websites(country: CountryFiles) -> None:
    register, registry = discovery_inputs(country.register_parquet, np.random.default_rng(2))
    full = pd.read_parquet(country.register_parquet)
    sites = int(full["SITIO_WEB"].notna().sum())
    listed = int((register["website"] != "").sum())
    assert 0.35 * sites < listed < 0.65 * sites
    assert 0.8 * sites < len(registry) <= sites
    assert set(registry["registrant_tax_id"]) <= set(full["NIT"])
