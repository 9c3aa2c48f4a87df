"""WordPress sources: the front-page feed, category discovery through the REST API, and its fallback."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from kalbartui import urls
from kalbartui.models import AuthorAbout, FeedSpec, ParsedFeed
from kalbartui.problems import KalbarError, Problem
from kalbartui.text import clean_line, html_text

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


class CategoriesError(KalbarError):
    """A categories API answer that is not the list of categories it should be."""


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
    """The REST API's answer -> categories; anything that is not the expected shape raises
    CategoriesError."""
    if len(body) > MAX_CATEGORIES_BYTES:
        raise CategoriesError("discovery.too_much")
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except RecursionError:  # thousands of nested brackets: json's decoder recurses
        raise CategoriesError("discovery.too_deep") from None
    except ValueError:  # an HTML error page or a login form where JSON should be
        raise CategoriesError("discovery.not_json") from None
    if not isinstance(data, list):
        raise CategoriesError("discovery.not_list")
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
    return [c for c in ranked if c.name.casefold() not in _UNCATEGORIZED][:limit]


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
    """Fallback when the REST API is blocked: the items' own terms become the categories.

    WordPress writes an item's categories before its tags, and a tag usually names one
    post only, so the site's tags are kept out of the sidebar as far as the feed allows:
    a term that is first in some item is a category; a term that names one item only
    (and is never first) is a tag, and so is every term that follows it in that item.
    """
    terms = [list(dict.fromkeys(t for t in art.categories if t)) for art in parsed.articles]
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}  # casefolded -> as written the first time
    for item in terms:
        for term in dict.fromkeys(t.casefold() for t in item):  # ordered: ties keep feed order
            counts[term] += 1
        for term in item:
            first.setdefault(term.casefold(), term)
    if wanted:
        return [first.get(w.casefold(), w) for w in wanted]
    leading: set[str] = {item[0].casefold() for item in terms if item}
    tagged: set[str] = set()
    for item in terms:
        keys = [term.casefold() for term in item]
        for i, key in enumerate(keys):
            if i > 0 and counts[key] == 1 and key not in leading:
                tagged.update(k for k in keys[i:] if k not in leading)
                break
    ranked = [
        key
        for key, _ in counts.most_common()
        if key not in tagged and key not in _UNCATEGORIZED and (key in leading or counts[key] > 1)
    ]
    return [first[key] for key in ranked[:limit]]


_UNCATEGORIZED = ("uncategorized", "tak berkategori")


def encode_discovery(
    checked: float, ok: bool, categories: Sequence[WpCategory], error: Problem | None = None
) -> str:
    """A discovery's outcome as JSON, to keep in the store's metadata."""
    return json.dumps(
        {
            "checked": checked,
            "ok": ok,
            "error": error.to_json() if error is not None else "",
            "categories": [[c.name, c.slug, c.link, c.count, c.parent] for c in categories],
        }
    )


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


def discovery_error(value: str | None) -> Problem | None:
    """The error kept with a discovery result (None when it succeeded or cannot be read)."""
    if not value:
        return None
    try:
        error = json.loads(value).get("error", "")
    except (ValueError, AttributeError, RecursionError):
        return None
    return Problem.from_json(error) if isinstance(error, str) else None


# ---------------------------------------------------------------------- authors

MAX_USERS_BYTES = (
    2 * 1024 * 1024
)  # a page of users is a few KB; a 1 MB description is refused by length below
MAX_AUTHOR_DESCRIPTION = 600  # the author's box: a line or two, as the site's own box shows it
_MAX_DESCRIPTION_SCAN = 20_000  # characters of a description looked at before cleaning
USERS_PATH = "wp-json/wp/v2/users"


class UsersError(KalbarError):
    """A users API answer that is not the list of users it should be."""


def users_search_url(site_url: str, name: str) -> str:
    """The REST API address that looks for an author by the name a byline gives (RSS items
    carry the name only; the API's search reads the display name among other fields)."""
    from urllib.parse import urlencode

    base = urljoin(site_url if site_url.endswith("/") else site_url + "/", USERS_PATH)
    return base + "?" + urlencode({"search": name, "per_page": "10", "context": "view"})


def parse_users(body: bytes, name: str) -> AuthorAbout | None:
    """The user among the API's answer whose display name is the byline's (any case), cleaned;
    None when none is. Anything that is not a list of users raises UsersError."""
    if len(body) > MAX_USERS_BYTES:
        raise UsersError("discovery.too_much")
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except RecursionError:
        raise UsersError("discovery.too_deep") from None
    except ValueError:  # an HTML page (a login form, a security plugin) where JSON should be
        raise UsersError("discovery.not_json") from None
    if not isinstance(data, list):  # {"code": "rest_user_cannot_view", ...} and the like
        raise UsersError("discovery.not_list")
    wanted = clean_line(name, 200).casefold()
    for item in data:
        if not isinstance(item, dict):
            continue
        found = clean_line(_text(item.get("name"))[:1000], 200)
        if not found or found.casefold() != wanted:
            continue
        raw = item.get("description")
        description = (
            clean_line(html_text(raw[:_MAX_DESCRIPTION_SCAN]), MAX_AUTHOR_DESCRIPTION)
            if isinstance(raw, str)
            else ""
        )
        link = item.get("link")
        page = urls.link_url(link) if isinstance(link, str) and len(link) <= urls.MAX_URL else ""
        return AuthorAbout(name=found, description=description, link=page)
    return None
