"""A fault-injecting feed server: one route for every way a feed server can fail or attack.

Each route answers in two phases. In the "good" phase it serves a small valid feed, so the
cache holds that feed's articles; in the "hostile" phase it does its worst. A test refreshes
once in each phase and then checks that the bad answer cost nothing but its own error.

Big bodies are streamed from generators and never held in memory; the gzip bomb is built
once per test session by compressing zeros in a stream.
"""

from __future__ import annotations

import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from xml.sax.saxutils import escape

from tests.feedserver import FeedServer, Handler, send

# The fixed clocks of the two refreshes: the good fetch, then the hostile one a day later.
GOOD_AT = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
HOSTILE_AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)

HUGE_BYTES = 200 * 1024 * 1024  # what the "200 MB body" routes offer
BOMB_INFLATED = 1024 * 1024 * 1024  # the gzip bomb inflates to 1 GiB
SECRET = "KALBARTUI-RAHASIA-7f3c9e"  # the marker inside the local file the XXE feed names

RSS = "application/rss+xml; charset=UTF-8"

# ---------------------------------------------------------------- feed text

# Short Indonesian news items written for these tests: (title, one paragraph).
STORIES = [
    (
        "Jembatan Kapuas I Dicat Ulang Menjelang Hari Jadi Kota",
        "Petugas mulai mengecat pagar jembatan pada malam hari agar lalu lintas tidak terganggu.",
    ),
    (
        "Pasar Flamboyan Tambah Lampu Penerangan di Lorong Ikan",
        "Pedagang menyambut baik lampu baru karena pembeli kini datang sampai selepas magrib.",
    ),
    (
        "Sekolah di Sungai Raya Uji Coba Perpustakaan Keliling",
        "Sebuah perahu motor membawa dua ratus buku ke desa-desa di tepi sungai setiap Sabtu.",
    ),
    (
        "Petani Sayur di Siantan Panen Kangkung Lebih Awal",
        "Cuaca cerah selama sepekan membuat kangkung siap dipetik empat hari lebih cepat.",
    ),
    (
        "Relawan Bersihkan Parit Jalan Gajah Mada dari Sampah Plastik",
        "Sekitar lima puluh relawan mengangkut sampah yang menyumbat aliran air sejak pagi.",
    ),
    (
        "Lomba Sampan Hias Meriahkan Tepian Sungai Landak",
        "Dua puluh regu menghias sampan dengan janur dan lampu warna-warni.",
    ),
]


def _b(value: str | bytes) -> bytes:
    """Text as UTF-8 bytes; bytes pass through untouched so a test can plant raw bytes."""
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _x(value: str | bytes) -> bytes:
    """Text escaped for XML; bytes are planted as they are."""
    return value if isinstance(value, bytes) else escape(value).encode("utf-8")


def rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def item(
    guid: str | bytes,
    title: str | bytes,
    *,
    link: str | bytes | None = None,
    author: str | bytes = "Redaksi",
    categories: tuple[str | bytes, ...] = ("Pontianak",),
    body: str | bytes = "<p>Isi berita.</p>",
    date: str | bytes | None = None,
    extra: bytes = b"",
) -> bytes:
    """One WordPress-shaped RSS item. `body` goes into content:encoded as CDATA unless it is bytes."""
    if link is None:
        link = f"https://kalbar.example/{guid if isinstance(guid, str) else 'x'}/"
    parts = [b"<item><title>", _x(title), b"</title><link>", _x(link), b"</link>"]
    parts += [b"<dc:creator>", _x(author), b"</dc:creator>"]
    for cat in categories:
        parts += [b"<category>", _x(cat), b"</category>"]
    parts += [b'<guid isPermaLink="false">', _x(guid), b"</guid>"]
    if date is not None:
        parts += [b"<pubDate>", _x(date), b"</pubDate>"]
    body_xml = body if isinstance(body, bytes) else b"<![CDATA[" + body.encode("utf-8") + b"]]>"
    parts += [b"<content:encoded>", body_xml, b"</content:encoded>", extra, b"</item>"]
    return b"".join(parts)


def rss(
    title: str | bytes, items: list[bytes], *, prolog: bytes = b"", encoding: str = "UTF-8"
) -> bytes:
    """A whole RSS 2.0 document around `items`; `prolog` sits between the XML declaration and <rss>."""
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n'.encode("ascii")
    return b"".join(
        [
            head,
            prolog,
            b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            b' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            b' xmlns:media="http://search.yahoo.com/mrss/"><channel><title>',
            _x(title),
            b"</title><link>https://kalbar.example/</link><language>id</language>",
            *items,
            b"</channel></rss>",
        ]
    )


def good_items(key: str, first: int, last: int, at: datetime = GOOD_AT) -> list[bytes]:
    """Valid items key-first..key-last, newest first, an hour apart."""
    out = []
    for n in range(last, first - 1, -1):
        title, para = STORIES[(n - 1) % len(STORIES)]
        out.append(
            item(
                f"{key}-{n}",
                f"{title} ({key} {n})",
                body=f"<p>{para}</p>",
                date=rfc822(at - timedelta(hours=n)),
            )
        )
    return out


def good_feed(key: str, first: int = 1, last: int = 3, at: datetime = GOOD_AT) -> bytes:
    return rss(f"Kabar {key}", good_items(key, first, last, at))


# ---------------------------------------------------------------- the server


@dataclass
class Context:
    """What the hostile routes need from the session: the XXE target and the gzip bomb."""

    secret_file: Path
    gzip_bomb: Path


