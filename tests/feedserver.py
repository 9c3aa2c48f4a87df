"""A real HTTP server on loopback for the tests: routes answer with canned feeds or misbehave on purpose."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data"

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """Routes map a path to a handler; `hits` records every request for assertions."""

    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    latency: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def base(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FeedServer:
        owner = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                owner.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}))
                if owner.latency:
                    time.sleep(owner.latency)
                route = owner.routes.get(self.path) or owner.routes.get(self.path.split("?")[0])
                if route is None:
                    send(self, 404, b"not here", "text/plain")
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class _Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client hanging up mid-answer is what several tests do on purpose

        self.server = _Server(("127.0.0.1", 0), _H)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def stopping(self) -> threading.Event:
        return self._stop

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h.path == path)


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "application/rss+xml; charset=UTF-8",
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    if body:
        h.wfile.write(body)


def feed_route(
    body: bytes, etag: str = "", last_modified: str = "", gzip_it: bool = False
) -> Handler:
    """A well-behaved feed: conditional GET honoured, optional gzip."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        if etag and h.headers.get("If-None-Match") == etag:
            send(h, 304, headers={"ETag": etag})
            return
        if last_modified and not etag and h.headers.get("If-Modified-Since") == last_modified:
            send(h, 304)
            return
        headers = {}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        payload = body
        if gzip_it and "gzip" in (h.headers.get("Accept-Encoding") or ""):
            payload = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        send(h, 200, payload, headers=headers)

    return handle


def status_route(status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Handler:
    return lambda h: send(h, status, body, "text/html", headers)


def redirect_route(target: str, status: int = 301) -> Handler:
    return lambda h: send(h, status, b"", "text/html", {"Location": target})


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)


def serve_wordpress_site(server: FeedServer) -> None:
    """A WordPress-shaped site: a page at /berita/ naming its REST API and two feeds (the
    front feed, and comments), the API's index, two categories, the feeds themselves."""
    server.routes["/berita/"] = lambda h: send(
        h,
        200,
        (
            "<html><head><title>Situs Uji</title>"
            f'<link rel="https://api.w.org/" href="{server.url("/wp-json/")}">'
            '<link rel="alternate" type="application/rss+xml" title="Situs Uji » Feed" href="/feed/">'
            '<link rel="alternate" type="application/rss+xml" title="Situs Uji » Komentar" '
            'href="/comments/feed/">'
            "</head><body></body></html>"
        ).encode(),
        "text/html; charset=UTF-8",
    )
    index = {"name": "Situs Uji", "namespaces": ["oembed/1.0", "wp/v2"]}
    server.routes["/wp-json/"] = lambda h: send(
        h, 200, json.dumps(index).encode(), "application/json"
    )
    categories = [
        {"name": n, "slug": n.lower(), "link": server.url(f"/{n.lower()}/"), "count": 5}
        for n in ("Pontianak", "Sintang")
    ]
    server.routes["/wp-json/wp/v2/categories"] = lambda h: send(
        h, 200, json.dumps(categories).encode(), "application/json"
    )
    front = (DATA / "wp_front.xml").read_bytes()
    server.routes["/feed/"] = feed_route(front)
    server.routes["/comments/feed/"] = feed_route(front)


SITE = b"https://www.kalbaronline.com"  # the site of the WordPress feeds in tests/data


def site_feed(name: str, server: FeedServer) -> bytes:
    """A WordPress feed of tests/data with its site moved onto `server`.

    A refresh goes on to fetch the pages of summary-only articles; with the links on loopback it
    asks this server (which answers 404) instead of looking the real site up in DNS, which here
    could wait 5 s on a dropped query and elsewhere would reach the real site."""
    return (DATA / name).read_bytes().replace(SITE, server.url("").encode())
