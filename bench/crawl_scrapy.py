"""The Scrapy side of the crawl benchmark: a spider that crawls like ``destat web crawl``.

    python bench/crawl_scrapy.py SEEDS OUT_DIR --concurrency 64 --delay 0.25 --max-pages 20

It obeys robots.txt, keeps Scrapy's per-host limits (``CONCURRENT_REQUESTS_PER_DOMAIN``, a
fixed ``DOWNLOAD_DELAY``, no AutoThrottle), follows the same-host links of every page (links
to images, documents and the like are left out by Scrapy's link extractor, as destat leaves
them out) up to ``--max-pages`` requests per host, and writes one line per page to a JSON
Lines feed. Scrapy reads no ``Crawl-delay``. The settings follow Scrapy's advice for broad
crawls (a scheduler that spreads requests over hosts, breadth-first order, no telnet console,
INFO logging), so Scrapy runs at its best. ``OUT_DIR/result.json`` gets Scrapy's counters.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor


class SitesSpider(scrapy.Spider):  # type: ignore[misc]
    """Every seed's site: its home page, then its same-host links, up to a page budget."""

    name = "sites"

    def __init__(self, seeds: list[str], max_pages: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seeds = seeds
        self.max_pages = max_pages
        self.queued: Counter[str] = Counter()
        self.links = LinkExtractor()

    async def start(self) -> Any:
        """The home page of every site."""
        for url in self.seeds:
            self.queued[urlsplit(url).netloc] += 1
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[Any]:
        """Record the page and queue its same-host links within the host's budget."""
        yield {"url": response.url, "status": response.status, "bytes": len(response.body)}
        if not hasattr(response, "text"):
            return
        host = urlsplit(response.url).netloc
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc != host or self.queued[host] >= self.max_pages:
                continue
            self.queued[host] += 1
            yield response.follow(link, callback=self.parse)


def settings(args: argparse.Namespace) -> dict[str, Any]:
    """The Scrapy settings of the benchmark: the same politeness as destat's run."""
    return {
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.per_host,
        "DOWNLOAD_DELAY": args.delay,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "USER_AGENT": "scrapy-bench (+https://github.com/destat/destat; benchmark)",
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "DEPTH_PRIORITY": 1,
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "FEEDS": {str(args.out / "pages.jsonl"): {"format": "jsonlines"}},
    }


def main() -> None:
    """Crawl the seeds with Scrapy and write its counters to ``OUT_DIR/result.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=1)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--max-pages", type=int, default=20)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seeds = [line.strip() for line in args.seeds.read_text().splitlines() if line.strip()]
    process = CrawlerProcess(settings(args))
    crawler = process.create_crawler(SitesSpider)
    process.crawl(crawler, seeds=seeds, max_pages=args.max_pages)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float)}
    result = {"stats": stats, "versions": {"scrapy": metadata.version("scrapy")}}
    (args.out / "result.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
