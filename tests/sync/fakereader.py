"""A Google Reader API server on loopback, written for the tests: it answers as FreshRSS does
until a test tells it to misbehave, one path at a time (endless continuations, error objects,
wrong shapes, slow headers, huge ids, odd tokens, escape-laden names, big answers, many
subscriptions).

Nothing here is kalbartui's: ids are parsed and written by the fake's own code.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

API = "/api/greader.php"
USER = "pembaca"
PASSWORD = "sandi-api-pembaca"
LONG = "tag:google.com,2005:reader/item/"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"

# The paths, as a test names them when it makes one misbehave.
LOGIN = "/accounts/ClientLogin"
TOKEN = "/reader/api/0/token"
SUBSCRIPTIONS = "/reader/api/0/subscription/list"
IDS = "/reader/api/0/stream/items/ids"
CONTENTS = "/reader/api/0/stream/items/contents"
EDIT = "/reader/api/0/edit-tag"


@dataclass
class Request:
    method: str
    path: str  # under the API root, e.g. IDS
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name) or self.form.get(name)
        return values[0] if values else default


@dataclass
class Reply:
    """An answer; `header_delay` sends the header lines one by one that many seconds apart,
    `chunks` streams a body too big to hold."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    header_delay: float = 0.0
    chunks: Callable[[], Iterable[bytes]] | None = None
    length: int | None = None  # Content-Length of a streamed body


# A misbehaviour: given the request, a Reply, or None to answer as a good server would.
Answer = Callable[[Request], "Reply | None"]


def as_json(value: object, status: int = 200) -> Reply:
    return Reply(status, json.dumps(value).encode())


def text(body: str | bytes, status: int = 200) -> Reply:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return Reply(status, raw, "text/plain; charset=utf-8")


@dataclass
class Item:
    id: int
    feed: str  # "feed/1"
    title: str
    published: int
    body: str = "<p>Isi berita.</p>"
    hex_width: int = 16  # digits of the long form: 16, or 24 for services with 96-bit ids


def long_id(item: Item) -> str:
    return f"{LONG}{item.id:0{item.hex_width}x}"


def parse_id(raw: str) -> int:
    """The fake's own reading of an item id: the long form, bare hex, or decimal."""
    raw = raw.strip()
    if raw.startswith(LONG):
        return int(raw[len(LONG) :], 16)
    if raw.lstrip("-").isdigit() and len(raw) <= 20:
        n = int(raw)
        return n + 2**64 if n < 0 else n  # Google's signed short form
    return int(raw, 16)


