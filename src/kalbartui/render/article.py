"""The whole article for reading: title, byline, feed and categories, source, body and links."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape

from rich.style import Style
from rich.text import Text

from kalbartui import urls
from kalbartui.i18n import translator
from kalbartui.i18n.times import absolute_time, relative_time
from kalbartui.models import Article, AuthorAbout
from kalbartui.render.body import RenderedBody, append_note, render_body
from kalbartui.render.styles import DIM
from kalbartui.text import clean, clean_line


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
    title = clean_line(article.title) or translator(language).gettext("(untitled)")
    out.append(title, Style(bold=True))
    out.append("\n")

    published = article.published
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    when = absolute_time(published, tz, language)
    if article.published_estimated:
        when = f"{when} {translator(language).gettext('(estimated)')}"
    byline = [when]
    if now - published < timedelta(days=7):
        # Past a week the relative time is only the date again ("30 Okt"): said once is enough.
        byline.append(relative_time(published, now, language, tz))
    author = clean_line(article.author, 200)
    if author:
        byline.insert(0, translator(language).gettext("By {author}", author=author))
    source = urls.link_url(article.url)
    if article.content_html.strip():
        body = render_body(article.content_html, width, language=language, base_url=source)
    else:
        body = render_body(_plain_to_html(article.summary), width, language=language)
    words = len(body.text.plain.split())
    if words:
        byline.append(
            translator(language).gettext("{minutes} min read", minutes=reading_minutes(words))
        )
    out.append(" · ".join(byline), DIM)

    meta = []
    feed = clean_line(article.feed or article.site, 200)
    if feed:
        meta.append(feed)
    names = [clean_line(c, 100) for c in article.categories]
    names = [n for n in names if n]
    if names:
        meta.append(translator(language).gettext("Categories: {names}", names=", ".join(names)))
    tags = [t for t in (clean_line(t, 100) for t in article.tags) if t]
    if tags:  # the reader's own tags (`t`), said apart from the feed's categories
        meta.append(translator(language).gettext("Your tags: {names}", names=", ".join(tags)))
    if article.hidden:
        meta.append(translator(language).gettext("Hidden by a rule"))
    if meta:
        out.append("\n")
        out.append(" · ".join(meta), DIM)

    if source:
        out.append("\n")
        out.append(translator(language).gettext("Source: "), DIM)
        out.append(source, Style(dim=True, link=source))

    out.append("\n\n")
    head = len(out)  # the reading pane puts the lead picture here, under the header
    if body.text.plain:
        out.append_text(body.text)
    else:
        out.append(
            translator(language).gettext(
                "(This article has no text. Open its source in a browser.)"
            ),
            DIM,
        )

    if article.about is not None:
        append_author_box(out, article.about, language)

    if body.links:
        out.append("\n\n")
        out.append(translator(language).gettext("Links"), Style(bold=True))
        for number, url in enumerate(body.links, 1):
            out.append("\n")
            out.append(f"[{number}] ", DIM)
            out.append(url, Style(link=url))
    append_note(out, body.note)
    return RenderedBody(out, list(body.links), body.note, head=head, pictures=list(body.pictures))


def append_author_box(out: Text, about: AuthorAbout, language: str) -> None:
    """The author's box after the story, as the site's own page ends: the name, the site's
    line about them and their page (their other posts). Plain text, cleaned again here."""
    name = clean_line(about.name, 200)
    if not name:
        return
    words = translator(language)
    out.append("\n\n")
    out.append(words.gettext("About the author"), Style(bold=True))
    out.append("\n")
    out.append(name, Style(bold=True))
    description = clean_line(about.description, 1000)
    if description:
        out.append(" — ")
        out.append(description)
    page = urls.link_url(about.link)
    if page:
        out.append("\n")
        out.append(words.gettext("Other posts: "), DIM)
        out.append(page, Style(dim=True, link=page))
