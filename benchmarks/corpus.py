"""Synthetic WordPress feeds in Indonesian-looking text, generated from a seed (no copied news).

Every article is a pure function of (seed, index), so the kalbartui caches, the feeds the
loopback server hands to newsboat and the refresh feeds all hold the same kind of text.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import accumulate

from kalbartui.demo import WORDPRESS_RSS_OPEN

# Written for this suite: frequent function words first, so a 1/rank weighting gives
# a Zipf-like spread where "yang" is everywhere and "tengkawang" is rare.
_WORDS = """
yang dan di ke dari untuk dengan ini itu pada dalam akan tidak juga oleh karena
sudah ada bisa lebih telah masih harus agar para saat kata sebagai atau hingga
warga pemerintah kota kabupaten provinsi desa kecamatan dinas kepala wali bupati
gubernur masyarakat daerah jalan sungai kapuas pontianak sambas singkawang ketapang
sintang sanggau landak mempawah bengkayang melawi sekadau kubu raya kayong utara
pembangunan anggaran program kegiatan pelayanan kesehatan pendidikan sekolah guru
siswa rumah sakit pasien dokter puskesmas petani sawit karet padi pasar harga beras
banjir hujan kemarau kabut asap kebakaran lahan hutan jembatan pelabuhan bandara
perbatasan malaysia entikong aruk ekonomi usaha kecil menengah pedagang nelayan
perahu kapal listrik air bersih pipa sampah lingkungan taman budaya adat dayak
melayu tionghoa festival gawai cap go meh tatung meriam karbit ramadan lebaran
natal imlek polisi polda polres kejaksaan pengadilan jaksa hakim tersangka kasus
narkoba korupsi bantuan sosial penerima keluarga anak perempuan pemuda olahraga
sepak bola atlet turnamen juara stadion gedung kantor rapat sidang dewan anggota
fraksi partai pemilu kampanye suara calon pasangan survei jalan raya trans kalimantan
lubang aspal perbaikan proyek kontraktor pengawasan laporan temuan audit inspektorat
koperasi bank kredit pinjaman investasi pabrik tenaga kerja upah minimum buruh
wisata pantai riam danau bukit goa kuliner bubur pedas choipan lempok durian tengkawang
pengunjung libur sekolah sabtu minggu pagi siang sore malam tahun bulan pekan hari
mengatakan menjelaskan menyebutkan mengimbau meminta menegaskan menambahkan berharap
""".split()
_WEIGHTS = list(accumulate(1.0 / (rank + 3) for rank in range(len(_WORDS))))
_PLACES = [
    "Pontianak", "Sambas", "Singkawang", "Ketapang", "Sintang", "Sanggau", "Landak",
    "Mempawah", "Bengkayang", "Melawi", "Sekadau", "Kapuas Hulu", "Kubu Raya", "Kayong Utara",
]  # fmt: skip
_AUTHORS = [
    "Rina Marlina", "Yusuf Hamdani", "Dewi Anggraini", "Agus Setiawan", "Siti Rahmah",
    "Hendra Gunawan", "Lestari Wulandari", "Fajar Ramadhan", "Maria Ulfa", "Budi Santoso",
]  # fmt: skip
CATEGORIES = [
    "Pontianak", "Kalbar", "Kubu Raya", "Nasional", "Hukum", "Politik", "Ekonomi",
    "Olahraga", "Pendidikan", "Kesehatan", "Pariwisata", "Opini",
]  # fmt: skip

# Names of villages and people: each is in a few dozen articles of 100k, as names are in news.
_SYLLABLES = "ba be bu da di ka ke ku la li lu ma mi na nu pa pi ra ri sa si ta tu ja jo ngan lak sem pun tang rin".split()
RARE_NAMES = [
    (a + b + c).capitalize()
    for a in _SYLLABLES[:20]
    for b in _SYLLABLES[5:25]
    for c in ("an", "ung", "ok", "ir", "au", "ah", "em", "is")
][:3000]

# Search terms for the FTS benchmark, as people search news: topics, places, names. Function
# words such as "yang" (in every article) are left out: nobody searches for them.
SEARCH_COMMON = ["pemerintah", "pontianak", "warga kota", "masyarakat"]
SEARCH_MIDDLE = ["banjir", "sekolah", "jembatan", "kebakaran lahan", "harga beras"]
SEARCH_RARE = [
    "tengkawang",
    "choipan",
    RARE_NAMES[17].lower(),
    RARE_NAMES[1234].lower(),
    f"desa {RARE_NAMES[2500].lower()}",
]
SEARCH_PREFIX = ["pemb", "kesehat", "pelabu", "kapu", RARE_NAMES[99][:5].lower()]


@dataclass(frozen=True, slots=True)
class SynthArticle:
    index: int
    guid: str
    link: str
    title: str
    author: str
    published: datetime
    categories: tuple[str, ...]
    paragraphs: tuple[str, ...]  # plain text; HTML is made from them
    place: str


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(_WORDS, cum_weights=_WEIGHTS, k=n)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    left = words
    while left > 0:
        n = min(left, rng.randint(8, 22))
        out.append(_sentence(rng, n))
        left -= n
    return " ".join(out)


def article(
    seed: int,
    index: int,
    published: datetime,
    site_host: str,
    words: int,
) -> SynthArticle:
    """Article `index` of the corpus: about `words` words of body text."""
    rng = random.Random(seed * 1_000_003 + index)
    place = rng.choice(_PLACES)
    title_words = rng.choices(_WORDS[20:], cum_weights=None, k=rng.randint(5, 10))
    title = f"{place}: " + " ".join(w.capitalize() for w in title_words)
    slug = "-".join(title_words[:6])
    day = published.strftime("%Y/%m/%d")
    link = f"https://{site_host}/{day}/{slug}-{index}/"
    paragraphs: list[str] = []
    left = words
    while left > 0:
        n = min(left, rng.randint(40, 90))
        paragraphs.append(_paragraph(rng, n))
        left -= n
    if paragraphs:
        village, person = rng.choice(RARE_NAMES), rng.choice(RARE_NAMES)
        paragraphs[0] += f" Warga Desa {village} bersama {person} ikut hadir."
    cats = tuple(dict.fromkeys(rng.sample(CATEGORIES, rng.randint(1, 3))))
    return SynthArticle(
        index=index,
        guid=f"https://{site_host}/?p={seed * 10_000_000 + index}",  # no two corpora share one
        link=link,
        title=title,
        author=rng.choice(_AUTHORS),
        published=published,
        categories=cats,
        paragraphs=tuple(paragraphs),
        place=place,
    )


def content_html(a: SynthArticle, site_host: str) -> str:
    """WordPress-shaped body: a dateline, paragraphs, a figure, sometimes a list."""
    parts = []
    for i, p in enumerate(a.paragraphs):
        text = html.escape(p, quote=False)
        if i == 0:
            text = f"<strong>KalbarOnline, {a.place}</strong> &#8211; {text}"
        parts.append(f"<p>{text}</p>")
        if i == 1:
            src = f"https://{site_host}/wp-content/uploads/{a.published:%Y/%m}/foto-{a.index}-1024x576.jpg"
            parts.append(
                '<figure class="wp-block-image size-large"><img loading="lazy" decoding="async" '
                f'width="1024" height="576" src="{src}" alt="Foto {a.place}" class="wp-image-{a.index}" />'
                f'<figcaption class="wp-element-caption">Suasana di {a.place}. (Foto: Dok.)</figcaption></figure>'
            )
        if i == 2 and a.index % 3 == 0:
            parts.append(
                '<h2 class="wp-block-heading">Yang perlu diketahui</h2><ul class="wp-block-list">'
                + "".join(f"<li>{html.escape(_first_words(q, 9))}</li>" for q in a.paragraphs[:3])
                + "</ul>"
            )
    return "\n".join(parts)


def _first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def summary_text(a: SynthArticle) -> str:
    return _first_words(a.paragraphs[0], 55) + " [\u2026]" if a.paragraphs else ""


def _footer(a: SynthArticle, site_name: str, site_host: str) -> str:
    return (
        f'<p>The post <a href="{a.link}">{html.escape(a.title)}</a> appeared first on '
        f'<a href="https://{site_host}">{html.escape(site_name)}</a>.</p>'
    )


def rss(
    site_name: str, site_host: str, feed_url: str, category: str, items: list[SynthArticle]
) -> bytes:
    """A WordPress 6.x category feed with full content (content:encoded) and the SEO footer."""
    now = items[0].published if items else datetime(2026, 1, 1, tzinfo=UTC)
    out = [
        WORDPRESS_RSS_OPEN,
        f"\t<title>{html.escape(category)} &#8211; {html.escape(site_name)}</title>\n",
        f'\t<atom:link href="{html.escape(feed_url)}" rel="self" type="application/rss+xml" />\n',
        f"\t<link>https://{site_host}</link>\n",
        "\t<description>Berita Kalimantan Barat Terkini</description>\n",
        f"\t<lastBuildDate>{format_datetime(now, usegmt=True)}</lastBuildDate>\n",
        "\t<language>id</language>\n\t<generator>https://wordpress.org/?v=6.8.3</generator>\n",
    ]
    for a in items:
        footer = _footer(a, site_name, site_host)
        cats = "".join(
            f"\t\t<category><![CDATA[{c}]]></category>\n" for c in (category, *a.categories)
        )
        desc = f"<p>{html.escape(summary_text(a), quote=False)}</p>\n{footer}"
        out.append(
            "\t<item>\n"
            f"\t\t<title>{html.escape(a.title)}</title>\n"
            f"\t\t<link>{a.link}</link>\n"
            f"\t\t<comments>{a.link}#respond</comments>\n"
            f"\t\t<dc:creator><![CDATA[{a.author}]]></dc:creator>\n"
            f"\t\t<pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>\n"
            f"{cats}"
            f'\t\t<guid isPermaLink="false">{a.guid}</guid>\n'
            f"\t\t<description><![CDATA[{desc}]]></description>\n"
            f"\t\t<content:encoded><![CDATA[{content_html(a, site_host)}\n{footer}]]></content:encoded>\n"
            f"\t\t<wfw:commentRss>{a.link}feed/</wfw:commentRss>\n"
            "\t\t<slash:comments>0</slash:comments>\n"
            "\t</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode("utf-8")


# ------------------------------------------------------------------ feed sets


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One feed of a set: which host serves it, its path, and which articles it holds."""

    number: int
    host_index: int  # 0-based; the server's address is 127.0.0.(host_index + 1)
    path: str
    site_name: str
    category: str
    first: int  # article indexes first .. first + count - 1
    count: int