class FakeReader:
    """One user (`USER`, `PASSWORD`) on a loopback port; `misbehave[path]` overrides a path."""

    def __init__(self) -> None:
        self.feeds: list[dict[str, object]] = []
        self.items: dict[int, Item] = {}
        self.read: set[int] = set()
        self.starred: set[int] = set()
        self.misbehave: dict[str, Answer] = {}
        self.auth = f"{USER}/7a3f9c"
        self.write_token = "T0k3nTulis"
        self.short_ids = "decimal"  # or "signed" (Google's), or "long"
        self.seen: list[str] = []  # "GET /reader/api/0/..." for every request
        self.log: list[Request] = []  # and each request whole
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ the account

    def add_feed(self, n: int, title: str, label: str = "", url: str = "") -> str:
        stream = f"feed/{n}"
        sub: dict[str, object] = {
            "id": stream,
            "title": title,
            "url": url or f"https://berita{n}.example.id/feed/",
            "htmlUrl": f"https://berita{n}.example.id/",
            "iconUrl": "",
            "categories": [{"id": f"user/-/label/{label}", "label": label}] if label else [],
        }
        self.feeds.append(sub)
        return stream

    def add_item(self, item: Item, *, read: bool = False, starred: bool = False) -> Item:
        self.items[item.id] = item
        if read:
            self.read.add(item.id)
        if starred:
            self.starred.add(item.id)
        return item

    def add_items(self, feed: str, ids: Iterable[int], **flags: bool) -> list[Item]:
        now = int(time.time())
        return [
            self.add_item(Item(i, feed, f"Berita nomor {k}", now - 60 * k), **flags)
            for k, i in enumerate(ids)
        ]

    # ------------------------------------------------------------------ serving

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{API}"

    @property
    def requests(self) -> int:
        with self._lock:
            return len(self.seen)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for s in self.seen if s.split(" ", 1)[1] == path)

    def start(self) -> FakeReader:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _route(self) -> None:
                owner._handle(self)

            do_GET = do_POST = _route  # noqa: N815

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients hang up on purpose (deadlines, caps)

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeReader:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        path = parts.path.removeprefix(API)
        req = Request(
            h.command,
            path,
            parse_qs(parts.query),
            parse_qs(raw.decode("utf-8", "replace")) if raw else {},
            {k.lower(): v for k, v in h.headers.items()},
        )
        with self._lock:
            self.seen.append(f"{h.command} {path}")
            self.log.append(req)
        odd = self.misbehave.get(path)
        reply = odd(req) if odd is not None else None
        if reply is None:
            reply = self._good(req)
        try:
            _send(h, reply)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    # ------------------------------------------------------------------ a good server

    def _good(self, req: Request) -> Reply:
        if req.path == LOGIN:
            if req.arg("Email") == USER and req.arg("Passwd") == PASSWORD:
                return text(f"SID={self.auth}\nLSID=null\nAuth={self.auth}\n")
            return text("Error=BadAuthentication\n", 401)
        if req.headers.get("authorization") != f"GoogleLogin auth={self.auth}":
            return text("Unauthorized!", 401)
        if req.path == TOKEN:
            return text(self.write_token + "\n")
        if req.path == SUBSCRIPTIONS:
            return as_json({"subscriptions": self.feeds})
        if req.path == IDS:
            return self._ids(req)
        if req.path == CONTENTS:
            return self._contents(req)
        if req.path == EDIT:
            return self._edit(req)
        return text("not here", 404)

    def _stream(self, req: Request) -> list[int]:
        stream, exclude = req.arg("s", READING_LIST), req.arg("xt")
        ids = sorted(self.items, reverse=True)
        if stream == STARRED:
            ids = [i for i in ids if i in self.starred]
        elif stream != READING_LIST:
            ids = [i for i in ids if self.items[i].feed == stream]
        if exclude == READ:
            ids = [i for i in ids if i not in self.read]
        return ids

    def _short(self, n: int) -> str:
        if self.short_ids == "long":
            return long_id(self.items[n])
        if self.short_ids == "signed" and n >= 2**63:
            return str(n - 2**64)
        return str(n)

    def _ids(self, req: Request) -> Reply:
        ids = self._stream(req)
        count = int(req.arg("n", "20"))
        start = int(req.arg("c") or 0)
        page = ids[start : start + count]
        answer: dict[str, object] = {"itemRefs": [{"id": self._short(i)} for i in page]}
        if start + count < len(ids):
            answer["continuation"] = str(start + count)
        return as_json(answer)

    def _contents(self, req: Request) -> Reply:
        wanted = [parse_id(i) for i in req.form.get("i", [])]
        return as_json({"items": [self.item_json(i) for i in wanted if i in self.items]})

    def item_json(self, n: int) -> dict[str, object]:
        item = self.items[n]
        categories = [READING_LIST, f"user/-/label/{self._label(item.feed)}"]
        if n in self.read:
            categories.append(READ)
        if n in self.starred:
            categories.append(STARRED)
        sub = next((f for f in self.feeds if f["id"] == item.feed), {})
        return {
            "id": long_id(item),
            "crawlTimeMsec": str(item.published * 1000),
            "timestampUsec": str(item.published * 1_000_000),
            "published": item.published,
            "title": item.title,
            "canonical": [{"href": f"https://berita.example.id/{n}/"}],
            "alternate": [{"href": f"https://berita.example.id/{n}/"}],
            "categories": categories,
            "origin": {
                "streamId": item.feed,
                "htmlUrl": sub.get("htmlUrl", ""),
                "title": sub.get("title", ""),
            },
            "summary": {"content": item.body},
            "author": "Redaksi",
        }

    def _label(self, stream: str) -> str:
        for sub in self.feeds:
            cats = sub.get("categories")
            if sub.get("id") == stream and isinstance(cats, list) and cats:
                return str(cats[0].get("label", ""))
        return ""

    def _edit(self, req: Request) -> Reply:
        if req.arg("T") != self.write_token:
            return text("Invalid token", 401)
        ids = [parse_id(i) for i in req.form.get("i", [])]
        for tag, on in ((req.arg("a"), True), (req.arg("r"), False)):
            target = {READ: self.read, STARRED: self.starred}.get(tag)
            if target is None:
                continue
            for i in ids:
                if on:
                    target.add(i)
                else:
                    target.discard(i)
        return text("OK")


