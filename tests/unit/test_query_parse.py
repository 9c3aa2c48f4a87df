"""The query language as a reader writes it: every string either reads as a query or gives one
sentence that says what is wrong and where; never anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kalbartui.i18n import message
from kalbartui.query.nodes import And, Everything, Name, Not, Or, Pattern, State, When, Words
from kalbartui.query.parse import MAX_DEPTH, MAX_TERMS, QueryError, parse


def test_words_fields_and_operators() -> None:
    assert parse("sungai kapuas") == And((Words("sungai"), Words("kapuas")))
    assert parse("sungai AND kapuas") == parse("sungai kapuas")
    assert parse('"perahu bidar" OR kapu*') == Or(
        (Words("perahu bidar", phrase=True), Words("kapu", prefix=True))
    )
    assert parse("-banjir sintang") == And((Not(Words("banjir")), Words("sintang")))
    assert parse("NOT banjir") == Not(Words("banjir"))
    assert parse("(a OR b) c") == And((Or((Words("a"), Words("b"))), Words("c")))
    assert parse('title:"Kubu Raya"') == Words("Kubu Raya", field="title", phrase=True)
    assert parse("author:jauhari*") == Words("jauhari", field="author", prefix=True)
    assert parse("feed:KalbarOnline category:Pontianak tag:banjir site:kalbaronline.com") == And(
        (
            Name("feed", "KalbarOnline"),
            Name("category", "Pontianak"),
            Name("tag", "banjir"),
            Name("site", "kalbaronline.com"),
        )
    )
    assert parse("is:unread is:STARRED") == And((State("unread"), State("starred")))
    assert parse("after:2026-12-01 newer:2d older:3w") == And(
        (When("after", date="2026-12-01"), When("newer", hours=48), When("older", hours=504))
    )
    assert parse("title:/^(Pj|Plt) /") == Pattern("title", "^(Pj|Plt) ")
    assert parse("") == Everything() and parse("   ") == Everything()


def test_what_is_no_syntax_is_a_word() -> None:
    # Lower-case and/or/not are Indonesian and English words; an unknown field is a word.
    assert parse("banjir or longsor") == And((Words("banjir"), Words("or"), Words("longsor")))
    assert parse("jam 10:30") == And((Words("jam"), Words("10:30")))
    assert parse("ORANGE") == Words("ORANGE")
    assert parse("co-op") == Words("co-op")
    assert parse("a - b") == And((Words("a"), Words("b")))


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("a OR", "query.unfinished", 4),
        ("(banjir", "query.unclosed_bracket", 1),
        ("banjir)", "query.unopened_bracket", 7),
        ('"perahu bidar', "query.unclosed_quote", 1),
        ("title:", "query.unfinished", 6),
        ("/^Pj/", "query.regex_needs_field", 1),
        ("title:/(/", "query.bad_regex", 7),
        ("is:maybe", "query.bad_flag", 4),
        ("after:2026-13-01", "query.bad_date", 7),
        ("older:3x", "query.bad_age", 7),
        ("()", "query.empty_brackets", 2),
    ],
)
def test_a_mistake_is_one_sentence_pointing_at_its_place(
    text: str, code: str, position: int
) -> None:
    with pytest.raises(QueryError) as info:
        parse(text)
    assert info.value.problem.code == code
    assert info.value.position == position
    for language in ("en", "id"):
        said = message(info.value.problem, language)
        assert said and "\n" not in said and str(position) in said


def test_limits_are_refused_in_one_sentence() -> None:
    with pytest.raises(QueryError) as info:
        parse("a " * 50_000)
    assert info.value.problem.code == "query.too_long" and "2,000" in str(info.value)
    with pytest.raises(QueryError) as info:
        parse(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))
    assert info.value.problem.code == "query.too_many_terms"
    with pytest.raises(QueryError) as info:
        parse("(" * 10_000 + "a" + ")" * 10_000)
    assert info.value.problem.code in ("query.too_deep", "query.too_long")
    with pytest.raises(QueryError) as info:
        parse("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1))
    assert info.value.problem.code == "query.too_deep"


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=200))
def test_any_string_reads_or_gives_one_query_error(text: str) -> None:
    try:
        parse(text)
    except QueryError as exc:
        assert message(exc.problem, "id")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "banjir",
                "OR",
                "AND",
                "NOT",
                "-",
                "(",
                ")",
                '"',
                "title:",
                "is:unread",
                "/x/",
                "kapu*",
                "after:2026-12-01",
                ":",
                "*",
                "feed:",
                "-(",
                "\\",
            ]
        ),
        max_size=30,
    )
)
def test_any_mix_of_the_syntax_reads_or_gives_one_query_error(parts: list[str]) -> None:
    for joiner in (" ", ""):
        try:
            parse(joiner.join(parts))
        except QueryError as exc:
            assert message(exc.problem, "en")
