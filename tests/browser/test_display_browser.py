"""The waiting-room screen and the public board in Chromium, against a live server.

speechSynthesis is wrapped (in the page, before our scripts run) to record what the screen says,
so the test can check that a call is spoken once and that a reload does not say it again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_display_namespace import LiveApi

pytestmark = pytest.mark.browser

RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (utterance) => {
    window.__spoken.push(utterance.text);
    speak(utterance);
  };
}
"""
TIMEOUT_MS = 15000


@pytest.fixture
def live(live_server, live_app) -> LiveApi:
    return LiveApi(live_server.url, live_app)


@pytest.fixture
def context(browser: Any) -> Any:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    ctx.add_init_script(RECORD_SPEECH)
    yield ctx
    ctx.close()


def spoken(page: Any) -> list[str]:
    return list(page.evaluate("window.__spoken"))


def test_the_screen_shows_and_speaks_a_call_once(live, live_server, context):
    [counter] = live.setup_office("kantor-a")
    device = live.device("kantor-a")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    # Set-up: the token is kept and leaves the address bar; one tap enables sound.
    page.goto(f"{live_server.url}/display/setup?token={device['token']}")
    assert "token" not in page.url
    page.click("#enable-sound")
    page.wait_for_url(f"{live_server.url}/display")
    page.wait_for_selector("#office-name:has-text('Kantor kantor-a')")
    page.wait_for_selector("#connection[data-state='online']")
    page.wait_for_selector("body[data-version='0']")
    assert page.evaluate("localStorage.getItem('antrean.displayToken')") == device["token"]

    live.walk_in("kantor-a")
    page.wait_for_selector("#waiting li[data-service='ktp'] strong:text-is('1')")
    live.call_next("kantor-a", counter)
    page.wait_for_selector("#now-number:text-is('A-001')")
    assert page.text_content("#now-counter") == "Loket 1"
    assert page.text_content("#now-text") == "Nomor antrean A satu, silakan menuju Loket 1"
    page.wait_for_function("() => window.__spoken.length === 1")
    assert spoken(page) == ["Nomor antrean A satu, silakan menuju Loket satu"]

    # A reload shows the call from the snapshot, and does not announce it again.
    page.reload()
    page.wait_for_selector("#connection[data-state='online']")
    page.wait_for_selector("#now-number:text-is('A-001')")
    version = live.get("/offices/kantor-a/queue")["version"]
    page.wait_for_selector(f"body[data-version='{version}']")
    assert spoken(page) == []
    # A new call is announced, and its recall again.
    live.walk_in("kantor-a")
    second = live.call_next("kantor-a", counter)["ticket"]
    page.wait_for_selector("#now-number:text-is('A-002')")
    live.recall("kantor-a", second["id"])
    page.wait_for_function("() => window.__spoken.length === 2")
    assert spoken(page) == ["Nomor antrean A dua, silakan menuju Loket satu"] * 2


def test_a_screen_without_a_gesture_says_its_sound_is_blocked(live, live_server, context):
    live.setup_office("kantor-a")
    device = live.device("kantor-a")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live_server.url}/display/setup#token={device['token']}")
    fresh = context.new_page()  # no tap on this page
    fresh.set_default_timeout(TIMEOUT_MS)
    fresh.goto(f"{live_server.url}/display")
    fresh.wait_for_selector("#connection[data-state='online']")
    # Headless Chromium keeps audio suspended until a gesture on this page, like a TV's browser.
    fresh.wait_for_selector("body[data-sound='blocked']")
    assert fresh.is_visible("#sound-badge")
    assert "Suara diblokir" in fresh.text_content("#sound-badge")
    fresh.click("main")
    fresh.wait_for_selector("#sound-badge", state="hidden")
    assert fresh.get_attribute("body", "data-sound") == "on"


def test_an_unknown_screen_asks_to_be_set_up(live_server, context):
    page = context.new_page()
    page.goto(f"{live_server.url}/display")
    assert page.is_visible("#setup-needed")
    page.evaluate("localStorage.setItem('antrean.displayToken', 'revoked-or-wrong')")
    page.reload()
    page.wait_for_selector("#refused-message:has-text('dicabut')", timeout=TIMEOUT_MS)


def test_the_public_board_tells_a_citizen_their_position(live, live_server, context):
    [counter] = live.setup_office("kantor-a")
    tickets = [live.walk_in("kantor-a") for _ in range(3)]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live_server.url}/board/kantor-a")
    page.wait_for_selector("#connection[data-state='online']")
    page.fill("#mine-number", "a3")
    page.click("#mine-form button")
    page.wait_for_selector("#mine-result[data-position='3']")
    assert page.get_attribute("#mine-result", "data-minutes") == str(
        live.get("/offices/kantor-a/queue")["waiting"][2]["estimated_wait_minutes"]
    )
    # Live: one call later, the citizen is second, without touching the page.
    live.call_next("kantor-a", counter)
    page.wait_for_selector("#mine-result[data-position='2']")
    page.wait_for_selector(f"#now-number:text-is('{tickets[0]['number']}')")
    live.call_next("kantor-a", counter)
    live.call_next("kantor-a", counter)
    page.wait_for_selector("#mine-result[data-state='called']:has-text('Loket 1')")
