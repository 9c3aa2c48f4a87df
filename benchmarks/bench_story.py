"""The whole story's figures, in process: opening a 10,000-word article in the reading pane,
extracting articles from their pages, decoding and drawing a picture.

The pane is timed inside a headless reader (Textual's test harness): from `show(article)` to
every line of the first screen drawn as Strips, which is what the terminal then gets. The
article is the same generated 10,000 words as the reader section's.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from benchmarks import corpus
from benchmarks.stats import Figure, Target

BOILERPLATE_TOP = """<!DOCTYPE html><html lang="id"><head><meta charset="UTF-8"><title>{title}</title>
<meta property="og:image" content="https://kalbar.example/gambar/{n}.jpg">
<script>var ads = [];</script></head><body>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/kategori/pontianak/">Pontianak</a></li>
<li><a href="/kategori/ekonomi/">Ekonomi</a></li><li><a href="/indeks/">Indeks</a></li></ul></nav></header>
<main><article><h1>{title}</h1><div class="entry-meta">Oleh {author}</div><div class="entry-content">"""
BOILERPLATE_BOTTOM = """<div class="baca-juga"><strong>Baca Juga</strong><ul>
<li><a href="/berita/a/">Jalan Rusak di Kubu Raya Dikeluhkan Warga</a></li>
<li><a href="/berita/b/">Harga Sembako Naik Menjelang Ramadan</a></li></ul></div></div></article>
<div id="comments"><h2>Komentar</h2><ol><li><p>Semoga cepat diperbaiki, kami menunggu.</p></li></ol></div>
</main><aside><h2>Terpopuler</h2><ul><li><a href="/berita/c/">Banjir di Sintang</a></li></ul></aside>
<footer><p>Hak Cipta Kalbar Contoh.</p></footer></body></html>"""


def _long_article():  # noqa: ANN202 - models.Article
    from kalbartui.models import Article

    synth = corpus.long_article(7, 10_000, datetime(2026, 1, 5, 3, 0, tzinfo=UTC))
    html = "".join(f"<p>{escape(p)}</p>" for p in synth.paragraphs)
    return Article(
        id=1, site="kalbar.example", guid=synth.guid, url=synth.link, title=synth.title,
        author=synth.author, published=synth.published, published_estimated=False,
        categories=synth.categories, feed="Kalbar Contoh", summary="", content_html=html,
        image_url="", read=False, starred=False,
    )  # fmt: skip


def open_long_article(n: int) -> list[float]:
    """Seconds from show() to the first screen of Strips, in a 140 x 45 headless reader."""
    from textual.app import App, ComposeResult

    from kalbartui.ui.widgets.article_view import ArticleView

    article = _long_article()
    times: list[float] = []

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleView("id", UTC, lambda: datetime(2026, 1, 5, 4, 0, tzinfo=UTC))

    async def run() -> None:
        app = Bench()
        async with app.run_test(size=(140, 45)) as pilot:
            view = app.query_one(ArticleView)
            await pilot.pause()
            for _ in range(n + 1):
                view.show(None)
                await pilot.pause()
                started = time.perf_counter()
                view.show(article)
                for y in range(view.scrollable_content_region.height):
                    view.render_line(y)
                times.append(time.perf_counter() - started)
            assert view.line_count > 500, view.line_count

    asyncio.run(run())
    return times[1:]


def _pages(count: int) -> list[tuple[str, str]]:
    out = []
    newest = datetime(2026, 1, 5, tzinfo=UTC)
    for k in range(count):
        synth = corpus.article(11, k, newest, "kalbar.example", 450)
        top = BOILERPLATE_TOP.format(title=escape(synth.title), author=escape(synth.author), n=k)
        body = "".join(f"<p>{escape(p)}</p>" for p in synth.paragraphs)
        out.append((top + body + BOILERPLATE_BOTTOM, synth.link))
    return out


def extraction_rate(n: int, pages: int = 40) -> list[float]:
    """Article pages (about 450 words each, boilerplate around) extracted per second."""
    from kalbartui.feeds.pages import extract

    corpus_pages = _pages(pages)
    extract(*corpus_pages[0])  # imports trafilatura and lxml outside the timing
    rates = []
    for _ in range(n):
        started = time.perf_counter()
        for page, url in corpus_pages:
            found = extract(page, url)
            assert "Baca Juga" not in found.html
        rates.append(pages / (time.perf_counter() - started))
    return rates


def picture_times(n: int) -> tuple[list[float], list[float]]:
    """A 1600 x 1000 JPEG photo-like picture: decode (for the pane) and draw as cells (ms)."""
    from PIL import Image, ImageDraw

    from kalbartui.feeds.images import decode
    from kalbartui.ui.images import picture_strips

    picture = Image.new("RGB", (1600, 1000), "#1f6f8b")
    draw = ImageDraw.Draw(picture)
    for k in range(0, 1600, 40):
        draw.ellipse((k, (k * 7) % 900, k + 90, (k * 7) % 900 + 90), fill=(k % 255, 120, 200))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    data = out.getvalue()
    decode_ms, draw_ms = [], []
    for _ in range(n):
        started = time.perf_counter()
        decoded = decode(data, 480)
        middle = time.perf_counter()
        picture_strips(decoded, 100, 22)
        done = time.perf_counter()
        decode_ms.append((middle - started) * 1000)
        draw_ms.append((done - middle) * 1000)
    return decode_ms, draw_ms


def run(work: Path, *, n: int, log=print) -> list[Figure]:  # noqa: ANN001
    log("  opening the 10,000-word article in the pane (in process)…")
    opened = [t * 1000 for t in open_long_article(max(n, 5))]
    log("  extracting article pages…")
    rates = extraction_rate(max(2, n // 2))
    log("  decoding and drawing a picture…")
    decoded, drawn = picture_times(max(n, 5))
    return [
        Figure(
            "reading pane: show a 10,000-word article and draw its first screen (in process)",
            opened,
            "ms",
            Target("<=", 50),
            note=f"spread {min(opened):.1f}–{max(opened):.1f} ms; laid out once per width, "
            "lines drawn as Strips on demand",
        ),
        Figure(
            "full text: article pages extracted per second (450 words + boilerplate each)",
            rates,
            "/s",
            note=f"trafilatura, comments off, precision favoured; median {statistics.median(rates):.0f}/s",
        ),
        Figure(
            "picture: decode a 1600 × 1000 JPEG for the pane",
            decoded,
            "ms",
            note="Pillow draft mode, in a worker thread in the reader",
        ),
        Figure("picture: draw it as 100 × 22 half-block cells", drawn, "ms"),
    ]
