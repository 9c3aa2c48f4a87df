"""parse_feed: what a reader of KalbarOnline (and any other feed) gets out of a feed body."""

from __future__ import annotations

import pickle
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from kalbartui.feeds.entries import CONTENT_LIMIT
from kalbartui.feeds.parse import FeedParseError, parse_feed
from kalbartui.feeds.xml_prepass import strip_doctype
from kalbartui.models import ParsedArticle, ParsedFeed

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FRONT_URL = "https://www.kalbaronline.com/feed/"
RSS_TYPE = "application/rss+xml; charset=UTF-8"
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parse(data: bytes, url: str = FRONT_URL, content_type: str = RSS_TYPE) -> ParsedFeed:
    return parse_feed(data, url, NOW, content_type)


def rss(
    *items: str, channel: str = "<title>Warta Uji</title><link>https://warta.example.id/</link>"
) -> bytes:
    """A small RSS 2.0 feed with the given <item> bodies."""
    body = "".join(f"<item>{item}</item>" for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel>{channel}{body}</channel></rss>"
    ).encode()


def only(feed: ParsedFeed) -> ParsedArticle:
    assert len(feed.articles) == 1
    return feed.articles[0]


def every_text(feed: ParsedFeed) -> str:
    """All the text a feed produced, to look for things that must never appear."""
    parts = [feed.title, feed.link, feed.bozo]
    for a in feed.articles:
        parts += [a.guid, a.url, a.title, a.author, a.summary, a.content_html, a.image_url]
        parts += a.categories
    return "\n".join(parts)


@pytest.fixture(scope="module")
def front() -> ParsedFeed:
    return parse(load("wp_front.xml"))


# ---------------------------------------------------------------- WordPress


def test_every_wordpress_post_becomes_an_article_with_the_feeds_own_fields(
    front: ParsedFeed,
) -> None:
    # The fixture itself, read with ElementTree, is the independent answer key.
    channel = ET.fromstring(load("wp_front.xml")).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert front.title == channel.findtext("title")
    assert front.link == channel.findtext("link")
    assert front.bozo == ""
    assert len(front.articles) == len(items) == 10
    for article, item in zip(front.articles, items, strict=True):
        assert article.guid == item.findtext("guid")
        assert article.url == item.findtext("link")
        assert article.author == item.findtext("dc:creator", namespaces=NS)
        assert article.categories == tuple(c.text for c in item.findall("category"))
        assert article.published == parsedate_to_datetime(item.findtext("pubDate") or "")
        assert article.published.tzinfo is not None
        assert article.published.utcoffset() == timedelta(0)
        assert not article.published_estimated


def test_wordpress_titles_have_their_entities_decoded(front: ParsedFeed) -> None:
    ketapang = next(a for a in front.articles if "Ketapang" in a.title)
    assert "&#8211;" not in ketapang.title
    assert "Ketapang\u2013Kayong Utara" in ketapang.title


def test_the_reader_gets_the_full_wordpress_body_as_html(front: ParsedFeed) -> None:
    body = front.articles[0].content_html
    for tag in (
        "<p>",
        "<h2",
        "<strong>",
        "<em>",
        "<ul",
        "<li>",
        "<blockquote",
        "<img ",
        "<a href=",
    ):
        assert tag in body
    assert "https://www.kalbaronline.com/pontianak/" in body


def test_the_summary_is_plain_text_of_the_excerpt(front: ParsedFeed) -> None:
    for article in front.articles:
        assert article.summary
        assert "<" not in article.summary and "&#" not in article.summary
        assert len(article.summary) <= 500
    assert front.articles[0].summary.startswith("KalbarOnline, Pontianak \u2013 Pemerintah Kota")


def test_the_appeared_first_on_footer_is_gone_from_summary_and_body(front: ParsedFeed) -> None:
    raw = load("wp_front.xml").decode()
    assert raw.count("appeared first on") == 20  # in every description and every body
    for article in front.articles:
        assert "appeared first on" not in article.summary
        assert "appeared first on" not in article.content_html
        assert "The post" not in article.content_html
        assert article.content_html.endswith(">")


