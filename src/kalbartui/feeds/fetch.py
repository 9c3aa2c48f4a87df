"""HTTP for kalbartui: a small AsyncClient per host, bounded concurrency, conditional GET, hard limits.

With fetch_errors (how failures read), fetch_limits (redirects, Retry-After, validators, the
decoded-size cap) and api_session (the sync server's API), the only code that talks HTTP.
Every limit holds against a hostile server: `timeout` bounds the whole fetch (redirects,
retries and a trickled body included), `max_bytes` bounds the decoded body while it streams,
and redirects are counted.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import stat
import threading
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from kalbartui import __version__, urls
from kalbartui.feeds.fetch_errors import (
    FetchError,
    transport_problem,
    worth_retrying,
)
from kalbartui.feeds.fetch_limits import (
    MAX_REDIRECTS,
    REDIRECT_CODES,
    Decoder,
    TooBig,
    ascii_int,
    parse_retry_after,
    redirect_target,
    request_validators,
    validator,
)
from kalbartui.models import FetchStatus
from kalbartui.problems import Problem, http_status, size

if TYPE_CHECKING:
    from kalbartui.addresses import AddressRule, Reach

USER_AGENT = f"kalbartui/{__version__}"
RETRIES = 2  # connection errors and 5xx
PER_HOST = 4  # HTTP/1.1 connections per host
# Requests in flight to a host that spoke HTTP/2: all of them share its one connection, and
# httpcore holds any beyond the server's own stream limit (usually 100 or 128).
H2_PER_HOST = 100
BACKOFF_SECONDS = (0.5, 1.5)
MAX_LINK_HEADER = 16_384  # characters of a Link header kept; a page announces a few feeds


@dataclass(frozen=True, slots=True)
class FetchResult:
    """How one fetch ended, with the body and validators when it succeeded."""

    url: str  # the URL asked for
    status: FetchStatus
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    final_url: str = ""  # where the body came from after redirects
    permanent_url: str = ""  # set when every redirect on the way was permanent (301/308)
    error: Problem | None = None
    retry_after: datetime | None = None
    http_status: int = 0
    link: str = ""  # the Link header (feeds announced by a page), raw and bounded


_SSL_CONTEXT: ssl.SSLContext | None = None
_SSL_LOCK = threading.Lock()


def ssl_context() -> ssl.SSLContext:
    """One verifying context per process: loading the CA store takes ~40 ms of CPU, with the
    GIL held, and the reader refreshes every half hour in the same process."""
    global _SSL_CONTEXT
    with _SSL_LOCK:
        if _SSL_CONTEXT is None:
            _SSL_CONTEXT = httpx.create_ssl_context()
        return _SSL_CONTEXT


_PLAIN_CONTEXT: ssl.SSLContext | None = None


def _plain_context() -> ssl.SSLContext:
    """The context of a client that only ever fetches http:// URLs (`_client_for` gives each
    scheme its own client). httpx wants one anyway, and would load the whole CA store for
    it; this one trusts no certificate at all, so it could never carry a TLS connection."""
    global _PLAIN_CONTEXT
    if _PLAIN_CONTEXT is None:
        _PLAIN_CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return _PLAIN_CONTEXT


class _HostGate:
    """At most `limit` requests to one host at a time; the limit can rise while tasks wait,
    so a host found to speak HTTP/2 lets its queued feeds go at once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0
        self._cond = asyncio.Condition()

    async def __aenter__(self) -> None:
        async with self._cond:
            await self._cond.wait_for(lambda: self.active < self.limit)
            self.active += 1

    async def __aexit__(self, *exc: object) -> None:
        async with self._cond:
            self.active -= 1
            self._cond.notify()

    async def widen(self, limit: int) -> None:
        async with self._cond:
            if limit > self.limit:
                self.limit = limit
                self._cond.notify_all()


