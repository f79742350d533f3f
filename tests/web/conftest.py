"""Fixtures of the web tests: a farm of local test sites and a crawl configuration for them."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sites import Farm

from destat.web.crawl import CrawlConfig


@pytest.fixture
def farm() -> Iterator[Farm]:
    """Local test sites on 127.0.0.1, stopped after the test."""
    sites = Farm()
    yield sites
    sites.close()


@pytest.fixture
def config() -> CrawlConfig:
    """A configuration for local test sites: private addresses allowed, short waits."""
    return CrawlConfig(
        delay=0.0,
        backoff=0.01,
        max_retry_after=0.05,
        retries=2,
        connect_timeout=2.0,
        read_timeout=2.0,
        request_timeout=10.0,
        allow_private=True,
    )


@pytest.fixture
def unused_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