def test_the_indonesian_footer_is_removed_too_but_ordinary_prose_is_kept() -> None:
    footer = (
        '<p>Artikel <a href="https://warta.example.id/a/">Banjir Surut</a> muncul pertama kali di '
        '<a href="https://warta.example.id">Warta Uji</a>.</p>'
    )
    prose = "<p>Gejala ini muncul pertama kali di Sambas pada 2019.</p>"
    article = only(
        parse(
            rss(
                "<title>Banjir Surut</title><guid>a</guid>"
                f"<description><![CDATA[<p>Air mulai surut.</p>{footer}]]></description>"
                f"<content:encoded><![CDATA[{prose}{footer}]]></content:encoded>"
            )
        )
    )
    assert article.summary == "Air mulai surut."
    assert article.content_html == prose


def test_category_feeds_repeat_front_page_posts_under_the_same_guid(front: ParsedFeed) -> None:
    pontianak = parse(load("wp_pontianak.xml"), "https://www.kalbaronline.com/pontianak/feed/")
    kubu_raya = parse(load("wp_kubu_raya.xml"), "https://www.kalbaronline.com/kubu-raya/feed/")
    by_guid = {a.guid: a for a in front.articles}
    for category in (pontianak, kubu_raya):
        shared = [a for a in category.articles if a.guid in by_guid]
        own = [a for a in category.articles if a.guid not in by_guid]
        assert shared and own
        for article in shared:
            assert article == by_guid[article.guid]  # same post, same article
    both = {a.guid for a in pontianak.articles} & {a.guid for a in kubu_raya.articles}
    assert both - by_guid.keys(), "a post only the two category feeds share"
    assert pontianak.title == "Pontianak \u2013 KalbarOnline"


def test_the_lead_image_comes_from_the_body_when_there_is_no_media_tag(front: ParsedFeed) -> None:
    first = front.articles[0]
    src = re.search(r'<img [^>]*src="([^"]+)"', first.content_html)
    assert src is not None
    assert first.image_url == src.group(1)
    without_img = [a for a in front.articles if "<img" not in a.content_html]
    assert without_img and all(a.image_url == "" for a in without_img)


# ---------------------------------------------------------------- field rules


def test_an_entry_without_an_author_is_credited_to_the_feed() -> None:
    article = only(parse(rss("<title>Tanpa penulis</title><guid>x</guid>")))
    assert article.author == "Warta Uji"


def test_an_atom_entry_without_an_author_takes_the_feeds_author() -> None:
    feed = parse(
        load("atom.xml"), "https://kabarkapuas.example.id/atom.xml", "application/atom+xml"
    )
    assert feed.articles[0].author == "Maria Ulfa"
    assert feed.articles[1].author == "Tim Kabar Kapuas"


def test_a_missing_date_is_estimated_as_now() -> None:
    article = only(parse(rss("<title>Tanpa tanggal</title><guid>x</guid>")))
    assert article.published == NOW
    assert article.published_estimated


def test_an_unparseable_date_is_estimated_as_now() -> None:
    article = only(
        parse(rss("<title>T</title><guid>x</guid><pubDate>Kamis sore, entah kapan</pubDate>"))
    )
    assert article.published == NOW
    assert article.published_estimated


