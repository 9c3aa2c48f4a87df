"""The third round's hostile bytes: an article page that makes the extractor quadratic, a
progressive JPEG whose last scan repeats a thousand times, a tiny WebP that declares forty
megapixels, and pages that declare charsets no page can have.

Built in the test (Pillow writes the pictures), never stored in the repository; the fault
server, the hostile site of the soak (scripts/hostile_site.py) and the measurements use them.
"""

from __future__ import annotations

import io
from functools import cache

# The shape of issue 18: 80,000 `<b>a</b>` (642 KB) took trafilatura 48.5 s; 20,000 took 1.9 s.
WORST_INLINE = 80_000


def quadratic_page(count: int = WORST_INLINE, title: str = "Berita") -> bytes:
    """An article page whose paragraph is `count` inline elements: trafilatura's time grows
    with the square of `count`."""
    head = (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="UTF-8"><title>{title}</title>'
        "</head><body><article><h1>Judul</h1><p>"
    )
    return (head + "<b>a</b>" * count + "</p></article></body></html>").encode("utf-8")


def story_page(title: str, words: int = 300, image: str = "") -> bytes:
    """An ordinary article page of `words` words (a story the extractor keeps)."""
    sentence = (
        "Warga di tepian Sungai Kapuas menyambut musim hujan dengan memperbaiki rumah panggung "
        "dan menyiapkan perahu untuk mengangkut hasil kebun ke pasar terdekat. "
    )
    count = max(1, words // len(sentence.split()))
    paragraphs = "".join(f"<p>{sentence * 3}</p>" for _ in range(max(1, count // 3)))
    og = f'<meta property="og:image" content="{image}">' if image else ""
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="UTF-8"><title>{title}</title>{og}'
        f"</head><body><nav><a href='/'>Beranda</a></nav><article><h1>{title}</h1>"
        f"{paragraphs}</article><footer>Hak cipta</footer></body></html>"
    ).encode()


@cache
def scan_bomb_jpeg(side: int = 6000, repeats: int = 1000) -> bytes:
    """A progressive JPEG of side x side whose last scan is repeated `repeats` times: every
    check passes (magic, size, pixels) and libjpeg decodes every scan again (25.7 s at the
    defaults, 270 KB)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (side, side), (90, 140, 200)).save(buf, "JPEG", progressive=True, quality=80)
    data = buf.getvalue()
    last = data.rfind(b"\xff\xda")  # the last start-of-scan marker
    end = data.rfind(b"\xff\xd9")  # end of image
    return data[:end] + data[last:end] * repeats + data[end:]


@cache
def huge_webp(width: int = 8000, height: int = 5000) -> bytes:
    """A lossless WebP of one colour: 1.6 KB that decodes to width x height pixels (+769 MB
    for the default 40 megapixels)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 60)).save(buf, "WEBP", lossless=True)
    return buf.getvalue()


@cache
def small_jpeg(
    width: int = 320, height: int = 200, colour: tuple[int, int, int] = (200, 90, 40)
) -> bytes:
    """An ordinary picture."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, "JPEG", quality=85)
    return buf.getvalue()


# Charsets a page may declare that are codecs to Python but no text encoding of a page: `idna`
# raises on any label longer than 63 bytes, `undefined` on everything.
BAD_CHARSETS = ("idna", "undefined", "punycode", "base64", "rot13", "utf-7", "unicode_escape")
