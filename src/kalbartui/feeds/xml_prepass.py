"""Feed bytes made safe for the XML parsers before they see them, in linear time.

No DOCTYPE or ENTITY declaration is left (no entity bomb, no external entity), UTF-16/32 is
re-encoded so that scan can see it, and the counts feedparser handles in quadratic time
(terms per item, attributes per element) are bounded. A `<link>` whose text is the web link
keeps it (feedparser would take a uri/url attribute instead).
"""

from __future__ import annotations

import re

from kalbartui.feeds.entries import MAX_TERMS


def _declaration_end(data: bytes, start: int) -> int:
    """End of the `<!...>` declaration at `start`, skipping a bracketed internal subset."""
    depth = 0
    for match in _DECL_TOKEN_RE.finditer(data, start + 2):
        token = match.group()
        if token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(depth - 1, 0)
        elif token == b">" and depth == 0:
            return match.end()
    return len(data)  # never closed: everything after it is the declaration


# Quoted strings may hold '>' or ']'; an unterminated quote runs to the end (linear time).
_DECL_TOKEN_RE = re.compile(rb"\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z)|<!--.*?(?:-->|\Z)|[\[\]>]", re.S)


def strip_doctype(data: bytes) -> bytes:
    """Drop every DOCTYPE/ENTITY declaration before the root element.

    With no declarations left, neither expat nor feedparser's loose parser can
    expand an entity bomb or read an external (file:// or http://) entity.
    """
    pos = 0
    kept = 0
    parts: list[bytes] = []
    while True:
        lt = data.find(b"<", pos)
        if lt < 0:
            break
        if data.startswith(b"<?", lt):
            end = data.find(b"?>", lt + 2)
            if end < 0:
                break
            pos = end + 2
        elif data.startswith(b"<!--", lt):
            end = data.find(b"-->", lt + 4)
            if end < 0:
                break
            pos = end + 3
        elif data.startswith(b"<!", lt) and not data.startswith(b"<![CDATA[", lt):
            end = _declaration_end(data, lt)
            # Keep the newlines so parser complaints still point at the right line.
            parts.append(data[kept:lt] + b"\n" * data.count(b"\n", lt, end))
            pos = kept = end
        else:
            break  # the root element: declarations cannot come later
    if not parts:
        return data
    parts.append(data[kept:])
    return b"".join(parts)


# Elements whose count per item feedparser handles in quadratic time (each new term is
# compared with every earlier one), and the item elements that reset the count.
_TERM_TOKEN_RE = re.compile(
    rb"<(/?)((?:[A-Za-z_][\w.-]*:)?(?:item|entry|category|subject))(?=[\s/>])"
)


def limit_terms(data: bytes, per_item: int = MAX_TERMS * 2) -> bytes:
    """Drop <category>/<dc:subject> elements past `per_item` in one item; linear time.

    An unfinished element (no ">" or no end tag) stops the scan: everything from there on
    is kept as it is, and the parser reads it as it can.
    """
    if data.count(b"<category") + data.count(b":subject") + data.count(b":category") <= per_item:
        return data
    parts: list[bytes] = []
    kept = 0
    count = 0
    pos = 0
    while True:
        m = _TERM_TOKEN_RE.search(data, pos)
        if m is None:
            break
        name = m.group(2)
        local = name.rpartition(b":")[2]
        if local in (b"item", b"entry"):
            count = 0
            pos = m.end()
            continue
        if m.group(1):  # an end tag met on its own
            pos = m.end()
            continue
        gt = data.find(b">", m.end())
        if gt < 0:
            break
        if data[gt - 1 : gt] == b"/":
            end = gt + 1
        else:
            close = data.find(b"</" + name, gt + 1)
            if close < 0:
                break
            close_gt = data.find(b">", close)
            if close_gt < 0:
                break
            end = close_gt + 1
        count += 1
        if count > per_item:
            parts.append(data[kept : m.start()])
            kept = end
        pos = end
    if not parts:
        return data
    parts.append(data[kept:])
    return b"".join(parts)


MAX_ATTRIBUTES = 100  # per element, before feedparser (its SAX reader is quadratic in them)
# A start tag long enough to hold more attributes than that; each scan from a "<" stops at the
# next "<" or ">", so finding them is linear.
_LONG_TAG_RE = re.compile(rb"<[A-Za-z_][^<>]{2048,}>")
_ATTRIBUTE_RE = re.compile(rb"""\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG_NAME_RE = re.compile(rb"<[^\s/>]+")


def limit_attributes(data: bytes, limit: int = MAX_ATTRIBUTES) -> bytes:
    """Start tags cut to their first `limit` attributes; linear time."""

    def cut(match: re.Match[bytes]) -> bytes:
        tag = match.group()
        name = _TAG_NAME_RE.match(tag)
        if name is None or tag.count(b"=") <= limit:
            return tag
        kept = [name.group()]
        for n, attr in enumerate(_ATTRIBUTE_RE.finditer(tag, name.end())):
            if n >= limit:
                break
            kept.append(attr.group())
        kept.append(b"/>" if tag.endswith(b"/>") else b">")
        return b"".join(kept)

    return _LONG_TAG_RE.sub(cut, data)


# XML spec appendix F: byte patterns of encodings that are not ASCII-compatible.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"<\x00!\x00", "utf-16-le"),
)
_DECL_ENCODING_RE = re.compile(rb"\A(<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")


def to_utf8(data: bytes) -> bytes | None:
    """UTF-16/32 bodies re-encoded as UTF-8 (so the DOCTYPE scan can see them), else None."""
    for prefix, codec in _WIDE_ENCODINGS:
        if data.startswith(prefix):
            text = data.decode(codec, "replace").lstrip("\ufeff")
            out = text.encode("utf-8")
            return _DECL_ENCODING_RE.sub(rb"\g<1>\g<2>utf-8\g<2>", out, count=1)
    return None


# `<link uri="at://...">http://example.com/item</link>`: feedparser takes the attribute and
# drops the element's text, the only web link there is. Renamed, the attribute is ignored.
_LINK_TAG_RE = re.compile(rb"<link\b[^<>]{0,4000}>")
_LINK_URI_ATTR_RE = re.compile(rb"(\s)(uri|url)(\s*=)")


def link_text_wins(body: bytes) -> bytes:
    """`<link>` elements whose text is the web link, with their uri/url attribute renamed."""
    if b"<link" not in body or (b"uri" not in body and b"url" not in body):
        return body

    def fix(match: re.Match[bytes]) -> bytes:
        tag = match.group()
        end = match.end()
        follows = body[end : end + 20].lstrip().lower()
        if tag.endswith(b"/>") or not follows.startswith((b"http://", b"https://")):
            return tag  # no web link in the element's text: the attribute is all there is
        return _LINK_URI_ATTR_RE.sub(rb"\1data-\2\3", tag)

    return _LINK_TAG_RE.sub(fix, body)