def site_host(host_index: int) -> str:
    """The (fictional, reserved .example) site whose links the articles carry."""
    return f"kabar{host_index + 1}.example"


def site_name(host_index: int) -> str:
    return f"Kabar {_PLACES[host_index % len(_PLACES)]} {host_index + 1}"


def plan_feeds(feeds: int, items: int, hosts: int) -> list[FeedPlan]:
    """`feeds` feeds of `items` articles, the feeds of one site next to each other as in a config."""
    per_host = -(-feeds // hosts)
    plans = []
    for n in range(feeds):
        h = n // per_host
        category = CATEGORIES[n % len(CATEGORIES)]
        plans.append(
            FeedPlan(
                number=n,
                host_index=h,
                path=f"/kategori/k{n}/feed/",
                site_name=site_name(h),
                category=category,
                first=n * items,
                count=items,
            )
        )
    return plans


def published_at(index: int, total: int, newest: datetime, span: timedelta) -> datetime:
    """Article times spread evenly over `span` back from `newest`; higher index = older."""
    step = span / max(total, 1)
    return (newest - step * index).replace(microsecond=0)


def feed_articles(
    plan: FeedPlan, seed: int, total: int, newest: datetime, span: timedelta, words: int
) -> list[SynthArticle]:
    host = site_host(plan.host_index)
    out = []
    for i in range(plan.first, plan.first + plan.count):
        # Interleave feeds in time: article i of feed f is not all older than feed f+1's.
        order = (i - plan.first) * max(total // max(plan.count, 1), 1) + plan.number
        rng_words = words + (i * 7919) % max(words // 2, 1) - words // 4
        out.append(
            article(seed, i, published_at(order % total, total, newest, span), host, rng_words)
        )
    return out


def feed_body(
    plan: FeedPlan,
    seed: int,
    total: int,
    newest: datetime,
    span: timedelta,
    words: int,
    feed_url: str,
) -> bytes:
    items = feed_articles(plan, seed, total, newest, span, words)
    items.sort(key=lambda a: a.published, reverse=True)
    return rss(plan.site_name, site_host(plan.host_index), feed_url, plan.category, items)


def long_article(seed: int, words: int, published: datetime) -> SynthArticle:
    """One very long article (the reading-pane benchmark opens it)."""
    a = article(seed, 9_999_999, published, site_host(0), words)
    return a


def day_floor(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
