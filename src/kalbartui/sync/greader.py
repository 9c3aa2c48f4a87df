"""A client for the Google Reader API (FreshRSS, Miniflux, ...): the protocol only.

The bytes travel through feeds/api_session.py's ApiSession, so the fetch layer stays the only one
that talks HTTP, with its TLS context, User-Agent, deadlines and size caps. The server is
trusted with the user's password, not with its content: what it answers is cleaned later,
like a feed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kalbartui.feeds.api_session import ApiSession, RequestStopped
from kalbartui.feeds.fetch_errors import FetchError, Unreachable
from kalbartui.problems import KalbarError, Problem, http_status

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
LABEL_PREFIX = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"

IDS_PAGE = 10_000  # item ids per stream/items/ids request
NEWER_PAGE = 1_000  # the same, when only the newest few are wanted
CONTENTS_BATCH = 250  # items per stream/items/contents request
EDIT_BATCH = 250  # items per edit-tag request

# What one answer may weigh, by what it answers: what a real account needs, several times
# over. A parsed JSON answer costs up to ~25 times its bytes in Python objects (`[{},{}...]`),
# so the caps are what bounds a sync's memory. An ids page of 10,000 refs is ~0.3-1.2 MB;
# 20,000 subscriptions ~5 MB; a batch of 250 long articles ~5 MB (a batch over its cap is
# asked for again in halves).
LOGIN_BYTES = 64 * 1024
TOKEN_BYTES = 4 * 1024
EDIT_BYTES = 4 * 1024
SUBSCRIPTIONS_BYTES = 8 * 1024 * 1024
IDS_BYTES = 4 * 1024 * 1024
CONTENTS_BYTES = 8 * 1024 * 1024
MAX_RESPONSE_BYTES = CONTENTS_BYTES  # the largest of them: the session's own cap
# And what one answer may hold: objects and lists ("{" and "[", counted before parsing, those
# inside strings too). 8 MB of `{},` would be 2.8 million dicts (~260 MB); a real answer
# holds a few per item (~20,000 for an ids page, ~5,000 for a batch of items).
MAX_JSON_CONTAINERS = 200_000

# One listing of item ids (every unread item, say) may take this many pages and hold this
# many ids; a server that keeps sending a continuation is stopped here, or sooner when it
# sends a continuation it sent before or a page with no id it had not sent.
MAX_ID_PAGES = 200
MAX_LISTED_IDS = 1_000_000

# Item ids: Google's are 64-bit (16 hex digits in the long form, signed decimal in the short
# one); some services use 96-bit ones (24 hex digits). Longer is not an id.
MAX_ID_HEX_DIGITS = 32
_SIGNED = 2**63
_UNSIGNED = 2**64
_HEX = frozenset("0123456789abcdefABCDEF")
# A token is sent back in a header: visible ASCII only, and not endless.
_TOKEN_RE = re.compile(r"[!-~]{1,4096}")
_MAX_NAME = 4096  # characters of a subscription's id, title, URL or label
_MISSING = object()


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
    """A Google Reader item id in any of its forms (the long form, signed or unsigned
    decimal, bare hex) as a number from 0 up; ValueError when it is none of them."""
    text = item_id.strip()
    if text.startswith(ITEM_PREFIX):
        return _hex(text[len(ITEM_PREFIX) :])
    if text.isascii() and text.lstrip("-").isdigit() and not text.startswith(("0", "-0")):
        n = int(text) if len(text) <= 21 else _UNSIGNED
        if -_SIGNED <= n < _UNSIGNED:
            return n + _UNSIGNED if n < 0 else n  # Google's short form is signed
        if text.startswith("-"):
            raise ValueError(item_id)
        # Past 64 bits no decimal is Google's: all-digit hex, as a 96-bit id can be.
    return _hex(text.rsplit("/", 1)[-1])


def _hex(digits: str) -> int:
    if not 0 < len(digits) <= MAX_ID_HEX_DIGITS or not _HEX.issuperset(digits):
        raise ValueError(digits)
    return int(digits, 16)


def wire_id(number: int) -> str:
    """An item id as the server is sent it: the short form where Google's signed 64 bits hold
    it (what FreshRSS lists), else the long form, which every server reads."""
    if number < _SIGNED:
        return str(number)
    digits = f"{number:x}"
    width = max(16, -(-len(digits) // 8) * 8)
    return f"{ITEM_PREFIX}{number:0{width}x}"


def valid_token(value: str) -> bool:
    """Whether a token may be sent back in a header (visible ASCII, bounded)."""
    return _TOKEN_RE.fullmatch(value) is not None


def _token(value: str) -> str:
    """A token as it may be sent back in a header, or "" when it may not."""
    value = value.strip()
    return value if valid_token(value) else ""


def _text(value: object, default: str = "") -> str:
    """A string field of an answer (null reads as empty); SyncError for any other shape."""
    if value is None or value is _MISSING:
        return default
    if not isinstance(value, str) or len(value) > _MAX_NAME:
        raise SyncError("sync.wrong_shape")
    return value


def _list(value: object) -> list[Any]:
    """A list field of an answer (null reads as empty); SyncError for any other shape."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise SyncError("sync.wrong_shape")
    return value