class Fetcher:
    """Owns the AsyncClients (one per host). Use as `async with Fetcher(...) as f: await f.fetch(url)`."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_concurrency: int = 16,
        max_bytes: int = 10 * 1024 * 1024,
        per_host: int = PER_HOST,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
        verify: ssl.SSLContext | None = None,
    ) -> None:
        """`per_host` bounds HTTP/1.1 connections to one host; a host that negotiates HTTP/2
        gets one connection carrying all its requests. `verify` replaces the system's CA
        store (tests and benchmarks pass a context trusting their own test CA)."""
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.backoff = backoff
        self._global = asyncio.Semaphore(max_concurrency)
        self._hosts: dict[str, _HostGate] = defaultdict(lambda: _HostGate(per_host))
        self._per_host = per_host
        self._verify = verify
        self._h2_hosts: set[str] = set()
        self._known_hosts: set[str] = set()  # answered once: its protocol is settled
        # One small pool per host: httpcore's pool costs grow with the connections it holds,
        # and a shared pool evicts one site's idle connections to open another's. A linked
        # page's host held to an address rule has a pool of its own for that rule.
        self._clients: dict[tuple[str, str, AddressRule | None], httpx.AsyncClient] = {}
        self._ca_loading: threading.Thread | None = None
        self._open = False

    async def __aenter__(self) -> Fetcher:
        if self._verify is None and _SSL_CONTEXT is None:
            # Loading the CA store takes ~40-100 ms, mostly without the GIL: on a thread, it
            # is ready by the time the first https feed needs it (`_client_for` waits for it).
            self._ca_loading = threading.Thread(target=ssl_context, name="kalbartui-ca-store")
            self._ca_loading.start()
        self._open = True
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._open = False
        if self._ca_loading is not None:
            # Never left running: a thread inside OpenSSL while the interpreter shuts down
            # (a refresh that fails at once) can crash the process on its way out.
            await asyncio.to_thread(self._ca_loading.join)
            self._ca_loading = None
        clients, self._clients = self._clients, {}
        for client in clients.values():
            await client.aclose()

    def _client_for(self, url: str, rule: AddressRule | None = None) -> httpx.AsyncClient:
        """The client for `url`'s scheme and host; with a `rule`, one whose connections go
        only to the addresses it allows (feeds.reach)."""
        parts = urlsplit(url)
        tls = parts.scheme.lower() == "https"
        key = ("https" if tls else "http", (parts.hostname or "").lower(), rule)
        client = self._clients.get(key)
        if client is None:
            # Redirects are followed by hand to count them and to see which were permanent,
            # each hop with the client of its own scheme and host.
            limits = httpx.Limits(
                max_connections=self._per_host, max_keepalive_connections=self._per_host
            )
            verify = self._tls_context() if tls else _plain_context()
            transport = None
            if rule is not None:
                from kalbartui.feeds.reach import guarded_transport

                transport = guarded_transport(rule, verify=verify, http2=tls, limits=limits)
            client = httpx.AsyncClient(
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                follow_redirects=False,
                timeout=httpx.Timeout(self.timeout),
                limits=limits,
                http2=tls,  # offered over TLS only (ALPN); plain http stays HTTP/1.1
                trust_env=False,
                verify=verify,
                transport=transport,
                event_hooks={"response": [_check_redirect]},
            )
            self._clients[key] = client
        return client

    def _tls_context(self) -> ssl.SSLContext:
        return self._verify if self._verify is not None else ssl_context()

    def _h2_watch(self, host: str) -> Callable[[str, dict[str, object]], Awaitable[None]]:
        """Learn that a host speaks HTTP/2 as soon as its connection is set up (before any
        answer), and let the rest of its feeds onto that connection at once."""

        async def trace(name: str, info: dict[str, object]) -> None:
            if name.startswith("http2.") and host not in self._h2_hosts:
                self._h2_hosts.add(host)
                await self._hosts[host].widen(H2_PER_HOST)

        return trace

    async def fetch(
        self,
        url: str,
        etag: str = "",
        last_modified: str = "",
        accept: str = "",
        user_agent: str = "",
        reach: Reach | None = None,
    ) -> FetchResult:
        """Fetch one URL within the deadline; never raises for the server's faults.

        `user_agent`: this request's own, instead of kalbartui's (a feed's setting).
        `reach`: a page or picture a feed links to may be fetched only where it says
        (kalbartui.addresses), checked at every hop; None (a feed) goes wherever the URL does.
        """
        if urls.is_file_url(url):
            if reach is not None:  # a linked page never reads a local file
                return FetchResult(url, "error", error=Problem.of("page.not_http"))
            return await asyncio.to_thread(self._read_file, url)
        host = (urlsplit(url).hostname or "").lower()
        try:
            # Host first: a task queued behind its host's limit must not hold a global slot
            # that a feed on another site could use (feeds of one site sit together).
            async with self._hosts[host], self._global:
                async with asyncio.timeout(self.timeout):
                    return await self._fetch_with_retries(
                        url, etag, last_modified, accept, reach, user_agent
                    )
        except TimeoutError:
            return FetchResult(
                url, "error", error=Problem.of("fetch.timeout", seconds=self.timeout)
            )
        except FetchError as exc:
            return FetchResult(url, "error", error=exc.problem)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError, OverflowError):
            # Whatever else a server manages to provoke is still one sentence, not a traceback.
            return FetchResult(url, "error", error=Problem.of("fetch.unreadable_answer"))

    def _read_file(self, url: str) -> FetchResult:
        """A feed from a local file (a file: URL or a plain path)."""
        path = urls.file_path(url)
        # Non-blocking: opening a FIFO would otherwise wait for a writer forever, and a
        # thread cannot be cancelled. Only regular files are read (no devices, no FIFOs).
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            return FetchResult(url, "error", error=_unreadable(path, exc))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return FetchResult(
                    url, "error", error=Problem.of("fetch.not_regular_file", path=str(path))
                )
            with os.fdopen(fd, "rb", closefd=False) as fh:
                body = fh.read(self.max_bytes + 1)
        except OSError as exc:
            return FetchResult(url, "error", error=_unreadable(path, exc))
        finally:
            os.close(fd)
        if len(body) > self.max_bytes:
            return FetchResult(
                url, "error", error=Problem.of("fetch.too_large", limit=size(self.max_bytes))
            )
        return FetchResult(url, "ok", body=body, final_url=url)

    async def _fetch_with_retries(
        self,
        url: str,
        etag: str,
        last_modified: str,
        accept: str,
        reach: Reach | None,
        user_agent: str = "",
    ) -> FetchResult:
        attempt = 0
        while True:
            try:
                result = await self._follow(url, etag, last_modified, accept, reach, user_agent)
            except httpx.TransportError as exc:
                if attempt < RETRIES and worth_retrying(exc):
                    await asyncio.sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
                    attempt += 1
                    continue
                raise FetchError(transport_problem(exc)) from None
            if (
                result.status == "error"
                and 500 <= result.http_status < 600
                and result.retry_after is None
            ):
                if attempt < RETRIES:
                    await asyncio.sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
                    attempt += 1
                    continue
            return result

    async def _follow(
        self,
        url: str,
        etag: str,
        last_modified: str,
        accept: str,
        reach: Reach | None,
        user_agent: str = "",
    ) -> FetchResult:
        assert self._open, "use Fetcher as an async context manager"
        current = url
        permanent = True
        seen: set[str] = set()
        for _hop in range(MAX_REDIRECTS + 1):
            scheme = urls.scheme(current)
            if scheme not in urls.WEB_SCHEMES:
                raise _refused_scheme(scheme)
            headers = {}
            if accept:
                headers["Accept"] = accept
            if user_agent:
                headers["User-Agent"] = user_agent
            # Validators belong to the URL they came from; send them only on the first hop.
            if current == url:
                headers.update(request_validators(etag, last_modified))
            # Every hop is judged by its own host: a public page that redirects into the
            # user's network is refused at that hop.
            client = self._client_for(current, reach.rule_for(current) if reach else None)
            host = (urlsplit(current).hostname or "").lower()
            extensions = {}
            # The trace costs a little CPU on every request; only until the host has answered.
            if host not in self._known_hosts and scheme == "https":
                extensions["trace"] = self._h2_watch(host)
            try:
                request = client.build_request(
                    "GET", current, headers=headers, extensions=extensions
                )
            except (httpx.InvalidURL, ValueError, UnicodeError):
                # A port past 65535, a host IDNA refuses, a character no request can carry.
                if current != url:
                    raise FetchError("fetch.bad_redirect") from None
                raise FetchError("fetch.bad_link" if reach else "fetch.bad_address") from None
            try:
                response = await client.send(request, stream=True)
            except httpx.InvalidURL:
                raise FetchError("fetch.bad_redirect") from None
            self._known_hosts.add(host)
            try:
                code = response.status_code
                if code in REDIRECT_CODES:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError(
                            "fetch.redirect_without_location", status=http_status(code)
                        )
                    permanent = permanent and code in (301, 308)
                    seen.add(current)
                    current = redirect_target(current, location)
                    if current in seen:
                        raise FetchError("fetch.redirect_loop")
                    continue
                return await self._finish(url, current, permanent and current != url, response)
            finally:
                await response.aclose()
        raise FetchError("fetch.too_many_redirects", count=MAX_REDIRECTS)

    async def _finish(
        self, url: str, final: str, permanent: bool, response: httpx.Response
    ) -> FetchResult:
        code = response.status_code
        now = datetime.now(UTC)
        moved = final if permanent else ""
        if code == 304:
            # A 304 has no body; reading its end lets the connection go back to the pool
            # instead of being closed and opened anew for the next feed.
            await response.aread()
            return FetchResult(
                url, "not_modified", final_url=final, permanent_url=moved, http_status=304
            )
        if code >= 400 or code < 200:
            retry_after = None
            if code in (429, 503):
                retry_after = parse_retry_after(response.headers.get("retry-after"), now)
            return FetchResult(
                url, "error", error=http_status(code), retry_after=retry_after, http_status=code,
                final_url=final, permanent_url=moved,
            )  # fmt: skip
        declared = ascii_int(response.headers.get("content-length", ""))
        if (
            declared is not None
            and declared > self.max_bytes
            and not response.headers.get("content-encoding")
        ):
            raise FetchError(
                "fetch.too_large_announced", limit=size(self.max_bytes), size=size(declared)
            )
        decoder = Decoder(response.headers.get("content-encoding", ""), self.max_bytes)
        chunks: list[bytes] = []
        try:
            async for raw in _raw_chunks(response):
                chunks.append(decoder.feed(raw))
            chunks.append(decoder.flush())
        except TooBig:
            raise FetchError("fetch.too_large", limit=size(self.max_bytes)) from None
        return FetchResult(
            url,
            "ok",
            body=b"".join(chunks),
            content_type=response.headers.get("content-type", ""),
            etag=validator(response.headers.get("etag", ""), 1024),
            last_modified=validator(response.headers.get("last-modified", ""), 200),
            final_url=final,
            permanent_url=moved,
            http_status=code,
            link=response.headers.get("link", "")[:MAX_LINK_HEADER],
        )


async def _check_redirect(response: httpx.Response) -> None:
    """Refuse a redirect's target before httpx parses it: httpx builds the next request even when
    it does not follow, and a Location such as "data:..." makes it raise InvalidURL."""
    if response.status_code in REDIRECT_CODES:
        location = response.headers.get("location", "")
        if location.strip():
            redirect_target(str(response.request.url), location)


async def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    async for chunk in response.aiter_raw():
        yield chunk


def _unreadable(path: object, exc: OSError) -> Problem:
    return Problem.of("fetch.file_unreadable", path=str(path), error=exc.strerror or str(exc))


def _refused_scheme(scheme: str) -> FetchError:
    if not scheme:
        return FetchError("fetch.no_scheme")
    return FetchError("fetch.refused_scheme", scheme=scheme)
