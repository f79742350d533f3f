"""Which internal links most likely lead to pages that show online sales.

A link scores by the sales words in its URL and in its text, in the languages of the
countries that use destat most (en, fr, es, pt, de, it, nl, ru, ar, zh and a few more).
Words that say "this site sells" (cart, checkout) weigh more than words that only say
"this site presents things" (products, contact).
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from destat.web.crawl.pages import Link

__all__ = ["SALES_WORDS", "score_link"]

_STRONG = 3
_MEDIUM = 2
_WEAK = 1

SALES_WORDS: dict[str, int] = {
    # en
    "cart": _STRONG,
    "basket": _STRONG,
    "checkout": _STRONG,
    "shop": _STRONG,
    "store": _MEDIUM,
    "buy": _STRONG,
    "order": _MEDIUM,
    "product": _MEDIUM,
    "catalog": _MEDIUM,
    "price": _MEDIUM,
    "delivery": _WEAK,
    "shipping": _WEAK,
    "payment": _MEDIUM,
    "contact": _WEAK,
    # fr
    "boutique": _STRONG,
    "panier": _STRONG,
    "commande": _MEDIUM,
    "acheter": _STRONG,
    "produit": _MEDIUM,
    "catalogue": _MEDIUM,
    "livraison": _WEAK,
    "paiement": _MEDIUM,
    "tarif": _MEDIUM,
    "prix": _MEDIUM,
    # es
    "tienda": _STRONG,
    "carrito": _STRONG,
    "cesta": _STRONG,
    "comprar": _STRONG,
    "pedido": _MEDIUM,
    "producto": _MEDIUM,
    "catálogo": _MEDIUM,
    "envío": _WEAK,
    "pago": _MEDIUM,
    "precio": _MEDIUM,
    "contacto": _WEAK,
    # pt
    "loja": _STRONG,
    "carrinho": _STRONG,
    "sacola": _STRONG,
    "encomenda": _MEDIUM,
    "produto": _MEDIUM,
    "pagamento": _MEDIUM,
    "entrega": _WEAK,
    "preço": _MEDIUM,
    "contato": _WEAK,
    # de
    "warenkorb": _STRONG,
    "kasse": _STRONG,
    "kaufen": _STRONG,
    "bestellen": _STRONG,
    "bestellung": _MEDIUM,
    "produkt": _MEDIUM,
    "katalog": _MEDIUM,
    "versand": _WEAK,
    "zahlung": _MEDIUM,
    "preis": _MEDIUM,
    "kontakt": _WEAK,
    # it, nl
    "negozio": _STRONG,
    "carrello": _STRONG,
    "acquista": _STRONG,
    "prodotti": _MEDIUM,
    "winkelwagen": _STRONG,
    "winkel": _MEDIUM,
    "bestel": _MEDIUM,
    # ru
    "магазин": _STRONG,
    "корзина": _STRONG,
    "корзину": _STRONG,
    "купить": _STRONG,
    "заказ": _MEDIUM,
    "оформить": _MEDIUM,
    "каталог": _MEDIUM,
    "товар": _MEDIUM,
    "доставка": _WEAK,
    "оплата": _MEDIUM,
    "цена": _MEDIUM,
    "контакт": _WEAK,
    # ar
    "متجر": _STRONG,
    "سلة": _STRONG,
    "شراء": _STRONG,
    "اشتر": _STRONG,
    "الدفع": _MEDIUM,
    "طلب": _MEDIUM,
    "منتجات": _MEDIUM,
    "المنتجات": _MEDIUM,
    "توصيل": _WEAK,
    "اتصل": _WEAK,
    # zh
    "商店": _STRONG,
    "购物车": _STRONG,
    "購物車": _STRONG,
    "商城": _STRONG,
    "购买": _STRONG,
    "購買": _STRONG,
    "结算": _STRONG,
    "订单": _MEDIUM,
    "訂單": _MEDIUM,
    "产品": _MEDIUM,
    "產品": _MEDIUM,
    "商品": _MEDIUM,
    "价格": _MEDIUM,
    "联系": _WEAK,
    "聯繫": _WEAK,
    # tr, pl, id/ms, sw
    "sepet": _STRONG,
    "mağaza": _STRONG,
    "koszyk": _STRONG,
    "sklep": _STRONG,
    "keranjang": _STRONG,
    "toko": _STRONG,
    "beli": _STRONG,
    "duka": _STRONG,
}


def score_link(link: Link) -> int:
    """Sum of the weights of the sales words in the link's URL path, query and text.

    A word that is part of a longer word that also matched is not counted again ("productos"
    scores as the Spanish "producto", not also as the English "product").
    """
    parts = urlsplit(link.url)
    haystack = " ".join((unquote(parts.path), unquote(parts.query), link.text)).lower()
    found = [word for word in SALES_WORDS if word in haystack]
    return sum(
        SALES_WORDS[word]
        for word in found
        if not any(word != longer and word in longer for longer in found)
    )
