"""Refreshing a WordPress site and plain feeds end to end: loopback server -> parser -> SQLite."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from kalbartui.config import Config, SourceConfig
from kalbartui.models import FeedSpec
from kalbartui.refresh.report import RefreshCancelled
from kalbartui.refresh.run import run_refresh
from kalbartui.store import Query, open_store
from tests.feedserver import DATA, FeedServer, feed_route, redirect_route, send, status_route
from tests.hostile.checks import integrity

FRONT = (DATA / "wp_front.xml").read_bytes()
PONTIANAK = (DATA / "wp_pontianak.xml").read_bytes()
KUBU = (DATA / "wp_kubu_raya.xml").read_bytes()


def guids(body: bytes) -> set[str]:
    import re

    return set(re.findall(rb"<guid[^>]*>([^<]+)</guid>", body))


def serve_site(server: FeedServer, *, rest: bool = True) -> None:
    server.routes["/feed/"] = feed_route(FRONT, etag='"front-1"')
    # This site strips the /category/ base, so category links are /pontianak/, not /category/pontianak/.
    server.routes["/pontianak/feed/"] = feed_route(PONTIANAK, etag='"pnk-1"')
    server.routes["/kubu-raya/feed/"] = feed_route(
        KUBU, last_modified="Thu, 26 Nov 2026 09:00:00 GMT"
    )
    cats = [
        {
            "id": 3,
            "name": "Pontianak",
            "slug": "pontianak",
            "link": server.url("/pontianak/"),
            "count": 900,
            "parent": 0,
        },
        {
            "id": 4,
            "name": "Kubu Raya",
            "slug": "kubu-raya",
            "link": server.url("/kubu-raya/"),
            "count": 500,
            "parent": 0,
        },
        {
            "id": 1,
            "name": "Uncategorized",
            "slug": "uncategorized",
            "link": server.url("/uncategorized/"),
            "count": 2,
            "parent": 0,
        },
    ]
    if rest:
        server.routes["/wp-json/wp/v2/categories"] = lambda h: send(
            h, 200, json.dumps(cats).encode(), "application/json; charset=UTF-8"
        )
    else:
        server.routes["/wp-json/wp/v2/categories"] = status_route(
            403, body=b"<html>Forbidden</html>"
        )


def site_config(server: FeedServer, **kw: object) -> Config:
    source = SourceConfig(name="KalbarOnline", url=server.url("/"))
    return Config(language="id", sources=(source,), timeout_seconds=5, keep_days=0, **kw)  # type: ignore[arg-type]


def test_a_wordpress_site_is_discovered_and_stored_once_per_post(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve_site(feed_server)
    db = tmp_path / "cache.sqlite3"
    report = run_refresh(site_config(feed_server), db)
    assert report.ok, report.failed
    assert {o.url for o in report.outcomes} == {
        feed_server.url("/feed/"),
        feed_server.url("/pontianak/feed/"),
        feed_server.url("/kubu-raya/feed/"),
    }
    hit = next(h for h in feed_server.hits if h.path.startswith("/wp-json/"))
    assert (
        "per_page=100" in hit.path and "orderby=count" in hit.path and "hide_empty=true" in hit.path
    )
    store = open_store(db)
    unique = guids(FRONT) | guids(PONTIANAK) | guids(KUBU)
    assert store.totals()["all"] == len(unique) < 10 + 8 + 6
    assert report.new_total == len(unique)
    names = [c.name for c in store.categories()]
    assert names == ["Pontianak", "Kubu Raya"]  # by post count, without Uncategorized


def test_second_refresh_uses_conditional_get(feed_server: FeedServer, tmp_path: Path) -> None:
    serve_site(feed_server)
    db = tmp_path / "cache.sqlite3"
    config = site_config(feed_server)
    run_refresh(config, db)
    store = open_store(db)
    first = store.page(Query()).rows[0]
    store.set_read([first.id])
    store.toggle_star(first.id)
    second = run_refresh(config, db)
    assert {o.status for o in second.outcomes} == {"unchanged"}
    assert second.new_total == 0
    front_hits = [h for h in feed_server.hits if h.path == "/feed/"]
    assert front_hits[-1].headers.get("if-none-match") == '"front-1"'
    kubu_hits = [h for h in feed_server.hits if h.path == "/kubu-raya/feed/"]
    assert kubu_hits[-1].headers.get("if-modified-since") == "Thu, 26 Nov 2026 09:00:00 GMT"
    # Discovery is kept for a day: asked once over two refreshes.
    assert sum(h.path.startswith("/wp-json/") for h in feed_server.hits) == 1
    again = store.article(first.id)
    assert again is not None and again.read and again.starred


def test_blocked_rest_api_falls_back_to_front_page_terms(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve_site(feed_server, rest=False)
    db = tmp_path / "cache.sqlite3"
    report = run_refresh(site_config(feed_server), db)
    assert report.ok
    assert [o.url for o in report.outcomes] == [feed_server.url("/feed/")]
    store = open_store(db)
    cats = {c.name: c.total for c in store.categories()}
    assert cats["Pontianak"] == FRONT.count(b"<category><![CDATA[Pontianak]]></category>")
    assert len(cats) <= 12


def test_configured_category_names_pick_the_feeds(feed_server: FeedServer, tmp_path: Path) -> None:
    serve_site(feed_server)
    config = site_config(feed_server)
    config = replace(config, sources=(replace(config.sources[0], categories=("kubu raya",)),))
    report = run_refresh(config, tmp_path / "c.sqlite3")
    assert feed_server.url("/pontianak/feed/") not in {o.url for o in report.outcomes}
    assert feed_server.url("/kubu-raya/feed/") in {o.url for o in report.outcomes}


def test_one_broken_feed_does_not_stop_the_others(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/good.xml"] = feed_route((DATA / "atom.xml").read_bytes())
    feed_server.routes["/gone.xml"] = status_route(410)
    feed_server.routes["/page.html"] = lambda h: send(
        h, 200, b"<html><body>Halo</body></html>", "text/html"
    )
    feeds = tuple(
        FeedSpec(url=feed_server.url(p), category="Lain")
        for p in ("/good.xml", "/gone.xml", "/page.html")
    )
    db = tmp_path / "c.sqlite3"
    report = run_refresh(Config(feeds=feeds, timeout_seconds=5, keep_days=0), db)
    by_url = {o.url: o for o in report.outcomes}
    assert by_url[feed_server.url("/good.xml")].status == "new"
    assert "410" in str(by_url[feed_server.url("/gone.xml")].error)
    assert by_url[feed_server.url("/page.html")].status == "error"
    store = open_store(db)
    assert store.totals()["all"] > 0
    errors = {f.url: f.last_error for f in store.feeds()}
    assert "410" in str(errors[feed_server.url("/gone.xml")])
    assert integrity(db) == "ok"
    assert not report.offline  # one feed answered: the network is there


def test_every_feed_failing_means_offline(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/a.xml"] = status_route(503)
    feed_server.routes["/b.xml"] = status_route(502)
    feeds = tuple(FeedSpec(url=feed_server.url(p)) for p in ("/a.xml", "/b.xml"))
    config = Config(feeds=feeds, timeout_seconds=5, keep_days=0)
    # Each 5xx is tried again after a pause; how long it pauses is not this story.
    report = run_refresh(config, tmp_path / "c.db", backoff=(0.01, 0.01))
    assert len(report.failed) == 2
    assert report.offline


def test_a_cancelled_refresh_stops_without_waiting_for_the_server(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    asked = threading.Event()
    release = threading.Event()

    def stall(h: object) -> None:
        asked.set()
        release.wait(30)
        send(h, 200, (DATA / "atom.xml").read_bytes(), "application/atom+xml")  # type: ignore[arg-type]

    feed_server.routes["/slow.xml"] = stall
    config = Config(feeds=(FeedSpec(url=feed_server.url("/slow.xml")),), keep_days=0)
    try:
        with pytest.raises(RefreshCancelled):
            run_refresh(config, tmp_path / "c.sqlite3", cancelled=asked.is_set)
    finally:
        release.set()
    assert open_store(tmp_path / "c.sqlite3").totals()["all"] == 0


def test_a_permanent_redirect_updates_the_stored_url(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/old.xml"] = redirect_route("/new.xml", 301)
    feed_server.routes["/new.xml"] = feed_route((DATA / "rss1.xml").read_bytes())
    db = tmp_path / "c.sqlite3"
    run_refresh(Config(feeds=(FeedSpec(url=feed_server.url("/old.xml")),), keep_days=0), db)
    assert [f.url for f in open_store(db).feeds(active_only=False)] == [feed_server.url("/new.xml")]


def test_retry_after_puts_a_feed_aside(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/busy.xml"] = status_route(429, {"Retry-After": "3600"})
    db = tmp_path / "c.sqlite3"
    config = Config(feeds=(FeedSpec(url=feed_server.url("/busy.xml")),), keep_days=0)
    first = run_refresh(config, db)
    assert first.outcomes[0].status == "error"
    second = run_refresh(config, db)
    assert second.outcomes[0].status == "waiting"
    assert feed_server.count("/busy.xml") == 1


def test_two_refreshes_at_once_store_everything_once(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve_site(feed_server)
    feed_server.latency = 0.05
    db = tmp_path / "cache.sqlite3"
    config = site_config(feed_server)
    reports: list[object] = []
    errors: list[BaseException] = []

    def go() -> None:
        try:
            reports.append(run_refresh(config, db))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    store = open_store(db)
    assert store.totals()["all"] == len(guids(FRONT) | guids(PONTIANAK) | guids(KUBU))
    assert integrity(db) == "ok"


@pytest.mark.parametrize("name", ["atom.xml", "rss1.xml"])
def test_atom_and_rss1_feeds_from_files(tmp_path: Path, name: str) -> None:
    db = tmp_path / "c.sqlite3"
    report = run_refresh(
        Config(feeds=(FeedSpec(url=(DATA / name).as_uri(), category="Uji"),), keep_days=0), db
    )
    assert report.ok and report.new_total >= 3
