"""A real local web server for the crawler tests: one threaded HTTP server per site on 127.0.0.1.

Each site listens on its own ephemeral port (sites are told apart by port, which works on every
machine, unlike names under ``.localhost``). A site records every request it receives (path,
arrival time, user agent) and the most requests it had in flight at once; a :class:`Farm` also
counts requests in flight over all its sites. A request is in flight from its arrival until
the server starts answering it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class Reply:
    """What a route answers: status, headers, body, and seconds to wait before answering."""

    body: bytes = b""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    wait: float = 0.0


# A route answers with one reply, a list of replies (the n-th request gets the n-th, the last
# one repeats), or a function of the site's base URL.
Route = Reply | list[Reply] | Callable[[str], Reply]


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it: path, arrival time and user agent."""

    path: str
    start: float
    user_agent: str


class _Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


@dataclass
class Site:
    """A website served on its own port; start it with :meth:`Farm.add`."""

    routes: dict[str, Route]
    hits: list[Hit] = field(default_factory=list)
    in_flight: _Counter = field(default_factory=_Counter)
    port: int = 0

    @property
    def url(self) -> str:
        """Base URL, ending with ``/``."""
        return f"http://127.0.0.1:{self.port}/"

    def paths(self) -> list[str]:
        """Paths requested, in order of arrival."""
        return [hit.path for hit in sorted(self.hits, key=lambda hit: hit.start)]

    def reply(self, path: str) -> Reply:
        """The reply for a request to ``path`` (404 when no route)."""
        route = self.routes.get(path)
        if route is None:
            return Reply(b"not found", 404, (("Content-Type", "text/plain"),))
        if isinstance(route, list):
            count = sum(1 for hit in self.hits if hit.path == path)
            return route[min(count, len(route) - 1)]
        if callable(route):
            return route(self.url)
        return route


class Farm:
    """Several sites, each on its own server thread; :meth:`close` stops them all."""

    def __init__(self) -> None:
        self.in_flight = _Counter()
        self.sites: list[Site] = []
        self._servers: list[ThreadingHTTPServer] = []

    def hits(self) -> int:
        """Requests received by all sites so far."""
        return sum(len(site.hits) for site in self.sites)

    def add(self, routes: dict[str, Route]) -> Site:
        """Serve ``routes`` on a new port and return the running site."""
        site = Site(routes)
        server = _QuietServer(("127.0.0.1", 0), _handler(site, self.in_flight))
        site.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        self._servers.append(server)
        self.sites.append(site)
        return site

    def close(self) -> None:
        """Stop every server."""
        for server in self._servers:
            server.shutdown()
            server.server_close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler killed mid-request resets its connections; that is expected here


def _handler(site: Site, farm_in_flight: _Counter) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            site.in_flight.enter()
            farm_in_flight.enter()
            try:
                reply = site.reply(self.path)
                # Recorded before answering, so the crawler never finishes before its hits show.
                site.hits.append(
                    Hit(self.path, time.monotonic(), self.headers.get("User-Agent", ""))
                )
                if reply.wait:
                    time.sleep(reply.wait)
            finally:
                # Left before answering: once answered, the crawler may rightly send the next one.
                site.in_flight.leave()
                farm_in_flight.leave()
            try:
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler hung up (a page cut at its size limit)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def page(
    title: str, links: list[tuple[str, str]], *, charset: str = "utf-8", meta: bool = False
) -> bytes:
    """An HTML page with ``links`` ``(href, text)``, encoded in ``charset``."""
    head = f'<meta charset="{charset}">' if meta else ""
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head>"
        f"<body><h1>{title}</h1><ul>{anchors}</ul></body></html>"
    ).encode(charset)


def html(body: bytes, charset: str | None = "utf-8", *, wait: float = 0.0) -> Reply:
    """A 200 text/html reply, with ``charset`` in the header unless None."""
    ctype = f"text/html; charset={charset}" if charset else "text/html"
    return Reply(body, 200, (("Content-Type", ctype),), wait)


def robots(text: str, status: int = 200) -> Reply:
    """A robots.txt reply."""
    return Reply(text.encode(), status, (("Content-Type", "text/plain"),))


def redirect(location: str | Callable[[str], str], status: int = 302) -> Route:
    """A redirect; ``location`` may depend on the site's base URL."""
    if callable(location):
        where = location
        return lambda base: Reply(b"", status, (("Location", where(base)),))
    return Reply(b"", status, (("Location", location),))


def index_of(out_dir: Path) -> list[dict[str, Any]]:
    """Rows of the crawl index in ``out_dir``, as dicts."""
    with duckdb.connect(str(out_dir / "crawl.duckdb"), read_only=True) as db:
        cursor = db.execute("SELECT * FROM crawl_index ORDER BY fetched_at NULLS LAST, url")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def pages_of(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Index rows of pages (not robots.txt), by URL."""
    return {row["url"]: row for row in index_of(out_dir) if row["kind"] == "page"}


# Navigation of generated sites: (about, news, contact, products, cart) in each language.
NAVIGATION = {
    "en": ("About us", "News", "Contact", "Products", "Shopping cart"),
    "fr": ("Qui sommes-nous", "Actualités", "Nous écrire", "Nos produits", "Mon panier"),
    "es": ("Quiénes somos", "Noticias", "Escríbenos", "Productos", "Carrito"),
    "pt": ("Quem somos", "Notícias", "Fale conosco", "Produtos", "Carrinho"),
    "de": ("Über uns", "Aktuelles", "Schreiben Sie uns", "Produkte", "Warenkorb"),
    "ru": ("О нас", "Новости", "Напишите нам", "Каталог", "Корзина"),
    "ar": ("من نحن", "أخبار", "راسلنا", "منتجات", "سلة التسوق"),
    "zh": ("关于我们", "新闻", "联系我们", "产品", "购物车"),
}
LEGACY_ENCODINGS = {"ru": "windows-1251", "zh": "gbk", "fr": "iso-8859-1"}


def generated_site(lang: str, *, shop: bool) -> dict[str, Route]:
    """A small company site in ``lang``: a home page with navigation and a few news pages.

    A shop links to its cart (the last navigation item); other sites do not. Russian, Chinese
    and French sites are served in a legacy encoding, declared in the HTTP header.
    """
    about, news, contact, products, cart = NAVIGATION[lang]
    charset = LEGACY_ENCODINGS.get(lang, "utf-8")
    nav = [("/n1", about), ("/n2", news), ("/n3", contact), ("/n4", products)]
    nav += [(f"/news/{i}", f"{news} {i}") for i in range(4)]
    if shop:
        nav.append(("/n5", cart))
    routes: dict[str, Route] = {"/": html(page(about, nav, charset=charset), charset)}
    for href, text in nav:
        routes[href] = html(page(text, [("/", about)], charset=charset), charset)
    return routes
