"""What the main screen's parts share: the reader app, typed, and a part with no drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.widget import Widget

from kalbartui.core import Core
from kalbartui.i18n import message, translator
from kalbartui.problems import problem_of
from kalbartui.store import DatabaseError
from kalbartui.text import clean_line

if TYPE_CHECKING:
    from kalbartui.ui.app import KalbarApp


def kalbar(node: DOMNode) -> KalbarApp:
    """The reader app a node belongs to: config, paths, the core, the clock."""
    return cast("KalbarApp", node.app)


def say(
    node: DOMNode,
    message: str,
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """notify() with markup off: messages carry URLs and titles from feeds. Safe from a
    worker thread, as notify is."""
    node.app.notify(message, severity=severity, timeout=timeout, markup=False)


def mark_not_kept(node: DOMNode, language: str, error: DatabaseError) -> None:
    """A mark the cache refused (a full or read-only disk): one sentence, and the status line
    says why until the next write works; the reader goes on."""
    from kalbartui.ui.messages import CacheUnwritable

    said = clean_line(message(error.problem, language), 300)
    say(
        node,
        translator(language).gettext("The mark could not be kept: {error}", error=said),
        "error",
    )
    node.post_message(CacheUnwritable(error.problem.code))


class Part(Widget):
    """A part of the main screen that draws nothing: it holds state, runs workers, answers
    their messages and tells the screen by message what changed."""

    DEFAULT_CSS = "Part { display: none; }"

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.lang = lang

    @property
    def core(self) -> Core:
        """What the reader does goes through the core, as the CLI's commands do."""
        return kalbar(self).core

    def say(
        self, message: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """notify() with markup off (see `say`)."""
        say(self, message, severity, timeout)


def one_line(error: BaseException | None, language: str) -> str:
    """A worker's failure for the user. Our own errors are already one sentence, and so is a
    fault of the machine (a full disk, no memory); anything else (a bug) is never shown as
    its raw text, which means nothing to a reader and may quote a feed."""
    if error is None:
        return ""
    return clean_line(message(problem_of(error), language), 300)
