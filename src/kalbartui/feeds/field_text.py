"""A feed's fields as clean text: one bounded line from a title or a name, HTML bodies cut
without a half tag, no terminal escapes, no SEO footer, and relative links made absolute."""

from __future__ import annotations

import html
import re

from kalbartui import urls
from kalbartui.text import SCRIPT_ELEMENTS, clean, hidden_elements_re, strip_tags

URL_LIMIT = 4096
MAX_RESOLVED_LINKS = 5_000  # relative href/src made absolute per article

_get = dict.get  # FeedParserDict.get goes through its key aliasing; the plain one is faster

# CSI (ESC [ or C1 0x9b), OSC (ESC ] or 0x9d, ended by BEL or ST), and short ESC sequences:
# removed whole, so no "[31m" residue is left once the control characters are gone.
_ANSI_RE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_SCRIPT_RE = hidden_elements_re(SCRIPT_ELEMENTS)

# The footer WordPress SEO plugins append to every feed item, in English and Indonesian.
# Only matched at the very end, with a link on both sides, so prose is never cut.
_FOOTER_LEAD = r"(?:The\s+post|Artikel|Pos|Postingan|Tulisan|Berita)"
_FOOTER_VERB = (
    r"(?:appeared\s+first\s+on"
    r"|(?:muncul|tampil|terbit)\s+(?:pertama(?:\s+kali)?|perdana)\s+(?:di|pada))"
)
_FOOTER_HTML_RE = re.compile(
    rf"(?:<p\b[^>]{{0,2000}}>\s{{0,200}})?{_FOOTER_LEAD}\s+<a\b[^>]{{0,2000}}>.{{0,2000}}?</a>\s*{_FOOTER_VERB}\s+"
    rf"<a\b[^>]{{0,2000}}>.{{0,500}}?</a>\s*\.?\s*(?:</p>)?\s*\Z",
    re.I | re.S,
)
# Feeds that strip tags leave the English footer as text; the Indonesian words are too common.
_FOOTER_TEXT_RE = re.compile(
    r"\s*The\s+post\s.{1,1000}?\sappeared\s+first\s+on\s.{1,200}?\Z", re.I | re.S
)
_FOOTER_HINTS = ("appeared first on", "pertama kali", "pertama di", "pertama pada", "perdana")
_FOOTER_WINDOW = 8000  # characters at the end of a body that can hold the footer

