"""Decoding page bytes: BOM, valid UTF-8 over a lying declaration, header and meta charsets."""

from __future__ import annotations

import codecs

from destat.web.extract.decode import charset_from_content_type, decode_html

RUSSIAN = "Корзина покупателя: оформить заказ, доставка и оплата по всей России"


def test_undeclared_windows_1251_is_recognised_as_cyrillic() -> None:
    body = f"<html><body><p>{RUSSIAN}</p></body></html>".encode("cp1251")
    decoded = decode_html(body)
    assert decoded.encoding == "cp1251"
    assert decoded.decided_by == "guess"
    assert RUSSIAN in decoded.text


def test_undeclared_koi8_r_is_told_apart_from_windows_1251() -> None:
    body = f"<p>{RUSSIAN.lower()}</p>".encode("koi8-r")
    assert RUSSIAN.lower() in decode_html(body).text


def test_utf8_content_wins_over_a_declared_iso_8859_15() -> None:
    text = "Ajouter au panier – 12,50 € – Livraison gratuite dès 49 €"
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
        f"</head><body>{text}</body></html>"
    ).encode()
    decoded = decode_html(body)
    assert decoded.encoding == "utf-8"
    assert text in decoded.text


def test_declared_single_byte_charset_is_used_when_bytes_are_not_utf8() -> None:
    body = '<meta charset="iso-8859-15"><p>Prix : 12,50 € - Crème brûlée</p>'.encode("iso-8859-15")
    decoded = decode_html(body)
    assert (decoded.encoding, decoded.decided_by) == ("iso8859-15", "meta")
    assert "12,50 € - Crème brûlée" in decoded.text


def test_http_header_charset_comes_before_the_meta_charset() -> None:
    body = '<meta charset="windows-1252"><p>Cena: 100 zł, koszyk, dostawa</p>'.encode("iso-8859-2")
    decoded = decode_html(body, "text/html; charset=ISO-8859-2")
    assert decoded.decided_by == "header"
    assert "100 zł" in decoded.text


def test_byte_order_mark_decides_first() -> None:
    body = codecs.BOM_UTF16_LE + "<p>购物车</p>".encode("utf-16-le")
    decoded = decode_html(body, "text/html; charset=iso-8859-1")
    assert decoded.decided_by == "bom"
    assert "购物车" in decoded.text


def test_latin_1_label_means_windows_1252_as_in_browsers() -> None:
    body = b'<meta charset="ISO-8859-1"><p>\x93Quote\x94 \x80 5</p>'
    assert "\u201cQuote\u201d € 5" in decode_html(body).text


def test_unknown_charset_and_garbage_bytes_never_raise() -> None:
    body = b'<meta charset="no-such-charset"><p>\xff\xfe\xfa caf\xe9</p>'
    assert "café" in decode_html(body).text


def test_charset_parameter_of_content_type() -> None:
    assert charset_from_content_type('text/html; charset="utf-8"') == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None
