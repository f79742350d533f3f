"""Names in the six UN languages: the catalogue's gettext translations for indicators, units and
breakdowns, and ``data/names.toml`` (unofficial translations) for the other concepts and codes.
"""

from __future__ import annotations

import logging
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from destat.indicators.i18n import LANGUAGES, translations
from destat.publish.sdmx.errors import SdmxError

__all__ = [
    "LANGUAGE_ORDER",
    "Text",
    "artefact_name",
    "catalogue_text",
    "code_name",
    "concept_name",
    "known_code_name",
    "release_name",
    "same_text",
]

logger = logging.getLogger(__name__)

LANGUAGE_ORDER = ("en", *(lang for lang in LANGUAGES if lang != "en"))
"""English first: readers that show a single name take the first one."""

Text = dict[str, str]
"""A human-readable text keyed by language code, one entry per UN language."""


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    resource = resources.files("destat.publish.sdmx").joinpath("data", "names.toml")
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError) as exc:
        raise SdmxError(
            f"The SDMX names file data/names.toml cannot be read ({exc}); reinstall destat."
        ) from exc


def same_text(text: str) -> Text:
    """The same text in every language (codes, years and proper names such as regions)."""
    return dict.fromkeys(LANGUAGE_ORDER, text)


def catalogue_text(message: str) -> Text:
    """A catalogue message (indicator name, unit label, ...) in the six languages via gettext."""
    return {lang: translations(lang).gettext(message) for lang in LANGUAGE_ORDER}


def _complete(entry: dict[str, str], english: str | None, what: str) -> Text:
    base = english if english is not None else entry.get("en", "")
    missing = [lang for lang in LANGUAGE_ORDER[1:] if lang not in entry]
    if missing:
        # A code added to a destat code list before its translations: publish the English name
        # rather than refuse the whole release.
        logger.warning("No %s name for %s; the English name is used.", "/".join(missing), what)
    return {lang: base if lang == "en" else entry.get(lang, base) for lang in LANGUAGE_ORDER}


def concept_name(concept: str) -> Text:
    """The name of an SDMX concept of the structure (``SE``, ``CONF_STATUS``, ...)."""
    entry = _names()["concepts"].get(concept)
    if entry is None:
        raise SdmxError(f"data/names.toml has no name for concept {concept}; add it there.")
    return _complete(entry, None, f"concept {concept}")


def artefact_name(key: str) -> Text:
    """The name of the dataflow (``DATAFLOW``) or of the concept scheme (``CONCEPTS``)."""
    return _complete(_names()["artefacts"][key], None, key)


def code_name(codelist: str, code: str, english: str | None = None) -> Text:
    """The name of ``code`` in ``codelist``; ``english`` overrides the file's English name."""
    entry = _names()["codes"].get(codelist, {}).get(code)
    if entry is None:
        if english is None:
            raise SdmxError(
                f"data/names.toml has no name for code {code} of {codelist}; add it there."
            )
        entry = {}
    return _complete(entry, english, f"code {code} of {codelist}")


def known_code_name(codelist: str, code: str) -> Text | None:
    """The name of ``code`` in ``codelist`` when ``data/names.toml`` has it in English."""
    entry = _names()["codes"].get(codelist, {}).get(code)
    if entry is None or "en" not in entry:
        return None
    return _complete(entry, None, f"code {code} of {codelist}")


def release_name(group: str, code: str) -> Text | None:
    """The statistical release's name of ``code`` in its message group ``group`` (indicators,
    breakdown codes, ICT-sector parts...), so that SDMX and the release name a code alike."""
    # Imported here: the release package loads templates and charts the SDMX writers never need.
    from destat.publish.release.messages import message_table

    entry = message_table().get(group, {}).get(code)
    if not isinstance(entry, dict) or "en" not in entry:
        return None
    return _complete(entry, None, f"{group} {code}")
