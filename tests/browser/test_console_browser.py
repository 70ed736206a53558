"""The officer console in a real browser: names rather than codes, one desk shared by officers
taking turns in the same tab, and a console opened afresh that finds its counter's open ticket
(Debian's Chromium, headless, real clock)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_end_to_end import PASSWORD, SLUG, Office

pytestmark = pytest.mark.browser


def sign_in_to_console(page: Page, base: str, username: str) -> None:
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    page.click("#btn-sign-in")
    page.wait_for_url(f"{base}/staff/console")


def test_the_console_shows_names_not_codes_and_the_desks_open_ticket_to_the_next_officer(
    office: Office, live_server: Any, browser: Any, context: Any
) -> None:
    setup = office.set_up()
    kk = {"code": "kk", "name": "Kartu Keluarga", "prefix": "B", "avg_service_minutes": 10}
    office.post(f"/offices/{SLUG}/services", kk)
    officer = {"username": "officer-next", "password": PASSWORD, "role": "officer"}
    office.post("/staff", {**officer, "office": SLUG})

    def walk_in(priority: str = "none") -> None:
        body = {"service": "ktp", "priority": priority}
        office.post("/kiosk/walk-in", body, token=setup["kiosk_token"])

    for priority in ("elderly", "none", "none"):
        walk_in(priority)
    officer_token = office.token("officer-e2e")

    def another_desk(path: str) -> Any:
        """Another desk (or tab) acts through the API."""
        return office.post(path, {}, status=200, token=officer_token)

    def elsewhere(ticket_id: str, action: str) -> None:
        another_desk(f"/tickets/{ticket_id}/{action}")

    def kept_ticket_id() -> str:
        return str(
            page.evaluate(
                """() => Object.keys(sessionStorage)
                    .filter((key) => key.includes(".ticket.") && sessionStorage.getItem(key))
                    .map((key) => JSON.parse(sessionStorage.getItem(key)).id)[0]"""
            )
        )

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
    first = page.locator("#current-number").inner_text()

    # A stray Space (or a repeated one) while the ticket is open calls nobody: a dialog asks
    # first, and its focused "Batal" answers the next press.
    page.keyboard.press("Space")
    dialog = page.locator("#confirm-call")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"{first} masih dipanggil di loket ini")
    expect(page.locator("#btn-confirm-cancel")).to_be_focused()
    page.keyboard.press("Space")
    expect(dialog).to_be_hidden()
    page.click("#btn-call-next")
    expect(dialog).to_be_visible()
    page.keyboard.press("c")  # a shortcut is not the dialog's: while it is open it does nothing
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#current-number")).to_have_text(first)
    expect(page.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
    expect(page.locator("#queue-called li")).to_have_text([f"{first} → Loket 1"])
    expect(page.locator("#queue-waiting tbody tr")).to_have_count(2)

    # The ticket is finished at another desk; a reload asks the server, not the tab.
    elsewhere(kept_ticket_id(), "complete")
    page.reload()
    page.wait_for_function("() => document.querySelector('#counter-select').value !== ''")
    expect(page.locator("#current-number")).to_have_text("–")
    expect(page.locator("#btn-complete")).to_be_disabled()

    # A ticket in service finished elsewhere: the refused action lets it go, in words.
    page.keyboard.press("Space")  # nothing open: no question
    expect(page.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
    second = page.locator("#current-number").inner_text()
    page.click("#btn-start")
    expect(page.locator("#current-detail")).to_have_text("KTP-el · sedang dilayani")
    elsewhere(kept_ticket_id(), "complete")
    page.keyboard.press("c")
    expect(page.locator("#console-error")).to_have_text(
        f"{second} tidak lagi terbuka di loket ini (sudah selesai, dialihkan atau ditangani di"
        " tempat lain); konsol telah melepasnya."
    )
    expect(page.locator("#current-number")).to_have_text("–")
    expect(page.locator("#btn-complete")).to_be_disabled()
    # A later action with no ticket leaves no old error behind.
    page.keyboard.press("r")
    expect(page.locator("#console-error")).to_be_hidden()

    page.keyboard.press("Space")
    expect(page.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
    third = page.locator("#current-number").inner_text()

    # The session ends without anyone signing out; the next officer signs in in the same tab.
    context.clear_cookies()
    page.goto(f"{live_server.url}/staff/console")
    page.wait_for_url(re.compile(r"/staff/login"))
    sign_in_to_console(page, live_server.url, "officer-next")
    page.select_option("#counter-select", label="Loket 1")
    expect(page.locator("#btn-call-next")).to_be_enabled()
    # The desk's called ticket, as the server gives it to this officer (the tab kept nothing
    # of the last one's): shown with its actions.
    expect(page.locator("#current-number")).to_have_text(third)
    expect(page.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
    expect(page.locator("#btn-complete")).to_be_enabled()
    # Calling next still asks first; calling anyway is the officer's choice.
    page.keyboard.press("Enter")
    expect(page.locator("#confirm-call")).to_contain_text(f"{third} masih dipanggil")
    page.click("#btn-confirm-call")
    expect(page.locator("#confirm-call")).to_be_hidden()
    expect(page.locator("#console-error")).to_have_attribute("data-code", "queue_empty")

    # Signing out forgets what this officer's console kept in the tab.
    page.click("#btn-sign-out")
    page.wait_for_url(re.compile(r"/staff/login"))
    assert page.evaluate("() => Object.keys(sessionStorage)") == []

    # Another device (a fresh context: no cookie, no sessionStorage) finds the counter's
    # called ticket, shows it with its actions and completes it.
    with browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID") as fresh:
        fresh.set_default_timeout(10_000)
        desk = fresh.new_page()
        desk.goto(f"{live_server.url}/staff/login")
        sign_in_to_console(desk, live_server.url, "officer-e2e")
        desk.select_option("#counter-select", label="Loket 1")
        expect(desk.locator("#current-number")).to_have_text(third)
        expect(desk.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
        desk.click("#btn-complete")
        expect(desk.locator("#current-detail")).to_have_text("KTP-el · selesai")
        expect(desk.locator("#btn-complete")).to_be_disabled()
        expect(desk.locator("#queue-called li")).to_have_count(0)

        # A ticket called to this counter from another desk while the console is open: the queue
        # (read every 4 s) shows it called here, and the console asks the server for it.
        walk_in()
        called = another_desk(f"/counters/{setup['counter']['id']}/call-next")
        number = called["ticket"]["number"]
        expect(desk.locator("#current-number")).to_have_text(number, timeout=10_000)
        expect(desk.locator("#current-detail")).to_have_text("KTP-el · dipanggil")
        desk.keyboard.press("c")
        expect(desk.locator("#current-detail")).to_have_text("KTP-el · selesai")
