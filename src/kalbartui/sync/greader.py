"""The sync transport: a client for the Google Reader API (FreshRSS, Miniflux, ...).

Next to feeds/fetch.py this is the one other module that talks HTTP, and it follows the
same rules: one verifying TLS context per process (fetch's), the same User-Agent, no proxy
settings read from the environment, a deadline on every request and a cap on every body
while it streams. The server is trusted with the user's password, not with its content:
what it answers is cleaned later, like a feed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from kalbartui.feeds.fetch import USER_AGENT, _ssl_context, _transport_words, status_words

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
LABEL_PREFIX = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"

IDS_PAGE = 10_000  # item ids per stream/items/ids request
CONTENTS_BATCH = 250  # items per stream/items/contents request
EDIT_BATCH = 250  # items per edit-tag request
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # one answer; a batch of 250 long articles is ~5 MB


class SyncError(Exception):
    """Sync failed; str() is one sentence for the user."""


class AuthError(SyncError):
    """The server refused the user name or password (or the token kept from last time)."""


class OfflineError(SyncError):
    """The server could not be reached: the local queue waits for the next sync."""


REFUSED = "the server refused the user name or password"


@dataclass(frozen=True, slots=True)
class Subscription:
    id: str  # "feed/12"
    title: str
    url: str
    html_url: str
    labels: tuple[str, ...]


def item_number(item_id: str) -> int:
    """A Google Reader item id in any of its forms (long hex or short decimal) as a number."""
    text = item_id.strip()
    if text.startswith(ITEM_PREFIX):
        return int(text[len(ITEM_PREFIX) :], 16)
    if text.isdigit() and not text.startswith("0"):
        return int(text)
    return int(text.rsplit("/", 1)[-1], 16)


class GReaderClient:
    """One server, one user. `requests` counts what was sent, for the report and the tests."""

    def __init__(self, api_url: str, *, timeout: float = 20.0) -> None:
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.auth = ""
        self.requests = 0
        self._write_token = ""
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            verify=_ssl_context() if urlsplit(self.api_url).scheme == "https" else True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> GReaderClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transport

    def _send(
        self, method: str, path: str, *, params: Any = None, data: Any = None, login: bool = False
    ) -> bytes:
        headers = {}
        if self.auth and not login:
            headers["Authorization"] = f"GoogleLogin auth={self.auth}"
        self.requests += 1
        try:
            request = self._client.build_request(
                method, self.api_url + path, params=params, data=data, headers=headers
            )
            response = self._client.send(request, stream=True)
            try:
                code = response.status_code
                if code in (401, 403):
                    response.read()
                    raise AuthError(REFUSED)
                if code >= 400 or code < 200 or 300 <= code < 400:
                    raise SyncError(f"the sync server answered {status_words(code)}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_RESPONSE_BYTES:
                        raise SyncError("the sync server sent an answer larger than 64 MB")
                return bytes(body)
            finally:
                response.close()
        except httpx.TransportError as exc:
            raise OfflineError(f"cannot reach the sync server ({_transport_words(exc)})") from None
        except httpx.InvalidURL:
            raise SyncError("the sync URL is not a valid URL") from None

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = self._send(method, path, **kwargs)
        try:
            value = json.loads(body)
        except ValueError:
            raise SyncError("the sync server sent an answer that is not JSON") from None
        if not isinstance(value, dict):
            raise SyncError("the sync server sent an answer of the wrong shape")
        return value

    # ------------------------------------------------------------ the API

    def login(self, username: str, password: str) -> str:
        """ClientLogin; returns the auth token to keep for next time."""
        body = self._send(
            "POST",
            "/accounts/ClientLogin",
            data={"Email": username, "Passwd": password},
            login=True,
        ).decode("utf-8", "replace")
        for line in body.splitlines():
            if line.startswith("Auth="):
                self.auth = line[5:].strip()
                return self.auth
        raise AuthError(REFUSED)

    def write_token(self) -> str:
        if not self._write_token:
            self._write_token = self._send("GET", "/reader/api/0/token").decode().strip()
        return self._write_token

    def subscriptions(self) -> list[Subscription]:
        body = self._json("GET", "/reader/api/0/subscription/list", params={"output": "json"})
        out = []
        for sub in body.get("subscriptions") or ():
            if not isinstance(sub, dict) or not isinstance(sub.get("id"), str):
                continue
            labels = tuple(
                str(c.get("label") or str(c.get("id", "")).removeprefix(LABEL_PREFIX))
                for c in sub.get("categories") or ()
                if isinstance(c, dict)
            )
            out.append(
                Subscription(
                    id=sub["id"],
                    title=str(sub.get("title") or ""),
                    url=str(sub.get("url") or ""),
                    html_url=str(sub.get("htmlUrl") or ""),
                    labels=tuple(label for label in labels if label),
                )
            )
        return out

    def item_ids(self, stream: str = READING_LIST, exclude: str = "", since: int = 0) -> set[int]:
        """Every item id of a stream, `IDS_PAGE` per request; with `since` (seconds), only
        items the server received from then on (FreshRSS compares its ids, which are the
        microsecond it stored each item)."""
        out: set[int] = set()
        continuation = ""
        while True:
            params = {"s": stream, "n": str(IDS_PAGE), "output": "json"}
            if exclude:
                params["xt"] = exclude
            if since > 0:
                params["ot"] = str(since)
            if continuation:
                params["c"] = continuation
            body = self._json("GET", "/reader/api/0/stream/items/ids", params=params)
            refs = body.get("itemRefs") or []
            for ref in refs:
                try:
                    out.add(item_number(str(ref["id"])))
                except (KeyError, TypeError, ValueError):
                    continue
            continuation = str(body.get("continuation") or "")
            if not continuation or not refs:
                return out

    def contents(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The items of up to CONTENTS_BATCH ids, in one POST."""
        body = self._json(
            "POST",
            "/reader/api/0/stream/items/contents",
            params={"output": "json"},
            data={"i": [str(i) for i in ids]},
        )
        return [item for item in body.get("items") or () if isinstance(item, dict)]

    def edit_tag(self, ids: Iterable[int], *, add: str = "", remove: str = "") -> None:
        """Add or remove a state (READ, STARRED) on items; EDIT_BATCH ids per request."""
        chunk: list[int] = []
        for i in ids:
            chunk.append(i)
            if len(chunk) == EDIT_BATCH:
                self._edit(chunk, add, remove)
                chunk = []
        if chunk:
            self._edit(chunk, add, remove)

    def _edit(self, ids: list[int], add: str, remove: str) -> None:
        data: dict[str, Any] = {"i": [str(i) for i in ids], "T": self.write_token()}
        if add:
            data["a"] = add
        if remove:
            data["r"] = remove
        answer = self._send("POST", "/reader/api/0/edit-tag", data=data)
        if answer.strip() != b"OK":
            raise SyncError("the sync server did not accept a change of read or starred state")
