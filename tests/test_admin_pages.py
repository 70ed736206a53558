"""The administration, dashboard and report pages: shells rendered for signed-in staff whose
scripts speak the JSON API with the session cookie. They must render in both languages, label
every field, carry no inline code (the CSP allows only our own script files) and reach every
script and stylesheet they name. (Who may open which page: tests/test_role_matrix.py.)"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import Api
from tests.staff_login import create_account, signed_in_client
from tests.test_catalogues import all_texts

SLUG = "dukcapil-test"
PAGES = {
    "/staff/admin": "admin-offices",
    f"/staff/admin/{SLUG}": "admin-office",
    f"/staff/dashboard/{SLUG}": "admin-dashboard",
    f"/staff/reports/{SLUG}": "admin-reports",
}
STATIC = Path(__file__).resolve().parents[1] / "app" / "static"
TEMPLATES = Path(__file__).resolve().parents[1] / "app" / "templates" / "admin"


class Page(HTMLParser):
    """Collects what the checks need: ids, labels, fields, scripts, styles and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.fields: list[dict[str, Any]] = []
        self.scripts: list[dict[str, Any]] = []
        self.stylesheets: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.body: dict[str, Any] = {}
        self.inline_code: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes += list(values.items())
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "label" and "for" in values:
            self.label_for.add(values["for"])
        if tag in ("input", "select", "textarea"):
            self.fields.append(values)
        if tag == "script":
            self.scripts.append(values)
            self._in_script = True
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values["href"])
        if tag == "body":
            self.body = values

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_code.append(data)


@pytest.fixture
def admin_client(app: Any, api: Api) -> FlaskClient:
    """An admin signed in through the sign-in form, and the office the pages show."""
    api.setup_office(SLUG)
    create_account(app, "admin-pages", "admin")
    return signed_in_client(app, "admin-pages")


def parsed(client: FlaskClient, url: str) -> Page:
    answer = client.get(url)
    assert answer.status_code == 200, url
    assert answer.headers["Cache-Control"] == "no-store"
    page = Page()
    page.feed(answer.get_data(as_text=True))
    return page


@pytest.mark.parametrize("url", sorted(PAGES))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_renders_with_its_body_id_and_labelled_fields(
    admin_client: FlaskClient, url: str, lang: str
) -> None:
    page = parsed(admin_client, f"{url}?lang={lang}")
    assert page.body["id"] == PAGES[url]
    for field in (f for f in page.fields if f.get("type") != "hidden"):
        labelled = field.get("id") in page.label_for or field.get("aria-label")
        assert labelled, f"{url}: a field without a label: {field}"
    assert {"page-error", "btn-sign-out"} <= page.ids


@pytest.mark.parametrize("url", sorted(PAGES))
def test_no_inline_scripts_handlers_or_javascript_urls(admin_client: FlaskClient, url: str) -> None:
    page = parsed(admin_client, url)
    assert page.inline_code == []
    assert all(script.get("src") for script in page.scripts)
    handlers = [name for name, _ in page.attributes if name.startswith("on")]
    assert handlers == []
    assert not [v for _, v in page.attributes if v.strip().lower().startswith("javascript:")]


@pytest.mark.parametrize("url", sorted(PAGES))
def test_every_script_and_stylesheet_a_page_names_is_served(
    admin_client: FlaskClient, url: str
) -> None:
    page = parsed(admin_client, url)
    sources = [script["src"] for script in page.scripts] + page.stylesheets
    assert any(s.endswith("/admin.js") for s in sources)
    assert any(s.endswith("/admin.css") for s in sources)
    for source in sources:
        answer = admin_client.get(source)
        assert answer.status_code == 200, source
        assert answer.mimetype in ("text/javascript", "application/javascript", "text/css")


def test_the_office_page_has_every_section_the_supervisor_needs(admin_client: FlaskClient) -> None:
    page = parsed(admin_client, f"/staff/admin/{SLUG}")
    expected = {
        "protocol-form", "p-area", "p-distancing", "p-seats", "p-pct", "p-share", "p-level",
        "capacity-explanation", "live-max-occupancy", "live-slot-capacity",
        "server-max-occupancy", "server-slot-capacity", "protocol-bookings", "hours-form",
        "hours-mon", "hours-sun", "closure-form", "holiday-list", "service-form",
        "counter-form", "device-form", "device-token", "device-setup-url", "staff-form",
    }  # fmt: skip
    assert expected <= page.ids
    dashboard = parsed(admin_client, f"/staff/dashboard/{SLUG}")
    assert {"dash-present", "dash-limit", "dash-waiting", "dash-avg-wait", "dash-slots"} <= (
        dashboard.ids
    )
    assert "/display/static/vendor/socket.io-4.8.4.min.js" in [s["src"] for s in dashboard.scripts]
    reports = parsed(admin_client, f"/staff/reports/{SLUG}")
    assert {"daily-form", "btn-daily-csv", "period-form", "ikm-form", "trace-form"} <= reports.ids


