"""Summary-only feeds read whole: the article's page is fetched after the feeds, cut out of its
boilerplate, stored, searched and shown offline. A loopback WordPress-shaped site serves it all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kalbartui.config import Config
from kalbartui.feeds.pages import SHORT_BODY_WORDS, wants_full_text
from kalbartui.models import FeedSpec
from kalbartui.refresh.run import run_refresh
from kalbartui.render import render_article, to_plain
from kalbartui.store import open_store
from kalbartui.story.pages import fetch_full_text
from tests.feedserver import FeedServer, redirect_route, send, status_route
from tests.story.site import (
    BOILERPLATE_MARKERS,
    STORIES,
    article_page,
    feed,
    hang_route,
    huge_route,
    menu_page,
)
from tests.story.site import serve_site as serve
from tests.unit.test_cli import kalbartui

# The stories' dates are in February 2020: the refresh's clock stands a few days later.
CLOCK = datetime(2020, 2, 25, 12, 0, tzinfo=UTC)


def config_for(server: FeedServer, **changes: object) -> Config:
    base: dict[str, object] = {
        "language": "id",
        "keep_days": 0,
        "timeout_seconds": 3.0,
        "sources": (),
        "feeds": (FeedSpec(url=server.url("/feed/"), category="Berita", name="Kalbar Contoh"),),
    }
    base.update(changes)
    return Config(**base)  # type: ignore[arg-type]


def refresh(server: FeedServer, db: Path, **changes: object):  # noqa: ANN201
    return run_refresh(config_for(server, **changes), db, clock=lambda: CLOCK, pages=True)


def article_id(db: Path, title: str) -> int:
    store = open_store(db)
    try:
        return store.conn.execute("SELECT id FROM articles WHERE title = ?", (title,)).fetchone()[0]
    finally:
        store.close()


def read_as_user(db: Path, aid: int, width: int = 100) -> str:
    store = open_store(db)
    try:
        article = store.article(aid)
        assert article is not None
        body = render_article(article, language="id", tz=UTC, now=CLOCK, width=width)
        return to_plain(body, width)
    finally:
        store.close()


def test_a_summary_only_feed_is_read_whole_without_the_boilerplate(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    db = tmp_path / "cache.sqlite3"
    report = refresh(feed_server, db)
    assert report.new_total == 3
    assert sorted(o.ok for o in report.pages) == [True, True, True]
    for story in STORIES:
        shown = read_as_user(db, article_id(db, story.title))
        flat = " ".join(shown.split())
        for paragraph in story.paragraphs:
            assert paragraph in flat  # every paragraph of the story, not only the summary
        for marker in BOILERPLATE_MARKERS:
            assert marker not in shown
        assert "Semoga dermaganya dirawat" not in shown  # a reader's comment
        assert "menit baca" in shown.splitlines()[1]
    # The picture that leads it is the page's og:image (WordPress never puts it in the feed).
    store = open_store(db)
    try:
        first = store.article(article_id(db, STORIES[0].title))
        assert first is not None and first.image_url == feed_server.url("/gambar/dermaga.jpg")
        # The search index holds the whole article: these words are only on the page.
        hits = store.search("gudang pendingin")
        assert [h.title for h in hits] == [STORIES[0].title]
        assert store.search("Terpopuler") == []
    finally:
        store.close()


def test_each_page_is_fetched_once_and_read_offline(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    db = tmp_path / "cache.sqlite3"
    refresh(feed_server, db)
    page = f"/berita/{STORIES[1].slug}/"
    assert feed_server.count(page) == 1
    refresh(feed_server, db)
    assert feed_server.count(page) == 1
    feed_server.stop()
    shown = read_as_user(db, article_id(db, STORIES[1].title))
    assert "embung kecil" in shown  # the last paragraph, from the page, with the server gone


def test_never_leaves_pages_alone_and_always_fetches_even_long_bodies(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    never = config_for(feed_server, full_text="never")
    run_refresh(never, tmp_path / "a.sqlite3", clock=lambda: CLOCK, pages=True)
    assert not any(hit.path.startswith("/berita/") for hit in feed_server.hits)

    feed_override = (
        FeedSpec(url=feed_server.url("/feed/"), category="Berita", full_text="always"),
    )
    report = run_refresh(
        config_for(feed_server, full_text="never", feeds=feed_override),
        tmp_path / "b.sqlite3",
        clock=lambda: CLOCK,
        pages=True,
    )
    assert len(report.pages) == 3  # the feed's own setting wins over the global one


def test_auto_fetches_short_bodies_and_teasers_only() -> None:
    long_body = "<p>" + " ".join(["kata"] * (SHORT_BODY_WORDS + 20)) + "</p>"
    assert not wants_full_text("auto", "", long_body)
    assert wants_full_text("auto", "Ringkasan pendek.", "")
    assert wants_full_text("auto", "", long_body[:-4] + " [&hellip;]</p>")
    assert wants_full_text("auto", "", long_body[:-4] + " Baca selengkapnya</p>")
    assert wants_full_text("always", "", long_body)
    assert not wants_full_text("never", "Pendek.", "")


HOSTILE = {
    "hilang": ("404", lambda server: status_route(404, body=b"<h1>Tidak ditemukan</h1>")),
    "indeks": ("no article", lambda server: _html(menu_page())),
    "raksasa": ("larger than", lambda server: huge_route(50)),
    "macet": ("timed out", hang_route),
    "berkas": ("refusing a file URL", lambda server: redirect_route("file:///etc/passwd", 302)),
    "gambar": ("not an HTML page", lambda server: lambda h: send(h, 200, b"\x89PNG", "image/png")),
}


def _html(text: str):  # noqa: ANN202
    return lambda h: send(h, 200, text.encode(), "text/html; charset=UTF-8")


@pytest.mark.parametrize("slug", sorted(HOSTILE))
def test_a_failing_page_keeps_the_summary_and_says_why(
    feed_server: FeedServer, tmp_path: Path, slug: str
) -> None:
    expected, route = HOSTILE[slug]
    story = STORIES[0]
    hostile = type(story)(slug, f"Berita {slug}", "Redaksi", "Ringkasan singkat dari umpan.",
                          ("x",), story.pub_date)  # fmt: skip
    base = feed_server.base
    feed_server.routes["/feed/"] = lambda h: send(h, 200, feed(base, (hostile,)))
    feed_server.routes[f"/berita/{slug}/"] = route(feed_server)
    db = tmp_path / "cache.sqlite3"
    report = refresh(feed_server, db, timeout_seconds=1.5)
    assert report.new_total == 1
    [outcome] = report.pages
    assert not outcome.ok and expected in str(outcome.error)
    shown = read_as_user(db, article_id(db, hostile.title))
    assert "Ringkasan singkat dari umpan." in shown
    store = open_store(db)
    try:
        state = store.page_state(outcome.article_id)
        assert state is not None and state.status == "error"
        [(count, error)] = store.page_failures().values()
        assert count == 1 and expected in str(error)
    finally:
        store.close()


def test_show_full_fetches_the_article_and_prints_it(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    lines = ["keep_days = 0", "timeout_seconds = 5", "language = 'id'", "full_text = 'never'"]
    lines += ["[[feeds]]", f"url = '{feed_server.url('/feed/')}'", "category = 'Berita'"]
    (tmp_path / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert kalbartui("refresh", home=tmp_path).returncode == 0
    listed = kalbartui("list", "--json", home=tmp_path, check=True).stdout
    import json

    aid = next(a["id"] for a in json.loads(listed) if a["title"] == STORIES[0].title)
    summary_only = kalbartui("show", str(aid), home=tmp_path, check=True).stdout
    assert "gudang pendingin" not in summary_only  # "never": only the feed's summary so far
    whole = kalbartui("show", str(aid), "--full", "--width", "100", home=tmp_path)
    assert whole.returncode == 0, whole.stderr
    flat = " ".join(whole.stdout.split())
    assert "Pemerintah kota berjanji menambah gudang pendingin tahun depan" in flat
    assert "Baca Juga" not in flat and "Komentar Pembaca" not in flat


@pytest.mark.slow  # the page's 500 is tried again twice, after 0.5 and 1.5 s
def test_fetching_again_keeps_a_good_article_when_the_page_later_fails(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    db = tmp_path / "cache.sqlite3"
    refresh(feed_server, db)
    aid = article_id(db, STORIES[2].title)
    feed_server.routes[f"/berita/{STORIES[2].slug}/"] = status_route(500)
    outcome = fetch_full_text(config_for(feed_server), db, aid, clock=lambda: CLOCK)
    assert not outcome.ok and "500" in str(outcome.error)
    assert "agenda tahunan" in read_as_user(db, aid)


def test_the_refresh_command_says_how_many_whole_articles_it_fetched(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    lines = ["keep_days = 0", "timeout_seconds = 5", "language = 'en'"]
    lines += ["[[feeds]]", f"url = '{feed_server.url('/feed/')}'", "category = 'Berita'"]
    (tmp_path / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = kalbartui("refresh", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 whole articles fetched from their pages" in done.stdout


# A short post in a feed that carries whole posts: under SHORT_BODY_WORDS, so "auto" looks at
# its page once, and the page has nothing more.
_SHORT_POST = (
    "Jembatan gantung di Desa Sungai Ambawang ditutup sementara mulai Kamis pagi karena tali "
    "bajanya perlu diganti. Warga diminta menyeberang lewat jembatan beton di hilir, sekitar "
    "dua kilometer dari balai desa. Perbaikan diperkirakan selesai dalam sepuluh hari kerja, "
    "kata kepala desa kepada wartawan setempat, Rabu sore."
)


def test_a_page_no_longer_than_the_feed_is_no_failure_and_is_fetched_once(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    story = STORIES[0]
    short = type(story)("jembatan-gantung", "Jembatan Gantung Ditutup Sementara", "Redaksi",
                        _SHORT_POST, (_SHORT_POST,), story.pub_date)  # fmt: skip
    assert len(_SHORT_POST.split()) < SHORT_BODY_WORDS
    base = feed_server.base
    feed_server.routes["/feed/"] = lambda h: send(h, 200, feed(base, (short,)))
    page = article_page(short, base).encode()
    feed_server.routes[f"/berita/{short.slug}/"] = lambda h: send(h, 200, page, "text/html")
    lines = ["keep_days = 0", "timeout_seconds = 5", "language = 'id'"]
    lines += ["[[feeds]]", f"url = '{feed_server.url('/feed/')}'", "category = 'Berita'"]
    (tmp_path / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    first = kalbartui("refresh", home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert feed_server.count(f"/berita/{short.slug}/") == 1
    # Neither a whole article fetched nor a summary kept: the feed had it all.
    assert "ringkasan" not in first.stdout and "halaman" not in first.stdout
    assert "1 artikel baru" in first.stdout
    again = kalbartui("refresh", home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert feed_server.count(f"/berita/{short.slug}/") == 1  # never asked again

    db = tmp_path / "data" / "kalbartui.sqlite3"
    store = open_store(db)
    try:
        aid = store.conn.execute("SELECT id FROM articles").fetchone()[0]
        state = store.page_state(aid)
        assert state is not None and state.status == "feed" and state.error is None
        assert store.page_failures() == {}  # nothing for the feeds screen to list
    finally:
        store.close()
    # `f` asks again, and is told the same, as no failure.
    shown = kalbartui("show", str(aid), "--full", home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "umpan sudah memuat seluruh artikel" in shown.stderr
    assert "tali bajanya perlu diganti" in shown.stdout
    assert feed_server.count(f"/berita/{short.slug}/") == 2
