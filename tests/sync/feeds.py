"""WordPress-shaped feeds in Indonesian for the FreshRSS that the sync tests run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.feedserver import FeedServer, feed_route

OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    '\txmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
)
PLACES = ("Pontianak", "Kubu Raya", "Sambas", "Ketapang", "Sintang", "Singkawang", "Landak")
TOPICS = (
    "banjir",
    "harga sembako",
    "jalan rusak",
    "festival budaya",
    "pasar terapung",
    "listrik padam",
)


@dataclass
class Post:
    n: int
    title: str
    body: str
    author: str
    published: datetime
    categories: tuple[str, ...] = ()

    @property
    def link(self) -> str:
        return f"https://www.kalbaronline.com/{self.published:%Y/%m/%d}/berita-{self.n}/"


def post(n: int, now: datetime, site: str = "Kalbar") -> Post:
    place = PLACES[n % len(PLACES)]
    topic = TOPICS[n % len(TOPICS)]
    return Post(
        n=n,
        title=f"{site}: {topic.capitalize()} di {place}, warga diminta waspada (nomor {n})",
        body=(
            f"<p>Warga {place} melaporkan {topic} sejak Senin pagi. Pemerintah daerah "
            f"menurunkan petugas ke lokasi untuk mendata kerugian.</p>"
            f"<p>Kepala dinas mengatakan laporan ke-{n} ini akan ditindaklanjuti pekan depan.</p>"
        ),
        author=f"Redaksi {place}",
        published=now - timedelta(minutes=7 * n + 1),
        categories=(place, topic.capitalize()),
    )


def rss(title: str, posts: list[Post]) -> bytes:
    items = []
    for p in posts:
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in p.categories)
        items.append(
            "<item>"
            f"<title>{escape(p.title)}</title>"
            f"<link>{escape(p.link)}</link>"
            f"<dc:creator><![CDATA[{p.author}]]></dc:creator>"
            f"<pubDate>{format_datetime(p.published.astimezone(UTC), usegmt=True)}</pubDate>"
            f"{cats}"
            f'<guid isPermaLink="false">https://www.kalbaronline.com/?p={p.n}</guid>'
            f"<description><![CDATA[<p>{p.body[:80]}</p>]]></description>"
            f"<content:encoded><![CDATA[{p.body}]]></content:encoded>"
            "</item>\n"
        )
    return (
        OPEN + f"<title>{escape(title)}</title><link>https://www.kalbaronline.com/</link>"
        "<description>Berita Terkini Kalimantan Barat</description><language>id</language>\n"
        + "".join(items)
        + "</channel></rss>\n"
    ).encode()


@dataclass
class Site:
    """Feeds served on loopback; `posts` can grow while a test runs (new entries upstream)."""

    server: FeedServer
    feeds: dict[str, tuple[str, str, list[Post]]] = field(
        default_factory=dict
    )  # path -> (title, label, posts)

    def add(self, path: str, title: str, label: str, posts: list[Post]) -> None:
        self.feeds[path] = (title, label, posts)
        self.publish(path)

    def publish(self, path: str) -> None:
        title, _label, posts = self.feeds[path]
        self.server.routes[path] = feed_route(rss(title, posts))

    def subscriptions(self) -> list[tuple[str, str, str]]:
        return [(t, self.server.url(p), label) for p, (t, label, _) in self.feeds.items()]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def big_site(server: FeedServer, n_feeds: int = 10, per_feed: int = 1000) -> Site:
    """n_feeds × per_feed entries (10,000 by default) for the scale test and the benchmark."""
    s = Site(server)
    t = now()
    for f in range(n_feeds):
        name = PLACES[f % len(PLACES)]
        s.add(
            f"/besar-{f}.xml",
            f"Kabar {name} {f}",
            f"Wilayah {f % 3}",
            [post(f * per_feed + i, t, name) for i in range(per_feed)],
        )
    return s
