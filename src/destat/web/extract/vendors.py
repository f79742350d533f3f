"""Payment providers and shop platforms named in a page's markup and scripts.

Each signature is a trigger word (a part of a markup token, see
:class:`destat.web.extract.markup.MarkupFinder`) and, where the word alone is ambiguous, a
pattern that must also match the lower-cased markup. Only triggered patterns are run, so a
page costs a few set look-ups instead of dozens of scans.
"""

from __future__ import annotations

import re

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
_DONATION_WORDS = frozenset({"donate", "donations"})
VENDOR_WORDS = (
    _PAYMENT_TRIGGERS
    | {trigger for signatures in SHOP_PLATFORMS.values() for trigger, _ in signatures}
    | _DONATION_WORDS
)
"""The markup words that the functions below look for (their ``words`` need hold no others)."""
_DONATION_BUTTON = re.compile(r"_donations|btn_donate|donate[-_]?button|/donate\b")
_COMPILED: dict[str, tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]] = {}
_SPECIAL = frozenset(".^$*+?{}[]()|")
_REPEATS = frozenset("?*+{")
_LITERAL_CLASS = re.compile(r"\[([^\]\\^]+)\](\??)")
_ASCII_PIECE = re.compile(r"[\x00-\x7f]+")
# ASCII as the markup token pass sees it: characters that cannot be part of an identifier are
# spaces (see markup_cut).
_AS_TOKENS = str.maketrans(
    {chr(code): " " for code in range(128) if not re.match(r"[a-z0-9_-]", chr(code))}
)
# Shorter parts (``js``, ``cdn``, ``icon``) are on most pages: looking for them would only cost.
_MIN_PART_CHARS = 6
_MAX_SPELLINGS = 8


def find_payment_providers(
    words: frozenset[str], markup: str, text: str, parts: frozenset[str] | None = None
) -> tuple[str, ...]:
    """Payment providers shown by the markup (logos, widgets, scripts, links), sorted.

    ``parts``, when given, are the token parts found in the markup by the same
    :class:`~destat.web.extract.markup.MarkupFinder` as ``words``, looking for
    :data:`VENDOR_PARTS` among others: patterns needing a part that is absent are not run.
    A trigger word must occur in the markup outside the visible text, so a news story about
    PayPal is not a PayPal button; a few phrases count in the text too (支付宝, cash on delivery).
    """
    # A word of ``words`` is in ``markup``, so a word absent from the text is shown, uncounted.
    shown = frozenset(
        word
        for word in words & _PAYMENT_TRIGGERS
        if word not in text or markup.count(word) > text.count(word)
    )
    found = set(_find(PAYMENT_PROVIDERS, shown, markup, parts))
    found.update(
        name for name, pattern in _TEXT_PAYMENTS.items() if _confirmed(pattern, text, None)
    )
    return tuple(sorted(found))


def find_shop_platforms(
    words: frozenset[str], markup: str, parts: frozenset[str] | None = None
) -> tuple[str, ...]:
    """Shop platforms whose fingerprints are in the markup, sorted (``parts`` as for
    :func:`find_payment_providers`)."""
    return tuple(sorted(_find(SHOP_PLATFORMS, words, markup, parts)))


def count_donation_buttons(words: frozenset[str], markup: str) -> int:
    """Count donation buttons and links (PayPal donate forms, ``/donate`` pages)."""
    if not words & _DONATION_WORDS:
        return 0
    return sum(1 for _ in _DONATION_BUTTON.finditer(markup))


def _find(
    table: dict[str, tuple[Signature, ...]],
    words: frozenset[str],
    markup: str,
    parts: frozenset[str] | None,
) -> list[str]:
    return [
        name
        for name, signatures in table.items()
        if any(
            trigger in words and (confirm is None or _confirmed(confirm, markup, parts))
            for trigger, confirm in signatures
        )
    ]


def _confirmed(pattern: str, text: str, parts: frozenset[str] | None) -> bool:
    """Whether ``pattern`` matches in ``text``; when ``parts`` are known, an alternative none
    of whose required parts is among them is not run."""
    return any(
        (parts is None or not needed or not parts.isdisjoint(needed)) and regex.search(text)
        for needed, regex in _compiled(pattern)
    )


def _compiled(pattern: str) -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    """The top-level alternatives of a pattern, compiled one by one (each then starts with a
    literal, which the regex engine finds by fast search instead of trying every position),
    each with the parts of markup tokens one of which all its matches hold (see
    :func:`required_parts`)."""
    regexes = _COMPILED.get(pattern)
    if regexes is None:
        regexes = _COMPILED[pattern] = tuple(
            (required_parts(part), re.compile(part)) for part in _alternatives(pattern)
        )
    return regexes


def required_parts(alternative: str) -> tuple[str, ...]:
    """Parts of markup tokens as the token pass sees them (other characters as spaces), one of
    which every match of a regular expression without ``|`` at its top level holds; ``()`` when
    none is worth looking for. Each is the longest ASCII piece of one of its leading spellings
    (``google[- ]?pay``: ``google-pay``, ``google pay``, ``googlepay``)."""
    parts = []
    for spelling in leading_spellings(alternative):
        part = max(_ASCII_PIECE.findall(spelling), key=len, default="").translate(_AS_TOKENS)
        if len(part.strip()) < _MIN_PART_CHARS:
            return ()
        parts.append(part)
    return tuple(sorted(set(parts)))


def leading_spellings(alternative: str) -> list[str]:
    """The strings one of which every match of an expression without ``|`` at its top level
    starts with: its leading literals and classes of literal characters (optional or not),
    each class spelled every way, up to the first other construct (``[]`` if too many)."""
    spellings = [""]
    position = 0
    while True:
        literals, position = _leading_literals(alternative, position)
        spellings = [spelling + literals for spelling in spellings]
        choice = _LITERAL_CLASS.match(alternative, position)
        repeated = alternative[choice.end() : choice.end() + 1] in _REPEATS if choice else False
        # none, a range such as a-z, or a class repeated (``[ab]*``): spelled no further
        if choice is None or "-" in choice.group(1)[1:-1] or repeated:
            return spellings
        members = [*choice.group(1), *([""] if choice.group(2) else [])]
        spellings = [spelling + member for spelling in spellings for member in members]
        if len(spellings) > _MAX_SPELLINGS:
            return []
        position = choice.end()


def _leading_literals(pattern: str, position: int) -> tuple[str, int]:
    """The literal characters of ``pattern`` from ``position`` on, and where they end."""
    literals: list[str] = []
    while position < len(pattern):
        char, step = pattern[position], 1
        if char == "\\":
            char, step = pattern[position + 1 : position + 2], 2
            if not char or char.isalnum():  # \d, \b, \1 ...: not a literal character
                break
        elif char in _SPECIAL:
            break
        if pattern[position + step : position + step + 1] in _REPEATS:
            break
        literals.append(char)
        position += step
    return "".join(literals), position


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


VENDOR_PARTS = frozenset(
    part
    for table in (PAYMENT_PROVIDERS, SHOP_PLATFORMS)
    for signatures in table.values()
    for _, confirm in signatures
    if confirm is not None
    for needed, _ in _compiled(confirm)
    for part in needed
)
"""The token parts that ``parts`` of the functions above are searched for."""
