"""How a feed found at a site is named in a pick list, the same in the CLI and the reader."""

from __future__ import annotations

from kalbartui.i18n.catalog import N_, translator
from kalbartui.models import FoundFeed
from kalbartui.urls import host

_KINDS = {"rss": N_("RSS feed"), "atom": N_("Atom feed"), "json": N_("JSON Feed")}


def found_kind(feed: FoundFeed, language: str) -> str:
    """What the offer is: "WordPress site: its front page and 12 categories", "RSS feed",
    "Atom feed of comments"."""
    tr = translator(language)
    if feed.kind == "wordpress":
        if feed.categories is None:
            return tr.gettext("WordPress site: its front page and its categories")
        return tr.ngettext(
            "WordPress site: its front page and {count} category",
            "WordPress site: its front page and {count} categories",
            feed.categories,
        )
    kind = tr.gettext(_KINDS[feed.kind])
    return tr.gettext("{kind} of comments", kind=kind) if feed.comments else kind


def found_name(feed: FoundFeed) -> str:
    """The offer's name: its own title, else its host."""
    return feed.title or host(feed.url)


def found_line(feed: FoundFeed, language: str) -> str:
    """One line for a pick list: "KalbarOnline — WordPress site: …"."""
    return f"{found_name(feed)} — {found_kind(feed, language)}"
