"""Sync's local half, no FreshRSS needed: the [sync] config, the password sources, the kept
token, the queue kept by the cache, `kalbartui mark` without sync, and items cleaned like feed
entries."""

from __future__ import annotations

import json
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kalbartui.config import ConfigError, SyncConfig, parse_config
from kalbartui.store import Query, open_store
from kalbartui.sync import engine
from kalbartui.sync.greader import SyncError, item_number
from kalbartui.sync.items import to_item
from tests.feedserver import FeedServer, feed_route, site_feed
from tests.sync import stub
from tests.sync.conftest import Reader
from tests.sync.stub import stub_server

GOOD = {"url": "https://rss.example.org/api/greader.php", "username": "pembaca"}


def sync_of(**table: object) -> SyncConfig | None:
    return parse_config({"sync": table}, Path("config.toml")).sync


def test_a_sync_table_becomes_a_frozen_sync_config() -> None:
    got = sync_of(**GOOD, password_command=["pass", "show", "freshrss"])
    assert got == SyncConfig(
        url=GOOD["url"], username="pembaca", password_command=("pass", "show", "freshrss")
    )
    assert "rahasia" not in repr(sync_of(**GOOD, password="rahasia"))
    assert parse_config({}, Path("c.toml")).sync is None


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({**GOOD, "type": "fever"}, "'sync.type' must be \"greader\""),
        ({**GOOD, "url": "ftp://rss.example.org/"}, "'sync.url' must be an http or https URL"),
        ({"url": GOOD["url"]}, "'sync' needs a 'username' key"),
        ({**GOOD, "username": " "}, "'sync.username' must not be empty"),
        (
            {**GOOD, "password_command": "pass show freshrss"},
            "'sync.password_command' must be a list",
        ),
        ({**GOOD, "password_command": []}, "'sync.password_command' must be a list of strings"),
        ({**GOOD, "password": "a", "password_command": ["pass"]}, "not both"),
        ({**GOOD, "pasword": "a"}, "unknown key 'sync.pasword'"),
        ({**GOOD, "password": 12345678}, "'sync.password' must be a string"),
    ],
)
def test_bad_sync_values_are_one_sentence(table: dict, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        sync_of(**table)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and "12345678" not in message


def test_a_bad_sync_config_exits_2_from_the_command_line(tmp_path: Path) -> None:
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    reader.config.write_text(
        'language = "en"\n[sync]\nurl = "gopher://x"\nusername = "u"\n', encoding="utf-8"
    )
    r = reader.run("refresh")
    assert r.status == 2
    assert r.err.count("\n") == 1 and "'sync.url' must be an http or https URL" in r.err
    paths = reader.run("paths")  # still answers: it is how the broken file is found
    assert paths.status == 0 and str(reader.config) in paths.out


def test_the_password_command_runs_without_a_shell() -> None:
    sync = SyncConfig(
        url=GOOD["url"],
        username="u",
        password_command=(sys.executable, "-c", "import sys; print(sys.argv[1])", "a;b $(id) `x`"),
    )
    assert engine.resolve_password(sync) == "a;b $(id) `x`"


def test_password_sources_and_their_failures() -> None:
    base = SyncConfig(url=GOOD["url"], username="u")
    assert engine.resolve_password(base, {engine.PASSWORD_ENV: "dari-env"}) == "dari-env"
    with pytest.raises(SyncError, match="needs a password"):
        engine.resolve_password(base, {})
    failing = SyncConfig(
        url=GOOD["url"],
        username="u",
        password_command=(sys.executable, "-c", "print('bocor-rahasia'); raise SystemExit(3)"),
    )
    with pytest.raises(SyncError) as caught:
        engine.resolve_password(failing)
    assert "failed (exit 3)" in str(caught.value) and "bocor" not in str(caught.value)
    missing = SyncConfig(
        url=GOOD["url"], username="u", password_command=("tidak-ada-perintah-ini",)
    )
    with pytest.raises(SyncError, match="was not found"):
        engine.resolve_password(missing)


def test_the_kept_token_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    with stub_server() as server:
        # It signs in, then fails: the token is kept from the sign-in on.
        server.routes[stub.SUBSCRIPTIONS] = stub.reply(503, b"sebentar", "text/plain")
        reader.configure(server.url, password="rahasia")
        assert reader.run("refresh").status == 1
        token = reader.data / engine.TOKEN_FILE
        assert stat.S_IMODE(token.stat().st_mode) == 0o600
        assert "rahasia" not in token.read_text()
        assert server.asked.count(stub.LOGIN) == 1

        reader.run("refresh")  # the same user on the same server: no sign-in this time
        assert server.asked.count(stub.LOGIN) == 1
        # A token belongs to its user and server: another user signs in for themselves.
        reader.configure(server.url, password="rahasia", username="orang-lain")
        reader.run("refresh")
        assert server.asked.count(stub.LOGIN) == 2


def test_mark_works_without_sync_and_queues_nothing(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        server.routes["/feed/"] = feed_route(site_feed("wp_front.xml", server))
        reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
        reader.config.write_text(
            f"keep_days = 0\nlanguage = 'en'\n[[feeds]]\nurl = '{server.url('/feed/')}'\n",
            encoding="utf-8",
        )
        assert reader.run("refresh", "-q").status == 0
    finally:
        server.stop()
    rows = json.loads(reader.run("list", "--json").out)
    first, second = rows[0]["id"], rows[1]["id"]
    r = reader.run("mark", str(first), str(second), "--read")
    assert (r.status, r.out) == (0, "marked 2 articles read\n")
    assert reader.run("mark", str(second), "--star").status == 0
    after = {a["id"]: a for a in json.loads(reader.run("list", "--json").out)}
    assert after[first]["read"] and after[second]["read"] and after[second]["starred"]
    assert not after[first]["starred"]
    store = open_store(reader.database)
    try:
        assert store.pending_changes() == []  # no server item among them
    finally:
        store.close()
    bad = reader.run("mark", "999999", "--unread")
    assert bad.status == 1 and bad.err.startswith("kalbartui: no article with id 999999")
    usage = None
    try:
        reader.run("mark", str(first))
    except SystemExit as exc:  # argparse: one of --read/--unread/--star/--unstar is required
        usage = exc.code
    assert usage == 2


def _synced_cache(tmp_path: Path) -> tuple[object, list[int]]:
    """A cache holding three server items, written the way a sync writes them."""
    from kalbartui.models import FeedResult, FeedSpec, ParsedFeed
    from kalbartui.store.ingest import site_of

    now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    store = open_store(tmp_path / "cache.sqlite3")
    feed_url = "https://rss.example.org/feed/1"
    ids = store.sync_feeds([FeedSpec(url=feed_url, category="Kalbar", name="Kalbar")])
    raws = [
        {
            "id": f"tag:google.com,2005:reader/item/{n:016x}",
            "title": f"Berita {n}",
            "published": 1795800000 + n,
            "origin": {"streamId": "feed/1"},
            "summary": {"content": f"<p>Isi {n}</p>"},
        }
        for n in (1795800000000001, 1795800000000002, 1795800000000003)
    ]
    items = [to_item(r, feed_url, now) for r in raws]
    store.save_results(
        [
            FeedResult(
                ids[feed_url], parsed=ParsedFeed("Kalbar", "", tuple(i.article for i in items))
            )
        ],
        now,
    )
    store.link_sync_items([(i.number, site_of(feed_url), i.article.guid) for i in items])
    return store, [i.number for i in items]


def test_the_queue_lives_in_the_same_transaction_as_the_flag(tmp_path: Path) -> None:
    store, (n1, n2, n3) = _synced_cache(tmp_path)
    newest, middle = store.page(Query("all")).rows[:2]  # n3, n2
    store.set_read([newest.id])
    store.toggle_star(middle.id)
    store.mark_all_read(Query("all"))
    assert {(c.item_id, c.field, c.value) for c in store.pending_changes()} == {
        (n3, "read", True),
        (n2, "starred", True),
        (n1, "read", True),
        (n2, "read", True),
    }
    # The server's own state never goes back into the queue …
    result = store.apply_server_state(starred={n: True for n in (n1, n2, n3)})
    assert (result.starred_changed, result.kept_local) == (2, 0)
    assert len(store.pending_changes()) == 4
    # … and an unpushed local change wins over the server's older state.
    result = store.reconcile_server_state(unread={n1, n2, n3}, starred=set())
    assert (result.read_changed, result.starred_changed, result.kept_local) == (0, 2, 4)
    assert store.totals() == {"all": 3, "unread": 0, "starred": 1, "hidden": 0}
    # A change pushed leaves the queue; one made meanwhile stays.
    first = store.pending_changes()
    store.set_read([newest.id], False)
    store.drop_pushed_changes(first)
    assert [(c.item_id, c.field, c.value) for c in store.pending_changes()] == [(n3, "read", False)]
    store.close()


def test_a_pruned_item_stays_known_and_is_not_pulled_again(tmp_path: Path) -> None:
    store, numbers = _synced_cache(tmp_path)
    assert store.prune(1, datetime(2027, 6, 1, tzinfo=UTC)) == 3
    assert store.sync_known_items() == set(numbers)
    store.close()


def test_items_are_cleaned_like_feed_entries() -> None:
    now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    item = to_item(
        {
            "id": "tag:google.com,2005:reader/item/0006615bde72a0b2",
            "title": "Harga ＜b＞cabai＜/b＞ ＆ bawang\x1b[31m naik",
            "canonical": [{"href": "javascript:alert(1)"}],
            "published": 1795897000,
            "author": "Redaksi\x07 Pontianak",
            "categories": [
                "user/-/state/com.google/reading-list",
                "user/-/state/com.google/starred",
                "user/-/label/Kalbar",
                "Pontianak",
            ],
            "origin": {
                "streamId": "feed/1",
                "title": "Kalbar ＆ Teman",
                "htmlUrl": "https://k.id/",
            },
            "summary": {"content": '<p>Isi <a href="/a/">x</a></p>'},
        },
        "https://k.id/feed/",
        now,
    )
    assert item is not None
    assert item.number == 0x0006615BDE72A0B2
    assert item.article.title == "Harga cabai & bawang naik"
    assert item.article.url == ""  # only http(s) links are kept
    assert item.article.author == "Redaksi Pontianak"
    assert item.article.categories == ("Pontianak",)
    assert 'href="https://k.id/a/"' in item.article.content_html
    assert item.starred and not item.read
    assert item.article.published == datetime.fromtimestamp(1795897000, UTC)
    assert to_item({"title": "tanpa id"}, "https://k.id/", now) is None
    odd = to_item(
        {
            "id": "tag:google.com,2005:reader/item/00000000000000ff",
            "origin": "feed/1",
            "categories": "user/-/state/com.google/read",
            "canonical": "https://k.id/",
            "published": "besok",
            "title": ["bukan", "teks"],
            "summary": "bukan dict",
        },
        "https://k.id/",
        now,
    )
    assert odd is not None and odd.number == 255 and not odd.read
    assert odd.article.published_estimated


def test_item_ids_in_every_form_name_the_same_item() -> None:
    assert item_number("1795891118321757") == 1795891118321757
    long_form = f"tag:google.com,2005:reader/item/{1795891118321757:016x}"
    assert item_number(long_form) == 1795891118321757
    assert item_number(f"{1795891118321757:016x}") == 1795891118321757
    # Past 2^63: Google's unsigned ids, in decimal, in its signed short form and long.
    big = 2**64 - 5
    assert item_number(str(big)) == item_number("-5") == big
    assert item_number(f"tag:google.com,2005:reader/item/{big:016x}") == big
    # 96-bit ids (24 hex digits), all-digit ones too.
    wide = "tag:google.com,2005:reader/item/5a1b2c3d4e5f60718293a4b5"
    assert item_number(wide) == 0x5A1B2C3D4E5F60718293A4B5
    assert item_number("123456789012345678901234") == 0x123456789012345678901234
    for bad in ("f" * 33, "", "-", "--5", "0x12", "١٢٣", "1.5", "-99999999999999999999", "g1"):
        with pytest.raises(ValueError):
            item_number(bad)


def test_item_ids_go_back_to_the_server_in_a_form_it_reads() -> None:
    from kalbartui.sync.greader import wire_id

    assert wire_id(1795891118321757) == "1795891118321757"
    assert wire_id(2**63 - 1) == str(2**63 - 1)
    assert wire_id(2**63) == "tag:google.com,2005:reader/item/8000000000000000"
    assert wire_id(0x5A1B2C3D4E5F60718293A4B5) == (
        "tag:google.com,2005:reader/item/5a1b2c3d4e5f60718293a4b5"
    )
    for n in (0, 5, 2**63 - 1, 2**63, 2**64 - 1, 0x5A1B2C3D4E5F60718293A4B5):
        assert item_number(wire_id(n)) == n


# ---------------------------------------------------------------- undo and the queue


def _queue(store: object) -> set[tuple[int, str, bool]]:
    return {(c.item_id, c.field, c.value) for c in store.pending_changes()}  # type: ignore[attr-defined]


def test_undoing_a_mark_all_read_takes_its_unsent_changes_off_the_queue(tmp_path: Path) -> None:
    store, _items = _synced_cache(tmp_path)
    marked = store.mark_all_read_marked(Query("all"))
    assert marked.count == 3 and len(store.pending_changes()) == 3
    assert store.undo_marked(marked) == 3
    assert store.count(Query("unread")) == 3
    # The server never heard of the marks: nothing to tell it, not three "unread"s.
    assert store.pending_changes() == []


def test_undoing_marks_the_server_already_has_queues_the_opposite(tmp_path: Path) -> None:
    store, items = _synced_cache(tmp_path)
    marked = store.mark_all_read_marked(Query("all"))
    store.drop_pushed_changes(store.pending_changes())  # a sync pushed them
    assert store.undo_marked(marked) == 3
    assert _queue(store) == {(n, "read", False) for n in items}


def test_undo_puts_back_a_change_that_waited_before_the_mark(tmp_path: Path) -> None:
    store, (n1, n2, n3) = _synced_cache(tmp_path)
    first = store.page(Query("all")).rows[0]  # n3
    store.set_read([first.id], True)
    store.drop_pushed_changes(store.pending_changes())  # the server has it read
    store.set_read([first.id], False)  # kept unread here, not pushed yet
    marked = store.mark_all_read_marked(Query("all"))
    assert _queue(store) == {(n, "read", True) for n in (n1, n2, n3)}
    store.undo_marked(marked)
    # n3's own change (unread) waits again; the other two go as if never marked.
    assert _queue(store) == {(n3, "read", False)}


def test_undo_leaves_an_article_changed_since_as_it_is(tmp_path: Path) -> None:
    store, (n1, _n2, _n3) = _synced_cache(tmp_path)
    marked = store.mark_all_read_marked(Query("all"))
    oldest = store.page(Query("all")).rows[-1]  # n1
    store.set_read([oldest.id], False)  # set unread again some other way (the CLI)
    assert store.undo_marked(marked) == 2
    assert store.count(Query("unread")) == 3
    assert _queue(store) == {(n1, "read", False)}  # the CLI's change still goes to the server


def test_a_toggle_is_undone_with_its_queue_entry(tmp_path: Path) -> None:
    store, (_n1, _n2, n3) = _synced_cache(tmp_path)
    first = store.page(Query("all")).rows[0]
    marked = store.toggle_read_marked(first.id)
    assert marked.read and marked.article_ids == (first.id,)
    assert _queue(store) == {(n3, "read", True)}
    assert store.undo_marked(marked) == 1
    assert not store.article(first.id).read and store.pending_changes() == []
    assert store.toggle_read_marked(999_999).count == 0  # no such article: nothing changed
