"""Which feeds a scheduled refresh asks (the reader's timer, `kalbartui refresh --due`).

A feed is due once its own refresh interval has passed since it was last tried: its
[[feeds]] or [[sources]] entry's `refresh_interval_minutes`, else the global one, never
shorter than the feed's own RSS `<ttl>` (sy:updatePeriod is not read: WordPress writes
"hourly" on every feed, whatever the site publishes). 0 means only when asked. A refresh the
user asks for (`r`, `kalbartui refresh`) asks every feed regardless.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kalbartui.config import Config
from kalbartui.models import Feed

# A feed tried a little less than its interval ago counts as due: a 30-minute cron line and a
# 30-minute interval must not skip every other run because the last one ended a few seconds
# after it started. A tenth of the interval, at most five minutes.
GRACE_SHARE = 0.1
GRACE_MAX = timedelta(minutes=5)


def interval_minutes(config: Config, feed: Feed) -> int:
    """Minutes between scheduled refreshes of one feed; 0: only when asked."""
    own = config.settings_for(feed.url, feed.source).refresh_interval_minutes
    if own <= 0:
        return 0
    return max(own, feed.ttl_minutes or 0)


def has_passed(last: datetime | None, minutes: int, now: datetime) -> bool:
    """Whether an interval of `minutes` (0: never) has passed since `last` (None: never tried)."""
    if minutes <= 0:
        return False
    if last is None:
        return True
    interval = timedelta(minutes=minutes)
    grace = min(GRACE_MAX, interval * GRACE_SHARE)
    return now - last >= interval - grace


def is_due(config: Config, feed: Feed, now: datetime) -> bool:
    """Whether a scheduled refresh asks this feed now (not while its server asked to wait)."""
    if feed.retry_after is not None and feed.retry_after > now:
        return False
    return has_passed(feed.last_checked, interval_minutes(config, feed), now)


def due_feeds(config: Config, feeds: Sequence[Feed], now: datetime) -> list[Feed]:
    """The feeds a scheduled refresh asks now."""
    return [feed for feed in feeds if is_due(config, feed, now)]


def any_schedule(config: Config) -> bool:
    """Whether any feed refreshes on a schedule (the reader then looks every minute)."""
    values = [config.refresh_interval_minutes]
    values += [f.refresh_interval_minutes or 0 for f in config.feeds]
    values += [s.refresh_interval_minutes or 0 for s in config.sources]
    return any(v > 0 for v in values)
