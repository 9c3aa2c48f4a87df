"""Article images: which picture leads an article, and fetching, checking and caching pictures.

Only the fetch layer talks HTTP; this module asks it for the bytes, then refuses anything that
is not a modest JPEG, PNG, GIF or WebP (never SVG, which can carry script), decodes with
Pillow's decompression-bomb guard and a pixel limit of our own, and keeps the files in the
cache directory under a size cap, the oldest dropped first. Pillow is imported only when a
picture is decoded, so starting kalbartui costs nothing for it.

Decoding runs in a worker process (`decode_confined`, kalbartui.jobs) under a deadline, a CPU
limit and a memory ceiling, and only the small decoded picture comes back: a progressive JPEG
can repeat its last scan a thousand times (25 s of decoding in 270 KB), and a 1.6 KB WebP can
declare 40 megapixels (+769 MB). A JPEG is decoded at the size it will be shown (libjpeg
scales while it decodes: `draft`); the other formats cannot be, so they are refused past
MAX_UNSCALED_PIXELS by the size they declare, before any pixel is decoded.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from kalbartui import jobs
from kalbartui.files import atomic_write
from kalbartui.problems import KalbarError, Problem

if TYPE_CHECKING:
    from PIL.Image import Image

    from kalbartui.addresses import Reach
    from kalbartui.feeds.fetch import Fetcher

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# 40 megapixels: a 8000 x 5000 JPEG photograph decodes (at the size it is shown); a
# 30,000 x 30,000 "image" does not.
MAX_PIXELS = 40_000_000
# PNG, GIF and WebP decode whole, at about 4 bytes a pixel and more while converting: past
# 4096 x 4096 they are refused by their declared size (a screen shows far fewer pixels).
MAX_UNSCALED_PIXELS = 4096 * 4096
# One decode: a JPEG shown in the pane takes milliseconds, a 40-megapixel progressive one
# about a second; the scan bomb above would take 25 s.
DECODE_LIMITS = jobs.Limits(
    seconds=8.0,
    cpu_seconds=4.0,
    memory_bytes=512 * 1024 * 1024,
    preload=("kalbartui.feeds.images", "PIL.Image", "PIL.JpegImagePlugin", "PIL.WebPImagePlugin"),
    # Two more may wait for the two workers; past that a picture is not shown this time
    # (the reader's threads are few, and a refresh needs one too).
    queue=2,
)
# Too many pictures were being decoded: nothing is wrong with this one (not remembered).
BUSY = "image.busy"
# An interrupted write leaves `.<name>.XXXX.tmp` (files.atomic_write); one this old is litter.
STALE_TEMPORARY_SECONDS = 3600
CACHE_CAP_BYTES = 200 * 1024 * 1024
ACCEPT = "image/jpeg,image/png,image/gif,image/webp;q=0.9"

# Magic numbers, so a wrong Content-Type (or an SVG named .jpg) cannot smuggle anything in.
_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


class ImageError(KalbarError):
    """A picture that will not be shown; str() is one sentence for the user."""


def sniff(data: bytes) -> str:
    """ "JPEG", "PNG", "GIF" or "WEBP" from the first bytes, or "" for anything else."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return ""


# ---------------------------------------------------------------- choosing the lead image

_NOT_A_PICTURE = re.compile(
    r"(?:s\.w\.org/images/core/emoji|/smilies/|/emoji/|wp-smiley|emoji|gravatar\.com/avatar"
    r"|/share[-_/]|/social[-_/]|feedburner|/flare/|feeds\.feedburner|pixel\.(?:gif|png)"
    r"|/tracking/|/beacon|spacer\.gif|blank\.gif|1x1\.)",
    re.IGNORECASE,
)
_BAD_CLASSES = re.compile(r"emoji|wp-smiley|share|social|avatar|icon|logo", re.IGNORECASE)


def _tiny(value: str | None) -> bool:
    value = (value or "").strip().lower().removesuffix("px")
    return value.isdigit() and int(value) <= 2


def is_picture(src: str, attrs: dict[str, str | None] | None = None) -> bool:
    """True for an image worth showing: not an emoji, a smiley, a tracking pixel (1x1 or at
    most 2 px), a share button, an avatar or feed flare."""
    scheme = urlsplit(src).scheme.lower()
    if scheme not in ("http", "https") or _NOT_A_PICTURE.search(src):
        return False
    if src.lower().split("?")[0].endswith(".svg"):
        return False
    if attrs:
        if _tiny(attrs.get("width")) or _tiny(attrs.get("height")):
            return False
        if _BAD_CLASSES.search(attrs.get("class") or ""):
            return False
    return True


