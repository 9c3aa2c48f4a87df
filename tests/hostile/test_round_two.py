"""Hostile input, round two: the classes of attack that got past the first hostile suite.

Validators no request can carry, validators an Apache in front of WordPress rewrites, long but
legal articles, OPML files that never end, and stored times no zone can show. Each class is
tried with several shapes, against the fault server on loopback and through the command line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kalbartui.config import Config
from kalbartui.i18n.times import absolute_time, relative_time
from kalbartui.models import FeedSpec
from kalbartui.refresh.run import run_refresh
from kalbartui.render import render_article, render_html, to_plain
from kalbartui.render.limits import MAX_LINKS, MAX_TABLE_ROWS
from tests.hostile import faultserver as fs
from tests.hostile.checks import (
    NO_PAGES,
    decoded,
    output_problems,
    raw_control_bytes,
    run_cli,
    worded_for_a_person,
)
from tests.hostile.conftest import Recorder

TIMEOUT = 3.0


def _config(*urls: str, language: str = "en") -> Config:
    return Config(
        language=language,
        feeds=tuple(FeedSpec(url=u, category="Uji") for u in urls),
        timeout_seconds=TIMEOUT,
        keep_days=0,
    )


def _outcome(report, url: str):  # noqa: ANN001, ANN202
    return next(o for o in report.outcomes if o.url == url)


@pytest.fixture
def validators(fault_server: fs.FaultServer) -> fs.ValidatorRoutes:
    routes = fs.ValidatorRoutes(fault_server)
    routes.install()
    return routes


# ---------------------------------------------------------------- validators (item 4)


@pytest.mark.parametrize("name", list(fs.ValidatorRoutes.BAD))
def test_a_validator_no_request_can_carry_never_bricks_the_feed(
    name: str, validators: fs.ValidatorRoutes, tmp_path: Path, record: Recorder
) -> None:
    db = tmp_path / "cache.sqlite3"
    url = validators.url(name)
    config = _config(url)
    first = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    assert _outcome(first, url).status == "new"
    started = time.monotonic()
    second = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT + timedelta(hours=1))
    elapsed = time.monotonic() - started
    mine = _outcome(second, url)
    record(
        case=f"validator-{name}",
        what=f"A server sends {fs.ValidatorRoutes.BAD[name]!r}, then new items",
        status=mine.status,
        error=str(mine.error or ""),
        seconds=round(elapsed, 2),
        new=mine.new,
        checked="the next refresh was sent and brought the 2 new items; only ASCII validators sent",
    )
    assert mine.status == "new" and mine.new == 2, mine
    for etag, since in validators.asked[validators.path(name)]:
        assert etag.isascii() and since.isascii()


def test_a_validator_stored_by_an_older_version_is_dropped_not_sent(
    validators: fs.ValidatorRoutes, tmp_path: Path, record: Recorder
) -> None:
    db = tmp_path / "cache.sqlite3"
    url = validators.url("etag-latin1")
    config = _config(url)
    run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    # An older kalbartui kept what the server sent: a cache that holds it must still refresh.
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE feeds SET etag = ?, last_modified = ?", ('"caf\xe9"', "Jum\u2019at"))
    conn.close()
    second = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT + timedelta(hours=1))
    mine = _outcome(second, url)
    record(
        case="validator-stored-non-ascii",
        what="A cache already holding a non-ASCII ETag and Last-Modified",
        status=mine.status,
        error=str(mine.error or ""),
        new=mine.new,
        checked="the stored validators were left out of the request; the feed refreshed",
    )
    assert mine.status == "new" and mine.new == 2
    assert validators.asked[validators.path("etag-latin1")][-1] == ("", "")


def test_wordpress_behind_mod_deflate_answers_304_to_its_own_etag(
    validators: fs.ValidatorRoutes, tmp_path: Path, record: Recorder
) -> None:
    db = tmp_path / "cache.sqlite3"
    url = validators.url("apache-gzip")
    config = _config(url)
    run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    second = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT + timedelta(hours=1))
    path = validators.path("apache-gzip")
    record(
        case="validator-apache-gzip",
        what='ETag "<md5>-gzip" from mod_deflate; WordPress answers 304 only to "<md5>"',
        status=_outcome(second, url).status,
        answered=validators.answered[path],
        checked="the second refresh sent the origin's ETag and got 304",
    )
    assert validators.asked[path][1] == (
        fs.ValidatorRoutes.ORIGIN_ETAG,
        fs.ValidatorRoutes.LAST_MODIFIED,
    )
    assert validators.answered[path] == [200, 304]
    assert _outcome(second, url).status == "unchanged"


# ---------------------------------------------------------------- long, legal articles (item 3)


@pytest.fixture
def long_articles(
    fault_server: fs.FaultServer, tmp_path: Path
) -> tuple[Path, Path, dict[str, int]]:
    """A cache holding the six long articles; (config file, data dir, id by body name)."""
    data = tmp_path / "data"
    config_file = tmp_path / "config.toml"
    url = fault_server.url("long-bodies")
    config_file.write_text(
        f'language = "en"\ntimeout_seconds = 20\n{NO_PAGES}\n'
        f'[[feeds]]\nurl = "{url}"\ncategory = "Uji"\n',
        encoding="utf-8",
    )
    fault_server.go_hostile()
    result = run_cli("refresh", config=config_file, data_dir=data)
    assert result.returncode == 0, decoded(result)
    listed = run_cli("list", "--json", "--limit", "50", config=config_file, data_dir=data)
    by_title = {a["title"]: a["id"] for a in json.loads(listed.stdout)}
    ids = {key: by_title[f"Artikel panjang: {key}"] for key in fs.LONG_BODIES}
    return config_file, data, ids


def test_show_of_a_long_legal_article_is_bounded_and_says_it_was_cut(
    long_articles: tuple[Path, Path, dict[str, int]], record: Recorder
) -> None:
    config_file, data, ids = long_articles
    for key, article_id in ids.items():
        started = time.monotonic()
        result = run_cli(
            "show", str(article_id), "--width", "80", config=config_file, data_dir=data
        )
        elapsed = time.monotonic() - started
        out = result.stdout.decode("utf-8")
        lines = out.splitlines()
        record(
            case=f"show-{key}",
            what=f"`kalbartui show` of an article of {key.replace('-', ' ')}",
            status=f"exit {result.returncode}",
            seconds=round(elapsed, 2),
            lines=len(lines),
            checked="ends with the one-sentence note that the article was cut short",
        )
        assert result.returncode == 0, decoded(result)
        assert output_problems(decoded(result)) == []
        assert raw_control_bytes(result.stdout) == []
        assert "Article cut short" in " ".join(lines[-3:]), lines[-3:]
        assert len(lines) < 5_000


def test_every_cap_is_named_in_the_readers_language() -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    for language, words in (("id", "Artikel dipotong"), ("en", "Article cut short")):
        for html in fs.LONG_BODIES.values():
            body = render_html(html, 80, language=language, base_url="https://kalbar.example/")
            assert body.note.startswith(words)
            assert body.text.plain.endswith(body.note)
            assert len(body.links) <= MAX_LINKS
        # The whole article ends with the note too, after its list of links.
        from kalbartui.models import Article

        article = Article(
            id=1, site="kalbar.example", guid="g", url="https://kalbar.example/a/",
            title="Tautan", author="", published=now, published_estimated=False,
            categories=(), summary="", content_html=fs.LONG_BODIES["links-50000"],
            image_url="", feed="Kabar", read=False, starred=False,
        )  # fmt: skip
        whole = render_article(article, language=language, tz=UTC, now=now, width=80)
        assert whole.note.startswith(words) and whole.text.plain.endswith(whole.note)
        assert to_plain(whole, 80).split()[-1] in ("rest.", "selengkapnya.")
    table = render_html(fs.LONG_BODIES["table-50000-rows"], 80, language="en")
    assert table.text.plain.count("a │ b") <= MAX_TABLE_ROWS


# ---------------------------------------------------------------- OPML import without limits (item 8)


def _fifo(tmp: Path) -> Path:
    path = tmp / "langganan.opml"
    os.mkfifo(path)
    return path


def _sparse(tmp: Path) -> Path:
    path = tmp / "raksasa.opml"
    with path.open("wb") as fh:
        fh.truncate(10 * 1024**3)  # 10 GB of holes: no disk used
    return path


OPML_SOURCES = {
    "dev-zero": (lambda tmp: Path("/dev/zero"), "not a regular file"),
    "fifo": (_fifo, "not a regular file"),
    "sparse-10gb": (_sparse, "larger than"),
    "directory": (lambda tmp: tmp, "not a regular file"),
}


@pytest.mark.parametrize("name", list(OPML_SOURCES))
def test_import_opml_reads_only_a_bounded_regular_file(
    name: str, tmp_path: Path, record: Recorder
) -> None:
    make, words = OPML_SOURCES[name]
    source = make(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    started = time.monotonic()
    result = run_cli("import-opml", str(source), config=config, data_dir=tmp_path / "d", timeout=30)
    elapsed = time.monotonic() - started
    lines = result.stderr.decode("utf-8").strip().splitlines()
    record(
        case=f"opml-{name}",
        what=f"`kalbartui import-opml` of {name.replace('-', ' ')}",
        status=f"exit {result.returncode}",
        error=lines[0] if lines else "",
        seconds=round(elapsed, 2),
        checked="one sentence on stderr, nothing read past the cap, config unchanged",
    )
    assert result.returncode == 2, decoded(result)
    assert output_problems(decoded(result)) == []
    assert len(lines) == 1 and words in lines[0], lines
    assert config.read_text(encoding="utf-8") == 'language = "en"\n'


# ---------------------------------------------------------------- times no zone can show (item 5's guard)


@pytest.mark.parametrize(
    "when",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(1, 1, 1),  # naive, as a damaged row might read back
    ],
    ids=["year-1", "year-9999", "naive-year-1"],
)
@pytest.mark.parametrize("offset", [-12, 0, 14])
def test_time_formatting_never_raises(when: datetime, offset: int) -> None:
    tz = timezone(timedelta(hours=offset))
    now = datetime(2026, 11, 28, tzinfo=UTC)
    for language in ("id", "en"):
        assert relative_time(when, now, language, tz)
        assert absolute_time(when, tz, language)


# ---------------------------------------------------------------- nothing printed holds a control (item 6)


def test_nothing_printed_holds_a_control_character_whatever_the_cache_holds(
    fault_server: fs.FaultServer, tmp_path: Path, record: Recorder
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "en"\n{NO_PAGES}\n'
        f'[[feeds]]\nurl = "{fault_server.url("good")}"\ncategory = "Kota"\n',
        encoding="utf-8",
    )
    data = tmp_path / "data"
    assert run_cli("refresh", config=config, data_dir=data).returncode == 0
    # A cache written by an older version, or damaged: controls in the feed URL (with no feed
    # title, the URL is the feed's name), in titles, authors and categories.
    conn = sqlite3.connect(data / "kalbartui.sqlite3")
    with conn:
        conn.execute(
            "UPDATE feeds SET url = url || ?, title = '', name = ''",
            ("/baru\x9b2J\x9d0;x\x9c\x1b[31m",),
        )
        conn.execute(
            "UPDATE articles SET title = title || ?, author = author || ?",
            ("\x9b31m\u202e\x07", "\x85\u2066"),
        )
    conn.close()
    outputs = {
        "list": run_cli("list", config=config, data_dir=data),
        "list --json": run_cli("list", "--json", config=config, data_dir=data),
        "search": run_cli("search", "Kapuas", config=config, data_dir=data),
        "categories --json": run_cli("categories", "--json", config=config, data_dir=data),
    }
    for command, result in outputs.items():
        assert result.returncode == 0, (command, decoded(result))
        assert output_problems(decoded(result)) == [], command
        assert raw_control_bytes(result.stdout + result.stderr) == [], command
        assert "\u202e" not in decoded(result) and "\u2066" not in decoded(result)
    record(
        case="printed-controls",
        what="C0, C1 and bidi controls planted in a cache's feed URL, titles and authors",
        status="clean",
        checked="`list`, `list --json`, `search`, `categories --json` print none of them",
    )


# ---------------------------------------------------------------- one feed rewriting another's article (item 7)


@pytest.fixture
def shared_host(fault_server: fs.FaultServer) -> fs.SharedHost:
    host = fs.SharedHost(fault_server)
    host.install()
    return host


def _articles(db: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [
            dict(r)
            for r in conn.execute(
                "SELECT a.guid, a.title, a.url, a.content_html, f.url AS feed_url"
                " FROM articles a JOIN feeds f ON f.id = a.feed_id ORDER BY a.id"
            )
        ]
    finally:
        conn.close()


@pytest.mark.parametrize("mallory", fs.SharedHost.MALLORY)
@pytest.mark.parametrize("first", ["alice-first", "mallory-first"])
def test_a_feed_on_a_shared_host_cannot_rewrite_anothers_article(
    mallory: str, first: str, shared_host: fs.SharedHost, tmp_path: Path, record: Recorder
) -> None:
    db = tmp_path / "cache.sqlite3"
    alice, evil = shared_host.url("alice"), shared_host.url(mallory)
    before = alice if first == "alice-first" else evil
    run_refresh(_config(before), db, clock=lambda: fs.HOSTILE_AT)
    report = run_refresh(_config(alice, evil), db, clock=lambda: fs.HOSTILE_AT + timedelta(hours=1))
    assert report.ok, [(o.url, o.error) for o in report.failed]
    rows = _articles(db)
    alices = [r for r in rows if r["feed_url"] == alice]
    record(
        case=f"shared-host-{mallory}-{first}",
        what=f"Two feeds on one host; {mallory.replace('-', ' ')} reuses Alice's guids ({first})",
        status="kept apart" if len(alices) == 3 else f"{len(alices)} of Alice's 3 kept",
        articles=len(rows),
        checked="Alice's 3 articles keep her title, link and body under her feed; Mallory's never show under it",
    )
    # Alice's articles are hers: title, link and body as she wrote them, under her feed.
    assert sorted(str(r["title"]) for r in alices) == [
        f"Tulisan Alice nomor {n}" for n in (1, 2, 3)
    ]
    for r in alices:
        assert "PALSU" not in str(r["content_html"])
        assert not str(r["url"]).startswith("https://mallory.example/")
    # And nothing Mallory wrote is shown under Alice's name.
    assert all("PALSU" not in str(r["title"]) for r in alices)


def test_category_feeds_of_one_site_still_share_their_articles(
    fault_server: fs.FaultServer, tmp_path: Path
) -> None:
    db = tmp_path / "cache.sqlite3"
    fault_server.go_hostile()
    front, category = fault_server.url("good"), fault_server.url("good") + "?kategori=kota"
    config = Config(
        language="en",
        feeds=(
            FeedSpec(url=front, category="Kota", source="Kabar"),
            FeedSpec(url=category, category="Pontianak", source="Kabar"),
        ),
        timeout_seconds=TIMEOUT,
        keep_days=0,
    )
    run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    rows = _articles(db)
    # One site's feeds (one source) carry the same six posts: each is stored once.
    assert len(rows) == 6 and len({r["guid"] for r in rows}) == 6


def test_the_same_body_twice_is_unchanged_whatever_the_validators(
    validators: fs.ValidatorRoutes, tmp_path: Path, record: Recorder
) -> None:
    db = tmp_path / "cache.sqlite3"
    url = validators.url("same-body")
    config = _config(url)
    first = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    before = _articles(db)
    second = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT + timedelta(hours=1))
    path = validators.path("same-body")
    record(
        case="same-body-twice",
        what="A server without validators sends the same bytes again",
        status=_outcome(second, url).status,
        answered=validators.answered[path],
        checked="the second 200 counted as unchanged: no parse, no article written",
    )
    assert _outcome(first, url).status == "new"
    assert validators.answered[path] == [200, 200]
    assert _outcome(second, url).status == "unchanged"
    assert _articles(db) == before


# ---------------------------------------------------------------- category discovery (item 1)


@pytest.fixture
def wp_sites(fault_server: fs.FaultServer) -> fs.WordPressSites:
    sites = fs.WordPressSites(fault_server)
    sites.install()
    fault_server.go_hostile()
    return sites


@pytest.mark.parametrize("shape", list(fs.WordPressSites.APIS))
def test_a_failing_category_discovery_costs_only_its_own_sentence(
    shape: str,
    wp_sites: fs.WordPressSites,
    fault_server: fs.FaultServer,
    tmp_path: Path,
    record: Recorder,
) -> None:
    from kalbartui.config import SourceConfig
    from kalbartui.i18n import message
    from kalbartui.store import open_store

    db = tmp_path / "cache.sqlite3"
    good = fault_server.url("good")
    config = Config(
        language="en",
        sources=(SourceConfig(url=wp_sites.site_url(shape), name=f"Situs {shape}"),),
        feeds=(FeedSpec(url=good, category="Kota"),),
        timeout_seconds=TIMEOUT,
        keep_days=0,
    )
    started = time.monotonic()
    report = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    elapsed = time.monotonic() - started
    failed = [o for o in report.outcomes if "wp-json" in o.url]
    front = next(o for o in report.outcomes if o.url == wp_sites.site_url(shape) + "feed/")
    record(
        case=f"discovery-{shape}",
        what=f"A WordPress categories API that answers: {shape.replace('-', ' ')}",
        status=failed[0].status if failed else "no outcome",
        error=str(failed[0].error or "") if failed else "",
        seconds=round(elapsed, 2),
        checked="the front feed and the neighbour landed; the sentence is on the front feed",
    )
    # Discovery failed as a feed fails: one sentence among the outcomes...
    assert len(failed) == 1 and failed[0].status == "error"
    problem = failed[0].error
    sentence = str(problem)
    assert sentence.startswith("category discovery failed: ")
    assert worded_for_a_person(sentence) is None, sentence
    assert message(problem, "id").startswith("penemuan kategori gagal: ")
    # ...and every feed still landed: the site's front page and the neighbour.
    assert front.status == "new" and front.new == 3
    assert _outcome(report, good).status == "new"
    store = open_store(db)
    try:
        shown = {f.url: str(f.last_error or "") for f in store.feeds()}
    finally:
        store.close()
    assert shown[front.url] == sentence  # what the feeds screen shows for the site


def test_the_refresh_command_prints_the_discovery_sentence(
    wp_sites: fs.WordPressSites, fault_server: fs.FaultServer, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "en"\n{NO_PAGES}\n'
        f'[[sources]]\nurl = "{wp_sites.site_url("nested-json")}"\nname = "Situs"\n'
        f'[[feeds]]\nurl = "{fault_server.url("good")}"\ncategory = "Kota"\n',
        encoding="utf-8",
    )
    result = run_cli("refresh", config=config, data_dir=tmp_path / "data")
    out = decoded(result)
    assert result.returncode == 1, out
    assert output_problems(out) == []
    lines = [line for line in out.splitlines() if "category discovery failed" in line]
    assert len(lines) == 1, out
    assert "6 new" in out or "3 new" in out  # the neighbour's articles landed
    # Two feeds were asked (the site's front feed and the neighbour): the discovery's failure
    # is the front feed's, not a third feed, and counts once.
    assert "from 2 feeds" in out and "; 1 failed" in out, out


# ---------------------------------------------------------------- quitting during a stuck parse (item 2)


def test_cancelling_a_refresh_stops_a_parse_in_progress(
    fault_server: fs.FaultServer, tmp_path: Path, record: Recorder
) -> None:
    from kalbartui.refresh.report import RefreshCancelled

    fault_server.go_hostile()
    path = fs.case_path("parse-deadline")
    config = _config(fault_server.url("parse-deadline"))
    config = Config(
        language="en", feeds=config.feeds, timeout_seconds=20, keep_days=0
    )  # a parse deadline of 20 s: the cancel, not the deadline, must end it
    asked: list[float] = []

    def cancelled() -> bool:
        # As the reader's `q` does: once the body has arrived and its parse has begun.
        if fault_server.hostile_hits(path) and not asked:
            asked.append(time.monotonic())
        return bool(asked) and time.monotonic() - asked[0] > 1.0

    started = time.monotonic()
    with pytest.raises(RefreshCancelled):
        run_refresh(config, tmp_path / "cache.sqlite3", cancelled=cancelled)
    elapsed = time.monotonic() - started
    record(
        case="cancel-during-parse",
        what="The refresh is cancelled (the reader quits) 1 s into a half-minute parse",
        status="cancelled",
        seconds=round(elapsed, 2),
        checked="RefreshCancelled; the parse workers were stopped, not waited for",
    )
