"""Website discovery: URL normalisation, free mail, name similarity and the registry join."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from destat.web.discover.candidates import SearchHit, register_evidence, search_evidence
from destat.web.discover.names import (
    label_similarity,
    name_similarity,
    name_tokens,
    text_similarity,
    trigram_jaccard,
)
from destat.web.discover.registry import normalise_tax_id, registry_evidence
from destat.web.discover.urls import email_domain, is_platform, is_webmail, site_key, site_root


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WWW.Shop.DL/contacto?x=1#top", "http://www.shop.dl/"),
        ("  https://shop.com.dl  ", "https://shop.com.dl/"),
        ("https://shop.dl:443/a", "https://shop.dl/"),
        ("http://shop.dl:8080/a", "http://shop.dl:8080/"),
        ("https://café.dl/menú", "https://xn--caf-dma.dl/"),
        ("shop.dl.", "http://shop.dl/"),
        ("ftp://shop.dl", None),
        ("javascript:alert(1)", None),
        ("http://user:secret@shop.dl", None),
        ("http://192.168.1.1/", None),
        ("http://localhost/", None),
        ("http://-shop.dl", None),
        ("http://shop..dl", None),
        ("http://shop.dl/\x00", None),
        ("", None),
        ("x" * 3000 + ".dl", None),
    ],
)
def test_site_root_normalises_or_refuses(text: str, expected: str | None) -> None:
    assert site_root(text) == expected


@given(st.text(max_size=60))
def test_site_root_is_idempotent_on_any_text(text: str) -> None:
    root = site_root(text)
    if root is not None:
        assert site_root(root) == root
        assert root.endswith("/")


def test_site_key_ignores_www_and_scheme() -> None:
    assert site_key("https://www.shop.dl/") == site_key("http://shop.dl/") == "shop.dl"


@pytest.mark.parametrize(
    ("address", "webmail"),
    [
        ("juan@gmail.com", True),
        ("juan@yahoo.com.ar", True),
        ("juan@hotmail.fr", True),
        ("ivan@mail.ru", True),
        ("li@163.com", True),
        ("ventas@correo.dl", True),
        ("info@shop.com.dl", False),
        ("info@mail.shop.dl", False),
    ],
)
def test_webmail_domains_are_recognised(address: str, webmail: bool) -> None:
    domain = email_domain(address)
    assert domain is not None
    assert is_webmail(domain) is webmail


def test_email_domain_refuses_non_addresses() -> None:
    assert email_domain("no address") is None
    assert email_domain("@shop.dl") is None
    assert email_domain("a b@shop.dl") is None
    assert email_domain("Info@Shop.DL") == "shop.dl"


def test_platforms_are_recognised_under_subdomains() -> None:
    assert is_platform("www.facebook.com")
    assert is_platform("es-la.facebook.com")
    assert not is_platform("facebookshop.dl")


def test_register_gives_url_and_own_mail_domain_but_not_webmail() -> None:
    register = pd.DataFrame(
        {
            "enterprise_id": ["E1", "E2", "E3"],
            "name": ["Hotel Sol", "Taller Luna", "Bar Mar"],
            "tax_id": ["", "", ""],
            "website": ["www.hotelsol.dl/reservas", "", "not a url"],
            "email": ["info@hotelsol.dl", "luna@gmail.com", "ventas@barmar.com.dl"],
        }
    )
    evidence = register_evidence(register)
    assert evidence[["enterprise_id", "url", "source"]].values.tolist() == [
        ["E1", "http://www.hotelsol.dl/", "register_url"],
        ["E1", "http://hotelsol.dl/", "register_email"],
        ["E3", "http://barmar.com.dl/", "register_email"],
    ]


def test_search_results_are_reduced_to_site_roots_up_to_max_rank() -> None:
    class TwoHits:
        def search(self, enterprise_id: str, name: str) -> list[SearchHit]:
            return [
                SearchHit(1, "https://www.hotelsol.dl/habitaciones", "Hotel Sol", "Reserve"),
                SearchHit(11, "https://far.dl/", "Far", ""),
                SearchHit(2, "mailto:x@y.dl", "", ""),
            ]

    register = pd.DataFrame({"enterprise_id": ["E1"], "name": ["Hotel Sol"]})
    evidence = search_evidence(register, TwoHits(), max_rank=10)
    assert evidence["url"].tolist() == ["https://www.hotelsol.dl/"]
    assert evidence["search_rank"].tolist() == [1]


def test_names_lose_accents_legal_forms_and_articles() -> None:
    assert name_tokens("Distribuidora de la Peña S.R.L.") == ["distribuidora", "pena"]
    assert name_tokens("CLÍNICA SAN JOSÉ SOCIEDAD ANÓNIMA") == ["clinica", "san", "jose"]


def test_name_similarity_hand_checked_values() -> None:
    # " abc " has trigrams {" ab", "abc", "bc "}, " abd " has {" ab", "abd", "bd "}: 1 / 5.
    assert trigram_jaccard("abc", "abd") == pytest.approx(0.2)
    # " andina " and " andino " share " an", "and", "ndi", "din" of 8 distinct trigrams.
    assert trigram_jaccard("andina", "andino") == pytest.approx(0.5)
    assert trigram_jaccard("sol", "sal") == 0.0
    assert trigram_jaccard("", "") == 0.0
    assert name_similarity("Hotel Sol S.A.", "SOL HOTEL SOCIEDAD ANÓNIMA") == 1.0
    assert label_similarity("Hotel Sol S.A.", "hotel-sol") == 1.0
    assert text_similarity("Hotel Sol Naciente", "Bienvenidos al Hotel Sol") == pytest.approx(2 / 3)


def test_registry_joins_on_normalised_tax_id_and_on_similar_names() -> None:
    register = pd.DataFrame(
        {
            "enterprise_id": ["E1", "E2"],
            "name": ["Ferretería Andina S.A.", "Panadería Quispe"],
            "tax_id": ["80.412.345-7", "11111111-1"],
        }
    )
    registry = pd.DataFrame(
        {
            "domain": ["ferreandina.dl", "panaderiaquispe.com.dl", "unrelated.dl", "bad domain"],
            "registrant_name": ["Juan Pérez", "PANADERIA QUISPE", "Otra Cosa", "Panadería Quispe"],
            "registrant_tax_id": ["804123457", "", "804123458", ""],
            "registration_date": ["2020-01-01"] * 4,
        }
    )
    assert normalise_tax_id(" 80.412.345-7 ") == "804123457"
    evidence = registry_evidence(register, registry)
    assert evidence[["enterprise_id", "url", "source", "tax_id_match"]].values.tolist() == [
        ["E1", "http://ferreandina.dl/", "registry_tax_id", True],
        ["E2", "http://panaderiaquispe.com.dl/", "registry_name", False],
    ]
    assert evidence["registrant_similarity"].tolist() == [0.0, 1.0]
