"""`kalbartui add URL`: a newsboat user adds a site by any of its pages, not its feed's address.

Each test serves a small site on loopback: pages that announce their feeds in each way (the
`<link>` elements, the `Link:` header, a WordPress REST API), one whose feed sits only at a
usual address, one with several feeds (comments last) and one with none.
"""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kalbartui.cli.main import main
from kalbartui.config import load_config
from tests.feedserver import DATA, FeedServer, feed_route, send

RSS = (DATA / "wp_front.xml").read_bytes()
ATOM = (DATA / "atom.xml").read_bytes()
JSON_FEED = (DATA / "jsonfeed_1_1.json").read_bytes()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh set-up: no config file yet, English words."""
    monkeypatch.setenv("KALBARTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KALBARTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    return tmp_path


def page(
    head: str = "", body: str = "<p>Berita hari ini</p>", headers: dict[str, str] | None = None
) -> Any:
    html = f"<!DOCTYPE html><html><head><title>Warta Uji</title>{head}</head><body>{body}</body></html>"
    return lambda h: send(h, 200, html.encode(), "text/html; charset=UTF-8", headers)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["add", *args])
    out, err = capsys.readouterr()
    return status, out, err


def feeds_in(home: Path) -> list[dict[str, Any]]:
    data = tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data.get("feeds", [])
    return found


def test_a_page_announcing_its_feed_with_a_relative_link_adds_that_feed(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/berita/hari-ini"] = page(
        '<link rel="alternate" type="application/rss+xml" title="Warta Uji" href="../feed.xml">'
    )
    feed_server.routes["/feed.xml"] = feed_route(RSS)
    status, out, err = run(capsys, feed_server.url("/berita/hari-ini"))
    assert status == 0, err
    assert "added Warta Uji — RSS feed to" in out
    assert feeds_in(home) == [{"url": feed_server.url("/feed.xml")}]
    # A fresh set-up: the first file keeps KalbarOnline, and says how to add more.
    config = load_config(home / "config.toml")
    assert [s.name for s in config.sources] == ["KalbarOnline"]
    assert (home / "config.toml").read_text(encoding="utf-8").startswith("# kalbartui's config")


@pytest.mark.parametrize(
    ("media_type", "href", "path", "kind"),
    [
        ("application/atom+xml", "atom.xml", "/blog/atom.xml", "Atom feed"),
        ("application/feed+json", "/feed.json", "/feed.json", "JSON Feed"),
        ("APPLICATION/RSS+XML; charset=utf-8", "rss", "/blog/rss", "RSS feed"),
    ],
)
def test_each_feed_type_a_page_can_announce(
    feed_server: FeedServer,
    home: Path,
    capsys: pytest.CaptureFixture[str],
    media_type: str,
    href: str,
    path: str,
    kind: str,
) -> None:
    # <base> moves relative addresses, as a browser reads them.
    feed_server.routes["/"] = page(
        f'<base href="/blog/"><LINK REL="Alternate" TYPE="{media_type}" HREF="{href}">'
    )
    status, out, err = run(capsys, feed_server.url("/"))
    assert status == 0, err
    assert f"— {kind} to" in out
    assert feeds_in(home) == [{"url": feed_server.url(path)}]


def test_a_link_header_announces_the_feed(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = (
        '</feeds/utama.xml>; rel="alternate"; type="application/atom+xml"; title="Utama, semua"'
    )
    feed_server.routes["/"] = page(headers={"Link": header})
    status, out, err = run(capsys, feed_server.url("/"))
    assert status == 0, err
    assert "added Utama, semua — Atom feed" in out
    assert feeds_in(home) == [{"url": feed_server.url("/feeds/utama.xml")}]


def test_a_feed_at_a_usual_address_only_is_found_there(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/"] = page()
    feed_server.routes["/rss.xml"] = feed_route(RSS)
    feed_server.routes["/index.xml"] = feed_route(RSS)  # the same feed twice: offered once
    status, out, err = run(capsys, feed_server.url("/"))
    assert status == 0, err
    assert "added KalbarOnline — RSS feed" in out
    assert feeds_in(home) == [{"url": feed_server.url("/rss.xml")}]
    for path in ("/feed/", "/rss", "/atom.xml", "/feed.json", "/wp-json/"):
        assert feed_server.count(path) == 1


def wordpress_site(server: FeedServer, *, announce_api: bool = True) -> None:
    api = (
        f'<link rel="https://api.w.org/" href="{server.url("/wp-json/")}">' if announce_api else ""
    )
    server.routes["/"] = page(
        api
        + '<link rel="alternate" type="application/rss+xml" title="Situs Uji &raquo; Komentar" href="/comments/feed/">'
        + '<link rel="alternate" type="application/rss+xml" title="Situs Uji &raquo; Feed" href="/feed/">'
    )
    server.routes["/wp-json/"] = lambda h: send(
        h,
        200,
        json.dumps({"name": "Situs Uji", "namespaces": ["oembed/1.0", "wp/v2"]}).encode(),
        "application/json",
    )
    categories = [
        {"name": name, "slug": name.lower(), "link": server.url(f"/{name.lower()}/"), "count": n}
        for name, n in (("Pontianak", 40), ("Sintang", 12), ("Ketapang", 3))
    ]
    server.routes["/wp-json/wp/v2/categories"] = lambda h: send(
        h, 200, json.dumps(categories).encode(), "application/json"
    )
    server.routes["/feed/"] = feed_route(RSS)
    server.routes["/comments/feed/"] = feed_route(RSS)


@pytest.mark.parametrize("announce_api", [True, False], ids=["api-link", "wp-json-answers"])
def test_a_wordpress_site_becomes_a_source_and_its_comments_feed_comes_last(
    feed_server: FeedServer,
    home: Path,
    capsys: pytest.CaptureFixture[str],
    announce_api: bool,
) -> None:
    wordpress_site(feed_server, announce_api=announce_api)
    status, out, err = run(capsys, feed_server.url("/"))
    # Two offers and no terminal to ask at: the list, and how to choose.
    assert status == 2
    lines = out.splitlines()
    assert lines[0] == "2 feeds found:"
    assert lines[1] == "  1. Situs Uji — WordPress site: its front page and 3 categories"
    assert lines[2] == f"     {feed_server.url('/')}"
    assert lines[3] == "  2. Situs Uji » Komentar — RSS feed of comments"
    assert "--pick N" in err
    assert not (home / "config.toml").exists()

    status, out, err = run(capsys, feed_server.url("/"), "--pick", "1")
    assert status == 0, err
    data = tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))
    assert data["sources"][-1] == {
        "name": "Situs Uji",
        "url": feed_server.url("/"),
        "type": "wordpress",
    }
    assert "feeds" not in data
    status, out, err = run(capsys, feed_server.url("/"), "--pick", "1")
    assert status == 0 and "already read: Situs Uji" in out


def test_a_blog_beside_a_wordpress_root_is_not_that_wordpress(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wordpress_site(feed_server)
    feed_server.routes["/blog/"] = page(
        '<link rel="alternate" type="application/atom+xml" title="Catatan" href="atom.xml">'
    )
    status, out, err = run(capsys, feed_server.url("/blog/"))
    assert status == 0, err
    assert feeds_in(home) == [{"url": feed_server.url("/blog/atom.xml")}]
    assert feed_server.count("/wp-json/") == 0


def test_several_feeds_are_a_pick_list_with_comments_last(
    feed_server: FeedServer,
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed_server.routes["/"] = page(
        '<link rel="alternate" type="application/rss+xml" title="Komentar" href="/komentar.xml">'
        '<link rel="alternate" type="application/rss+xml" title="Semua berita" href="/semua.xml">'
        '<link rel="alternate" type="application/atom+xml" title="Opini" href="/opini.atom">'
        '<link rel="alternate" type="application/rss+xml" title="Semua berita lagi" href="/semua.xml">'
        '<link rel="alternate" type="text/html" hreflang="en" href="/en/">'
        '<link rel="stylesheet" type="application/rss+xml" href="/bukan.xml">'
    )
    status, out, _ = run(capsys, feed_server.url("/"), "--pick", "9")
    assert status == 2
    status, out, _ = run(capsys, feed_server.url("/"), "--pick", "2")
    assert status == 0
    assert feeds_in(home) == [{"url": feed_server.url("/opini.atom")}]

    # On a terminal the list asks; Enter takes the first.
    stdin = io.StringIO("x\n7\n\n")
    stdin.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stdin)
    status, out, _ = run(capsys, feed_server.url("/"))
    assert status == 0
    assert [line.split(" — ")[0] for line in out.splitlines() if ". " in line[:6]] == [
        "  1. Semua berita",
        "  2. Opini",
        "  3. Komentar",
    ]
    assert "Add which one? (1–3, Enter: 1, q: none)" in out
    assert [f["url"] for f in feeds_in(home)] == [
        feed_server.url("/opini.atom"),
        feed_server.url("/semua.xml"),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    status, out, _ = run(capsys, feed_server.url("/"))
    assert status == 0 and out.rstrip().endswith("nothing added")


def test_a_site_with_no_feed_is_one_sentence_and_exit_status_2(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/"] = page(
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
    )
    feed_server.routes["/feed/"] = lambda h: send(
        h, 200, b"<html><body>bukan</body></html>", "text/html"
    )
    status, out, err = run(capsys, feed_server.url("/"))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(
        f"kalbartui: no feed found at {feed_server.url('/')}"
    )
    assert not (home / "config.toml").exists()


@pytest.mark.parametrize(
    ("address", "words", "status"),
    [
        ("ftp://example.org/", "is not a web address", 2),
        ("javascript:alert(1)", "is not a web address", 2),
        ("http://127.0.0.1:9/", "cannot read http://127.0.0.1:9/: connection refused", 1),
    ],
)
def test_an_address_that_cannot_be_read_is_one_sentence(
    home: Path, capsys: pytest.CaptureFixture[str], address: str, words: str, status: int
) -> None:
    code, out, err = run(capsys, address)
    assert code == status
    assert words in err and err.count("\n") == 1


def test_an_address_without_a_scheme_tries_https_then_plain_http(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/feed.xml"] = feed_route(RSS)
    bare = feed_server.url("/feed.xml").removeprefix("http://")  # 127.0.0.1:PORT/feed.xml
    status, out, err = run(capsys, bare)
    assert status == 0, err
    assert feeds_in(home) == [{"url": feed_server.url("/feed.xml")}]


def test_a_feed_address_is_taken_as_it_is_and_a_json_feed_is_read(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/feed.json"] = lambda h: send(h, 200, JSON_FEED, "application/feed+json")
    status, out, err = run(capsys, feed_server.url("/feed.json"))
    assert status == 0, err
    assert "added Warta Kapuas — JSON Feed" in out
    assert feeds_in(home) == [{"url": feed_server.url("/feed.json")}]
    assert [h.path for h in feed_server.hits] == ["/feed.json"]  # nothing else asked

    # The refresh reads it like any RSS feed (KalbarOnline is left out for the test).
    path = home / "config.toml"
    text = path.read_text(encoding="utf-8").replace(
        "https://www.kalbaronline.com/", feed_server.url("/kalbar/")
    )
    path.write_text(text, encoding="utf-8")
    main(["refresh", "--quiet"])
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["title"] for a in listed] == [
        "Sungai Kapuas meluap di Sintang",
        "Memakai elemen <template> di HTML",
    ]
    assert listed[0]["author"] == "Dewi Lestari, Budi Santoso"


def test_announced_addresses_and_titles_are_hostile_input(
    feed_server: FeedServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/"] = page(
        '<link rel="alternate" type="application/rss+xml" title="x" href="file:///etc/passwd">'
        '<link rel="alternate" type="application/rss+xml" title="y" href="data:text/xml,&lt;rss/&gt;">'
        '<link rel="alternate" type="application/rss+xml" title="Merah&#x1b;[31m&#x9b;2J judul" href="/ok.xml">',
        headers={"Link": '<javascript:alert(1)>; rel="alternate"; type="application/rss+xml"'},
    )
    status, out, err = run(capsys, feed_server.url("/"))
    assert status == 0, err
    assert "\x1b" not in out and "\x9b" not in out
    assert "added Merah" in out
    assert feeds_in(home) == [{"url": feed_server.url("/ok.xml")}]


def test_only_the_heads_own_announcements_count() -> None:
    from kalbartui.feeds.discover import page_links

    html = (
        "<html><head><title>Warta &amp; Kabar</title>"
        '<!-- <link rel="alternate" type="application/rss+xml" href="/lama.xml"> -->'
        '<script>document.write(\'<link rel="alternate" type="application/rss+xml" href="/js.xml">\')</script>'
        '<link rel="alternate" type="application/rss+xml" href="/benar.xml" title="Benar">'
        "<link rel='alternate' type='application/atom+xml' href=\"/x.atom\" title='Atom &quot;baru&quot;'>"
        "</head><body>"
        '<link rel="alternate" type="application/rss+xml" href="/di-body.xml">'
        "</body></html>"
    )
    found = page_links(html, "https://warta.example/berita/")
    assert found.title == "Warta & Kabar"
    assert [(f.url, f.title) for f in found.feeds] == [
        ("https://warta.example/benar.xml", "Benar"),
        ("https://warta.example/x.atom", 'Atom "baru"'),
    ]
