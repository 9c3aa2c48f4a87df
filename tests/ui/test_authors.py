"""The byline as a way in: `a` on an article lists every cached article by its author (the
search `author:"NAME"`), whatever the name holds; the author's box follows the story."""

from __future__ import annotations

from kalbartui.models import AuthorAbout
from kalbartui.store import open_store
from kalbartui.store.authors import AuthorToAsk
from kalbartui.store.ingest import site_of
from tests.ui.builders import SITE, article, story_articles
from tests.ui.conftest import AppFactory, reader_text, until

# Names no query may read as syntax: a field, OR, a comment, brackets, quotes, a star.
HOSTILE = '") OR 1=1 -- author: (title:*) "Rina'
PLAIN_TWIN = "OR author title Rina"  # the same words in another order: another person


def with_hostile_author() -> list:  # type: ignore[type-arg]
    return [
        *story_articles(),
        article(20, "Kolom: Menunggu Air Pasang di Tepian Kapuas", author=HOSTILE, minutes_ago=2),
        article(21, "Kolom: Sampan Terakhir dari Hulu", author=HOSTILE, minutes_ago=60 * 30),
        article(22, "Kolom: Kabar dari Penulis Lain", author=PLAIN_TWIN, minutes_ago=3),
    ]


def titles(app) -> set[str]:  # type: ignore[no-untyped-def]  # noqa: ANN001
    articles = app.main.articles
    return {articles.window.row(i).title for i in range(articles.count)}


async def test_a_lists_every_article_by_a_hostile_named_author(make_app: AppFactory) -> None:
    app = make_app(with_hostile_author())
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count > 0, "the list")
        await pilot.press("enter")  # the newest: the hostile author's column, opened
        await until(pilot, lambda: app.main.reader.article is not None, "the article")
        assert app.main.reader.article.author == HOSTILE
        await pilot.press("a")
        await until(pilot, lambda: app.main.list_pane.search_text is not None, "the search")
        await pilot.pause()
        assert titles(app) == {
            "Kolom: Menunggu Air Pasang di Tepian Kapuas",
            "Kolom: Sampan Terakhir dari Hulu",
        }
        shown = app.main.search_box.value
        assert shown.startswith('author:"') and app.core.count(shown) == 2
        assert app.focused is app.main.articles
        await pilot.press("escape")  # back to the list it came from
        await pilot.pause()
        assert app.main.list_pane.search_text is None
        assert app.main.articles.count == len(with_hostile_author())


async def test_a_on_a_plain_byline_finds_that_author_only(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count > 0, "the list")
        assert app.main.articles.current.author == "Rina Marlina"
        await pilot.press("a")
        await until(pilot, lambda: app.main.list_pane.search_text is not None, "the search")
        await pilot.pause()
        assert {app.main.articles.window.row(i).author for i in range(app.main.articles.count)} == {
            "Rina Marlina"
        }
        assert app.main.articles.count == 2
        assert app.main.search_box.value == 'author:"Rina Marlina"'
        assert 'Cari: “author:"Rina Marlina"”' in app.main.status.build().plain


async def test_the_authors_box_follows_the_story_in_the_reading_pane(
    make_app: AppFactory,
    paths,  # noqa: ANN001
) -> None:
    app = make_app()
    store = open_store(paths.database)
    about = AuthorAbout(
        "Rina Marlina",
        "[b]Wartawan[/b] kota Pontianak, menulis soal jembatan dan air bersih.",
        f"{SITE}/author/rina-marlina/",
    )
    store.save_authors([(AuthorToAsk(site_of(SITE + "/feed/"), "Rina Marlina"), about)], 0.0)
    store.close()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count > 0, "the list")
        await pilot.press("enter")
        await until(pilot, lambda: "Tentang penulis" in reader_text(app), "the author's box")
        text = reader_text(app)
        assert "Rina Marlina — [b]Wartawan[/b] kota Pontianak" in text  # as text, not markup
        assert f"Tulisan lainnya: {SITE}/author/rina-marlina/" in text
        assert text.index("Tentang penulis") > text.index("Pengendara diminta")
        await pilot.press("escape", "j", "enter")  # Andi Saputra: the site said nothing of him
        await until(pilot, lambda: "Petani Kubu Raya" in reader_text(app), "the next article")
        assert "Tentang penulis" not in reader_text(app)


async def test_a_on_an_article_without_a_byline_says_so(make_app: AppFactory) -> None:
    from tests.ui.conftest import notifications

    app = make_app([article(30, "Pengumuman Redaksi Tanpa Nama Penulis", author="")])
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count == 1, "the list")
        await pilot.press("a")
        await pilot.pause()
        assert ("information", "Artikel ini tidak mencantumkan nama penulis.") in notifications(app)
        assert app.main.list_pane.search_text is None


async def test_the_box_comes_to_the_open_article_when_the_refresh_has_asked(
    paths,  # noqa: ANN001
    feed_server,  # noqa: ANN001
) -> None:
    import json
    import threading

    from kalbartui.config import SourceConfig
    from kalbartui.ui.app import KalbarApp
    from tests.feedserver import DATA, feed_route, send
    from tests.ui.builders import NOW
    from tests.ui.conftest import offline_config

    gate = threading.Event()  # the users API answers once the test has seen the box absent

    def users(handler) -> None:  # noqa: ANN001
        gate.wait(30)
        found = [
            {
                "id": 7,
                "name": name,
                "description": f"{name} menulis untuk situs ini sejak lama.",
                "link": feed_server.url("/author/" + name.lower().replace(" ", "-") + "/"),
                "slug": name.lower().replace(" ", "-"),
            }
            for name in ("Andi Saputra", "Nur Aini", "Rina Marlina", "Yohanes Ricky")
            if name.split()[0] in handler.path
        ]
        send(handler, 200, json.dumps(found).encode(), "application/json")

    feed_server.routes["/feed/"] = feed_route((DATA / "wp_front.xml").read_bytes())
    feed_server.routes["/wp-json/wp/v2/categories"] = lambda h: send(h, 404, b"", "text/html")
    feed_server.routes["/wp-json/wp/v2/users"] = users
    source = SourceConfig(name="Situs Uji", url=feed_server.url("/"), full_text="never")
    config = offline_config(refresh_on_start=True, sources=(source,))
    app = KalbarApp(config, paths, clock=lambda: NOW, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count > 0, "the feeds")
        await pilot.press("enter")
        await until(pilot, lambda: app.main.reader.article is not None, "the article")
        author = app.main.reader.article.author
        assert author and "Tentang penulis" not in reader_text(app)
        gate.set()
        await until(pilot, lambda: "Tentang penulis" in reader_text(app), "the author's box")
        assert f"{author} — {author} menulis untuk situs ini sejak lama." in reader_text(app)
