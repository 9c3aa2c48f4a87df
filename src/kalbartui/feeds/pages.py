"""The whole article from its web page, for feeds that carry only a summary.

The page comes through kalbartui's fetch layer (its timeouts, size cap, redirect limit,
http(s)-only rule and per-host limits); the story is cut out of it by trafilatura. trafilatura
keeps reader comments by default and, on a page with no article, returns whatever text it
finds (menus): here comments are off, precision is favoured, and an extraction is used only
when it is clearly the article, longer than the feed's summary and of some length. What it
returns is untrusted HTML like any feed's: kalbartui.render sanitizes it when it is shown.
trafilatura (and lxml) are imported on first use: they cost ~0.3 s, and a start needs neither.

The extraction runs in a worker process (`kalbartui.jobs`) under a deadline, a CPU-time limit
and a memory ceiling: trafilatura's time grows with the square of a page's inline elements
(80,000 `<b>a</b>`, 642 KB, took 48 s), and a thread running it could not be stopped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kalbartui import jobs
from kalbartui.feeds.images import choose_lead_image, img_tags, is_picture
from kalbartui.problems import KalbarError, Problem
from kalbartui.text import clean, html_text

if TYPE_CHECKING:
    from kalbartui.addresses import Reach
    from kalbartui.feeds.fetch import Fetcher

# Past this the page is not read: a news page, scripts and all, is rarely over 1 MB, and
# extraction time grows with the page.
MAX_PAGE_BYTES = 4 * 1024 * 1024
# An extraction shorter than this is a caption or a menu, not an article.
MIN_ARTICLE_WORDS = 40
# "auto": fetch the page when the feed's body has fewer words than this...
SHORT_BODY_WORDS = 80
# ...or ends the way a teaser does.
_TEASER_END = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\[&hellip;\]|&hellip;|baca selengkapnya|selengkapnya"
    r"|read more|continue reading|lanjutkan membaca)\W*$",
    re.IGNORECASE,
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
# One extraction: a news page takes well under a second; the 642 KB page of issue 18 would
# take minutes. Past these it is stopped and the page recorded as failed ("took too long").
EXTRACT_LIMITS = jobs.Limits(
    seconds=12.0,
    cpu_seconds=6.0,
    memory_bytes=768 * 1024 * 1024,
    preload=("kalbartui.feeds.pages", "trafilatura", "lxml.html"),
)


def _same_story_slack(words: int) -> int:
    """How many more words a page may have and still be the feed's story: a tenth, at least 10."""
    return max(10, words // 10)


# The reasons a page gives no article (Problem codes, worded by i18n.problems).
NO_ARTICLE = "page.no_article"
NOT_HTML = "page.not_html"
NOT_HTTP = "page.not_http"
NOT_LONGER = "page.not_longer"
TOO_LARGE = "page.too_large"
TOO_SLOW = "page.too_slow"
TOO_BIG_TO_READ = "page.too_big_to_read"
UNREADABLE = "page.unreadable"


class PageError(KalbarError):
    """The page gave no usable article; its Problem is one short reason."""


@dataclass(frozen=True, slots=True)
class Extraction:
    html: str  # the article as HTML (untrusted: rendered like feed HTML)
    text: str  # its words, for the search index
    lead_image: str  # the picture that leads it, "" for none
    words: int


def word_count(text: str) -> int:
    return len(text.split())


def wants_full_text(mode: str, summary: str, content_html: str) -> bool:
    """Should the article's page be fetched, for a feed whose full_text setting is `mode`?"""
    if mode == "never":
        return False
    if mode == "always":
        return True
    body = html_text(content_html) if content_html.strip() else clean(summary)
    body = body.strip()
    return word_count(body) < SHORT_BODY_WORDS or bool(_TEASER_END.search(body))


def _og_image(tree: object) -> str:
    for xpath in (
        '//meta[@property="og:image"]/@content',
        '//meta[@property="og:image:url"]/@content',
        '//meta[@name="twitter:image"]/@content',
    ):
        found = tree.xpath(xpath)  # type: ignore[attr-defined]
        if found:
            return str(found[0]).strip()
    return ""


def extract(page: str, url: str, summary: str = "") -> Extraction:
    """The article in `page` (HTML text from `url`), or PageError when there is none."""
    if len(page) > MAX_PAGE_BYTES:
        raise PageError(TOO_LARGE)
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        raise PageError(NO_ARTICLE) from None
    extracted = trafilatura.extract(
        tree,
        url=url,
        output_format="html",
        include_comments=False,
        include_images=True,
        include_links=True,
        include_tables=True,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not extracted:
        raise PageError(NO_ARTICLE)
    # trafilatura drops the attributes that tell a smiley or a tracking pixel from a picture:
    # look them up on the page and leave those out.
    junk = {src for src, attrs in img_tags(page, url) if not is_picture(src, attrs)}
    html = _drop_images(extracted, junk)
    text = " ".join(html_text(html).split())
    words, had = word_count(text), word_count(clean(summary))
    # No longer than what the feed gave (give or take a caption or a "Baca Juga" the
    # extraction kept), when that is an article itself: the feed had the whole story (a short
    # post in a full-text feed), which is no failure.
    if words <= had + _same_story_slack(had) and had >= MIN_ARTICLE_WORDS:
        raise PageError(NOT_LONGER)
    if words < MIN_ARTICLE_WORDS:
        raise PageError(NO_ARTICLE)
    if words <= had:
        raise PageError(NOT_LONGER)
    lead = choose_lead_image(content_html=html, og_image=_og_image(tree), base=url)
    return Extraction(html=html, text=text, lead_image=lead, words=words)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def _drop_images(html: str, junk: set[str]) -> str:
    """`html` without <html>/<body> wrappers and without the <img> tags whose source is junk."""
    html = re.sub(r"</?(?:html|body)\b[^>]*>", "", html, flags=re.IGNORECASE).strip()
    if not junk:
        return html

    def keep(match: re.Match[str]) -> str:
        for src, _attrs in img_tags(match.group()):
            if src in junk or not is_picture(src):
                return ""
        return match.group()

    return _IMG_TAG.sub(keep, html)


# Codecs Python has that no web page is written in: `idna` and `punycode` encode host names
# (and raise on a long line), `undefined` raises on everything, the rest turn text into other
# text. A page declaring one is read as a browser reads an unknown label: as UTF-8.
_NOT_PAGE_CODECS = frozenset(
    {"idna", "punycode", "undefined", "raw-unicode-escape", "unicode-escape", "utf-7", "mbcs"}
)


def _codec(label: str) -> str:
    """The codec for a declared charset, or "utf-8" when it is none a page can be in."""
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return "utf-8"
    if info.name.replace("_", "-") in _NOT_PAGE_CODECS or not getattr(
        info, "_is_text_encoding", True
    ):
        return "utf-8"
    return info.name


def _decode(body: bytes, content_type: str) -> str:
    charset = ""
    found = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    if found:
        charset = found.group(1)
    else:
        meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.IGNORECASE)
        if meta:
            charset = meta.group(1).decode("ascii", "replace")
    try:
        return body.decode(_codec(charset) if charset else "utf-8", errors="replace")
    except (LookupError, UnicodeError, ValueError):
        # A codec that raises whatever `errors` says (one that slipped past the list above).
        return body.decode("utf-8", errors="replace")


async def fetch_article(
    fetcher: Fetcher,
    url: str,
    summary: str = "",
    *,
    reach: Reach | None,
    limits: jobs.Limits = EXTRACT_LIMITS,
) -> Extraction:
    """Fetch the page at `url` and extract its article. Raises PageError with the reason.

    `reach` says which addresses the page may come from (kalbartui.addresses; None: any, which
    no link from a feed should get); the extraction runs in a worker process under `limits`."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        # fetch() would read a local path: an article link never may.
        raise PageError(NOT_HTTP)
    result = await fetcher.fetch(url, accept="text/html,application/xhtml+xml;q=0.9", reach=reach)
    if result.status != "ok":
        raise PageError(result.error or Problem.of("fetch.no_answer"))
    content_type = result.content_type.lower()
    if content_type and content_type.split(";")[0].strip() not in HTML_TYPES:
        raise PageError(NOT_HTML)
    if len(result.body) > MAX_PAGE_BYTES:
        raise PageError(TOO_LARGE)
    page = _decode(result.body, content_type)
    final = result.final_url or url
    with _confined(limits):
        return await jobs.run_async(extract, page, final, summary, limits=limits)


def extract_confined(
    page: str,
    url: str,
    summary: str = "",
    *,
    limits: jobs.Limits = EXTRACT_LIMITS,
    cancelled: Callable[[], bool] | None = None,
) -> Extraction:
    """`extract` in a worker process under `limits`; blocks. PageError says why there is no
    article, including a page that took too long or too much memory to read."""
    with _confined(limits):
        return jobs.run(extract, page, url, summary, limits=limits, cancelled=cancelled)


@contextmanager
def _confined(limits: jobs.Limits) -> Iterator[None]:
    """A job that failed, as the reason the page gave no article."""
    try:
        yield
    except jobs.JobTimedOut as exc:
        raise PageError(TOO_SLOW, seconds=exc.seconds) from None
    except jobs.JobOutOfMemory:
        raise PageError(TOO_BIG_TO_READ) from None
    except jobs.JobCrashed as exc:
        raise PageError(UNREADABLE, kind=exc.kind) from None
