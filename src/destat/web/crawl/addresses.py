"""The address guard: the crawler only talks to public addresses (no SSRF).

A URL is checked before every request, redirects included: the scheme must be http or https,
the URL must carry no credentials, and an address written in the URL must be public. A host
name is checked when it is resolved: :class:`GuardedResolver` is the resolver of the HTTP
client, so every address it hands to the connector has been checked, and the connection goes
to one of those checked addresses. A name that resolves to a public address when checked and
to a private one a moment later (DNS rebinding) therefore cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from destat.web.crawl.errors import RefusedAddressError

__all__ = [
    "AddressPolicy",
    "GuardedResolver",
    "PublicAddressPolicy",
    "check_url",
    "is_public_address",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressPolicy(Protocol):
    """Decides whether the crawler may connect to an address and port."""

    def permits(self, address: IPAddress, port: int) -> bool:
        """True if a connection to ``address``:``port`` is allowed."""
        ...


def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address.

    Private, loopback, link-local, multicast, reserved, unspecified and shared (carrier-grade
    NAT) addresses are not public; nor is an IPv6 address that maps or embeds one of them.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public_address(embedded)
        if address.teredo is not None:
            return all(is_public_address(part) for part in address.teredo)
    return address.is_global and not address.is_multicast and not address.is_reserved


@dataclass(frozen=True)
class PublicAddressPolicy:
    """The crawler's policy: public addresses only, unless ``allow_private`` (tests only)."""

    allow_private: bool = False

    def permits(self, address: IPAddress, port: int) -> bool:
        """True if the address is public, or if private addresses are allowed."""
        return self.allow_private or is_public_address(address)


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:
        # Legacy IPv4 spellings (2130706433, 127.1, 0x7f.1) that the socket layer would accept.
        socket.inet_aton(host)
    except OSError:
        return None
    raise RefusedAddressError(
        f"Refused host {host!r}: a numeric address in a non-standard form; write it as a.b.c.d."
    )


def check_url(url: str, policy: AddressPolicy) -> None:
    """Refuse a URL the crawler must not request; raise :class:`RefusedAddressError` if so."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RefusedAddressError(f"Refused {url!r}: not a valid URL ({exc}).") from None
    if parts.scheme not in ("http", "https"):
        raise RefusedAddressError(f"Refused {url!r}: only http and https URLs are crawled.")
    if parts.username is not None or parts.password is not None:
        raise RefusedAddressError(f"Refused {url!r}: URLs with credentials are not crawled.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RefusedAddressError(f"Refused {url!r}: the URL has no host.")
    address = _literal_address(host)
    if address is not None and not policy.permits(address, port):
        raise RefusedAddressError(
            f"Refused {url!r}: {address} is not a public address (private, loopback, "
            "link-local, multicast, reserved or unspecified)."
        )


def _fixed_result(host: str, address: str, port: int) -> ResolveResult:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return ResolveResult(
        hostname=host, host=address, port=port, family=family, proto=0, flags=socket.AI_NUMERICHOST
    )


class GuardedResolver(AbstractResolver):
    """A resolver that returns a host's addresses only if every one of them is permitted.

    ``connect_to`` lists (host name, address, port) to use instead of asking DNS for those names.
    """

    def __init__(
        self, policy: AddressPolicy, connect_to: tuple[tuple[str, str, int], ...] = ()
    ) -> None:
        self._policy = policy
        self._resolver = ThreadedResolver()
        self._fixed = {host.lower(): (address, port) for host, address, port in connect_to}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve ``host`` and refuse it if any of its addresses is not permitted."""
        fixed = self._fixed.get(host.lower().rstrip("."))
        if fixed is not None:
            results = [_fixed_result(host, *fixed)]
        else:
            results = await self._resolver.resolve(host, port, family)
        for result in results:
            address = ipaddress.ip_address(result["host"].split("%", 1)[0])
            if not self._policy.permits(address, int(result["port"])):
                raise RefusedAddressError(
                    f"Refused host {host!r}: it resolves to {address}, which is not a public "
                    "address (private, loopback, link-local, multicast, reserved or unspecified)."
                )
        return results

    async def close(self) -> None:
        """Release the underlying resolver."""
        await self._resolver.close()
