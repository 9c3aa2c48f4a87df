"""One sync with a Google Reader API server: subscriptions, push the local queue, pull new
items, reconcile read and starred state.

Offline-first: every step writes what it got before the next request, so a sync cut short
(the server stops, the laptop sleeps, kill -9) keeps its progress and the next one carries
on. The queue of local changes (store/sync.py) is only emptied by the server's OK.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kalbartui.config import Config, SyncConfig
from kalbartui.feeds.field_text import plain_text
from kalbartui.files import atomic_write
from kalbartui.models import FeedResult, FeedSpec, ParsedArticle, ParsedFeed
from kalbartui.problems import Problem
from kalbartui.store import Store, open_store
from kalbartui.store.ingest import site_of
from kalbartui.store.sync import Change
from kalbartui.store.tags import rules_for
from kalbartui.sync.greader import (
    CONTENTS_BATCH,
    LABEL_PREFIX,
    READ,
    READING_LIST,
    STARRED,
    AuthError,
    GReaderClient,
    OfflineError,
    Subscription,
    SyncError,
    valid_token,
)
from kalbartui.sync.items import plain_name, plain_title, to_item
from kalbartui.sync.report import StepCallback, SyncReport, SyncStep
from kalbartui.text import clean_line

TOKEN_FILE = "sync-auth.json"
FULL_LISTING_EVERY = 24 * 3600  # seconds between listings of every item id on the server
PASSWORD_ENV = "KALBARTUI_SYNC_PASSWORD"
# A whole sync ends here, wherever it is; what it stored is kept and the next carries on.
SYNC_DEADLINE_SECONDS = 600
FEED_NAME_LIMIT = 300  # characters, as a fetched feed's title
LABEL_LIMIT = 100


def token_path(db_path: Path) -> Path:
    return Path(db_path).parent / TOKEN_FILE


def resolve_password(sync: SyncConfig, environ: dict[str, str] | None = None) -> str:
    """The password from password_command (run without a shell), password, or the environment."""
    env = os.environ if environ is None else environ
    if sync.password_command:
        argv = list(sync.password_command)
        try:
            done = subprocess.run(  # noqa: S603 - the user's own argv, no shell
                argv, capture_output=True, timeout=60, stdin=subprocess.DEVNULL, check=False
            )
        except FileNotFoundError:
            raise SyncError("sync.password_missing_command", program=repr(argv[0])) from None
        except subprocess.TimeoutExpired:
            raise SyncError("sync.password_slow", program=repr(argv[0])) from None
        except OSError as exc:
            raise SyncError(
                "sync.password_cannot_run", program=repr(argv[0]), error=exc.strerror or str(exc)
            ) from None
        if done.returncode != 0:
            # Its output is never shown: it may hold the secret.
            raise SyncError(
                "sync.password_failed", program=repr(argv[0]), status=str(done.returncode)
            )
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if not lines or not lines[0]:
            raise SyncError("sync.password_empty", program=repr(argv[0]))
        return lines[0]
    if sync.password:
        return sync.password
    if env.get(PASSWORD_ENV):
        return env[PASSWORD_ENV]
    raise SyncError("sync.password_none", variable=PASSWORD_ENV)


def _load_token(path: Path, sync: SyncConfig) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    if data.get("url") != sync.bare_url or data.get("username") != sync.username:
        return ""
    auth = data.get("auth")
    # A token that cannot be sent (one kept by an older kalbartui) means signing in again.
    return auth if isinstance(auth, str) and valid_token(auth) else ""


def _save_token(path: Path, sync: SyncConfig, auth: str) -> None:
    """The auth token (never the password), readable by the user alone."""
    token = {"url": sync.bare_url, "username": sync.username, "auth": auth}
    atomic_write(path, json.dumps(token), private=True, fsync=True)


def _pulled(value: str | None) -> tuple[int, float]:
    """(newest item id of the last complete pull, time of the last full listing)."""
    try:
        through, full_at = json.loads(value or "")
        return int(through), float(full_at)
    except (TypeError, ValueError, OverflowError):
        return 0, 0.0


def _listable_since(through: int, now: float) -> bool:
    """Whether "newer than item `through`" can be asked for. FreshRSS's ids are the
    microsecond it stored each item and are asked for by time (`ot`); small sequential ids
    (Miniflux's) read as time 0 and are asked for without it. Ids past that, such as
    Google-style 64-bit ones, would ask for items stored in the far future: those servers
    are listed in full instead."""
    return through > 0 and through // 1_000_000 <= now + 86_400


def feed_name(title: str) -> str:
    """A synced feed's name, cleaned as a fetched feed's title is."""
    return plain_text(plain_name(title), FEED_NAME_LIMIT)


def label_name(label: str) -> str:
    """A synced label's name (a sidebar category), cleaned likewise."""
    return plain_text(plain_title(label), LABEL_LIMIT)


def _forget_token(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


class SyncEngine:
    def __init__(
        self,
        config: Config,
        db_path: Path,
        *,
        on_step: StepCallback | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        stop: threading.Event | None = None,
    ) -> None:
        assert config.sync is not None
        self.stop = stop
        self.config = config
        self.sync: SyncConfig = config.sync
        self.db_path = Path(db_path)
        self.on_step = on_step
        self.clock = clock
        self.token_file = token_path(self.db_path)
        self.client: GReaderClient | None = None

    def _say(self, report: SyncReport, line: Problem, done: int, total: int) -> None:
        report.lines.append(line)
        if self.on_step is not None:
            self.on_step(SyncStep(done, total, line))

    def _tick(self, done: int, total: int) -> None:
        if self.on_step is not None:
            self.on_step(SyncStep(done, total))

    def run(self) -> SyncReport:
        report = SyncReport(started=time.time())
        store = open_store(self.db_path)
        stop = self.stop
        client = self.client = GReaderClient(
            self.sync.bare_url,
            timeout=self.config.timeout_seconds,
            stopped=None if stop is None else stop.is_set,
            deadline=time.monotonic() + SYNC_DEADLINE_SECONDS,
            deadline_seconds=SYNC_DEADLINE_SECONDS,
        )
        try:
            saved = _load_token(self.token_file, self.sync)
            if saved:
                client.auth = saved
            else:
                self._login(client, report)
            try:
                self._steps(client, store, report)
            except AuthError:
                if not saved:
                    raise
                # The token kept from last time expired (or the password changed): sign in anew.
                _forget_token(self.token_file)
                client.auth = ""
                self._login(client, report)
                self._steps(client, store, report)
            if self.config.keep_days:
                store.prune(self.config.keep_days, self.clock())
        except OfflineError as exc:
            report.error, report.offline = exc.problem, True
        except SyncError as exc:
            report.error = exc.problem
        finally:
            try:
                report.waiting = store.pending_change_count()
            finally:
                report.requests = client.requests
                client.close()
                store.close()
        report.finished = time.time()
        return report

    def _login(self, client: GReaderClient, report: SyncReport) -> None:
        auth = client.login(self.sync.username, resolve_password(self.sync))
        try:
            _save_token(self.token_file, self.sync, auth)
        except OSError:
            pass  # not kept: the next sync signs in again, nothing else changes
        # The host as it may be shown: never a user name or password written into the URL.
        host = clean_line(urlsplit(self.sync.bare_url).netloc, 100)
        said = Problem.of(
            "sync.step.signed_in", host=host, user=clean_line(self.sync.username, 100)
        )
        self._say(report, said, 0, 0)

    def _steps(self, client: GReaderClient, store: Store, report: SyncReport) -> None:
        streams = self._subscriptions(client, store, report)
        self._push(client, store, report)
        self._pull(client, store, streams, report)
        self._state(client, store, streams, report)

    # ------------------------------------------------------------ steps

    def _subscriptions(
        self, client: GReaderClient, store: Store, report: SyncReport
    ) -> dict[str, tuple[int, str]]:
        """The server's feeds and labels become the stored feeds and sidebar categories."""
        subs = client.subscriptions()
        specs: list[FeedSpec] = []
        labels: dict[str, None] = {}  # in the server's order
        spec_of: dict[str, str] = {}
        used: set[str] = set()
        for sub in subs:
            url = self._feed_url(sub)
            if url in used:
                url = f"{url}#{sub.id}"
            used.add(url)
            spec_of[sub.id] = url
            label = label_name(sub.labels[0]) if sub.labels else ""
            if label:
                labels.setdefault(label)
            specs.append(FeedSpec(url=url, category=label, name=feed_name(sub.title)))
        client.check()
        ids = store.sync_feeds(specs, [("", label) for label in labels])
        report.feeds = len(subs)
        labelled = Problem.of("sync.step.labels", count=len(labels))
        self._say(report, Problem.of("sync.step.feeds", count=len(subs), labels=labelled), 1, 4)
        return {sid: (ids[url], url) for sid, url in spec_of.items()}

    def _feed_url(self, sub: Subscription) -> str:
        url = sub.url.strip()
        if url.lower().startswith(("http://", "https://")) and len(url) < 4096:
            return url
        return f"{self.sync.bare_url}#{sub.id}"

    def _push(self, client: GReaderClient, store: Store, report: SyncReport) -> None:
        """Local changes, oldest first, grouped by what they do; each group leaves the queue
        only after the server's OK."""
        pending = store.pending_changes()
        groups: dict[tuple[str, bool], list[Change]] = defaultdict(list)
        for change in pending:
            groups[(change.field, change.value)].append(change)
        tag = {"read": READ, "starred": STARRED}
        for (what, value), changes in groups.items():
            client.check()
            ids = [ch.item_id for ch in changes]
            # A user tag (store: "label:NAME") is the server's label of that name.
            stream = tag.get(what) or LABEL_PREFIX + what.removeprefix("label:")
            if value:
                client.edit_tag(ids, add=stream)
            else:
                client.edit_tag(ids, remove=stream)
            store.drop_pushed_changes(changes)
            report.pushed += len(changes)
        line = (
            Problem.of("sync.step.pushed", count=report.pushed)
            if report.pushed
            else Problem.of("sync.step.nothing_to_push")
        )
        self._say(report, line, 2, 4)

    def _pull(
        self,
        client: GReaderClient,
        store: Store,
        streams: dict[str, tuple[int, str]],
        report: SyncReport,
    ) -> None:
        """Only the items not stored yet, newest first, CONTENTS_BATCH per request; each batch
        is written before the next is asked for."""
        key = f"sync-pulled:{self.sync.bare_url}:{self.sync.username}"
        through, full_at = _pulled(store.get_meta(key))
        now = time.time()
        full = not _listable_since(through, now) or not 0 <= now - full_at < FULL_LISTING_EVERY
        # Between full listings, ask only for what the server stored after the last complete
        # pull; the full listing (daily) catches anything a server orders differently.
        on_server = client.item_ids(READING_LIST) if full else client.newer_ids(through)
        new = sorted(on_server - store.sync_known_items(), reverse=True)
        batches = [new[k : k + CONTENTS_BATCH] for k in range(0, len(new), CONTENTS_BATCH)]
        for n, batch in enumerate(batches):
            self._tick(n, len(batches))
            client.check()
            raw_items = client.contents(batch)
            report.new += self._save(store, streams, batch, raw_items, report)
        # Only a pull that got every batch moves the mark: a cut-short one is resumed in full.
        store.set_meta(key, json.dumps([max([through, *on_server]), now if full else full_at]))
        self._say(report, Problem.of("sync.step.new", count=report.new), 3, 4)

    def _save(
        self,
        store: Store,
        streams: dict[str, tuple[int, str]],
        asked: list[int],
        raw_items: list[dict[str, Any]],
        report: SyncReport,
    ) -> int:
        """Store the items of one batch. Only ids asked for are taken; an id asked for but
        not returned is not recorded, so it is asked for again when a listing shows it."""
        now = self.clock()
        wanted = set(asked)
        by_feed: dict[int, list[ParsedArticle]] = defaultdict(list)
        links: list[tuple[int, str, str]] = []
        flags_read: dict[int, bool] = {}
        flags_star: dict[int, bool] = {}
        seen: set[int] = set()
        for raw in raw_items:
            origin = raw.get("origin")
            stream = origin.get("streamId") if isinstance(origin, dict) else ""
            feed = streams.get(stream) if isinstance(stream, str) else None
            item = to_item(raw, feed[1] if feed else self.sync.bare_url, now)
            if item is None or item.number in seen or item.number not in wanted:
                continue
            seen.add(item.number)
            if feed is None:
                links.append((item.number, "", ""))  # a feed no longer subscribed
                continue
            by_feed[feed[0]].append(item.article)
            links.append((item.number, site_of(feed[1]), item.article.guid))
            flags_read[item.number] = item.read
            flags_star[item.number] = item.starred
        titles = {fid: name for fid, name in store.feed_names().items()}
        results = [
            FeedResult(
                fid, parsed=ParsedFeed(title=titles.get(fid, ""), link="", articles=tuple(arts))
            )
            for fid, arts in by_feed.items()
        ]
        saved = store.save_results_alerting(
            results, now, self.config.alerts, rules_for(self.config.rules, now, self.config.tz())
        )
        report.alerts.extend(saved.alerts)
        counts = saved.new
        store.link_sync_items(links)
        store.apply_server_state(read=flags_read, starred=flags_star)
        return sum(counts.values())

    def _state(
        self,
        client: GReaderClient,
        store: Store,
        streams: dict[str, tuple[int, str]],
        report: SyncReport,
    ) -> None:
        """No "changed since" query exists: compare the unread and starred id lists."""
        unread = client.item_ids(READING_LIST, exclude=READ)
        starred = client.item_ids(STARRED)
        client.check()
        result = store.reconcile_server_state(unread, starred)
        report.state = result
        # Every synced feed worked just now: the status line's "last good sync".
        store.save_results(
            [FeedResult(fid, not_modified=True) for fid, _url in streams.values()], self.clock()
        )
        changed = result.read_changed + result.starred_changed
        line = (
            Problem.of("sync.step.state_kept", count=changed, kept=result.kept_local)
            if result.kept_local
            else Problem.of("sync.step.state", count=changed)
        )
        self._say(report, line, 4, 4)


def run_sync(
    config: Config,
    db_path: Path,
    on_step: StepCallback | None = None,
    clock: Callable[[], datetime] | None = None,
    stop: threading.Event | None = None,
) -> SyncReport:
    kwargs = {} if clock is None else {"clock": clock}
    return SyncEngine(config, db_path, on_step=on_step, stop=stop, **kwargs).run()
