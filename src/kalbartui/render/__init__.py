"""Articles for reading: untrusted HTML -> rich Text, the article header, plain and ANSI export.

- body: HTML -> styled Text and its numbered links (a pure function of html and options);
  it walks the parser's events, elements says what each element does, flow writes the
  output lines, limits holds the caps on what one article may expand to
- tags: the table from HTML tag to layout and style; tables: table layout
- prepass: the linear pre-pass that keeps html.parser linear; styles: shared segments/styles
- article: title, byline, source, body and link list; export: plain text and ANSI
"""

from __future__ import annotations

from kalbartui.render.article import reading_minutes, render_article
from kalbartui.render.body import RenderedBody, render_html
from kalbartui.render.export import to_ansi, to_plain
from kalbartui.urls import link_url as safe_url

__all__ = [
    "RenderedBody",
    "reading_minutes",
    "render_article",
    "render_html",
    "safe_url",
    "to_ansi",
    "to_plain",
]
