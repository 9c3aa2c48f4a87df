"""The bundled demo: WordPress-shaped feeds written to files, dated from a fixed clock."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import feedparser
import pytest

from kalbartui.demo import FRONT_PAGE_SIZE, SITE, SOURCE, DemoSetup, build_demo_feeds, demo_posts
from kalbartui.demo.samples import (
    ARTICLES,
    ATOM_CATEGORY,
    ATOM_ENTRIES,
    CATEGORIES,
    SMALL_FEEDS,
)
from kalbartui.i18n.times import relative_time
from kalbartui.models import FeedSpec
from kalbartui.text import strip_tags

NOW = datetime(2025, 3, 14, 9, 30, 12, tzinfo=UTC)
NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
}
WORDPRESS_NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
}


@pytest.fixture
def demo(tmp_path: Path) -> DemoSetup:
    return build_demo_feeds(tmp_path / "feeds", NOW)


def _path(spec: FeedSpec) -> Path:
    return Path(url2pathname(urlsplit(spec.url).path))


def _items(spec: FeedSpec) -> list[ET.Element]:
    return ET.parse(_path(spec)).getroot().findall("channel/item")


def _wordpress(demo: DemoSetup) -> list[FeedSpec]:
    return [f for f in demo.feeds if f.source == SOURCE]


def _front(demo: DemoSetup) -> FeedSpec:
    return next(f for f in _wordpress(demo) if f.category == "")


def test_the_demo_describes_one_front_page_one_feed_per_category_and_an_atom_feed(
    demo: DemoSetup, tmp_path: Path
) -> None:
    front = _front(demo)
    assert front.name == SOURCE
    assert [f.category for f in _wordpress(demo) if f.category] == list(CATEGORIES)
    others = [f for f in demo.feeds if f.source != SOURCE]
    # The Atom feed in a category; then small feeds without one, as an OPML import brings them.
    assert [(f.source, f.category) for f in others] == [("", ATOM_CATEGORY)] + [
        ("", "") for _ in SMALL_FEEDS
    ]
    assert [f.name for f in others[1:]] == [s.title for s in SMALL_FEEDS]
    assert len(SMALL_FEEDS) >= 3
    assert demo.categories == [(SOURCE, c) for c in CATEGORIES] + [("", ATOM_CATEGORY)]
    for spec in demo.feeds:
        assert spec.url.startswith("file:///")
        assert _path(spec).parent == tmp_path / "feeds"
        assert spec.name
    assert sorted(p.name for p in (tmp_path / "feeds").iterdir()) == sorted(
        _path(f).name for f in demo.feeds
    )


def test_every_file_is_well_formed_xml(demo: DemoSetup) -> None:
    for spec in demo.feeds:
        ET.parse(_path(spec))  # raises on anything malformed


def test_sample_content_is_large_and_varied() -> None:
    assert 50 <= len(ARTICLES) <= 70
    assert 3 <= len(ATOM_ENTRIES) <= 5
    assert len({a.author for a in ARTICLES}) >= 5
    assert len({a.title for a in ARTICLES}) == len(ARTICLES), "titles are unique"
    for article in ARTICLES:
        assert set(article.categories) & set(CATEGORIES), f"{article.title} is in no category feed"
        assert 2 <= article.body.count("<p>") + article.body.count("<ul>") <= 7
    bodies = "".join(a.body for a in ARTICLES)
    for feature in [
        "<h2>",
        "<strong>",
        "<em>",
        "<ul>",
        "<blockquote",
        "<table>",
        "<img ",
        'href="https://www.kalbaronline.com/',
    ]:
        assert feature in bodies
    assert re.search(r'<img [^>]*alt="[^"]+"', bodies)


def test_items_have_wordpress_shape(demo: DemoSetup) -> None:
    for spec in _wordpress(demo):
        raw = _path(spec).read_text(encoding="utf-8")
        for prefix, uri in WORDPRESS_NAMESPACES.items():
            assert f'xmlns:{prefix}="{uri}"' in raw
        assert "<![CDATA[" in raw
        for item in _items(spec):
            guid = item.find("guid")
            assert guid is not None and guid.get("isPermaLink") == "false"
            assert re.fullmatch(rf"{re.escape(SITE)}/\?p=\d+", guid.text or "")
            assert re.fullmatch(
                r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000", item.findtext("pubDate") or ""
            )
            link = item.findtext("link") or ""
            assert re.fullmatch(rf"{re.escape(SITE)}/\d{{4}}/\d\d/\d\d/[a-z0-9-]+/", link)
            assert item.findtext("dc:creator", namespaces=NS)
            footer = f'appeared first on <a href="{SITE}">{SOURCE}</a>.</p>'
            assert footer in (item.findtext("description") or "")
            assert footer in (item.findtext("content:encoded", namespaces=NS) or "")


def test_front_page_holds_the_newest_posts_with_the_same_guids_as_the_category_feeds(
    demo: DemoSetup,
) -> None:
    by_guid: dict[str, list[tuple[str, str, str]]] = {}
    for spec in _wordpress(demo):
        if spec.category:
            for item in _items(spec):
                key = (
                    item.findtext("title") or "",
                    item.findtext("link") or "",
                    item.findtext("pubDate") or "",
                )
                by_guid.setdefault(item.findtext("guid") or "", []).append(key)
    front = _items(_front(demo))

    assert len(front) == FRONT_PAGE_SIZE
    assert 10 <= FRONT_PAGE_SIZE <= 20  # like a WordPress front-page feed
    assert len(by_guid) == len(ARTICLES), "every post is in at least one category feed"
    for item in front:
        copies = by_guid[item.findtext("guid") or ""]
        assert set(copies) == {
            (item.findtext("title"), item.findtext("link"), item.findtext("pubDate"))
        }
    newest = sorted(by_guid, key=lambda g: parsedate_to_datetime(by_guid[g][0][2]), reverse=True)
    assert [i.findtext("guid") for i in front] == newest[: len(front)]


def test_category_feeds_hold_exactly_their_posts(demo: DemoSetup) -> None:
    for spec in _wordpress(demo):
        if not spec.category:
            continue
        items = _items(spec)
        titles = [i.findtext("title") for i in items]
        expected = [
            a.title for a in sorted(ARTICLES, key=lambda a: a.age) if spec.category in a.categories
        ]
        assert titles == expected
        for item in items:
            assert spec.category in [c.text for c in item.findall("category")]


def test_dates_are_now_minus_each_articles_age(demo: DemoSetup) -> None:
    ages = {a.title: a.age for a in ARTICLES}
    for spec in _wordpress(demo):
        for item in _items(spec):
            published = parsedate_to_datetime(item.findtext("pubDate") or "")
            assert published == NOW - timedelta(minutes=ages[item.findtext("title") or ""])
    # The spread shows every kind of relative time the list can draw.
    shown = {relative_time(NOW - timedelta(minutes=a.age), NOW, "id") for a in ARTICLES}
    assert "baru saja" in shown and "kemarin" in shown
    for pattern in [r"\d+ menit lalu", r"\d+ jam lalu", r"\d+ hari lalu", r"\d+ [A-Z][a-z]+"]:
        assert any(re.fullmatch(pattern, s) for s in shown), pattern
    assert max(a.age for a in ARTICLES) <= 31 * 24 * 60


def test_post_ids_grow_with_publication_time() -> None:
    posts = demo_posts(NOW)

    assert [p.published for p in posts] == sorted((p.published for p in posts), reverse=True)
    assert [p.id for p in posts] == sorted((p.id for p in posts), reverse=True)
    assert len({p.id for p in posts}) == len(posts)


def test_building_twice_gives_identical_files(tmp_path: Path) -> None:
    first = build_demo_feeds(tmp_path / "a", NOW)
    second = build_demo_feeds(tmp_path / "b", NOW.replace(microsecond=123456))

    for one, two in zip(first.feeds, second.feeds, strict=True):
        assert _path(one).read_bytes() == _path(two).read_bytes()


def test_feedparser_reads_every_feed_cleanly(demo: DemoSetup) -> None:
    for spec in demo.feeds:
        result = feedparser.parse(_path(spec).read_bytes())
        assert not result.bozo, f"{spec.name}: {result.get('bozo_exception')}"
        assert result.entries
        for entry in result.entries:
            assert entry.title and entry.author and entry.link.startswith("https://")
            assert entry.published_parsed is not None
            assert entry.content[0].value
    atom_spec = next(f for f in demo.feeds if f.category == ATOM_CATEGORY)
    atom = feedparser.parse(_path(atom_spec).read_bytes())
    assert atom.version == "atom10"
    assert atom.feed.language == "en"
    assert len(atom.entries) == len(ATOM_ENTRIES)


def test_wordpress_entities_decode_to_typographic_punctuation(demo: DemoSetup) -> None:
    raw = _path(_front(demo)).read_text(encoding="utf-8")
    assert "&#8220;" in raw and "&#8230;" in raw  # written as wptexturize does
    parsed = feedparser.parse(raw.encode("utf-8"))
    # Content stays HTML (entities and all) until the reader renders it.
    assert any("“" in strip_tags(e.content[0].value) for e in parsed.entries)
    for awkward in ["&", "–"]:
        title = next(a.title for a in ARTICLES if awkward in a.title)
        category = next(
            c for c in next(a.categories for a in ARTICLES if a.title == title) if c in CATEGORIES
        )
        spec = next(f for f in _wordpress(demo) if f.category == category)
        assert title in [e.title for e in feedparser.parse(_path(spec).read_bytes()).entries]


def test_kalbartuis_own_parser_reads_the_demo(demo: DemoSetup) -> None:
    parse = pytest.importorskip("kalbartui.feeds.parse")

    counts: Counter[str] = Counter()
    for spec in demo.feeds:
        parsed = parse.parse_feed(_path(spec).read_bytes(), spec.url, NOW)
        assert not parsed.bozo, f"{spec.name}: {parsed.bozo}"
        for article in parsed.articles:
            assert article.title and article.author and article.content_html
            assert not article.published_estimated
            assert article.published <= NOW
            counts[article.guid] += 1
    small = sum(len(f.entries) for f in SMALL_FEEDS)
    assert len(counts) == len(ARTICLES) + len(ATOM_ENTRIES) + small


def test_the_demo_loads_into_the_store_without_duplicates(demo: DemoSetup, tmp_path: Path) -> None:
    parse = pytest.importorskip("kalbartui.feeds.parse")
    from kalbartui.models import FeedResult
    from kalbartui.store import open_store

    store = open_store(tmp_path / "cache.sqlite")
    ids = store.sync_feeds(demo.feeds, demo.categories)
    results = [
        FeedResult(
            feed_id=ids[spec.url], parsed=parse.parse_feed(_path(spec).read_bytes(), spec.url, NOW)
        )
        for spec in demo.feeds
    ]
    store.save_results(results, NOW)

    small = sum(len(f.entries) for f in SMALL_FEEDS)
    assert store.totals()["all"] == len(ARTICLES) + len(ATOM_ENTRIES) + small
    # Each small feed lists its own entries, under no category.
    counts = {f.display_name: (f.category, f.article_count) for f in store.feeds()}
    for feed in SMALL_FEEDS:
        assert counts[feed.title] == ("", len(feed.entries))
    totals = {(c.source, c.name): c.total for c in store.categories()}
    for source, name in demo.categories:
        samples = ATOM_ENTRIES if source == "" else [a for a in ARTICLES if name in a.categories]
        assert totals[(source, name)] == len(samples)
