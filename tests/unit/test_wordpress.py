"""What a real WordPress (6.1, Debian's package behind Apache) does, and what kalbartui makes of it.

Seen on the real thing: the REST API's `name` is HTML-escaped; a child category's link nests
under its parent's (/category/kalbar/sambas/) and the parent's feed carries the child's posts;
/category/x/ redirects (301) to /x/ where the base is stripped; titles carry curly quotes
(as characters or as entities); featured images are not in the feed at all; an item's
categories come before its tags, and a tag names one post.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from kalbartui.feeds.parse import parse_feed
from kalbartui.feeds.wordpress import (
    WpCategory,
    category_feed_url,
    choose_categories,
    feed_specs,
    parse_categories,
    terms_as_categories,
)
from kalbartui.models import ParsedArticle, ParsedFeed

NOW = datetime(2026, 11, 28, 21, 0, tzinfo=UTC)
SITE = "http://127.0.0.1:8080/"

# The shape of /wp-json/wp/v2/categories on WordPress 6.1, trimmed to the fields that matter.
REST = [
    {"id": 5, "count": 6, "name": "Hukum &amp; Kriminal", "slug": "hukum-kriminal",
     "link": SITE + "category/hukum-kriminal/", "parent": 0},
    {"id": 7, "count": 0, "name": "Kalbar", "slug": "kalbar",
     "link": SITE + "category/kalbar/", "parent": 0},
    {"id": 6, "count": 6, "name": "Sambas", "slug": "sambas",
     "link": SITE + "category/kalbar/sambas/", "parent": 7},
    {"id": 4, "count": 6, "name": "Olahraga", "slug": "olahraga",
     "link": SITE + "category/olahraga/", "parent": 0},
    {"id": 1, "count": 1, "name": "Uncategorized", "slug": "uncategorized",
     "link": SITE + "category/uncategorized/", "parent": 0},
]  # fmt: skip


def test_rest_names_arrive_html_escaped_and_are_decoded_once() -> None:
    cats = parse_categories(json.dumps(REST).encode())
    names = [c.name for c in cats]
    assert "Hukum & Kriminal" in names
    assert not any("&amp;" in n for n in names)
    twice = parse_categories(json.dumps([{**REST[0], "name": "A &amp;amp; B"}]).encode())
    assert twice[0].name == "A &amp; B"  # one level of escaping is the API's, the rest is text


def test_a_child_categorys_feed_nests_under_its_parent() -> None:
    cats = {c.name: c for c in parse_categories(json.dumps(REST).encode())}
    assert cats["Sambas"].parent == 7
    assert category_feed_url(cats["Sambas"].link) == SITE + "category/kalbar/sambas/feed/"
    specs = feed_specs("Kalbar Lokal", SITE, [cats["Kalbar"], cats["Sambas"]])
    assert [s.url for s in specs] == [
        SITE + "feed/",
        SITE + "category/kalbar/feed/",
        SITE + "category/kalbar/sambas/feed/",
    ]


def test_the_busiest_categories_are_chosen_without_uncategorized_or_empty_parents() -> None:
    cats = parse_categories(json.dumps(REST).encode())
    chosen = [c.name for c in choose_categories(cats, (), 3)]
    assert "Uncategorized" not in chosen and len(chosen) == 3
    assert "Kalbar" not in chosen  # its own count is 0: its posts are counted on Sambas


def test_a_stripped_category_base_gives_short_feed_urls() -> None:
    assert category_feed_url("https://www.kalbaronline.com/pontianak/") == (
        "https://www.kalbaronline.com/pontianak/feed/"
    )


def wp_item(n: int, title: str, *terms: str) -> str:
    cats = "".join(f"<category><![CDATA[{t}]]></category>" for t in terms)
    return (
        f"<item><title>{title}</title><link>{SITE}2026/11/berita-{n}/</link>"
        f"<dc:creator><![CDATA[]]></dc:creator><pubDate>Sat, 28 Nov 2026 20:16:4{n % 10} +0000"
        f'</pubDate>{cats}<guid isPermaLink="false">{SITE}?p={n}</guid>'
        f"<description><![CDATA[Isi berita {n}.]]></description>"
        f'<content:encoded><![CDATA[<p>Pagi <img src="https://s.w.org/images/core/emoji/14.0.0/'
        f'72x72/1f600.png" alt="😀" class="wp-smiley" /> di Pontianak.</p>]]></content:encoded>'
        "</item>"
    )


def wp_feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Kalbar Lokal</title>'
        f"<link>{SITE.rstrip('/')}</link>{''.join(items)}</channel></rss>"
    ).encode()


def test_titles_with_curly_quotes_as_characters_or_entities_read_the_same() -> None:
    feed = parse_feed(
        wp_feed(
            wp_item(0, "Berita “lokal” nomor 0: Pontianak", "Pontianak", "tag0"),
            wp_item(1, "Berita &#8220;lokal&#8221; nomor 1: Hukum &#038; Kriminal", "Sambas"),
        ),
        SITE + "feed/",
        NOW,
    )
    assert [a.title for a in feed.articles] == [
        "Berita “lokal” nomor 0: Pontianak",
        "Berita “lokal” nomor 1: Hukum & Kriminal",
    ]


def test_the_feed_has_no_featured_image_so_none_is_invented() -> None:
    # WordPress keeps the featured image out of the feed (only og:image and REST _embed have it).
    item = wp_item(0, "T", "Pontianak").replace(
        '<img src="https://s.w.org/images/core/emoji/14.0.0/72x72/1f600.png" alt="😀" '
        'class="wp-smiley" />',
        "😀",
    )
    assert "<img" not in item
    article = parse_feed(wp_feed(item), SITE + "feed/", NOW).articles[0]
    assert article.image_url == ""
    assert "😀" in article.content_html


def parsed(*term_lists: tuple[str, ...]) -> ParsedFeed:
    articles = tuple(
        ParsedArticle(
            guid=f"g{i}",
            url=f"{SITE}{i}/",
            title=f"t{i}",
            author="",
            published=NOW,
            published_estimated=False,
            categories=terms,
            summary="",
            content_html="",
        )  # fmt: skip
        for i, terms in enumerate(term_lists)
    )
    return ParsedFeed(title="Kalbar Lokal", link=SITE, articles=articles)


def test_the_fallback_keeps_wordpress_tags_out_of_the_sidebar() -> None:
    # As the real site's front feed writes them: categories first, then a tag per post.
    feed = parsed(
        ("Pontianak", "tag0"),
        ("Uncategorized",),
        ("Kubu Raya", "tag1"),
        ("Olahraga", "tag2"),
        ("Hukum & Kriminal", "tag3"),
        ("Sambas", "tag4"),
        ("Pontianak", "tag5"),
        ("Kubu Raya", "tag6"),
    )
    assert terms_as_categories(feed, (), 12) == [
        "Pontianak",
        "Kubu Raya",
        "Olahraga",
        "Hukum & Kriminal",
        "Sambas",
    ]


def test_a_term_following_a_tag_is_a_tag_but_a_second_category_stays() -> None:
    feed = parsed(
        ("Olahraga", "Kalbar", "sepak bola", "Persipon"),
        ("Olahraga", "Kalbar", "bulu tangkis", "Persipon"),
        ("Kalbar", "Pontianak"),
        ("Pontianak", "banjir"),
    )
    # Kalbar is a leading term elsewhere, Persipon always follows a one-post tag.
    assert terms_as_categories(feed, (), 12) == ["Kalbar", "Olahraga", "Pontianak"]


def test_configured_names_still_win_in_the_fallback() -> None:
    feed = parsed(("Pontianak", "tag0"), ("Sambas", "tag1"))
    assert terms_as_categories(feed, ("sambas", "Ketapang"), 12) == ["Sambas", "Ketapang"]


def test_the_limit_counts_categories_not_tags() -> None:
    feed = parsed(*[(f"Kanal {i % 3}", f"tag{i}") for i in range(9)])
    assert terms_as_categories(feed, (), 2) == ["Kanal 0", "Kanal 1"]


def test_wpcategory_is_a_plain_value() -> None:
    assert WpCategory("A", "a", SITE, 1) == WpCategory("A", "a", SITE, 1, 0)
