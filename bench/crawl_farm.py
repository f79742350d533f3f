"""A web farm for the crawl benchmark: thousands of small company sites on loopback addresses.

    python bench/crawl_farm.py --sites 2000 --port 8470     # serves until killed

Every site is a distinct host: site ``i`` listens on its own loopback address (127.0.1.1,
127.0.1.2, ... all of 127.0.0.0/8 reaches this machine on Linux, with no setup), all on one
port, so per-host politeness means what it means on the web. One asyncio process serves every
site, so the crawlers' CPU time can be measured apart from the server's.

A site has a robots.txt, a home page and nine internal pages (about, contact, products, shop,
cart, checkout, ...) of 20 to 100 KB each, every page linking to every other, to the home pages
of two other sites of the farm, and to a few images and a PDF. Answers are gzip-compressed
when the client accepts it, as most servers do. The robots.txt of a site depends on its number
(see :func:`robots_txt`): most allow everything, some disallow the cart and checkout, some set
a Crawl-delay, some have none (404).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import random
import signal
import sys

PATHS = (
    "/",
    "/about",
    "/contact",
    "/products",
    "/products/1",
    "/products/2",
    "/products/3",
    "/shop",
    "/cart",
    "/checkout",
)
VARIANTS = 40
CRAWL_DELAY = 1


def address(site: int) -> str:
    """The loopback address of site ``site`` (0-based): 127.0.1.1, 127.0.1.2, ..."""
    return f"127.0.{1 + site // 250}.{1 + site % 250}"


def robots_txt(site: int) -> bytes | None:
    """The robots.txt of a site; None when it has none (404).

    Sites 0, 10, 20, ... set a Crawl-delay of ``CRAWL_DELAY`` seconds; sites 3, 13, ... and
    7, 17, ... disallow the cart and checkout; sites 5, 15, ... have no robots.txt.
    """
    kind = site % 10
    if kind == 5:
        return None
    lines = ["User-agent: *"]
    if kind in (3, 7):
        lines += ["Disallow: /cart", "Disallow: /checkout"]
    else:
        lines.append("Disallow: /account/")
    if kind == 0:
        lines.append(f"Crawl-delay: {CRAWL_DELAY}")
    return ("\n".join(lines) + "\n").encode()


_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ter",
    "van",
    "sel",
    "dor",
    "pri",
    "en",
    "ca",
    "ment",
    "tion",
    "ro",
    "bu",
    "sto",
    "fa",
    "gel",
    "nik",
    "ar",
    "os",
]


def _vocabulary(rng: random.Random) -> list[str]:
    """Made-up words, so that pages compress about as much as real ones (not 15 to 1)."""
    return ["".join(rng.choices(_SYLLABLES, k=rng.randint(1, 4))) for _ in range(3000)]


def _page(
    rng: random.Random, words: list[str], title: str, size: int, others: tuple[str, ...]
) -> bytes:
    """One page of about ``size`` bytes: navigation, product cards, text, a footer."""
    nav = "".join(
        f'<li class="nav-item"><a class="nav-link" href="{path}">{path.strip("/") or "Home"}'
        "</a></li>"
        for path in PATHS
    )
    outside = "".join(
        f'<a href="{url}" rel="external">Partner {n}</a> ' for n, url in enumerate(others)
    )
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{title}</title><link rel=stylesheet href=/static/site.css>",
        "<script src=/static/app.js defer></script></head><body>",
        f'<header><nav><ul class="nav">{nav}</ul></nav></header><main><h1>{title}</h1>',
    ]
    length = sum(map(len, parts))
    card = 0
    while length < size:
        text = " ".join(rng.choices(words, k=60))
        block = (
            f'<div class="card"><img src="/img/p{card}.jpg" alt="Product {card}">'
            f"<h2>Item {card}</h2><p>{text}</p>"
            f'<span class="price">{rng.randint(5, 500)}.{rng.randint(0, 99):02d}</span>'
            f'<a href="/products/{1 + card % 3}">Details</a> '
            f'<a href="/brochure-{card}.pdf">Brochure</a></div>'
        )
        parts.append(block)
        length += len(block)
        card += 1
    parts.append(f"</main><footer>{outside}<p>{' '.join(rng.choices(words, k=40))}</p>")
    parts.append("</footer></body></html>")
    return "".join(parts).encode()


class _Bodies:
    """A pool of page bodies (plain and gzip), shared by the sites to keep memory small."""

    def __init__(self, sites: int, port: int) -> None:
        rng = random.Random(20261126)
        words = _vocabulary(rng)
        self.sites = sites
        self.plain: list[bytes] = []
        for variant in range(VARIANTS):
            size = 20_000 + (80_000 * variant) // (VARIANTS - 1)
            others = tuple(
                f"http://{address(other % sites)}:{port}/" for other in (variant, variant * 7 + 3)
            )
            self.plain.append(_page(rng, words, f"Page {variant}", size, others))
        self.gzipped = [gzip.compress(body, 6) for body in self.plain]

    def page(self, site: int, path: str, gzipped: bool) -> bytes | None:
        """The body of ``path`` on ``site``, or None if there is no such page."""
        try:
            number = PATHS.index(path)
        except ValueError:
            return None
        variant = (site * 13 + number * 7) % VARIANTS
        return (self.gzipped if gzipped else self.plain)[variant]


def _response(status: str, body: bytes, ctype: str, gzipped: bool) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
    if gzipped:
        head.append("Content-Encoding: gzip")
    head.append("Server: bench-farm")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class _Http(asyncio.Protocol):
    """HTTP/1.1 with keep-alive for GET requests; just what the crawlers send."""

    def __init__(self, bodies: _Bodies, site: int) -> None:
        self._bodies = bodies
        self._site = site
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head, self._buffer = self._buffer[:end].decode("latin-1"), self._buffer[end + 4 :]
            assert self._transport is not None
            self._transport.write(self._answer(head))

    def _answer(self, head: str) -> bytes:
        lines = head.split("\r\n")
        path = lines[0].split(" ")[1] if lines[0].count(" ") >= 2 else "/"
        gzipped = any(
            line.lower().startswith("accept-encoding:") and "gzip" in line.lower()
            for line in lines[1:]
        )
        if path == "/robots.txt":
            text = robots_txt(self._site)
            if text is not None:
                return _response("200 OK", text, "text/plain", False)
        else:
            body = self._bodies.page(self._site, path, gzipped)
            if body is not None:
                return _response("200 OK", body, "text/html; charset=utf-8", gzipped)
        return _response("404 Not Found", b"not found", "text/plain", False)


async def serve(sites: int, port: int) -> None:
    """Serve ``sites`` sites on ``port`` of their loopback addresses until cancelled."""
    bodies = _Bodies(sites, port)
    loop = asyncio.get_running_loop()
    servers = []
    for site in range(sites):
        servers.append(
            await loop.create_server(
                lambda site=site: _Http(bodies, site), address(site), port, backlog=64
            )
        )
    print(f"serving {sites} sites on port {port}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


def main() -> None:
    """Parse the arguments and serve."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8470)
    args = parser.parse_args()
    if not 0 < args.sites <= 60_000:
        sys.exit("--sites must be between 1 and 60,000")
    asyncio.run(serve(args.sites, args.port))


if __name__ == "__main__":
    main()
