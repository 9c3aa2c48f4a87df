"""The reader's first drawing is the one the terminal gets: none is made and thrown away."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from textual._compositor import Compositor

from tests.ui.conftest import AppFactory, list_line


async def test_the_reader_is_not_drawn_inside_textuals_start_up_batch(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual starts an app inside a batch of updates; whatever a screen draws before the
    # batch ends never reaches the terminal, and the screen is laid out and drawn again
    # after it. The reader's screen is pushed once the batch is over (KalbarApp._show_main).
    app = make_app()
    drawn: list[bool] = []  # one entry per drawing: was the app still batching?
    original = Compositor.render_update

    def render_update(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        drawn.append(bool(app._batch_count))  # noqa: SLF001 - Textual's own counter
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", render_update)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.screen is app.main
        assert list_line(app, 0).strip()  # the list is on screen
    assert drawn, "the reader drew nothing"
    assert not any(drawn), f"{drawn.count(True)} drawing(s) thrown away inside the batch"


async def test_collection_is_back_on_once_the_reader_is_built(make_app: AppFactory) -> None:
    # `kalbartui` turns the cyclic collector off while the reader starts (kalbartui.cli); the
    # main screen freezes what it built and turns the collector back on.
    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert app.screen is app.main
            assert gc.isenabled()
    finally:
        gc.enable()
