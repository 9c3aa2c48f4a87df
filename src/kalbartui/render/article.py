"""The whole article for reading: title, byline, feed and categories, source, body and links."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape

from rich.style import Style
from rich.text import Text

from kalbartui import urls
from kalbartui.i18n import t
from kalbartui.i18n.times import absolute_time, relative_time
from kalbartui.models import Article
from kalbartui.render.body import RenderedBody, append_note, render_body
from kalbartui.render.styles import DIM
from kalbartui.text import clean, clean_line


def _s(key: str, language: str, **fmt: object) -> str:
    return t(f"article.{key}", language, **fmt)


def _plain_to_html(text: str) -> str:
    """The plain-text summary as paragraphs, escaped so nothing in it reads as a tag."""
    paragraphs = re.split(r"\n\s*\n", clean(text))
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())


WORDS_PER_MINUTE = 200


def reading_minutes(words: int) -> int:
    """Minutes to read `words` words at an unhurried pace; never 0 for an article with text."""
    return max(1, round(words / WORDS_PER_MINUTE))


def render_article(
    article: Article,
    *,
    language: str,
    tz: tzinfo | None,
    now: datetime,
    width: int | None = None,
) -> RenderedBody:
    """The whole article for reading: title, byline, feed and categories, body, numbered links.

    RenderedBody.links holds the body's links only, so links[n - 1] is the target of "[n]"; the
    article's own URL is shown as the "Sumber"/"Source" line under the byline.
    """
    out = Text()
    title = clean_line(article.title) or _s("untitled", language)
    out.append(title, Style(bold=True))
    out.append("\n")

    published = article.published
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    when = absolute_time(published, tz, language)
    if article.published_estimated:
        when = f"{when} {_s('estimated', language)}"
    byline = [when]
    if now - published < timedelta(days=7):
        # Past a week the relative time is only the date again ("30 Okt"): said once is enough.
        byline.append(relative_time(published, now, language, tz))
    author = clean_line(article.author, 200)
    if author:
        byline.insert(0, t("reader.by", language, author=author))
    source = urls.link_url(article.url)
    if article.content_html.strip():
        body = render_body(article.content_html, width, language=language, base_url=source)
    else:
        body = render_body(_plain_to_html(article.summary), width, language=language)
    words = len(body.text.plain.split())
    if words:
        byline.append(_s("reading_time", language, minutes=reading_minutes(words)))
    out.append(" · ".join(byline), DIM)

    meta = []
    feed = clean_line(article.feed or article.site, 200)
    if feed:
        meta.append(feed)
    names = [clean_line(c, 100) for c in article.categories]
    names = [n for n in names if n]
    if names:
        meta.append(_s("categories", language, names=", ".join(names)))
    if meta:
        out.append("\n")
        out.append(" · ".join(meta), DIM)

    if source:
        out.append("\n")
        out.append(_s("source", language), DIM)
        out.append(source, Style(dim=True, link=source))

    out.append("\n\n")
    if body.text.plain:
        out.append_text(body.text)
    else:
        out.append(_s("no_content", language), DIM)

    if body.links:
        out.append("\n\n")
        out.append(t("reader.links", language), Style(bold=True))
        for number, url in enumerate(body.links, 1):
            out.append("\n")
            out.append(f"[{number}] ", DIM)
            out.append(url, Style(link=url))
    append_note(out, body.note)
    return RenderedBody(out, list(body.links), body.note)
