"""Security properties that cut across the app: headers, signed QR codes, key rotation."""

from __future__ import annotations

import base64

from app.services.tokens import read_qr, sign_qr
from tests.conftest import make_app


def test_every_response_has_the_security_headers(client):
    for path in ("/api/v1/offices", "/api/v1/nothing-here", "/nothing-here"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_hsts_only_over_https_and_a_header_of_the_page_is_not_doubled(client):
    plain = client.get("/api/v1/offices")
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/api/v1/offices", base_url="https://antrean.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    page = client.get("/favicon.ico")
    assert page.headers.getlist("Content-Security-Policy") == [
        plain.headers["Content-Security-Policy"]
    ]


def test_an_answer_to_a_url_with_a_token_is_not_stored(client):
    refused = client.get("/api/v1/bookings/NOSUCH99/calendar.ics?token=secret")
    assert refused.status_code in (401, 404)
    assert refused.headers["Cache-Control"] == "private, no-store"
    public = client.get("/api/v1/offices")
    assert "no-store" not in public.headers.get("Cache-Control", "")


def test_a_security_header_set_by_the_app_itself_wins():
    from app.security_headers import SecurityHeaders

    def inner(_environ, start_response):
        start_response("200 OK", [("Referrer-Policy", "same-origin")])
        return [b""]

    seen = {}

    def start_response(_status, headers, _exc_info=None):
        seen["headers"] = headers

    SecurityHeaders(inner)({"wsgi.url_scheme": "http"}, start_response)
    names = [name for name, _ in seen["headers"]]
    assert (
        names.count("Referrer-Policy") == 1
        and ("Referrer-Policy", "same-origin") in seen["headers"]
    )
    assert "X-Frame-Options" in names and "Strict-Transport-Security" not in names


def test_unknown_api_path_answers_in_the_contract_shape(client):
    response = client.get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    wrong_method = client.delete("/api/v1/offices")
    assert wrong_method.status_code == 405
    assert wrong_method.get_json()["error"]["code"] == "method_not_allowed"


def test_qr_payload_is_signed_short_and_cannot_be_forged(app):
    with app.app_context():
        payload = sign_qr("ABCD2345")
        assert read_qr(payload) == "ABCD2345"
        assert len(payload) < 60
        encoded, _, signature = payload.rpartition(".")
        other = base64.urlsafe_b64encode(b'"ABCD2346"').decode().rstrip("=")
        assert read_qr(f"{other}.{signature}") is None
        assert read_qr(f"{encoded}.{signature[::-1]}") is None
        assert read_qr("") is None and read_qr("x" * 500) is None


def test_the_qr_key_can_be_rotated_without_invalidating_issued_codes(tmp_path):
    database = f"sqlite:///{tmp_path / 'rotation.sqlite3'}"
    old_app = make_app(database, None, SECRET_KEY="old-key")
    with old_app.app_context():
        issued = sign_qr("ROTATE23")
    rotated = make_app(database, None, SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=["old-key"])
    with rotated.app_context():
        assert read_qr(issued) == "ROTATE23"
        assert read_qr(sign_qr("NEWCODE2")) == "NEWCODE2"
    forgotten = make_app(database, None, SECRET_KEY="new-key")
    with forgotten.app_context():
        assert read_qr(issued) is None


def test_a_qr_signature_is_bound_to_its_purpose(app):
    from itsdangerous import URLSafeSerializer

    with app.app_context():
        other_purpose = URLSafeSerializer(app.config["SECRET_KEY"], salt="something-else")
        assert read_qr(other_purpose.dumps("ABCD2345")) is None


def test_sign_in_is_rate_limited(tmp_path):
    from tests.conftest import create_schema

    app = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        None,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGNIN="3 per minute",
    )
    create_schema(app)
    client = app.test_client()
    answers = [
        client.post("/api/v1/auth/token", json={"username": "x", "password": "wrong"})
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[-1].get_json()["error"]["code"] == "rate_limited"


def test_the_form_session_cookie_is_http_only_same_site_and_secure_behind_https(app, api):
    api.setup_office()
    app.config["SESSION_COOKIE_SECURE"] = True
    form = app.test_client().get("/o/dukcapil-test/ktp/2026-12-08/book?time=0800")
    assert form.status_code == 200
    session_cookie = next(c for c in form.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
    assert "Secure" in session_cookie


def test_cookies_are_secure_whenever_the_public_address_is_https():
    import subprocess
    import sys
    from pathlib import Path

    derived = subprocess.run(
        [sys.executable, "-c", "import config; print(config.Config.SESSION_COOKIE_SECURE)"],
        env={"ANTREAN_PUBLIC_BASE_URL": "https://antrean.example.go.id"},
        capture_output=True,
        text=True,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    assert derived.stdout.strip() == "True", derived.stderr
