"""A transparent rule baseline: points for each kind of evidence, and a threshold.

| evidence (on the site's pages)                                   | points |
| ---------------------------------------------------------------- | ------ |
| any cart, add-to-cart, checkout or my-orders cue                 | +2     |
| three or more such cues                                          | +1     |
| booking, ticket or gift-voucher words, or a price for a plan     | +2     |
| a payment provider or shop platform named                        | +1     |
| schema.org Product/Offer or product-price markup                 | +1     |
| three or more prices with a currency                             | +1     |
| shipping, stock or web-shop words                                | +1     |
| a link to a shop host or ``/shop`` section                       | +1     |
| classified-ads, price-comparison, coupon or donation words/buttons | -2    |
| the page declares itself an article                              | -1     |

A site sells online when it has at least ``THRESHOLD`` points. The weights were set by hand
from the labelling rule, then checked (not searched) on the development half.
"""

from __future__ import annotations

import math

from destat.web.extract.features import PageFeatures

THRESHOLD = 3


def rule_points(f: PageFeatures) -> int:
    """Points of evidence that a site sells online (see the module table)."""
    controls = (
        f.cart_words
        + f.cart_markup
        + f.add_to_cart_words
        + f.add_to_cart_markup
        + f.quantity_fields
        + f.checkout_words
        + f.order_account_words
    )
    points = 0
    points += 2 if controls >= 1 else 0
    points += 1 if controls >= 3 else 0
    points += 2 if f.booking_words + f.period_prices + f.plan_prices >= 1 else 0
    points += 1 if f.payment_providers or f.shop_platforms else 0
    points += 1 if f.schema_products + f.schema_priced_offers + f.product_markup >= 1 else 0
    points += 1 if f.prices >= 3 else 0
    points += 1 if f.shipping_words + f.shop_name_words >= 1 else 0
    points += 1 if f.shop_links >= 1 else 0
    points -= (
        2 if f.classifieds_words + f.comparison_words + f.donate_words + f.donation_buttons else 0
    )
    points -= 1 if f.schema_articles + f.article_elements else 0
    return points


def rule_probability(f: PageFeatures) -> float:
    """The points mapped to (0, 1) so that 0.5 falls at the threshold; a score, not calibrated."""
    return 1.0 / (1.0 + math.exp(-(rule_points(f) - THRESHOLD + 0.5)))
