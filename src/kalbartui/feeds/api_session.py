"""Blocking HTTP for a sync server's API, under the fetch layer's rules."""

from __future__ import annotations

import httpx

from kalbartui.feeds.fetch import USER_AGENT, ssl_context
from kalbartui.feeds.fetch_errors import FetchError, Unreachable, transport_problem
from kalbartui.problems import size


class ApiSession:
    """Blocking HTTP for a sync server's API (sync/greader.py), under the fetcher's rules:
    the shared TLS context, kalbartui's User-Agent, no proxy read from the environment, no
    redirect followed, a deadline on each whole request and a cap on each decoded body."""

    def __init__(self, *, timeout: float = 20.0, max_bytes: int, secure: bool = True) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            verify=ssl_context() if secure else True,
        )

    def close(self) -> None:
        self._client.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """(status, body). Raises Unreachable for the network, FetchError for a body too big."""
        import time

        deadline = time.monotonic() + self.timeout
        try:
            request = self._client.build_request(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
            )
            response = self._client.send(request, stream=True)
            try:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError("fetch.too_large", limit=size(self.max_bytes))
                    if time.monotonic() > deadline:
                        raise Unreachable("fetch.timeout", seconds=self.timeout)
                return response.status_code, bytes(body)
            finally:
                response.close()
        except httpx.TransportError as exc:
            raise Unreachable(transport_problem(exc)) from None
        except httpx.InvalidURL:
            raise FetchError("fetch.malformed_url") from None
