"""Fixtures the browser tests share: the set-up office on the live server, and a browser
context in Indonesian (a file may override `context`, as the accessibility audit does)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.browser.test_end_to_end import Office


@pytest.fixture
def office(live_app: Flask, live_server: Any) -> Office:
    return Office(live_app, live_server.url)


@pytest.fixture
def context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    context.set_default_timeout(10_000)
    yield context
    context.close()