class SilentListener:
    """A raw TCP listener: it accepts every connection and, in the hostile phase, never answers.

    In the good phase it answers with a plain feed, so the cache holds articles from it first.
    """

    def __init__(self, owner: FaultServer, body: bytes) -> None:
        self.owner = owner
        self.body = body
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.05)
        self.held: list[socket.socket] = []
        self.accepted = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def start(self) -> None:
        self._thread.start()

    def _serve(self) -> None:
        while not self.owner.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            if self.owner.phase == "hostile":
                self.held.append(conn)  # accepted, read from by nobody, answered never
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: {RSS}\r\nContent-Length: {len(self.body)}\r\n"
                "Connection: close\r\n\r\n"
            )
            conn.sendall(head.encode("ascii") + self.body)

    def stop(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


class FaultServer:
    """The loopback server of the hostile suite: `/good.xml` and one route per case.

    `phase` is "good" or "hostile"; `sent` counts body bytes the streaming routes wrote.
    """

    def __init__(self, context: Context) -> None:
        self.context = context
        self.http = FeedServer()
        self.phase = "good"
        self.sent: dict[str, int] = {}
        self._hostile_from = 0
        self.silent = SilentListener(self, good_feed("never-answers-kemarin"))

    @property
    def stopping(self) -> threading.Event:
        return self.http.stopping

    def start(self) -> FaultServer:
        self.http.start()
        self.silent.start()
        self.http.routes["/good.xml"] = self._good_route
        for case in CASES:
            if case.raw:
                continue
            routes = case.routes(self)
            for path, hostile in routes.items():
                self.http.routes[path] = self._phased(case.name, path, hostile)
        return self

    def stop(self) -> None:
        self.http.stop()
        self.silent.stop()

    def url(self, name: str) -> str:
        """The feed URL of a case (or of "good", the well-behaved neighbour)."""
        if name == "good":
            return self.http.url("/good.xml")
        case = CASE_BY_NAME[name]
        if case.raw:
            return f"http://127.0.0.1:{self.silent.port}/case/{name}"
        return self.http.url(case_path(name))

    def go_hostile(self) -> None:
        self.phase = "hostile"
        self._hostile_from = len(self.http.hits)

    def hostile_hits(self, path: str) -> int:
        """Requests for `path` since the hostile phase began."""
        return sum(1 for h in self.http.hits[self._hostile_from :] if h.path == path)

    def _good_route(self, h: BaseHTTPRequestHandler) -> None:
        # The neighbour grows by three items between the phases: its new articles must land.
        last = 3 if self.phase == "good" else 6
        send(h, 200, good_feed("good", 1, last, GOOD_AT if self.phase == "good" else HOSTILE_AT))

    def _phased(self, name: str, path: str, hostile: Handler) -> Handler:
        def handle(h: BaseHTTPRequestHandler) -> None:
            if self.phase == "good":
                # Yesterday's items have guids of their own, so today's cannot be mistaken for them.
                send(h, 200, good_feed(f"{name}-kemarin"))
            else:
                hostile(h)

        return handle


def case_path(name: str) -> str:
    return f"/case/{name}"


# ---------------------------------------------------------------- streaming helpers


def stream(
    h: BaseHTTPRequestHandler, server: FaultServer, key: str, chunks: Iterator[bytes]
) -> None:
    """Write chunks until the client hangs up or the server stops; count what went out."""
    server.sent[key] = 0
    for chunk in chunks:
        if server.stopping.is_set():
            return
        try:
            h.wfile.write(chunk)
        except OSError:  # the client hung up: exactly what a bounded reader does
            h.close_connection = True
            return
        server.sent[key] += len(chunk)


def huge_chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A feed that starts well and never ends: `total` bytes in all, made on the fly."""
    head = (
        rss("Kabar Raksasa", [])[: -len(b"</channel></rss>")]
        + b"<item><title>Panjang</title><description>"
    )
    yield head
    filler = b"kalimat berita yang terus berulang " * (size // 35)
    sent = len(head)
    while sent < total:
        piece = filler[: min(len(filler), total - sent)]
        sent += len(piece)
        yield piece


def chunked(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """HTTP/1.1 chunked transfer coding: no Content-Length anywhere."""
    for chunk in chunks:
        yield f"{len(chunk):x}\r\n".encode("ascii") + chunk + b"\r\n"
    yield b"0\r\n\r\n"


def build_gzip_bomb(target: Path, inflated: int = BOMB_INFLATED) -> Path:
    """Write a gzip file of `inflated` zero bytes (about 1 MB for 1 GiB) to `target`.

    64 MiB of zeros are deflated once and ended with a full flush, which byte-aligns the
    segment and makes it independent of what came before, so repeating it is still one
    valid deflate stream. Nothing near the inflated size is ever held in memory.
    """
    segment_size = 64 * 1024 * 1024
    zeros = bytes(segment_size)
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(inflated // segment_size):
        crc = zlib.crc32(zeros, crc)
    part = target.with_name(target.name + ".part")
    with part.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip header, no name, no mtime
        for _ in range(inflated // segment_size):
            out.write(segment)
        out.write(b"\x03\x00")  # a final, empty fixed-Huffman block
        out.write(struct.pack("<II", crc, inflated & 0xFFFFFFFF))
    part.replace(target)
    return target


def file_chunks(path: Path, size: int = 64 * 1024) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            yield chunk


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """One way a feed can go wrong.

    fails: True when the fetch must be recorded as an error, False when the feed must land
    (its content cleaned), None when either is honest (a truncated document, say).
    words: the stored error names the cause with at least one of these.
    raw: served by the silent TCP listener instead of the HTTP server.
    """

    name: str
    what: str
    fails: bool | None
    routes: Callable[[FaultServer], dict[str, Handler]] = field(default=lambda s: {})
    words: tuple[str, ...] = ()
    raw: bool = False
    slow: bool = False  # meant to run into the deadline


def _one(
    name: str, handler: Callable[[FaultServer], Handler]
) -> Callable[[FaultServer], dict[str, Handler]]:
    return lambda server: {case_path(name): handler(server)}


def _status(code: int, headers: dict[str, str] | None = None) -> Callable[[FaultServer], Handler]:
    page = f"<html><body><h1>{code}</h1></body></html>".encode("ascii")
    return lambda server: lambda h: send(h, code, page, "text/html; charset=UTF-8", headers)


def _body(
    data: bytes, content_type: str = RSS, headers: dict[str, str] | None = None
) -> Callable[[FaultServer], Handler]:
    return lambda server: lambda h: send(h, 200, data, content_type, headers)


def _redirect_loop(server: FaultServer) -> dict[str, Handler]:
    a, b = case_path("redirect-loop"), case_path("redirect-loop") + "/b"
    return {
        a: lambda h: send(h, 302, b"", "text/html", {"Location": b}),
        b: lambda h: send(h, 302, b"", "text/html", {"Location": a}),
    }


def _permanent_redirect(server: FaultServer) -> dict[str, Handler]:
    old = case_path("permanent-redirect")
    new = old + "/moved"
    body = rss("Kabar pindah", good_items("permanent-redirect", 1, 5, HOSTILE_AT))
    return {
        old: lambda h: send(h, 301, b"", "text/html", {"Location": new}),
        new: lambda h: send(h, 200, body),
    }


def _truncated() -> bytes:
    whole = good_feed("truncated-xml", 1, 5, HOSTILE_AT)
    # Items run newest first: 5, 4, 3, 2, 1. Cut ten characters into the title of item 1.
    cut = whole.index(b"<title>", whole.index(b"truncated-xml-2</guid>")) + len(b"<title>") + 10
    return whole[:cut]


def _cp1252() -> bytes:
    title = "Harga \u201cminyak goreng\u201d turun \u2013 kafe di Pontianak ramai \u2026"
    body = "<p>Pedagang menyebut harga \u2018wajar\u2019 \u2013 Rp 18.000 per liter.</p>"
    doc = rss(
        "Kabar \u201cLama\u201d",
        [item("cp1252-declared-utf8-1", title, body=body, date=rfc822(HOSTILE_AT))],
    )
    return doc.decode("utf-8").encode("cp1252")  # the declaration still says UTF-8


def _huge(with_length: bool) -> Callable[[FaultServer], Handler]:
    key = "huge-body-with-length" if with_length else "huge-body-chunked"

    def make(server: FaultServer) -> Handler:
        def handle(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", RSS)
            if with_length:
                h.send_header("Content-Length", str(HUGE_BYTES))
            else:
                h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            body = huge_chunks(HUGE_BYTES)
            stream(h, server, key, body if with_length else chunked(body))

        return handle

    return make


def _gzip_bomb(server: FaultServer) -> Handler:
    path = server.context.gzip_bomb

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", RSS)
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(path.stat().st_size))
        h.end_headers()
        stream(h, server, "gzip-bomb", file_chunks(path))

    return handle


def _damaged_gzip(server: FaultServer) -> Handler:
    packed = zlib.compress(good_feed("damaged-gzip", 1, 3, HOSTILE_AT), wbits=16 + zlib.MAX_WBITS)
    broken = packed[:40] + bytes(b ^ 0x5A for b in packed[40:200]) + packed[200:]
    return lambda h: send(h, 200, broken, RSS, {"Content-Encoding": "gzip"})


ENTITY_BOMB = b"""<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def _entity_bomb() -> bytes:
    items = [
        item(
            "entity-bomb-1",
            b"Tawa &lol9;",
            author=b"&lol9;",
            body=b"<![CDATA[<p>ok</p>]]>&lol9;",
            date=rfc822(HOSTILE_AT),
        ),
        *good_items("entity-bomb", 2, 3, HOSTILE_AT),
    ]
    return rss(b"Bom &lol9;", items, prolog=ENTITY_BOMB)


def _external_entity(server: FaultServer) -> Handler:
    target = server.context.secret_file.as_uri()
    prolog = (
        f'<!DOCTYPE rss [\n <!ENTITY rahasia SYSTEM "{target}">\n'
        f' <!ENTITY % luar SYSTEM "{target}">\n %luar;\n]>\n'
    ).encode()
    items = [
        item(
            "external-entity-1",
            b"Bocoran &rahasia; hari ini",
            author=b"&rahasia;",
            categories=(b"&rahasia;",),
            body=b"<![CDATA[<p>isi</p>]]>&rahasia;",
            link=b"https://kalbar.example/&rahasia;",
            date=rfc822(HOSTILE_AT),
        ),
        *good_items("external-entity", 2, 3, HOSTILE_AT),
    ]
    body = rss(b"Kabar &rahasia;", items, prolog=prolog)
    return lambda h: send(h, 200, body)


def _trickle(server: FaultServer) -> Handler:
    data = good_feed("trickle", 1, 3, HOSTILE_AT)
    response = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {RSS}\r\nContent-Length: {len(data)}\r\n\r\n"
    ).encode("ascii") + data

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        server.sent["trickle"] = 0
        for i in range(len(response)):  # from the first byte of the status line on
            if i and server.stopping.wait(1.0):
                return
            try:
                h.wfile.write(response[i : i + 1])
            except OSError:
                return
            server.sent["trickle"] += 1

    return handle


