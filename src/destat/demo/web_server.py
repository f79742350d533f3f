"""Serving the demo's generated sites on 127.0.0.1, one port for all, told apart by Host.

The server runs in its own process (so the crawler keeps its core), speaks just enough
HTTP/1.1 for a crawler (GET, keep-alive) and answers for the sites it was given; any other
host gets 404. A crawler reaches the sites by their names through ``CrawlConfig.connect_to``.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection

from destat.demo.web_pages import page, robots_txt
from destat.demo.websites import SiteSpec
from destat.errors import DestatError

__all__ = ["serve_sites"]

_ADDRESS = "127.0.0.1"
_MAX_HEADER = 16_384
_START_TIMEOUT = 30.0


def _response(status: str, body: str, ctype: str) -> bytes:
    data = body.encode("utf-8")
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(data)}\r\n\r\n"
    return head.encode("ascii") + data


class _Http(asyncio.Protocol):
    def __init__(self, sites: dict[str, SiteSpec]) -> None:
        self._sites = sites
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if isinstance(transport, asyncio.Transport):
            self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > _MAX_HEADER and b"\r\n\r\n" not in self._buffer:
            self._buffer = b""
            if self._transport is not None:
                self._transport.close()
            return
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head, self._buffer = self._buffer[:end].decode("latin-1"), self._buffer[end + 4 :]
            if self._transport is not None:
                self._transport.write(self._answer(head))

    def _answer(self, head: str) -> bytes:
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1].split("?", 1)[0] if len(parts) >= 3 else "/"
        host = next(
            (
                line.split(":", 1)[1].strip()
                for line in lines[1:]
                if line.lower().startswith("host:")
            ),
            "",
        )
        site = self._sites.get(host.split(":", 1)[0].lower())
        if site is not None and path == "/robots.txt":
            return _response("200 OK", robots_txt(site), "text/plain; charset=utf-8")
        html = page(site, path) if site is not None else None
        if html is None:
            return _response("404 Not Found", "not found", "text/plain")
        return _response("200 OK", html, "text/html; charset=utf-8")


async def _serve(sites: dict[str, SiteSpec], ready: Connection, stop: Connection) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Http(sites), _ADDRESS, 0)
    ready.send(server.sockets[0].getsockname()[1])
    await loop.run_in_executor(None, stop.recv)
    server.close()


def _run(specs: tuple[SiteSpec, ...], ready: Connection, stop: Connection) -> None:
    sites = {name: spec for spec in specs for name in (spec.host, spec.host.removeprefix("www."))}
    asyncio.run(_serve(sites, ready, stop))


@contextmanager
def serve_sites(specs: tuple[SiteSpec, ...]) -> Iterator[int]:
    """Serve the sites on 127.0.0.1 while the block runs; yield the port."""
    context = multiprocessing.get_context("spawn")
    ready_in, ready_out = context.Pipe(duplex=False)
    stop_in, stop_out = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(specs, ready_out, stop_in), daemon=True)
    process.start()
    try:
        if not ready_in.poll(_START_TIMEOUT):
            raise DestatError("The demo's web server did not start within 30 s.")
        yield int(ready_in.recv())
    finally:
        stop_out.send(None)
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()
