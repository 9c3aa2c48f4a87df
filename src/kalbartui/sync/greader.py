"""A client for the Google Reader API (FreshRSS, Miniflux, ...): the protocol only.

The bytes travel through feeds/api_session.py's ApiSession, so the fetch layer stays the only one
that talks HTTP, with its TLS context, User-Agent, deadlines and size caps. The server is
trusted with the user's password, not with its content: what it answers is cleaned later,
like a feed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kalbartui.feeds.api_session import ApiSession
from kalbartui.feeds.fetch_errors import FetchError, Unreachable
from kalbartui.problems import KalbarError, http_status

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
LABEL_PREFIX = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"

IDS_PAGE = 10_000  # item ids per stream/items/ids request
NEWER_PAGE = 1_000  # the same, when only the newest few are wanted
CONTENTS_BATCH = 250  # items per stream/items/contents request
EDIT_BATCH = 250  # items per edit-tag request
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # one answer; a batch of 250 long articles is ~5 MB


class SyncError(KalbarError):
    """Sync failed; its Problem says why."""


class AuthError(SyncError):
    """The server refused the user name or password (or the token kept from last time)."""


class OfflineError(SyncError):
    """The server could not be reached: the local queue waits for the next sync."""


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
        self._session = ApiSession(
            timeout=timeout,
            max_bytes=MAX_RESPONSE_BYTES,
            secure=urlsplit(self.api_url).scheme == "https",
        )

    def close(self) -> None:
        self._session.close()

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
            code, body = self._session.request(
                method, self.api_url + path, params=params, data=data, headers=headers
            )
        except Unreachable as exc:
            raise OfflineError("sync.unreachable", error=exc.problem) from None
        except FetchError as exc:
            raise SyncError("sync.refused_answer", error=exc.problem) from None
        if code in (401, 403):
            raise AuthError("sync.refused_login")
        if not 200 <= code < 300:
            raise SyncError("sync.status", status=http_status(code))
        return body

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = self._send(method, path, **kwargs)
        try:
            value = json.loads(body)
        except ValueError:
            raise SyncError("sync.not_json") from None
        if not isinstance(value, dict):
            raise SyncError("sync.wrong_shape")
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
        raise AuthError("sync.refused_login")

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

    def item_ids(self, stream: str = READING_LIST, exclude: str = "") -> set[int]:
        """Every item id of a stream, `IDS_PAGE` per request."""
        return self._ids(stream, exclude, IDS_PAGE, since=0, through=0)

    def newer_ids(self, through: int) -> set[int]:
        """Ids of the reading list newer than item `through`, newest first, NEWER_PAGE per
        request, until a page reaches `through`. FreshRSS's `ot` (seconds) compares its ids,
        the microsecond it stored each item; the rest of that second is cut here."""
        found = self._ids(READING_LIST, "", NEWER_PAGE, since=through // 1_000_000, through=through)
        return {i for i in found if i > through}

    def _ids(self, stream: str, exclude: str, page: int, since: int, through: int) -> set[int]:
        out: set[int] = set()
        continuation = ""
        while True:
            params = {"s": stream, "n": str(page), "output": "json"}
            if exclude:
                params["xt"] = exclude
            if since > 0:
                params["ot"] = str(since)
            if continuation:
                params["c"] = continuation
            body = self._json("GET", "/reader/api/0/stream/items/ids", params=params)
            refs = body.get("itemRefs") or []
            seen: list[int] = []
            for ref in refs if isinstance(refs, list) else ():
                try:
                    seen.append(item_number(str(ref["id"])))
                except (KeyError, TypeError, ValueError):
                    continue
            out.update(seen)
            continuation = str(body.get("continuation") or "")
            if not continuation or not seen or (through and min(seen) <= through):
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
            raise SyncError("sync.edit_refused")