@pytest.mark.parametrize("url", [f"/staff/admin/{SLUG}", f"/staff/reports/{SLUG}"])
def test_every_form_field_has_its_label_then_itself_in_a_field_box(
    admin_client: FlaskClient, url: str
) -> None:
    """The scripts put the API's message for a refused value (a 422's `fields`) between the
    field's label and the field, as the citizen pages show theirs: never inside the label,
    which names the field alone."""
    html = admin_client.get(url).get_data(as_text=True)
    page = Page()
    page.feed(html)
    boxed = [
        field["id"]
        for field in page.fields
        if field.get("type") not in ("hidden", "checkbox") and not field["id"].startswith("hours-")
    ]
    assert len(boxed) >= (24 if "/admin/" in url else 7)
    for field_id in boxed:
        box = rf'<div class="field"><label for="{field_id}">[^<]+</label>\s*<\w+ id="{field_id}"'
        assert re.search(box, html), field_id


def test_the_pages_speak_indonesian_first_and_english_on_request(admin_client: FlaskClient) -> None:
    indonesian = admin_client.get(f"/staff/admin/{SLUG}").get_data(as_text=True)
    english = admin_client.get(f"/staff/admin/{SLUG}?lang=en").get_data(as_text=True)
    assert '<html lang="id">' in indonesian and "Protokol kesehatan" in indonesian
    assert '<html lang="en">' in english and "Health protocol" in english
    heading = re.compile(r'<h2 id="protocol-heading">([^<]+)</h2>')
    assert heading.findall(indonesian) == ["Protokol kesehatan"]
    assert heading.findall(english) == ["Health protocol"]
    reports = admin_client.get(f"/staff/reports/{SLUG}").get_data(as_text=True)
    assert "log audit" in reports  # the contact-trace form says every query is recorded


def test_the_browser_gets_every_text_in_both_languages(admin_client: FlaskClient) -> None:
    page = parsed(admin_client, f"/staff/admin/{SLUG}")
    texts = json.loads(page.body["data-texts"])
    assert texts["id"]["admin_save_protocol"] == "Simpan protokol"
    assert texts["en"]["admin_save_protocol"] == "Save protocol"
    assert "staff_sign_out" in texts["en"]  # the shared staff texts come along


def test_every_text_key_the_templates_and_scripts_use_exists_in_both_languages() -> None:
    indonesian, english = all_texts("id"), all_texts("en")
    for key in (key for key in indonesian if key.startswith("admin_")):
        assert indonesian[key].strip() and english[key].strip(), key
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t\('([a-z_]+)'\)", template.read_text()))
    for script in STATIC.glob("admin*.js"):
        used |= set(re.findall(r"\bt\(\"([a-z_]*[a-z])\"", script.read_text()))
    assert len(used) > 60
    missing = sorted(key for key in used if key not in indonesian)
    assert missing == []
    for key in used:
        assert indonesian[key] and english[key], key


def test_the_texts_the_scripts_build_from_api_values_exist() -> None:
    families = {
        "admin_day_": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "admin_kind_": ["kiosk", "display"],
        "admin_outcome_": ["kept", "moved", "flagged"],
        "admin_fig_": [
            "bookings", "check_ins", "walk_ins", "served", "no_shows", "cancellations",
            "average_wait_minutes", "average_service_minutes", "peak_occupancy",
        ],
    }  # fmt: skip
    known = all_texts("id")
    for prefix, names in families.items():
        for name in names:
            assert prefix + name in known


def test_the_holidays_of_the_next_sixty_days_are_public_facts(
    client: FlaskClient, api: Api
) -> None:
    api.setup_office(SLUG)
    answer = client.get(f"/staff/admin/{SLUG}/holidays.json")
    assert answer.status_code == 200
    body = answer.get_json()
    # Pinned clock: Monday 7 December 2026 in Jakarta; 60 days reach 5 February 2027.
    assert (body["from"], body["to"]) == ("2026-12-07", "2027-02-05")
    days = [holiday["date"] for holiday in body["holidays"]]
    assert "2026-12-25" in days and "2027-01-01" in days
    assert days == sorted(days) and all("2026-12-07" <= d <= "2027-02-05" for d in days)
    assert body["observed"] is True
    assert client.get("/staff/admin/no-such-office/holidays.json").status_code == 404
