"""Every hostile case, one refresh each: a feed that went bad beside one that did not.

The story of each test: yesterday the feed was fine and its articles were cached; today its
server misbehaves. The refresh must end on time, record the trouble in words, still bring in
the neighbour's news, keep yesterday's articles and leave a clean, consistent cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kalbartui.config import Config
from kalbartui.feeds.entries import AUTHOR_LIMIT, CATEGORY_LIMIT, MAX_TERMS, TITLE_LIMIT
from kalbartui.models import FeedSpec
from kalbartui.refresh.report import RefreshReport
from kalbartui.refresh.run import run_refresh
from kalbartui.refresh.runner import parse_deadline
from kalbartui.store import open_store
from kalbartui.store.schema import CATEGORY_SEP
from tests.hostile import faultserver as fs
from tests.hostile.checks import (
    cache_bytes,
    controls_in_cache,
    guids_of_feed,
    integrity,
    rows_of_feed,
    worded_for_a_person,
)
from tests.hostile.conftest import Recorder

TIMEOUT = 3.0  # timeout_seconds of every refresh here


def config_for(server: fs.FaultServer, *names: str, timeout: float = TIMEOUT) -> Config:
    feeds = [FeedSpec(url=server.url("good"), category="Kota")]
    feeds += [FeedSpec(url=server.url(n), category="Uji") for n in names]
    return Config(language="en", feeds=tuple(feeds), timeout_seconds=timeout, keep_days=0)


class Refreshed:
    """The state after the good refresh and the hostile one, for the checks below."""

    def __init__(self, db: Path, server: fs.FaultServer, case: fs.Case) -> None:
        self.db = db
        self.server = server
        self.case = case
        self.feed_ids: dict[str, int] = {}
        self.before: set[str] = set()
        self.report: RefreshReport | None = None
        self.elapsed = 0.0

    @property
    def feed_id(self) -> int:
        return self.feed_ids[self.case.name]

    def feed(self):  # noqa: ANN201 - Feed
        store = open_store(self.db)
        try:
            return next(f for f in store.feeds(active_only=False) if f.id == self.feed_id)
        finally:
            store.close()

    def rows(self) -> list[dict[str, object]]:
        return rows_of_feed(self.db, self.feed_id)

    def new_rows(self) -> list[dict[str, object]]:
        return [r for r in self.rows() if r["guid"] not in self.before]


def refresh_twice(server: fs.FaultServer, case: fs.Case, tmp_path: Path) -> Refreshed:
    db = tmp_path / "cache.sqlite3"
    state = Refreshed(db, server, case)
    config = config_for(server, case.name)
    first = run_refresh(config, db, clock=lambda: fs.GOOD_AT)
    assert first.ok, [(o.url, o.error) for o in first.failed]
    store = open_store(db)
    state.feed_ids = {
        ("good" if f.url == server.url("good") else case.name): f.id for f in store.feeds()
    }
    store.close()
    state.before = guids_of_feed(db, state.feed_id)
    assert len(state.before) == 3

    server.go_hostile()
    started = time.monotonic()
    state.report = run_refresh(config, db, clock=lambda: fs.HOSTILE_AT)
    state.elapsed = time.monotonic() - started
    return state


# ---------------------------------------------------------------- case-specific checks


def _retry_after_kept(s: Refreshed) -> None:
    feed = s.feed()
    assert feed.retry_after is not None and feed.retry_after > datetime.now(UTC)
    assert s.server.hostile_hits(fs.case_path(s.case.name)) == 1  # asked to wait: not hammered


def _retried_twice(s: Refreshed) -> None:
    assert s.server.hostile_hits(fs.case_path(s.case.name)) == 3


def _moved(s: Refreshed) -> None:
    feed = s.feed()
    assert feed.url == s.server.http.url(fs.case_path("permanent-redirect") + "/moved")
    assert {r["guid"] for r in s.new_rows()} == {f"permanent-redirect-{n}" for n in range(1, 6)}


def _complete_items_kept(s: Refreshed) -> None:
    # Whether the parser kept what it could read or gave up, no half-item may pose as news.
    for row in s.rows():
        assert row["title"] and row["url"], row
    kept = {r["guid"] for r in s.new_rows()}
    assert kept <= {f"truncated-xml-{n}" for n in range(2, 6)}


def _cp1252_readable(s: Refreshed) -> None:
    (row,) = s.new_rows()
    assert (
        row["title"]
        == "Harga \u201cminyak goreng\u201d turun \u2013 kafe di Pontianak ramai \u2026"
    )
    assert "\u2018wajar\u2019" in str(row["summary"])


def _bounded_stream(key: str) -> Callable[[Refreshed], None]:
    def check(s: Refreshed) -> None:
        # The client hung up long before the server ran out of body to send.
        assert s.server.sent.get(key, 0) < 64 * 1024 * 1024

    return check


def _stopped_at_limit(s: Refreshed) -> None:
    limit_mb = Config().max_feed_bytes / 1024 / 1024  # the default, which config_for keeps
    assert f"{limit_mb:.1f} MB limit" in str(s.feed().last_error)
    assert s.new_rows() == []


def _no_expansion(s: Refreshed) -> None:
    for row in s.rows():
        for value in row.values():
            assert "lollol" not in str(value)
    assert "lollol" not in s.feed().title


def _secret_never_stored(s: Refreshed) -> None:
    assert fs.SECRET.encode() not in cache_bytes(s.db)
    for row in s.rows():
        assert all(fs.SECRET not in str(v) for v in row.values())


def _never_answered(s: Refreshed) -> None:
    assert s.server.silent.accepted >= 2  # it did accept the hostile connection


def _validators_clean(s: Refreshed) -> None:
    feed = s.feed()
    assert {r["guid"] for r in s.new_rows()} == {f"hostile-headers-{n}" for n in range(1, 5)}
    # A validator a server garbled is useless for conditional GET; it must not be kept as sent.
    assert "\x9b" not in feed.etag and "\x9b" not in feed.last_modified


def _all_5000(s: Refreshed) -> None:
    assert len(s.new_rows()) == 5000


def _first_copy_wins(s: Refreshed) -> None:
    titles = {r["guid"]: r["title"] for r in s.new_rows()}
    assert titles == {
        "dup-a": "Salinan pertama A",
        "dup-b": "Salinan pertama B",
        "dup-c": "Salinan pertama C",
    }


def _dates_estimated(s: Refreshed) -> None:
    rows = {r["guid"]: r for r in s.new_rows()}
    for guid in fs.BAD_DATES:
        assert rows[guid]["published_estimated"] == 1, guid
        assert rows[guid]["published"] == fs.HOSTILE_AT.timestamp(), guid
    assert rows["dates-good"]["published_estimated"] == 0


TEXT_COLUMNS = ("title", "author", "categories", "summary", "body_text", "content_html")


def _no_residue(
    *words: str, columns: tuple[str, ...] = TEXT_COLUMNS, residue: tuple[str, ...] = fs.RESIDUE
) -> Callable[[Refreshed], None]:
    """Whole sequences gone from `columns` (not just their control bytes), the words around them kept."""

    def check(s: Refreshed) -> None:
        rows = s.new_rows()
        assert rows
        for row in rows:
            for column in columns:
                for left in residue:
                    assert left not in str(row[column]), (column, row[column])
        text = " ".join(str(r["title"]) for r in rows)
        for word in words:
            assert word in text
        assert s.feed().title and not any(res in s.feed().title for res in fs.RESIDUE)

    return check


def _markup_kept_as_text(s: Refreshed) -> None:
    (row,) = s.new_rows()
    # Stored as the words the feed sent: the screen shows them, never obeys them.
    assert row["title"] == fs.MARKUP_TITLE
    assert row["author"] == fs.MARKUP_AUTHOR
    assert tuple(str(row["categories"]).split(CATEGORY_SEP)) == fs.MARKUP_CATEGORIES


def _scripts_not_in_text(s: Refreshed) -> None:
    (row,) = s.new_rows()
    for column in ("title", "summary"):
        for marker in fs.SCRIPT_MARKERS:
            assert marker not in str(row[column]), (column, marker)
    assert "Warga menanam bakau" in str(row["summary"])


def _only_web_links(s: Refreshed) -> None:
    rows = s.new_rows()
    assert len(rows) == len(fs.UNSAFE_LINKS)
    for row in rows:
        assert row["url"] == "" and row["image_url"] == "", row


def _bounded_lengths(s: Refreshed) -> None:
    (row,) = s.new_rows()
    assert 0 < len(str(row["title"])) <= TITLE_LIMIT
    assert str(row["title"]).startswith(fs.LONG_TITLE[:200])
    assert len(str(row["author"])) <= AUTHOR_LIMIT
    assert all(len(c) <= CATEGORY_LIMIT for c in str(row["categories"]).split(CATEGORY_SEP))
    assert len(s.feed().title) <= 1000


def _text_intact(s: Refreshed) -> None:
    titles = {str(r["title"]) for r in s.new_rows()}
    assert titles == set(fs.RTL_TITLES)


def _refused_at_once(s: Refreshed) -> None:
    # Refused before any request to the target: not retried as a network error, and the
    # feed keeps the address it had (a permanent redirect to nowhere does not move it).
    assert s.server.hostile_hits(fs.case_path(s.case.name)) == 1
    assert s.feed().url == s.server.url(s.case.name)


def _retry_after_bounded(s: Refreshed) -> None:
    feed = s.feed()
    if feed.retry_after is not None:
        assert feed.retry_after <= datetime.now(UTC) + timedelta(days=7, hours=1)
    assert s.server.hostile_hits(fs.case_path(s.case.name)) == 1


def _all_three_landed(s: Refreshed) -> None:
    # The attacked item lands beside its two plain neighbours, cleaned and bounded.
    rows = {str(r["guid"]): r for r in s.new_rows()}
    assert set(rows) == {f"{s.case.name}-{n}" for n in (1, 2, 3)}
    attacked = rows[f"{s.case.name}-1"]
    assert 0 < len(str(attacked["title"])) <= TITLE_LIMIT
    assert len(str(attacked["categories"]).split(CATEGORY_SEP)) <= MAX_TERMS


def _long_bodies_landed(s: Refreshed) -> None:
    assert {r["guid"] for r in s.new_rows()} == {f"long-bodies-{k}" for k in fs.LONG_BODIES}


def _parse_stopped(s: Refreshed) -> None:
    # Only the deadline words this error, and the refresh closes its parse pool (waiting for
    # running work) before it returns: the parse itself was stopped, not only waited for.
    deadline = parse_deadline(config_for(s.server, s.case.name))
    assert str(s.feed().last_error) == f"parsing took longer than {deadline:g} s"
    assert s.new_rows() == []


# What each case checks beyond the common checks, in words (for docs/reliability.md) and in code.
CHECKS: dict[str, tuple[str, Callable[[Refreshed], None]]] = {
    "http-429-retry-after": ("Retry-After stored on the feed; asked once, not retried", _retry_after_kept),
    "http-503-retry-after": ("Retry-After stored on the feed; asked once, not retried", _retry_after_kept),
    "http-500": ("tried 3 times (2 retries with backoff)", _retried_twice),
    "permanent-redirect": ("the stored feed URL is the new address; its 5 items landed", _moved),
    "truncated-xml": ("only whole items kept; no blank stub row", _complete_items_kept),
    "cp1252-declared-utf8": ("curly quotes, dash, ellipsis and é read correctly", _cp1252_readable),
    "huge-body-with-length": ("the client hung up long before 200 MB were sent", _bounded_stream("huge-body-with-length")),
    "huge-body-chunked": ("the client hung up long before 200 MB were sent", _bounded_stream("huge-body-chunked")),
    "gzip-bomb": ("inflation stopped at the configured limit; nothing stored from it", _stopped_at_limit),
    "entity-bomb": ("no entity expanded anywhere (no 'lollol')", _no_expansion),
    "external-entity": ("the local file's marker is in no row and not in the database or WAL bytes", _secret_never_stored),
    "never-answers": ("the listener really accepted the connection", _never_answered),
    "hostile-headers": ("the garbled ETag and Last-Modified were not kept", _validators_clean),
    "five-thousand-items": ("all 5,000 stored", _all_5000),
    "duplicate-guids": ("one article per guid; the first copy wins", _first_copy_wins),
    "bad-dates": ("dated by the refresh clock and marked estimated; the good date kept", _dates_estimated),
    "terminal-raw": ("whole sequences removed (no '52;c;', '[2J', '[31'), the words around kept",
                     _no_residue("Banjir", "Kapuas", "Ahmad Yani")),
    # The body double-escapes a reference (&amp;#x1b;): decoding it twice for the summary
    # yields ESC, which is dropped, so "[2J" may stay as plain, harmless text there.
    "terminal-refs": ("no control character; whole sequences removed from title, author, categories",
                      _no_residue("Pelabuhan", "Dwikora", columns=("title", "author", "categories"))),
    "c1-controls": ("no control character; the bytes read as cp1252 punctuation, as browsers do",
                    _no_residue("Harga", "karet")),
    # A real U+009B starts a CSI sequence: the whole of it goes, parameters too.
    "c1-utf8": ("whole C1 sequences removed, parameters too", _no_residue("Harga", "lada", residue=(*fs.RESIDUE, "2J", "31m", "0m"))),
    "nul-and-friends": ("no control character; the words kept", _no_residue("Nol", "judul")),
    "markup": ("stored as the literal words the feed sent", _markup_kept_as_text),
    "active-html": ("no script, style, handler or iframe in title or summary", _scripts_not_in_text),
    "unsafe-links": ("no article or image URL kept: only http(s) are", _only_web_links),
    "long-title": ("title, author, categories and feed title cut to their limits", _bounded_lengths),
    "emoji-rtl": ("every title stored exactly as sent", _text_intact),
    **{name: ("refused at once (asked once, not retried); the feed keeps its address", _refused_at_once)
       for name in fs.BAD_LOCATIONS},
    **{name: ("read safely; any wait stored is at most a week; asked once", _retry_after_bounded)
       for name in fs.BAD_RETRY_AFTER},
    **{name: ("all 3 items landed; title and terms bounded", _all_three_landed)
       for name in (*fs.SLOW_BODIES, "many-terms", "many-terms-fast")},
    "parse-deadline": ("the parse was stopped at its deadline (the refresh returned in time)", _parse_stopped),
    "long-bodies": ("all 6 long articles stored (rendering them: test_round_two.py)", _long_bodies_landed),
}  # fmt: skip


# ---------------------------------------------------------------- the test


# Cases that take seconds by design: the stalling servers run into the 3 s deadline, the parse
# into its 5 s one, and a 5xx or a dropped connection is tried again after 0.5 + 1.5 s.
SLOW = {c.name for c in fs.CASES if c.slow} | {"parse-deadline", "http-500", "connection-drop"}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.name in SLOW else [])
        for c in fs.CASES
    ],
)
def test_a_hostile_feed_costs_only_its_own_error(
    case: fs.Case, fault_server: fs.FaultServer, tmp_path: Path, record: Recorder
) -> None:
    s = refresh_twice(fault_server, case, tmp_path)
    assert s.report is not None
    outcomes = {o.feed_id: o for o in s.report.outcomes}
    mine, good = outcomes[s.feed_id], outcomes[s.feed_ids["good"]]
    feed = s.feed()
    described, extra = CHECKS.get(case.name, ("", None))
    record(
        case=case.name,
        what=case.what,
        status=mine.status,
        error=str(feed.last_error or ""),
        seconds=round(s.elapsed, 2),
        new=mine.new,
        checked=described,
    )

    # On time: the deadline holds whatever the server does. The stalling servers end on the
    # deadline's own path; the bound, generous for a loaded machine, is still far short of what
    # waiting on them would take (the trickle needs minutes, the silent listener forever).
    if case.slow:
        assert str(mine.error) == f"timed out after {TIMEOUT:g} s", mine.error
    assert s.elapsed < 10 * TIMEOUT

    # The trouble is recorded, in words a person can read.
    if case.fails is True:
        assert mine.status == "error"
    elif case.fails is False:
        assert mine.status == "new", (mine.status, mine.error)
        assert feed.last_error is None
    if mine.status == "error":
        assert feed.last_error == mine.error
        said = str(feed.last_error)
        assert worded_for_a_person(said) is None, said
        assert any(w in said.lower() for w in case.words), said

    # The neighbour's news still lands.
    assert good.status == "new" and good.new == 3

    # Nothing cached from yesterday is lost, and the cache is consistent and clean.
    assert s.before <= guids_of_feed(s.db, s.feed_id)
    assert integrity(s.db) == "ok"
    assert controls_in_cache(s.db) == []

    if extra is not None:
        extra(s)


def test_every_case_has_a_route_and_a_distinct_name(fault_server: fs.FaultServer) -> None:
    names = [c.name for c in fs.CASES]
    assert len(names) == len(set(names))
    for case in fs.CASES:
        if not case.raw:
            assert fs.case_path(case.name) in fault_server.http.routes, case.name
        assert case.fails is not True or case.words, case.name


def test_the_gzip_bomb_is_real(gzip_bomb: Path) -> None:
    # About a megabyte on the wire that really inflates to a gibibyte: inflate it, counting.
    assert gzip_bomb.stat().st_size < 2 * 1024 * 1024
    import zlib

    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    total = 0
    with gzip_bomb.open("rb") as fh:
        while chunk := fh.read(1 << 16):
            while chunk:
                total += len(inflater.decompress(chunk, 1 << 24))
                chunk = inflater.unconsumed_tail
    total += len(inflater.flush())
    assert inflater.eof and total == fs.BOMB_INFLATED