class GReaderClient:
    """One server, one user. `requests` counts what was sent, for the report and the tests.

    `stopped` is asked before every request and while one is in flight; `deadline`
    (time.monotonic()) ends the sync wherever it is. Either ends it with a SyncError."""

    def __init__(
        self,
        api_url: str,
        *,
        timeout: float = 20.0,
        stopped: Callable[[], bool] | None = None,
        deadline: float | None = None,
        deadline_seconds: float = 0,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.auth = ""
        self.requests = 0
        self.stopped = stopped
        self.deadline = deadline
        self.deadline_seconds = deadline_seconds
        self._write_token = ""
        self._session = ApiSession(
            timeout=timeout,
            max_bytes=MAX_RESPONSE_BYTES,
            secure=urlsplit(self.api_url).scheme == "https",
            stopped=stopped,
        )

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> GReaderClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transport

    def check(self) -> None:
        """SyncError when the sync was stopped or its deadline passed: called in every loop."""
        if self.stopped is not None and self.stopped():
            raise SyncError("sync.stopped")
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise SyncError("sync.deadline", seconds=self.deadline_seconds)

    def _send(
        self,
        method: str,
        path: str,
        *,
        cap: int,
        params: Any = None,
        data: Any = None,
        login: bool = False,
    ) -> bytes:
        self.check()
        headers = {}
        if self.auth and not login:
            headers["Authorization"] = f"GoogleLogin auth={self.auth}"
        self.requests += 1
        try:
            code, body = self._session.request(
                method,
                self.api_url + path,
                params=params,
                data=data,
                headers=headers,
                max_bytes=cap,
                deadline=self.deadline,
            )
        except RequestStopped:
            raise SyncError("sync.stopped") from None
        except Unreachable as exc:
            self.check()  # the sync's own deadline, rather than this request's
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
        if body.count(b"{") + body.count(b"[") > MAX_JSON_CONTAINERS:
            raise SyncError("sync.too_complex", count=MAX_JSON_CONTAINERS)
        try:
            value = json.loads(body)
        except RecursionError:
            raise SyncError("sync.too_deep") from None
        except ValueError:  # UnicodeDecodeError among them
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
            cap=LOGIN_BYTES,
            data={"Email": username, "Passwd": password},
            login=True,
        ).decode("utf-8", "replace")
        for line in body.splitlines():
            if line.startswith("Auth="):
                auth = _token(line[5:])
                if not auth:
                    # Not kept: a token that cannot be sent would fail every later sync.
                    raise SyncError("sync.bad_token")
                self.auth = auth
                return self.auth
        raise AuthError("sync.refused_login")

    def write_token(self) -> str:
        if not self._write_token:
            raw = self._send("GET", "/reader/api/0/token", cap=TOKEN_BYTES)
            token = _token(raw.decode("ascii", "replace"))
            if not token:
                raise SyncError("sync.bad_write_token")
            self._write_token = token
        return self._write_token

    def subscriptions(self) -> list[Subscription]:
        """Every subscription; SyncError unless the answer is a list of them, each with an id."""
        body = self._json(
            "GET",
            "/reader/api/0/subscription/list",
            cap=SUBSCRIPTIONS_BYTES,
            params={"output": "json"},
        )
        out = []
        for sub in _list(body.get("subscriptions", _MISSING)):
            if not isinstance(sub, dict):
                raise SyncError("sync.wrong_shape")
            sid = _text(sub.get("id"))
            if not sid:
                raise SyncError("sync.wrong_shape")
            labels = []
            for cat in _list(sub.get("categories")):
                if not isinstance(cat, dict):
                    raise SyncError("sync.wrong_shape")
                label = _text(cat.get("label")) or _text(cat.get("id")).removeprefix(LABEL_PREFIX)
                if label:
                    labels.append(label)
            out.append(
                Subscription(
                    id=sid,
                    title=_text(sub.get("title")),
                    url=_text(sub.get("url")),
                    html_url=_text(sub.get("htmlUrl")),
                    labels=tuple(labels),
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
        """A whole listing, or SyncError: a listing cut short or misread would read as
        items gone, unread ones read and starred ones unstarred."""
        out: set[int] = set()
        sent: set[str] = set()
        continuation = ""
        for _ in range(MAX_ID_PAGES):
            params = {"s": stream, "n": str(page), "output": "json"}
            if exclude:
                params["xt"] = exclude
            if since > 0:
                params["ot"] = str(since)
            if continuation:
                params["c"] = continuation
            body = self._json("GET", "/reader/api/0/stream/items/ids", cap=IDS_BYTES, params=params)
            # An error object ({"error": ...}) has no itemRefs: it is not an empty stream.
            refs = body.get("itemRefs", _MISSING)
            if refs is _MISSING:
                raise SyncError("sync.wrong_shape")
            seen = [_ref_number(ref) for ref in _list(refs)]
            before = len(out)
            out.update(seen)
            if len(out) > MAX_LISTED_IDS:
                raise SyncError("sync.too_many_ids", count=MAX_LISTED_IDS)
            continuation = _continuation(body.get("continuation"))
            if not continuation or not seen or (through and min(seen) <= through):
                return out
            if continuation in sent or len(out) == before:
                raise SyncError("sync.endless_listing")
            sent.add(continuation)
        raise SyncError("sync.too_many_pages", count=MAX_ID_PAGES)

    def contents(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The items of up to CONTENTS_BATCH ids: one POST, or, for a batch whose answer is
        over its caps, the two halves asked for apart. Entries that are not objects are left
        out (as if not returned); SyncError unless the answer holds a list of items."""
        try:
            body = self._json(
                "POST",
                "/reader/api/0/stream/items/contents",
                cap=CONTENTS_BYTES,
                params={"output": "json"},
                data={"i": [wire_id(i) for i in ids]},
            )
        except SyncError as exc:
            cause = exc.problem.params.get("error")
            too_big = exc.problem.code == "sync.too_complex" or (
                isinstance(cause, Problem) and cause.code.startswith("fetch.too_large")
            )
            if not too_big or len(ids) < 2:
                raise
            half = len(ids) // 2
            return self.contents(ids[:half]) + self.contents(ids[half:])
        items = body.get("items", _MISSING)
        if items is _MISSING:
            raise SyncError("sync.wrong_shape")
        return [item for item in _list(items) if isinstance(item, dict)]

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
        data: dict[str, Any] = {"i": [wire_id(i) for i in ids], "T": self.write_token()}
        if add:
            data["a"] = add
        if remove:
            data["r"] = remove
        answer = self._send("POST", "/reader/api/0/edit-tag", cap=EDIT_BYTES, data=data)
        if answer.strip() != b"OK":
            raise SyncError("sync.edit_refused")


def _ref_number(ref: object) -> int:
    """The id of one itemRefs entry; SyncError for an entry of any other shape."""
    raw = ref.get("id") if isinstance(ref, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise SyncError("sync.wrong_shape")
    try:
        return item_number(str(raw))
    except ValueError:
        raise SyncError("sync.bad_item_id") from None


def _continuation(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SyncError("sync.wrong_shape")
    text = str(value)
    if len(text) > 1000 or not text.isprintable():
        raise SyncError("sync.wrong_shape")
    return text
