"""The linear pre-pass in front of html.parser: only complete, well-formed markup gets through.

On its own, HTMLParser rescans an unterminated tag or comment to the end of the input for every
"<" that follows, which makes a few kilobytes of "<a <a <a ..." take seconds. `defuse` keeps
only markup that is complete and well formed, escapes every other "<", and drops comments,
declarations and the raw-text elements (script, style, iframe, ...) outright.
"""

from __future__ import annotations

import re

from kalbartui.text import RAWTEXT_INVISIBLE

# ---------------------------------------------------------------- the linear pre-pass

# A start tag that html.parser reads the same way we do: a name, then attributes, then ">".
# Outside quoted values a "<" ends the match, and all quantifiers are possessive, so a failed
# match never backtracks and stops at the next "<" that is not inside a closed quoted value.
_START = re.compile(
    r"""<([a-zA-Z][^\t\n\r\f />\x00<]*+)
    (?:[\s/]++
      |[^\s/>"'=<][^\s/>"'=<]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"'<]*+))?+
    )*+>""",
    re.VERBOSE,
)
_END = re.compile(r"</[a-zA-Z][^<>]*+>")
_COMMENT_END = re.compile(r"--!?>")
# Elements whose content is raw text (the browser does not parse tags inside) and that never
# show anything: dropped with their content in the pre-pass.
_RAWTEXT_DROP = RAWTEXT_INVISIBLE
# The end tag's name only: its ">" is found with str.find, so a run of "</script " with no
# ">" anywhere is not rescanned to the end of the input once per candidate.
_RAWTEXT_CLOSE = {
    name: re.compile(rf"</{name}(?=[\s/>]|\Z)", re.IGNORECASE) for name in _RAWTEXT_DROP
}


def defuse(src: str) -> str:
    """Rewrite HTML so html.parser sees only complete tags: linear time, whatever the input.

    Comments, doctypes, processing instructions and raw-text elements are removed; a "<" that
    does not start a complete tag becomes "&lt;" and so shows as text.
    """
    out: list[str] = []
    n = len(src)
    last = 0
    i = 0
    # Memos: once a search for a terminator fails from some position, it fails from any later
    # one too, so it is never repeated (that repetition is what makes naive parsing quadratic).
    no_gt_from = n + 1
    no_comment_end_from = n + 1
    no_close_from: dict[str, int] = {}
    while True:
        p = src.find("<", i)
        if p < 0:
            break
        out.append(src[last:p])
        c = src[p + 1 : p + 2]
        end = -1
        keep = False
        if c.isascii() and c.isalpha():
            m = _START.match(src, p)
            if m:
                end = m.end()
                keep = True
                name = m.group(1).lower()
                if name in _RAWTEXT_DROP:
                    keep = False
                    self_closing = src[end - 2 : end] == "/>"
                    if not self_closing and end < no_close_from.get(name, n + 1):
                        close = _RAWTEXT_CLOSE[name].search(src, end)
                        if close:
                            gt = src.find(">", close.end()) if close.end() < no_gt_from else -1
                            if gt < 0:
                                no_gt_from = min(no_gt_from, close.end())
                            end = n if gt < 0 else gt + 1
                        else:
                            # Unclosed: drop just the tag and show what follows.
                            no_close_from[name] = end
        elif c == "/":
            if src[p + 2 : p + 3].isascii() and src[p + 2 : p + 3].isalpha():
                m = _END.match(src, p)
                if m:
                    end = m.end()
                    keep = True
            elif p + 2 < no_gt_from:
                gt = src.find(">", p + 2)
                if gt < 0:
                    no_gt_from = p + 2
                else:
                    end = gt + 1
        elif c == "!" and src.startswith("<!--", p):
            if src.startswith("<!-->", p):
                end = p + 5
            elif src.startswith("<!--->", p):
                end = p + 6
            elif p + 4 < no_comment_end_from:
                m = _COMMENT_END.search(src, p + 4)
                if m:
                    end = m.end()
                else:
                    no_comment_end_from = p + 4
        elif c in ("!", "?") and p + 2 < no_gt_from:
            gt = src.find(">", p + 2)
            if gt < 0:
                no_gt_from = p + 2
            else:
                end = gt + 1
        if end < 0:
            out.append("&lt;")
            i = last = p + 1
            continue
        if keep:
            out.append(src[p:end])
        i = last = end
    out.append(src[last:])
    return "".join(out)
