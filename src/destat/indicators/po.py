"""Maintenance of the ``destat`` gettext catalogues with Babel.

The message ids are the English strings of ``data/catalogue.toml``. After editing the catalogue,
run ``python -m destat.indicators.po`` from a source checkout: it merges new strings into every
``.po`` (new ones stay untranslated), drops obsolete ones and recompiles the ``.mo`` files.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from destat.indicators.catalogue import load_catalogue
from destat.indicators.datafiles import read_package_bytes
from destat.indicators.i18n import DOMAIN, LANGUAGES, normalize_language

__all__ = [
    "catalogue_template",
    "compile_mo",
    "mo_messages",
    "package_po",
    "po_messages",
    "untranslated",
    "update_locales",
]

LOCALES_DIR = Path(__file__).parent / "locales"
Text = str | tuple[str, ...]
Messages = dict[Text, Text]


def catalogue_template() -> Catalog:
    """A template (POT) catalogue holding every translatable string of the indicator catalogue."""
    template = Catalog(project="destat", domain=DOMAIN, fuzzy=False)
    catalogue = load_catalogue()
    for text in catalogue.messages():
        template.add(text)
    for singular, plural in catalogue.plural_messages():
        template.add((singular, plural))
    return template


def package_po(lang: str) -> Catalog:
    """The ``.po`` catalogue of a language as shipped in the package."""
    code = normalize_language(lang)
    data = read_package_bytes("locales", code, "LC_MESSAGES", f"{DOMAIN}.po")
    return read_po(io.BytesIO(data), locale=code, domain=DOMAIN)


def compile_mo(catalog: Catalog) -> bytes:
    """Compile a catalogue to ``.mo`` bytes (fuzzy entries are left out, as gettext expects)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def po_messages(catalog: Catalog) -> Messages:
    """The translated, non-fuzzy messages of a catalogue, keyed by message id."""
    return {
        _freeze(message.id): _freeze(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def _freeze(text: str | tuple[str, ...] | list[str]) -> Text:
    return text if isinstance(text, str) else tuple(text)


def mo_messages(data: bytes) -> Messages:
    """The messages of compiled ``.mo`` bytes, keyed by message id."""
    return po_messages(read_mo(io.BytesIO(data)))


def _is_translated(string: object) -> bool:
    if isinstance(string, str):
        return bool(string.strip())
    return isinstance(string, tuple | list) and all(str(part).strip() for part in string)


def untranslated(lang: str) -> list[str]:
    """Catalogue strings that the language's ``.po`` lacks, leaves empty or marks fuzzy."""
    catalog = package_po(lang)
    missing = []
    for message in catalogue_template():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None or entry.fuzzy or not _is_translated(entry.string):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update_locales(root: Path = LOCALES_DIR) -> list[Path]:
    """Merge the template into every ``.po`` under ``root`` and recompile the ``.mo`` files."""
    template = catalogue_template()
    written = []
    for lang in LANGUAGES:
        folder = root / lang / "LC_MESSAGES"
        po_path = folder / f"{DOMAIN}.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        ids, created = {m.id for m in catalog}, catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        if {m.id for m in catalog} == ids:
            catalog.creation_date = created
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
        (folder / f"{DOMAIN}.mo").write_bytes(compile_mo(catalog))
        written += [po_path, folder / f"{DOMAIN}.mo"]
    return written


if __name__ == "__main__":
    for path in update_locales():
        print(path)
