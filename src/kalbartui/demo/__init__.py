"""The bundled demo: sample feeds written to files, so `kalbartui --demo` works with no network.

The KalbarOnline feeds copy WordPress's RSS 2.0 output closely (namespaces, CDATA, RFC 822
dates, `?p=N` guids, the "appeared first on" footer), so the demo exercises the same parsing
path as the real site. One small Atom feed shows that any other feed sits beside them, and a
few small RSS feeds without a category show a feed list brought from another reader.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from kalbartui.demo.samples import (
    ARTICLES,
    ATOM_CATEGORY,
    ATOM_ENTRIES,
    ATOM_SITE,
    ATOM_SUBTITLE,
    ATOM_TITLE,
    CATEGORIES,
    SMALL_FEEDS,
    Sample,
    SmallFeed,
)
from kalbartui.models import FeedSpec
from kalbartui.text import strip_tags

__all__ = ["SITE", "SOURCE", "DemoSetup", "DemoPost", "build_demo_feeds", "demo_posts"]

SITE = "https://www.kalbaronline.com"
SOURCE = "KalbarOnline"
TAGLINE = "Berita Terkini Kalimantan Barat"
FRONT_PAGE_SIZE = 15  # WordPress's "Syndication feeds show the most recent" setting
EXCERPT_WORDS = 55  # WordPress's automatic excerpt length
FIRST_POST_ID = 183_402
FRONT_FILE = "kalbaronline-feed.xml"
ATOM_FILE = "equator-notes-atom.xml"

# Permalinks carry the site's local date, and KalbarOnline's site runs on Western Indonesian Time.
_SITE_ZONE = timezone(timedelta(hours=7))
# wptexturize writes typographic punctuation as numeric references; the demo does the same.
_TEXTURIZE = {ord(c): f"&#{ord(c)};" for c in "–—‘’“”…"}


@dataclass(frozen=True)
class DemoSetup:
    """What the demo needs to register: the feeds to fetch and the sidebar's category order."""

    feeds: list[FeedSpec]
    categories: list[tuple[str, str]]  # (source, name) in sidebar order


@dataclass(frozen=True)
class DemoPost:
    """One sample article placed in time, with the ids WordPress would give it."""

    id: int
    sample: Sample
    published: datetime  # UTC, whole seconds
    link: str

    @property
    def guid(self) -> str:
        """The id WordPress gives a post in its feed."""
        return f"{SITE}/?p={self.id}"


def build_demo_feeds(directory: Path, now: datetime) -> DemoSetup:
    """Write the demo feeds into `directory`, dated relative to `now`, and describe them."""
    directory = directory.absolute()  # file: URIs need an absolute path
    directory.mkdir(parents=True, exist_ok=True)
    now = _utc(now)
    posts = demo_posts(now)

    feeds: list[FeedSpec] = []
    front = directory / FRONT_FILE
    _write(front, _rss(posts[:FRONT_PAGE_SIZE], SOURCE, f"{SITE}/feed/", now))
    feeds.append(FeedSpec(url=front.as_uri(), category="", name=SOURCE, source=SOURCE))

    for category in CATEGORIES:
        slug = slugify(category)
        members = [p for p in posts if category in p.sample.categories]
        path = directory / f"kalbaronline-category-{slug}.xml"
        title = f"{category} – {SOURCE}"
        _write(path, _rss(members, title, f"{SITE}/category/{slug}/feed/", now))
        feeds.append(
            FeedSpec(
                url=path.as_uri(), category=category, name=f"{SOURCE}: {category}", source=SOURCE
            )
        )

    atom = directory / ATOM_FILE
    _write(atom, _atom(ATOM_ENTRIES, now))
    feeds.append(FeedSpec(url=atom.as_uri(), category=ATOM_CATEGORY, name=ATOM_TITLE, source=""))

    for small in SMALL_FEEDS:
        path = directory / f"{slugify(small.title)}.xml"
        _write(path, _plain_rss(small, now))
        feeds.append(FeedSpec(url=path.as_uri(), name=small.title))

    categories = [(SOURCE, name) for name in CATEGORIES] + [("", ATOM_CATEGORY)]
    return DemoSetup(feeds=feeds, categories=categories)


