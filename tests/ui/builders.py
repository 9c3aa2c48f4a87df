"""Hand-built feeds for the reader's tests: WordPress-shaped, Indonesian, with fixed dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kalbartui.models import FeedResult, FeedSpec, ParsedArticle, ParsedFeed
from kalbartui.store import Store, open_store
from kalbartui.store.legacy_errors import as_problem

# The fixed "now" of every UI test and snapshot: Friday 28 February 2020, 10.15 WIB.
NOW = datetime(2020, 2, 28, 3, 15, tzinfo=UTC)

SITE = "https://kalbar.example"

# (title, author, minutes before NOW, categories, paragraphs)
STORIES: list[tuple[str, str, int, tuple[str, ...], tuple[str, ...]]] = [
    (
        "Jembatan Kapuas II Ditutup Sementara untuk Perawatan Sambungan",
        "Rina Marlina",
        4,
        ("Pontianak",),
        (
            "Dinas Pekerjaan Umum menutup satu lajur Jembatan Kapuas II selama dua hari "
            "untuk mengganti karet sambungan yang sudah aus.",
            "Pengendara diminta memakai Jembatan Kapuas I pada jam sibuk pagi dan sore.",
        ),
    ),
    (
        "Petani Kubu Raya Mulai Panen Jagung di Lahan Gambut",
        "Andi Saputra",
        75,
        ("Kubu Raya",),
        (
            "Kelompok tani di Desa Rasau Jaya memanen jagung pertama dari lahan gambut "
            "yang dikelola tanpa membakar.",
            "Hasilnya sekitar enam ton per hektare, kata ketua kelompok.",
        ),
    ),
    (
        "Festival Perahu Bidar Kembali Digelar di Sungai Kapuas",
        "Siti Aminah",
        60 * 5,
        ("Pontianak",),
        (
            "Lomba perahu bidar tahun ini diikuti empat puluh regu dari tujuh kabupaten.",
            "Panitia menyiapkan tribun penonton di tepian Taman Alun Kapuas.",
        ),
    ),
    (
        "Harga Karet di Tingkat Petani Naik Tipis Pekan Ini",
        "Budi Santoso",
        60 * 26,
        ("Ekonomi",),
        (
            "Harga karet lembaran di tingkat petani naik sekitar tiga ratus rupiah per kilogram.",
            "Pedagang pengumpul menyebut permintaan pabrik sedang meningkat.",
        ),
    ),
    (
        "Sekolah di Sungai Raya Terapkan Jadwal Masuk Siang Saat Kabut Asap",
        "Dewi Lestari",
        60 * 24 * 3,
        ("Kubu Raya",),
        (
            "Dinas Pendidikan mengizinkan sekolah memundurkan jam masuk ketika kualitas udara memburuk.",
        ),
    ),
    (
        "Perpustakaan Daerah Buka Layanan Baca Keliling ke Desa",
        "Rina Marlina",
        60 * 24 * 10,
        ("Pontianak",),
        ("Mobil perpustakaan keliling kini singgah di dua belas desa setiap bulan.",),
    ),
]


def article(
    n: int,
    title: str,
    *,
    author: str = "Redaksi",
    minutes_ago: float = 0,
    categories: Sequence[str] = (),
    paragraphs: Sequence[str] = ("Isi berita.",),
    url: str | None = None,
) -> ParsedArticle:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return ParsedArticle(
        guid=f"{SITE}/?p={n}",
        url=url if url is not None else f"{SITE}/berita/{n}/",
        title=title,
        author=author,
        published=NOW - timedelta(minutes=minutes_ago),
        published_estimated=False,
        categories=tuple(categories),
        summary=paragraphs[0] if paragraphs else "",
        content_html=body,
    )


def story_articles() -> list[ParsedArticle]:
    return [
        article(i + 1, title, author=author, minutes_ago=ago, categories=cats, paragraphs=paras)
        for i, (title, author, ago, cats, paras) in enumerate(STORIES)
    ]


def feed_specs(feed_url: str) -> list[FeedSpec]:
    """One WordPress-like source with three categories, all served by one feed URL."""
    return [FeedSpec(url=feed_url, category="", name="Kalbar Contoh", source="Kalbar Contoh")]


CATEGORIES = [
    ("Kalbar Contoh", "Pontianak"),
    ("Kalbar Contoh", "Kubu Raya"),
    ("Kalbar Contoh", "Ekonomi"),
]


def fill_store(
    db_path: Path,
    articles: Sequence[ParsedArticle],
    *,
    feed_url: str = f"{SITE}/feed/",
    now: datetime = NOW,
    error: str = "",
) -> Store:
    """A real cache file holding `articles`, as if one refresh had stored them at `now`."""
    store = open_store(db_path)
    ids = store.sync_feeds(feed_specs(feed_url), CATEGORIES)
    feed_id = ids[feed_url]
    parsed = ParsedFeed(title="Kalbar Contoh", link=SITE + "/", articles=tuple(articles))
    store.save_results([FeedResult(feed_id, parsed=parsed)], now)
    if error:
        store.save_results([FeedResult(feed_id, error=as_problem(error))], now)
    return store


def add_articles(
    db_path: Path, articles: Sequence[ParsedArticle], *, feed_url: str = f"{SITE}/feed/"
) -> None:
    """Store more articles through a second connection, as a refresh thread would."""
    store = open_store(db_path)
    try:
        feed_id = next(f.id for f in store.feeds() if f.url == feed_url)
        parsed = ParsedFeed(title="Kalbar Contoh", link=SITE + "/", articles=tuple(articles))
        store.save_results([FeedResult(feed_id, parsed=parsed)], NOW)
    finally:
        store.close()


def many_articles(count: int, start: int = 1000) -> list[ParsedArticle]:
    """`count` short articles a minute apart, newest first, alternating two categories."""
    return [
        article(
            start + i,
            f"Kabar singkat nomor {i + 1}",
            minutes_ago=i,
            categories=("Pontianak" if i % 2 == 0 else "Ekonomi",),
        )
        for i in range(count)
    ]


# A newsboat user's feed list after an OPML import: a few feeds in categories, most without.
FEED_LIST: list[tuple[str, str, int]] = [  # (name, category, articles)
    ("Ars Technica", "Teknologi", 6),
    ("LWN.net", "Teknologi", 4),
    ("Kompas Tekno", "Teknologi", 0),
    ("Pontianak Post", "Lokal", 5),
    ("Tribun Pontianak", "Lokal", 3),
    *((f"Blog {n:02d}", "", 1 + n % 4) for n in range(1, 20)),
]


def feed_list_specs(base: str = "https://feeds.example") -> list[FeedSpec]:
    """The feed list as its config gives it: [[feeds]] with a name and maybe a category."""
    return [
        FeedSpec(url=f"{base}/{n}.xml", category=category, name=name)
        for n, (name, category, _count) in enumerate(FEED_LIST)
    ]


def fill_feed_list(
    db_path: Path, specs: Sequence[FeedSpec] | None = None, *, now: datetime = NOW
) -> Store:
    """A cache holding FEED_LIST's articles, each feed's a minute apart, as one refresh would."""
    store = open_store(db_path)
    specs = list(specs if specs is not None else feed_list_specs())
    ids = store.sync_feeds(specs)
    results = []
    for n, (spec, (name, _category, count)) in enumerate(zip(specs, FEED_LIST, strict=True)):
        site = spec.url.rsplit("/", 1)[0]
        items = tuple(
            ParsedArticle(
                guid=f"{spec.url}#{i}",
                url=f"{site}/{n}/{i}/",
                title=f"{name}: kabar {i + 1}",
                author="",
                published=now - timedelta(minutes=n + 30 * i),
                published_estimated=False,
                categories=(),
                summary="Isi.",
                content_html="<p>Isi.</p>",
            )
            for i in range(count)
        )
        results.append(FeedResult(ids[spec.url], parsed=ParsedFeed(name, site, items)))
    store.save_results(results, now)
    return store
