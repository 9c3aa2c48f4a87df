"""Connections that go only where a fetch may reach (kalbartui.addresses decides where).

A client for a linked page or picture gets a transport whose network backend resolves the host
itself, judges every address it resolves to, and connects to one that passed, never to the
name: so a name that resolves to a public address for the check and to 127.0.0.1 for the
connection (DNS rebinding) cannot slip through, and TLS still checks the certificate against
the name (httpcore passes it as the server name). A connection the rule refuses fails with
FetchError("fetch.private_address") before any byte is sent. Redirects are followed by hand in
fetch.py, each hop with the client (and so the rule) of its own host.

httpx 0.28 takes no network backend for its own transport; `guarded_transport` builds the
connection pool httpx would build, with this backend in it.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable

import httpcore
import httpx

from kalbartui.addresses import AddressRule
from kalbartui.feeds.fetch_errors import FetchError

Resolver = Callable[[str, int], Awaitable[list[str]]]


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an address literal resolves to itself), in order."""
    found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, judges, then connects to a judged address."""

    def __init__(
        self,
        rule: AddressRule,
        resolver: Resolver = resolve,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.rule = rule
        self._resolve = resolver
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"getaddrinfo: {exc}") from exc
        allowed = [address for address in addresses if self.rule.allows(address)]
        if not allowed:
            shown = addresses[0] if addresses else "?"
            raise FetchError("fetch.private_address", host=host, address=shown)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in allowed:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("no unix sockets for linked pages")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(
        self, rule: AddressRule, verify: ssl.SSLContext, http2: bool, limits: httpx.Limits
    ) -> None:
        super().__init__(verify=verify, http2=http2, limits=limits, trust_env=False)
        # The pool httpx made, remade with the backend (the attribute httpx keeps it in).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=verify,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=GuardedBackend(rule),
        )


def guarded_transport(
    rule: AddressRule, *, verify: ssl.SSLContext, http2: bool, limits: httpx.Limits
) -> httpx.AsyncBaseTransport:
    """An httpx transport whose every connection goes only to addresses `rule` allows."""
    return _GuardedTransport(rule, verify, http2, limits)
