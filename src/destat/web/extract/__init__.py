"""Features of web pages and sites for e-commerce detection.

Every feature function is pure (bytes or text in, frozen record out), bounded in the work it
does per page, and never touches the network, so the same code runs in a local loop or
inside Apache Spark (``rdd.map(lambda body: extract_page_features(body).to_row())``).
"""

from destat.web.extract.decode import DecodedHtml, decode_html
from destat.web.extract.features import PageFeatures, extract_page_features
from destat.web.extract.sites import combine_pages, registered_domain
from destat.web.extract.sources import PageSource, iter_pages, read_saved_pages, read_warc

__all__ = [
    "DecodedHtml",
    "PageFeatures",
    "PageSource",
    "combine_pages",
    "decode_html",
    "extract_page_features",
    "iter_pages",
    "read_saved_pages",
    "read_warc",
    "registered_domain",
]
