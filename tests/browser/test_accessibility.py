"""axe-core (WCAG 2.1 A and AA rules) on every state of the citizen, kiosk, staff and display
pages in Chromium, on the real clock: no serious or critical violation anywhere.

axe is injected as a Playwright init script (it runs through the DevTools protocol, outside the
page's Content-Security-Policy), so the app's CSP stays exactly as it ships."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Locator, Page, expect

from app.booking.page_forms import SYMPTOMS
from tests.browser.test_end_to_end import PASSWORD, SLUG, Office, answer_screening, scan
from tests.conftest import make_nik

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}"""


class Audit:
    """Runs axe on each page state; keeps the blocking violations, prints the others."""

    def __init__(self) -> None:
        self.blocking: list[str] = []

    def __call__(self, page: Page, state: str) -> None:
        page.wait_for_load_state("load")
        for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
            line = (
                f"{state}: {violation['id']} ({violation['impact']}) {violation['help']}"
                f" — {', '.join(violation['targets'])}"
            )
            if violation["impact"] in BLOCKING:
                self.blocking.append(line)
            else:
                print("axe (not blocking)", line)

    def assert_clean(self) -> None:
        assert not self.blocking, "serious/critical axe violations:\n" + "\n".join(self.blocking)


@pytest.fixture
def audit() -> Audit:
    return Audit()


@pytest.fixture
def context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    context.set_default_timeout(10_000)
    context.add_init_script(path=str(AXE))
    yield context
    context.close()


def fill_booking_form(page: Page, symptoms: tuple[str, ...] = ()) -> None:
    page.fill("#f-name", "Siti Rahayu")
    page.fill("#f-nik", make_nik())
    page.fill("#f-phone", "0812 3456 7890")
    for symptom in symptoms:
        page.check(f"input[name=symptoms][value={symptom}]")
    page.check("#f-consent")
    page.click("form button[type=submit]")


def follow(page: Page, link: Locator) -> None:
    """Clicks a link and waits until the next page has loaded: axe on a page still being
    replaced finds no document to read."""
    with page.expect_navigation():
        link.click()


