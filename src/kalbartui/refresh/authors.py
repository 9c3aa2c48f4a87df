"""The authors pass of a refresh: for each WordPress source, what its REST API says of the
bylines of its articles (name, the site's own line about them, their page), asked once per
author and kept for the reading pane and `kalbartui show`, offline too.

A site whose users endpoint is closed (401, 403, 404, an HTML page, anything but a list of
users) is quietly left alone: the miss is kept with its time, for every byline and for the
site, and nothing is asked of it again before AUTHOR_RETRY has passed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from kalbartui.addresses import Reach
from kalbartui.config import Config
from kalbartui.feeds import wordpress
from kalbartui.feeds.fetch import Fetcher
from kalbartui.models import AuthorAbout
from kalbartui.store import Store
from kalbartui.store.authors import AuthorToAsk

T = TypeVar("T")

AUTHORS_PER_SOURCE = 20  # bylines asked of one site in one refresh; the rest wait for the next
AUTHOR_RETRY = 7 * 24 * 3600  # a miss (no such user, the endpoint closed) is asked again after this
# The pass may take this many fetch deadlines per site; what is left waits for the next refresh.
AUTHORS_BUDGET_DEADLINES = 2
CLOSED_KEY = "authors-closed:"  # meta key prefix (+ the source's URL): when its endpoint said no


async def authors_pass(config: Config, store: Store, fetcher: Fetcher, now: float) -> int:
    """Ask each WordPress source about the bylines it has not been asked about; returns how
    many of them the site told of (boxes to show). Never raises for what a site answers."""
    found = 0
    for source in config.sources:
        if source.type != "wordpress":
            continue
        closed_key = CLOSED_KEY + source.url
        closed_at = await _db(store.get_meta, closed_key)
        if closed_at is not None and now - _float(closed_at) < AUTHOR_RETRY:
            continue
        todo = await _db(
            store.authors_to_ask, source.name, now, float(AUTHOR_RETRY), AUTHORS_PER_SOURCE
        )
        answers: list[tuple[AuthorToAsk, AuthorAbout | None]] = []
        # The site's own origin at any address, as its feeds; a redirect elsewhere is held
        # to the rule for what a feed links to (public addresses, or what the user allows).
        front = wordpress.front_feed_url(source.url)
        reach = Reach.of(config.private_addresses_for(front, source.name), front)
        deadline = time.monotonic() + AUTHORS_BUDGET_DEADLINES * config.timeout_seconds
        closed = False
        for who in todo:
            if time.monotonic() > deadline:
                break  # not marked: asked at the next refresh
            result = await fetcher.fetch(
                wordpress.users_search_url(source.url, who.name),
                accept="application/json",
                user_agent=source.user_agent,
                reach=reach,
            )
            about: AuthorAbout | None = None
            if result.status == "ok":
                try:
                    about = await asyncio.to_thread(wordpress.parse_users, result.body, who.name)
                except wordpress.UsersError:
                    closed = True
            else:
                closed = True
            if closed:
                # Closed or down: every byline asked for now is a miss, and so is the site.
                answers.extend((w, None) for w in todo[len(answers) :])
                break
            answers.append((who, about))
        await _db(store.save_authors, answers, now)
        found += sum(about is not None for _who, about in answers)
        if closed:
            await _db(store.set_meta, closed_key, repr(now))
    return found


async def _db(fn: Callable[..., T], *args: object) -> T:
    return await asyncio.to_thread(fn, *args)


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0