def demo_posts(now: datetime) -> list[DemoPost]:
    """Every sample article, newest first; older posts get lower ids, as in WordPress."""
    now = _utc(now)
    oldest_first = sorted(ARTICLES, key=lambda s: s.age, reverse=True)
    posts = []
    for index, sample in enumerate(oldest_first):
        # Irregular gaps, since drafts, pages and media also take ids in WordPress.
        post_id = FIRST_POST_ID + index * 13 + (index * 7) % 5
        published = now - timedelta(minutes=sample.age)
        local = published.astimezone(_SITE_ZONE)
        link = f"{SITE}/{local:%Y/%m/%d}/{slugify(sample.title)}/"
        posts.append(DemoPost(id=post_id, sample=sample, published=published, link=link))
    posts.reverse()
    return posts


def slugify(text: str) -> str:
    """A WordPress-like slug: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ---------------------------------------------------------------- RSS 2.0, as WordPress writes it


# The opening WordPress writes, namespaces and all (the benchmarks' synthetic feeds use it too).
WORDPRESS_RSS_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
    '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
    '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n'
    "\t>\n\n"
    "<channel>\n"
)


def _rss(posts: Sequence[DemoPost], title: str, self_url: str, now: datetime) -> str:
    last_build = posts[0].published if posts else now
    head = (
        WORDPRESS_RSS_OPEN + f"\t<title>{_xml_text(title)}</title>\n"
        f'\t<atom:link href={quoteattr(self_url)} rel="self" type="application/rss+xml" />\n'
        f"\t<link>{SITE}</link>\n"
        f"\t<description>{_xml_text(TAGLINE)}</description>\n"
        f"\t<lastBuildDate>{_rfc822(last_build)}</lastBuildDate>\n"
        "\t<language>id</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.8.1</generator>\n\n"
        "<image>\n"
        f"\t<url>{SITE}/wp-content/uploads/demo/cropped-ikon-32x32.png</url>\n"
        f"\t<title>{SOURCE}</title>\n"
        f"\t<link>{SITE}</link>\n"
        "\t<width>32</width>\n"
        "\t<height>32</height>\n"
        "</image> \n"
    )
    return head + "".join(_item(p) for p in posts) + "\t</channel>\n</rss>\n"


def _item(post: DemoPost) -> str:
    sample = post.sample
    link = escape(post.link)
    footer = (
        f'<p>The post <a href="{html.escape(post.link)}">{_html_text(sample.title)}</a> '
        f'appeared first on <a href="{SITE}">{SOURCE}</a>.</p>\n'
    )
    body = sample.body.strip().translate(_TEXTURIZE) + "\n"
    description = f"<p>{_excerpt(sample.body)}</p>\n{footer}"
    categories = "".join(f"\t\t<category>{_cdata(c)}</category>\n" for c in sample.categories)
    return (
        "\t<item>\n"
        f"\t\t<title>{_xml_text(sample.title)}</title>\n"
        f"\t\t<link>{link}</link>\n"
        f"\t\t<comments>{link}#respond</comments>\n"
        f"\t\t<dc:creator>{_cdata(sample.author)}</dc:creator>\n"
        f"\t\t<pubDate>{_rfc822(post.published)}</pubDate>\n"
        f"{categories}"
        f'\t\t<guid isPermaLink="false">{escape(post.guid)}</guid>\n\n'
        f"\t\t<description>{_cdata(description)}</description>\n"
        f"\t\t<content:encoded>{_cdata(body + footer)}</content:encoded>\n"
        f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n"
        f"\t\t<slash:comments>{post.id % 4}</slash:comments>\n"
        "\t</item>\n"
    )


def _excerpt(body: str) -> str:
    """WordPress's automatic excerpt: the first 55 words of the text, then [&#8230;]."""
    words = strip_tags(body).split()
    text = " ".join(words[:EXCERPT_WORDS])
    more = " [&#8230;]" if len(words) > EXCERPT_WORDS else ""
    return _html_text(text) + more


