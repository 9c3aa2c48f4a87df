"""A hostile news site on loopback, for trying the reader by hand and for the soak.

    python scripts/hostile_site.py --port 8931 --internal-port 8932 --feeds 20 --grow-seconds 60

(`--internal-host 127.0.0.2` puts the internal server on another loopback address, so that a
config allowing 127.0.0.1 still keeps it out; `--fault-every 300` brings the faults again, as
new articles, every five minutes.)

Serves summary-only feeds `/feed/K.xml` (K = 1..feeds) that grow by one item every
`--grow-seconds`, each item's page an ordinary story with a small picture. Feed 1 also carries
the third round's faults, newest first:

- "terburuk": its page is 80,000 `<b>a</b>` (trafilatura: about 50 s), its lead picture the
  progressive-JPEG scan bomb (about 25 s to decode);
- seven articles whose lead pictures are 8000 x 5000 WebPs of 1.6 KB each;
- articles linking to the internal server (`--internal-port`) in every shape of issue 18, and
  one whose page answers 302 to it; pictures likewise;
- pages declaring charset=idna and charset=undefined.

The internal server answers every request with a page holding INTERNAL_MARKER and counts the
requests (`GET /hits` on it says how many), so a run can tell whether anything reached it.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile.payloads import (  # noqa: E402 - after the path is set
    huge_webp,
    quadratic_page,
    scan_bomb_jpeg,
    small_jpeg,
    story_page,
)

INTERNAL_MARKER = "KALBARTUI-INTERNAL-9d41"
START = datetime.now(UTC)


def ssrf_links(internal: int, host: str = "127.0.0.1") -> list[tuple[str, str]]:
    """(name, URL) of every shape of an internal address that issue 18 tried, for `host`
    (an address in 127.0.0.0/8)."""
    last = int(host.rsplit(".", 1)[1])
    return [
        ("loopback", f"http://{host}:{internal}/rahasia"),
        ("decimal", f"http://{2130706432 + last}:{internal}/rahasia"),
        ("hex", f"http://0x7f.0.0.{last}:{internal}/rahasia"),
        ("short", f"http://127.{last}:{internal}/rahasia"),
        ("zeros", f"http://0.0.0.0:{internal}/rahasia"),
        ("mapped-v6", f"http://[::ffff:{host}]:{internal}/rahasia"),
        ("localhost", f"http://localhost:{internal}/rahasia"),
        ("userinfo", f"http://news.example@{host}:{internal}/rahasia"),
        ("octal", f"http://0177.0.0.{last}:{internal}/rahasia"),
    ]


class Site:
    def __init__(
        self,
        port: int,
        internal: int,
        feeds: int,
        grow: float,
        internal_host: str = "127.0.0.1",
        fault_every: float = 0.0,
    ) -> None:
        self.port = port
        self.internal = internal
        self.internal_host = internal_host
        self.feeds = feeds
        self.grow = grow
        self.fault_every = fault_every
        self.internal_hits = 0
        self.base = f"http://127.0.0.1:{port}"

    def items(self, feed: int) -> list[bytes]:
        now = datetime.now(UTC)
        grown = int((now - START).total_seconds() // self.grow) if self.grow else 0
        count = 5 + grown
        out = []
        for n in range(count, max(0, count - 40), -1):
            when = START + timedelta(seconds=(n - 5) * (self.grow or 1))  # never ahead of now
            out.append(
                self.item(
                    f"f{feed}-{n}",
                    f"Kabar {feed} nomor {n}",
                    f"{self.base}/berita/{feed}/{n}/",
                    f"{self.base}/gambar/{feed}-{n}.jpg",
                    when,
                )
            )
        if feed == 1:
            out = self.faults() + out
        return out

    def faults(self) -> list[bytes]:
        elapsed = (datetime.now(UTC) - START).total_seconds()
        epoch = int(elapsed // self.fault_every) if self.fault_every else 0
        later = START + timedelta(seconds=epoch * self.fault_every + 60)
        base, e = self.base, epoch
        out = [
            self.item(
                f"terburuk-{e}",
                f"Halaman terburuk dan bom pindaian ({e})",
                f"{base}/berita/terburuk/{e}/",
                f"{base}/gambar/bom-{e}.jpg",
                later + timedelta(seconds=30),  # the newest: first in the list
            )
        ]
        for k in range(1, 8):
            out.append(
                self.item(
                    f"webp-{e}-{k}",
                    f"Gambar WebP raksasa {k} ({e})",
                    f"{base}/berita/webp/{e}-{k}/",
                    f"{base}/gambar/lebar-{e}-{k}.webp",
                    later - timedelta(seconds=k),
                )
            )
        for name, url in ssrf_links(self.internal, self.internal_host):
            out.append(
                self.item(
                    f"ssrf-{name}-{e}", f"Tautan ke dalam: {name} ({e})", url, url + ".jpg", later
                )
            )
        out.append(
            self.item(
                f"ssrf-redirect-{e}",
                f"Halaman publik yang mengalihkan ke dalam ({e})",
                f"{base}/alih/{e}/",
                f"{base}/alih-gambar-{e}.jpg",
                later,
            )
        )
        for charset in ("idna", "undefined"):
            out.append(
                self.item(
                    f"charset-{charset}-{e}",
                    f"Halaman ber-charset {charset} ({e})",
                    f"{base}/berita/charset/{charset}/{e}/",
                    "",
                    later,
                )
            )
        return out

    @staticmethod
    def item(guid: str, title: str, link: str, image: str, when: datetime) -> bytes:
        media = f'<media:content url="{escape(image)}" medium="image"/>' if image else ""
        return (
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{guid}</guid>'
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
            f"<description>Ringkasan singkat [&#8230;]</description>{media}</item>"
        ).encode()

    def feed(self, feed: int) -> bytes:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            f"<title>Kabar Uji {feed}</title><link>{self.base}/</link>"
        ).encode()
        return head + b"".join(self.items(feed)) + b"</channel></rss>"

    def answer(self, path: str) -> tuple[int, str, bytes, dict[str, str]]:
        if path.startswith("/feed/") and path.endswith(".xml"):
            return 200, "application/rss+xml; charset=UTF-8", self.feed(int(path[6:-4])), {}
        if path.startswith("/berita/terburuk/"):
            return 200, "text/html; charset=UTF-8", quadratic_page(), {}
        if path.startswith("/berita/charset/"):
            charset = path.split("/")[3]
            body = story_page("Halaman aneh").replace(b'<meta charset="UTF-8">', b"")
            return 200, f"text/html; charset={charset}", body, {}
        if path.startswith("/berita/"):
            return 200, "text/html; charset=UTF-8", story_page(f"Berita {path}"), {}
        if path.startswith("/gambar/bom"):
            return 200, "image/jpeg", scan_bomb_jpeg(), {}
        if path.startswith("/gambar/lebar-"):
            return 200, "image/webp", huge_webp(), {}
        if path.startswith("/gambar/"):
            return 200, "image/jpeg", small_jpeg(), {}
        if path.startswith(("/alih/", "/alih-gambar")):
            target = f"http://{self.internal_host}:{self.internal}/rahasia"
            return 302, "text/html", b"", {"Location": target}
        return 404, "text/plain", b"not here", {}


def serve(port: int, answer: object, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            status, kind, body, headers = answer(self.path)  # type: ignore[operator]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--internal-port", type=int, default=8932)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--grow-seconds", type=float, default=60.0)
    parser.add_argument("--internal-host", default="127.0.0.1")
    parser.add_argument("--fault-every", type=float, default=0.0)
    args = parser.parse_args()
    site = Site(
        args.port,
        args.internal_port,
        args.feeds,
        args.grow_seconds,
        args.internal_host,
        args.fault_every,
    )

    def internal(path: str) -> tuple[int, str, bytes, dict[str, str]]:
        if path == "/hits":
            return 200, "text/plain", str(site.internal_hits).encode(), {}
        site.internal_hits += 1
        page = story_page(f"Halaman dalam {INTERNAL_MARKER}", 400)
        return 200, "text/html; charset=UTF-8", page, {}

    # Built before the first request, so no fetch waits for Pillow.
    scan_bomb_jpeg()
    huge_webp()
    serve(args.port, site.answer)
    serve(args.internal_port, internal, args.internal_host)
    print(f"site {site.base}/feed/1.xml .. /feed/{args.feeds}.xml", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
