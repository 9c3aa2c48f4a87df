"""Pictures: which one leads an article, what is refused, and the cache that serves them offline.

Every picture is made here with Pillow and served by the loopback server; the hostile ones are
built to look like what a hostile server would send."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from kalbartui.config import Config
from kalbartui.feeds.images import (
    MAX_PIXELS,
    ImageCache,
    ImageError,
    choose_lead_image,
    decode,
    is_picture,
    sniff,
)
from kalbartui.story.pictures import load_picture
from tests.feedserver import FeedServer, send
from tests.story.site import CONTENT_TYPES, image_bytes

# The loopback server stands in for a picture host on the internet: the tests allow its
# address, as a user allows a host on their own network (the rule itself: tests/hostile).
CONFIG = Config(timeout_seconds=3.0, sources=(), feeds=(), fetch_private_addresses=("127.0.0.1",))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_every_supported_format_decodes_to_its_size(fmt: str) -> None:
    picture = decode(image_bytes(fmt, (320, 200)))
    assert (picture.width, picture.height, picture.kind) == (320, 200, fmt)
    assert picture.image.mode in ("RGB", "RGBA")


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height and carries almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _bomb() -> bytes:
    """A real decompression bomb: 64 million black pixels in a few kilobytes of PNG."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def test_hostile_pictures_are_refused_with_a_reason() -> None:
    bomb = _bomb()
    assert len(bomb) < 200_000 and 8000 * 8000 > MAX_PIXELS
    cases = {
        "bomb": (bomb, "decompression bomb"),
        "declared": (_png_header_only(30_000, 30_000), "decompression bomb"),
        "truncated": (image_bytes("JPEG", (640, 480))[:1500], "damaged picture"),
        "svg": (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not a JPEG",
        ),
        "html as jpeg": (b"<html><body>bukan gambar</body></html>", "not a JPEG"),
        "too big": (b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    }
    for name, (data, reason) in cases.items():
        with pytest.raises(ImageError) as caught:
            decode(data)
        assert reason in str(caught.value), name


def test_the_lead_image_skips_emoji_trackers_share_buttons_and_flare() -> None:
    base = "https://kalbar.example/berita/1/"
    content = (
        '<p><img src="https://s.w.org/images/core/emoji/15.0.3/72x72/1f600.png" class="emoji">'
        '<img src="/wp-includes/images/smilies/simple-smile.png" class="wp-smiley">'
        '<img src="/px.gif" width="1" height="1"><img src="/t.png" width="2" height="2">'
        '<img src="/plugins/share/facebook.png" class="share-icon">'
        '<img src="http://feeds.feedburner.com/~ff/kalbar?d=yIl2AUoC8zA">'
        '<img data-src="/uploads/2020/02/jembatan.jpg" src="data:image/gif;base64,R0lGOD">'
        "</p>"
    )
    lead = choose_lead_image(content_html=content, og_image="/og.jpg", base=base)
    assert lead == "https://kalbar.example/uploads/2020/02/jembatan.jpg"
    # The feed's own media comes first; the page's og:image last.
    assert choose_lead_image(media="/m.jpg", content_html=content, base=base).endswith("/m.jpg")
    assert choose_lead_image(og_image="/og.jpg", base=base) == "https://kalbar.example/og.jpg"
    assert choose_lead_image(og_image="/logo.svg", base=base) == ""
    assert not is_picture("javascript:alert(1)")
    assert sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "WEBP"


def test_pictures_come_from_the_cache_when_the_server_is_gone(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    data = image_bytes("PNG", (200, 120))
    feed_server.routes["/gambar/a.png"] = lambda h: send(h, 200, data, "image/png")
    url = feed_server.url("/gambar/a.png")
    first = load_picture(CONFIG, tmp_path, url)
    assert (first.width, first.height) == (200, 120)
    feed_server.stop()
    again = load_picture(CONFIG, tmp_path, url)
    assert (again.width, again.height) == (200, 120)
    assert feed_server.count("/gambar/a.png") == 1


def test_a_wrong_content_type_does_not_decide_and_svg_is_never_fetched_twice(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    png = image_bytes("PNG")
    feed_server.routes["/salah.png"] = lambda h: send(h, 200, png, "text/html")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x()</script></svg>'
    feed_server.routes["/ikon.jpg"] = lambda h: send(h, 200, svg, CONTENT_TYPES["JPEG"])
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (6 * 1024 * 1024)
    feed_server.routes["/besar.png"] = lambda h: send(h, 200, big, "image/png")
    assert load_picture(CONFIG, tmp_path, feed_server.url("/salah.png")).kind == "PNG"
    for _ in range(2):
        with pytest.raises(ImageError, match="not a JPEG"):
            load_picture(CONFIG, tmp_path, feed_server.url("/ikon.jpg"))
    assert feed_server.count("/ikon.jpg") == 1
    with pytest.raises(ImageError, match="larger than"):
        load_picture(CONFIG, tmp_path, feed_server.url("/besar.png"))


def test_the_cache_keeps_under_its_cap_and_drops_the_oldest_first(tmp_path: Path) -> None:
    import os

    cache = ImageCache(tmp_path / "images", cap_bytes=250_000)
    for n in range(4):
        cache.put(f"https://kalbar.example/{n}.jpg", bytes(100_000))
        path = cache.path_for(f"https://kalbar.example/{n}.jpg")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))  # a clear order of use
        cache.evict()
    kept = [n for n in range(4) if cache.get(f"https://kalbar.example/{n}.jpg") is not None]
    assert kept == [2, 3]


@pytest.mark.parametrize("fast", [True, False])
def test_a_feed_whose_first_image_is_an_emoji_leads_with_its_real_picture(fast: bool) -> None:
    from datetime import UTC, datetime

    from kalbartui.feeds.parse import parse_feed

    body = (
        '<p>Warga bergembira <img src="https://s.w.org/images/core/emoji/15.0.3/72x72/1f600.png"'
        ' alt="😀" class="wp-smiley" style="height: 1em"> menyambut jembatan baru.</p>'
        '<p><img src="https://kalbar.example/wp-content/uploads/2020/02/jembatan.jpg?w=800&amp;h=450"'
        ' width="800" height="450" alt="Jembatan"></p>'
    )
    rss = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Kalbar Contoh</title><link>https://kalbar.example/</link><description>x</description>
<item><title>Jembatan Baru</title><link>https://kalbar.example/berita/jembatan/</link>
<guid>https://kalbar.example/?p=9</guid><pubDate>Mon, 24 Feb 2020 08:00:00 +0700</pubDate>
<description>Warga bergembira.</description>
<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>""".encode()
    parsed = parse_feed(
        rss, "https://kalbar.example/feed/", datetime(2020, 2, 25, tzinfo=UTC), fast=fast
    )
    [item] = parsed.articles
    assert (
        item.image_url
        == "https://kalbar.example/wp-content/uploads/2020/02/jembatan.jpg?w=800&h=450"
    )
