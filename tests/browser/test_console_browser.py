"""The officer console in a real browser: names rather than codes, and one desk shared by
officers taking turns in the same tab (Debian's Chromium, headless, real clock)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.test_end_to_end import PASSWORD, SLUG, Office

pytestmark = pytest.mark.browser


@pytest.fixture
def office(live_app: Flask, live_server: Any) -> Office:
    return Office(live_app, live_server.url)


@pytest.fixture
def context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def sign_in_to_console(page: Page, base: str, username: str) -> None:
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    page.click("#btn-sign-in")
    page.wait_for_url(f"{base}/staff/console")


def test_the_console_shows_names_not_codes_and_forgets_the_last_officers_ticket(
    office: Office, live_server: Any, context: Any
) -> None:
    setup = office.set_up()
    kk = {"code": "kk", "name": "Kartu Keluarga", "prefix": "B", "avg_service_minutes": 10}
    office.post(f"/offices/{SLUG}/services", kk)
    officer = {"username": "officer-next", "password": PASSWORD, "role": "officer"}
    office.post("/staff", {**officer, "office": SLUG})
    walk_in = requests.post(
        f"{office.url}/kiosk/walk-in",
        json={"service": "ktp", "priority": "elderly"},
        headers={"Authorization": f"Bearer {setup['kiosk_token']}"},
        timeout=10,
    )
    assert walk_in.status_code == 201, walk_in.text

    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login")
    sign_in_to_console(page, live_server.url, "officer-e2e")
    expect(page.locator("#console-office")).to_have_text("Dukcapil E2E")
    page.select_option("#counter-select", label="Loket 1")
    # The priority group named as on the citizen's booking page, in the page's language.
    expect(page.locator("#queue-waiting tbody td").nth(2)).to_have_text("Lansia (60 tahun ke atas)")
    page.click("#btn-call-next")
    expect(page.locator("#current-number")).to_have_text(re.compile(r"^A-\d{3}$"))
    expect(page.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
    # A KTP-el ticket goes to another service, never back to its own.
    expect(page.locator("#transfer-service option")).to_have_text(["B · Kartu Keluarga"])

    # The session ends without anyone signing out; the next officer signs in in the same tab.
    context.clear_cookies()
    page.goto(f"{live_server.url}/staff/console")
    page.wait_for_url(re.compile(r"/staff/login"))
    sign_in_to_console(page, live_server.url, "officer-next")
    page.select_option("#counter-select", label="Loket 1")
    expect(page.locator("#btn-call-next")).to_be_enabled()
    expect(page.locator("#current-number")).to_have_text("–")
    expect(page.locator("#btn-complete")).to_be_disabled()

    # Signing out forgets what this officer's console kept in the tab.
    page.click("#btn-sign-out")
    page.wait_for_url(re.compile(r"/staff/login"))
    assert page.evaluate("() => Object.keys(sessionStorage)") == []