def test_a_date_far_in_the_future_is_clamped_to_now() -> None:
    far = (NOW + timedelta(days=30)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    article = only(parse(rss(f"<title>T</title><guid>x</guid><pubDate>{far}</pubDate>")))
    assert article.published == NOW
    assert article.published_estimated


def test_a_date_slightly_ahead_is_trusted_as_clock_skew() -> None:
    soon = NOW + timedelta(hours=3)
    stamp = soon.strftime("%a, %d %b %Y %H:%M:%S +0000")
    article = only(parse(rss(f"<title>T</title><guid>x</guid><pubDate>{stamp}</pubDate>")))
    assert article.published == soon
    assert not article.published_estimated


def test_local_times_are_converted_to_utc() -> None:
    article = only(
        parse(
            rss("<title>T</title><guid>x</guid><pubDate>Tue, 24 Nov 2026 19:30:00 +0700</pubDate>")
        )
    )
    assert article.published == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    assert article.published.tzinfo == UTC


def test_categories_are_cleaned_and_deduplicated_in_order() -> None:
    article = only(
        parse(
            rss(
                "<title>T</title><guid>x</guid>"
                "<category>  Pontianak </category>"
                "<category><![CDATA[Ekonomi &amp; Bisnis]]></category>"
                "<category>pontianak</category>"
                "<category><![CDATA[<b>Kalbar</b>]]></category>"
                "<category>   </category>"
            )
        )
    )
    assert article.categories == ("Pontianak", "Ekonomi & Bisnis", "Kalbar")


def test_the_guid_falls_back_to_the_link_then_to_a_stable_hash() -> None:
    by_link = only(parse(rss("<title>T</title><link>https://warta.example.id/berita/1</link>")))
    assert by_link.guid == "https://warta.example.id/berita/1"

    item = "<title>Pasar Terapung</title><pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate>"
    first = only(parse(rss(item)))
    again = only(parse(rss(item)))
    other = only(parse(rss(item.replace("Terapung", "Malam"))))
    assert first.guid.startswith("sha1:")
    assert first.guid == again.guid
    assert first.guid != other.guid


def test_relative_links_are_resolved_and_only_web_links_are_kept() -> None:
    feed = parse(
        rss(
            "<title>Relatif</title><guid>1</guid><link>/2026/11/relatif/</link>"
            '<content:encoded><![CDATA[<p><a href="/kanal/">kanal</a> <img src="foto.jpg"></p>]]></content:encoded>',
            "<title>Skrip</title><guid>2</guid><link>javascript:alert(1)</link>",
            "<title>Berkas</title><guid>3</guid><link>file:///etc/passwd</link>",
        ),
        url="https://warta.example.id/feed/",
    )
    relative, script, local = feed.articles
    assert relative.url == "https://warta.example.id/2026/11/relatif/"
    assert 'href="https://warta.example.id/kanal/"' in relative.content_html
    assert relative.image_url == "https://warta.example.id/feed/foto.jpg"
    assert script.url == "" and local.url == ""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '<media:content url="https://warta.example.id/m.jpg" medium="image"/>',
            "https://warta.example.id/m.jpg",
        ),
        (
            '<media:thumbnail url="https://warta.example.id/t.jpg"/>',
            "https://warta.example.id/t.jpg",
        ),
        (
            '<enclosure url="https://warta.example.id/e.jpg" type="image/jpeg" length="1"/>',
            "https://warta.example.id/e.jpg",
        ),
        (
            '<enclosure url="https://warta.example.id/e.mp3" type="audio/mpeg" length="1"/>'
            '<content:encoded><![CDATA[<img src="data:image/gif;base64,R0lGOD" '
            'data-src="https://warta.example.id/lazy.jpg">]]></content:encoded>',
            "https://warta.example.id/lazy.jpg",
        ),
        ('<media:thumbnail url="javascript:alert(1)"/>', ""),
    ],
    ids=["media-content", "media-thumbnail", "image-enclosure", "lazy-img", "script-url"],
)
def test_the_lead_image(extra: str, expected: str) -> None:
    article = only(parse(rss(f"<title>Foto</title><guid>x</guid>{extra}")))
    assert article.image_url == expected


def test_control_characters_and_terminal_escapes_never_reach_the_reader() -> None:
    # Raw C0/C1 characters make the XML invalid, so this also goes through the lenient parser.
    item = (
        "<title>Banjir \x1b[31mmerah\x1b[0m di\x00 Sambas\x07 \x9b2J \x1b]0;judul palsu\x07selesai</title>"
        "<dc:creator>Pen\x1bulis\x85 Satu</dc:creator>"
        "<category>Ka\x00l\x1b[1mbar</category>"
        "<guid>x</guid>"
        "<description>Isi \x1b[2Jberita\x0b</description>"
    )
    feed = parse(rss(item))
    article = only(feed)
    for text in (
        article.title,
        article.author,
        *article.categories,
        article.summary,
        article.content_html,
    ):
        assert not CONTROL.search(text), repr(text)
        assert (
            "[31m" not in text
            and "[1m" not in text
            and "[2J" not in text
            and "judul palsu" not in text
        )
    assert article.title.startswith("Banjir merah di Sambas")
    assert article.categories == ("Kalbar",)


def test_control_characters_written_as_references_are_removed() -> None:
    article = only(
        parse(rss("<title>Judul &#27;[31m merah &#x9b; &#0; selesai</title><guid>x</guid>"))
    )
    assert not CONTROL.search(article.title)
    assert article.title.startswith("Judul")


