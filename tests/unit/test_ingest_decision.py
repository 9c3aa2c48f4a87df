"""The refresh's "is this article new, changed or unchanged" decision, without SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from kalbartui.models import ParsedArticle
from kalbartui.store.ingest import StoredArticle, decide
from kalbartui.store.schema import CATEGORY_SEP

WHEN = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def fetched(**changes: object) -> ParsedArticle:
    base = ParsedArticle(
        guid="https://www.kalbaronline.com/?p=7",
        url="https://www.kalbaronline.com/2026/11/27/banjir-sintang/",
        title="Banjir di Sintang mulai surut",
        author="Rina Kartika",
        published=WHEN,
        published_estimated=False,
        categories=("Sintang", "Daerah"),
        summary="Air mulai turun sejak pagi.",
        content_html="<p>Air mulai turun sejak pagi.</p>",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def stored_as(article: ParsedArticle, **changes: object) -> StoredArticle:
    row = StoredArticle(
        id=41,
        published=article.published.timestamp(),
        published_estimated=article.published_estimated,
        title=article.title,
        author=article.author,
        content_html=article.content_html,
        categories=CATEGORY_SEP.join(article.categories),
        url=article.url,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def test_an_article_with_no_stored_row_is_new_with_the_feeds_date() -> None:
    art = fetched(published_estimated=True)
    decision = decide(None, art)
    assert decision.change == "new"
    assert decision.published == WHEN.timestamp()
    assert decision.published_estimated is True


def test_the_same_article_again_is_unchanged() -> None:
    art = fetched()
    decision = decide(stored_as(art), art)
    assert decision.change == "unchanged"
    assert decision.published == WHEN.timestamp()
    assert decision.published_estimated is False


def test_an_edit_the_reader_sees_makes_it_changed() -> None:
    art = fetched()
    edits = {
        "title": "Banjir di Sintang surut total",
        "author": "Andi Pratama",
        "content_html": "<p>Air sudah surut.</p>",
        "categories": ("Sintang",),
        "url": "https://www.kalbaronline.com/2026/11/27/banjir-sintang-2/",
        "published": WHEN + timedelta(hours=1),
    }
    for field, value in edits.items():
        assert decide(stored_as(art), fetched(**{field: value})).change == "changed", field


def test_summary_and_image_alone_do_not_make_it_changed() -> None:
    art = fetched()
    again = fetched(summary="Ringkasan baru.", image_url="https://www.kalbaronline.com/a.jpg")
    assert decide(stored_as(art), again).change == "unchanged"


def test_a_guessed_date_never_replaces_the_stored_time() -> None:
    art = fetched()
    earlier = WHEN - timedelta(days=2)
    guessed = fetched(published_estimated=True)  # the feed lost its date: "now" was guessed
    decision = decide(stored_as(art, published=earlier.timestamp()), guessed)
    assert decision.change == "unchanged"
    assert decision.published == earlier.timestamp()
    assert decision.published_estimated is False


def test_the_stored_time_stays_a_guess_only_while_both_lack_a_date() -> None:
    art = fetched(published_estimated=True)
    guess = stored_as(art, published_estimated=True)
    assert decide(guess, art).published_estimated is True
    real = fetched(published=WHEN - timedelta(hours=3))
    decision = decide(guess, real)
    assert decision.change == "changed"
    assert decision.published == (WHEN - timedelta(hours=3)).timestamp()
    assert decision.published_estimated is False
