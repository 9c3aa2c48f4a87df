"""The reading pane drawn line by line: long articles, hostile ones, reading time."""

from __future__ import annotations

from rich.text import Text

from kalbartui.render import reading_minutes
from kalbartui.ui.widgets.article_view import ArticleView
from kalbartui.ui.widgets.wrap import MAX_LINES, wrap_lines
from tests.ui.builders import article
from tests.ui.conftest import AppFactory, reader_text

KALIMAT = (
    "Warga Desa Sungai Ambawang bergotong royong membersihkan parit sebelum musim hujan tiba, "
    "sementara kepala desa menyiapkan karung pasir di tepi jalan utama."
)


def pane_lines(view: ArticleView) -> list[str]:
    return [view.line_text(y) for y in range(view.line_count)]


async def test_a_long_article_opens_whole_and_scrolls_to_its_last_line(
    make_app: AppFactory,
) -> None:
    paragraphs = [f"Paragraf {n}. {KALIMAT}" for n in range(400)]  # about 9,600 words
    app = make_app([article(1, "Laporan Panjang", paragraphs=paragraphs)])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view = app.main.reader
        lines = pane_lines(view)
        width = view.scrollable_content_region.width
        assert all(len(line) <= width for line in lines)
        # Every paragraph is there, in order, wrapped between words.
        text = " ".join(lines)
        assert text.index("Paragraf 0.") < text.index("Paragraf 399.")
        assert "± 48 menit baca" in lines[1] + lines[2]
        await pilot.press("enter")
        assert app.focused is view
        await pilot.press("G")
        await pilot.pause()
        last = "".join(s.text for s in view.render_line(view.scrollable_content_region.height - 1))
        assert "utama." in last


async def test_a_flood_of_line_breaks_is_cut_and_the_pane_says_so(make_app: AppFactory) -> None:
    flood = "baris<br>" * 200_000
    app = make_app([article(1, "Banjir Baris", paragraphs=[flood])])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view = app.main.reader
        assert view.line_count <= MAX_LINES + 3
        # The renderer's own cap comes first and says so at the end of the article.
        tail = " ".join(view.line_text(i) for i in range(view.line_count - 4, view.line_count))
        assert "Artikel dipotong" in tail


async def test_reading_time_shows_in_english_too(make_app: AppFactory) -> None:
    from tests.ui.conftest import offline_config

    words = " ".join(["kata"] * 800)
    app = make_app(
        [article(1, "Empat Menit", paragraphs=[words])], config=offline_config(language="en")
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert "4 min read" in reader_text(app)


def test_wrap_breaks_between_words_and_folds_a_word_longer_than_the_line() -> None:
    text = Text("Pontianak " * 3 + "x" * 25 + " akhir")
    lines, cut = wrap_lines(text, 12)
    shown = [p.plain[a:b].rstrip() for p, a, b in lines]
    assert not cut
    assert shown[:3] == ["Pontianak", "Pontianak", "Pontianak"]
    assert all(len(line) <= 12 for line in shown)
    assert shown[3:] == ["x" * 12, "x" * 12, "x akhir"]


def test_wide_characters_count_as_two_cells() -> None:
    text = Text("漢字 " * 20)
    lines, _ = wrap_lines(text, 10)
    from rich.cells import cell_len

    assert all(cell_len(p.plain[a:b].rstrip()) <= 10 for p, a, b in lines)
    assert "".join(p.plain[a:b] for p, a, b in lines).split() == ["漢字"] * 20


def test_reading_minutes_round_and_never_show_zero() -> None:
    assert reading_minutes(1) == 1
    assert reading_minutes(800) == 4
    assert reading_minutes(10_000) == 50
