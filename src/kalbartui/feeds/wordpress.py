"""WordPress sources: the front-page feed, category discovery through the REST API, and its fallback."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from kalbartui import urls
from kalbartui.models import FeedSpec, ParsedFeed
from kalbartui.text import clean_line

DISCOVERY_MAX_AGE = 24 * 3600  # discovery is refreshed at most once a day
DISCOVERY_RETRY = 6 * 3600  # after a failed discovery, try again sooner
MAX_CATEGORIES_BYTES = 2 * 1024 * 1024  # 100 categories are some 60 KB of JSON
CATEGORIES_PATH = "wp-json/wp/v2/categories?per_page=100&orderby=count&order=desc&hide_empty=true"


@dataclass(frozen=True, slots=True)
class WpCategory:
    """One category as the site's REST API lists it."""

    name: str
    slug: str
    link: str
    count: int
    parent: int = 0


def front_feed_url(site_url: str) -> str:
    """The site's main feed: every new post, whatever its category."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", "feed/")


def categories_api_url(site_url: str) -> str:
    """The REST API address that lists the site's categories."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", CATEGORIES_PATH)


def category_feed_url(link: str) -> str:
    """A category's feed is its own link + feed/; the site may strip the /category/ base."""
    return (
        link if link.endswith("/feed/") else (link if link.endswith("/") else link + "/") + "feed/"
    )


def parse_categories(body: bytes) -> list[WpCategory]:
    """The REST API's answer -> categories; anything that is not the expected shape raises ValueError."""
    if len(body) > MAX_CATEGORIES_BYTES:
        raise ValueError("the categories API answered with too much data")
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except RecursionError:  # thousands of nested brackets: json's decoder recurses
        raise ValueError("the categories API answered with nesting too deep to read") from None
    if not isinstance(data, list):
        raise ValueError("the categories API did not answer with a list")
    out: list[WpCategory] = []
    for item in data:
        if not isinstance(item, dict):
            continue
        name = clean_line(_text(item.get("name")), 120)
        link = item.get("link")
        # The link becomes a feed URL that is stored and printed: one with a space or a
        # control character (C0, DEL, C1) anywhere is refused, not cleaned into another address.
        if (
            not name
            or not isinstance(link, str)
            or urls.feed_url_problem(link, urls.MAX_URL)
            or not urls.has_web_scheme(link)
        ):
            continue
        count = item.get("count")
        parent = item.get("parent")
        out.append(
            WpCategory(
                name=name,
                slug=clean_line(_text(item.get("slug")), 200),
                link=link,
                count=count if isinstance(count, int) and not isinstance(count, bool) else 0,
                parent=parent if isinstance(parent, int) and not isinstance(parent, bool) else 0,
            )
        )
    return out


def _text(value: object) -> str:
    import html

    return html.unescape(value) if isinstance(value, str) else ""


def choose_categories(
    found: Sequence[WpCategory], wanted: Sequence[str], limit: int
) -> list[WpCategory]:
    """Configured names (in config order) when given, else the largest `limit` categories."""
    if wanted:
        by_name = {c.name.casefold(): c for c in found}
        by_slug = {c.slug.casefold(): c for c in found}
        picked = []
        for name in wanted:
            cat = by_name.get(name.casefold()) or by_slug.get(name.casefold())
            if cat is not None and cat not in picked:
                picked.append(cat)
        return picked
    ranked = sorted(found, key=lambda c: c.count, reverse=True)
    return [c for c in ranked if c.name.casefold() not in ("uncategorized", "tak berkategori")][
        :limit
    ]


def feed_specs(source_name: str, site_url: str, categories: Sequence[WpCategory]) -> list[FeedSpec]:
    """The front feed first, then one feed per category, each URL once."""
    specs = [
        FeedSpec(url=front_feed_url(site_url), category="", name=source_name, source=source_name)
    ]
    seen = {specs[0].url}
    for cat in categories:
        url = category_feed_url(cat.link)
        if url not in seen:
            seen.add(url)
            specs.append(
                FeedSpec(
                    url=url,
                    category=cat.name,
                    name=f"{source_name}: {cat.name}",
                    source=source_name,
                )
            )
    return specs


def terms_as_categories(parsed: ParsedFeed, wanted: Sequence[str], limit: int) -> list[str]:
    """Fallback when the REST API is blocked: the items' own <category> terms become the categories."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for art in parsed.articles:
        for term in art.categories:
            key = term.casefold()
            counts[key] += 1
            first.setdefault(key, term)
    if wanted:
        return [first[w.casefold()] if w.casefold() in first else w for w in wanted]
    return [first[key] for key, _ in counts.most_common(limit)]


def encode_discovery(
    checked: float, ok: bool, categories: Sequence[WpCategory], error: str = ""
) -> str:
    """A discovery's outcome as JSON, to keep in the store's metadata."""
    return json.dumps(
        {
            "checked": checked,
            "ok": ok,
            "error": error,
            "categories": [[c.name, c.slug, c.link, c.count, c.parent] for c in categories],
        }
    )


def discovery_error(value: str | None) -> str:
    """The error a stored discovery record holds, "" when none or unreadable."""
    try:
        error = json.loads(value or "{}").get("error", "")
    except (ValueError, AttributeError, RecursionError):
        return ""
    return error if isinstance(error, str) else ""


def decode_discovery(value: str | None) -> tuple[float, bool, list[WpCategory]] | None:
    """(checked, ok, categories) from encode_discovery's JSON; None when missing or unreadable."""
    if not value:
        return None
    try:
        data = json.loads(value)
        cats = [
            WpCategory(name=c[0], slug=c[1], link=c[2], count=c[3], parent=c[4])
            for c in data["categories"]
        ]
        return float(data["checked"]), bool(data["ok"]), cats
    except (ValueError, KeyError, TypeError, IndexError):
        return None