_IMG_OPEN = re.compile(r"<img\b", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _iter_img_tag_texts(fragment: str, limit: int = 1000) -> Iterator[str]:
    """The first `limit` <img ...> tags, each cut to 4,000 characters, one at a time; linear
    in the fragment (a regex like `<img[^>]*>` rescans to the end from every unclosed `<img`)."""
    pos = 0
    for _ in range(limit):
        m = _IMG_OPEN.search(fragment, pos)
        if m is None:
            return
        gt = fragment.find(">", m.end())
        if gt < 0:
            return  # no later tag can be complete either
        yield fragment[m.start() : min(gt + 1, m.start() + 4000)]
        pos = gt + 1


def iter_img_tags(source: str, base: str = "") -> Iterator[tuple[str, dict[str, str | None]]]:
    """(absolute src, attributes) of each <img> in `source`, in order (lazy-load sources too),
    read only as far as the caller goes: the lead picture is usually the first."""
    for tag in _iter_img_tag_texts(source[:2_000_000]):
        attrs: dict[str, str | None] = {}
        for m in _ATTR.finditer(tag):
            value = next(g for g in m.groups()[1:] if g is not None)
            attrs[m.group(1).lower()] = html.unescape(value)
        src = ""
        for key in ("data-src", "data-lazy-src", "data-orig-file", "src"):
            if attrs.get(key):
                src = (attrs[key] or "").strip()
                break
        if src and not src.startswith("data:"):
            yield urljoin(base, src), attrs


def img_tags(source: str, base: str = "") -> list[tuple[str, dict[str, str | None]]]:
    """(absolute src, attributes) of every <img> in `source`, in order (lazy-load sources too)."""
    return list(iter_img_tags(source, base))


def choose_lead_image(
    *,
    media: str = "",
    enclosure: str = "",
    content_html: str = "",
    og_image: str = "",
    base: str = "",
) -> str:
    """The article's lead picture, by the order of trust: the feed's media:content or
    media:thumbnail, an image enclosure, the first real <img> of the content, the page's
    og:image. "" when none of them is a picture."""
    for candidate in (media, enclosure):
        if candidate and is_picture(urljoin(base, candidate)):
            return urljoin(base, candidate)
    for src, attrs in iter_img_tags(content_html, base):
        if is_picture(src, attrs):
            return src
    if og_image and is_picture(urljoin(base, og_image)):
        return urljoin(base, og_image)
    return ""


# ---------------------------------------------------------------- checking and decoding


@dataclass(frozen=True, slots=True)
class Picture:
    """A decoded picture, small enough to draw: RGB(A) pixels and the original size."""

    image: Image
    width: int
    height: int
    kind: str


def decode(data: bytes, max_side: int = 1600) -> Picture:
    """Bytes -> a checked, decoded picture scaled to at most `max_side` pixels. CPU work: call
    it from a thread. Raises ImageError for anything that is not a sane raster picture."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError("image.too_large")
    kind = sniff(data)
    if not kind:
        raise ImageError("image.not_picture")
    import io
    import warnings

    from PIL import Image as PILImage

    # Pillow's own guard raises past twice this; past it once, it only warns: make that fatal.
    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(io.BytesIO(data), formats=[kind])
            width, height = picture.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                raise ImageError("image.too_many_pixels", width=width, height=height)
            if kind != "JPEG" and width * height > MAX_UNSCALED_PIXELS:
                raise ImageError("image.too_many_pixels", width=width, height=height)
            if kind == "JPEG":
                picture.draft("RGB", (max_side, max_side))  # decode at a fraction of the size
            picture.load()
            picture.seek(0)
            pixels = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
            pixels.thumbnail((max_side, max_side))
    except ImageError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageError("image.bomb") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError("image.damaged", kind=type(exc).__name__) from None
    except MemoryError:
        raise ImageError("image.too_large_to_decode") from None
    return Picture(pixels, width, height, kind)


def decode_confined(
    data: bytes,
    max_side: int = 1600,
    cancelled: Callable[[], bool] | None = None,
    limits: jobs.Limits = DECODE_LIMITS,
) -> Picture:
    """`decode` in a worker process under `limits`; blocks (call it from a thread).
    ImageError says why a picture will not be shown; jobs.JobCancelled when `cancelled`."""
    try:
        return jobs.run(decode, data, max_side, limits=limits, cancelled=cancelled)
    except jobs.JobTimedOut as exc:
        raise ImageError("image.too_slow", seconds=exc.seconds) from None
    except jobs.JobOutOfMemory:
        raise ImageError("image.too_large_to_decode") from None
    except jobs.JobCrashed as exc:
        raise ImageError("image.damaged", kind=exc.kind) from None
    except jobs.JobBusy:
        raise ImageError(BUSY) from None


# ---------------------------------------------------------------- the cache


class ImageCache:
    """Pictures on disk under `folder`, one file per URL, at most `cap_bytes` in all.

    A file's modification time is when it was last used; past the cap the oldest go first.
    A failure is remembered in a small `.err` file so a broken picture is not fetched again
    and again; it says why.
    """

    def __init__(self, folder: Path, cap_bytes: int = CACHE_CAP_BYTES) -> None:
        self.folder = folder
        self.cap_bytes = cap_bytes

    def path_for(self, url: str) -> Path:
        return self.folder / hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()[:40]

    def get(self, url: str) -> bytes | None:
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)
        except OSError:
            pass
        return data

    def error(self, url: str) -> Problem | None:
        """Why this picture failed before (kept, so a broken one is not fetched again)."""
        try:
            return Problem.from_json(self.path_for(url).with_suffix(".err").read_text("utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, url: str, data: bytes) -> None:
        atomic_write(self.path_for(url), data)
        self.evict()

    def put_error(self, url: str, problem: Problem) -> None:
        """Remember why this picture failed."""
        atomic_write(self.path_for(url).with_suffix(".err"), problem.to_json())
        self.evict()

    def forget(self, url: str) -> None:
        """Drop the picture's bytes (they failed to decode: the `.err` file says why)."""
        try:
            self.path_for(url).unlink()
        except OSError:
            pass

    def evict(self) -> int:
        """Drop the least recently used files until the folder fits the cap; returns how many.

        Every file counts: pictures, the `.err` files of failed ones, and the temporary files
        of writes (one older than an hour is an interrupted write's, and goes whatever the
        cap; a newer one is a write in progress, counted but never taken from its writer)."""
        now = time.time()
        entries: list[tuple[float, int, Path]] = []
        dropped = writing = 0
        try:
            with os.scandir(self.folder) as found:
                for entry in found:
                    try:
                        if not entry.is_file(follow_symlinks=False):
                            continue
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    path = Path(entry.path)
                    if not entry.name.endswith(".tmp"):
                        entries.append((info.st_mtime, info.st_size, path))
                    elif now - info.st_mtime <= STALE_TEMPORARY_SECONDS:
                        writing += info.st_size
                    else:
                        try:
                            path.unlink()
                            dropped += 1
                        except OSError:
                            pass
        except OSError:
            return dropped
        total = writing + sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.cap_bytes:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            dropped += 1
        return dropped


async def fetch_image(
    fetcher: Fetcher, cache: ImageCache, url: str, *, reach: Reach | None
) -> bytes:
    """The picture's bytes: from the cache, else fetched (≤ 5 MB, a raster picture by its
    first bytes whatever the Content-Type says, only where `reach` allows: None is any
    address, which no link from a feed should get) and cached. Raises ImageError."""
    cached = cache.get(url)
    if cached is not None:
        return cached
    known = cache.error(url)
    if known is not None:
        raise ImageError(known)
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ImageError("page.not_http")
    result = await fetcher.fetch(url, accept=ACCEPT, reach=reach)
    if result.status != "ok":
        # A network failure may pass; only the picture's own faults are remembered.
        raise ImageError(result.error or Problem.of("fetch.no_answer"))
    data = result.body
    problem = None
    if len(data) > MAX_IMAGE_BYTES:
        problem = Problem.of("image.too_large")
    elif not sniff(data):
        problem = Problem.of("image.not_picture")
    if problem is not None:
        cache.put_error(url, problem)
        raise ImageError(problem)
    cache.put(url, data)
    return data
