"""Every string the reader shows, in Indonesian and English. `t(key, language, **fmt)` picks one."""

from __future__ import annotations

import re

# The command line: everything `kalbartui` prints outside the reader.
CLI_STRINGS: dict[str, tuple[str, str]] = {
    "pages_fetched": (
        "{count} artikel lengkap diambil dari halamannya",
        "{count} whole articles fetched from their pages",
    ),
    "pages_fetched.one": (
        "{count} artikel lengkap diambil dari halamannya",
        "{count} whole article fetched from its page",
    ),
    "pages_kept": (
        "; {count} tetap memakai ringkasan (lihat e di pembaca)",
        "; {count} kept their summary (see e in the reader)",
    ),
    "full_failed": (
        "kalbartui: artikel lengkap tidak bisa diambil ({error}); ditampilkan ringkasan umpan",
        "kalbartui: the whole article could not be fetched ({error}); showing the feed's summary",
    ),
    "description": (
        "Pembaca berita terminal untuk KalbarOnline dan umpan RSS atau Atom apa pun. "
        "Tanpa perintah, pembaca dibuka.",
        "A terminal news reader for KalbarOnline and any RSS or Atom feed. "
        "With no command, the reader opens.",
    ),
    "help.config": (
        "berkas konfigurasi (bawaan: lihat `kalbartui paths`)",
        "config file (default: see `kalbartui paths`)",
    ),
    "help.data_dir": ("tempat cache artikel disimpan", "where the article cache lives"),
    "help.demo": (
        "buka pembaca dengan berita contoh bawaan, tanpa jaringan",
        "open the reader on bundled sample news, no network",
    ),
    "help.refresh": (
        "ambil semua umpan sekarang dan simpan artikel baru",
        "fetch every feed now and store new articles",
    ),
    "help.quiet": ("cetak kegagalan saja", "print only failures"),
    "help.list": (
        "daftar artikel dalam cache, terbaru dulu",
        "list cached articles, newest first",
    ),
    "help.category": (
        "hanya kategori ini (nama seperti di panel kategori)",
        "only this category (its name as the sidebar shows it)",
    ),
    "help.unread": ("hanya yang belum dibaca", "only unread articles"),
    "help.starred": ("hanya yang disimpan", "only starred articles"),
    "help.limit": ("paling banyak N artikel (bawaan: 30)", "at most N articles (default: 30)"),
    "help.json": ("cetak sebagai JSON", "print as JSON"),
    "help.search": ("cari teks di seluruh cache", "full-text search of the cache"),
    "help.query": ("kata yang dicari", "the words to look for"),
    "help.show": (
        "cetak satu artikel seperti di panel baca",
        "print one article as the reading pane shows it",
    ),
    "help.id": (
        "nomor artikel (lihat `kalbartui list`)",
        "the article's id (see `kalbartui list`)",
    ),
    "help.width": ("lebar baris dalam kolom", "line width in columns"),
    "help.full": (
        "ambil dulu artikel lengkap dari halamannya",
        "fetch the whole article from its page first",
    ),
    "help.categories": (
        "kategori dengan jumlah belum dibaca dan total",
        "categories with unread and total counts",
    ),
    "help.import_opml": (
        "tambahkan umpan dari berkas OPML ke konfigurasi",
        "add the feeds of an OPML file to the config",
    ),
    "help.opml_in": ("berkas OPML yang dibaca", "the OPML file to read"),
    "help.export_opml": (
        "tulis umpan yang dikonfigurasi sebagai OPML",
        "write the configured feeds as OPML",
    ),
    "help.opml_out": (
        "berkas tujuan (bawaan: keluaran standar)",
        "the file to write (default: standard output)",
    ),
    "help.paths": (
        "tempat konfigurasi, data, dan cache berada",
        "where the config, data and cache live",
    ),
    "help.version": ("tampilkan versi program lalu keluar", "show the program's version and exit"),
    "metavar.file": ("BERKAS", "FILE"),
    "metavar.dir": ("DIREKTORI", "DIR"),
    "metavar.command": ("PERINTAH", "COMMAND"),
    "metavar.name": ("NAMA", "NAME"),
    "not_whole_number": (
        "harus bilangan bulat, bukan {value}",
        "expected a whole number, not {value}",
    ),
    "not_positive": ("minimal 1, bukan {value}", "expected at least 1, not {value}"),
    "config_error": ("kalbartui: galat konfigurasi: {error}", "kalbartui: config error: {error}"),
    "error": ("kalbartui: {error}", "kalbartui: {error}"),
    "refreshing": ("memperbarui", "refreshing"),
    "line.new": ("{name}: {count} baru", "{name}: {count} new"),
    "line.unchanged": ("{name}: tidak berubah", "{name}: unchanged"),
    "line.waiting": ("{name}: dilewati, {error}", "{name}: skipped, {error}"),
    "line.error": ("{name}: galat: {error}", "{name}: error: {error}"),
    "summary": (
        "{articles} dari {feeds} dalam {seconds} detik",
        "{articles} from {feeds} in {seconds} s",
    ),
    "new_articles": ("{count} artikel baru", "{count} new articles"),
    "new_articles.one": ("{count} artikel baru", "{count} new article"),
    "feeds": ("{count} umpan", "{count} feeds"),
    "feeds.one": ("{count} umpan", "{count} feed"),
    "summary.failed": ("; {count} gagal", "; {count} failed"),
    "unread_total": (
        "{unread:>6} belum dibaca  {total:>7} total",
        "{unread:>6} unread  {total:>7} total",
    ),
    "no_category": (
        "tidak ada kategori bernama {name} (kategori: {names})",
        "no category named {name} (categories: {names})",
    ),
    "no_categories_yet": (
        "belum ada; jalankan `kalbartui refresh`",
        "none yet; run `kalbartui refresh`",
    ),
    "category_and_starred": (
        "--category dan --starred tidak bisa dipakai bersama",
        "--category and --starred cannot be combined",
    ),
    "no_article": (
        "tidak ada artikel bernomor {id} (lihat `kalbartui list --json`)",
        "no article with id {id} (see `kalbartui list --json`)",
    ),
    "demo_no_command": (
        "--demo membuka pembaca; pakai tanpa perintah",
        "--demo opens the reader; use it without a command",
    ),
    "cache_unusable": (
        "cache {path} tidak bisa dipakai: {error}",
        "cannot use the cache {path}: {error}",
    ),
    "skipped_outline": ("dilewati {url}: {reason}", "skipped {url}: {reason}"),
    "no_new_feeds": ("tidak ada umpan baru untuk ditambahkan", "no new feeds to add"),
    "cannot_add_feeds": (
        "{file}: umpan tidak bisa ditambahkan ke konfigurasi ini ({error}); tambahkan sendiri",
        "{file}: cannot add the feeds to this config ({error}); add them by hand",
    ),
    "added_feeds": ("{count} umpan ditambahkan ke {file}", "added {count} feeds to {file}"),
    "added_feeds.one": ("{count} umpan ditambahkan ke {file}", "added {count} feed to {file}"),
    "wrote_feeds": ("{count} umpan ditulis ke {file}", "wrote {count} feeds to {file}"),
    "wrote_feeds.one": ("{count} umpan ditulis ke {file}", "wrote {count} feed to {file}"),
    "cannot_write": ("{file}: tidak bisa ditulis ({error})", "{file}: cannot be written ({error})"),
    "paths.config": ("konfigurasi", "config"),
    "paths.data_dir": ("data", "data_dir"),
    "paths.database": ("basis data", "database"),
    "paths.cache_dir": ("cache", "cache_dir"),
    "paths.sync": ("sinkron", "sync"),
    "help.mark": (
        "tandai artikel dibaca, belum dibaca, disimpan atau tidak (diantrekan untuk [sync])",
        "mark articles read, unread, starred or unstarred (queued for [sync])",
    ),
    "help.ids": ("nomor artikel (lihat `kalbartui list`)", "article ids (see `kalbartui list`)"),
    "help.mark_read": ("tandai sudah dibaca", "mark read"),
    "help.mark_unread": ("tandai belum dibaca", "mark unread"),
    "help.mark_star": ("simpan", "star"),
    "help.mark_unstar": ("tidak disimpan lagi", "unstar"),
    "marked_read": ("{count} artikel ditandai sudah dibaca", "marked {count} articles read"),
    "marked_read.one": ("{count} artikel ditandai sudah dibaca", "marked {count} article read"),
    "marked_unread": ("{count} artikel ditandai belum dibaca", "marked {count} articles unread"),
    "marked_unread.one": (
        "{count} artikel ditandai belum dibaca",
        "marked {count} article unread",
    ),
    "marked_star": ("{count} artikel disimpan", "marked {count} articles starred"),
    "marked_star.one": ("{count} artikel disimpan", "marked {count} article starred"),
    "marked_unstar": ("{count} artikel tidak disimpan lagi", "marked {count} articles unstarred"),
    "marked_unstar.one": (
        "{count} artikel tidak disimpan lagi",
        "marked {count} article unstarred",
    ),
    "sync_pending": (
        "; {count} perubahan menunggu sinkron berikutnya",
        "; {count} changes wait for the next sync",
    ),
    "sync_pending.one": (
        "; {count} perubahan menunggu sinkron berikutnya",
        "; {count} change waits for the next sync",
    ),
    "sync_waiting": (
        "; {count} perubahan lokal menunggu sinkron berikutnya",
        "; {count} local changes wait for the next sync",
    ),
    "sync_waiting.one": (
        "; {count} perubahan lokal menunggu sinkron berikutnya",
        "; {count} local change waits for the next sync",
    ),
    "sync_offline": ("sinkron: luring, {error}{waiting}", "sync: offline, {error}{waiting}"),
    "sync_failed": ("sinkron gagal: {error}", "sync failed: {error}"),
    "sync_summary": (
        "{articles} dari server sinkron dalam {seconds} detik ({requests})",
        "{articles} from the sync server in {seconds} s ({requests})",
    ),
    "requests": ("{count} permintaan", "{count} requests"),
    "requests.one": ("{count} permintaan", "{count} request"),
    "sync_note": (
        "umpan tidak diambil langsung selama [sync] aktif: server sinkron yang mengambilnya",
        "feeds are not fetched directly while [sync] is on: the sync server fetches them",
    ),
}

