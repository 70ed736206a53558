"""The kiosk page, its one-time set-up link and its ticket printer (Flask test client, and a
real TCP listener standing in for a network ESC/POS printer)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time

import pytest

from kiosk import print as ticket_printer
from tests.test_catalogues import all_texts, texts

SLUG = "dukcapil-test"
SCREENS = (
    "not-set-up",
    "start",
    "camera",
    "walk-in",
    "health",
    "working",
    "ticket",
    "error",
    "assist",
    "slip",
)
KIOSK_SCRIPTS = ("kiosk-core.js", "kiosk-scan.js", "kiosk-assist.js", "kiosk.js")


def assert_no_inline_code(html: str) -> None:
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "inline script"
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), "inline event handler"
    assert "javascript:" not in html


def register_device(api, kind: str = "kiosk") -> dict:
    response = api.call("POST", f"/offices/{SLUG}/devices", json={"kind": kind, "name": "K1"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def office(api):
    return api.setup_office(SLUG)


def test_the_kiosk_page_has_every_screen_the_scanner_field_and_its_scripts(client):
    response = client.get("/kiosk")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for screen in SCREENS:
        assert f'id="screen-{screen}"' in html
    assert re.search(r'<input id="scan-input"[^>]*autocomplete="off"', html)
    for element in ("btn-camera", "btn-walk-in", "btn-assist", "btn-lang", "camera-video"):
        assert f'id="{element}"' in html
    for element in ("temperature", "health-form", "ticket-number", "btn-print", "print-area"):
        assert f'id="{element}"' in html
    for symptom in ("fever", "cough", "sore_throat", "shortness_of_breath", "loss_of_smell"):
        assert f'id="symptom-{symptom}-no"' in html
    for script in KIOSK_SCRIPTS + ("vendor/jsqr/jsQR.js",):
        assert f'src="/kiosk/static/{script}"' in html
    assert_no_inline_code(html)


def test_the_kiosk_page_carries_both_languages_and_opens_in_the_requested_one(client):
    indonesian = client.get("/kiosk").get_data(as_text=True)
    english = client.get("/kiosk", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Selamat datang" in indonesian and '<html lang="id">' in indonesian
    assert ">Welcome<" in english and '<html lang="en">' in english
    # The toggle needs no round trip: both catalogues are in the page.
    assert "Nomor antrean Anda" in english and "Your queue number" in indonesian


def test_the_kiosk_page_carries_the_refusals_it_says_again_in_the_other_language(client):
    html = client.get("/kiosk").get_data(as_text=True)
    carried = json.loads(re.search(r"data-texts='([^']*)'", html).group(1))
    for lang in ("id", "en"):
        every = all_texts(lang)
        for code in ("qr_invalid", "booking_cancelled", "health_screening_failed_walk_in"):
            assert carried[lang][code] == every[code]
        # A refusal with the server's own numbers in it is asked again, not carried.
        assert "too_early" not in carried[lang]
        assert carried[lang]["kiosk_welcome"] == every["kiosk_welcome"]


def test_every_kiosk_text_exists_in_indonesian_and_english():
    indonesian, english = texts("kiosk", "id"), texts("kiosk", "en")
    page_keys = [key for key in indonesian if key.startswith("kiosk_")]
    for key in page_keys:
        assert indonesian[key].strip() and english[key].strip(), key
    translated = [key for key in page_keys if indonesian[key] != english[key]]
    assert len(translated) > 0.9 * len(page_keys)


@pytest.mark.parametrize(
    "path", KIOSK_SCRIPTS + ("kiosk-setup.js", "kiosk.css", "vendor/jsqr/jsQR.js")
)
def test_the_kiosk_static_files_are_served(client, path):
    response = client.get(f"/kiosk/static/{path}")
    assert response.status_code == 200
    kind = "text/css" if path.endswith(".css") else "javascript"
    assert kind in response.content_type


def test_the_vendored_qr_reader_is_pinned_with_its_licence(client):
    assert "Apache License" in client.get("/kiosk/static/vendor/jsqr/LICENSE").get_data(True)
    assert "jsqr 1.4.0" in client.get("/kiosk/static/vendor/jsqr/VERSION").get_data(True)
    assert "jsQR" in client.get("/kiosk/static/vendor/jsqr/jsQR.js").get_data(True)[:400]


def test_the_print_view_is_sized_for_thermal_paper(client):
    css = client.get("/kiosk/static/kiosk.css").get_data(as_text=True)
    assert "@media print" in css
    assert re.search(r"@page\s*\{\s*size:\s*80mm", css)
    assert re.search(r"@page narrow\s*\{\s*size:\s*58mm", css)


def test_the_setup_link_names_the_office_and_is_never_cached(client, api, office):
    device = register_device(api)
    response = client.get(f"/kiosk/setup?token={device['token']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert f'data-office="{SLUG}"' in html
    assert "Dukcapil Test" in html
    # The page reads the token from its own URL; it is not copied into the HTML.
    assert device["token"] not in html
    assert 'src="/kiosk/static/kiosk-setup.js"' in html
    assert_no_inline_code(html)


@pytest.mark.parametrize("case", ["missing", "garbled", "display", "revoked"])
def test_a_setup_link_without_a_valid_kiosk_token_sets_nothing_up(client, api, office, case):
    token = ""
    if case == "garbled":
        token = "not-a-token"
    elif case in ("display", "revoked"):
        device = register_device(api, "kiosk" if case == "revoked" else "display")
        token = device["token"]
        if case == "revoked":
            assert api.call("DELETE", f"/devices/{device['id']}").status_code == 200
    response = client.get(f"/kiosk/setup?token={token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "data-office" not in html
    assert "Tautan penyiapan ini tidak berlaku" in html


def test_the_print_endpoint_needs_the_kiosk_token(client, office):
    response = client.post("/api/v1/kiosk/print", json={"number": "A-001"})
    assert response.status_code == 401


def test_without_a_printer_configured_nothing_is_printed_and_nothing_fails(client, api, office):
    token = register_device(api)["token"]
    response = client.post(
        "/api/v1/kiosk/print",
        json={"number": "A-001", "service": "KTP-el", "position": 1},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert response.get_json() == {"printed": False}


class FakePrinterPort:
    """A real TCP listener where a network thermal printer would be (port 9100 style)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            while chunk := connection.recv(4096):
                self.received += chunk
        self.server.close()