def test_the_citizen_pages_pass_axe(office: Office, live_server: Any, context: Any, audit: Audit):
    office.set_up()
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    audit(page, "office list")
    follow(page, page.locator("text=Dukcapil E2E"))
    audit(page, "office")
    follow(page, page.locator("a.button").first)
    audit(page, "dates")
    dates_url = page.url
    follow(page, page.locator("a.choice").first)
    audit(page, "slots")
    follow(page, page.locator("a.choice").first)
    form_url = page.url
    audit(page, "form")
    page.click("form button[type=submit]")
    expect(page.locator("#form-error")).to_be_visible()
    audit(page, "form with errors")

    page.goto(re.sub(r"time=\d+", "time=0001", form_url))  # no slot starts then
    expect(page.locator("#form-error")).to_be_visible()
    audit(page, "form, pick another slot")

    page.goto(form_url)
    fill_booking_form(page, symptoms=SYMPTOMS[:1])
    expect(page.locator("#health-declared")).to_be_visible()
    audit(page, "health page")

    page.goto(form_url)
    fill_booking_form(page)
    page.wait_for_url("**/b/*?token=*")
    audit(page, "confirmation")
    follow(page, page.locator("a[href*='/reschedule']"))
    audit(page, "reschedule dates")
    follow(page, page.locator("a.choice").nth(1))  # another day than the booked one
    audit(page, "reschedule slots")
    page.locator("input[name=time]:enabled").last.check()
    page.click("form button[type=submit]")
    expect(page.locator("#notice")).to_be_visible()
    audit(page, "rescheduled")
    follow(page, page.locator("a.button.danger"))
    audit(page, "cancel")
    page.click("form button.danger")
    expect(page.locator("#status")).to_have_class("status-cancelled")
    audit(page, "cancelled")
    page.goto(dates_url.replace(SLUG, "no-such-office"))
    audit(page, "not found")
    closed_office_kiosk(office)
    page.goto(f"{live_server.url}/o/tutup/ktp")
    audit(page, "dates of an office that is never open")
    page.goto(f"{live_server.url}/?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    audit(page, "office list in English")
    audit.assert_clean()


def test_the_kiosk_pages_pass_axe(office: Office, live_server: Any, context: Any, audit: Audit):
    setup = office.set_up()
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk")
    expect(page.locator("#screen-not-set-up")).to_be_visible()
    audit(page, "kiosk not set up")
    page.goto(f"{live_server.url}/kiosk/setup?token={setup['kiosk_token']}")
    page.wait_for_url(f"{live_server.url}/kiosk")
    expect(page.locator("#screen-start")).to_be_visible()
    audit(page, "kiosk start")

    scan(page, office.book_next_slot()["qr"]["payload"])
    expect(page.locator("#screen-health")).to_be_visible()
    audit(page, "kiosk screening")
    page.click("#btn-health-submit")
    expect(page.locator("#health-error")).to_be_visible()
    audit(page, "kiosk screening with an error")
    answer_screening(page)
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^A-\d{3}$"))
    audit(page, "kiosk ticket")
    page.click("#btn-done")

    scan(page, "garbled-code")
    expect(page.locator("#screen-error")).to_be_visible()
    audit(page, "kiosk error")

    page.goto(f"{live_server.url}/kiosk")
    page.click("#btn-camera")  # headless Chromium has no camera
    expect(page.locator("#camera-error")).to_be_visible()
    audit(page, "kiosk camera unavailable")

    page.goto(f"{live_server.url}/kiosk")
    page.click("#btn-lang")
    expect(page.locator("#screen-start h1")).to_have_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # read out as English
    audit(page, "kiosk start in English")
    page.click("#btn-walk-in")
    page.click("#btn-walk-in-continue")
    expect(page.locator("#walk-in-error")).to_be_visible()
    audit(page, "kiosk walk-in")

    page.goto(f"{live_server.url}/kiosk")
    page.click("#btn-assist")
    expect(page.locator("#assist-slot option").first).to_be_attached()
    audit(page, "kiosk assisted booking")
    page.click("#btn-assist-submit")
    expect(page.locator("#assist-error")).to_be_visible()
    audit(page, "kiosk assisted booking with errors")
    page.fill("#assist-name", "Budi Santoso")
    page.fill("#assist-nik", make_nik())
    page.fill("#assist-phone", "0812-1111-2222")
    page.check("#assist-consent")
    page.click("#btn-assist-submit")
    expect(page.locator("#screen-slip")).to_be_visible()
    audit(page, "kiosk slip")

    kiosk = closed_office_kiosk(office)
    page.goto(f"{live_server.url}/kiosk/setup?token={kiosk}")
    expect(page.locator("#closed-banner")).to_be_visible()
    audit(page, "kiosk, office closed")
    audit.assert_clean()


def closed_office_kiosk(office: Office) -> str:
    """A kiosk token of an office that is never open."""
    body = {"slug": "tutup", "name": "Kantor Tutup", "timezone": "Asia/Jakarta",
            "waiting_room_m2": 45, "seats": 30, "slot_minutes": 30, "weekly_hours": {}}  # fmt: skip
    office.post("/offices", body)
    service = {"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 10}
    office.post("/offices/tutup/services", service)
    return str(office.post("/offices/tutup/devices", {"kind": "kiosk", "name": "K"})["token"])


def call_next(office: Office, counter_id: int) -> None:
    officer = office.token("officer-e2e")
    office.post(f"/counters/{counter_id}/call-next", {}, status=200, token=officer)


def test_the_staff_and_display_pages_pass_axe(
    office: Office, live_server: Any, context: Any, audit: Audit
):
    setup = office.set_up()
    display = office.post(f"/offices/{SLUG}/devices", {"kind": "display", "name": "Layar 1"})
    other = {"code": "kk", "name": "Kartu Keluarga", "prefix": "B", "avg_service_minutes": 10}
    office.post(f"/offices/{SLUG}/services", other)  # Loket 1 does not serve it
    for service in ("ktp", "ktp", "kk"):
        assert walk_in(office, setup["kiosk_token"], 0, service) == 201

    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login")
    page.fill("#login-username", "officer-e2e")
    page.fill("#login-password", "wrong-password")
    page.click("#btn-sign-in")
    expect(page.locator("#login-error")).to_be_visible()
    audit(page, "staff sign-in with error")
    page.fill("#login-password", PASSWORD)
    page.click("#btn-sign-in")
    page.wait_for_url(f"{live_server.url}/staff/console")
    page.select_option("#counter-select", label="Loket 1")
    expect(page.locator("#queue-waiting tr.elsewhere")).to_have_count(1)
    audit(page, "staff console")
    page.click("#btn-call-next")
    expect(page.locator("#current-number")).to_have_text(re.compile(r"^A-\d{3}$"))
    audit(page, "staff console with a call")
    page.click("#btn-close-counter")
    expect(page.locator("#counter-status")).to_have_text("Tutup")
    page.click("#btn-call-next")
    expect(page.locator("#console-error")).to_be_visible()
    audit(page, "staff console, counter closed, with an error")
    page.click("#btn-open-counter")

    page.goto(f"{live_server.url}/display")
    expect(page.locator("#setup-needed")).to_be_visible()
    audit(page, "display not set up")
    page.goto(f"{live_server.url}/display/setup")
    expect(page.locator("#setup-status")).to_have_class("error")
    audit(page, "display setup without a token")
    page.evaluate("localStorage.setItem('antrean.displayToken', 'revoked-or-wrong')")
    page.goto(f"{live_server.url}/display")
    expect(page.locator("#refused-message")).not_to_be_empty()
    audit(page, "display refused")
    page.goto(f"{live_server.url}/display/setup#token={display['token']}")
    audit(page, "display setup")
    screen = context.new_page()  # no gesture on this page: its sound is blocked
    screen.goto(f"{live_server.url}/display")
    screen.wait_for_selector("body[data-sound='blocked']")
    call_next(office, setup["counter"]["id"])
    expect(screen.locator("#now-number")).to_have_text(re.compile(r"^A-\d{3}$"))
    expect(screen.locator("#sound-badge")).to_be_visible()
    audit(screen, "display with a call, sound blocked")

    page.goto(f"{live_server.url}/board/{SLUG}")
    page.wait_for_selector("#connection[data-state='online']")
    page.fill("#mine-number", "b1")
    page.click("#mine-form button")
    page.wait_for_selector("#mine-result[data-position]")
    audit(page, "public board")

    fill_the_room(office, setup["kiosk_token"])
    for shown, state in ((screen, "display"), (page, "public board")):
        shown.wait_for_selector("body.room-full")
        audit(shown, f"{state}, room full")
    audit.assert_clean()


def walk_in(office: Office, kiosk_token: str, companions: int, service: str = "ktp") -> int:
    answer = requests.post(
        f"{office.url}/kiosk/walk-in",
        json={"service": service, "companions": companions},
        headers={"Authorization": f"Bearer {kiosk_token}"},
        timeout=10,
    )
    assert answer.status_code in (201, 409), answer.text
    return answer.status_code


def fill_the_room(office: Office, kiosk_token: str) -> None:
    """Parties of four, then single visitors, until the kiosk answers office_full."""
    for companions in (3, 0):
        for _ in range(100):
            if walk_in(office, kiosk_token, companions) == 409:
                break


def test_the_audit_catches_a_serious_violation(live_server: Any, context: Any):
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    audit = Audit()
    audit(page, "office list with an image without alt")
    assert any("image-alt (critical)" in line for line in audit.blocking), audit.blocking