# Config mistakes: one sentence naming the file, the key and what was expected.
CONFIG_STRINGS: dict[str, tuple[str, str]] = {
    "unknown_key": (
        "{file}: kunci '{key}' tidak dikenal (yang dikenal: {expected})",
        "{file}: unknown key '{key}' (expected one of: {expected})",
    ),
    "wrong_type": (
        "{file}: '{key}' harus {expected}, bukan {value}",
        "{file}: '{key}' must be {expected}, not {value}",
    ),
    "type.str": ("teks", "a string"),
    "type.bool": ("true atau false", "true or false"),
    "type.int": ("bilangan bulat", "a whole number"),
    "type.number": ("angka", "a number"),
    "type.list": ("daftar", "a list"),
    "type.table": ("tabel", "a table"),
    "or": ("atau", "or"),
    "empty": ("{file}: '{key}' tidak boleh kosong", "{file}: '{key}' must not be empty"),
    "url_scheme": (
        "{file}: '{key}' harus URL {schemes}, bukan {value}",
        "{file}: '{key}' must be an {schemes} URL, not {value}",
    ),
    "needs_key": ("{file}: '{where}' perlu kunci '{key}'", "{file}: '{where}' needs a '{key}' key"),
    "language": (
        '{file}: \'language\' harus "id" atau "en", bukan {value}',
        '{file}: \'language\' must be "id" or "en", not {value}',
    ),
    "timezone": (
        "{file}: 'timezone' harus zona IANA seperti \"Asia/Pontianak\", bukan {value}",
        "{file}: 'timezone' must be an IANA zone such as \"Asia/Pontianak\", not {value}",
    ),
    "between": (
        "{file}: '{key}' harus antara {low} dan {high}, bukan {value}",
        "{file}: '{key}' must be between {low} and {high}, not {value}",
    ),
    "at_least": (
        "{file}: '{key}' minimal {low}, bukan {value}",
        "{file}: '{key}' must be at least {low}, not {value}",
    ),
    "source_type": (
        "{file}: '{key}' harus \"wordpress\", bukan {value}",
        "{file}: '{key}' must be \"wordpress\", not {value}",
    ),
    "string_list": (
        "{file}: '{key}' harus daftar teks",
        "{file}: '{key}' must be a list of strings",
    ),
    "unknown_binding": (
        "{file}: '{key}' bukan nama aksi; layar bantuan (tombol ?) memuat semua id",
        "{file}: '{key}' names no action; the help screen (key ?) lists every id",
    ),
    "unknown_binding_close": (
        "{file}: '{key}' bukan nama aksi (maksudnya '{suggestion}'?)",
        "{file}: '{key}' names no action (did you mean '{suggestion}'?)",
    ),
    "key_string": (
        "{file}: '{key}' harus teks berisi tombol seperti \"j,down\", bukan {value}",
        "{file}: '{key}' must be a string of keys such as \"j,down\", not {value}",
    ),
    "no_keys": (
        "{file}: '{key}' harus menyebut paling sedikit satu tombol",
        "{file}: '{key}' must name at least one key",
    ),
    "key_clash": (
        "{file}: '{key}' memakai tombol \"{binding}\" yang sudah dipakai '{other}'; "
        "beri salah satunya tombol lain",
        "{file}: '{key}' binds \"{binding}\", which '{other}' already uses; "
        "give one of them another key",
    ),
    "key_reserved": (
        "{file}: '{key}' memakai tombol \"{binding}\" yang disediakan untuk “{other}”",
        "{file}: '{key}' binds \"{binding}\", which the reader keeps for “{other}”",
    ),
    "missing_file": ("{file}: berkas konfigurasi ini tidak ada", "{file}: no such config file"),
    "sync_password": (
        "{file}: 'sync.password' harus teks",
        "{file}: 'sync.password' must be a string",
    ),
    "sync_type": (
        "{file}: 'sync.type' harus \"greader\" (API Google Reader), bukan {value}",
        "{file}: 'sync.type' must be \"greader\" (the Google Reader API), not {value}",
    ),
    "sync_password_command": (
        "{file}: 'sync.password_command' harus daftar teks seperti "
        '["pass", "show", "freshrss"] (dijalankan tanpa shell)',
        "{file}: 'sync.password_command' must be a list of strings such as "
        '["pass", "show", "freshrss"] (it runs without a shell)',
    ),
    "sync_both_passwords": (
        "{file}: '[sync]' menerima 'password' atau 'password_command', tidak keduanya",
        "{file}: '[sync]' takes 'password' or 'password_command', not both",
    ),
    "unreadable": ("{file}: tidak bisa dibaca ({error})", "{file}: cannot be read ({error})"),
    "not_utf8": ("{file}: bukan teks UTF-8", "{file}: is not UTF-8 text"),
    "not_toml": ("{file}: bukan TOML yang sah ({error})", "{file}: is not valid TOML ({error})"),
}

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
        "atau keluar (q) dan jalankan `{demo}` untuk melihat contoh berita.",
        "No articles yet, and the network cannot be reached. Press r to try again, "
        "or quit (q) and run `{demo}` to see sample news.",
    ),
    "list.empty_refreshing": (
        "Belum ada artikel. Sedang mengambil berita…",
        "No articles yet. Fetching the news…",
    ),
    "list.no_results": ("Tidak ada hasil untuk “{text}”.", "No results for “{text}”."),
    "list.no_results_syntax": (
        "Tidak ada hasil untuk “{text}”. Pencarian memakai kata biasa (semua harus ada); "
        "tanda kutip, kurung, dan OR/AND/NOT tidak dipakai. Dicari: {words}.",
        "No results for “{text}”. Search takes plain words (all must match); quotes, "
        "brackets and OR/AND/NOT are not used. Searched for: {words}.",
    ),
    "search.plain_words": ("kata: {words}", "words: {words}"),
    "list.count": ("{count} artikel", "{count} articles"),
    # A search as the user types counts its matches only this far; the rest when typing stops.
    "list.count_more": ("lebih dari {count} artikel", "more than {count} articles"),
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
    # with [sync]: the server fetches the feeds, the reader syncs with it
    "status.syncing": ("Sinkronisasi {done}/{total}", "Syncing {done}/{total}"),
    "status.syncing_start": ("Sinkronisasi…", "Syncing…"),
    "status.last_sync": ("Disinkronkan {when}", "Synced {when}"),
    "feeds.sync_note": (
        "Server sinkronisasi {url} yang mengambil umpan ini; [[feeds]] dan [[sources]] "
        "tidak diambil langsung selama [sync] aktif.",
        "The sync server {url} fetches these feeds; [[feeds]] and [[sources]] are not "
        "fetched directly while [sync] is on.",
    ),
    "status.failed": ("{count} umpan gagal (e)", "{count} feeds failed (e)"),
    "status.error": ("galat penyegaran", "refresh error"),
    # notifications
    "notify.new": ("{count} artikel baru", "{count} new articles"),
    "notify.new_one": ("1 artikel baru", "1 new article"),
    "notify.offline": (
        "Tidak bisa terhubung. Menampilkan berita dari cache.",
        "Cannot connect. Showing the cached news.",
    ),
    "notify.offline_empty": (
        "Tidak bisa terhubung, dan belum ada berita tersimpan.",
        "Cannot connect, and no news is cached yet.",
    ),
    "notify.next_category": (
        "Lanjut ke kategori berikutnya: {name}",
        "On to the next category: {name}",
    ),
    "notify.failed": (
        "{count} umpan gagal diperbarui. Tekan e untuk rinciannya.",
        "{count} feeds failed to refresh. Press e for details.",
    ),
    "notify.refresh_error": ("Penyegaran gagal: {error}", "Refresh failed: {error}"),
    "notify.unexpected": (
        "masalah tak terduga di kalbartui (mohon laporkan)",
        "an unexpected problem in kalbartui (please report it)",
    ),
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
        "Ubah tombol di berkas konfigurasi, bagian [keys], dengan id di atas. "
        "j/k menggulir, Esc menutup.",
        "Remap keys in the config file under [keys] with the ids above. j/k scroll, Esc closes.",
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
    "cmd.no_matches": ("Tidak ada yang cocok", "No matches found"),
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
    "cmd.themes_search": ("Cari tema…", "Search for themes…"),
    "cmd.article": ("Artikel: {action}", "Article: {action}"),
    "cmd.unstar": ("Batal simpan", "Unstar"),
    "cmd.mark_read": ("Tandai sudah dibaca", "Mark read"),
    "cmd.mark_unread": ("Tandai belum dibaca", "Mark unread"),
    "cmd.export_opml": ("Ekspor umpan ke OPML", "Export feeds to OPML"),
    "cmd.export_opml_help": (
        "Tulis daftar umpan sebagai berkas OPML di folder data",
        "Write the feed list as an OPML file in the data folder",
    ),
    "cmd.import_opml": ("Impor umpan dari OPML…", "Import feeds from OPML…"),
    "cmd.import_opml_help": (
        "Tambahkan umpan dari berkas OPML ke konfigurasi",
        "Add the feeds of an OPML file to the config",
    ),
    "ask.footer": ("Enter: lanjut · Esc: batal", "Enter: go on · Esc: cancel"),
    "ask.opml_path": (
        "Berkas OPML yang akan diimpor (jalur lengkap, ~ boleh):",
        "The OPML file to import (full path, ~ allowed):",
    ),
    "notify.exported": (
        "{count} umpan diekspor ke {path}",
        "Exported {count} feeds to {path}",
    ),
    "notify.exported_one": ("1 umpan diekspor ke {path}", "Exported 1 feed to {path}"),
    "notify.imported": (
        "{count} umpan ditambahkan ke {path}. Memperbarui…",
        "Added {count} feeds to {path}. Refreshing…",
    ),
    "notify.imported_one": (
        "1 umpan ditambahkan ke {path}. Memperbarui…",
        "Added 1 feed to {path}. Refreshing…",
    ),
    "notify.imported_none": (
        "Tidak ada umpan baru di {path}.",
        "No new feeds in {path}.",
    ),
    "notify.import_error": ("Impor gagal: {error}", "Import failed: {error}"),
    "notify.export_error": ("Ekspor gagal: {error}", "Export failed: {error}"),
    "cmd.quit_help": ("Tutup kalbartui", "Close kalbartui"),
    # article rendering (reading pane and `kalbartui show`)
    "article.categories": ("Kategori: {names}", "Categories: {names}"),
    "article.source": ("Sumber: ", "Source: "),
    "article.estimated": ("(perkiraan)", "(estimated)"),
    "article.untitled": ("(tanpa judul)", "(untitled)"),
    # a stored time that no time zone can show (text.relative_time, text.absolute_time)
    "time.unknown": ("waktu tidak diketahui", "time unknown"),
    # an article longer than the reader shows (render/body.py caps what one may expand to)
    "article.cut": (
        "Artikel dipotong: {reason}. Buka sumbernya di peramban untuk membaca selengkapnya.",
        "Article cut short: {reason}. Open its source in a browser to read the rest.",
    ),
    "article.cut_lines": ("lebih dari {count} baris", "more than {count} lines"),
    "article.cut_links": ("lebih dari {count} tautan", "more than {count} links"),
    "article.cut_rows": ("tabel lebih dari {count} baris", "a table of more than {count} rows"),
    "article.cut_chars": ("lebih dari {count} karakter", "more than {count} characters"),
    "article.cut_elements": ("lebih dari {count} elemen HTML", "more than {count} HTML elements"),
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
    # English singulars of counted strings (see tn); Indonesian nouns do not change.
    "status.failed.one": ("{count} umpan gagal (e)", "{count} feed failed (e)"),
    "notify.failed.one": (
        "{count} umpan gagal diperbarui. Tekan e untuk rinciannya.",
        "{count} feed failed to refresh. Press e for details.",
    ),
    "list.count.one": ("{count} artikel", "{count} article"),
    "notify.marked_read.one": (
        "{count} artikel ditandai sudah dibaca.",
        "{count} article marked as read.",
    ),
    "confirm.mark_all.one": (
        "Tandai {count} artikel di “{view}” sudah dibaca?",
        "Mark {count} article in “{view}” as read?",
    ),
    # category discovery of a WordPress site (refresh output and the feeds screen)
    "discovery.failed": (
        "{source}: kategori tidak bisa ditemukan ({error}); kategori diambil dari label artikel",
        "{source}: categories could not be discovered ({error}); using the articles' own terms",
    ),
    "discovery.fallback": (
        "tidak ditemukan, memakai label artikel",
        "not discovered, using the articles' terms",
    ),
    "discovery.ok": ("{count} kategori ditemukan", "{count} categories discovered"),
    "discovery.ok.one": ("{count} kategori ditemukan", "{count} category discovered"),
    **{f"cli.{k}": v for k, v in CLI_STRINGS.items()},
    **{f"config.{k}": v for k, v in CONFIG_STRINGS.items()},
}


def t(key: str, language: str = "en", /, **fmt: object) -> str:
    """The string for `key` in `language` ('id' or 'en'), formatted with `fmt`."""
    pair = STRINGS[key]
    text = pair[0] if language == "id" else pair[1]
    return text.format(**fmt) if fmt else text


def tn(key: str, count: int, language: str = "en", /, **fmt: object) -> str:
    """`t` for a sentence about `count` things: `key + ".one"` holds the English singular."""
    singular = key + ".one"
    if count == 1 and singular in STRINGS:
        key = singular
    # A `count` in fmt is how the number is shown ("1.234"); the int only picks the form.
    return t(key, language, **{"count": count, **fmt})


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
