"""Default settings of the provider adapters, in a module light enough for ``destat.toml``'s
schema to import."""

from __future__ import annotations

__all__ = ["DEFAULT_THRESHOLD"]

# Chosen by the sweep in docs/marketplace-postal.md: on the demo register, whose names come
# from small word lists, sellers outside the register find near twins below 0.92.
DEFAULT_THRESHOLD = 0.92