def _drop_mid_body(server: FaultServer) -> Handler:
    data = good_feed("connection-drop", 1, 3, HOSTILE_AT)

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", RSS)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[: len(data) // 3])
        h.close_connection = True  # and hang up with two thirds still owed

    return handle


def _hostile_headers(server: FaultServer) -> Handler:
    body = good_feed("hostile-headers", 1, 4, HOSTILE_AT)
    headers = {
        "ETag": '"v1\x9b2J\x9d52;c;ZWNobw==\x9c"',
        "Last-Modified": "Thu, 26 Nov 2026 10:00:00 GMT\x9b31m",
        "X-Padding": "x" * 8000,
    }
    return lambda h: send(h, 200, body, "application/rss+xml; charset=UTF-8\x9b2J", headers)


def _many_items() -> bytes:
    items = []
    for n in range(5000, 0, -1):
        title, para = STORIES[n % len(STORIES)]
        items.append(
            item(
                f"five-thousand-items-{n}",
                f"{title} #{n}",
                body=f"<p>{para}</p><p>Nomor urut {n}.</p>",
                date=rfc822(HOSTILE_AT - timedelta(minutes=n)),
            )
        )
    return rss("Kabar Lima Ribu", items)


def _duplicate_guids() -> bytes:
    items = [
        item("dup-a", "Salinan pertama A", date=rfc822(HOSTILE_AT)),
        item("dup-b", "Salinan pertama B", date=rfc822(HOSTILE_AT - timedelta(hours=1))),
        item("dup-a", "Salinan kedua A", date=rfc822(HOSTILE_AT - timedelta(hours=2))),
        item("dup-c", "Salinan pertama C", date=rfc822(HOSTILE_AT - timedelta(hours=3))),
        item("dup-b", "Salinan kedua B", date=rfc822(HOSTILE_AT - timedelta(hours=4))),
        item("dup-a", "Salinan ketiga A", date=rfc822(HOSTILE_AT - timedelta(hours=5))),
    ]
    return rss("Kabar Kembar", items)


BAD_DATES = {
    "dates-none": None,
    "dates-words": "kemarin sore selepas hujan",
    "dates-impossible": "Mon, 32 Foo 2026 25:61:99 +9999",
    "dates-far-future": "Fri, 01 Jan 2100 10:00:00 GMT",
}


def _dates() -> bytes:
    items = [
        item(guid, f"Berita bertanggal aneh ({guid})", date=date)
        for guid, date in BAD_DATES.items()
    ]
    items.append(
        item("dates-good", "Berita bertanggal benar", date=rfc822(HOSTILE_AT - timedelta(hours=2)))
    )
    return rss("Kabar Tanpa Tanggal", items)


# Terminal control sequences a hostile feed can plant, raw.
OSC52 = b"\x1b]52;c;cm0gLXJmIH4vKgo=\x07"  # "put this in the clipboard"
CLEAR = b"\x1b[2J\x1b[H"
RED = b"\x1b[31;1m"
RESET = b"\x1b[0m"
TITLE_SET = b"\x1b]0;kalbartui diretas\x1b\\"
# Residue a half-done cleaner would leave on screen.
RESIDUE = ("52;c;", "[2J", "[31", "[0m", "]0;", "diretas")


