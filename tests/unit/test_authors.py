"""The author's box: a WordPress site's REST users endpoint, asked once per author in a real
refresh against a loopback server, kept in a real cache, shown offline; a closed endpoint is
quietly absent and not asked again; hostile descriptions arrive as plain, bounded text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kalbartui.config import Config, SourceConfig
from kalbartui.feeds.wordpress import UsersError, parse_users
from kalbartui.models import Article
from kalbartui.refresh.authors import AUTHORS_PER_SOURCE
from kalbartui.refresh.run import run_refresh
from kalbartui.render import render_article, to_plain
from kalbartui.store import Query, open_store
from tests.feedserver import DATA, FeedServer, Handler, feed_route, send, status_route

FRONT = (DATA / "wp_front.xml").read_bytes()
PONTIANAK = (DATA / "wp_pontianak.xml").read_bytes()
USERS = "/wp-json/wp/v2/users"

# The site's own lines about its writers, as an author's profile page on WordPress says them.
PROFILES = {
    "Rina Marlina": "Wartawan kota Pontianak sejak 2015, menulis soal jalan, jembatan dan air bersih.",
    "Andi Saputra": "Meliput pertanian dan perkebunan di Kubu Raya.",
    "Nur Aini": "Penulis pemula, suka cerita dari kampung di tepi sungai.",
    "Yohanes Ricky": "",
    # "Redaksi KalbarOnline" has no user of that name: the search finds nothing.
}


def wp_user(n: int, name: str, description: str, base: str) -> dict[str, object]:
    """One user as /wp/v2/users shows it to anyone (context=view)."""
    slug = name.lower().replace(" ", "-")
    return {
        "id": n,
        "name": name,
        "url": "",
        "description": description,
        "link": f"{base}/author/{slug}/",
        "slug": slug,
        "avatar_urls": {"24": f"https://secure.gravatar.com/avatar/{n}?s=24"},
        "meta": [],
        "_links": {"self": [{"href": f"{base}{USERS}/{n}"}]},
    }


def users_route(server: FeedServer, profiles: dict[str, str]) -> Handler:
    """WordPress's search: every user whose name holds the words asked for."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        asked = parse_qs(urlsplit(h.path).query).get("search", [""])[0].casefold()
        found = [
            wp_user(i + 2, name, text, server.base)
            for i, (name, text) in enumerate(profiles.items())
            if asked and asked in name.casefold()
        ]
        send(h, 200, json.dumps(found).encode(), "application/json; charset=UTF-8")

    return handle


def serve_site(server: FeedServer, users: Handler | None = None) -> None:
    """The front feed and one category's (the same authors write in both), and maybe the
    users API."""
    server.routes["/feed/"] = feed_route(FRONT, etag='"front-1"')
    server.routes["/pontianak/feed/"] = feed_route(PONTIANAK, etag='"pnk-1"')
    category = {"id": 3, "name": "Pontianak", "slug": "pontianak", "count": 90, "parent": 0}
    category["link"] = server.url("/pontianak/")
    server.routes["/wp-json/wp/v2/categories"] = lambda h: send(
        h, 200, json.dumps([category]).encode(), "application/json; charset=UTF-8"
    )
    if users is not None:
        server.routes[USERS] = users


def site_config(server: FeedServer) -> Config:
    source = SourceConfig(name="KalbarOnline", url=server.url("/"))
    return Config(language="id", sources=(source,), timeout_seconds=5, keep_days=0)


def users_asked(server: FeedServer) -> list[str]:
    return [h.path for h in server.hits if h.path.startswith(USERS)]


def articles(db: Path) -> list[Article]:
    store = open_store(db)
    try:
        found = [store.article(r.id) for r in store.page(Query(), limit=100).rows]
        return [a for a in found if a is not None]
    finally:
        store.close()


def plain(article: Article, lang: str = "id") -> str:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return to_plain(render_article(article, language=lang, tz=UTC, now=now, width=100), 100)