def test_a_huge_body_is_capped() -> None:
    paragraph = "<p>" + "Sungai Kapuas mengalir tenang. " * 30 + "</p>"
    body = paragraph * (3_000_000 // len(paragraph))
    article = only(
        parse(
            rss(
                f"<title>Panjang</title><guid>x</guid><content:encoded><![CDATA[{body}]]></content:encoded>"
            )
        )
    )
    assert len(body) > CONTENT_LIMIT
    assert 0 < len(article.content_html) <= CONTENT_LIMIT
    html = article.content_html
    assert html.rfind("<") < html.rfind(">")  # no half-written tag at the cut


def test_a_repeated_guid_in_one_feed_keeps_the_first_entry() -> None:
    feed = parse(
        rss("<title>Pertama</title><guid>sama</guid>", "<title>Kedua</title><guid>sama</guid>")
    )
    assert [a.title for a in feed.articles] == ["Pertama"]


def test_a_parsed_feed_can_cross_a_process_pool(front: ParsedFeed) -> None:
    assert pickle.loads(pickle.dumps(front)) == front


# ---------------------------------------------------------------- other formats


def test_an_atom_feed() -> None:
    feed = parse(
        load("atom.xml"), "https://kabarkapuas.example.id/atom.xml", "application/atom+xml"
    )
    assert feed.title == "Kabar Kapuas"
    assert feed.link == "https://kabarkapuas.example.id/"
    assert len(feed.articles) == 3
    first, xhtml, short = feed.articles
    assert first.title == "Susur Sungai Kapuas dari Sanggau ke Pontianak"
    assert (
        first.url == "https://kabarkapuas.example.id/2026/11/susur-sungai-kapuas/"
    )  # via xml:base
    assert first.guid == "tag:kabarkapuas.example.id,2026:susur-sungai-kapuas"
    assert first.published == datetime(2026, 11, 25, 1, 30, tzinfo=UTC)  # 08:30 WIB
    assert first.categories == ("Perjalanan", "Sanggau")
    assert first.image_url == "https://kabarkapuas.example.id/foto/susur-kapuas-kecil.jpg"
    assert 'href="https://kabarkapuas.example.id/tempat/tayan/"' in first.content_html
    assert "<strong>puluhan keluarga</strong>" in xhtml.content_html
    assert xhtml.image_url == "https://kabarkapuas.example.id/foto/radakng.jpg"
    assert short.summary.startswith("Air pasang pagi ini")
    assert "Air pasang" in short.content_html


def test_an_rss_1_0_feed() -> None:
    feed = parse(load("rss1.xml"), "https://arsip-sambas.example.id/rss", "application/rdf+xml")
    assert feed.title == "Arsip Sambas"
    assert [a.url for a in feed.articles] == [
        "https://arsip-sambas.example.id/istana-alwatzikhoebillah",
        "https://arsip-sambas.example.id/pantai-temajuk",
        "https://arsip-sambas.example.id/kain-lunggi",
    ]
    first, _, last = feed.articles
    assert first.author == "Hasanah"
    assert first.categories == ("Sejarah",)
    assert first.published == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert last.author == "Arsip Sambas"  # no dc:creator
    assert "<strong>lunggi</strong>" in last.content_html


# ---------------------------------------------------------------- broken and hostile bodies


def test_a_truncated_feed_keeps_what_was_read_and_says_what_is_wrong() -> None:
    feed = parse(load("malformed.xml"))
    assert feed.bozo
    complete = load("malformed.xml").count(b"</item>")
    assert complete >= 3
    assert len(feed.articles) >= complete
    front_guids = [a.guid for a in parse(load("wp_front.xml")).articles]
    assert [a.guid for a in feed.articles] == front_guids[: len(feed.articles)]


def test_an_html_page_is_not_a_feed() -> None:
    page = b"<!DOCTYPE html><html><head><title>KalbarOnline</title></head><body><p>Beranda</p></body></html>"
    with pytest.raises(FeedParseError, match="HTML page"):
        parse(page, content_type="text/html; charset=UTF-8")
    with pytest.raises(FeedParseError, match="HTML page"):
        parse(page, content_type="")


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "])
def test_an_empty_response_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(FeedParseError, match="empty response"):
        parse(body)


@pytest.mark.parametrize(
    "body", [b"\x00\x01\xff\xfe sampah", b'{"items": []}', b"<catatan>bukan feed</catatan>"]
)
def test_garbage_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(FeedParseError, match="not a feed"):
        parse(body, content_type="application/octet-stream")


def test_a_feed_with_no_items_yet_is_still_a_feed() -> None:
    feed = parse(rss())
    assert feed.title == "Warta Uji"
    assert feed.articles == ()


def test_an_entity_bomb_does_not_expand() -> None:
    feed = parse(load("entity_bomb.xml"))
    text = every_text(feed)
    assert "lollol" not in text
    assert len(text) < 2000
    assert [a.url for a in feed.articles] == ["https://bom.example.id/1"]


def test_an_entity_bomb_in_utf16_does_not_expand_either() -> None:
    bomb = load("entity_bomb.xml").decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    feed = parse(bomb.encode("utf-16"), content_type="application/xml")
    assert "lollol" not in every_text(feed)
    assert [a.url for a in feed.articles] == ["https://bom.example.id/1"]


def test_an_external_entity_never_reads_a_local_file() -> None:
    feed = parse(load("xxe.xml"))
    text = every_text(feed)
    passwd = Path("/etc/passwd")
    if passwd.exists():
        for line in passwd.read_text(errors="replace").splitlines():
            if line.strip():
                assert line not in text
    assert [a.url for a in feed.articles] == ["https://umpan.example.id/1"]


def test_an_external_entity_pointing_at_a_secret_file_stays_unread(tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KUNCI-RAHASIA-PONTIANAK")
    uri = secret.as_uri()
    body = (
        '<?xml version="1.0"?>\n<!-- komentar -->\n'
        f'<!DOCTYPE rss [\n<!ENTITY bocor SYSTEM "{uri}">\n'
        f'<!ENTITY % luar SYSTEM "{uri}">\n<!ENTITY tanda "]>">\n]>\n'
        "<rss version='2.0'><channel><title>Umpan &bocor;</title>"
        "<item><title>&bocor;</title><guid>1</guid><description>&bocor;</description></item>"
        "</channel></rss>"
    ).encode()
    feed = parse(body)
    assert "KUNCI-RAHASIA" not in every_text(feed)
    assert len(feed.articles) == 1


def test_a_body_that_looks_like_a_path_is_not_opened(tmp_path: Path) -> None:
    planted = tmp_path / "feed.xml"
    planted.write_bytes(rss("<title>KUNCI-RAHASIA</title><guid>1</guid>"))
    for body in (str(planted).encode(), planted.as_uri().encode()):
        with pytest.raises(FeedParseError, match="not a feed"):
            parse(body)


def test_a_description_holding_only_the_footer_falls_back_to_the_body() -> None:
    footer = (
        '<p>The post <a href="https://warta.example.id/a/">Judul</a> appeared first on '
        '<a href="https://warta.example.id">Warta Uji</a>.</p>'
    )
    article = only(
        parse(
            rss(
                f"<title>Judul</title><guid>a</guid><description><![CDATA[{footer}]]></description>"
                "<content:encoded><![CDATA[<p>Isi berita dari Ketapang.</p>]]></content:encoded>"
            )
        )
    )
    assert article.summary == "Isi berita dari Ketapang."


def test_stripping_the_doctype_keeps_the_line_numbers() -> None:
    body = load("xxe.xml")
    stripped = strip_doctype(body)
    assert b"<!ENTITY" not in stripped and b"<!DOCTYPE" not in stripped
    assert stripped.count(b"\n") == body.count(b"\n")
    assert stripped.endswith(body[body.index(b"<rss") :])


def test_cp1252_bytes_declared_as_utf8_stay_readable() -> None:
    body = rss(
        "<title>Harga naik 10% di Pontianak, \u201ckata pedagang\u201d</title><guid>x</guid>"
        "<description>Caf\u00e9 di tepian Kapuas</description>"
    )
    body = body.decode("utf-8").encode("cp1252")  # the declaration still says UTF-8
    article = only(parse(body))
    assert article.title == "Harga naik 10% di Pontianak, \u201ckata pedagang\u201d"
    assert article.summary == "Caf\u00e9 di tepian Kapuas"


def test_five_thousand_items_parse() -> None:
    items = [
        f"<title>Berita nomor {n}</title><link>https://warta.example.id/{n}/</link>"
        f"<guid>https://warta.example.id/?p={n}</guid>"
        f"<pubDate>{(NOW - timedelta(minutes=n)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>Ringkasan berita {n} dari Sintang.</description>"
        for n in range(5000)
    ]
    feed = parse(rss(*items))
    assert len(feed.articles) == 5000
    assert len({a.guid for a in feed.articles}) == 5000
    assert feed.articles[-1].title == "Berita nomor 4999"
    assert feed.articles[-1].published == NOW - timedelta(minutes=4999)