def _terminal_raw() -> bytes:
    items = [
        item(
            "terminal-raw-1",
            b"Banjir " + OSC52 + b"Rob di " + CLEAR + b"Sungai " + RED + b"Kapuas" + RESET,
            author=b"Rina " + TITLE_SET + b"Marlina",
            categories=(b"Ponti" + RED + b"anak", b"Cuaca" + OSC52),
            body=b"<![CDATA[<p>Air naik "
            + CLEAR
            + b"setinggi "
            + OSC52
            + b"lutut "
            + RED
            + b"warga.</p>]]>",
            date=rfc822(HOSTILE_AT),
        ),
        item(
            "terminal-raw-2",
            b"Jalan " + TITLE_SET + b"Ahmad Yani " + RED + b"macet",
            author=b"Andi" + CLEAR,
            body=b"Teks polos " + OSC52 + b"tanpa CDATA " + RESET,
            date=rfc822(HOSTILE_AT - timedelta(hours=1)),
        ),
    ]
    return rss(b"Kabar " + RED + b"Merah" + RESET, items)


def _terminal_refs() -> bytes:
    items = [
        item(
            "terminal-refs-1",
            b"Pelabuhan &#x1b;]52;c;cm0gLXJmIH4=&#x7;Dwikora &#27;[2Jramai &#155;31mhari ini",
            author=b"Budi &#x1b;[5mSantoso",
            categories=(b"Ekonomi&#x1b;[0m",),
            body=b"<p>Kapal &amp;#x1b;[2J bersandar &#x1b;]0;judul&#x7; pagi tadi.</p>",
            date=rfc822(HOSTILE_AT),
        )
    ]
    return rss("Kabar Rujukan", items)


def _c1_controls() -> bytes:
    # Declared ISO-8859-1, so the bytes 0x80-0x9f really are the C1 controls U+0080-U+009F.
    items = [
        item(
            "c1-controls-1",
            b"Harga \x9b2Jkaret \x9d52;c;cm0=\x9c naik \x85lagi \x90q\x9c hari ini",
            author=b"Siti \x9b31mAminah",
            categories=(b"Ekonomi\x9b0m",),
            body=b"<p>Karet \x9b2J lembaran \x9d0;judul\x07 dijual.</p>",
            date=rfc822(HOSTILE_AT),
        )
    ]
    return rss(b"Kabar \x9b31mC1", items, encoding="ISO-8859-1")


def _c1_utf8() -> bytes:
    # UTF-8 text holding the C1 controls themselves (U+009B CSI, U+009D OSC, U+009C ST, U+0085).
    csi, osc, st, nel = "\u009b", "\u009d", "\u009c", "\u0085"
    items = [
        item(
            "c1-utf8-1",
            f"Harga {csi}2Jlada {osc}52;c;cm0={st} naik {nel}lagi hari ini",
            author=f"Siti {csi}31mAminah",
            categories=(f"Ekonomi{csi}0m",),
            body=f"<p>Lada {csi}2J putih {osc}0;judul{st} dijual.</p>",
            date=rfc822(HOSTILE_AT),
        )
    ]
    return rss(f"Kabar {csi}31mC1", items)


def _nul_and_friends() -> bytes:
    items = [
        item(
            "nul-and-friends-1",
            b"Nol\x00byte di judul\x08\x08\x08 dan hapus\x7f",
            author=b"Re\x00daksi",
            categories=(b"Kota\x00",),
            body=b"<![CDATA[<p>Baris aman\rBARIS PALSU\x00 ditimpa\x0b\x0c.</p>]]>",
            date=rfc822(HOSTILE_AT),
        )
    ]
    return rss(b"Kabar\x00Nol", items)


MARKUP_TITLE = (
    "[link=https://evil.example]Klik di sini[/link] [@click=app.quit]Hadiah[/] [bold red]PENTING"
)
MARKUP_AUTHOR = "[@click=app.quit]Redaksi[/]"
MARKUP_CATEGORIES = ("[/]", "[bold red]Pontianak", "[link=https://evil.example]x[/link]")


def _markup() -> bytes:
    items = [
        item(
            "markup-1",
            MARKUP_TITLE,
            author=MARKUP_AUTHOR,
            categories=MARKUP_CATEGORIES,
            body="<p>[bold]tebal?[/bold] [@click=app.bell]bunyi[/] [/]</p>",
            date=rfc822(HOSTILE_AT),
        )
    ]
    return rss("[bold magenta]Kabar Markup[/]", items)


SCRIPT_MARKERS = (
    "alert(",
    "evil.example/frame",
    "display:none",
    "onerror",
    "onclick",
    "kalbar_pwn",
)


def _active_html() -> bytes:
    body = (
        "<style>body{display:none}</style>"
        "<script>alert('kalbar_pwn')</script>"
        '<p onclick="kalbar_pwn()">Warga menanam bakau di pesisir Kubu Raya.</p>'
        '<iframe src="https://evil.example/frame"></iframe>'
        '<img src="https://kalbar.example/bakau.jpg" onerror="alert(2)">'
        "<SCRIPT type=text/javascript>alert('kalbar_pwn')</SCRIPT >"
        "<p>Bibit disiapkan oleh dinas kehutanan.</p>"
    )
    items = [
        item(
            "active-html-1",
            "Warga Tanam Bakau <script>alert('kalbar_pwn')</script>",
            body=body,
            date=rfc822(HOSTILE_AT),
        ),
    ]
    return rss("Kabar Skrip", items)


UNSAFE_LINKS = (
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    " javascript:alert(3)",
)


def _unsafe_links() -> bytes:
    items = []
    for n, link in enumerate(UNSAFE_LINKS, 1):
        media = f'<media:content url="{escape(link)}" medium="image" type="image/jpeg"/>'.encode()
        body = (
            f'<p>Tautan <a href="{escape(link)}">ini</a> dan gambar <img src="{escape(link)}"></p>'
        )
        items.append(
            item(
                f"unsafe-links-{n}",
                f"Tautan berbahaya nomor {n}",
                link=link,
                body=body,
                date=rfc822(HOSTILE_AT - timedelta(minutes=n)),
                extra=media
                + f'<enclosure url="{escape(link)}" type="image/png" length="1"/>'.encode(),
            )
        )
    return rss("Kabar Tautan", items)


LONG_TITLE = ("Pemerintah Kota Pontianak mengumumkan jadwal baru pengangkutan sampah " * 150)[
    :10_000
]


