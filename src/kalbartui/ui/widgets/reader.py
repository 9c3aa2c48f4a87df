"""The reading pane. It is drawn line by line: see kalbartui.ui.widgets.article_view."""

from __future__ import annotations

from kalbartui.ui.widgets.article_view import ArticleView as Reader

__all__ = ["Reader"]
