"""Real WordPress sites, as a loopback server that behaves like one: a REST API blocked with a
403 (HTML from the web server, JSON from a security plugin), categories before tags, a child
category nested under its parent, /category/x/ moved to /x/, and feeds with no entries at all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kalbartui.cli.main import main
from kalbartui.config import Config, SourceConfig
from kalbartui.models import FeedSpec
from kalbartui.refresh.run import run_refresh
from kalbartui.store import Query, open_store
from tests.feedserver import FeedServer, feed_route, redirect_route, send, status_route


def wp_item(n: int, title: str, *terms: str, site: str) -> str:
    cats = "".join(f"<category><![CDATA[{t}]]></category>" for t in terms)
    return (
        f"<item><title>{title}</title><link>{site}2026/11/berita-{n}/</link>"
        "<dc:creator><![CDATA[]]></dc:creator>"
        f"<pubDate>Sat, 28 Nov 2026 {10 + n % 10}:16:43 +0000</pubDate>{cats}"
        f'<guid isPermaLink="false">{site}?p={n}</guid>'
        f"<description><![CDATA[Isi berita {n} dari {title}.]]></description></item>"
    )


def wp_feed(title: str, items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>http://wp.example</link>{''.join(items)}</channel></rss>"
    ).encode()


FRONT_TERMS = [
    ("Pontianak", "tag0"),
    ("Uncategorized",),
    ("Kubu Raya", "tag1"),
    ("Olahraga", "tag2"),
    ("Hukum &amp; Kriminal", "tag3"),
    ("Sambas", "tag4"),
    ("Pontianak", "tag5"),
    ("Kubu Raya", "tag6"),
    ("Olahraga", "tag7"),
    ("Hukum & Kriminal", "tag8"),
]


def serve_wordpress(server: FeedServer, rest: str = "ok") -> None:
    """A site like the real WordPress 6.1 on this machine, with the REST API as `rest` says."""
    site = server.url("/")
    items = [
        wp_item(n, f"Berita &#8220;lokal&#8221; nomor {n}", *terms, site=site)
        for n, terms in enumerate(FRONT_TERMS)
    ]
    server.routes["/feed/"] = feed_route(wp_feed("Kalbar Lokal", items))
    sambas = [items[5]]
    server.routes["/category/kalbar/sambas/feed/"] = feed_route(wp_feed("Sambas", sambas))
    # The parent's feed carries its child's posts.
    server.routes["/category/kalbar/feed/"] = feed_route(wp_feed("Kalbar", sambas))
    server.routes["/category/olahraga/feed/"] = redirect_route(server.url("/olahraga/feed/"))
    server.routes["/olahraga/feed/"] = feed_route(wp_feed("Olahraga", [items[3], items[4]]))
    cats = [
        {"id": 4, "count": 2, "name": "Olahraga", "slug": "olahraga", "parent": 0,
         "link": server.url("/category/olahraga/")},
        {"id": 6, "count": 1, "name": "Sambas", "slug": "sambas", "parent": 7,
         "link": server.url("/category/kalbar/sambas/")},
        {"id": 7, "count": 0, "name": "Kalbar", "slug": "kalbar", "parent": 0,
         "link": server.url("/category/kalbar/")},
    ]  # fmt: skip
    route = "/wp-json/wp/v2/categories"
    if rest == "ok":
        server.routes[route] = lambda h: send(h, 200, json.dumps(cats).encode(), "application/json")
    elif rest == "403-html":  # Apache: RewriteRule ^wp-json - [F]
        server.routes[route] = status_route(
            403, body=b"<!DOCTYPE HTML><html><head><title>403 Forbidden</title></head></html>"
        )
    elif rest == "403-json":  # a security plugin
        body = json.dumps(
            {"code": "rest_forbidden", "message": "REST API dimatikan.", "data": {"status": 403}}
        ).encode()
        server.routes[route] = lambda h: send(h, 403, body, "application/json; charset=UTF-8")
    elif rest == "html-200":  # a login page or a cache plugin's page where JSON should be
        server.routes[route] = lambda h: send(
            h, 200, b"<html><body>Masuk</body></html>", "text/html"
        )


def site_config(server: FeedServer, language: str = "id") -> Config:
    source = SourceConfig(name="Kalbar Lokal", url=server.url("/"))
    return Config(language=language, sources=(source,), timeout_seconds=5, keep_days=0)


def test_the_sites_own_categories_with_a_nested_child_and_a_moved_one(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve_wordpress(feed_server)
    db = tmp_path / "cache.sqlite3"
    report = run_refresh(site_config(feed_server), db)
    assert report.ok, report.failed
    assert [d.fallback for d in report.discovery] == [False]
    store = open_store(db)
    cats = {c.name: c.total for c in store.categories()}
    # Olahraga: its feed's two posts, and a third the front page files under the term Olahraga.
    assert cats == {"Olahraga": 3, "Sambas": 1, "Kalbar": 1}
    # The Sambas post came through Sambas, Kalbar and the front page: stored once.
    assert store.totals()["all"] == len(FRONT_TERMS)
    # /category/olahraga/ moved to /olahraga/ for good: the feed's URL follows.
    assert feed_server.url("/olahraga/feed/") in {f.url for f in store.feeds()}
    titles = {row.title for row in store.page(Query(), limit=50).rows}
    assert "Berita “lokal” nomor 0" in titles


@pytest.mark.parametrize("rest", ["403-html", "403-json", "html-200"])
def test_a_blocked_rest_api_falls_back_and_says_why(
    feed_server: FeedServer, tmp_path: Path, rest: str
) -> None:
    serve_wordpress(feed_server, rest)
    db = tmp_path / "cache.sqlite3"
    report = run_refresh(site_config(feed_server), db)
    assert report.ok
    (status,) = report.discovery
    assert status.fallback and status.source == "Kalbar Lokal"
    expected = "HTTP 403 (access forbidden)" if rest.startswith("403") else "JSON"
    assert expected in str(status.error)
    store = open_store(db)
    names = [c.name for c in store.categories()]
    # Categories from the items' terms, largest first; the site's tags stay out.
    assert names == ["Pontianak", "Kubu Raya", "Olahraga", "Hukum & Kriminal", "Sambas"]
    assert not any(re.fullmatch(r"tag\d+", n) for n in names)


def test_refresh_prints_one_line_about_the_fallback_in_the_users_language(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_wordpress(feed_server, "403-html")
    for language, words in (
        ("id", "Kalbar Lokal: kategori tidak bisa ditemukan (HTTP 403 (akses ditolak)); "
               "kategori diambil dari label artikel"),
        ("en", "Kalbar Lokal: categories could not be discovered (HTTP 403 (access forbidden)); "
               "using the articles' own terms"),
    ):  # fmt: skip
        config = tmp_path / f"{language}.toml"
        config.write_text(
            f"language = '{language}'\nkeep_days = 0\n[[sources]]\nname = 'Kalbar Lokal'\n"
            f"url = '{feed_server.url('/')}'\n",
            encoding="utf-8",
        )
        flags = ["--config", str(config), "--data-dir", str(tmp_path / f"data-{language}")]
        for _ in range(2):  # said again while the fallback lasts, though discovery is kept
            assert main([*flags, "refresh"]) == 0
            out = capsys.readouterr().out
            assert out.splitlines().count(words) == 1, out
        assert main([*flags, "refresh", "--quiet"]) == 0
        assert capsys.readouterr().out.splitlines() == [words]


def test_no_line_when_the_categories_were_discovered(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_wordpress(feed_server)
    config = tmp_path / "c.toml"
    config.write_text(
        f"language = 'en'\nkeep_days = 0\n[[sources]]\nurl = '{feed_server.url('/')}'\n",
        encoding="utf-8",
    )
    assert main(["--config", str(config), "--data-dir", str(tmp_path / "d"), "refresh"]) == 0
    assert "discovered" not in capsys.readouterr().out


EMPTY = {
    "/rss-empty": b'<rss version="2.0"><channel><author>redaksi@warta.example</author></channel></rss>',
    "/atom-empty": b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    "/rdf-empty": b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>',
}


def test_empty_feeds_are_working_feeds_with_no_articles(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path, body in EMPTY.items():
        feed_server.routes[path] = feed_route(body)
    feed_server.routes["/html"] = lambda h: send(
        h, 200, b"<html><body>x</body></html>", "text/html"
    )
    feeds = tuple(FeedSpec(url=feed_server.url(p), name=p.strip("/")) for p in EMPTY)
    report = run_refresh(Config(language="en", feeds=feeds, keep_days=0), tmp_path / "c.sqlite3")
    assert report.ok, report.failed
    assert {o.status for o in report.outcomes} == {"new"} and report.new_total == 0

    config = tmp_path / "c.toml"
    lines = ["language = 'en'", "keep_days = 0"]
    for path in [*EMPTY, "/html"]:
        lines += ["[[feeds]]", f"url = '{feed_server.url(path)}'", f"name = '{path.strip('/')}'"]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status = main(["--config", str(config), "--data-dir", str(tmp_path / "d"), "refresh"])
    out = capsys.readouterr().out
    assert status == 1  # only the HTML page failed
    assert "atom-empty: 0 new" in out and "rss-empty: 0 new" in out
    assert "html: error: not a feed (an HTML page)" in out
    assert re.search(r"^0 new articles from 4 feeds in [\d.]+ s; 1 failed$", out, re.M)


def test_a_list_row_names_the_sidebars_category_not_the_items_own_tag(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_wordpress(feed_server)
    config = tmp_path / "c.toml"
    config.write_text(
        f"language = 'en'\nkeep_days = 0\n[[sources]]\nurl = '{feed_server.url('/')}'\n",
        encoding="utf-8",
    )
    flags = ["--config", str(config), "--data-dir", str(tmp_path / "d")]
    assert main([*flags, "refresh"]) == 0
    capsys.readouterr()

    assert main([*flags, "list", "--json", "--limit", "50"]) == 0
    rows = {r["title"]: r for r in json.loads(capsys.readouterr().out)}
    # Post 4's own first term is "Hukum & Kriminal", which this sidebar does not have; it is
    # listed under Olahraga because Olahraga's feed carries it.
    four = rows["Berita “lokal” nomor 4"]
    assert four["categories"][0] == "Hukum & Kriminal"
    assert four["category"] == "Olahraga" and four["sidebar_categories"] == ["Olahraga"]
    # The Sambas post is under Kalbar and Sambas: its own term picks Sambas.
    assert rows["Berita “lokal” nomor 5"]["category"] == "Sambas"
    # A post under no sidebar category names its feed.
    assert rows["Berita “lokal” nomor 0"]["category"] == rows["Berita “lokal” nomor 0"]["feed"]

    assert main([*flags, "list", "--limit", "50"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.endswith("nomor 4"))
    assert "Olahraga" in line and "Hukum" not in line

    # The name the list shows is the name `list --category` takes, in any case.
    assert main([*flags, "list", "--category", "olahraga"]) == 0
    listed = capsys.readouterr().out
    assert "nomor 4" in listed and "nomor 3" in listed and "nomor 0" not in listed
    assert main([*flags, "list", "--category", "Hukum & Kriminal"]) == 2
    err = capsys.readouterr().err
    assert "no category named 'Hukum & Kriminal'" in err and "Olahraga" in err