def test_a_network_printer_receives_the_ticket(client, app, api, office):
    import escpos  # noqa: F401  (a dev dependency: a missing package fails, never skips)

    printer = FakePrinterPort()
    app.config["KIOSK_PRINTER"] = f"tcp://127.0.0.1:{printer.port}"
    token = register_device(api)["token"]
    response = client.post(
        "/api/v1/kiosk/print",
        json={"number": "A-007", "service": "KTP-el", "position": 3, "estimated_wait_minutes": 20},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.get_json() == {"printed": True}
    printer.thread.join(timeout=5)
    assert b"NOMOR ANTREAN" in printer.received
    assert b"A-007" in printer.received
    assert b"Layanan: KTP-el" in printer.received
    assert b"\x1dV" in printer.received  # the paper is cut


def test_a_printer_that_is_off_answers_false_quickly():
    with socket.socket() as probe:  # a port with nobody listening: a printer switched off
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    assert ticket_printer.print_ticket(f"tcp://127.0.0.1:{port}", {"number": "A-001"}) is False
    assert time.monotonic() - started < ticket_printer.CONNECT_TIMEOUT_S + 2


@pytest.mark.parametrize("target", ["", "lpt://1", "usb://zz:01"])
def test_an_unusable_printer_target_prints_nothing(target):
    assert ticket_printer.print_ticket(target, {"number": "A-001"}) is False


def test_the_slip_text_holds_no_personal_data_and_follows_the_language(app):
    ticket = {"number": "B-010", "service": "KK", "position": 2, "estimated_wait_minutes": 15}
    with app.app_context():
        indonesian = ticket_printer.ticket_lines(ticket, "id")
        english = ticket_printer.ticket_lines(ticket, "en")
    assert indonesian == ["Layanan: KK", "Urutan: 2", "~15 menit"]
    assert english == ["Service: KK", "Position: 2", "~15 min"]
