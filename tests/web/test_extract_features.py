"""Page features from small hand-written pages in several languages and markup syntaxes."""

from __future__ import annotations

import json

import pytest

from destat.web.extract.features import PageFeatures, extract_page_features
from destat.web.extract.language import detect_language
from destat.web.extract.phrases import PhraseCounter
from destat.web.extract.prices import count_prices


def features(markup: str, encoding: str = "utf-8") -> PageFeatures:
    return extract_page_features(markup.encode(encoding))


SHOP_EN = """<!doctype html><html lang="en"><head><title>Blue Kettle - Acme Store</title>
<script src="https://cdn.shopify.com/s/files/1/theme.js"></script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",
 "name": "Blue Kettle", "offers": {"@type": "Offer", "price": "24.99", "priceCurrency": "USD"}}
</script></head><body>
<header><a href="/cart" class="header-cart">Cart (0)</a>
<a href="/account/orders">My orders</a></header>
<h1>Blue Kettle</h1><p class="product-price">$24.99</p>
<form action="/cart/add" method="post"><input name="quantity" value="1">
<button class="btn add-to-cart">Add to cart</button></form>
<footer><img src="/img/paypal.svg" alt="PayPal"><img src="/img/mastercard.svg" alt="Mastercard">
<a href="https://www.facebook.com/acme">f</a> <a href="https://instagram.com/acme">i</a>
<a href="https://x.com/acme">x</a> <a href="https://wa.me/15550100">w</a></footer>
</body></html>"""


def test_english_product_page_shows_every_kind_of_shop_evidence() -> None:
    page = features(SHOP_EN)
    assert page.cart_words >= 1
    assert page.add_to_cart_words == 1
    assert page.order_account_words == 1
    assert page.cart_markup >= 1
    assert page.add_to_cart_markup >= 1
    assert page.quantity_fields == 1
    assert page.prices == 1
    assert (page.schema_products, page.schema_offers, page.schema_priced_offers) == (1, 1, 1)
    assert page.payment_providers == ("cards", "paypal")
    assert page.shop_platforms == ("shopify",)
    assert page.social_networks == ("facebook", "instagram", "whatsapp", "x_twitter")
    assert (page.lang_attr, page.language) == ("en", "en")
    assert page.title == "Blue Kettle - Acme Store"


@pytest.mark.parametrize(
    ("language", "markup"),
    [
        (
            "de",
            "<p>Preis: 19,99 € inkl. MwSt.</p><button>In den Warenkorb</button>"
            "<a>Zur Kasse</a> Die Lieferung ist versandkostenfrei und schnell.",
        ),
        (
            "fr",
            "<p>Prix : 12,50 €</p><input type=submit value='Ajouter au panier'>"
            "<a>Mon panier</a> Livraison gratuite pour les commandes de plus de 50 €.",
        ),
        (
            "es",
            "<p>Precio: 15,00 €</p><button>Añadir al carrito</button><a>Mi carrito</a>"
            " y el envío gratis para todos los pedidos de la tienda online.",
        ),
        (
            "pt",
            "<p>Preço: R$ 49,90</p><button>Adicionar ao carrinho</button>"
            "<a>Meu carrinho</a> com frete grátis para todo o Brasil e não só.",
        ),
        (
            "ru",
            "<p>Цена: 1 299 руб.</p><button>В корзину</button><a>Оформить заказ</a>"
            " Бесплатная доставка по Москве и это для всех от 3000 руб.",
        ),
        (
            "ar",
            "<p>السعر: 150 ريال</p><button>أضف إلى السلة</button><a>سلة التسوق</a>"
            " <p>شحن مجاني لجميع الطلبات في المملكة</p>",
        ),
        (
            "zh",
            "<p>价格：¥199</p><button>加入购物车</button><a>购物车</a><a>去结算</a>"
            "<p>全场包邮，支持支付宝和微信支付付款</p>",
        ),
    ],
)
def test_cart_checkout_and_price_words_in_many_languages(language: str, markup: str) -> None:
    page = features(f"<html><body>{markup}</body></html>")
    assert page.add_to_cart_words >= 1, language
    assert page.cart_words + page.checkout_words >= 1, language
    assert page.prices >= 1, language
    assert page.shipping_words >= 1, language
    assert page.language == language


def test_chinese_payments_are_found_in_visible_text() -> None:
    page = features("<html><body><p>支持支付宝和微信支付，货到付款</p></body></html>")
    assert page.payment_providers == ("alipay", "cash_on_delivery", "wechat_pay")


def test_microdata_product_with_offer_price() -> None:
    page = features(
        '<div itemscope itemtype="http://schema.org/Product"><span itemprop="name">Tea</span>'
        '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        '<span itemprop="price" content="4.50">4,50</span>'
        '<meta itemprop="priceCurrency" content="EUR"></div></div>'
    )
    assert (page.schema_products, page.schema_offers, page.schema_priced_offers) == (1, 1, 1)


