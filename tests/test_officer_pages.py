"""The staff sign-in page and the officer console (Flask test client)."""

from __future__ import annotations

import pytest

from tests.test_catalogues import all_texts
from tests.test_kiosk_pages import assert_no_inline_code

CONSOLE_IDS = (
    "counter-select",
    "counter-status",
    "btn-open-counter",
    "btn-close-counter",
    "current-number",
    "btn-call-next",
    "btn-recall",
    "btn-start",
    "btn-complete",
    "btn-no-show",
    "transfer-service",
    "btn-transfer",
    "queue-waiting",
    "queue-called",
    "queue-occupancy",
    "console-error",
    "btn-sign-out",
    "shortcuts",
)


def test_the_sign_in_page_is_a_form_for_the_token_endpoint(client):
    response = client.get("/staff/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for element in ("login-form", "login-username", "login-password", "btn-sign-in"):
        assert f'id="{element}"' in html
    assert 'type="password"' in html and 'autocomplete="current-password"' in html
    assert 'src="/static/staff.js"' in html
    assert_no_inline_code(html)


def test_the_console_has_every_control_and_lists_its_shortcuts(client):
    response = client.get("/staff/console")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for element in CONSOLE_IDS:
        assert f'id="{element}"' in html, element
    for key in ("call_next", "recall", "start", "complete", "no_show", "transfer"):
        assert all_texts("id")[f"staff_key_{key}"] in html
    assert "Spasi / Enter: panggil berikutnya" in html
    assert_no_inline_code(html)


@pytest.mark.parametrize("path", ["/staff/login", "/staff/console"])
def test_staff_pages_set_no_cookie_and_are_not_cached(client, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_console_opens_in_english_on_request(client):
    english = client.get("/staff/console?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "Counter console" in english and "Space / Enter: call next" in english
    indonesian = client.get("/staff/console").get_data(as_text=True)
    assert "Konsol petugas loket" in indonesian


def test_every_staff_text_exists_in_both_languages():
    indonesian, english = all_texts("id"), all_texts("en")
    for key in (key for key in indonesian if key.startswith("staff_")):
        assert indonesian[key].strip() and english[key].strip(), key


@pytest.mark.parametrize("path", ["staff.js", "staff.css"])
def test_the_staff_static_files_are_served(client, path):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert len(body) > 500


def test_the_console_script_speaks_the_contract(client):
    script = client.get("/static/staff.js").get_data(as_text=True)
    for path in (
        '"/auth/token"',
        '"/call-next"',
        '"/counters"',
        '"/queue"',
        '"/transfer"',
        '"/open"',
        '"/close"',
    ):
        assert path in script, path
    # The bearer token lives for the browser tab only, never in a cookie.
    assert "sessionStorage" in script and "document.cookie" not in script
