"""A WordPress-shaped news site for the full-text tests: a summary-only feed and its article pages.

Every page carries what a real theme puts around the story (menu, "Baca Juga" links, a
sidebar of popular posts, reader comments, a footer); none of it may reach the reader. Images
are made with Pillow. Written in Indonesian for this project.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler

from PIL import Image

from tests.feedserver import FeedServer, send

# Words that only the boilerplate carries: none may show in the reader or the search index.
BOILERPLATE_MARKERS = (
    "Beranda Redaksi",
    "Baca Juga",
    "Terpopuler Minggu Ini",
    "Komentar Pembaca",
    "Hak Cipta Kalbar Contoh",
    "Berlangganan buletin",
)


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    author: str
    summary: str
    paragraphs: tuple[str, ...]
    pub_date: str  # RFC 822
    image: str = ""  # path of the og:image / featured image on the site, "" for none


STORIES = (
    Story(
        "dermaga-sungai-kapuas",
        "Dermaga Baru di Tepian Sungai Kapuas Mulai Dipakai Nelayan",
        "Rina Marlina",
        "Nelayan di Kecamatan Pontianak Utara kini bisa menambatkan perahu di dermaga baru…",
        (
            "Nelayan di Kecamatan Pontianak Utara kini bisa menambatkan perahu di dermaga baru "
            "yang dibangun pemerintah kota di tepian Sungai Kapuas. Dermaga sepanjang enam "
            "puluh meter itu diresmikan Senin pagi dan langsung dipakai puluhan perahu motor.",
            "Kepala dinas perikanan mengatakan dermaga lama sudah rapuh dan sering terendam "
            "ketika air pasang. Dermaga baru dibuat lebih tinggi satu meter dan dilengkapi "
            "tangga beton, lampu penerangan, serta tempat penimbangan ikan.",
            "Para nelayan menyambut baik pembangunan itu. Menurut mereka, hasil tangkapan kini "
            "bisa langsung ditimbang dan dijual kepada pedagang tanpa harus diangkut jauh ke "
            "pasar. Mereka berharap ada tempat pendingin ikan agar hasil tangkapan tetap segar.",
            "Pemerintah kota berjanji menambah gudang pendingin tahun depan, setelah anggaran "
            "disetujui dewan. Dermaga serupa juga direncanakan di Kecamatan Pontianak Timur.",
        ),
        "Mon, 24 Feb 2020 08:00:00 +0700",
        image="/gambar/dermaga.jpg",
    ),
    Story(
        "panen-lada-sambas",
        "Petani Sambas Panen Lada Lebih Awal karena Kemarau",
        "Andi Saputra",
        "Kemarau panjang membuat petani lada di Kabupaten Sambas memanen lebih awal [&hellip;]",
        (
            "Kemarau panjang membuat petani lada di Kabupaten Sambas memanen lebih awal dari "
            "biasanya. Buah lada yang mengering di pohon harus segera dipetik agar tidak rontok.",
            "Seorang petani di Desa Sebubus menyebut panennya tahun ini hanya separuh dari "
            "tahun lalu. Harga di tingkat pengepul memang naik, tetapi tidak menutup kerugian "
            "akibat hasil yang turun.",
            "Penyuluh pertanian menyarankan petani membuat embung kecil untuk menampung air "
            "hujan, sehingga kebun bisa disiram ketika musim kering datang lagi.",
        ),
        "Sun, 23 Feb 2020 15:30:00 +0700",
        image="/gambar/lada.png",
    ),
    Story(
        "festival-tidayu",
        "Festival Budaya Tidayu Digelar di Singkawang",
        "Siti Aminah",
        "Festival budaya Tidayu kembali digelar di Singkawang. Baca selengkapnya",
        (
            "Festival budaya Tidayu kembali digelar di Singkawang dengan menampilkan tari, "
            "musik, dan kuliner dari tiga suku yang hidup berdampingan di kota itu.",
            "Panitia mencatat lebih dari dua ribu pengunjung pada hari pertama. Pedagang "
            "kuliner mengaku dagangannya habis sebelum malam tiba.",
            "Wali kota berharap festival ini menjadi agenda tahunan yang menarik wisatawan "
            "dari luar Kalimantan Barat.",
        ),
        "Sat, 22 Feb 2020 19:00:00 +0700",
        image="/gambar/tidayu.webp",
    ),
)


def article_page(story: Story, base: str, extra_body: str = "") -> str:
    """The article page as a WordPress theme renders it, boilerplate and all."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    og = f'<meta property="og:image" content="{base}{story.image}">' if story.image else ""
    return f"""<!DOCTYPE html>
<html lang="id-ID"><head><meta charset="UTF-8">
<title>{escape(story.title)} – Kalbar Contoh</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(story.title)}">
{og}
<link rel="stylesheet" href="/wp-content/themes/berita/style.css">
<script>window.dataLayer = [];</script>
</head>
<body class="post-template-default single single-post">
<header id="masthead" class="site-header">
  <nav class="main-navigation"><ul id="primary-menu" class="menu">
    <li><a href="/">Beranda Redaksi</a></li><li><a href="/kategori/pontianak/">Pontianak</a></li>
    <li><a href="/kategori/ekonomi/">Ekonomi</a></li><li><a href="/kategori/olahraga/">Olahraga</a></li>
    <li><a href="/indeks/">Indeks Berita</a></li></ul></nav>
  <div class="share-buttons"><a href="https://share.example/?u=x"><img src="/wp-content/plugins/share/facebook.png" width="24" height="24" alt="Bagikan"></a></div>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-1" class="post type-post status-publish format-standard has-post-thumbnail">
  <header class="entry-header"><h1 class="entry-title">{escape(story.title)}</h1>
  <div class="entry-meta">Oleh <span class="author vcard">{escape(story.author)}</span></div></header>
  <div class="entry-content">
  {paragraphs}
  {extra_body}
  <div class="baca-juga"><strong>Baca Juga</strong><ul>
    <li><a href="/berita/jalan-rusak-di-kubu-raya/">Jalan Rusak di Kubu Raya Dikeluhkan Warga Sejak Lama</a></li>
    <li><a href="/berita/harga-sembako-naik/">Harga Sembako Naik Menjelang Ramadan di Pasar Flamboyan</a></li>
  </ul></div>
  <img src="/wp-includes/images/smilies/simple-smile.png" class="wp-smiley" alt=":)">
  <img src="/pixel.gif?id=1" width="1" height="1" alt="">
  </div>
  <footer class="entry-footer"><span class="tags-links">Tag: <a href="/tag/kapuas/">kapuas</a></span></footer>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">Komentar Pembaca</h2>
  <ol class="comment-list">
    <li class="comment"><div class="comment-body"><p>Semoga dermaganya dirawat, jangan sampai rusak lagi
    seperti yang dulu, kami warga sudah lama menunggu perbaikan ini dari pemerintah kota.</p></div></li>
    <li class="comment"><div class="comment-body"><p>Mantap, tinggal jalan menuju dermaga yang perlu
    diperbaiki karena masih berlubang dan becek kalau hujan turun di sore hari.</p></div></li>
  </ol>
</div>
</main></div>
<aside id="secondary" class="widget-area">
  <section class="widget"><h2 class="widget-title">Terpopuler Minggu Ini</h2><ul>
    <li><a href="/berita/banjir-sintang/">Banjir Merendam Ratusan Rumah di Sintang</a></li>
    <li><a href="/berita/pasar-malam/">Pasar Malam Ramai Dikunjungi Warga Ketapang</a></li></ul></section>
  <section class="widget"><h2 class="widget-title">Berlangganan buletin</h2>
  <p>Berlangganan buletin harian kami untuk berita terbaru dari seluruh Kalimantan Barat.</p></section>
</aside></div>
<footer id="colophon" class="site-footer"><p>Hak Cipta Kalbar Contoh 2020. Semua hak dilindungi.</p>
<p><a href="/tentang/">Tentang Kami</a> · <a href="/pedoman/">Pedoman Media Siber</a></p></footer>
</body></html>"""