def test_json_ld_graph_and_lists_are_walked() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "x"},
            {"@type": ["Product"], "offers": [{"@type": "AggregateOffer", "lowPrice": 3}]},
        ],
    }
    page = features(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    assert (page.schema_products, page.schema_priced_offers) == (1, 1)


def test_news_article_declares_itself_and_shows_no_shop_cues() -> None:
    page = features(
        '<html><head><meta property="og:type" content="article">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>'
        "</head><body><article><p>The minister said the budget would rise.</p></article>"
        '<a href="/subscribe">Subscribe</a></body></html>'
    )
    assert page.schema_articles == 2
    assert page.article_elements == 1
    assert page.cart_words + page.add_to_cart_words + page.checkout_words == 0


def test_donation_button_and_not_a_shop_words() -> None:
    page = features(
        '<form action="https://www.paypal.com/cgi-bin/webscr"><input name="cmd" value="_donations">'
        '<input type="image" alt="Donate with PayPal"></form>'
        "<p>Free classifieds: post an ad. Compare prices from 20 shops.</p>"
    )
    assert page.donation_buttons >= 1
    assert page.donate_words >= 1
    assert page.classifieds_words >= 1
    assert page.comparison_words >= 1


@pytest.mark.parametrize(
    ("markup", "platforms"),
    [
        ('<meta name="generator" content="PrestaShop">', ("prestashop",)),
        (
            '<script src="/wp-content/plugins/woocommerce/assets/js/cart.js"></script>',
            ("woocommerce",),
        ),
        ('<link href="/skin/frontend/default/shop/styles.css" rel="stylesheet">', ("magento",)),
        ('<img src="https://vtexassets.com/arquivos/logo.png">', ("vtex",)),
        ('<a href="index.php?route=product/category&path=20">x</a>', ("opencart",)),
        (
            '<script src="https://cdn11.bigcommerce.com/s-abc/stencil/app.js"></script>',
            ("bigcommerce",),
        ),
        ('<div class="wixstores-product">x</div>', ("wix_stores",)),
        # Mentions are not fingerprints: a forum link and a theme's CSS selector.
        ('<a href="/forum/prestashop/">Prestashop</a>', ()),
        ("<style>.woocommerce .product .price {color: red}</style>", ()),
    ],
)
def test_shop_platforms_need_a_technical_fingerprint(
    markup: str, platforms: tuple[str, ...]
) -> None:
    assert features(f"<html><head></head><body>{markup}</body></html>").shop_platforms == platforms


@pytest.mark.parametrize(
    ("markup", "providers"),
    [
        ('<img src="/logos/mercadopago.png" alt="Mercado Pago">', ("mercado_pago",)),
        ('<img src="/pay/m-pesa.png" alt="Lipa na M-Pesa">', ("m_pesa",)),
        ('<script src="https://js.stripe.com/v3/"></script>', ("stripe",)),
        ('<div class="klarna-placement"></div>', ("klarna",)),
        ('<img src="/img/visa.png"><img src="/img/amex.png">', ("cards",)),
        # "Gran Maestro" (chess) and a visa for Canada are not card payments.
        ("<p>El Gran Maestro cubano ganó.</p><p>Apply for a visa to Canada</p>", ()),
    ],
)
def test_payment_providers(markup: str, providers: tuple[str, ...]) -> None:
    assert features(f"<html><body>{markup}</body></html>").payment_providers == providers


def test_phrases_count_whole_words_only() -> None:
    counter = PhraseCounter({"cart": ["basket", "kasse"], "add": ["add to basket"]})
    counts = counter.count("basketball at the sparkasse; add  to\nbasket; my basket. kasse")
    assert counts == {"add": 1, "cart": 2}


def test_price_formats() -> None:
    text = "€ 12,99 · 12,99 € · $7/mo · 1 299 руб. · 99元 · r$ 49,90 · 19.99 zł · ksh 500"
    counts = count_prices(text)
    assert (counts.prices, counts.period_prices) == (8, 1)
    assert count_prices("in 2015 we had 100% growth, call 555-1234").prices == 0


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The shop is open and the delivery of your order is free for all customers."),
        ("de", "Der Versand ist für alle Bestellungen kostenlos und die Lieferung ist schnell."),
        ("fr", "La livraison est gratuite pour toutes les commandes et le retour est simple."),
        ("es", "El envío es gratis para todos los pedidos y la devolución es fácil para usted."),
        ("ru", "Доставка по всей стране бесплатно, и это для всех заказов от нашего магазина."),
        ("ar", "الشحن مجاني لجميع الطلبات داخل المملكة العربية السعودية"),
        ("fa", "ارسال رایگان برای همه سفارش‌ها در سراسر کشور و پشتیبانی"),
        ("zh", "全场包邮，欢迎光临我们的网上商城，购买更多商品"),
        ("ja", "送料無料でお届けします。カートに入れるボタンを押してください。"),
    ],
)
def test_language_by_script_and_frequent_words(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_language_attribute_decides_when_text_is_thin() -> None:
    assert detect_language("OK", "pt-BR") == "pt"
