"""Bounds on the work done per page, so that hostile or huge pages cannot stall a run."""

from __future__ import annotations

MAX_HTML_BYTES = 2_000_000
"""Bytes of a page body that are read at all; the rest is dropped before decoding."""

MAX_TEXT_CHARS = 200_000
"""Characters of visible text scanned for words and prices."""

MAX_ATTRIBUTE_CHARS = 200_000
"""Characters of button, image and link labels (``value``, ``title``, ``alt``) read as words."""

MAX_MARKUP_SCAN_CHARS = 600_000
"""Characters of raw markup cut into tokens for shop cues, payment providers and platforms."""

MAX_JSON_LD_CHARS = 200_000
"""Characters of JSON-LD (all blocks together) that are parsed."""

MAX_JSON_DEPTH = 20
"""Nesting depth up to which JSON-LD objects are walked."""

MAX_ELEMENTS = 30_000
"""Elements visited for the title, meta tags, schema.org markup and articles."""

MAX_NESTING = 2_000
"""Open elements allowed at once; deeper markup is cut (parsers slow down with the square of
depth, and real pages stay below a few hundred)."""
