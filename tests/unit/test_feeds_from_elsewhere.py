"""Feeds kalbartui did not write: empty feeds, xml:base, foreign dates, plain-text titles, odd links.

Each case is read both ways (the fast RSS path and feedparser) where the fast path could take it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kalbartui.feeds.dates import month_number, parse_date
from kalbartui.feeds.parse import FeedParseError, is_feed_document, parse_feed
from kalbartui.feeds.rss_fast import read_rss

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
FEED_URL = "https://warta.example.id/feed/"
BOTH_WAYS = pytest.mark.parametrize("fast", [True, False], ids=["fast", "feedparser"])


def rss_item(inner: str, channel_attrs: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
        f"<channel{channel_attrs}><title>Warta Uji</title><link>https://warta.example.id/</link>"
        f"<item>{inner}</item></channel></rss>"
    ).encode()


# ---------------------------------------------------------------- empty feeds are feeds

EMPTY_FEEDS = [
    b'<rss version="2.0"><channel><author>redaksi@warta.example.id</author></channel></rss>',
    b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
    b'<rss version="0.91"><channel><title></title></channel></rss>',
    b'<rss version="2.0"/>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    b'<?xml version="1.0" encoding="utf-8"?>\n<!-- kosong -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>',
    b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"></atom:feed>',
    b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"></feed>',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    b' xmlns="http://purl.org/rss/1.0/"></rdf:RDF>',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    b' xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel></channel></rdf:RDF>',
    "<rss version='2.0'><channel/></rss>".encode("utf-16"),
]


@pytest.mark.parametrize("body", EMPTY_FEEDS)
def test_a_feed_with_no_entries_and_no_title_is_a_working_feed(body: bytes) -> None:
    feed = parse_feed(body, FEED_URL, NOW, "application/xml")
    assert feed.articles == ()


NOT_FEEDS = [
    (b"<!DOCTYPE html><html><head><title>Beranda</title></head><body></body></html>", "HTML"),
    (b'{"version": "1", "items": []}', "JSON"),  # JSON, but no JSON Feed (that one is read)
    (b'[{"version": "https://jsonfeed.org/version/1"}]', "JSON"),
    (b"Selamat datang di server kami.", "neither"),
    (b"<catatan>bukan feed</catatan>", "neither"),
    (b"<feed><entry/></feed>"[:6] + b"></feed>", "neither"),  # <feed> in no namespace
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', "neither"),
]


@pytest.mark.parametrize(("body", "kind"), NOT_FEEDS)
def test_what_is_not_a_feed_at_all_is_still_refused(body: bytes, kind: str) -> None:
    assert not is_feed_document(body)
    with pytest.raises(FeedParseError, match=rf"not a feed.*{kind}"):
        parse_feed(body, FEED_URL, NOW, "application/octet-stream")


# ---------------------------------------------------------------- xml:base


@BOTH_WAYS
def test_a_relative_link_resolves_against_the_channels_xml_base(fast: bool) -> None:
    body = rss_item(
        "<title>Banjir di Sambas</title><link>berita/banjir-sambas/</link>"
        '<description>&lt;a href="foto/1.jpg"&gt;foto&lt;/a&gt;</description>',
        channel_attrs=' xml:base="https://arsip.warta.example.id/2026/"',
    )
    assert read_rss(body) is None  # the fast path leaves xml:base to feedparser
    article = parse_feed(body, FEED_URL, NOW, fast=fast).articles[0]
    assert article.url == "https://arsip.warta.example.id/2026/berita/banjir-sambas/"


def test_an_items_own_xml_base_wins_over_the_channels() -> None:
    body = (
        b'<rss version="2.0"><channel xml:base="https://a.example.id/"><title>W</title>'
        b'<item xml:base="https://b.example.id/kanal/"><title>T</title><link>pos/1</link></item>'
        b"</channel></rss>"
    )
    assert parse_feed(body, FEED_URL, NOW).articles[0].url == "https://b.example.id/kanal/pos/1"


# ---------------------------------------------------------------- dates in other languages


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sen, 23 Nov 2026 08:00:00 +0700", datetime(2026, 11, 23, 1, 0, tzinfo=UTC)),
        ("Senin, 23 Nov 2026 08:00:00 +0700", datetime(2026, 11, 23, 1, 0, tzinfo=UTC)),
        ("Rabu, 2 Des 2026 14:30:00 +0700", datetime(2026, 12, 2, 7, 30, tzinfo=UTC)),
        ("Min, 16 Agu 2026 07:00:00 +0700", datetime(2026, 8, 16, 0, 0, tzinfo=UTC)),
        ("Minggu, 16 Agt 2026 07:00 WIB", datetime(2026, 8, 16, 0, 0, tzinfo=UTC)),
        ("Jum, 8 Mei 2026 13:00:00 +0800", datetime(2026, 5, 8, 5, 0, tzinfo=UTC)),
        ("Kamis, 15 Okt 2026 09:15:00 +0700", datetime(2026, 10, 15, 2, 15, tzinfo=UTC)),
        ("Selasa, 1 Desember 2026 10:00:00 WITA", datetime(2026, 12, 1, 2, 0, tzinfo=UTC)),
        ("mer, 16 nov 2022 00:38:15 +0100", datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
        ("jeu., 5 févr. 2026 08:00:00 +0100", datetime(2026, 2, 5, 7, 0, tzinfo=UTC)),
        ("Do, 3. Dez 2026 10:00:00 +0100", datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        ("Mi, 11 Mär 2026 10:00:00 CET", datetime(2026, 3, 11, 9, 0, tzinfo=UTC)),
        ("mié, 2 dic 2026 10:00:00 GMT", datetime(2026, 12, 2, 10, 0, tzinfo=UTC)),
        ("gio, 12 ott 2026 08:00:00 +0200", datetime(2026, 10, 12, 6, 0, tzinfo=UTC)),
        ("vr, 4 mrt 2026 08:00:00 +0100", datetime(2026, 3, 4, 7, 0, tzinfo=UTC)),
        ("qua, 14 out 2026 08:00:00 -0300", datetime(2026, 10, 14, 11, 0, tzinfo=UTC)),
    ],
)
def test_day_and_month_names_in_indonesian_and_european_languages(
    written: str, expected: datetime
) -> None:
    assert parse_date(written) == expected
    for fast in (True, False):
        body = rss_item(
            f"<title>T</title><link>https://w.example/1</link><pubDate>{written}</pubDate>"
        )
        article = parse_feed(body, FEED_URL, NOW, fast=fast).articles[0]
        assert (article.published, article.published_estimated) == (expected, False), fast


def test_month_words_that_could_be_two_months_are_not_guessed() -> None:
    assert month_number("jui") is None  # juin or juillet
    assert parse_date("1 jui 2026 10:00 +0000") is None
    assert month_number("Agustus") == 8 and month_number("Mei") == 5 and month_number("Des") == 12


@pytest.mark.parametrize(
    "written", ["Kamis sore, entah kapan", "Sen, 30 Feb 2026 08:00 +0700", "Sen, 1 Nov 2026 25:00"]
)
def test_a_date_that_is_no_date_is_estimated(written: str) -> None:
    body = rss_item(f"<title>T</title><link>https://w.example/1</link><pubDate>{written}</pubDate>")
    article = parse_feed(body, FEED_URL, NOW).articles[0]
    assert (article.published, article.published_estimated) == (NOW, True)


# ---------------------------------------------------------------- dates out of range


@pytest.mark.parametrize(
    "stamp",
    [
        "<published>0001-01-01T00:00:00Z</published>",
        "<published>0001-01-01T00:00:00-05:00</published>",
        "<published>1969-12-31T23:59:59Z</published>",
        "<published>9999-12-31T23:59:59+14:00</published>",
        "<updated>2026-12-22T12:00:00Z</updated>",  # two days ahead of NOW
    ],
)
def test_dates_outside_a_sane_range_are_unknown_at_ingest(stamp: str) -> None:
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><id>1</id>'
        f'<title>T</title><link href="https://w.example/1"/>{stamp}</entry></feed>'
    ).encode()
    article = parse_feed(body, FEED_URL, NOW).articles[0]
    assert (article.published, article.published_estimated) == (NOW, True)


@BOTH_WAYS
def test_a_year_one_date_in_rss_is_unknown(fast: bool) -> None:
    body = rss_item(
        "<title>T</title><link>https://w.example/1</link>"
        "<pubDate>Mon, 01 Jan 0001 00:00:00 +0500</pubDate>"
    )
    article = parse_feed(body, FEED_URL, NOW, fast=fast).articles[0]
    assert (article.published, article.published_estimated) == (NOW, True)


def test_a_bogus_published_date_gives_way_to_a_good_updated_one() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><id>1</id>'
        b'<title>T</title><link href="https://w.example/1"/>'
        b"<published>0001-01-01T00:00:00Z</published><updated>2026-12-01T08:00:00Z</updated>"
        b"</entry></feed>"
    )
    article = parse_feed(body, FEED_URL, NOW).articles[0]
    assert article.published == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert not article.published_estimated


def test_a_date_a_few_hours_ahead_is_still_trusted() -> None:
    soon = NOW + timedelta(hours=20)
    body = rss_item(
        "<title>T</title><link>https://w.example/1</link>"
        f"<pubDate>{soon.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
    )
    assert parse_feed(body, FEED_URL, NOW).articles[0].published == soon


# ---------------------------------------------------------------- titles


def atom_entry(title: str) -> bytes:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><id>1</id>'
        f'{title}<link href="https://w.example/1"/></entry></feed>'
    ).encode()


def test_a_plain_text_atom_title_keeps_what_looks_like_a_tag() -> None:
    body = atom_entry('<title type="text">Memakai elemen &lt;template&gt; di HTML</title>')
    assert parse_feed(body, FEED_URL, NOW).articles[0].title == "Memakai elemen <template> di HTML"


def test_an_atom_title_with_no_type_is_text_too() -> None:
    body = atom_entry("<title>Operator &lt;= dan &lt;b&gt; di Python</title>")
    assert parse_feed(body, FEED_URL, NOW).articles[0].title == "Operator <= dan <b> di Python"


def test_an_html_atom_title_loses_its_tags() -> None:
    body = atom_entry('<title type="html">Harga &lt;b&gt;beras&lt;/b&gt; &amp;amp; gula</title>')
    assert parse_feed(body, FEED_URL, NOW).articles[0].title == "Harga beras & gula"


@BOTH_WAYS
def test_an_rss_title_that_only_looks_like_a_tag_keeps_it(fast: bool) -> None:
    body = rss_item(
        "<title>Memakai elemen &lt;template&gt; di HTML</title><link>https://w.example/1</link>"
    )
    assert read_rss(body) is not None
    assert parse_feed(body, FEED_URL, NOW, fast=fast).articles[0].title == (
        "Memakai elemen <template> di HTML"
    )


@BOTH_WAYS
def test_an_rss_title_written_as_html_loses_its_tags(fast: bool) -> None:
    body = rss_item(
        "<title>Harga &lt;b&gt;beras&lt;/b&gt; naik &amp;#8211; lagi</title>"
        "<link>https://w.example/1</link>"
    )
    assert parse_feed(body, FEED_URL, NOW, fast=fast).articles[0].title == (
        "Harga beras naik \u2013 lagi"
    )


def test_a_plain_title_still_loses_scripts() -> None:
    body = atom_entry(
        '<title type="text">Warga Tanam Bakau &lt;script&gt;alert(1)&lt;/script&gt;</title>'
    )
    assert parse_feed(body, FEED_URL, NOW).articles[0].title == "Warga Tanam Bakau"


def test_a_plain_title_still_loses_terminal_escapes_and_controls() -> None:
    body = atom_entry('<title type="text">Judul&#x1b;[31m merah &#x1b;[2J&#x7f; bersih</title>')
    title = parse_feed(body, FEED_URL, NOW).articles[0].title
    assert title == "Judul merah bersih"


# ---------------------------------------------------------------- links


@pytest.mark.parametrize(
    "link",
    [
        '<link uri="at://did:plc:abc/app.bsky.feed.post/3k">http://example.com/item</link>',
        "<link url='at://did:plc:abc/post/3k'>\n  http://example.com/item\n</link>",
    ],
)
def test_a_link_elements_text_wins_over_an_at_uri_attribute(link: str) -> None:
    body = rss_item(f"<title>T</title>{link}<guid isPermaLink='false'>g1</guid>")
    assert parse_feed(body, FEED_URL, NOW).articles[0].url == "http://example.com/item"


def test_an_atom_link_with_an_href_is_untouched() -> None:
    body = atom_entry("<title>T</title>").replace(
        b'<link href="https://w.example/1"/>',
        b'<link rel="alternate" href="https://w.example/1"/><link uri="at://x/y">teks</link>',
    )
    assert parse_feed(body, FEED_URL, NOW).articles[0].url == "https://w.example/1"
