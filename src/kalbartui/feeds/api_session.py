"""Blocking HTTP for a sync server's API, under the fetch layer's rules."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from kalbartui.feeds.fetch import USER_AGENT, ssl_context
from kalbartui.feeds.fetch_errors import FetchError, Unreachable, transport_problem
from kalbartui.feeds.fetch_limits import Decoder, TooBig, ascii_int
from kalbartui.problems import size

# How often a request in flight looks at its `stopped` flag.
POLL_SECONDS = 0.05


class RequestStopped(Exception):
    """The caller asked to stop while a request was in flight; the request was abandoned."""


class ApiSession:
    """Blocking HTTP for a sync server's API (sync/greader.py), under the fetcher's rules:
    the shared TLS context, kalbartui's User-Agent, no proxy read from the environment, no
    redirect followed, a deadline on each whole request (connecting, the headers and the
    body alike) and a cap on each decoded body.

    The requests run on an event loop of the session's own, so a deadline or a stop cancels
    the request wherever it waits, as the feed fetcher's `asyncio.timeout` does. Use it from
    one thread, one request at a time.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int,
        secure: bool = True,
        stopped: Callable[[], bool] | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.stopped = stopped
        self._loop = asyncio.new_event_loop()
        self._client = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            verify=ssl_context() if secure else True,
        )

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._loop.run_until_complete(self._client.aclose())
        finally:
            self._loop.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        max_bytes: int | None = None,
        deadline: float | None = None,
    ) -> tuple[int, bytes]:
        """(status, body), within `timeout` seconds or by `deadline` (time.monotonic()),
        whichever comes first, the body at most `max_bytes` (the session's cap by default).

        Raises Unreachable for the network (a deadline passed is "timed out"), FetchError
        for a body too big or a request that cannot be sent, RequestStopped when `stopped`
        answered True meanwhile."""
        ends = time.monotonic() + self.timeout
        if deadline is not None:
            ends = min(ends, deadline)
        cap = self.max_bytes if max_bytes is None else max_bytes
        work = self._fetch(method, url, params, data, headers, cap)
        return self._loop.run_until_complete(self._within(work, ends))

    async def _within(
        self, work: Coroutine[Any, Any, tuple[int, bytes]], ends: float
    ) -> tuple[int, bytes]:
        task = asyncio.ensure_future(work)
        try:
            while True:
                left = ends - time.monotonic()
                if left <= 0:
                    raise Unreachable("fetch.timeout", seconds=self.timeout)
                if self.stopped is not None and self.stopped():
                    raise RequestStopped
                done, _ = await asyncio.wait({task}, timeout=min(left, POLL_SECONDS))
                if done:
                    return task.result()
        finally:
            if not task.done():
                task.cancel()
                # Let the cancellation close the connection before the loop stops.
                await asyncio.gather(task, return_exceptions=True)

    async def _fetch(
        self,
        method: str,
        url: str,
        params: dict[str, str] | None,
        data: dict[str, object] | None,
        headers: dict[str, str] | None,
        cap: int,
    ) -> tuple[int, bytes]:
        try:
            request = self._client.build_request(
                method, url, params=params, data=data, headers=headers
            )
        except httpx.InvalidURL:
            raise FetchError("fetch.malformed_url") from None
        except (UnicodeError, ValueError, TypeError):
            # A header or field that cannot be sent (not plain ASCII): refused before sending.
            raise FetchError("fetch.unsendable") from None
        try:
            response = await self._client.send(request, stream=True)
            try:
                declared = ascii_int(response.headers.get("content-length", ""))
                if declared is not None and declared > cap:
                    if not response.headers.get("content-encoding"):
                        raise FetchError(
                            "fetch.too_large_announced", limit=size(cap), size=size(declared)
                        )
                decoder = Decoder(response.headers.get("content-encoding", ""), cap)
                chunks: list[bytes] = []
                try:
                    async for raw in response.aiter_raw():
                        chunks.append(decoder.feed(raw))
                    chunks.append(decoder.flush())
                except TooBig:
                    raise FetchError("fetch.too_large", limit=size(cap)) from None
                return response.status_code, b"".join(chunks)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            raise Unreachable(transport_problem(exc)) from None
        except httpx.InvalidURL:
            raise FetchError("fetch.malformed_url") from None
