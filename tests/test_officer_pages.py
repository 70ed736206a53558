"""The staff sign-in page and the officer console (Flask test client)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from app.models.booking import PRIORITIES
from tests.staff_login import create_account, signed_in_client
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


@pytest.fixture
def officer(app, api):
    """An officer of a set-up office, signed in through the sign-in form."""
    api.setup_office()
    create_account(app, "officer-pages", "officer", "dukcapil-test")
    return signed_in_client(app, "officer-pages")


def test_the_sign_in_page_is_a_form_that_posts_with_its_csrf_token(client):
    response = client.get("/staff/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for element in ("login-form", "login-username", "login-password", "btn-sign-in"):
        assert f'id="{element}"' in html
    assert 'method="post" action="/staff/login' in html
    assert 'type="hidden" name="csrf_token" value="' in html
    assert 'type="password"' in html and 'autocomplete="current-password"' in html
    assert 'src="/static/staff.js"' in html
    assert_no_inline_code(html)


def test_the_console_has_every_control_and_lists_its_shortcuts(officer):
    response = officer.get("/staff/console")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for element in CONSOLE_IDS:
        assert f'id="{element}"' in html, element
    for key in ("call_next", "recall", "start", "complete", "no_show", "transfer"):
        assert all_texts("id")[f"staff_key_{key}"] in html
    assert "Spasi / Enter: panggil berikutnya" in html
    assert_no_inline_code(html)


def test_the_sign_in_page_sets_only_the_session_cookie(client):
    response = client.get("/staff/login")
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("session=")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]


@pytest.mark.parametrize("path", ["/staff/login", "/staff/console"])
def test_staff_pages_are_not_cached(client, officer, path):
    response = (officer if path == "/staff/console" else client).get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_signed_in_page_leaves_the_cookie_alone(officer):
    assert "Set-Cookie" not in officer.get("/staff/console").headers


def test_the_console_knows_who_is_signed_in_and_gives_its_script_the_csrf_token(officer):
    html = officer.get("/staff/console").get_data(as_text=True)
    assert 'data-staff-role="officer" data-staff-office="dukcapil-test"' in html
    assert '<meta name="csrf-token" content="' in html
    assert 'id="nav-admin"' not in html  # an officer has no administration pages


def test_the_console_opens_in_english_on_request(officer):
    english = officer.get("/staff/console?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "Counter console" in english and "Space / Enter: call next" in english
    indonesian = officer.get("/staff/console").get_data(as_text=True)
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
        '"/call-next"',
        '"/counters"',
        '"/queue"',
        '"/transfer"',
        '"/open"',
        '"/close"',
    ):
        assert path in script, path
    # The session cookie is HttpOnly: the script holds no credential, it only echoes the page's
    # CSRF token on unsafe requests.
    assert '"X-CSRF-Token"' in script
    for credential in ("Authorization", "/auth/token", "document.cookie"):
        assert credential not in script, credential


STAFF_PAGES = (
    "/staff/login",
    "/staff/console",
    "/staff/admin",
    "/staff/admin/dukcapil-test",
    "/staff/dashboard/dukcapil-test",
    "/staff/reports/dukcapil-test",
)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_staff_page_has_one_h1_and_a_skip_link_to_its_content(app, api, client, path):
    """As on the citizen pages: the skip link comes first and leads to <main id="main">."""
    api.setup_office()
    create_account(app, "admin-pages", "admin")
    page = client if path == "/staff/login" else signed_in_client(app, "admin-pages")
    html = page.get(path).get_data(as_text=True)
    body = html[html.index("<body") :]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first_link is not None
    assert first_link.group(0) == (
        f'<a class="skip" href="#main">{all_texts("id")["page_skip"]}</a>'
    )
    assert '<main id="main" tabindex="-1">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1, path
    assert html.index("<h1") > html.index('<main id="main"')


def test_the_console_names_the_priority_groups_as_the_citizen_pages_do(officer):
    html = officer.get("/staff/console").get_data(as_text=True)
    found = re.search(r"data-texts='([^']*)'", html)
    assert found is not None
    texts = json.loads(unescape(found.group(1)))
    for lang in ("id", "en"):
        for group in PRIORITIES:
            key = f"priority_{group}"
            assert texts[lang][key] == all_texts(lang)[key], (lang, key)


def test_a_staff_page_refused_leads_back_to_the_staff_pages_not_the_citizens(officer):
    response = officer.get("/staff/admin", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert 'href="/staff/login"' in html and all_texts("en")["page_back_staff_home"] in html
    assert all_texts("en")["page_back_home"] not in html