def _long_title() -> bytes:
    items = [
        item(
            "long-title-1",
            LONG_TITLE,
            author="Penulis " * 1500,
            categories=("Kategori " * 1500,),
            date=rfc822(HOSTILE_AT),
        )
    ]
    return rss("Kabar " * 2000, items)


RTL_TITLES = (
    "Warga Pontianak merayakan Hari Jadi 🎉🇮🇩 dengan 👩‍👩‍👧‍👦 berkumpul",
    "مرحبا بكم في بونتياناك: مهرجان القوارب على نهر كابواس",
    "שלום לכולם: פסטיבל הסירות בנהר קאפואס",
    "Campuran kiri ke kanan dan عربي dan עברית dalam satu judul",
    "Huruf bergabung: e\u0301 n\u0303 à la carte ✓",
)


def _emoji_rtl() -> bytes:
    items = [
        item(
            f"emoji-rtl-{n}",
            title,
            author="كاتب ✍️",
            categories=("עולם", "Dunia 🌏"),
            date=rfc822(HOSTILE_AT - timedelta(minutes=n)),
        )
        for n, title in enumerate(RTL_TITLES, 1)
    ]
    return rss("Kabar 🌐 عالمي", items)


# ---------------------------------------------------------------- round two: headers and redirects


def _redirect_to(
    target: str | Callable[[FaultServer], str], status: int = 302
) -> Callable[[FaultServer], Handler]:
    """A redirect whose Location is `target` as sent (raw bytes of latin-1 text reach the wire)."""

    def make(server: FaultServer) -> Handler:
        where = target(server) if callable(target) else target
        return lambda h: send(h, status, b"", "text/html", {"Location": where})

    return make


# Locations a redirect may carry that no request can follow: each must fail as one sentence,
# at once (not retried as a network error), and never become the feed's stored address.
BAD_LOCATIONS = {
    "redirect-port-99999": "http://127.0.0.1:99999/feed/",
    "redirect-data-url": "data:application/rss+xml;base64,PHJzcz48L3Jzcz4=",
    "redirect-javascript": "javascript:alert(1)",
    "redirect-c1-location": "/case/redirect-c1-location/baru\x9b2J\x9d0;judul\x9c/",
    "redirect-broken-ipv6": "http://[::1/feed/",
    "redirect-space-in-host": "http://kalbar .example/feed/",
}
# Retry-After values that once raised while being read (OverflowError, ValueError).
BAD_RETRY_AFTER = {
    "retry-after-10e18": "1000000000000000000",
    "retry-after-superscript": "\u00b2",
    # UTF-8 on the wire (http.server writes header text as latin-1); httpx reads it back as "٣٠".
    "retry-after-arabic-digits": "\u0663\u0660".encode().decode("latin-1"),
    "retry-after-year-99999": "Mon, 01 Jan 99999 00:00:00 GMT",
}


# ---------------------------------------------------------------- round two: slow to clean

ROUND_TWO_BYTES = 800_000  # the size of the feed that held a refresh for 70-85 s


def _slow_feed(name: str, *, title: str = "", body: str = "", extra: bytes = b"") -> bytes:
    """One item whose `title` or `body` is the attack, and two plain ones that must land."""
    items = [
        item(
            f"{name}-1",
            title or f"Berita dengan isi ganjil ({name})",
            body=body or "<p>Isi biasa.</p>",
            date=rfc822(HOSTILE_AT),
            extra=extra,
        ),
        *good_items(name, 2, 3, HOSTILE_AT),
    ]
    return rss(f"Kabar {name}", items)