_URL_ATTR_RE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])([^"'<>]*)\2""", re.I)
_ABSOLUTE_PREFIXES = ("http://", "https://", "#", "mailto:", "data:", "tel:")


def no_ansi(text: str) -> str:
    """`text` without terminal escape sequences (CSI, OSC, short ESC)."""
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        return _ANSI_RE.sub("", text)
    return text


def _footer_hint(text: str) -> int:
    """Where the last footer phrase sits in the tail of `text`, or -1."""
    start = max(len(text) - _FOOTER_WINDOW, 0)  # the footer is always last; skip the rest
    lowered = text[start:].lower()
    found = max(lowered.rfind(hint) for hint in _FOOTER_HINTS)
    return found + start if found >= 0 else -1


def drop_footer_html(fragment: str) -> str:
    """An HTML body without the footer an SEO plugin appends ("The post ... appeared first on")."""
    hint = _footer_hint(fragment)
    if hint < 0:
        return fragment
    # The phrase must follow the post's link; prose that merely says "pertama kali" stops here.
    link_end = fragment.rfind("</a>", 0, hint)
    if link_end < 0 or hint - link_end > 24 or "<" in fragment[link_end + 4 : hint]:
        return fragment
    link_start = fragment.rfind("<a", 0, link_end)
    if link_start < 0:
        return fragment
    # Searching a short stretch before the link keeps this cheap on long bodies.
    start = max(fragment.rfind("<p", 0, link_start), link_start - 200, 0)
    # Every attempt of the pattern is bounded, and so is the stretch it is tried over.
    start = max(start, len(fragment) - _FOOTER_WINDOW - 6000)
    match = _FOOTER_HTML_RE.search(fragment, start)
    return fragment[: match.start()].rstrip() if match else fragment


# Anything strip_tags/clean would have to act on; its absence allows a fast path.
_NEEDS_CLEANING_RE = re.compile(r"[<&\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def bounded(text: str, limit: int) -> str:
    """Whitespace folded and length bounded, as clean_line does, for text already clean."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def title_text(value: object, detail: object, limit: int) -> str:
    """A title: tags are stripped only where the feed says (or feedparser guesses) it is HTML.

    An Atom type="text" title such as `Memakai elemen <template> di HTML` keeps its words.
    """
    if isinstance(detail, dict) and _get(detail, "type") == "text/plain":
        text = no_ansi((value if isinstance(value, str) else clean(value))[: limit * 20 + 4096])
        if "<s" in text or "<S" in text:
            # Script and style hold code, never a title's words, even in a plain-text title.
            text = _SCRIPT_RE.sub(" ", text)
        return bounded(clean(text), limit)
    return plain_text(value, limit)


def plain_text(value: object, limit: int) -> str:
    """One bounded line of plain text from a title-like field that may hold HTML."""
    text = value if isinstance(value, str) else clean(value)
    # Bounded before the expensive steps: markup and entities rarely take 20 characters
    # for every one they leave, and what is cut here would be cut from the result anyway.
    text = text[: limit * 20 + 4096]
    if not _NEEDS_CLEANING_RE.search(text):
        return bounded(text, limit)  # the common case: nothing to decode or remove
    text = no_ansi(text)  # before the controls go, so no "[31m" is left behind
    if "<s" in text or "<S" in text:
        text = _SCRIPT_RE.sub(" ", text)
    return bounded(strip_tags(text), limit)


def cut_html(fragment: str, limit: int) -> str:
    """First `limit` characters of HTML, without a half-written tag at the end."""
    if len(fragment) <= limit:
        return fragment
    cut = fragment[:limit]
    lt = cut.rfind("<")
    if lt > cut.rfind(">"):
        cut = cut[:lt]
    return cut


def web_url(value: object, base: str) -> str:
    """Absolute http(s) URL from a possibly relative one, or ""."""
    return urls.absolute_web_url(value, base, URL_LIMIT)


def _has_relative_attr(fragment: str) -> bool:
    """Cheap test (str.count runs in C) before the slower regex pass."""
    low = fragment.lower()
    attrs = low.count("href=") + low.count("src=")
    if not attrs:
        return False
    absolute = sum(
        low.count(f"{a}={q}{p}") for a in ("href", "src") for q in "\"'" for p in ("http", "#")
    )
    return attrs != absolute


def absolute_links(fragment: str, base: str) -> str:
    """Resolve relative href/src in HTML (feedparser's resolver is off for speed)."""
    if not base or not _has_relative_attr(fragment):
        return fragment

    def fix(match: re.Match[str]) -> str:
        value = match.group(3)
        if not value or value.lower().startswith(_ABSOLUTE_PREFIXES):
            return match.group()
        try:
            resolved = urls.resolve(base, html.unescape(value))
        except ValueError:
            return match.group()
        return f"{match.group(1)}{match.group(2)}{html.escape(resolved)}{match.group(2)}"

    # Bounded: past this many attributes the renderer resolves links itself (against the
    # article's URL), and a body of 400,000 `src="` would otherwise cost seconds here.
    return _URL_ATTR_RE.sub(fix, fragment, count=MAX_RESOLVED_LINKS)


def drop_footer_text(text: str) -> str:
    """Plain text without the English footer a feed that strips tags leaves at its end."""
    if "appeared first on" in text:
        text = _FOOTER_TEXT_RE.sub("", text)
    return text
