"""Transitional: the old `t("key", language)` call sites, translated through the catalog, and
the English error sentences of the core translated back by pattern.

Both go: call sites name their msgid themselves, and the core's errors become codes with
parameters, rendered at the edge.
"""

from __future__ import annotations

import re

from kalbartui.i18n.catalog import translator
from kalbartui.i18n.keys import KEYS

STRINGS = KEYS


def t(key: str, language: str = "en", /, **fmt: object) -> str:
    """The string for `key` in `language`, formatted with `fmt`."""
    entry = KEYS[key]
    tr = translator(language)
    if isinstance(entry, str):
        return tr.gettext(entry, **fmt)
    singular, plural = entry
    count = fmt.get("count")
    return tr.ngettext(singular, plural, count if isinstance(count, int) else 2, **fmt)


def tn(key: str, count: int, language: str = "en", /, **fmt: object) -> str:
    """`t` for a sentence about `count` things."""
    entry = KEYS[key]
    tr = translator(language)
    if isinstance(entry, str):
        return tr.gettext(entry, **{"count": count, **fmt})
    singular, plural = entry
    return tr.ngettext(singular, plural, count, **{"count": count, **fmt})


# Feed errors are stored in English (the CLI's language, and what a bug report quotes);
# the reader shows them in the user's language. Unknown texts pass through unchanged.
_HTTP_WORDS_ID = {
    "bad request": "permintaan salah",
    "needs a login": "perlu masuk",
    "access forbidden": "akses ditolak",
    "not found": "tidak ditemukan",
    "gone for good": "sudah dihapus",
    "too many requests": "terlalu banyak permintaan",
    "server error": "galat server",
    "bad gateway": "gateway rusak",
    "service unavailable": "layanan tidak tersedia",
    "gateway timeout": "gateway kehabisan waktu",
    "error": "galat",
}
_ERRORS_ID: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^timed out after (\S+) s"), r"waktu habis setelah \1 detik"),
    (
        re.compile(r"^cannot resolve the host name \(offline\?\)"),
        "nama host tidak dikenal (luring?)",
    ),
    (re.compile(r"^cannot connect \(offline\?\)"), "tidak bisa terhubung (luring?)"),
    (re.compile(r"^could not connect in time"), "tidak tersambung tepat waktu"),
    (re.compile(r"^connection refused"), "koneksi ditolak"),
    (
        re.compile(r"^the site's certificate could not be verified"),
        "sertifikat situs tidak dapat diverifikasi",
    ),
    (re.compile(r"^the server stopped answering"), "server berhenti menjawab"),
    (re.compile(r"^the server broke the connection"), "server memutus koneksi"),
    (
        re.compile(r"^the server sent a damaged compressed body"),
        "isi terkompresi dari server rusak",
    ),
    (re.compile(r"^redirect loop"), "pengalihan berputar-putar"),
    (re.compile(r"^more than (\d+) redirects"), r"lebih dari \1 pengalihan"),
    (re.compile(r"^larger than the (.+?) limit"), r"lebih besar dari batas \1"),
    (re.compile(r"^refusing a (\S+) URL"), r"URL \1 ditolak"),
    (re.compile(r"^not a feed \(an HTML page\)"), "bukan umpan (halaman HTML)"),
    (re.compile(r"^not a feed \(a JSON document\)"), "bukan umpan (dokumen JSON)"),
    (re.compile(r"^not a feed \(neither RSS nor Atom\)"), "bukan umpan (bukan RSS atau Atom)"),
    (re.compile(r"^empty response"), "jawaban kosong"),
    (
        re.compile(r"^(?:categories API: )?the categories API did not answer with JSON"),
        "API kategori tidak menjawab dengan JSON",
    ),
    (
        re.compile(r"^(?:categories API: )?the categories API did not answer with a list"),
        "API kategori tidak menjawab dengan daftar",
    ),
    (re.compile(r"^no categories$"), "situs tidak mencantumkan kategori"),
    (
        re.compile(r"^none of the configured categories$"),
        "tidak ada kategori yang dikonfigurasi di situs",
    ),
    (re.compile(r"^no answer$"), "tidak ada jawaban"),
    (re.compile(r"^server asked to wait until (.+)"), r"server meminta menunggu sampai \1"),
    (
        re.compile(r"^cannot read (.+): not a regular file"),
        r"tidak bisa membaca \1: bukan berkas biasa",
    ),
    (re.compile(r"^cannot read (.+?): "), r"tidak bisa membaca \1: "),
    (re.compile(r"^network error"), "galat jaringan"),
    (re.compile(r"^unsupported content encoding"), "pengodean isi tidak didukung"),
    (re.compile(r"^unsupported URL"), "URL tidak didukung"),
    (re.compile(r"^unexpected error"), "galat tak terduga"),
    # article pages and pictures
    (re.compile(r"^no article on the page"), "halaman tanpa artikel"),
    (re.compile(r"^not an HTML page"), "bukan halaman HTML"),
    (re.compile(r"^not an http\(s\) link"), "bukan tautan http(s)"),
    (re.compile(r"^no longer than the summary"), "tidak lebih panjang dari ringkasan"),
    (re.compile(r"^page too large to be an article"), "halaman terlalu besar untuk sebuah artikel"),
    (re.compile(r"^larger than 5 MB"), "lebih besar dari 5 MB"),
    (
        re.compile(r"^not a JPEG, PNG, GIF or WebP picture"),
        "bukan gambar JPEG, PNG, GIF, atau WebP",
    ),
    (re.compile(r"^too many pixels"), "terlalu banyak piksel"),
    (re.compile(r"^a decompression bomb"), "bom dekompresi"),
    (re.compile(r"^damaged picture"), "gambar rusak"),
    (
        re.compile(r"^kalbartui could not handle this feed's answer"),
        "kalbartui tidak bisa menangani jawaban umpan ini",
    ),
    (
        re.compile(r"^the server redirected to a malformed address"),
        "server mengalihkan ke alamat yang rusak",
    ),
    (re.compile(r"^the feed address is malformed"), "alamat umpan rusak"),
    (
        re.compile(r"^the categories API's answer could not be read"),
        "jawaban API kategori tidak bisa dibaca",
    ),
    (re.compile(r"^categories API: "), "API kategori: "),
    (
        re.compile(r"^the server's answer could not be read"),
        "jawaban server tidak bisa dibaca",
    ),
    (re.compile(r"^parsing took longer than (\S+) s"), r"penguraian lebih lama dari \1 detik"),
    (re.compile(r"^parsing was interrupted"), "penguraian terputus"),
]
_HTTP_RE = re.compile(r"^HTTP (\d{3}) \(([a-z ]+)\)")