# ---------------------------------------------------------------- Atom 1.0


def _atom(entries: Sequence[Sample], now: datetime) -> str:
    dated = sorted(entries, key=lambda s: s.age)
    updated = now - timedelta(minutes=dated[0].age) if dated else now
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n',
        f"  <title>{escape(ATOM_TITLE)}</title>\n",
        f"  <subtitle>{escape(ATOM_SUBTITLE)}</subtitle>\n",
        f'  <link rel="alternate" type="text/html" href={quoteattr(ATOM_SITE + "/")}/>\n',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(ATOM_SITE + "/atom.xml")}/>\n',
        "  <id>tag:notes.example.org,2019:feed</id>\n",
        f"  <updated>{_rfc3339(updated)}</updated>\n",
    ]
    for sample in dated:
        published = now - timedelta(minutes=sample.age)
        slug = slugify(sample.title)
        link = f"{ATOM_SITE}/{published:%Y/%m}/{slug}/"
        terms = "".join(f"    <category term={quoteattr(t)}/>\n" for t in sample.categories)
        parts.append(
            "  <entry>\n"
            f"    <title>{escape(sample.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>\n'
            f"    <id>tag:notes.example.org,2019:{slug}</id>\n"
            f"    <published>{_rfc3339(published)}</published>\n"
            f"    <updated>{_rfc3339(published)}</updated>\n"
            f"    <author><name>{escape(sample.author)}</name></author>\n"
            f"{terms}"
            f'    <summary type="text">{escape(_summary(sample.body, 30))}</summary>\n'
            f'    <content type="html">{escape(sample.body.strip())}</content>\n'
            "  </entry>\n"
        )
    parts.append("</feed>\n")
    return "".join(parts)


# ---------------------------------------------------------------- plain RSS 2.0


def _plain_rss(feed: SmallFeed, now: datetime) -> str:
    """A small hand-written RSS 2.0 feed: title, link, guid, date, a summary and the body."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n',
        f"  <title>{escape(feed.title)}</title>\n  <link>{escape(feed.site)}/</link>\n",
        f"  <description>{escape(feed.title)}</description>\n",
    ]
    for sample in sorted(feed.entries, key=lambda s: s.age):
        published = now - timedelta(minutes=sample.age)
        link = f"{feed.site}/{slugify(sample.title)}/"
        terms = "".join(f"    <category>{escape(t)}</category>\n" for t in sample.categories)
        parts.append(
            "  <item>\n"
            f"    <title>{escape(sample.title)}</title>\n"
            f"    <link>{escape(link)}</link>\n"
            f"    <guid>{escape(link)}</guid>\n"
            f"    <pubDate>{_rfc822(published)}</pubDate>\n"
            f"    <author>{escape(sample.author)}</author>\n"
            f"{terms}"
            f"    <description>{escape(_summary(sample.body, 30))}</description>\n"
            f"    <content:encoded>{_cdata(sample.body.strip())}</content:encoded>\n"
            "  </item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts)


# ---------------------------------------------------------------- helpers


def _summary(body: str, limit: int) -> str:
    words = strip_tags(body).split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _utc(when: datetime) -> datetime:
    """Aware UTC with whole seconds, since feed dates carry no fractions; naive means UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0)


def _rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC))  # "Fri, 14 Mar 2025 09:30:00 +0000"


def _rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_text(text: str) -> str:
    return escape(text).translate(_TEXTURIZE)


def _html_text(text: str) -> str:
    return html.escape(text, quote=False).translate(_TEXTURIZE)


def _cdata(text: str) -> str:
    # "]]>" cannot appear inside CDATA; split it across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation on any platform
