"""Payment providers and shop platforms named in a page's markup and scripts.

Each signature is a trigger word (a part of a markup token, see
:func:`destat.web.extract.markup.token_words`) and, where the word alone is ambiguous, a
pattern that must also match the lower-cased markup. Only triggered patterns are run, so a
page costs a few set look-ups instead of dozens of scans.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

Signature = tuple[str, str | None]

PAYMENT_PROVIDERS: dict[str, tuple[Signature, ...]] = {
    "cards": (
        ("mastercard", None),
        ("amex", None),
        ("american", r"american express"),
        (
            "visa",
            r"visa[-_.](?:png|svg|gif|jpg|logo|icon)|icon[-_]visa|logo[-_]visa|payment[-_]visa"
            r"|card[-_]visa|pay[-_]visa"
            r"|visa\s*(?:/|,|&|and|y|et|und|и)\s*master",
        ),
        ("unionpay", None),
    ),
    "paypal": (("paypal", None), ("paypalobjects", None)),
    "stripe": (("stripe", r"js\.stripe\.com|stripe-button|data-stripe|checkout\.stripe\.com"),),
    "mercado_pago": (("mercadopago", None), ("mercado", r"mercado pago")),
    "m_pesa": (("pesa", r"m-pesa"), ("mpesa", None)),
    "alipay": (("alipay", None),),
    "wechat_pay": (("wechatpay", None), ("wechat", r"wechat[ _-]?pay")),
    "klarna": (("klarna", None),),
    "sofort": (
        ("sofort", r"sofort\.com|sofort-?(?:banking|überweisung)|sofortüberweisung"),
        ("sofortueberweisung", None),
    ),
    "ideal": (("ideal", r"ideal[-_.](?:png|svg|gif|logo|icon)|betalen met ideal"),),
    "giropay": (("giropay", None),),
    "apple_pay": (("applepay", None), ("apple", r"apple[- ]?pay")),
    "google_pay": (("googlepay", None), ("gpay", None), ("google", r"google[- ]?pay")),
    "amazon_pay": (("amazonpay", None), ("amazon", r"amazon[- ]?pay|payments\.amazon")),
    "adyen": (("adyen", None),),
    "braintree": (("braintree", r"braintreegateway|braintree-api|js\.braintree"),),
    "square": (("squareup", None),),
    "worldpay": (("worldpay", None),),
    "skrill": (("skrill", None), ("moneybookers", None)),
    "payu": (("payu", None),),
    "przelewy24": (("przelewy24", None),),
    "dotpay": (("dotpay", None),),
    "yookassa": (("yookassa", None), ("yandex", r"yandex\.?kassa|money\.yandex")),
    "qiwi": (("qiwi", None),),
    "webmoney": (("webmoney", None),),
    "robokassa": (("robokassa", None),),
    "liqpay": (("liqpay", None),),
    "paytm": (("paytm", None),),
    "razorpay": (("razorpay", None),),
    "paystack": (("paystack", None),),
    "flutterwave": (("flutterwave", None),),
    "pagseguro": (("pagseguro", None),),
    "boleto": (("boleto", None),),
}
"""Payment provider name to its signatures."""

SHOP_PLATFORMS: dict[str, tuple[Signature, ...]] = {
    "shopify": (("shopify", r"cdn\.shopify\.com|myshopify\.com|shopify\.theme"),),
    "woocommerce": (
        ("woocommerce", r"plugins/woocommerce/|woocommerce_params|wc_cart_fragments"),
        ("wc", r"wc-add-to-cart"),
    ),
    "magento": (
        ("frontend", r"skin/frontend/|/static/version\d+/frontend/"),
        ("mage", r"mage/cookies|text/x-magento-init|mage\.cookies"),
        ("varien", r"js/varien/"),
    ),
    "prestashop": (
        ("prestashop", r'content="prestashop|var prestashop\b|by prestashop'),
        ("blockcart", r"/modules/blockcart"),
        ("shoppingcart", r"ps_shoppingcart"),
    ),
    "vtex": (("vteximg", None), ("vtexassets", None), ("vtex", r"vtex\.com|vtexcommerce")),
    "opencart": (
        ("route", r"route=checkout/|route=product/|route=common/"),
        ("catalog", r"catalog/view/theme/"),
    ),
    "bigcommerce": (
        ("bigcommerce", r"cdn\d*\.bigcommerce\.com|bigcommerce\.com/s-"),
        ("stencil", r"stencil-utils"),
    ),
    "wix_stores": (("wixstores", None), ("wix", r"wix-ecommerce")),
    "squarespace_commerce": (("squarespace", r"squarespace-commerce"), ("sqs", r"sqs-add-to-cart")),
    "ecwid": (("ecwid", r"app\.ecwid\.com|ecwid_|xprodcutbrowser|ecwid-"),),
    "shopware": (("shopware", r'content="shopware|shopware\.(?:js|min)|/themes/frontend/'),),
    "oxid": (
        ("oxid", r"oxid esales|oxid eshop"),
        ("tobasket", r"fnc=tobasket"),
        ("basket", r"cl=basket"),
    ),
    "oscommerce": (("oscsid", None), ("oscommerce", None)),
    "zen_cart": (("zencart", None), ("main", r"main_page=(?:shopping_cart|product_info)")),
    "bitrix_shop": (("sale", r"sale\.basket|bitrix:sale"), ("basket", r"bx_basket")),
    "insales": (("insales", r"insales\.ru|assets\.insales|insales_"),),
    "demandware": (("demandware", None),),
    "hybris": (("yacceleratorstorefront", None), ("hybris", None)),
    "volusion": (("volusion", None),),
    "shift4shop": (("shift4shop", None),),
    "lightspeed": (("seoshop", None), ("webshopapp", None)),
    "shoper": (("shoper", r"shoper\.pl"),),
    "idosell": (("idosell", None), ("iai", r"iai-shop")),
    "nopcommerce": (("nopcommerce", None),),
    "tiendanube": (("tiendanube", None), ("nuvemshop", None)),
    "jumpseller": (("jumpseller", None),),
    "drupal_commerce": (("commerce", r"commerce-add-to-cart"),),
    "virtuemart": (("virtuemart", None),),
    "weebly_store": (("wsite", r"wsite-com-product"), ("weebly", r"weebly-commerce")),
}
"""Shop platform name to its signatures."""

_PAYMENT_TRIGGERS = frozenset(
    trigger for signatures in PAYMENT_PROVIDERS.values() for trigger, _ in signatures
)
# Patterns searched in the visible text, alternative by alternative (see _compiled).
_TEXT_PAYMENTS: dict[str, str] = {
    "alipay": "支付宝|支付寶",
    "wechat_pay": "微信支付",
    "cash_on_delivery": (
        r"cash on delivery|nachnahme|contre[- ]remboursement|contra ?reembolso"
        r"|pagamento alla consegna|za pobraniem|dobírk|наложенн\w+ плат[её]ж|оплата при получении"
        r"|货到付款|代金引換|الدفع عند الاستلام"
    ),
}
_DONATION_BUTTON = re.compile(r"_donations|btn_donate|donate[-_]?button|/donate\b")
_TOKEN_CHARS = frozenset(string.ascii_lowercase + string.digits + "-_")
_QUANTIFIERS = frozenset("?*+{")


@dataclass(frozen=True, slots=True)
class _Alternative:
    """One top-level alternative of a pattern, and the markup tokens' substrings that every
    match holds (checked first, in the few kilobytes of distinct tokens)."""

    regex: re.Pattern[str]
    needed: tuple[bytes, ...]

    def search(self, markup: str, tokens: bytes) -> bool:
        """Whether the pattern occurs in ``markup``, whose distinct tokens are ``tokens``."""
        return all(part in tokens for part in self.needed) and bool(self.regex.search(markup))


_COMPILED: dict[str, tuple[_Alternative, ...]] = {}


def find_payment_providers(
    words: frozenset[str], tokens: bytes, markup: str, text: str
) -> tuple[str, ...]:
    """Payment providers shown by the markup (logos, widgets, scripts, links), sorted.

    A trigger word must occur in the markup outside the visible text, so a news story about
    PayPal is not a PayPal button; a few phrases count in the text too (支付宝, cash on delivery).
    """
    # A word of ``words`` is in ``markup``, so a word absent from the text is shown, uncounted.
    shown = frozenset(
        word
        for word in words & _PAYMENT_TRIGGERS
        if word not in text or markup.count(word) > text.count(word)
    )
    found = set(_find(PAYMENT_PROVIDERS, shown, tokens, markup))
    found.update(
        name
        for name, pattern in _TEXT_PAYMENTS.items()
        if any(part.regex.search(text) for part in _compiled(pattern))
    )
    return tuple(sorted(found))


def find_shop_platforms(words: frozenset[str], tokens: bytes, markup: str) -> tuple[str, ...]:
    """Shop platforms whose fingerprints are in the markup, sorted."""
    return tuple(sorted(_find(SHOP_PLATFORMS, words, tokens, markup)))


def count_donation_buttons(words: frozenset[str], markup: str) -> int:
    """Count donation buttons and links (PayPal donate forms, ``/donate`` pages)."""
    if not words & {"donate", "donations"}:
        return 0
    return sum(1 for _ in _DONATION_BUTTON.finditer(markup))


def _find(
    table: dict[str, tuple[Signature, ...]], words: frozenset[str], tokens: bytes, markup: str
) -> list[str]:
    """Names whose signature holds: a trigger among ``words`` and, if it has one, its pattern
    in ``markup`` (``tokens`` are the markup's distinct tokens, see :func:`markup_tokens`)."""
    return [
        name
        for name, signatures in table.items()
        if any(
            trigger in words
            and (confirm is None or any(part.search(markup, tokens) for part in _compiled(confirm)))
            for trigger, confirm in signatures
        )
    ]


def _compiled(pattern: str) -> tuple[_Alternative, ...]:
    """The top-level alternatives of a pattern, compiled one by one: each then starts with a
    literal, which the regex engine finds by fast search instead of trying every position."""
    alternatives = _COMPILED.get(pattern)
    if alternatives is None:
        alternatives = _COMPILED[pattern] = tuple(
            _Alternative(re.compile(part), _needed_parts(part)) for part in _alternatives(pattern)
        )
    return alternatives


def _needed_parts(alternative: str) -> tuple[bytes, ...]:
    """Runs of token characters (``a-z0-9-_``) that every match of a pattern holds: its literal
    characters outside groups, classes and escapes that no quantifier makes optional or
    repeats (the pattern has no ``|`` outside groups).

    In lower-cased markup such a run occurs only inside one token, so a pattern whose runs
    are not all among the page's distinct tokens cannot match, and is not searched.
    """
    runs, run = [], ""
    for literal, element in _elements(alternative):
        if literal:
            run += element
        else:
            runs.append(run)
            run = ""
    runs.append(run)
    parts = "".join(char if char in _TOKEN_CHARS else " " for char in " ".join(runs)).split()
    return tuple(part.encode() for part in parts)


def _elements(pattern: str) -> list[tuple[bool, str]]:
    """A pattern's elements, each with whether it is one literal character matched once."""
    elements: list[tuple[bool, str]] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char in _QUANTIFIERS:
            end = pattern.index("}", position) + 1 if char == "{" else position + 1
            end += pattern[end : end + 1] == "?"  # a lazy quantifier
            elements[-1] = (False, elements[-1][1] + pattern[position:end])
        elif char == "\\":
            end = position + 2
            elements.append((not pattern[position + 1].isalnum(), pattern[position + 1]))
        elif char in "[(":
            end = _closing(pattern, position)
            elements.append((False, pattern[position:end]))
        else:
            end = position + 1
            elements.append((char not in ".^$", char))
        position = end
    return elements


def _closing(pattern: str, position: int) -> int:
    """The position after the class or group opened at ``position``."""
    closing = {"[": "]", "(": ")"}[pattern[position]]
    depth, index = 0, position
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == pattern[position]:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"unbalanced {pattern[position]!r} in {pattern!r}")


def _alternatives(pattern: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for position, char in enumerate(pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0 and pattern[position - 1] != "\\":
            parts.append(pattern[start:position])
            start = position + 1
    parts.append(pattern[start:])
    return parts