# Cache and OPML errors, and the note left after a damaged cache was replaced.
_SENTENCES_ID: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(.+) is damaged \((.*)\)$", re.S), r"\1 rusak (\2)"),
    (
        re.compile(r"^cannot write the cache (.+?): the disk is full"),
        r"cache \1 tidak bisa ditulis: disk penuh",
    ),
    (
        re.compile(r"^cannot write the cache (.+?): it is on a read-only disk or folder"),
        r"cache \1 tidak bisa ditulis: letaknya di disk atau folder yang hanya bisa dibaca",
    ),
    (
        re.compile(r"^cannot write the cache (.+?): the disk reported an I/O error"),
        r"cache \1 tidak bisa ditulis: disk melaporkan galat I/O",
    ),
    (re.compile(r"^cannot write the cache (.+?): "), r"cache \1 tidak bisa ditulis: "),
    (
        re.compile(r"^the cache (.+) stayed locked by another kalbartui for (\d+) s"),
        r"cache \1 terus dikunci kalbartui lain selama \2 detik",
    ),
    (
        re.compile(
            r"^The cache was damaged \((.*)\); it was moved to (.+) and a fresh cache was started\.",
            re.S,
        ),
        r"Cache rusak (\1); dipindahkan ke \2 dan cache baru dibuat.",
    ),
    (
        re.compile(r" Starred articles that could be read were saved to (.+)\.$"),
        r" Artikel tersimpan yang masih terbaca disalin ke \1.",
    ),
    (re.compile(r"^(.+?): cannot be read \((.*)\)$"), r"\1: tidak bisa dibaca (\2)"),
    (re.compile(r"^(.+?): line (\d+): "), r"\1: baris \2: "),
    (
        re.compile(r"has no <body> element, so it holds no subscriptions$"),
        "tidak punya elemen <body>, jadi tidak berisi langganan",
    ),
    (
        re.compile(r"declares a DOCTYPE or entities, which kalbartui does not accept$"),
        "memuat DOCTYPE atau entitas, yang tidak diterima kalbartui",
    ),
    (
        re.compile(r"the root element is (<.*?>), not <opml>, so this is not an OPML file$"),
        r"elemen akarnya \1, bukan <opml>, jadi ini bukan berkas OPML",
    ),
    (re.compile(r"^listed more than once$"), "tercantum lebih dari sekali"),
    (re.compile(r"^no web browser found \(set \$BROWSER\)"), "tidak ada peramban (atur $BROWSER)"),
    (re.compile(r"^\$BROWSER is empty"), "$BROWSER kosong"),
    (re.compile(r"^cannot start (.+?): "), r"\1 tidak bisa dijalankan: "),
]


def message(text: str, language: str) -> str:
    """An error sentence from the core (cache, OPML, feeds) in the user's language.

    The core words its errors in English (what logs and bug reports quote); the edges
    show them translated. Text no pattern knows passes through unchanged.
    """
    if language != "id" or not text:
        return text
    translated = feed_error(text, language)
    if translated != text:
        return translated
    for pattern, words in _SENTENCES_ID:
        text = pattern.sub(words, text, count=1)
    return text


def feed_error(text: str, language: str) -> str:
    """A stored feed error in the reader's language."""
    if language != "id" or not text:
        return text
    lead = "category discovery failed: "
    if text.startswith(lead):
        return "penemuan kategori gagal: " + feed_error(text[len(lead) :], language)
    http = _HTTP_RE.match(text)
    if http and http.group(2) in _HTTP_WORDS_ID:
        return f"HTTP {http.group(1)} ({_HTTP_WORDS_ID[http.group(2)]})" + text[http.end() :]
    for pattern, words in _ERRORS_ID:
        if pattern.match(text):
            return pattern.sub(words, text, count=1)
    return text


_BROWSER_ERRORS_ID: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^no web browser found \(set \$BROWSER\)"),
        "tidak ada peramban yang ditemukan (atur $BROWSER)",
    ),
    (re.compile(r"^\$BROWSER is empty"), "$BROWSER kosong"),
    (re.compile(r"^cannot start (.+?): "), r"tidak bisa menjalankan \1: "),
]


def browser_error(text: str, language: str) -> str:
    """Why the browser did not open (kalbartui.browser says it in English), in `language`."""
    if language != "id":
        return text
    for pattern, words in _BROWSER_ERRORS_ID:
        if pattern.match(text):
            return pattern.sub(words, text, count=1)
    return text
