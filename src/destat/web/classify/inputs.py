"""The few numbers a classifier sees for a site, each a transparent summary of page features.

Counts enter as ``log(1 + count)`` so that one page with hundreds of prices does not outweigh
everything else; cue families that mean the same thing (a cart word in the text, a cart
widget in the markup, an add-to-cart button) are added up into one input, which keeps the
model small enough to be learnt from a hundred labelled sites.

Price counts and shipping or web-shop words are extracted but left out: on the development
pages they are as frequent on price-comparison, classified-ads and car-listing sites as on
shops, and grouped cross-validation was better without them (0.913 against 0.905 F1).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from destat.web.extract.features import PageFeatures


def _log(count: float) -> float:
    return math.log1p(max(count, 0.0))


def _shop_controls(f: PageFeatures) -> float:
    return _log(
        f.cart_words
        + f.cart_markup
        + f.add_to_cart_words
        + f.add_to_cart_markup
        + f.quantity_fields
        + f.checkout_words
        + f.order_account_words
    )


MODEL_INPUTS: dict[str, tuple[str, Callable[[PageFeatures], float]]] = {
    "shop_controls": (
        "log(1 + cart, add-to-cart/buy-now, checkout and my-orders cues in text and markup,"
        " and quantity fields)",
        _shop_controls,
    ),
    "booking_or_plan": (
        "log(1 + booking/ticket/gift-voucher words + prices per period or near plan words)",
        lambda f: _log(f.booking_words + f.period_prices + f.plan_prices),
    ),
    "product_markup": (
        "1 if schema.org Product/Offer or product-price identifiers are present, else 0",
        lambda f: float(f.schema_products + f.schema_priced_offers + f.product_markup > 0),
    ),
    "payment_or_platform": (
        "number of payment providers and shop platforms named (at most 3)",
        lambda f: float(min(3, len(f.payment_providers) + len(f.shop_platforms))),
    ),
    "shop_links": (
        "log(1 + links to a shop host or /shop section)",
        lambda f: _log(f.shop_links),
    ),
    "not_a_shop": (
        "log(1 + classified-ads, price-comparison/coupon and donation words or buttons)",
        lambda f: _log(
            f.classifieds_words + f.comparison_words + f.donate_words + f.donation_buttons
        ),
    ),
    "article": (
        "1 if the page declares itself an article (schema.org Article, og:type, <article>)",
        lambda f: float(f.schema_articles + f.article_elements > 0),
    ),
}
"""Input name to (meaning, function of the features); the order is the model's column order."""


def input_names() -> tuple[str, ...]:
    """Names of the model inputs, in column order."""
    return tuple(MODEL_INPUTS)


def input_vector(features: PageFeatures) -> list[float]:
    """The model inputs of one page or site, in column order."""
    return [compute(features) for _, compute in MODEL_INPUTS.values()]


def input_rows(features: Sequence[PageFeatures]) -> list[list[float]]:
    """The model inputs of many pages or sites."""
    return [input_vector(item) for item in features]
