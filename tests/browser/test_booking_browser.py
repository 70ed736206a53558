"""A citizen books through the pages in real Chromium on a phone-sized screen, on the real clock."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.conftest import ALWAYS_OPEN, make_nik, office_body

SLUG = "kantor-24-jam"
PHONE = {"width": 360, "height": 740}
SCREENSHOT = "/tmp/antrean-booking-confirmation.png"


def admin_headers(live_app: Any, base: str) -> dict[str, str]:
    from app.services import staff
    from app.signals import commit

    with live_app.app_context():
        staff.create_staff("browser-admin", "password-123", "admin", None)
        commit()
    answer = requests.post(
        f"{base}/api/v1/auth/token",
        json={"username": "browser-admin", "password": "password-123"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def create_office_open_round_the_clock(live_app: Any, base: str) -> None:
    headers = admin_headers(live_app, base)
    calls = [
        ("/offices", office_body(slug=SLUG, name="Kantor 24 Jam", weekly_hours=ALWAYS_OPEN,
                                 address="Jl. Merdeka No. 1", observe_national_holidays=False)),
        (f"/offices/{SLUG}/services", {"code": "ktp", "name": "KTP-el", "prefix": "A",
                                       "avg_service_minutes": 10,
                                       "requirements": ["Kartu Keluarga asli"]}),
        (f"/offices/{SLUG}/counters", {"name": "Loket 1", "services": ["ktp"]}),
    ]  # fmt: skip
    for path, body in calls:
        answer = requests.post(f"{base}/api/v1{path}", json=body, headers=headers, timeout=10)
        assert answer.status_code == 201, answer.text


@pytest.mark.browser
def test_a_citizen_books_on_a_phone_and_sees_the_code_and_the_qr(live_app, live_server, browser):
    create_office_open_round_the_clock(live_app, live_server.url)
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="id-ID"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Kantor 24 Jam").click()
    page.get_by_role("link", name="Pesan kunjungan tatap muka").click()
    page.locator("a.choice").first.click()  # the first day with places left
    page.locator("a.choice").first.click()  # its first slot with places left
    page.get_by_label("Nama lengkap").fill("Siti Rahayu")
    page.get_by_label("NIK").fill(make_nik())
    page.get_by_label("Nomor HP").fill("0812 3456 7890")
    page.get_by_label("Jumlah pendamping").select_option("1")
    page.get_by_label("Lansia").check()
    page.get_by_label("Saya menyetujui").check()
    page.get_by_role("button", name="Pesan sekarang").click()

    page.wait_for_url("**/b/*?token=*")
    code = page.locator("#booking-code").inner_text()
    assert len(code) >= 6 and code.isalnum()
    assert "Pemesanan berhasil" in page.locator("#notice").inner_text()
    page.wait_for_function(
        "() => { const img = document.getElementById('qr');"
        " return img.complete && img.naturalWidth > 0; }",
        timeout=10_000,
    )
    page.screenshot(path=SCREENSHOT, full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page must not scroll sideways on a phone"
    context.close()
