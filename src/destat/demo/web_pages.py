"""The pages of a generated demo site, in its language: home, shop or services, contact.

A shop shows what a real web shop shows (add-to-cart buttons, a cart, checkout, delivery,
prices with a currency, payment logos, schema.org offers); a brochure site shows what the
business does and how to reach it, sometimes with a price list. The contact page shows the
enterprise's tax id, phone and e-mail, as many real sites do.
"""

from __future__ import annotations

import json
from html import escape

from destat.demo.websites import SiteSpec

__all__ = ["page", "robots_txt"]

# Per language: home, shop, contact, add to cart, cart, checkout, delivery, services text,
# price list heading, products (3).
_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "home": "Inicio", "shop": "Tienda", "contact": "Contacto",
        "add": "Añadir al carrito", "cart": "Carrito de compras", "checkout": "Finalizar compra",
        "delivery": "Envío a domicilio en todo el país",
        "about": "Somos una empresa familiar con más de veinte años de experiencia al servicio "
        "de nuestros clientes en la región.",
        "prices": "Lista de precios", "products": "Camisa de algodón|Silla de madera|Café molido",
    },
    "en": {
        "home": "Home", "shop": "Shop", "contact": "Contact",
        "add": "Add to cart", "cart": "Shopping cart", "checkout": "Checkout",
        "delivery": "Free shipping on orders over $50",
        "about": "We are a family business with more than twenty years of experience serving "
        "our customers in the region.",
        "prices": "Price list", "products": "Cotton shirt|Wooden chair|Ground coffee",
    },
    "pt": {
        "home": "Início", "shop": "Loja", "contact": "Contato",
        "add": "Adicionar ao carrinho", "cart": "Carrinho de compras", "checkout": "Finalizar "
        "compra", "delivery": "Entrega em todo o país",
        "about": "Somos uma empresa familiar com mais de vinte anos de experiência ao serviço "
        "dos nossos clientes na região.",
        "prices": "Tabela de preços", "products": "Camisa de algodão|Cadeira de madeira|Café moído",
    },
    "fr": {
        "home": "Accueil", "shop": "Boutique", "contact": "Contact",
        "add": "Ajouter au panier", "cart": "Mon panier", "checkout": "Commander",
        "delivery": "Livraison à domicile dans tout le pays",
        "about": "Nous sommes une entreprise familiale avec plus de vingt ans d'expérience au "
        "service de nos clients de la région.",
        "prices": "Nos tarifs", "products": "Chemise en coton|Chaise en bois|Café moulu",
    },
    "ru": {
        "home": "Главная", "shop": "Магазин", "contact": "Контакты",
        "add": "В корзину", "cart": "Корзина", "checkout": "Оформить заказ",
        "delivery": "Доставка по всей стране",
        "about": "Мы семейная компания с более чем двадцатилетним опытом работы для наших "
        "клиентов в регионе.",
        "prices": "Прайс-лист", "products": "Хлопковая рубашка|Деревянный стул|Молотый кофе",
    },
    "ar": {
        "home": "الرئيسية", "shop": "المتجر", "contact": "اتصل بنا",
        "add": "أضف إلى السلة", "cart": "سلة التسوق", "checkout": "إتمام الشراء",
        "delivery": "التوصيل إلى جميع أنحاء البلاد",
        "about": "نحن شركة عائلية تتمتع بخبرة تزيد على عشرين عاما في خدمة عملائنا في المنطقة.",
        "prices": "قائمة الأسعار", "products": "قميص قطني|كرسي خشبي|قهوة مطحونة",
    },
    "zh": {
        "home": "首页", "shop": "网上商城", "contact": "联系我们",
        "add": "加入购物车", "cart": "购物车", "checkout": "结算",
        "delivery": "全国送货上门",
        "about": "我们是一家拥有二十多年经验的家族企业，为本地区的客户提供服务。",
        "prices": "价格表", "products": "棉衬衫|木椅|研磨咖啡",
    },
}  # fmt: skip
_SHOP_PATH = "/tienda"
_CONTACT_PATH = "/contacto"
_PAYMENT_LOGOS = ("visa", "mastercard", "paypal", "mercadopago")


