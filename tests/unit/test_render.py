"""The article renderer: untrusted HTML becomes safe styled text for the reading pane and `show`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from rich.style import Style
from rich.text import Text

from kalbartui.models import Article
from kalbartui.render import RenderedBody, render_article, render_html, safe_url, to_ansi, to_plain

PONTIANAK = ZoneInfo("Asia/Pontianak")
# Friday 28 February 2020, 10:15 in Pontianak (UTC+7), and the reader looks three hours later.
PUBLISHED = datetime(2020, 2, 28, 3, 15, tzinfo=UTC)
NOW = datetime(2020, 2, 28, 6, 15, tzinfo=UTC)
ARTICLE_URL = "https://www.kalbaronline.com/2020/02/28/jembatan-kapuas-dicat-ulang/"


def plain(html: str, width: int = 80, **kwargs: str) -> str:
    return to_plain(render_html(html, width, **kwargs), width).rstrip("\n")


def style_at(text: Text, needle: str) -> Style:
    """The style the first character of `needle` is drawn with."""
    offset = text.plain.index(needle)
    return Style.combine(
        [Style()]
        + [s.style for s in text.spans if s.start <= offset < s.end and isinstance(s.style, Style)]
    )


def controls(value: str) -> list[str]:
    return [ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]


def article(**changes: object) -> Article:
    base = Article(
        id=7,
        site="kalbaronline",
        guid="https://www.kalbaronline.com/?p=7",
        url=ARTICLE_URL,
        title="Jembatan Kapuas Dicat Ulang Menjelang Cap Go Meh",
        author="Rina Putri",
        published=PUBLISHED,
        published_estimated=False,
        categories=("Pontianak", "Infrastruktur"),
        feed="KalbarOnline",
        summary="Petugas mengecat ulang pagar jembatan.",
        content_html=(
            "<p>Petugas dinas mengecat ulang pagar <b>Jembatan Kapuas</b> sejak pagi.</p>"
            '<p>Jadwal lengkap ada di <a href="https://www.kalbaronline.com/jadwal/">laman jadwal</a>.</p>'
        ),
        image_url="",
        read=False,
        starred=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- blocks and whitespace


def test_paragraphs_are_separated_by_one_blank_line_and_whitespace_is_tidied() -> None:
    html = "\n\n<p>  Hujan   deras\n\tsejak  subuh. </p>\n<p></p><p>&nbsp;</p>\n<p>Sungai  meluap.</p>\n\n"
    assert plain(html) == "Hujan deras sejak subuh.\n\nSungai meluap."


def test_no_line_ends_with_spaces_and_no_blank_lines_pile_up() -> None:
    html = (
        "<div><div><p>Satu </p></div></div><br><br><br><br><div>Dua <br> </div><p> </p><p>Tiga</p>"
    )
    out = plain(html)
    assert out == "Satu\n\nDua\n\nTiga"
    assert all(line == line.rstrip() for line in out.split("\n"))


def test_headings_are_bold_and_the_first_level_is_underlined() -> None:
    body = render_html(
        "<h1>Banjir Rob</h1><h2>Warga Mengungsi</h2><h3>Posko</h3><p>Isi berita.</p>"
    )
    assert body.text.plain == "Banjir Rob\n\nWarga Mengungsi\n\nPosko\n\nIsi berita."
    assert style_at(body.text, "Banjir").bold and style_at(body.text, "Banjir").underline
    assert style_at(body.text, "Warga").bold and not style_at(body.text, "Warga").underline
    assert style_at(body.text, "Posko").bold
    assert not style_at(body.text, "Isi").bold


def test_inline_styles() -> None:
    body = render_html(
        "<p><b>tebal</b> <strong>kuat</strong> <i>miring</i> <em>tekan</em> <u>garis</u> "
        "<s>coret</s> <code>kode</code> biasa</p>"
    )
    text = body.text
    assert text.plain == "tebal kuat miring tekan garis coret kode biasa"
    assert style_at(text, "tebal").bold and style_at(text, "kuat").bold
    assert style_at(text, "miring").italic and style_at(text, "tekan").italic
    assert style_at(text, "garis").underline
    assert style_at(text, "coret").strike
    assert style_at(text, "kode").color is not None
    assert style_at(text, "biasa") == Style()


def test_nested_inline_styles_combine_and_end_where_their_tag_ends() -> None:
    text = render_html("<p><b>tebal <i>dan miring</i> lagi</b> selesai</p>").text
    assert style_at(text, "dan").bold and style_at(text, "dan").italic
    assert style_at(text, "lagi").bold and not style_at(text, "lagi").italic
    assert style_at(text, "selesai") == Style()


def test_pre_keeps_its_whitespace_and_lines() -> None:
    html = "<p>Contoh:</p><pre>\nif hujan:\n    bawa_payung()\n\n\tpulang()\n</pre><p>Sesudah.</p>"
    assert plain(html) == "Contoh:\n\nif hujan:\n    bawa_payung()\n\n    pulang()\n\nSesudah."


def test_br_breaks_a_line_and_hr_draws_a_rule() -> None:
    out = plain("<p>Jalan Gajah Mada<br>Pontianak</p><hr><p>Berita lain</p>", width=30)
    lines = out.split("\n")
    assert lines[:2] == ["Jalan Gajah Mada", "Pontianak"]
    assert lines[2] == ""
    assert set(lines[3]) == {"─"} and 3 <= len(lines[3]) <= 30
    assert lines[4:] == ["", "Berita lain"]


# ---------------------------------------------------------------- lists, quotes, tables


def test_unordered_and_ordered_lists_with_nesting() -> None:
    html = (
        "<p>Bawaan:</p><ul><li>Air minum</li><li>Jas hujan<ul><li>ukuran dewasa</li>"
        "<li>ukuran anak</li></ul></li><li>Senter</li></ul>"
        "<ol><li>Daftar</li><li>Antre</li></ol><ol start='9'><li>sembilan</li><li>sepuluh</li></ol>"
    )
    assert plain(html).split("\n") == [
        "Bawaan:",
        "",
        "• Air minum",
        "• Jas hujan",
        "  ◦ ukuran dewasa",
        "  ◦ ukuran anak",
        "• Senter",
        "",
        "1. Daftar",
        "2. Antre",
        "",
        "9. sembilan",
        "10. sepuluh",
    ]


def test_list_items_without_end_tags_are_closed_like_a_browser_does() -> None:
    assert plain("<ul><li>satu<li>dua<li>tiga</ul>") == "• satu\n• dua\n• tiga"


def test_a_long_list_item_wraps_under_its_own_text_when_a_width_is_given() -> None:
    words = "pasar terapung di sungai kapuas ramai dikunjungi warga setiap akhir pekan"
    out = to_plain(render_html(f"<ol><li>{words}</li></ol>", 30), 30).rstrip("\n")
    lines = out.split("\n")
    assert len(lines) > 1
    assert lines[0].startswith("1. ")
    assert all(line.startswith("   ") and not line.startswith("    ") for line in lines[1:])
    assert all(len(line) <= 30 for line in lines)
    assert " ".join(line.strip() for line in lines).removeprefix("1. ") == words


def test_blockquote_gets_a_bar_on_every_line_and_italic_text() -> None:
    html = "<p>Kata wali kota:</p><blockquote><p>Kami siap.</p><p>Semua posko buka.</p></blockquote><p>Lalu.</p>"
    body = render_html(html)
    assert to_plain(body, 80).rstrip("\n").split("\n") == [
        "Kata wali kota:",
        "",
        "▌ Kami siap.",
        "▌",
        "▌ Semua posko buka.",
        "",
        "Lalu.",
    ]
    assert style_at(body.text, "Kami").italic


def test_table_rows_are_cells_joined_by_a_bar_with_a_bold_header() -> None:
    html = (
        "<table><thead><tr><th>Kota</th><th>Curah hujan</th></tr></thead>"
        "<tbody><tr><td>Pontianak</td><td>120 mm</td></tr><tr><td>Sintang<td>95 mm</tbody></table>"
    )
    body = render_html(html, 80)
    lines = to_plain(body, 80).rstrip("\n").split("\n")
    assert [re.sub(r"\s+", " ", line) for line in lines] == [
        "Kota │ Curah hujan",
        "──────────┼────────────",
        "Pontianak │ 120 mm",
        "Sintang │ 95 mm",
    ]
    # Columns line up when they fit.
    assert len({line.index("│") if "│" in line else line.index("┼") for line in lines}) == 1
    assert style_at(body.text, "Kota").bold
    assert not style_at(body.text, "Pontianak").bold


# ---------------------------------------------------------------- links


def test_links_are_numbered_in_order_and_the_same_url_keeps_its_number() -> None:
    html = (
        '<p><a href="https://kalbaronline.com/a">Satu</a>, <a href="http://contoh.id/b">dua</a>, '
        '<a href="https://kalbaronline.com/a">satu lagi</a>.</p>'
    )
    body = render_html(html)
    assert body.text.plain == "Satu[1], dua[2], satu lagi[1]."
    assert body.links == ["https://kalbaronline.com/a", "http://contoh.id/b"]
    assert style_at(body.text, "Satu").link == "https://kalbaronline.com/a"
    assert style_at(body.text, "dua").link == "http://contoh.id/b"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "mailto:redaksi@contoh.id",
        "ftp://contoh.id/berkas",
        "/relatif/tanpa/basis",
        "#catatan-1",
        "",
    ],
)
def test_only_http_and_https_links_are_linked_and_listed(href: str) -> None:
    body = render_html(f'<p>Baca <a href="{href}">di sini</a> ya.</p>')
    assert body.text.plain == "Baca di sini ya."
    assert body.links == []
    assert all(not (isinstance(s.style, Style) and s.style.link) for s in body.text.spans)
    ansi = to_ansi(body, 80)
    assert "\x1b]8;" not in ansi


def test_relative_links_resolve_against_the_article_url() -> None:
    body = render_html('<a href="/2020/02/banjir/">Banjir</a>', base_url=ARTICLE_URL)
    assert body.links == ["https://www.kalbaronline.com/2020/02/banjir/"]


def test_a_link_without_visible_text_gets_no_number() -> None:
    body = render_html('<p>Awal<a href="https://contoh.id/kosong"></a> akhir</p>')
    assert body.text.plain == "Awal akhir"
    assert body.links == []


def test_link_urls_are_made_printable_so_they_cannot_escape_a_terminal_hyperlink() -> None:
    href = 'https://contoh.id/jalan raya?q="a"&x=<b>&#27;]8;;\x07\u202e'
    body = render_html(f"<a href='{href}'>tautan</a>")
    (url,) = body.links
    assert url.startswith("https://contoh.id/jalan%20raya?q=%22a%22&x=%3Cb%3E")
    assert url.isascii() and url.isprintable() and " " not in url
    ansi = to_ansi(body, 80)
    assert "\x1b]8;id=" in ansi and url in ansi
    assert "\x07" not in ansi


def test_safe_url_accepts_only_web_urls() -> None:
    assert safe_url("https://kalbaronline.com/") == "https://kalbaronline.com/"
    assert safe_url("//kalbaronline.com/x") == "https://kalbaronline.com/x"
    assert safe_url("https://bücher.example/") == "https://xn--bcher-kva.example/"
    for bad in ("javascript:x", "https://", "http://[::1", "file:///x", "x" * 5000, None):
        assert safe_url(bad) == ""


# ---------------------------------------------------------------- images


def test_images_become_a_placeholder_and_their_source_is_listed() -> None:
    html = '<p>Foto:</p><img src="https://kalbaronline.com/foto/tugu.jpg" alt="Tugu Khatulistiwa">'
    body = render_html(html, language="id")
    assert body.text.plain == "Foto:\n\n[gambar: Tugu Khatulistiwa][1]"
    assert body.links == ["https://kalbaronline.com/foto/tugu.jpg"]
    english = render_html(
        '<img alt="Equator monument" src="data:image/png;base64,AAAA">', language="en"
    )
    assert english.text.plain == "[image: Equator monument]"
    assert english.links == []
    assert render_html("<img>", language="en").text.plain == "[image]"
    assert render_html("<img>").text.plain == "[gambar]"


def test_image_inside_a_link_uses_the_link() -> None:
    html = '<a href="https://kalbaronline.com/galeri"><img src="https://kalbaronline.com/t.jpg" alt="Galeri"></a>'
    body = render_html(html)
    assert body.text.plain == "[gambar: Galeri][1]"
    assert body.links == ["https://kalbaronline.com/galeri"]


def test_lazy_images_emoji_and_tracking_pixels() -> None:
    html = (
        '<p>Lucu <img class="wp-smiley" alt="😀" src="https://s.w.org/e.png"> sekali.</p>'
        '<img width="1" height="1" src="https://pelacak.example/p.gif">'
        '<img alt="Sungai" src="data:image/gif;base64,R0lG" data-src="https://kalbaronline.com/s.jpg">'
    )
    body = render_html(html)
    assert body.text.plain == "Lucu 😀 sekali.\n\n[gambar: Sungai][1]"
    assert body.links == ["https://kalbaronline.com/s.jpg"]


# ---------------------------------------------------------------- hostile content


def test_dropped_elements_show_nothing_but_the_text_around_them_stays() -> None:
    html = (
        "<head><title>judul tab</title></head><p>Awal</p>"
        "<script>alert('x')</script><style>p { color: red }</style>"
        "<iframe src='https://video.example'>bingkai</iframe><noscript>aktifkan js</noscript>"
        "<template><p>cetakan</p></template><svg><text>gambar vektor</text></svg>"
        "<math><mi>x</mi></math><object>objek</object><embed src='x'><p>Akhir</p>"
    )
    assert plain(html) == "Awal\n\nAkhir"


def test_entities_are_decoded_once() -> None:
    out = plain(
        "<p>Tom &amp; Jerry &lt;b&gt;tidak tebal&lt;/b&gt; &#8211; &quot;kutip&quot; &amp;amp;</p>"
    )
    assert out == 'Tom & Jerry <b>tidak tebal</b> – "kutip" &amp;'


@pytest.mark.parametrize(
    "literal",
    [
        "[bold]x[/]",
        "[link=https://evil.example]klik[/link]",
        "[@click=app.quit]keluar[/]",
        ":smile: [red]merah[/red] \\[escaped]",
    ],
)
def test_markup_looking_text_stays_literal(literal: str) -> None:
    body = render_html(f"<p>{literal}</p>")
    assert body.text.plain == literal
    assert to_plain(body, 80) == literal + "\n"
    ansi = to_ansi(body, 80)
    assert literal in ansi
    assert "evil.example\x1b" not in ansi and "\x1b]8;" not in ansi


def test_control_characters_never_reach_the_text() -> None:
    html = "<p>a\x1b[31mmerah\x07\x00\x9b2J\r\nb &#27;[0m &#x9b; &#0; &#13;c</p><pre>x\x1b]8;;y\x08z\tw</pre>"
    body = render_html(html)
    assert controls(body.text.plain) == []
    assert "\x1b" not in to_plain(body, 80)
    assert "merah" in body.text.plain


@pytest.mark.parametrize(
    "html",
    [
        "<p>tanpa penutup <b>tebal <i>miring",
        "</p></div></b>teks yatim</li></td></table>",
        "<a <a <a <a teks",
        "<!-- komentar tanpa akhir <p>isi</p>",
        "<![if x]>a<![endif]> <![CDATA[b]]> <!DOCTYPE html> <?php echo 1 ?> </ spasi> </>",
        '<p title="kutip tanpa akhir>teks</p><p>lanjut</p>',
        "<table><td>sel tanpa baris<tr>baris</table></td></tr>",
        "<ul><li><ol><li><blockquote><li>campur</ul></blockquote>",
        "<pre><pre>ganda</pre>",
        "<script>tanpa penutup",
    ],
)
def test_malformed_html_never_raises_and_keeps_visible_text(html: str) -> None:
    body = render_html(html)
    assert isinstance(body, RenderedBody)
    assert controls(body.text.plain) == []
    words = [w for w in re.split(r"<[^>]*>|\s+", html) if w.isalpha()]
    if "script" not in html:
        assert any(word in body.text.plain for word in words)


def test_an_unterminated_comment_or_tag_shows_as_text_instead_of_swallowing_the_article() -> None:
    assert plain("<p>satu <!-- dua</p><p>tiga</p>") == "satu <!-- dua\n\ntiga"
    assert plain("<p>a < b dan c <d</p>") == "a < b dan c <d"


@pytest.mark.parametrize(
    "opening,closing",
    [
        ("<b>", "</b>"),
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("<blockquote>", "</blockquote>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<a href='https://contoh.id/'>", "</a>"),
        ("<span>", ""),
    ],
)
def test_three_thousand_levels_of_nesting(opening: str, closing: str) -> None:
    # Three times the recursion limit, and under the cap on elements (MAX_ELEMENTS).
    body = render_html(opening * 3_000 + "dalam" + closing * 3_000 + "<p>sesudah</p>")
    assert "dalam" in body.text.plain and "sesudah" in body.text.plain
    # Indentation stops growing, so no line becomes a wall of prefix.
    assert max(len(line) for line in body.text.plain.split("\n")) < 200


def test_markup_that_would_make_the_stdlib_parser_quadratic_is_rendered_as_text() -> None:
    # Without the pre-pass, a few thousand of these take html.parser seconds; the suite would
    # crawl. Each one is shown literally since none is a complete tag.
    for unit in ("<a ", "<a x='", "<!--", "<![ ", "</", "<?", "<a =", "<a<b"):
        html = unit * 20_000
        assert render_html(html).text.plain.replace(" ", "") == html.replace(" ", "").strip()


def test_raw_text_elements_end_at_their_end_tag_however_many_false_ends_follow() -> None:
    assert render_html(
        "<p>a</p><script>x</script ><p>b</p><style>y</STYLE foo><p>c</p>"
    ).text.plain == ("a\n\nb\n\nc")
    # A browser drops everything after an end tag that never gets its ">"; so do we, at once.
    assert render_html("<p>a</p><script>" + "</script " * 20_000).text.plain == "a"


def test_huge_input_is_cut_with_a_visible_mark() -> None:
    body = render_html("<p>" + "kata " * 300_000 + "</p><p>akhir</p>")
    assert body.text.plain.startswith("kata kata")
    assert body.text.plain.endswith("kata\n\n" + body.note)
    assert body.note.startswith("Artikel dipotong")


# ---------------------------------------------------------------- the whole article


def test_article_in_indonesian() -> None:
    body = render_article(article(), language="id", tz=PONTIANAK, now=NOW, width=80)
    lines = to_plain(body, 100).rstrip("\n").split("\n")
    assert lines == [
        "Jembatan Kapuas Dicat Ulang Menjelang Cap Go Meh",
        "Oleh Rina Putri · Jumat, 28 Februari 2020 10.15 WIB · 3 jam lalu · ± 1 menit baca",
        "KalbarOnline · Kategori: Pontianak, Infrastruktur",
        f"Sumber: {ARTICLE_URL}",
        "",
        "Petugas dinas mengecat ulang pagar Jembatan Kapuas sejak pagi.",
        "",
        "Jadwal lengkap ada di laman jadwal[1].",
        "",
        "Tautan",
        "[1] https://www.kalbaronline.com/jadwal/",
    ]
    assert body.links == ["https://www.kalbaronline.com/jadwal/"]
    assert style_at(body.text, "Jembatan Kapuas Dicat").bold


def test_article_in_english_with_an_estimated_date() -> None:
    body = render_article(
        article(published_estimated=True), language="en", tz=PONTIANAK, now=NOW, width=80
    )
    lines = to_plain(body, 120).split("\n")
    assert (
        lines[1]
        == "By Rina Putri · Friday, 28 February 2020 10:15 WIB (estimated) · 3 hours ago · 1 min read"
    )
    assert lines[2] == "KalbarOnline · Categories: Pontianak, Infrastruktur"
    assert lines[3] == f"Source: {ARTICLE_URL}"
    assert "Links" in lines and "[1] https://www.kalbaronline.com/jadwal/" in lines


def test_article_without_author_categories_or_web_url() -> None:
    body = render_article(
        article(author="", categories=(), url="javascript:alert(1)", content_html="<p>Isi.</p>"),
        language="id",
        tz=PONTIANAK,
        now=NOW,
    )
    assert body.text.plain.split("\n") == [
        "Jembatan Kapuas Dicat Ulang Menjelang Cap Go Meh",
        "Jumat, 28 Februari 2020 10.15 WIB · 3 jam lalu · ± 1 menit baca",
        "KalbarOnline",
        "",
        "Isi.",
    ]
    assert body.links == []


def test_article_falls_back_to_its_plain_summary_and_keeps_it_literal() -> None:
    summary = "Harga cabai <naik> & [bold]turun[/]\n\nParagraf kedua."
    body = render_article(
        article(content_html="", summary=summary), language="id", tz=PONTIANAK, now=NOW
    )
    assert body.text.plain.endswith("Harga cabai <naik> & [bold]turun[/]\n\nParagraf kedua.")


def test_article_title_and_byline_are_cleaned() -> None:
    body = render_article(
        article(title="Judul\x1b[2J\x07 palsu", author="[red]Penulis[/]\x9b"),
        language="id",
        tz=PONTIANAK,
        now=NOW,
    )
    assert body.text.plain.startswith("Judul[2J palsu\nOleh [red]Penulis[/] · ")
    assert controls(body.text.plain) == []


# ---------------------------------------------------------------- plain and styled output


def test_to_plain_wraps_at_the_width_and_has_no_escape_sequences() -> None:
    words = " ".join(["khatulistiwa"] * 40)
    body = render_html(
        f"<h1>Judul</h1><p><b>{words}</b> <a href='https://contoh.id/'>tautan</a></p>"
    )
    out = to_plain(body, 40)
    assert "\x1b" not in out
    assert all(len(line) <= 40 for line in out.split("\n"))
    assert out.endswith("\n")


def test_to_ansi_styles_the_text_and_links_it() -> None:
    body = render_html("<p><b>tebal</b> <a href='https://contoh.id/'>tautan</a></p>")
    out = to_ansi(body, 40)
    assert "\x1b[1mtebal" in out
    assert "\x1b]8;id=" in out and ";https://contoh.id/\x1b\\" in out
    assert re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", out) == to_plain(body, 40)


def test_every_tag_action_has_a_handler() -> None:
    from kalbartui.render.elements import _OPEN_ACTIONS
    from kalbartui.render.tags import TAGS

    actions = {rule.action for rule in TAGS.values() if rule.action}
    assert actions == set(_OPEN_ACTIONS)


def test_invisible_elements_are_named_once() -> None:
    from kalbartui.render.tags import DROP
    from kalbartui.text import INVISIBLE_ELEMENTS, RAWTEXT_INVISIBLE, SEARCH_HIDDEN

    assert DROP is INVISIBLE_ELEMENTS
    assert set(RAWTEXT_INVISIBLE) <= INVISIBLE_ELEMENTS
    assert set(SEARCH_HIDDEN) <= INVISIBLE_ELEMENTS
    for name in ("script", "style", "iframe", "template", "svg", "video"):
        body = render_html(f"<p>Pontianak</p><{name}>tersembunyi</{name}><p>Sambas</p>")
        assert "tersembunyi" not in body.text.plain
        assert "Pontianak" in body.text.plain and "Sambas" in body.text.plain
