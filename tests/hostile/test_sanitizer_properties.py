"""Properties of the sanitizers and the article renderer, for any input a hostile feed can send.

Whatever the text or HTML: nothing raises, no control character but newline and tab survives,
markup-looking text stays literal, the plain output has no escape sequence, and every listed
link is one kalbartui would open.
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from kalbartui.browser import check_url
from kalbartui.render import render_html, safe_url, to_ansi, to_plain
from kalbartui.render.body import _render_strict
from kalbartui.text import clean, clean_line, strip_tags

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters feeds really use to attack a terminal or a markup parser, mixed with ordinary ones.
NASTY = (
    "\x00\x07\x08\x0b\x0c\x0d\x1b\x7f\x85\x9b\x9c\u2028\u2029\u202e\u200b\ufeff\xa0"
    "<>&;#[]/=@:'\" \n\tabcXYZ019éß漢😀"
)
nasty_text = st.text(alphabet=st.sampled_from(NASTY), max_size=60)
any_text = st.text(max_size=200) | nasty_text


def controls(value: str) -> list[str]:
    """Control characters (category Cc) other than newline and tab."""
    return [ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]


# ---------------------------------------------------------------- kalbartui.text


@SETTINGS
@given(any_text)
def test_clean_leaves_no_control_character_and_is_idempotent(value: str) -> None:
    out = clean(value)
    assert controls(out) == []
    assert "\r" not in out
    assert clean(out) == out


@SETTINGS
@given(any_text, st.integers(min_value=1, max_value=300))
def test_clean_line_is_one_bounded_line(value: str, limit: int) -> None:
    out = clean_line(value, limit)
    assert controls(out) == []
    assert "\n" not in out and "\t" not in out
    assert len(out) <= limit
    assert out == out.strip()


@SETTINGS
@given(any_text)
def test_strip_tags_leaves_no_control_character(value: str) -> None:
    out = strip_tags(value)
    assert controls(out) == []
    # Entities that decode to controls ("&#27;", "&#x9b;") are removed too.
    assert controls(strip_tags(value + "&#27;&#x9b;&#13;&#0;")) == []


# ---------------------------------------------------------------- HTML built from fragments

TAGS = (
    "p b i u s em strong code pre a ul ol li dl dt dd blockquote q h1 h3 div span table thead "
    "tbody tr td th figure figcaption hr br img script style iframe noscript template svg "
    "math object title textarea xmp select head small mark sup"
).split()
ATTRS = [
    "",
    ' href="https://www.kalbaronline.com/berita/1/"',
    " href='http://contoh.id/a b'",
    ' href="javascript:alert(1)"',
    " href=data:text/html,x",
    ' href="/relatif"',
    ' href="#catatan"',
    ' href="https://contoh.id/\x1b]8;;\x07x"',
    ' src="https://www.kalbaronline.com/foto.jpg" alt="Tugu"',
    ' alt="[bold]x[/]" src="file:///etc/passwd"',
    ' class="wp-smiley" alt="😀"',
    ' width="1" height="1"',
    ' start="-7"',
    ' start="99999999999"',
    ' title="a > b"',
    " x='<p>di dalam kutip</p>'",
    ' data-caption="<b>',
    " onclick=alert(1)",
    "/",
]
LEAVES = [
    "&amp;",
    "&#27;[31m",
    "&#x9b;",
    "&#0;",
    "&nbsp;",
    "&lt;b&gt;",
    "&#8211;",
    "&",
    "<",
    "</",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE html>",
    "<?php ?>",
    "[bold]",
    "[/]",
    "[link=https://evil.example]",
    "[@click=app.quit]",
    ":smile:",
    "\x1b[2J",
    "\r\n",
    "\t",
    "   ",
    "Pontianak",
    "hujan deras",
]


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.sampled_from(ATTRS))
    inner = "".join(draw(st.lists(children, max_size=4)))
    ending = draw(st.sampled_from(["close", "close", "open", "other", "upper"]))
    if ending == "close":
        return f"<{tag}{attrs}>{inner}</{tag}>"
    if ending == "open":
        return f"<{tag}{attrs}>{inner}"
    if ending == "upper":
        return f"<{tag.upper()}{attrs}>{inner}</{tag.upper()}>"
    other = draw(st.sampled_from(TAGS))
    return f"<{tag}{attrs}>{inner}</{other}>"


leaf = st.sampled_from(LEAVES) | nasty_text
html_fragment = st.recursive(leaf, lambda kids: element(kids), max_leaves=40)
html_document = st.lists(html_fragment, max_size=8).map("".join)


def check_body(html: str, width: int) -> None:
    # The strict renderer has no safety net: an exception here is a real bug.
    body = _render_strict(html, width, "id", "https://www.kalbaronline.com/2020/02/28/x/")
    plain = body.text.plain
    assert controls(plain) == []
    for span in body.text.spans:
        assert 0 <= span.start <= span.end <= len(plain)
        if isinstance(span.style, Style) and span.style.link:
            assert span.style.link in body.links
    for url in body.links:
        assert check_url(url) == url
        assert url.isascii() and url.isprintable()
    out = to_plain(body, width)
    assert "\x1b" not in out
    assert all(cell_len(line) <= width for line in out.split("\n"))
    assert controls(to_ansi(body, width).replace("\x1b", "")) == []


@SETTINGS
@given(any_text, st.integers(min_value=20, max_value=120))
def test_render_any_string(value: str, width: int) -> None:
    check_body(value, width)
    assert controls(render_html(value).text.plain) == []


@SETTINGS
@given(html_document, st.integers(min_value=20, max_value=120))
def test_render_html_built_from_random_tags_and_text(html: str, width: int) -> None:
    check_body(html, width)


@SETTINGS
@given(st.text(alphabet=st.sampled_from("[]/=@:!#$%^*()_+-.,?~`{}|\\abcXYZ \u00e9漢"), max_size=80))
def test_text_without_tags_shows_exactly_as_written(value: str) -> None:
    body = render_html(f"<p>{value}</p>")
    expected = " ".join(value.split())
    assert body.text.plain == expected
    assert to_plain(body, 1000).rstrip("\n") == expected


@SETTINGS
@given(any_text)
def test_safe_url_gives_an_openable_url_or_nothing(value: str) -> None:
    url = safe_url(value)
    assert url == "" or check_url(url) == url