def _send(h: BaseHTTPRequestHandler, reply: Reply) -> None:
    lines = [f"HTTP/1.1 {reply.status} X\r\n", f"Content-Type: {reply.content_type}\r\n"]
    length = reply.length if reply.chunks is not None else len(reply.body)
    if length is not None:
        lines.append(f"Content-Length: {length}\r\n")
    lines += [f"{k}: {v}\r\n" for k, v in reply.headers.items()]
    head = "".join(lines).encode("latin-1") + b"\r\n"
    if reply.header_delay:
        for line in lines:
            h.wfile.write(line.encode("latin-1"))
            h.wfile.flush()
            time.sleep(reply.header_delay)
        head = b"\r\n"
    if reply.chunks is None:
        h.wfile.write(head + reply.body)  # one write: no Nagle and delayed-ACK stall
        return
    h.wfile.write(head)
    for chunk in reply.chunks():
        h.wfile.write(chunk)


# ---------------------------------------------------------------------- misbehaviours


def endless(fresh_ids: bool = True, same_token: bool = False) -> Answer:
    """Every ids page carries a continuation: new ids and a new token each time, or the same
    page again (`fresh_ids=False`), or the same token (`same_token=True`)."""
    counter = iter(range(1, 10**9))

    def answer(req: Request) -> Reply:
        n = next(counter)
        first = 1_700_000_000_000_000 + (n * 10 if fresh_ids else 0)
        refs = [{"id": str(first + k)} for k in range(3)]
        return as_json({"itemRefs": refs, "continuation": "sama" if same_token else f"c{n}"})

    return answer


def header_lines_every(seconds: float, lines: int = 60) -> Answer:
    """A 200 whose header lines come one per `seconds`, `lines` of them, then a body."""

    def answer(req: Request) -> Reply:
        padding = {f"X-Pelan-{k}": "x" for k in range(lines)}
        return Reply(200, b'{"subscriptions": []}', headers=padding, header_delay=seconds)

    return answer


def big_json(prefix: bytes, element: bytes, total: int, suffix: bytes) -> Answer:
    """A JSON answer of `total` bytes: prefix, `element` repeated (comma-joined), suffix;
    streamed, so the server holds none of it."""
    per = len(element) + 1
    count = max((total - len(prefix) - len(suffix)) // per, 1)
    length = len(prefix) + count * per - 1 + len(suffix)

    def chunks() -> Iterator[bytes]:
        yield prefix
        block = 4096
        whole, rest = divmod(count, block)
        piece = (element + b",") * block
        for k in range(whole):
            yield piece if (k < whole - 1 or rest) else piece[:-1]
        if rest:
            yield (element + b",") * (rest - 1) + element
        yield suffix

    def answer(req: Request) -> Reply:
        return Reply(200, chunks=chunks, length=length)

    return answer
