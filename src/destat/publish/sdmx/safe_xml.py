"""Reading SDMX-ML files as untrusted input: no DTDs, no entity expansion, no network access."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from destat.publish.sdmx.errors import UnsafeXmlError

__all__ = ["parse_xml"]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse an XML file, refusing any document that declares a DTD (and so entities)."""
    try:
        tree = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXmlError(
            f"{path} is not well-formed XML ({exc}); write it again or check it was not cut short."
        ) from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXmlError(
            f"{path} declares a DTD ({tree.docinfo.doctype!r}); SDMX-ML never needs one, so the "
            "file is refused. Ask its sender for a plain SDMX-ML file."
        )
    return tree