def test_each_author_is_asked_once_and_the_box_follows_the_story(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve_site(feed_server, users_route(feed_server, PROFILES))
    db = tmp_path / "cache.sqlite3"
    config = site_config(feed_server)
    report = run_refresh(config, db)
    assert report.failed == []
    bylines = {a.author for a in articles(db)}
    asked = users_asked(feed_server)
    assert len(asked) == len(bylines) == 5  # one request per author, whatever their articles
    run_refresh(config, db)
    assert users_asked(feed_server) == asked  # the second refresh asks nobody again

    by_author = {a.author: a for a in articles(db)}
    rina = by_author["Rina Marlina"].about
    assert rina is not None
    assert rina.description == PROFILES["Rina Marlina"]
    assert rina.link == feed_server.url("/author/rina-marlina/")
    assert by_author["Redaksi KalbarOnline"].about is None  # no such user: no box
    empty = by_author["Yohanes Ricky"].about
    assert empty is not None and empty.description == ""
    text = plain(by_author["Rina Marlina"])
    assert "Tentang penulis\nRina Marlina — Wartawan kota Pontianak sejak 2015" in text
    assert "Tulisan lainnya: " + feed_server.url("/author/rina-marlina/") in text
    assert text.index("Tentang penulis") > text.index(by_author["Rina Marlina"].title)
    assert "About the author" in plain(by_author["Rina Marlina"], "en")
    assert "Tentang penulis" not in plain(by_author["Redaksi KalbarOnline"])


def kalbartui_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["KALBARTUI_CONFIG"] = str(home / "config.toml")
    env["KALBARTUI_DATA_DIR"] = str(home / "data")
    return subprocess.run(
        [sys.executable, "-m", "kalbartui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_show_prints_the_box_after_the_article_offline(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve_site(feed_server, users_route(feed_server, PROFILES))
    (tmp_path / "config.toml").write_text(
        "language = 'id'\nkeep_days = 0\ntimeout_seconds = 5\n"
        f"[[sources]]\nname = 'KalbarOnline'\nurl = '{feed_server.url('/')}'\n",
        encoding="utf-8",
    )
    assert kalbartui_cli("refresh", home=tmp_path).returncode == 0
    listed = json.loads(kalbartui_cli("list", "--json", home=tmp_path).stdout)
    wanted = next(a for a in listed if a["author"] == "Andi Saputra")
    feed_server.stop()  # offline from here on
    shown = kalbartui_cli("show", str(wanted["id"]), home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Tentang penulis\nAndi Saputra — Meliput pertanian dan perkebunan di Kubu Raya." in (
        shown.stdout
    )


@pytest.mark.parametrize(
    ("closed", "why"),
    [
        (status_route(401, body=b'{"code":"rest_not_logged_in"}'), "401"),
        (None, "404: no route"),
        (status_route(403, body=b"<html><body>Forbidden</body></html>"), "403 HTML"),
        (
            lambda h: send(
                h, 200, b"<!DOCTYPE html><html><form id=login></form></html>", "text/html"
            ),
            "a login page with 200",
        ),
        (
            lambda h: send(h, 200, b'{"code":"rest_user_cannot_view"}', "application/json"),
            "JSON that is no list",
        ),
        (lambda h: send(h, 200, b"\x00\xff{[garbage", "application/json"), "garbage"),
    ],
)
def test_a_closed_endpoint_is_quietly_absent_and_not_asked_again(
    feed_server: FeedServer, tmp_path: Path, closed: Handler | None, why: str
) -> None:
    serve_site(feed_server, closed)
    db = tmp_path / "cache.sqlite3"
    config = site_config(feed_server)
    report = run_refresh(config, db)
    assert report.failed == [], why  # nothing said: the box is simply not there
    assert len(users_asked(feed_server)) == 1, why  # one request tells: the site is closed
    assert all(a.about is None for a in articles(db))
    again = run_refresh(config, db)
    assert again.failed == []
    assert len(users_asked(feed_server)) == 1, why  # and it is remembered, with its time


def test_hostile_descriptions_arrive_as_bounded_plain_text(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    hostile = {
        "Rina Marlina": "[bold red]Redaksi[/] <script>alert(1)</script>\x1b[31mmerah\x07\x00 <b>tebal</b>",
        "Andi Saputra": "panjang " * (1024 * 1024 // 8),  # 1 MB of description
        "Nur Aini": "\u202eterbalik\u202c [link=file:///etc/passwd]klik[/link]",
    }
    serve_site(feed_server, users_route(feed_server, hostile))
    db = tmp_path / "cache.sqlite3"
    run_refresh(site_config(feed_server), db)
    by_author = {a.author: a for a in articles(db)}
    rina = by_author["Rina Marlina"].about
    assert rina is not None
    # Tags and scripts gone, controls gone, markup kept as the text it is.
    assert rina.description == "[bold red]Redaksi[/] [31mmerah tebal"
    long = by_author["Andi Saputra"].about
    assert long is not None and len(long.description) <= 600 and long.description.endswith("…")
    nur = by_author["Nur Aini"].about
    assert nur is not None and "\u202e" not in nur.description
    text = plain(by_author["Rina Marlina"])
    assert "[bold red]Redaksi[/]" in text and "\x1b" not in text and "\x07" not in text
    assert "[link=file:///etc/passwd]klik[/link]" in plain(by_author["Nur Aini"])


def test_many_authors_are_asked_a_few_at_a_time(feed_server: FeedServer, tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Berita {n}</title><link>{feed_server.url(f'/berita/{n}/')}</link>"
        f"<guid>{feed_server.url(f'/?p={n}')}</guid><dc:creator>Penulis {n}</dc:creator>"
        f"<pubDate>Mon, 30 Nov 2026 {n % 24:02d}:00:00 +0000</pubDate>"
        "<description>Isi singkat berita.</description></item>"
        for n in range(AUTHORS_PER_SOURCE + 5)
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Situs Uji</title>{items}</channel></rss>"
    ).encode()
    serve_site(feed_server, users_route(feed_server, {}))
    feed_server.routes["/feed/"] = feed_route(feed)
    db = tmp_path / "cache.sqlite3"
    config = site_config(feed_server)
    run_refresh(config, db)
    bylines = {a.author for a in articles(db)}  # 25 writers here, 4 in the category's feed
    assert len(bylines) == AUTHORS_PER_SOURCE + 5 + 4
    assert len(users_asked(feed_server)) == AUTHORS_PER_SOURCE
    run_refresh(config, db)
    assert len(users_asked(feed_server)) == len(bylines)  # the rest, then none
    run_refresh(config, db)
    assert len(users_asked(feed_server)) == len(bylines)
    assert len(set(users_asked(feed_server))) == len(bylines)  # each once


def test_the_user_is_the_one_whose_name_is_the_byline() -> None:
    base = "https://kalbar.example"
    body = json.dumps(
        [
            wp_user(2, "Rina Marlina Putri", "Orang lain.", base),
            wp_user(3, "rina marlina", "Yang dicari.", base),
        ]
    ).encode()
    found = parse_users(body, "Rina Marlina")
    assert found is not None and found.description == "Yang dicari."
    assert parse_users(body, "Rina") is None  # a part of a name is not the name
    evil = [dict(wp_user(4, "Rina Marlina", "x", base), link="javascript:alert(1)")]
    found = parse_users(json.dumps(evil).encode(), "Rina Marlina")
    assert found is not None and found.link == ""
    with pytest.raises(UsersError):
        parse_users(b'{"code": "rest_forbidden"}', "Rina Marlina")
    with pytest.raises(UsersError):
        parse_users(b"[" * 100_000, "Rina Marlina")


def test_a_cache_from_before_authors_opens_with_none_known(tmp_path: Path) -> None:
    import sqlite3

    from kalbartui.store.schema import SCHEMA_VERSION, apply_migrations

    path = tmp_path / "v9.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    apply_migrations(conn, target=10)  # the step before the authors table (v11)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO feeds (id, url, site) VALUES (1, 'https://a.example/feed/', 'a')")
    conn.execute(
        "INSERT INTO articles (id, site, guid, author, published, first_seen, feed_id)"
        " VALUES (1, 'a.example', 'g1', 'Rina Marlina', 10, 1, 1)"
    )
    conn.close()
    store = open_store(path)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        found = store.article(1)
        assert found is not None and found.author == "Rina Marlina" and found.about is None
    finally:
        store.close()


def test_a_redirect_into_the_users_network_is_not_followed(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    # The site's own origin is 127.0.0.1:port; "localhost" is another origin on a loopback
    # address, which only the site itself (or the user) may send kalbartui to.
    elsewhere = feed_server.url("/elsewhere/users").replace("127.0.0.1", "localhost")
    serve_site(feed_server, lambda h: send(h, 302, b"", "text/html", {"Location": elsewhere}))
    feed_server.routes["/elsewhere/users"] = users_route(feed_server, PROFILES)
    db = tmp_path / "cache.sqlite3"
    report = run_refresh(site_config(feed_server), db)
    assert report.failed == []
    assert len(users_asked(feed_server)) == 1
    assert not [h for h in feed_server.hits if h.path.startswith("/elsewhere/")]
    assert all(a.about is None for a in articles(db))


def test_list_author_with_a_query_or_a_feed_is_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kalbartui.cli.main import main

    config = tmp_path / "config.toml"
    config.write_text("language = 'id'\n", encoding="utf-8")
    where = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    assert main([*where, "list", "--author", "Rina Marlina", "--query", "banjir"]) == 2
    said = capsys.readouterr().err.strip()
    assert said.count("\n") == 0 and "--author tidak bisa dipakai bersama --query" in said
    assert main([*where, "list", "--author", "Rina Marlina", "--starred"]) == 2
    assert "--author tidak bisa dipakai bersama --feed" in capsys.readouterr().err
    assert main([*where, "list", "--author", '") OR 1=1 --', "--json"]) == 0
    assert json.loads(capsys.readouterr().out or "[]") == []