def robots_txt(spec: SiteSpec) -> str:
    """A robots.txt that keeps crawlers out of the account pages, or out of the whole site."""
    if spec.blocks_crawlers:
        return "User-agent: *\nDisallow: /\n"
    return "User-agent: *\nDisallow: /cuenta/\n"


def page(spec: SiteSpec, path: str) -> str | None:
    """The HTML of ``path`` on the site, or None when the site has no such page."""
    words = _WORDS[spec.language]
    if path == "/":
        body = f"<p>{escape(words['about'])}</p>" + (
            _catalogue(spec, words) + _checkout(words) if spec.shop else _price_list(spec, words)
        )
    elif path == _SHOP_PATH and spec.shop:
        body = _catalogue(spec, words) + _checkout(words)
    elif path == _CONTACT_PATH:
        body = _contact(spec)
    else:
        return None
    return _frame(spec, words, body)


def _frame(spec: SiteSpec, words: dict[str, str], body: str) -> str:
    links = [("/", words["home"]), (_CONTACT_PATH, words["contact"])]
    if spec.shop:
        links.insert(1, (_SHOP_PATH, words["shop"]))
    nav = " ".join(f'<a href="{href}">{escape(text)}</a>' for href, text in links)
    social = " ".join(
        f'<a href="https://www.{network}.com/{escape(spec.host.split(".")[1])}">{network}</a>'
        for network in spec.social
    )
    direction = ' dir="rtl"' if spec.language == "ar" else ""
    return (
        f'<!doctype html><html lang="{spec.language}"{direction}><head><meta charset="utf-8">'
        f"<title>{escape(spec.name)}</title>{_schema(spec)}</head><body><header><nav>{nav}</nav>"
        f"</header><main><h1>{escape(spec.name)}</h1>{body}</main>"
        f"<footer>{social}<p>{escape(spec.name)}</p></footer></body></html>"
    )


def _products(words: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, f"{12 + 17 * i}.90") for i, name in enumerate(words["products"].split("|"))]


def _catalogue(spec: SiteSpec, words: dict[str, str]) -> str:
    cards = "".join(
        f'<div class="product"><h2>{escape(name)}</h2><span class="product-price">US$ {price}'
        f'</span><form><input type="number" name="qty" value="1"><button class="add-to-cart">'
        f"{escape(words['add'])}</button></form></div>"
        for name, price in _products(words)
    )
    return f'<section class="products">{cards}</section><a href="{_SHOP_PATH}">{words["shop"]}</a>'


def _checkout(words: dict[str, str]) -> str:
    logos = "".join(f'<img src="/img/{logo}.svg" alt="{logo}">' for logo in _PAYMENT_LOGOS)
    return (
        f'<aside class="mini-cart"><h2>{escape(words["cart"])}</h2>'
        f'<a class="checkout" href="{_SHOP_PATH}">{escape(words["checkout"])}</a>'
        f"<p>{escape(words['delivery'])}</p><div class=payments>{logos}</div></aside>"
    )


def _price_list(spec: SiteSpec, words: dict[str, str]) -> str:
    if not spec.price_list:
        return ""
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>US$ {price}</td></tr>" for name, price in _products(words)
    )
    return f"<h2>{escape(words['prices'])}</h2><table>{rows}</table>"


def _contact(spec: SiteSpec) -> str:
    return (
        f"<address>NIT {escape(spec.tax_id)}<br>Tel. {escape(spec.phone)}<br>"
        f'<a href="mailto:{escape(spec.email)}">{escape(spec.email)}</a></address>'
    )


def _schema(spec: SiteSpec) -> str:
    if not spec.shop:
        return ""
    offers = [
        {
            "@type": "Product",
            "name": name,
            "offers": {"@type": "Offer", "price": price, "priceCurrency": "USD"},
        }
        for name, price in _products(_WORDS[spec.language])
    ]
    data = json.dumps({"@context": "https://schema.org", "@graph": offers}, ensure_ascii=False)
    safe = data.replace("</", "<\\/")
    return f'<script type="application/ld+json">{safe}</script>'
