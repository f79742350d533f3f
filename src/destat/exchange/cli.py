"""The ``destat provider`` and ``destat exchange`` command groups."""

from destat.exchange.cli_nso import exchange_app
from destat.exchange.cli_provider import provider_app

__all__ = ["exchange_app", "provider_app"]
