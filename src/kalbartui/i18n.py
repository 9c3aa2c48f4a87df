"""Every string the reader shows, in Indonesian and English. `t(key, language, **fmt)` picks one."""

from __future__ import annotations

import re

LANGUAGES = ("id", "en")

# key: (Indonesian, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # sidebar
    "sidebar.all": ("Semua", "All"),
    "sidebar.unread": ("Belum dibaca", "Unread"),
    "sidebar.starred": ("Disimpan", "Starred"),
    "sidebar.feeds": ("Umpan", "Feeds"),
    "sidebar.title": ("Kategori", "Categories"),
    # article list
    "list.title": ("Artikel", "Articles"),
    "key.open_link": ("Buka tautan bernomor", "Open numbered link"),
    "notify.no_such_link": (
        "Tidak ada tautan [{number}] di artikel ini.",
        "No link [{number}] in this article.",
    ),
    "list.empty": ("Belum ada artikel di sini.", "No articles here yet."),
    "list.empty_offline": (
        "Belum ada artikel, dan jaringan tidak terjangkau. Tekan r untuk mencoba lagi, "
        "atau jalankan `kalbartui --demo` untuk melihat contoh berita.",
        "No articles yet, and the network cannot be reached. Press r to try again, "
        "or run `kalbartui --demo` to see sample news.",
    ),
    "list.empty_refreshing": (
        "Belum ada artikel. Sedang mengambil berita…",
        "No articles yet. Fetching the news…",
    ),
    "list.no_results": ("Tidak ada hasil untuk “{text}”.", "No results for “{text}”."),
    "list.count": ("{count} artikel", "{count} articles"),
    # search
    "search.placeholder": (
        "Cari di cache (Enter: ke daftar, Esc: keluar)",
        "Search the cache (Enter: to list, Esc: leave)",
    ),
    "search.label": ("Cari: “{text}”", "Search: “{text}”"),
    # reader
    "reader.title": ("Baca", "Reader"),
    "reader.empty": ("Pilih artikel untuk dibaca.", "Choose an article to read."),
    "reader.by": ("Oleh {author}", "By {author}"),
    "reader.links": ("Tautan", "Links"),
    "reader.image": ("[gambar: {alt}]", "[image: {alt}]"),
    "reader.image_no_alt": ("[gambar]", "[image]"),
    # status line
    "status.refreshing": ("Memperbarui {done}/{total} umpan", "Refreshing {done}/{total} feeds"),
    "status.refreshing_start": ("Memperbarui…", "Refreshing…"),
    "status.last_ok": ("Diperbarui {when}", "Updated {when}"),
    "status.never": ("Belum pernah diperbarui", "Never updated"),
    "status.offline": ("luring", "offline"),
    "status.failed": ("{count} umpan gagal (e)", "{count} feeds failed (e)"),
    "status.error": ("galat penyegaran", "refresh error"),
    # notifications
    "notify.new": ("{count} artikel baru", "{count} new articles"),
    "notify.new_one": ("1 artikel baru", "1 new article"),
    "notify.offline": (
        "Tidak bisa terhubung. Menampilkan berita dari cache.",
        "Cannot connect. Showing the cached news.",
    ),
    "notify.failed": (
        "{count} umpan gagal diperbarui. Tekan e untuk rinciannya.",
        "{count} feeds failed to refresh. Press e for details.",
    ),
    "notify.refresh_error": ("Penyegaran gagal: {error}", "Refresh failed: {error}"),
    "notify.refresh_running": ("Penyegaran sedang berjalan.", "A refresh is already running."),
    "notify.marked_read": (
        "{count} artikel ditandai sudah dibaca.",
        "{count} articles marked as read.",
    ),
    "notify.nothing_unread": ("Tidak ada artikel belum dibaca lagi.", "No more unread articles."),
    "notify.no_article": ("Tidak ada artikel yang dipilih.", "No article is selected."),
    "notify.no_link": ("Artikel ini tidak punya tautan.", "This article has no link."),
    "notify.copied": ("Tautan disalin: {url}", "Link copied: {url}"),
    "notify.opening": ("Membuka {url}", "Opening {url}"),
    "notify.refused": (
        "Hanya tautan http dan https yang dibuka. Ditolak: {url}",
        "Only http and https links are opened. Refused: {url}",
    ),
    "notify.browser_error": (
        "Peramban tidak bisa dibuka: {error}",
        "Cannot open the browser: {error}",
    ),
    "notify.store_error": ("Cache tidak bisa dibaca: {error}", "Cannot read the cache: {error}"),
    "notify.starred": ("Disimpan", "Starred"),
    "notify.unstarred": ("Tidak disimpan lagi", "Unstarred"),
    # confirmation
    "confirm.mark_all": (
        "Tandai {count} artikel di “{view}” sudah dibaca?",
        "Mark {count} articles in “{view}” as read?",
    ),
    "confirm.yes": ("Ya (y)", "Yes (y)"),
    "confirm.no": ("Batal (n)", "Cancel (n)"),
    # feed errors screen
    "feeds.title": ("Umpan dan galatnya", "Feeds and their errors"),
    "feeds.name": ("Umpan", "Feed"),
    "feeds.articles": ("Artikel", "Articles"),
    "feeds.last_ok": ("Terakhir berhasil", "Last success"),
    "feeds.error": ("Galat terakhir", "Last error"),
    "feeds.ok": ("baik", "ok"),
    "feeds.never": ("belum pernah", "never"),
    "feeds.none": ("Belum ada umpan.", "No feeds yet."),
    "feeds.close": ("Esc untuk menutup", "Esc to close"),
    # help screen
    "help.title": ("Tombol", "Keys"),
    "help.key": ("Tombol", "Key"),
    "help.action": ("Fungsi", "Action"),
    "help.id": ("id", "id"),
    "help.section_app": ("Di mana saja", "Everywhere"),
    "help.section_list": ("Daftar artikel", "Article list"),
    "help.section_reader": ("Panel baca", "Reading pane"),
    "help.section_sidebar": ("Panel kategori", "Category sidebar"),
    "help.section_search": ("Kotak pencarian", "Search box"),
    "help.footer": (
        "Ubah tombol di berkas konfigurasi, bagian [keys], dengan id di atas. Esc untuk menutup.",
        "Remap keys in the config file under [keys] with the ids above. Esc to close.",
    ),
    "help.mouse": (
        "Tetikus: klik kategori atau artikel, klik lagi untuk membaca, gulir dengan roda.",
        "Mouse: click a category or an article, click again to read, scroll with the wheel.",
    ),
    # key descriptions (footer and help)
    "key.quit": ("Keluar", "Quit"),
    "key.help": ("Bantuan", "Help"),
    "key.refresh": ("Perbarui", "Refresh"),
    "key.search": ("Cari", "Search"),
    "key.feed_errors": ("Galat umpan", "Feed errors"),
    "key.toggle_sidebar": ("Panel kategori", "Sidebar"),
    "key.next_unread": ("Berikutnya", "Next unread"),
    "key.prev_unread": ("Sebelumnya", "Previous unread"),
    "key.toggle_read": ("Tandai dibaca/belum", "Toggle read"),
    "key.toggle_star": ("Simpan", "Star"),
    "key.mark_all_read": ("Tandai semua dibaca", "Mark all read"),
    "key.open_browser": ("Buka di peramban", "Open in browser"),
    "key.copy_link": ("Salin tautan", "Copy link"),
    "key.read_page": ("Halaman berikut (lalu artikel berikutnya)", "Page down (then next unread)"),
    "key.read_page_back": ("Halaman sebelumnya", "Page up"),
    "key.down": ("Turun", "Down"),
    "key.up": ("Naik", "Up"),
    "key.top": ("Paling atas", "Top"),
    "key.bottom": ("Paling bawah", "Bottom"),
    "key.page_down": ("Halaman bawah", "Page down"),
    "key.page_up": ("Halaman atas", "Page up"),
    "key.open": ("Baca", "Read"),
    "key.back": ("Kembali", "Back"),
    "key.choose": ("Pilih", "Choose"),
    "key.focus_next": ("Panel berikutnya", "Next pane"),
    "key.focus_previous": ("Panel sebelumnya", "Previous pane"),
    "key.palette": ("Palet perintah", "Command palette"),
    "key.leave_search": ("Keluar dari pencarian", "Leave search"),
    # command palette
    "cmd.placeholder": ("Cari perintah, kategori, tema…", "Search commands, categories, themes…"),
    "cmd.category": ("Buka: {name}", "Open: {name}"),
    "cmd.category_help": ("{unread} belum dibaca dari {total}", "{unread} unread of {total}"),
    "cmd.theme": ("Tema: {name}", "Theme: {name}"),
    "cmd.theme_help": (
        "Ganti tampilan; pilihan diingat",
        "Change the look; the choice is remembered",
    ),
    "cmd.themes": ("Tema…", "Themes…"),
    "cmd.themes_help": ("Pilih tema dari daftar", "Pick a theme from the list"),
    "cmd.refresh_help": (
        "Ambil berita baru dari semua umpan",
        "Fetch new articles from every feed",
    ),
    "cmd.search_help": ("Cari di semua artikel yang tersimpan", "Search every cached article"),
    "cmd.mark_all_help": (
        "Tandai semua artikel di daftar ini sudah dibaca",
        "Mark every article in this list as read",
    ),
    "cmd.feed_errors_help": (
        "Daftar umpan dengan galat terakhirnya",
        "The feeds with their last error",
    ),
    "cmd.help_help": ("Semua tombol", "Every key"),
    "cmd.sidebar_help": ("Tampilkan atau sembunyikan kategori", "Show or hide the categories"),
    "cmd.quit_help": ("Tutup kalbartui", "Close kalbartui"),
    # article rendering (reading pane and `kalbartui show`)
    "article.categories": ("Kategori: {names}", "Categories: {names}"),
    "article.source": ("Sumber: ", "Source: "),
    "article.estimated": ("(perkiraan)", "(estimated)"),
    "article.untitled": ("(tanpa judul)", "(untitled)"),
    "article.no_content": (
        "(Artikel ini tidak berisi teks. Buka sumbernya di peramban.)",
        "(This article has no text. Open its source in a browser.)",
    ),
    # the whole story: reading time, full text from the article's page, images
    "article.reading_time": ("± {minutes} menit baca", "{minutes} min read"),
    "reader.cut": (
        "[Artikel dipotong setelah {lines} baris.]",
        "[The article was cut after {lines} lines.]",
    ),
    "key.full_text": ("Ambil artikel lengkap", "Fetch the whole article"),
    "cmd.full_text": ("Ambil artikel lengkap", "Fetch the whole article"),
    "cmd.full_text_help": (
        "Ambil teks lengkap artikel ini dari halamannya",
        "Fetch this article's full text from its page",
    ),
    "reader.full_text_fetching": (
        "Mengambil artikel lengkap dari halamannya…",
        "Fetching the whole article from its page…",
    ),
    "reader.full_text_failed": (
        "Artikel lengkap tidak bisa diambil ({error}); ini ringkasan dari umpan.",
        "The whole article could not be fetched ({error}); this is the feed's summary.",
    ),
    "reader.full_text_done": (
        "Artikel lengkap dari halamannya.",
        "The whole article, from its page.",
    ),
    "key.open_image": ("Buka gambar", "Open the picture"),
    "feeds.pages_failed": (
        "{count} halaman artikel gagal diambil; ringkasan tetap dipakai. Terakhir: {error}",
        "{count} article pages could not be fetched; their summaries stay. Last: {error}",
    ),
    "image.open_failed": (
        "Gambar tidak bisa ditampilkan: {error}",
        "Cannot show the image: {error}",
    ),
}


def t(key: str, language: str = "en", **fmt: object) -> str:
    """The string for `key` in `language` ('id' or 'en'), formatted with `fmt`."""
    pair = STRINGS[key]
    text = pair[0] if language == "id" else pair[1]
    return text.format(**fmt) if fmt else text


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
]
_HTTP_RE = re.compile(r"^HTTP (\d{3}) \(([a-z ]+)\)")


def feed_error(text: str, language: str) -> str:
    """A stored feed error in the reader's language."""
    if language != "id" or not text:
        return text
    http = _HTTP_RE.match(text)
    if http and http.group(2) in _HTTP_WORDS_ID:
        return f"HTTP {http.group(1)} ({_HTTP_WORDS_ID[http.group(2)]})" + text[http.end() :]
    for pattern, words in _ERRORS_ID:
        if pattern.match(text):
            return pattern.sub(words, text, count=1)
    return text
