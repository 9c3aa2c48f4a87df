"""Finding a site's feeds from any page address (`kalbartui add URL`, the palette's "Add a site").

In order: the address may be a feed itself (taken as it is); else the page's own word, the
`Link:` header and `<link rel="alternate">` elements of feed types; WordPress's REST API
(`<link rel="https://api.w.org/">`, the same in the header, or `/wp-json/` answering), which
makes the site a WordPress source read by its categories; and, when the page announces
nothing, the addresses feeds usually live at. Everything goes through the Fetcher with its
limits. The page is hostile: the stdlib's HTML parser reads a bounded head of it, every
announced address must be http(s), and titles are cleaned to one bounded line.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from kalbartui import urls
from kalbartui.feeds.fetch import Fetcher, FetchResult
from kalbartui.feeds.wordpress import (
    CategoriesError,
    categories_api_url,
    front_feed_url,
    parse_categories,
)
from kalbartui.models import FoundFeed, FoundKind
from kalbartui.problems import KalbarError, Param, Problem
from kalbartui.text import clean_line

# The feed types a page announces, and how each is read.
FEED_TYPES: dict[str, FoundKind] = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
}
WP_API_REL = "https://api.w.org/"
# Where feeds usually live, tried when a page announces none.
COMMON_PATHS = ("/feed/", "/rss", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json")
MAX_PAGE_CHARS = 512 * 1024  # of HTML read for <link> elements (they sit in the head)
MAX_LINKS = 50  # announced feeds kept from one page
MAX_FOUND = 20  # feeds offered at most
TITLE_LIMIT = 120
PAGE_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/feed+json;q=0.9,*/*;q=0.8"
)
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")  # a port is no scheme
_COMMENTS_RE = re.compile(r"\b(?:comments?|komentar)\b", re.I)
_COMMENTS_URL_RE = re.compile(r"/comments?/|comments?-(?:rss|atom)|feed=comments", re.I)


class DiscoveryError(KalbarError):
    """No feed can be offered for an address; its Problem says why. `bad_input`: the address
    itself is at fault, or the site has no feed (the CLI's exit status 2)."""

    def __init__(self, code: str, *, bad_input: bool = False, **params: Param) -> None:
        super().__init__(Problem(code, params))
        self.bad_input = bad_input


def web_address(text: str) -> str:
    """The address a user typed, as an http(s) URL: "kalbaronline.com" means https://.
    DiscoveryError when it cannot be one."""
    raw = text.strip()
    shown = clean_line(raw, 200)
    if not raw:
        raise DiscoveryError("site.bad_address", bad_input=True, url=shown)
    if not _SCHEME_RE.match(raw):  # "kalbaronline.com", "localhost:8080/berita"
        raw = "https://" + raw.lstrip("/")
    problem = urls.feed_url_problem(raw, urls.MAX_URL)
    try:
        web = urls.is_web_url(raw)
    except ValueError:
        web = False
    if problem is not None or not web:
        raise DiscoveryError("site.bad_address", bad_input=True, url=shown)
    return raw


# ---------------------------------------------------------------- what a page announces


@dataclass
class PageLinks:
    """What a page (its HTML and its Link header) says about its feeds."""

    feeds: list[FoundFeed] = field(default_factory=list)
    wp_api: str = ""  # the REST API root the page names
    title: str = ""  # the page's <title> (or og:site_name), a name for the site


class _Attributes(HTMLParser):
    """The attributes of one tag, as a browser reads them (quotes, entities, case)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.found:
            self.found = {k.lower(): (v or "") for k, v in attrs[:30]}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _attributes(tag: str) -> dict[str, str]:
    reader = _Attributes()
    reader.feed(tag)
    reader.close()
    return reader.found


# The head's tags that matter here, and what a link must not be read inside of.
_HEAD_TAG_RE = re.compile(r"<(link|base|meta|title|body|/head|!--|script|style)(?=[\s/>]|$)", re.I)
_SCRIPT_END_RE = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}
_TITLE_END_RE = re.compile(r"</title", re.I)
MAX_TAG_CHARS = 4096  # of one <link ...>: a longer one is no announcement
MAX_HEAD_TAGS = 1000  # tags looked at in one page


def _head_tags(html: str) -> Iterator[tuple[str, str]]:
    """(name, text) of the page's <link>, <base>, <meta> tags and its <title> text, up to
    <body>. One pass: comments, scripts and styles are skipped whole, an unclosed tag is
    passed by, and each tag is cut out before anything parses it. (The stdlib's HTMLParser
    is quadratic on a run of unclosed tags, so it only ever sees one small tag at a time.)"""
    pos = 0
    for _ in range(MAX_HEAD_TAGS):
        match = _HEAD_TAG_RE.search(html, pos)
        if match is None:
            return
        name = match.group(1).lower()
        if name in ("body", "/head"):
            return
        if name == "!--":
            close = html.find("-->", match.end())
            if close < 0:
                return
            pos = close + 3
            continue
        if name in _SCRIPT_END_RE:
            found = _SCRIPT_END_RE[name].search(html, match.end())
            if found is None:
                return
            pos = found.end()
            continue
        end = html.find(">", match.end(), match.start() + MAX_TAG_CHARS)
        if end < 0:
            pos = match.end()  # unclosed, or too long to be an announcement
            continue
        if name == "title":
            close_title = _TITLE_END_RE.search(html, end, end + 2000)
            if close_title is not None:
                yield name, html[end + 1 : close_title.start()]
            pos = end + 1
            continue
        yield name, html[match.start() : end + 1]
        pos = end + 1


def _tokens(value: str) -> set[str]:
    return {t.lower() for t in value.split()[:20]}


def _kind(media_type: str) -> FoundKind | None:
    return FEED_TYPES.get(media_type.split(";")[0].strip().lower())


def _found(href: str, base: str, kind: FoundKind, title: str) -> FoundFeed | None:
    url = urls.absolute_web_url(href, base)
    if not url or urls.feed_url_problem(url, urls.MAX_URL):
        return None
    name = clean_line(title, TITLE_LIMIT)
    return FoundFeed(url=url, kind=kind, title=name, comments=is_comments(url, name))


def page_links(html: str, page_url: str) -> PageLinks:
    """The feeds, REST API root and name a page announces in its head (relative addresses
    resolved against its <base> or its own address)."""
    import html as entities

    base_href = site_name = title = ""
    links: list[dict[str, str]] = []
    for name, text in _head_tags(html[:MAX_PAGE_CHARS]):
        if name == "title":
            title = title or entities.unescape(text[:2000])
            continue
        values = _attributes(text)
        if name == "base":
            base_href = base_href or values.get("href", "")
        elif name == "meta" and values.get("property", "").lower() == "og:site_name":
            site_name = site_name or values.get("content", "")
        elif name == "link" and len(links) < MAX_LINKS * 4:
            links.append(values)
    base = urls.absolute_web_url(base_href, page_url) or page_url
    found = PageLinks(title=clean_line(site_name or title, 200))
    for link in links:
        rel = _tokens(link.get("rel", ""))
        href = link.get("href", "")
        if WP_API_REL in rel and not found.wp_api:
            found.wp_api = urls.absolute_web_url(href, base)
        kind = _kind(link.get("type", ""))
        if "alternate" in rel and kind is not None:
            feed = _found(href, base, kind, link.get("title", ""))
            if feed is not None:
                found.feeds.append(feed)
    return found


_PARAM_RE = re.compile(r"""\s*([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64})\s*(?:=\s*(.*))?\Z""", re.S)


def _split(value: str, separator: str) -> list[str]:
    """`value` cut at `separator` where it stands outside <...> and "..." (RFC 8288)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = angled = False
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif quoted:
            quoted = char != '"'
            escaped = char == "\\"
        elif angled:
            angled = char != ">"
        elif char == '"':
            quoted = True
        elif char == "<":
            angled = True
        elif char == separator:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def header_links(value: str, page_url: str) -> PageLinks:
    """The feeds and REST API root a `Link:` header announces (RFC 8288)."""
    found = PageLinks()
    for link in _split(value, ",")[: MAX_LINKS * 4]:
        target, *raw_params = _split(link, ";")
        target = target.strip()
        if not (target.startswith("<") and target.endswith(">")):
            continue
        params: dict[str, str] = {}
        for part in raw_params[:20]:
            param = _PARAM_RE.match(part)
            if param is None:
                continue
            raw = (param.group(2) or "").strip()
            if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
                raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            params.setdefault(param.group(1).lower(), raw)
        rel = _tokens(params.get("rel", ""))
        href = target[1:-1].strip()
        if WP_API_REL in rel and not found.wp_api:
            found.wp_api = urls.absolute_web_url(href, page_url)
        kind = _kind(params.get("type", ""))
        if "alternate" in rel and kind is not None:
            feed = _found(href, page_url, kind, params.get("title", ""))
            if feed is not None:
                found.feeds.append(feed)
    return found


def is_comments(url: str, title: str) -> bool:
    """A feed of comments, not of articles (offered last)."""
    return bool(
        _COMMENTS_RE.search(title)
        or _COMMENTS_URL_RE.search(urlsplit(url).path + "?" + urlsplit(url).query)
    )


# ---------------------------------------------------------------- bodies


def _text(result: FetchResult) -> str:
    charset = "utf-8"
    for param in result.content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    try:
        return result.body[: MAX_PAGE_CHARS * 4].decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return result.body[: MAX_PAGE_CHARS * 4].decode("utf-8", errors="replace")


def _feed_kind(body: bytes) -> FoundKind:
    from kalbartui.feeds.jsonfeed import looks_like_json

    if looks_like_json(body):
        return "json"
    return "atom" if re.search(rb"<(?:[A-Za-z_][\w.-]*:)?feed[\s>]", body[:8192]) else "rss"


def as_feed(result: FetchResult, url: str) -> FoundFeed | None:
    """The fetched body as an offer when it is a feed (RSS, Atom or JSON Feed), else None."""
    from kalbartui.feeds.jsonfeed import looks_like_json
    from kalbartui.feeds.parse import FeedParseError, is_feed_document, parse_feed

    if result.status != "ok" or not result.body.strip():
        return None
    if not (looks_like_json(result.body) or is_feed_document(result.body)):
        return None  # a page, not a feed: never handed to the feed parser
    try:
        parsed = parse_feed(result.body, url, datetime.now(UTC), result.content_type)
    except FeedParseError:
        return None
    except Exception:  # noqa: BLE001 - whatever a hostile body provokes, it is no feed
        return None
    title = clean_line(parsed.title, TITLE_LIMIT)
    return FoundFeed(
        url=url, kind=_feed_kind(result.body), title=title, comments=is_comments(url, title)
    )


def _api_root(body: bytes) -> dict[str, object] | None:
    """A WordPress REST API index (it lists the wp/v2 namespace), or None."""
    try:
        data = json.loads(body[: 4 * 1024 * 1024].decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    namespaces = data.get("namespaces")
    if not isinstance(namespaces, list) or "wp/v2" not in namespaces[:200]:
        return None
    return data


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _site_of(api_root: str) -> str:
    """The site address a REST API root belongs to (…/wp-json/ → …/); "" when the root is not
    at /wp-json/ (plain permalinks: ?rest_route=), where the source's paths would not work."""
    parts = urlsplit(api_root)
    path = parts.path
    for suffix in ("/wp-json/", "/wp-json"):
        if path.endswith(suffix) and not parts.query:
            return urlunsplit((parts.scheme, parts.netloc, path[: -len(suffix)] + "/", "", ""))
    return ""


# ---------------------------------------------------------------- the search


async def discover(fetcher: Fetcher, address: str) -> list[FoundFeed]:
    """The feeds a site offers, best first: its WordPress source, its feeds, comments feeds
    last. A feed address gives that feed alone. DiscoveryError when there is none, or the
    page cannot be read."""
    url = web_address(address)
    page = await fetcher.fetch(url, accept=PAGE_ACCEPT)
    if page.status == "error" and not page.http_status and not _SCHEME_RE.match(address.strip()):
        # No scheme typed and no TLS answer (a local server, an old site): plain http, as a
        # browser would try.
        plain = "http://" + url.removeprefix("https://")
        second = await fetcher.fetch(plain, accept=PAGE_ACCEPT)
        if second.status == "ok":
            url, page = plain, second
    if page.status != "ok":
        error = page.error or Problem.of("fetch.no_answer")
        raise DiscoveryError("site.unreachable", url=url, error=error)
    itself = await asyncio.to_thread(as_feed, page, url)
    if itself is not None:
        return [itself]  # a feed address is taken as it is
    base = page.final_url or url
    announced = header_links(page.link, base)
    html = await asyncio.to_thread(page_links, _text(page), base)
    feeds = _unique([*announced.feeds, *html.feeds])
    api = announced.wp_api or html.wp_api
    origin_front = front_feed_url(_origin(base)).rstrip("/")
    site = None
    # Without the page's word, /wp-json/ is asked only where the page announces nothing, or
    # announces the front feed of a WordPress site at its host's root: a blog at /blog/ on a
    # host whose root runs WordPress is not that WordPress.
    if api or not feeds or any(f.url.rstrip("/") == origin_front for f in feeds):
        site = await _wordpress(fetcher, api, base, html.title)
    if site is not None:
        front = front_feed_url(site.url)
        feeds = [f for f in feeds if f.url.rstrip("/") != front.rstrip("/")]
    if site is None and not feeds:
        feeds = await _common_paths(fetcher, base)
    found = ([site] if site is not None else []) + [f for f in feeds if not f.comments]
    found += [f for f in feeds if f.comments]
    if not found:
        raise DiscoveryError("site.no_feeds", bad_input=True, url=url)
    return found[:MAX_FOUND]


def _unique(feeds: Sequence[FoundFeed]) -> list[FoundFeed]:
    seen: set[str] = set()
    out: list[FoundFeed] = []
    for feed in feeds:
        if feed.url not in seen and len(out) < MAX_LINKS:
            seen.add(feed.url)
            out.append(feed)
    return out


async def _wordpress(
    fetcher: Fetcher, announced: str, page_url: str, page_title: str
) -> FoundFeed | None:
    """The site as a WordPress source: its REST API named by the page, or /wp-json/ answering
    as WordPress does. Its categories are counted when the API lists them."""
    root = announced or _origin(page_url) + "wp-json/"
    site = _site_of(root)
    if not site:
        return None
    answer = await fetcher.fetch(site + "wp-json/", accept="application/json")
    index = _api_root(answer.body) if answer.status == "ok" else None
    if index is None and not announced:
        return None  # no WordPress here (a page that merely answers /wp-json/ is not one)
    name = clean_line(index.get("name"), TITLE_LIMIT) if index is not None else ""
    name = name or clean_line(page_title, TITLE_LIMIT) or urls.host(site)
    listed = await fetcher.fetch(categories_api_url(site), accept="application/json")
    categories: int | None = None
    if listed.status == "ok":
        try:
            categories = len(await asyncio.to_thread(parse_categories, listed.body))
        except CategoriesError:
            categories = None
    return FoundFeed(url=site, kind="wordpress", title=name, categories=categories)


async def _common_paths(fetcher: Fetcher, page_url: str) -> list[FoundFeed]:
    """The usual feed addresses of the page's site that answer with a feed, each feed once."""
    origin = _origin(page_url).rstrip("/")
    candidates = [origin + path for path in COMMON_PATHS]
    answers = await asyncio.gather(*(fetcher.fetch(c) for c in candidates))
    found: list[FoundFeed] = []
    seen: set[str] = set()
    for candidate, answer in zip(candidates, answers, strict=True):
        if answer.status != "ok":
            continue
        # /feed/ and /rss are often one feed under two names: kept once.
        key = hashlib.sha256(answer.body).hexdigest()
        where = answer.final_url or candidate
        if key in seen or where in seen:
            continue
        feed = await asyncio.to_thread(as_feed, answer, candidate)
        if feed is not None:
            seen.update((key, where))
            found.append(replace(feed, url=candidate))
    return found