def _repeat(unit: str, size: int = ROUND_TWO_BYTES) -> str:
    return unit * (size // len(unit))


def _many_terms(name: str, with_attribute: bool, count: int = 20_000) -> bytes:
    # With an attribute the fast reader steps aside and feedparser reads the feed, which once
    # compared every new term with every earlier one.
    attr = b' domain="https://kalbar.example/kategori/"' if with_attribute else b""
    terms = b"".join(b"<category" + attr + b">Kategori %d</category>" % n for n in range(count))
    return _slow_feed(name, extra=terms)


SLOW_BODIES = {
    "lt-title": dict(title=_repeat("&lt;", 200_000 * 4)),
    "img-run": dict(body=_repeat("<img ")),
    "script-run": dict(body=_repeat("<script ")),
    "comment-run": dict(body=_repeat("<!--")),
    "anchor-run": dict(body=_repeat("<a <a ")),
    "attribute-flood": dict(
        body="<p><img " + _repeat('data-x="1" ') + 'src="https://kalbar.example/a.jpg"></p>'
    ),
}


def _endless_links() -> bytes:
    # Linear for feedparser, but some 100 microseconds an element: 250,000 <link> elements in
    # one item (9 MB, under the size limit) would hold a parse for half a minute.
    links = b"".join(b"<link>https://kalbar.example/%d</link>" % n for n in range(250_000))
    return _slow_feed("parse-deadline", extra=links)


def _slow_case(name: str) -> Callable[[FaultServer], Handler]:
    body = _slow_feed(name, **SLOW_BODIES[name])  # type: ignore[arg-type]
    return _body(body)


# ---------------------------------------------------------------- round two: long, legal bodies

# Bodies that are valid HTML and simply long: each one expands past a cap of the renderer.
LONG_BODIES = {
    "br-200000": "<p>Awal" + "<br>" * 200_000 + "akhir</p>",
    "pre-200000-lines": "<pre>" + "kode\n" * 200_000 + "</pre>",
    "hr-100000": "<p>Awal</p>" + "<hr>" * 100_000,
    "p-200000": "<p>k</p>" * 200_000,
    "links-50000": "".join(f'<a href="/t/{n}">{n}</a> ' for n in range(50_000)),
    "table-50000-rows": "<table>" + "<tr><td>a</td><td>b</td></tr>" * 50_000 + "</table>",
}


def long_bodies_feed() -> bytes:
    items = [
        item(
            f"long-bodies-{key}",
            f"Artikel panjang: {key}",
            body=html,
            date=rfc822(HOSTILE_AT - timedelta(minutes=n)),
        )
        for n, (key, html) in enumerate(LONG_BODIES.items())
    ]
    return rss("Kabar Panjang", items)


def _c(
    name: str,
    what: str,
    fails: bool | None,
    routes: Callable[[FaultServer], dict[str, Handler]] | None = None,
    **kw: object,
) -> Case:
    return Case(name=name, what=what, fails=fails, routes=routes or (lambda s: {}), **kw)  # type: ignore[arg-type]


CASES: list[Case] = [
    _c("http-403", "HTTP 403 Forbidden", True, _one("http-403", _status(403)), words=("403",)),
    _c("http-404", "HTTP 404 Not Found", True, _one("http-404", _status(404)), words=("404",)),
    _c("http-410", "HTTP 410 Gone", True, _one("http-410", _status(410)), words=("410",)),
    _c("http-429-retry-after", "HTTP 429 with Retry-After: 120", True,
       _one("http-429-retry-after", _status(429, {"Retry-After": "120"})), words=("429",)),
    _c("http-500", "HTTP 500 on every try", True, _one("http-500", _status(500)), words=("500",)),
    _c("http-503-retry-after", "HTTP 503 with Retry-After: 300", True,
       _one("http-503-retry-after", _status(503, {"Retry-After": "300"})), words=("503",)),
    _c("redirect-loop", "A redirect loop (302 A -> B -> A)", True, _redirect_loop, words=("loop",)),
    _c("permanent-redirect", "A permanent redirect (301) to a new address", False, _permanent_redirect),
    _c("html-page", "An HTML page instead of a feed", True,
       _one("html-page", _body(b"<!DOCTYPE html><html><head><title>Beranda</title></head><body><p>Selamat datang</p></body></html>", "text/html; charset=UTF-8")),
       words=("not a feed",)),
    _c("empty-body", "An empty 200 response", True, _one("empty-body", _body(b"")), words=("empty",)),
    _c("truncated-xml", "XML cut off in the middle of an item", None, _one("truncated-xml", _body(_truncated())),
       words=("malformed", "not a feed", "cut")),
    _c("cp1252-declared-utf8", "A body declared UTF-8 but sent in cp1252", False,
       _one("cp1252-declared-utf8", _body(_cp1252()))),
    _c("huge-body-with-length", "A 200 MB body with Content-Length, streamed", True,
       _one("huge-body-with-length", _huge(True)), words=("limit",)),
    _c("huge-body-chunked", "A 200 MB chunked body without Content-Length", True,
       _one("huge-body-chunked", _huge(False)), words=("limit",)),
    _c("gzip-bomb", "A gzip bomb: 1 MB that inflates to 1 GB", True, _one("gzip-bomb", _gzip_bomb), words=("limit",)),
    _c("damaged-gzip", "A gzip body with damaged bytes", True, _one("damaged-gzip", _damaged_gzip),
       words=("damaged compressed",)),
    _c("entity-bomb", "A billion-laughs entity bomb", None, _one("entity-bomb", _body(_entity_bomb())),
       words=("malformed", "not a feed", "entit")),
    _c("external-entity", "An external entity naming a local file (XXE)", None,
       lambda s: {case_path("external-entity"): _external_entity(s)}, words=("malformed", "not a feed", "entit")),
    _c("trickle", "A server that trickles one byte a second", True, _one("trickle", _trickle),
       words=("timed out",), slow=True),
    _c("never-answers", "A server that accepts the connection and never answers", True,
       words=("timed out",), raw=True, slow=True),
    _c("connection-drop", "A server that hangs up in the middle of the body", True,
       _one("connection-drop", _drop_mid_body), words=("connection", "broke")),
    _c("hostile-headers", "C1 controls in ETag, Last-Modified and Content-Type headers", False,
       _one("hostile-headers", _hostile_headers)),
    _c("five-thousand-items", "A feed of 5,000 items", False, _one("five-thousand-items", _body(_many_items()))),
    _c("duplicate-guids", "Duplicate guids inside one feed", False, _one("duplicate-guids", _body(_duplicate_guids()))),
    _c("bad-dates", "Missing, unparseable and far-future dates", False, _one("bad-dates", _body(_dates()))),
    _c("terminal-raw", "Raw OSC 52, CSI clear and colour sequences in title, author, categories, body", False,
       _one("terminal-raw", _body(_terminal_raw()))),
    _c("terminal-refs", "Terminal sequences written as XML character references", False,
       _one("terminal-refs", _body(_terminal_refs()))),
    _c("c1-controls", "C1 control bytes (0x9b CSI, 0x9d OSC, 0x85) in an ISO-8859-1 feed", False,
       _one("c1-controls", _body(_c1_controls(), "application/rss+xml; charset=ISO-8859-1"))),
    _c("c1-utf8", "C1 controls as UTF-8 characters (U+009B, U+009D, U+009C, U+0085)", False,
       _one("c1-utf8", _body(_c1_utf8()))),
    _c("nul-and-friends", "NUL, backspace, DEL, CR, VT and FF in every field", False,
       _one("nul-and-friends", _body(_nul_and_friends()))),
    _c("markup", "Rich/Textual markup in title, author, categories: [link=..], [@click=app.quit], [/]", False,
       _one("markup", _body(_markup()))),
    _c("active-html", "<script>, <iframe>, <style> and on* handlers in the body", False,
       _one("active-html", _body(_active_html()))),
    _c("unsafe-links", "javascript:, file:, data: and vbscript: links and images", False,
       _one("unsafe-links", _body(_unsafe_links()))),
    _c("long-title", "A 10,000-character title (and author, category, feed title)", False,
       _one("long-title", _body(_long_title()))),
    _c("emoji-rtl", "Emoji, ZWJ sequences, combining marks, Arabic and Hebrew", False,
       _one("emoji-rtl", _body(_emoji_rtl()))),
    # Round two: redirects no request can follow, Retry-After of any shape.
    *[_c(name, f"A redirect to {where!r}", True, _one(name, _redirect_to(where)),
         words=("malformed", "refusing"))
      for name, where in BAD_LOCATIONS.items()],
    *[_c(name, f"HTTP 429 with Retry-After: {value!r}", True,
         _one(name, _status(429, {"Retry-After": value})), words=("429",))
      for name, value in BAD_RETRY_AFTER.items()],
    # Round two: ingest that was quadratic (tens of seconds for one feed).
    _c("lt-title", "A title of 200,000 '&lt;'", False, _one("lt-title", _slow_case("lt-title"))),
    _c("img-run", "A body of 160,000 '<img ' (800 KB)", False, _one("img-run", _slow_case("img-run"))),
    _c("script-run", "A body of 100,000 '<script ' (800 KB)", False, _one("script-run", _slow_case("script-run"))),
    _c("comment-run", "A body of 200,000 '<!--' (800 KB)", False, _one("comment-run", _slow_case("comment-run"))),
    _c("anchor-run", "A body of '<a <a <a ...' (800 KB)", False, _one("anchor-run", _slow_case("anchor-run"))),
    _c("attribute-flood", "One <img> with 72,000 attributes (800 KB)", False,
       _one("attribute-flood", _slow_case("attribute-flood"))),
    _c("many-terms", "An item with 20,000 <category> terms, read by feedparser", False,
       _one("many-terms", _body(_many_terms("many-terms", True)))),
    _c("many-terms-fast", "An item with 20,000 plain <category> terms", False,
       _one("many-terms-fast", _body(_many_terms("many-terms-fast", False)))),
    _c("parse-deadline", "An item with 250,000 <link> elements: half a minute of feedparser", True,
       _one("parse-deadline", _body(_endless_links())), words=("parsing took longer",)),
    _c("long-bodies", "200,000 <br>, 200,000 <pre> lines, 100,000 <hr>, 200,000 <p>, 50,000 links, "
       "a 50,000-row table", False, _one("long-bodies", _body(long_bodies_feed()))),
]  # fmt: skip

CASE_BY_NAME = {c.name: c for c in CASES}


# ---------------------------------------------------------------- round two: validators


class ValidatorRoutes:
    """Feeds whose validators once bricked a feed or were never matched, on the fault server.

    Each route serves items 1-3 on its first request and 1-5 after, so a second refresh that
    really fetched has two new articles. `asked[path]` keeps the validators of every request.
    """

    ORIGIN_ETAG = '"8f14e45fceea167a5a36dedd4bea2543"'
    LAST_MODIFIED = "Fri, 27 Nov 2026 02:00:00 GMT"
    # Header values as they go on the wire (http.server writes header text as latin-1).
    BAD = {
        "etag-latin1": {"ETag": '"caf\xe9"'},
        "etag-utf8": {"ETag": '"\u201cv1\u201d"'.encode().decode("latin-1")},
        "last-modified-utf8": {
            "Last-Modified": "Jum\u2019at, 27 Nov 2026".encode().decode("latin-1")
        },
        "etag-5000": {"ETag": '"' + "a" * 5000 + '"'},
        "etag-and-date-non-ascii": {
            "ETag": 'W/"\xe9t\xe9"',
            "Last-Modified": "Fri, 27 Nov 2026 \xa0GMT",
        },
    }

    def __init__(self, server: FaultServer) -> None:
        self.server = server
        self.asked: dict[str, list[tuple[str, str]]] = {}
        self.answered: dict[str, list[int]] = {}

    def install(self) -> None:
        for name, headers in self.BAD.items():
            self.server.http.routes[self.path(name)] = self._bad(name, headers)
        self.server.http.routes[self.path("apache-gzip")] = self._apache_gzip
        self.server.http.routes[self.path("same-body")] = self._same_body

    @staticmethod
    def path(name: str) -> str:
        return f"/validators/{name}"

    def url(self, name: str) -> str:
        return self.server.http.url(self.path(name))

    def _note(self, h: BaseHTTPRequestHandler) -> int:
        path = h.path
        self.asked.setdefault(path, []).append(
            (h.headers.get("If-None-Match", ""), h.headers.get("If-Modified-Since", ""))
        )
        return len(self.asked[path])

    def _answer(
        self, h: BaseHTTPRequestHandler, code: int, body: bytes, headers: dict[str, str]
    ) -> None:
        self.answered.setdefault(h.path, []).append(code)
        send(h, code, body, RSS, headers)

    def _bad(self, name: str, headers: dict[str, str]) -> Handler:
        def handle(h: BaseHTTPRequestHandler) -> None:
            n = self._note(h)
            self._answer(h, 200, good_feed(name, 1, 3 if n == 1 else 5, HOSTILE_AT), headers)

        return handle

    def _apache_gzip(self, h: BaseHTTPRequestHandler) -> None:
        """WordPress behind Apache's mod_deflate: the ETag on the wire is the origin's with
        "-gzip" inside the quotes, and 304 comes only when the client sends the origin's exact
        ETag (and, when it sends both, the same Last-Modified), as WordPress checks them."""
        self._note(h)
        etag = h.headers.get("If-None-Match")
        since = h.headers.get("If-Modified-Since")
        if etag is not None or since is not None:
            etag_ok = etag == self.ORIGIN_ETAG
            since_ok = since == self.LAST_MODIFIED
            if (
                (etag_ok and since_ok)
                if (etag is not None and since is not None)
                else (etag_ok or since_ok)
            ):
                self._answer(h, 304, b"", {"ETag": self.ORIGIN_ETAG[:-1] + '-gzip"'})
                return
        body = zlib.compress(good_feed("apache-gzip", 1, 3, HOSTILE_AT), wbits=16 + zlib.MAX_WBITS)
        headers = {
            "ETag": self.ORIGIN_ETAG[:-1] + '-gzip"',
            "Last-Modified": self.LAST_MODIFIED,
            "Content-Encoding": "gzip",
            "Vary": "Accept-Encoding",
        }
        self._answer(h, 200, body, headers)

    def _same_body(self, h: BaseHTTPRequestHandler) -> None:
        """A server with no validators at all that sends the same bytes every time."""
        self._note(h)
        self._answer(h, 200, good_feed("same-body", 1, 3, HOSTILE_AT), {})


# ---------------------------------------------------------------- round two: one host, many authors


class SharedHost:
    """Several authors' feeds on one host, as on raw-file hosting or a multi-author platform.

    Alice publishes three articles. Each of Mallory's feeds reuses Alice's guids, in its own way.
    """

    ALICE_LINK = "https://alice.example/2026/11/{n}/"

    def __init__(self, server: FaultServer) -> None:
        self.server = server

    def install(self) -> None:
        routes = self.server.http.routes
        routes["/shared/alice.xml"] = lambda h: send(h, 200, self.alice())
        for name in self.MALLORY:
            routes[f"/shared/{name}.xml"] = self._mallory(name)

    def url(self, name: str) -> str:
        return self.server.http.url(f"/shared/{name}.xml")

    def own_link(self, n: int) -> str:
        """A link on the shared host itself."""
        return self.server.http.url(f"/shared/posts/{n}.html")

    def alice(self) -> bytes:
        items = [
            item(
                f"alice-{n}",
                f"Tulisan Alice nomor {n}",
                link=self.ALICE_LINK.format(n=n),
                body=f"<p>Isi asli tulisan Alice {n}.</p>",
                date=rfc822(HOSTILE_AT - timedelta(hours=n)),
            )
            for n in (1, 2)
        ]
        items.append(
            item(
                "alice-3",
                "Tulisan Alice nomor 3",
                link=self.own_link(3),
                body="<p>Isi asli tulisan Alice 3.</p>",
                date=rfc822(HOSTILE_AT - timedelta(hours=3)),
            )
        )
        return rss("Blog Alice", items)

    # Mallory's shapes: her own link; Alice's very link; a link on the shared host itself.
    MALLORY = ("mallory-own-link", "mallory-alice-link", "mallory-host-link")

    def mallory(self, name: str) -> bytes:
        def link(n: int) -> str:
            if name == "mallory-own-link":
                return f"https://mallory.example/palsu/{n}/"
            if name == "mallory-alice-link" or n != 3:
                return self.ALICE_LINK.format(n=n)
            return self.own_link(3)

        items = [
            item(
                f"alice-{n}",
                f"PALSU: Alice mengaku salah ({n})",
                link=link(n),
                body="<p>PALSU: isi yang ditulis Mallory.</p>",
                date=rfc822(HOSTILE_AT),
            )
            for n in (1, 2, 3)
        ]
        return rss("Blog Mallory", items)

    def _mallory(self, name: str) -> Handler:
        return lambda h: send(h, 200, self.mallory(name))


# ---------------------------------------------------------------- round two: category discovery


class WordPressSites:
    """WordPress sites whose categories API fails in one way each; the front feed is fine.

    Site `name` lives under /wp/NAME/: /wp/NAME/feed/ and /wp/NAME/wp-json/wp/v2/categories.
    """

    def __init__(self, server: FaultServer) -> None:
        self.server = server

    @staticmethod
    def api_path(name: str) -> str:
        return f"/wp/{name}/wp-json/wp/v2/categories"

    def site_url(self, name: str) -> str:
        return self.server.http.url(f"/wp/{name}/")

    def install(self) -> None:
        routes = self.server.http.routes
        for name, handler in self.APIS.items():
            routes[f"/wp/{name}/feed/"] = self._front(name)
            routes[self.api_path(name)] = handler(self)

    def _front(self, name: str) -> Handler:
        body = good_feed(f"wp-{name}", 1, 3, HOSTILE_AT)
        return lambda h: send(h, 200, body)

    APIS: dict[str, Callable[[WordPressSites], Handler]] = {
        "nested-json": lambda self: (
            lambda h: send(h, 200, b"[" * 200_000 + b"]" * 200_000, "application/json")
        ),
        "retry-after-10e18": lambda self: (
            lambda h: send(h, 429, b"", "application/json", {"Retry-After": "1" + "0" * 18})
        ),
        "retry-after-superscript": lambda self: (
            lambda h: send(h, 429, b"", "application/json", {"Retry-After": "\u00b2"})
        ),
        "redirect-port-99999": lambda self: (
            lambda h: send(
                h, 302, b"", "text/html", {"Location": "http://127.0.0.1:99999/wp-json/"}
            )
        ),
        "redirect-data-url": lambda self: (
            lambda h: send(h, 302, b"", "text/html", {"Location": "data:application/json,[]"})
        ),
        "not-a-list": lambda self: (
            lambda h: send(h, 200, b'{"kode": "rest_no_route"}', "application/json")
        ),
        "binary": lambda self: (
            lambda h: send(h, 200, b"\xff\xfe\x00\x1b[2J\x9b", "application/json")
        ),
    }


# ---------------------------------------------------------------- round three: pages and pictures


class StoryRoutes:
    """Summary-only feeds whose articles' pages and pictures attack, on the fault server.

    `/story/NAME.xml` is a feed of one teaser per shape of NAME; each links to its page
    `/story/NAME/SHAPE/` (on the feed's own origin, so the address rule lets it through) and
    leads with the picture `/story/NAME/SHAPE.pic`. The internal-address feeds point at
    `internal`, another loopback server standing in for the user's own network.
    """

    def __init__(self, server: FaultServer, internal: FeedServer | None = None) -> None:
        self.server = server
        self.internal = internal
        self.pages: dict[str, dict[str, tuple[bytes, str]]] = {}
        self.pictures: dict[str, dict[str, bytes]] = {}
        self.links: dict[str, dict[str, str]] = {}  # feeds whose links point elsewhere

    def url(self, path: str) -> str:
        return self.server.http.url(path)

    def feed_url(self, name: str) -> str:
        return self.url(f"/story/{name}.xml")

    def add_pages(self, name: str, pages: dict[str, tuple[bytes, str]]) -> None:
        """A feed NAME whose articles' pages are `pages` (shape: body, content type)."""
        self.pages[name] = pages
        for shape, (body, kind) in pages.items():
            self.server.http.routes[f"/story/{name}/{shape}/"] = _answer(body, kind)
        self.server.http.routes[f"/story/{name}.xml"] = self._feed(name, list(pages))

    def add_pictures(self, name: str, pictures: dict[str, bytes]) -> None:
        """A feed NAME whose articles lead with `pictures` (their pages are ordinary)."""
        self.pictures[name] = pictures
        for shape, data in pictures.items():
            self.server.http.routes[f"/story/{name}/{shape}.pic"] = _answer(data, "image/jpeg")
        self.server.http.routes[f"/story/{name}.xml"] = self._feed(name, list(pictures))

    def add_links(self, name: str, links: dict[str, str]) -> None:
        """A feed NAME whose articles link (and lead with a picture) at `links`."""
        self.links[name] = links
        self.server.http.routes[f"/story/{name}.xml"] = self._feed(name, list(links))

    def page_url(self, name: str, shape: str) -> str:
        if shape in self.links.get(name, {}):
            return self.links[name][shape]
        return self.url(f"/story/{name}/{shape}/")

    def picture_url(self, name: str, shape: str) -> str:
        if shape in self.links.get(name, {}):
            return self.links[name][shape] + ".jpg"
        return self.url(f"/story/{name}/{shape}.pic")

    def hits(self, name: str, shape: str) -> int:
        return self.server.http.count(f"/story/{name}/{shape}/")

    def _feed(self, name: str, shapes: list[str]) -> Handler:
        from tests.hostile.payloads import story_page

        items = []
        for n, shape in enumerate(shapes):
            items.append(
                item(
                    f"{name}-{shape}",
                    f"Kabar {name}: {shape}",
                    link=self.page_url(name, shape),
                    body="<p>Ringkasan pendek [&#8230;]</p>",
                    date=rfc822(HOSTILE_AT - timedelta(minutes=n)),
                    extra=f'<media:content url="{escape(self.picture_url(name, shape))}"'
                    ' medium="image"/>'.encode(),
                )
            )
            if name in self.pictures:  # an ordinary page behind each picture
                self.server.http.routes[f"/story/{name}/{shape}/"] = _answer(
                    story_page(f"Kabar {shape}"), "text/html; charset=UTF-8"
                )
        feed = rss(f"Kabar {name}", items)
        return lambda h: send(h, 200, feed, RSS)


def _answer(data: bytes, content_type: str) -> Handler:
    return lambda h: send(h, 200, data, content_type)
