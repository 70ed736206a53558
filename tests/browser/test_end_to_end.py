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
from tests.test_catalogues import texts

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

    def post(
        self, path: str, body: dict[str, Any], status: int = 201, token: str | None = None
    ) -> Any:
        """As the admin, or as the holder of `token` (an officer, a kiosk)."""
        answer = requests.post(
            f"{self.url}{path}",
            json=body,
            headers={"Authorization": f"Bearer {token or self.admin}"},
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

    def book_next_slot(self, not_before: timedelta = timedelta(0)) -> dict[str, Any]:
        """The next slot that has not begun: inside its check-in window now (60 min early).
        With `not_before`, the first slot starting that long from now or later."""
        now = datetime.now(ZoneInfo("Asia/Jakarta"))
        for day in (now.date(), now.date() + timedelta(days=1)):
            slots = requests.get(
                f"{self.url}/offices/{SLUG}/slots",
                params={"date": day.isoformat(), "service": "ktp"},
                timeout=10,
            ).json()["slots"]
            later = [s for s in slots if datetime.fromisoformat(s["start"]) >= now + not_before]
            for slot in [s for s in later if s["state"] == "open"][:3]:
                # The first slot may begin while we book it: then take the next one.
                answer = requests.post(
                    f"{self.url}/bookings",
                    json=booking_body(office=SLUG, start=slot["start"]),
                    timeout=10,
                )
                if answer.status_code == 201:
                    return answer.json()  # type: ignore[no-any-return]
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
    page.focus("#lang-switch")  # Enter on a link opens it; it does not call the next ticket
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "lang=en" in page.url


def test_book_check_in_at_the_kiosk_and_call_from_the_console(
    office: Office, live_server: Any, context: Any
) -> None:
    setup = office.set_up()
    booking = office.book_next_slot()
    kiosk = context.new_page()
    number = check_in_at_kiosk(
        kiosk, live_server.url, setup["kiosk_token"], booking["qr"]["payload"]
    )
    # Scanned again, the booking shows its ticket at once: no health question this time.
    kiosk.click("#btn-done")
    scan(kiosk, booking["qr"]["payload"])
    expect(kiosk.locator("#screen-ticket")).to_be_visible()
    expect(kiosk.locator("#ticket-number")).to_have_text(number)
    call_from_console(context.new_page(), live_server.url, number)
    # Once served, the same code gets no number to queue with, and is told why.
    kiosk.reload()
    scan(kiosk, booking["qr"]["payload"])
    expect(kiosk.locator("#screen-error")).to_be_visible()
    expect(kiosk.locator("#screen-error")).to_have_attribute("data-code", "ticket_done")
    # (in English: the console's language link left its cookie in this browser)
    expect(kiosk.locator("#error-message")).to_contain_text(f"Number {number} has already been")


def answer_screening(page: Page, temperature: str = "36.5", yes: tuple[str, ...] = ()) -> None:
    expect(page.locator("#screen-health")).to_be_visible()
    page.fill("#temperature", temperature)
    for symptom in ("fever", "cough", "sore_throat", "shortness_of_breath", "loss_of_smell"):
        page.check(f"#symptom-{symptom}-{'yes' if symptom in yes else 'no'}")
    page.click("#btn-health-submit")


def scan(page: Page, payload: str) -> None:
    expect(page.locator("#scan-input")).to_be_focused()
    wedge(page, payload)


def wedge(page: Page, payload: str) -> None:
    """A keyboard-wedge scanner: a key every few ms wherever the focus is, then Enter."""
    page.keyboard.type(payload, delay=5)
    page.keyboard.press("Enter")


def api_message(office: Office, token: str, payload: str, lang: str) -> str:
    answer = requests.post(
        f"{office.url}/kiosk/checkin",
        json={"qr": payload, "health": {"temperature_c": 36.5, "symptoms": []}},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": lang},
        timeout=10,
    )
    return str(answer.json()["error"]["message"])


def test_the_kiosk_explains_each_refusal_in_the_visitors_language_and_resets_itself(
    office: Office, live_app: Flask, live_server: Any, context: Any
) -> None:
    live_app.config["KIOSK_IDLE_SECONDS"] = 2
    setup = office.set_up()
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk")
    expect(page.locator("#screen-not-set-up")).to_be_visible()
    page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
    page.wait_for_url(f"{live_server.url}/kiosk")

    # A code that names no booking is refused at once: no health question is asked.
    scan(page, "garbled-code")
    expect(page.locator("#screen-error")).to_have_attribute("data-code", "qr_invalid")
    expect(page.locator("#screen-error")).to_be_visible()
    message = api_message(office, setup["kiosk_token"], "garbled-code", "id")
    expect(page.locator("#error-message")).to_have_text(message)
    # Nobody touches the kiosk: it goes back to the start on its own.
    expect(page.locator("#screen-start")).to_be_visible(timeout=6_000)

    booking = office.book_next_slot()
    page.click("#btn-lang")
    expect(page.locator("#screen-start h1")).to_have_text("Welcome")
    # A language cookie left by a page opened in this browser does not outrank the kiosk's.
    context.add_cookies([{"name": "lang", "value": "id", "url": live_server.url}])
    foreign = "https://example.com/not-a-booking"
    scan(page, foreign)
    message = api_message(office, setup["kiosk_token"], foreign, "en")
    expect(page.locator("#error-message")).to_have_text(message)
    expect(page.locator("#screen-start")).to_be_visible(timeout=6_000)
    # A cancelled booking too is refused at once, with the check-in's own message.
    cancelled = office.book_next_slot()
    cancel = requests.post(
        f"{office.url}/bookings/{cancelled['code']}/cancel",
        headers={"X-Manage-Token": cancelled["manage_token"]},
        timeout=10,
    )
    assert cancel.status_code == 200, cancel.text
    scan(page, cancelled["qr"]["payload"])
    expect(page.locator("#screen-error")).to_have_attribute("data-code", "booking_cancelled")
    message = api_message(office, setup["kiosk_token"], cancelled["qr"]["payload"], "en")
    expect(page.locator("#error-message")).to_have_text(message)
    expect(page.locator("#screen-start")).to_be_visible(timeout=6_000)
    # Switching language on a refusal says all of it again: the server's words (a check-in
    # window's times) asked again with the read-only scan, the rest from the page's texts.
    early = office.book_next_slot(not_before=timedelta(hours=2))["qr"]["payload"]
    scan(page, early)
    error, title = page.locator("#screen-error"), page.locator("#error-title")
    expect(error).to_have_attribute("data-code", "too_early")
    page.click("#btn-lang")
    message = api_message(office, setup["kiosk_token"], early, "id")
    expect(page.locator("#error-message")).to_have_text(message)
    expect(title).to_have_text(texts("kiosk", "id")["kiosk_error_title"])
    page.click("#btn-lang")
    expect(page.locator("#error-message")).to_have_text(re.compile("^Too early"))
    expect(page.locator("#screen-start")).to_be_visible(timeout=6_000)
    scan(page, booking["qr"]["payload"])
    answer_screening(page, temperature="38.1")
    expect(error).to_have_attribute("data-code", "health_screening_failed")
    expect(page.locator("#error-message")).to_contain_text(re.compile("[Rr]eschedule|online"))
    page.click("#btn-lang")  # the office's limit and the service's online route are known here
    refusal = texts("kiosk", "id")["health_screening_failed"].format(limit=37.3, online="")
    expect(page.locator("#error-message")).to_have_text(refusal)
    status = requests.get(
        f"{office.url}/bookings/{booking['code']}",
        headers={"X-Manage-Token": booking["manage_token"]},
        timeout=10,
    ).json()["status"]
    assert status == "booked"


def test_a_double_scan_or_a_hung_request_leaves_the_kiosk_ready_for_the_next_visitor(
    office: Office, live_app: Flask, live_server: Any, context: Any
) -> None:
    live_app.config["KIOSK_IDLE_SECONDS"] = 3
    setup = office.set_up()
    first, second = office.book_next_slot(), office.book_next_slot()
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
    page.wait_for_url(f"{live_server.url}/kiosk")

    # A code read again a second later is not sent again.
    scans: list[str] = []
    page.on(
        "request",
        lambda request: (
            scans.append(request.post_data or "") if "/kiosk/scan" in request.url else None
        ),
    )
    for _ in range(2):
        scan(page, "garbled-code")
        expect(page.locator("#screen-error")).to_have_attribute("data-code", "qr_invalid")
        page.wait_for_timeout(1_000)
    assert len(scans) == 1
    # What a scanner left half-typed goes with the screen it was typed on.
    page.click("#screen-error .js-reset")
    page.keyboard.type("IkFZM1VaWT")
    page.click("#btn-walk-in")
    page.click("#screen-walk-in .js-reset")
    expect(page.locator("#scan-input")).to_have_value("")

    # The scanner reads the code twice: the repeat is ignored; none of it reaches the
    # temperature field (whose Enter would send the form) or stays in the scan field.
    expect(page.locator("#scan-input")).to_be_focused()
    for _ in range(2):
        page.keyboard.type(first["qr"]["payload"], delay=1)
        page.keyboard.press("Enter")
    expect(page.locator("#screen-health")).to_be_visible()
    expect(page.locator("#temperature")).to_have_value("")
    expect(page.locator("#health-error")).to_be_hidden()
    expect(page.locator("#scan-input")).to_have_value("")
    # A person types the temperature, a key every 100 ms or more (the field is numeric); the
    # same code scanned again later is told it was read, and none of it lands in the field nor
    # sends the form.
    temperature, notice = page.locator("#temperature"), page.locator("#scan-notice-text")
    temperature.click()  # a person's touch: the same code scanned next counts again
    page.keyboard.type("36", delay=120)
    wedge(page, first["qr"]["payload"])
    expect(notice).to_have_text(texts("kiosk", "id")["kiosk_scan_same"])
    expect(page.locator("#btn-scan-replace")).to_be_hidden()
    expect(temperature).to_have_value("36")
    expect(page.locator("#health-error")).to_be_hidden()
    # A quick typist's four keys, each within a scanner's 50 ms, are still a person's.
    temperature.fill("")
    page.keyboard.type("36.6", delay=30)
    expect(temperature).to_have_value("36.6")
    # The next visitor's code does not replace the screening under way: it is offered. (A
    # scan within 50 ms of a person's last key would count that key as the scanner's.)
    page.wait_for_timeout(100)
    wedge(page, second["qr"]["payload"])
    expect(notice).to_have_text(texts("kiosk", "id")["kiosk_scan_busy"])
    expect(temperature).to_have_value("36.6")
    page.keyboard.press("Enter")  # a person's Enter still sends the form
    expect(page.locator("#health-error")).to_have_text(texts("kiosk", "id")["kiosk_answer_all"])
    assert second["qr"]["payload"] not in "".join(scans)
    page.click("#btn-scan-replace")
    expect(page.locator("#screen-health")).to_be_visible()
    expect(temperature).to_have_value("")
    expect(page.locator("#scan-notice")).to_be_hidden()
    assert second["qr"]["payload"] in scans[-1]
    page.click("#screen-health .js-reset")

    # A request that never answers is given up: "cannot reach the server", then the start.
    page.evaluate("() => { document.body.dataset.apiTimeoutMs = '1500'; }")
    page.route("**/api/v1/kiosk/scan", lambda route: None)  # never answered
    scan(page, second["qr"]["payload"])
    expect(page.locator("#screen-working")).to_be_visible()
    error = page.locator("#screen-error")
    expect(error).to_be_visible(timeout=5_000)
    expect(error).to_have_attribute("data-code", "network")
    expect(page.locator("#error-message")).to_have_text(texts("kiosk", "id")["kiosk_network_error"])
    expect(page.locator("#screen-start")).to_be_visible(timeout=8_000)
    page.unroute("**/api/v1/kiosk/scan")
    scan(page, second["qr"]["payload"])
    expect(page.locator("#screen-health")).to_be_visible()


def test_a_walk_in_takes_a_number_at_the_kiosk(
    office: Office, live_server: Any, context: Any
) -> None:
    setup = office.set_up()
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
    page.wait_for_url(f"{live_server.url}/kiosk")
    focused = "() => document.activeElement.id"
    expect(page.locator("#scan-input")).to_be_focused()  # a scanner's keystrokes land there
    page.keyboard.press("Tab")  # and a keyboard can still reach the buttons
    assert page.evaluate(focused) not in ("scan-input", "")
    page.keyboard.press("x")  # a scanner typing while a button has the focus: back to the field
    assert page.evaluate(focused) == "scan-input"
    page.click("#btn-walk-in")
    page.click("#btn-walk-in-continue")
    expect(page.locator("#walk-in-error")).to_be_visible()
    page.click("[data-service=ktp]")
    page.select_option("#walk-in-companions", "1")
    page.click("#btn-walk-in-continue")
    answer_screening(page)
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^A-\d{3}$"))
    expect(page.locator("#ticket-wait")).to_have_text(re.compile(r"^\d+ menit$"))
    page.click("#btn-lang")
    expect(page.locator("#ticket-wait")).to_have_text(re.compile(r"^\d+ min$"))
    page.click("#btn-lang")
    page.click("#btn-done")
    expect(page.locator("#screen-start")).to_be_visible()
    expect(page.locator("#occupancy")).to_have_text(re.compile(r"^2 / \d+$"))


def walk_in_until_free(office: Office, kiosk_token: str, free: int) -> None:
    """Walk-ins through the API until exactly `free` places are left in the room."""
    headers = {"Authorization": f"Bearer {kiosk_token}"}
    while True:
        status = requests.get(f"{office.url}/kiosk/office", headers=headers, timeout=10).json()
        room = status["occupancy"]["limit"] - status["occupancy"]["present"]
        if room == free:
            return
        party = min(4, room - free)  # a party is at most 3 companions and the visitor
        answer = requests.post(
            f"{office.url}/kiosk/walk-in",
            json={"service": "ktp", "companions": party - 1},
            headers=headers,
            timeout=10,
        )
        assert answer.status_code == 201, answer.text


def test_a_walk_in_hears_the_room_is_full_before_the_questions(
    office: Office, live_server: Any, context: Any
) -> None:
    setup = office.set_up()
    walk_in_until_free(office, setup["kiosk_token"], free=1)
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
    page.wait_for_url(f"{live_server.url}/kiosk")
    error = page.locator("#screen-error")
    # One place left: a party of two is told at "Continue" that it does not fit, no question asked.
    page.click("#btn-walk-in")
    page.click("[data-service=ktp]")
    page.select_option("#walk-in-companions", "1")
    page.click("#btn-walk-in-continue")
    expect(error).to_have_attribute("data-code", "party_does_not_fit")
    expect(error).to_be_visible()
    expect(page.locator("#error-title")).to_have_text("Tempat tidak cukup untuk rombongan Anda")
    expect(page.locator("#error-message")).to_contain_text("Rombongan Anda (2 orang) tidak muat")
    expect(page.locator("#screen-health")).to_be_hidden()
    page.click("#screen-error .js-reset")

    walk_in_until_free(office, setup["kiosk_token"], free=0)
    page.click("#btn-walk-in")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("data-code", "office_full")
    expect(page.locator("#error-title")).to_have_text("Ruang tunggu penuh")
    expect(page.locator("#error-message")).to_have_text(re.compile(r"\((\d+) dari \1 orang\)"))
    page.click("#btn-lang")
    expect(page.locator("#error-title")).to_have_text("The waiting room is full")
    expect(page.locator("#error-message")).to_have_text(re.compile(r"\((\d+) of \1 people\)"))
    page.click("#btn-lang")
    expect(page.locator("#screen-walk-in")).to_be_hidden()

    # A day the office closes: refused at once, in the server's words for office_closed.
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
    office.post(f"/offices/{SLUG}/closures", {"date": today, "reason": "banjir"})
    page.reload()
    page.click("#btn-walk-in")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("data-code", "office_closed")
    expect(page.locator("#screen-walk-in")).to_be_hidden()
    page.click("#btn-lang")  # the server's words, asked again in English
    closed = requests.get(
        f"{office.url}/kiosk/office",
        headers={"Authorization": f"Bearer {setup['kiosk_token']}", "Accept-Language": "en"},
        timeout=10,
    ).json()["closed_message"]
    expect(page.locator("#error-message")).to_have_text(closed)


def test_an_officer_closes_and_opens_the_counter_from_the_console(
    office: Office, live_server: Any, context: Any
) -> None:
    office.set_up()
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login")
    page.fill("#login-username", "officer-e2e")
    page.fill("#login-password", "wrong-password")
    page.click("#btn-sign-in")
    expect(page.locator("#login-error")).to_be_visible()
    page.fill("#login-password", PASSWORD)
    page.click("#btn-sign-in")
    page.wait_for_url(f"{live_server.url}/staff/console")
    page.select_option("#counter-select", label="Loket 1")
    page.click("#btn-close-counter")
    expect(page.locator("#counter-status")).to_have_text("Tutup")
    page.keyboard.press("Enter")
    expect(page.locator("#console-error")).to_have_attribute("data-code", "counter_closed")
    page.click("#btn-open-counter")
    expect(page.locator("#counter-status")).to_have_text("Buka")
    page.keyboard.press("Enter")
    expect(page.locator("#console-error")).to_have_attribute("data-code", "queue_empty")
    page.click("#btn-sign-out")
    page.wait_for_url(re.compile(r"/staff/login"))
    page.goto(f"{live_server.url}/staff/console")
    page.wait_for_url(re.compile(r"/staff/login"))


def test_assisted_booking_at_the_kiosk_prints_a_slip_with_the_qr_code(
    office: Office, live_server: Any, context: Any
) -> None:
    setup = office.set_up()
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
    page.wait_for_url(f"{live_server.url}/kiosk")
    page.click("#btn-assist")
    expect(page.locator("#assist-slot option").first).to_be_attached()
    page.fill("#assist-name", "Budi Santoso")
    page.fill("#assist-nik", "3171011203900999")
    page.fill("#assist-phone", "0812-1111-2222")
    page.check("#assist-consent")
    page.click("#btn-assist-submit")
    expect(page.locator("#screen-slip")).to_be_visible()
    code = page.locator("#slip-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9-]{4,}", code), code
    # A function, not an expression: Playwright evaluates an expression with eval() in the page,
    # which the page's Content-Security-Policy refuses whenever the first check is not yet true.
    page.wait_for_function("() => document.getElementById('slip-qr').naturalWidth > 0")
    assert "Budi" not in page.locator("#screen-slip").inner_text()


def qr_video(payload: str, path: Any) -> None:
    """A Y4M clip of the booking's QR code: Chromium's fake camera plays it to the page."""
    import qrcode
    from PIL import Image

    width, height = 640, 480
    code = qrcode.make(payload, box_size=6, border=4).get_image().convert("L")
    frame = Image.new("L", (width, height), 255)
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    chroma = bytes([128]) * (width * height // 4)
    with open(path, "wb") as clip:
        clip.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            clip.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_the_camera_reads_the_booking_qr_code(
    office: Office, live_server: Any, chromium_path: str, tmp_path: Any
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    setup = office.set_up()
    booking = office.book_next_slot()
    clip = tmp_path / "qr.y4m"
    qr_video(booking["qr"]["payload"], clip)
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={clip}",
    ]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS + camera
        )
        context = chromium.new_context(locale="id-ID", permissions=["camera"])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
        page.wait_for_url(f"{live_server.url}/kiosk")
        page.click("#btn-camera")
        answer_screening(page)
        expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^A-\d{3}$"))
        chromium.close()
