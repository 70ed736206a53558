"""End to end in a real browser: book, check in at the kiosk page as a wedge scanner would,
then call the ticket from the officer console (Debian's Chromium, headless, real clock)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from flask import Flask
from playwright.sync_api import Page, expect

from tests.conftest import ALWAYS_OPEN, booking_body

pytestmark = pytest.mark.browser

SLUG = "dukcapil-e2e"
PASSWORD = "password-e2e-123"
SCREENSHOT = "/tmp/antrean-kiosk-ticket.png"


class Office:
    """An office open round the clock, set up through the JSON API as an admin would."""

    def __init__(self, app: Flask, url: str) -> None:
        self.url = f"{url}/api/v1"
        with app.app_context():
            from app.services import staff
            from app.signals import commit

            staff.create_staff("admin-e2e", PASSWORD, "admin", None)
            commit()
        self.admin = self.token("admin-e2e")

    def token(self, username: str) -> str:
        answer = requests.post(
            f"{self.url}/auth/token", json={"username": username, "password": PASSWORD}, timeout=10
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    def post(self, path: str, body: dict[str, Any], status: int = 201) -> Any:
        answer = requests.post(
            f"{self.url}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.admin}"},
            timeout=10,
        )
        assert answer.status_code == status, answer.text
        return answer.json()

    def set_up(self) -> dict[str, Any]:
        self.post(
            "/offices",
            {
                "slug": SLUG,
                "name": "Dukcapil E2E",
                "timezone": "Asia/Jakarta",
                "waiting_room_m2": 45,
                "seats": 30,
                "slot_minutes": 30,
                "checkin_early_minutes": 60,
                "weekly_hours": ALWAYS_OPEN,
            },
        )
        self.post(
            f"/offices/{SLUG}/services",
            {"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 10},
        )
        counter = self.post(f"/offices/{SLUG}/counters", {"name": "Loket 1", "services": ["ktp"]})
        kiosk = self.post(f"/offices/{SLUG}/devices", {"kind": "kiosk", "name": "Kiosk 1"})
        officer = {"username": "officer-e2e", "password": PASSWORD, "role": "officer"}
        self.post("/staff", {**officer, "office": SLUG})
        return {"counter": counter, "kiosk_token": kiosk["token"]}

    def book_next_slot(self) -> dict[str, Any]:
        """The next slot that has not begun: inside its check-in window now (60 min early)."""
        today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
        for day in (today, today + timedelta(days=1)):
            slots = requests.get(
                f"{self.url}/offices/{SLUG}/slots",
                params={"date": day.isoformat(), "service": "ktp"},
                timeout=10,
            ).json()["slots"]
            open_slots = [s for s in slots if s["state"] == "open"]
            if open_slots:
                body = booking_body(office=SLUG, start=open_slots[0]["start"])
                return self.post("/bookings", body)  # type: ignore[no-any-return]
        raise AssertionError("no open slot today or tomorrow")


def check_in_at_kiosk(page: Page, base: str, kiosk_token: str, payload: str) -> str:
    page.goto(f"{base}/kiosk/setup?token={kiosk_token}")
    page.wait_for_url(f"{base}/kiosk")
    assert "token" not in page.url
    expect(page.locator("#screen-start")).to_be_visible()
    expect(page.locator("#office-name")).to_have_text("Dukcapil E2E")
    # A keyboard-wedge scanner: fast keystrokes then Enter into the focused field.
    expect(page.locator("#scan-input")).to_be_focused()
    page.keyboard.type(payload, delay=2)
    page.keyboard.press("Enter")
    expect(page.locator("#screen-health")).to_be_visible()
    page.fill("#temperature", "36.6")
    for symptom in ("fever", "cough", "sore_throat", "shortness_of_breath", "loss_of_smell"):
        page.check(f"#symptom-{symptom}-no")
    page.click("#btn-health-submit")
    number = page.locator("#ticket-number")
    expect(number).to_have_text(re.compile(r"^A-\d{3}$"))
    expect(page.locator("#ticket-service")).to_have_text("KTP-el")
    page.screenshot(path=SCREENSHOT)
    return number.inner_text()


def call_from_console(page: Page, base: str, number: str) -> None:
    page.goto(f"{base}/staff/login")
    page.fill("#login-username", "officer-e2e")
    page.fill("#login-password", PASSWORD)
    page.click("#btn-sign-in")
    page.wait_for_url(f"{base}/staff/console")
    expect(page.locator("#queue-waiting tbody")).to_contain_text(number)
    page.select_option("#counter-select", label="Loket 1")
    expect(page.locator("#btn-call-next")).to_be_enabled()
    page.keyboard.press("Space")
    expect(page.locator("#current-number")).to_have_text(number)
    expect(page.locator("#queue-called")).to_contain_text(f"{number} → Loket 1")
    page.click("#btn-start")
    page.click("#btn-complete")
    expect(page.locator("#current-detail")).to_contain_text("selesai")
    page.keyboard.press("Space")
    expect(page.locator("#console-error")).to_be_visible()
    expect(page.locator("#console-error")).to_have_attribute("data-code", "queue_empty")


def test_book_check_in_at_the_kiosk_and_call_from_the_console(
    live_app: Flask, live_server: Any, browser: Any
) -> None:
    office = Office(live_app, live_server.url)
    setup = office.set_up()
    booking = office.book_next_slot()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    number = check_in_at_kiosk(
        page, live_server.url, setup["kiosk_token"], booking["qr"]["payload"]
    )
    call_from_console(context.new_page(), live_server.url, number)
    context.close()
