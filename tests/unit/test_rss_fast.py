"""The fast RSS 2.0 reader must read WordPress feeds exactly as the feedparser path does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kalbartui.demo import build_demo_feeds
from kalbartui.feeds.parse import parse_feed
from kalbartui.feeds.rss_fast import read_rss
from tests.feedserver import DATA

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

TRICKY = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Kabar &amp; Warta</title><link>https://warta.example/</link>
<item><title>Harga &amp;amp; pasokan &lt;b&gt;beras&lt;/b&gt; di Sambas</title>
<link>https://warta.example/beras/</link><guid isPermaLink="false">warta-1</guid>
<pubDate>Tue, 24 Nov 2026 23:59:59 +0700</pubDate><dc:creator><![CDATA[Siti <i>Aisyah</i>]]></dc:creator>
<category><![CDATA[Ekonomi &amp; Bisnis]]></category><category>Sambas</category><category>sambas</category>
<description>Harga beras &lt;em&gt;stabil&lt;/em&gt; menjelang akhir tahun.</description>
<media:content url="https://warta.example/beras.jpg" medium="image" type="image/jpeg"/></item>
<item><title>Tanpa tanggal</title><link>/relatif/</link><guid isPermaLink="false">warta-2</guid>
<description><![CDATA[<p>Isi <a href="/tautan">tautan</a></p>]]></description>
<enclosure url="https://warta.example/foto.png" type="image/png" length="10"/></item>
</channel></rss>"""


def rss_bodies() -> list[tuple[str, bytes]]:
    bodies = [(p.name, p.read_bytes()) for p in sorted(DATA.glob("wp_*.xml"))]
    bodies.append(("tricky", TRICKY))
    return bodies


@pytest.mark.parametrize(("name", "body"), rss_bodies())
def test_fast_path_equals_feedparser(name: str, body: bytes) -> None:
    assert read_rss(body) is not None, f"{name} should take the fast path"
    fast = parse_feed(body, "https://warta.example/feed/", NOW)
    slow = parse_feed(body, "https://warta.example/feed/", NOW, fast=False)
    assert fast.title == slow.title and fast.link == slow.link
    assert fast.articles == slow.articles


def test_demo_feeds_read_the_same_both_ways(tmp_path: Path) -> None:
    setup = build_demo_feeds(tmp_path, NOW)
    checked = 0
    for spec in setup.feeds:
        body = Path(spec.url.removeprefix("file://")).read_bytes()
        if read_rss(body) is None:
            continue
        checked += 1
        fast = parse_feed(body, spec.url, NOW)
        slow = parse_feed(body, spec.url, NOW, fast=False)
        assert fast.articles == slow.articles
    assert checked >= 6


@pytest.mark.parametrize(
    "name", ["atom.xml", "rss1.xml", "malformed.xml", "entity_bomb.xml", "xxe.xml"]
)
def test_other_shapes_go_to_feedparser(name: str) -> None:
    from kalbartui.feeds.xml_prepass import strip_doctype

    assert read_rss(strip_doctype((DATA / name).read_bytes())) is None


def test_a_charset_disagreement_goes_to_feedparser() -> None:
    body = TRICKY.replace(b"Sambas</title>", "Sâmbas</title>".encode("cp1252"))
    assert read_rss(body) is None  # not valid UTF-8: expat refuses, feedparser copes
    fed = parse_feed(
        body, "https://warta.example/feed/", NOW, "application/rss+xml; charset=windows-1252"
    )
    assert "Sâmbas" in fed.articles[0].title
