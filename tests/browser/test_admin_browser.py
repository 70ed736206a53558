"""The supervisor's office page in a real browser: the live capacity explanation follows the
typing, saving shows the server's new figures, a refused value is named next to its field, and
a display's token is shown once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from playwright.sync_api import Page, expect

from scheduling.capacity import Protocol, office_capacity
from tests.conftest import ALWAYS_OPEN
from tests.test_catalogues import all_texts

pytestmark = pytest.mark.browser

SLUG = "kantor-admin"
PASSWORD = "password-admin-123"
SCREENSHOT = "/tmp/antrean-admin-office.png"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS_AXE_VIOLATIONS = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}"""


def assert_accessible(page: Page) -> None:
    assert page.evaluate(SERIOUS_AXE_VIOLATIONS) == [], page.url


def set_up_office(app: Flask, url: str) -> str:
    """An office open round the clock, its supervisor and a kiosk (whose token it answers),
    through the JSON API as an admin would."""
    with app.app_context():
        from app.services import staff
        from app.signals import commit

        staff.create_staff("admin-pages", PASSWORD, "admin", None)
        commit()
    api = f"{url}/api/v1"
    answer = requests.post(
        f"{api}/auth/token", json={"username": "admin-pages", "password": PASSWORD}, timeout=10
    )
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    office = {
        "slug": SLUG,
        "name": "Kantor Admin",
        "timezone": "Asia/Jakarta",
        "waiting_room_m2": 45,
        "seats": 30,
        "distancing_m": 1.5,
        "capacity_pct": 100,
        "walk_in_share": 0.2,
        "weekly_hours": ALWAYS_OPEN,
    }
    service = {"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 10}
    supervisor = {"username": "supervisor-pages", "password": PASSWORD, "role": "supervisor"}
    for path, body in (
        ("/offices", office),
        (f"/offices/{SLUG}/services", service),
        (f"/offices/{SLUG}/counters", {"name": "Loket 1", "services": ["ktp"]}),
        ("/staff", {**supervisor, "office": SLUG}),
    ):
        created = requests.post(f"{api}{path}", json=body, headers=headers, timeout=10)
        assert created.status_code == 201, created.text
    kiosk = {"kind": "kiosk", "name": "Kios 1"}
    answer = requests.post(f"{api}/offices/{SLUG}/devices", json=kiosk, headers=headers, timeout=10)
    return str(answer.json()["token"])


def walk_in(url: str, kiosk_token: str) -> None:
    answer = requests.post(
        f"{url}/api/v1/kiosk/walk-in",
        json={"service": "ktp", "companions": 0, "health": {"symptoms": []}},
        headers={"Authorization": f"Bearer {kiosk_token}"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text


def serve_and_survey(app: Flask) -> None:
    """The walk-in is called, served and rates every element 4 ("very good")."""
    from sqlalchemy import select

    from app.clock import now
    from app.extensions import db
    from app.models import Counter
    from app.services import queue, surveys
    from app.signals import commit

    with app.app_context():
        counter = db.session.scalar(select(Counter))
        called = queue.call_next(queue.counter_for_call(counter.id), now())
        ticket = queue.get_ticket(called.id)
        queue.start(ticket, now())
        queue.complete(ticket, now())
        surveys.submit_response(ticket, [4] * 9, None)
        commit()


def test_supervisor_changes_the_protocol_and_registers_a_display(
    live_app: Flask, live_server: Any, browser: Any
) -> None:
    base = live_server.url
    kiosk_token = set_up_office(live_app, base)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{base}/staff/login")
    page.fill("#login-username", "supervisor-pages")
    page.fill("#login-password", PASSWORD)
    page.click("#btn-sign-in")
    # The form signs in (a session cookie, no token in the page) and opens the dashboard.
    page.wait_for_url(f"{base}/staff/dashboard/{SLUG}")
    assert page.evaluate("sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""  # HttpOnly: no script can read the session

    # A supervisor goes straight from the office list to their own office.
    page.goto(f"{base}/staff/admin")
    page.wait_for_url(re.compile(rf"/staff/admin/{SLUG}"))
    expect(page.locator("#office-name")).to_have_text("Kantor Admin")
    # min(30 seats, 45 ÷ 1.5² = 20) × 100 % = 20; × (1 − 0.2) = 16.
    expect(page.locator("#live-max-occupancy")).to_have_text("20")
    expect(page.locator("#live-slot-capacity")).to_have_text("16")
    expect(page.locator("#server-slot-capacity")).to_have_text("16")
    # Each counter's services by their names, never their codes ("ktp").
    expect(page.locator("#counter-table tbody td").nth(1)).to_have_text("KTP-el")

    page.fill("#p-pct", "50")
    # ⌊20 × 50 %⌋ = 10; ⌊10 × 0.8⌋ = 8, shown before anything is saved.
    expect(page.locator("#live-max-occupancy")).to_have_text("10")
    expect(page.locator("#live-slot-capacity")).to_have_text("8")
    expect(page.locator("#capacity-explanation")).to_contain_text("50 %")
    expect(page.locator("#server-slot-capacity")).to_have_text("16")

    page.click("#btn-save-protocol")
    expect(page.locator("#server-slot-capacity")).to_have_text("8")
    expect(page.locator("#server-max-occupancy")).to_have_text("10")
    expect(page.locator("#protocol-result")).to_be_visible()
    expect(page.locator("#protocol-before-after")).to_contain_text("16")
    expect(page.locator("#protocol-no-bookings")).to_be_visible()
    assert_accessible(page)

    # A refused value: the API's message for it is next to the field, which takes the focus,
    # and nothing is saved. An empty number is refused too (it was sent as 0 before).
    english = all_texts("en")
    for value, message in (
        ("2", english["number_range"].format(low=0, high=1)),
        ("", english["field_required"]),
    ):
        page.fill("#p-share", value)
        page.click("#btn-save-protocol")
        expect(page.locator("#e-p-share")).to_have_text(message)
        expect(page.locator("#p-share")).to_be_focused()
        expect(page.locator("#p-share")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#p-share")).to_have_attribute("aria-describedby", "e-p-share")
    expect(page.locator("#server-slot-capacity")).to_have_text("8")
    page.fill("#p-share", "0.2")
    # Saved as it was (no room setting changed, only the protocol sent): the error goes.
    page.click("#btn-save-protocol")
    expect(page.locator("#protocol-result")).to_be_visible()
    expect(page.locator("#p-share")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#e-p-share")).to_have_count(0)

    def seats_saved() -> int:
        return int(requests.get(f"{base}/api/v1/offices/{SLUG}", timeout=10).json()["seats"])

    # A bad value of the second request (the protocol) is refused before the first (the room)
    # is sent: nothing is saved.
    sent: list[str] = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url}"))
    page.fill("#p-seats", "12")
    page.fill("#p-pct", "150")
    page.click("#btn-save-protocol")
    expect(page.locator("#e-p-pct")).to_have_text(english["number_range"].format(low=0, high=100))
    expect(page.locator("#p-pct")).to_be_focused()
    assert not [line for line in sent if line.startswith(("PATCH", "PUT"))], sent
    assert seats_saved() == 30
    # The protocol refused after the room's settings were saved: the page says which were.
    page.fill("#p-pct", "50")
    refusal = {"error": {"code": "rate_limited", "message": english["rate_limited"]}}
    page.route(
        f"{base}/api/v1/offices/{SLUG}/protocol",
        lambda route: route.fulfill(status=429, json=refusal),
    )  # the second request refused for a reason the page cannot check
    page.click("#btn-save-protocol")
    expect(page.locator("#page-error")).to_contain_text(english["rate_limited"])
    saved_part = english["admin_protocol_partly_saved"].format(
        saved=english["admin_seats"],
        unsaved=", ".join(english[key] for key in ("admin_distancing", "admin_capacity_pct")),
    )
    expect(page.locator("#page-error")).to_contain_text(saved_part)
    expect(page.locator("#server-max-occupancy")).to_have_text("6")  # ⌊min(12, 20) × 50 %⌋
    assert seats_saved() == 12
    page.unroute(f"{base}/api/v1/offices/{SLUG}/protocol")
    page.fill("#p-seats", "30")
    # Hours typed but not yet saved stay as typed while the protocol is saved (the page reads
    # the office again after a save, and refilled every form from it before).
    page.fill("#hours-tue", "08:00-12:00, 11:00-13:00")
    office_read = re.compile(rf"/api/v1/offices/{SLUG}$")
    with page.expect_response(lambda r: r.request.method == "GET" and office_read.search(r.url)):
        page.click("#btn-save-protocol")
    page.wait_for_timeout(100)  # the page's handling of that answer, a few ms
    expect(page.locator("#hours-tue")).to_have_value("08:00-12:00, 11:00-13:00")
    expect(page.locator("#server-max-occupancy")).to_have_text("10")
    expect(page.locator("#page-error")).to_be_hidden()
    assert seats_saved() == 30
    # Hours the API would refuse (overlapping ranges) are named next to their day.
    page.click("#btn-save-hours")
    expect(page.locator("#e-hours-tue")).to_have_text("The hours for Tuesday are not understood.")
    expect(page.locator("#hours-tue")).to_be_focused()
    page.fill("#hours-tue", "00:00-24:00")
    # A form sent empty: each bad field says why, the first one has the focus.
    page.click("#btn-add-device")
    expect(page.locator("#e-d-name")).to_have_text(english["field_required"])
    expect(page.locator("#d-name")).to_be_focused()
    page.click("details:has(#service-form) > summary")
    page.click("#btn-add-service")
    expect(page.locator("#e-s-prefix")).to_have_text(english["prefix_invalid"])
    expect(page.locator("#e-s-avg")).to_have_text(english["number_positive"])
    expect(page.locator("#service-form .field-error")).to_have_count(4)  # code, name, prefix, avg
    expect(page.locator("#s-code")).to_be_focused()
    assert_accessible(page)

    page.select_option("#d-kind", "display")
    page.fill("#d-name", "Layar Ruang Tunggu")
    page.click("#btn-add-device")
    token_box = page.locator("#device-token-box")
    expect(token_box).to_be_visible()
    token = page.locator("#device-token").inner_text()
    assert len(token) >= 20
    expect(page.locator("#device-setup-url")).to_have_text(f"{base}/display/setup?token={token}")
    expect(page.locator("#device-table tbody")).to_contain_text("Layar Ruang Tunggu")
    expect(page.locator("#e-d-name")).to_have_count(0)  # the good one clears the form's errors
    expect(page.locator("#d-name")).not_to_have_attribute("aria-invalid", "true")
    token_box.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT, full_page=True)

    # The page's arithmetic is the server's, exact where floats are not (29 % of 100 is 29).
    for area, distancing, seats, pct, share in (
        ("100", "1", "200", "29", "0.1"),
        ("10", "1.1", "40", "70", "0.35"),
        ("45", "1.5", "12", "100", "0"),
    ):
        expected = office_capacity(
            Protocol(float(area), int(seats), float(distancing), float(pct), float(share))
        )
        for field, value in zip(
            ("#p-area", "#p-distancing", "#p-seats", "#p-pct", "#p-share"),
            (area, distancing, seats, pct, share),
            strict=True,
        ):
            page.fill(field, value)
        expect(page.locator("#live-max-occupancy")).to_have_text(str(expected.max_occupancy))
        expect(page.locator("#live-slot-capacity")).to_have_text(str(expected.slot_capacity))

    # The messages are in the page's language.
    page.goto(f"{base}/staff/admin/{SLUG}?lang=id")
    page.click("#btn-add-staff")
    expect(page.locator("#e-u-username")).to_have_text(all_texts("id")["field_required"])
    expect(page.locator("#u-username")).to_be_focused()
    page.goto(f"{base}/staff/admin/{SLUG}?lang=en")

    # The token is shown once: a fresh page lists the device but never its token.
    page.reload()
    expect(page.locator("#device-table tbody")).to_contain_text("Layar Ruang Tunggu")
    expect(page.locator("#device-token-box")).to_be_hidden()
    assert token not in page.content()

    # The dashboard follows the office live (the public board's Socket.IO feed), not by polling.
    page.click("#nav-dashboard")
    expect(page.locator("#dash-limit")).to_have_text("10")
    expect(page.locator("#dash-live")).to_have_text("Live")
    expect(page.locator("#dash-waiting-total")).to_have_text("0")
    expect(page.locator("#dash-slots svg").first).to_be_visible()
    walk_in(base, kiosk_token)
    expect(page.locator("#dash-waiting-total")).to_have_text("1", timeout=10_000)
    expect(page.locator("#dash-present")).to_have_text("1")
    assert_accessible(page)

    page.click("#nav-reports")
    expect(page.locator("#daily-chart svg").first).to_be_visible()
    expect(page.locator("#daily-chart")).to_contain_text("Walk-ins")
    # Minutes get a chart of their own: a bar of people beside them would share their scale.
    times = page.locator("#daily-chart figure").nth(1)
    expect(times.locator("figcaption")).to_have_text("Average times (minutes)")
    expect(times).not_to_contain_text("Peak occupancy")
    expect(page.locator("#daily-chart figure").first).to_contain_text("Peak occupancy")
    # Each service by its name, never its code ("ktp").
    expect(page.locator("#daily-services tbody td").first).to_have_text("KTP-el")
    page.fill("#period-from", "2030-01-02")
    page.fill("#period-to", "2030-01-01")
    page.click("#btn-period")
    expect(page.locator("#e-period-to")).to_contain_text("'to' may not be before 'from'")
    expect(page.locator("#period-to")).to_be_focused()
    with page.expect_download() as download:
        page.click("#btn-daily-csv")
    assert download.value.suggested_filename.startswith(f"{SLUG}-")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "walk_ins" in csv_text.splitlines()[0]
    serve_and_survey(live_app)
    page.click("#btn-ikm")
    # All 4s: IKM 100, grade A, named in the page's language.
    expect(page.locator("#ikm-summary")).to_contain_text("IKM 100.00 — grade A (Very good)")
    # The nine elements by their names in PermenPANRB 14/2017 (not u1 … u9), in order.
    expect(page.locator("#ikm-elements li").first).to_have_text("Requirements: 4.00")
    expect(page.locator("#ikm-elements li")).to_have_count(9)
    expect(page.locator("#ikm-chart")).not_to_contain_text("(u1)")
    assert_accessible(page)
    # In Indonesian the numbers take a decimal comma.
    page.goto(page.url.split("?")[0] + "?lang=id")
    page.click("#btn-ikm")
    expect(page.locator("#ikm-summary")).to_contain_text("IKM 100,00 — mutu A")
    expect(page.locator("#ikm-elements li").first).to_contain_text(": 4,00")
    assert errors == []
    context.close()