def menu_page() -> str:
    """A page with no article at all: a category index, menus and links only."""
    items = "".join(
        f'<li><a href="/berita/{n}/">Judul berita nomor {n} tentang Kalimantan Barat</a></li>'
        for n in range(30)
    )
    return f"""<!DOCTYPE html><html lang="id"><head><title>Indeks Berita</title></head><body>
<nav><ul><li><a href="/">Beranda Redaksi</a></li><li><a href="/kategori/">Kategori</a></li></ul></nav>
<main><h1>Indeks Berita</h1><ul>{items}</ul></main>
<footer><p>Hak Cipta Kalbar Contoh 2020.</p></footer></body></html>"""


def feed(base: str, stories: tuple[Story, ...] = STORIES, extra_items: str = "") -> bytes:
    """A summary-only RSS feed, as WordPress writes it with "Summary" chosen in its settings."""
    items = "".join(
        f"""<item><title>{escape(s.title)}</title><link>{base}/berita/{s.slug}/</link>
<dc:creator><![CDATA[{s.author}]]></dc:creator><pubDate>{s.pub_date}</pubDate>
<category><![CDATA[Berita]]></category><guid isPermaLink="false">{base}/?p={n + 1}</guid>
<description><![CDATA[{s.summary}]]></description></item>"""
        for n, s in enumerate(stories)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Kalbar Contoh</title><link>{base}/</link><description>Berita Kalbar</description>
<language>id</language>{items}{extra_items}</channel></rss>""".encode()


def image_bytes(fmt: str, size: tuple[int, int] = (320, 200), color: str = "#1f6f8b") -> bytes:
    """A picture made with Pillow: a coloured field with a lighter band (so cells differ)."""
    picture = Image.new("RGB", size, color)
    band = Image.new("RGB", (size[0], max(1, size[1] // 4)), "#f2c14e")
    picture.paste(band, (0, size[1] // 2))
    out = io.BytesIO()
    picture.save(out, format=fmt)
    return out.getvalue()


CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def serve_site(server: FeedServer) -> str:
    """Routes for the feed, every article page and every image; returns the site's base URL."""
    base = server.base
    server.routes["/feed/"] = lambda h: send(h, 200, feed(base))
    for story in STORIES:
        page = article_page(story, base).encode()
        server.routes[f"/berita/{story.slug}/"] = _html(page)
    for path, fmt in (
        ("/gambar/dermaga.jpg", "JPEG"),
        ("/gambar/lada.png", "PNG"),
        ("/gambar/tidayu.webp", "WEBP"),
        ("/gambar/kapal.gif", "GIF"),
    ):
        data = image_bytes(fmt)
        server.routes[path] = lambda h, d=data, f=fmt: send(h, 200, d, CONTENT_TYPES[f])
    return base


def _html(body: bytes):  # noqa: ANN202 - a route
    return lambda h: send(h, 200, body, "text/html; charset=UTF-8")


def hang_route(server: FeedServer):  # noqa: ANN201 - a route
    """Headers, then nothing: the page that never finishes."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html><body><p>Mulai")
        h.wfile.flush()
        server.stopping.wait(30)

    return handle


def huge_route(megabytes: int):  # noqa: ANN201 - a route
    """A page of `megabytes` MB, streamed without a Content-Length."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"kata " * 200 + b"</p>\n"
        sent = 0
        try:
            while sent < megabytes * 1024 * 1024:
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handle
