"""The cleaning and rendering functions take time linear in their input, whatever the input;
the work kalbartui leaves to libraries (extraction, decoding) ends at its deadline.

A regex with a quantifier that rescans the rest of the text (`<[^>]*>` on "<<<<...") turns a
feed of a megabyte into minutes of work. Each function below is timed on adversarial inputs
of size n and 10 n; a linear function takes about 10 times as long, a quadratic one 100 times.
The bound is generous (30 times) and each size is timed several times, keeping the fastest,
so a busy machine does not make the test fail; a future quadratic step still does. The time is
this thread's CPU time: with the suite's other workers on the same cores, wall time also counts
the moments the thread waited for a core (a 47-fold "growth" once, under four workers).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from kalbartui import jobs, text, urls
from kalbartui.feeds import discover, field_text, images, pages, xml_prepass
from kalbartui.render import render_html
from kalbartui.render.prepass import defuse
from tests.hostile.conftest import Recorder
from tests.hostile.payloads import scan_bomb_jpeg

GROWTH_LIMIT = 30.0  # linear is 10; quadratic is 100
REPEATS = 5
FLOOR = 0.005  # seconds: below this the small run is mostly timer and cache noise


def _best(fn: Callable[[object], object], value: object) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.thread_time()
        fn(value)
        best = min(best, time.thread_time() - started)
    return best


def _text(unit: str) -> Callable[[int], str]:
    return lambda n: unit * n


def _bytes(head: bytes, unit: bytes, tail: bytes = b"") -> Callable[[int], bytes]:
    return lambda n: head + unit * n + tail


BASE = "https://kalbar.example/berita/"
# Units that made a step quadratic once, or would if a rescanning pattern came back.
TAG_RUNS = ("&lt;", "<", "<a ", "<img ", "<script ", "<!--", "<a <a ", "</script ", "<p", "x>")

CASES: list[tuple[str, Callable[[object], object], Callable[[int], object], int]] = [
    *[(f"strip_tags {u!r}", text.strip_tags, _text(u), 100_000) for u in TAG_RUNS],
    *[(f"html_text {u!r}", text.html_text, _text(u), 50_000) for u in TAG_RUNS],
    ("html_text unclosed <style>", text.html_text, lambda n: "<style>" + "</style " * n, 20_000),
    ("clean C1 and bidi", text.clean, _text("\x9b\u202e\x1b[2J kata "), 20_000),
    ("clean_line spaces", lambda s: text.clean_line(s, 10**9), _text(" \t\n"), 50_000),
    *[
        (f"parse._plain {u!r}", lambda s: field_text.plain_text(s, 10**7), _text(u), 50_000)
        for u in ("&lt;", "<script ", "<style x", "\x1b]" + "a")
    ],
    ("parse._no_ansi CSI run", field_text.no_ansi, _text("\x1b[0;"), 20_000),
    ("parse._no_ansi OSC run", field_text.no_ansi, _text("\x9d52;"), 20_000),
    ("image tags", lambda s: list(images._iter_img_tag_texts(s, 10**9)), _text("<img "), 100_000),
    (
        "image tags closed",
        lambda s: list(images._iter_img_tag_texts(s, 10**9)),
        _text("<img >"),
        20_000,
    ),
    (
        "parse footer",
        field_text.drop_footer_html,
        _text("The post <a x>a</a> appeared first on "),
        2_000,
    ),
    ("parse links", lambda s: field_text.absolute_links(s, BASE), _text('href="a'), 20_000),
    ("parse links quoted", lambda s: field_text.absolute_links(s, BASE), _text('src="'), 1_000),
    (
        "parse limit_terms",
        xml_prepass.limit_terms,
        _bytes(b"<item>", b"<category>k</category>"),
        5_000,
    ),
    (
        "parse limit_terms unclosed",
        xml_prepass.limit_terms,
        _bytes(b"<item>", b"<category>"),
        5_000,
    ),
    (
        "parse strip_doctype",
        xml_prepass.strip_doctype,
        _bytes(b"<!DOCTYPE x [", b"<!ENTITY a '"),
        20_000,
    ),
    # A page read for the feeds it announces (`kalbartui add`), and its Link header. Sizes
    # stay under the page cap (512 KB), so this measures the work, not the cap.
    *[
        (
            f"discover.page_links {u!r}",
            lambda s: discover.page_links(s, BASE),
            _text(u),
            15_000 // len(u),
        )
        for u in (
            "<link ",
            "<!--",
            "<!-- ",
            '<link rel="alternate" href="',
            "<link rel=alternate type=application/rss+xml href=/f>",
            "<title>",
            "<a <a ",
            "<script ",
            "&lt;",
        )
    ],
    (
        "discover.header_links",
        lambda s: discover.header_links(s, BASE),
        _text('</f>; rel="alternate"; title="a\\\\"'),
        500,
    ),
    (
        "discover.header_links unclosed",
        lambda s: discover.header_links(s, BASE),
        _text('<"'),
        2_000,
    ),
    ("urls.link_url", urls.link_url, lambda n: "https://kalbar.example/" + "%" * n, 20_000),
    ("defuse '<a <a '", defuse, _text("<a <a "), 20_000),
    ("defuse '</x '", defuse, _text("</x "), 20_000),
    # Rendering: sizes kept under the caps, so this measures the work, not the cap.
    *[
        (f"render_html {u!r}", lambda s: render_html(s, 80), _text(u), 500)
        for u in ("<br>", "<p>k</p>", "<hr>", "<a <a ", "<!--", "&lt;", "<li>", "<blockquote>")
    ],
    ("render_html links", lambda s: render_html(s, 80), _text('<a href="/t">t</a> '), 200),
    ("render_html table", lambda s: render_html(s, 80), _text("<tr><td>a</td><td>b</td>"), 40),
    ("render_html pre", lambda s: render_html(s, 80), lambda n: "<pre>" + "kode\n" * n, 250),
]


@pytest.mark.parametrize(("name", "fn", "make", "n"), CASES, ids=[c[0] for c in CASES])
def test_time_grows_linearly_with_adversarial_input(
    name: str,
    fn: Callable[[object], object],
    make: Callable[[int], object],
    n: int,
    record: Recorder,
) -> None:
    small, large = make(n), make(10 * n)
    fn(small)  # warm caches and compiled patterns
    t_small = _best(fn, small)
    t_large = _best(fn, large)
    growth = t_large / max(t_small, FLOOR)
    record(
        case=name,
        what=f"input of {len(small):,} then {len(large):,} characters",
        status="linear" if growth <= GROWTH_LIMIT else "super-linear",
        seconds=round(t_large, 4),
        small_seconds=round(t_small, 4),
        growth=round(growth, 1),
    )
    assert growth <= GROWTH_LIMIT, (name, t_small, t_large)


# ---------------------------------------------------------------- steps with a deadline

# Extraction (trafilatura) and decoding (Pillow, libjpeg) are libraries' work that kalbartui
# cannot make linear: trafilatura is quadratic in inline elements, and a progressive JPEG can
# repeat a scan any number of times. They run in a worker process under a deadline, so their
# time is linear or capped by the deadline, whatever the input. Here the deadline is short.
SLACK = 3.0  # seconds past the deadline for killing the worker and starting the next one
EXTRACT_SHORT = jobs.Limits(
    seconds=3.0, cpu_seconds=2.0, memory_bytes=512 << 20, preload=pages.EXTRACT_LIMITS.preload
)
DECODE_SHORT = jobs.Limits(
    seconds=3.0, cpu_seconds=2.0, memory_bytes=512 << 20, preload=images.DECODE_LIMITS.preload
)


def _failing_quietly(fn: Callable[[object], object]) -> Callable[[object], object]:
    def run(value: object) -> object:
        try:
            return fn(value)
        except (pages.PageError, images.ImageError) as exc:  # "no article", "took too long"
            return exc.problem.code

    return run


def _inline_page(unit: str) -> Callable[[int], str]:
    return lambda n: "<html><body><article><p>" + unit * n + "</p></article></body></html>"


DEADLINE_CASES: list[
    tuple[str, Callable[[object], object], Callable[[int], object], int, jobs.Limits]
] = [
    *[
        (
            f"extract {unit!r}",
            _failing_quietly(
                lambda page: pages.extract_confined(str(page), BASE, limits=EXTRACT_SHORT)
            ),
            _inline_page(unit),
            4_000,
            EXTRACT_SHORT,
        )
        for unit in ("<b>a</b>", "<span>a</span>", "<i><b>a</b></i>")
    ],
    (
        "decode progressive JPEG, last scan repeated",
        _failing_quietly(
            lambda data: images.decode_confined(bytes(data), 480, limits=DECODE_SHORT)  # type: ignore[arg-type]
        ),
        lambda n: scan_bomb_jpeg(1500, n),
        40,
        DECODE_SHORT,
    ),
]


@pytest.mark.parametrize(
    ("name", "fn", "make", "n", "limits"), DEADLINE_CASES, ids=[c[0] for c in DEADLINE_CASES]
)
def test_work_past_our_reach_is_linear_or_stopped_at_its_deadline(
    name: str,
    fn: Callable[[object], object],
    make: Callable[[int], object],
    n: int,
    limits: jobs.Limits,
    record: Recorder,
) -> None:
    small, large = make(n), make(10 * n)
    fn(small)  # a worker started, its modules imported
    t_small = min(_timed(fn, small) for _ in range(3))
    started = time.perf_counter()
    outcome = fn(large)
    t_large = time.perf_counter() - started
    bound = max(GROWTH_LIMIT * max(t_small, FLOOR), limits.seconds + SLACK)
    stopped = outcome in ("page.too_slow", "image.too_slow")
    record(
        case=name,
        what=f"input of {len(small):,} then {len(large):,} bytes, deadline {limits.seconds:g} s",
        status="stopped at the deadline" if stopped else "linear",
        seconds=round(t_large, 3),
        small_seconds=round(t_small, 4),
        large_outcome=outcome if isinstance(outcome, str) else "ok",
    )
    assert t_large <= bound, (name, t_small, t_large)


def _timed(fn: Callable[[object], object], value: object) -> float:
    started = time.perf_counter()
    fn(value)
    return time.perf_counter() - started
